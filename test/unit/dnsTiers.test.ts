/**
 * missing-dns-egress and dns-tcp-missing with the cluster admin's tiers, for both API versions
 * (ClusterNetworkPolicy v1alpha2, AdminNetworkPolicy / BaselineAdminNetworkPolicy v1alpha1): an
 * Admin Accept of DNS makes the rules quiet, an Admin Deny (first for it) is a true finding that
 * names the rule and offers no NetworkPolicy fix, a Pass hands DNS back to NetworkPolicy, a
 * Baseline Accept does not help pods a NetworkPolicy isolates, a Baseline Deny without egress
 * isolation is not theirs to report; and a workspace where the cluster policy is in another file.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { ALLOW_DNS, DENY_ALL, findings, policy, yaml } from '../helpers';

type Version = 'v1alpha2' | 'v1alpha1';
type Action = 'Accept' | 'Deny' | 'Pass';
interface Rule {
  name: string;
  action: Action;
  /** A peer in flow YAML. */
  to: string;
  /** Protocols on port 53. */
  protocols: ('UDP' | 'TCP')[];
}

const DNS_PODS = '{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}';
const ALL_NAMESPACES = '{namespaces: {}}';

/** A cluster policy of the tier in the API version's own spelling (v1alpha1: Allow, ports, the Baseline singleton). */
function tierPolicy(version: Version, tier: 'Admin' | 'Baseline', name: string, priority: number, rules: Rule[], subject = ALL_NAMESPACES): string {
  const lines: string[] = [];
  if (version === 'v1alpha2') {
    lines.push(
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      `metadata: {name: ${name}}`,
      'spec:',
      `  tier: ${tier}`,
      `  priority: ${priority}`,
    );
  } else {
    const kind = tier === 'Admin' ? 'AdminNetworkPolicy' : 'BaselineAdminNetworkPolicy';
    lines.push('apiVersion: policy.networking.k8s.io/v1alpha1', `kind: ${kind}`, `metadata: {name: ${tier === 'Admin' ? name : 'default'}}`, 'spec:');
    if (tier === 'Admin') lines.push(`  priority: ${priority}`);
  }
  lines.push(`  subject: ${subject}`, '  egress:');
  for (const r of rules) {
    const action = version === 'v1alpha1' && r.action === 'Accept' ? 'Allow' : r.action;
    lines.push(`    - name: ${r.name}`, `      action: ${action}`, `      to: [${r.to}]`);
    if (r.protocols.length > 0) {
      const items = r.protocols.map((p) =>
        version === 'v1alpha2' ? `{${p.toLowerCase()}: {destinationPort: {number: 53}}}` : `{portNumber: {protocol: ${p}, port: 53}}`,
      );
      lines.push(`      ${version === 'v1alpha2' ? 'protocols' : 'ports'}: [${items.join(', ')}]`);
    }
  }
  return yaml(...lines);
}

/** The name the finding uses for the policy: v1alpha1's Baseline is the singleton `default`. */
const named = (version: Version, tier: 'Admin' | 'Baseline', name: string) => (version === 'v1alpha1' && tier === 'Baseline' ? 'default' : name);

const docs = (...d: string[]) => d.join('---\n');
const MISSING = 'missing-dns-egress';
const TCP = 'dns-tcp-missing';
const UDP_ONLY = policy(
  [
    'podSelector: {}',
    'policyTypes: [Egress]',
    'egress:',
    `  - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]`,
    '    ports: [{protocol: UDP, port: 53}]',
  ],
  'dns-udp',
);
const WEB_EGRESS = policy(['podSelector: {matchLabels: {app: web}}', 'policyTypes: [Egress]'], 'web-egress');

for (const version of ['v1alpha2', 'v1alpha1'] as const) {
  const accept = (protocols: ('UDP' | 'TCP')[] = ['UDP', 'TCP'], name = 'dns-guard', priority = 10) =>
    tierPolicy(version, 'Admin', name, priority, [{ name: 'allow-dns', action: 'Accept', to: DNS_PODS, protocols }]);
  const deny = (protocols: ('UDP' | 'TCP')[] = ['UDP', 'TCP'], subject = ALL_NAMESPACES, name = 'guard', priority = 10) =>
    tierPolicy(version, 'Admin', name, priority, [{ name: 'deny-dns', action: 'Deny', to: DNS_PODS, protocols }], subject);

  describe(`DNS rules and the Admin tier (${version})`, () => {
    it('an Admin Accept of DNS for every namespace: no missing-dns-egress under a default deny (without it: one)', () => {
      assert.equal(findings(DENY_ALL, MISSING).length, 1);
      const text = docs(DENY_ALL, accept());
      assert.deepEqual(findings(text, MISSING), []);
      assert.deepEqual(findings(text, TCP), []);
    });

    it('an Admin Deny of DNS blocks it even though a NetworkPolicy allows it: a true finding naming the rule, no fix', () => {
      assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS), MISSING), []);
      const f = findings(docs(DENY_ALL, ALLOW_DNS, deny()), MISSING);
      assert.equal(f.length, 2, 'both policies isolate the pods for egress');
      for (const x of f) {
        assert.match(x.message, /\[Admin\] guard rule deny-dns: Deny blocks UDP 53 to kube-system pods k8s-app=kube-dns/);
        assert.match(x.message, /no NetworkPolicy can allow it/);
        assert.deepEqual(x.fixes ?? [], [], 'a NetworkPolicy fix cannot work');
      }
    });

    it('an Admin Accept before the Deny decides first: no finding; a Deny before the Accept: a finding', () => {
      assert.deepEqual(findings(docs(DENY_ALL, accept(['UDP', 'TCP'], 'first', 1), deny()), MISSING), []);
      const f = findings(docs(DENY_ALL, accept(['UDP', 'TCP'], 'later', 20), deny()), MISSING);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /guard rule deny-dns: Deny/);
    });

    it('a Pass of DNS before the Deny skips the Admin tier: NetworkPolicy decides (allowed: quiet; not allowed: reported as without tiers)', () => {
      const pass = tierPolicy(version, 'Admin', 'pass-dns', 1, [{ name: 'pass-dns', action: 'Pass', to: DNS_PODS, protocols: ['UDP', 'TCP'] }]);
      assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS, pass, deny()), MISSING), []);
      const f = findings(docs(DENY_ALL, pass, deny()), MISSING);
      assert.equal(f.length, 1);
      assert.doesNotMatch(f[0].message, /\[Admin\]/);
      assert.ok((f[0].fixes?.length ?? 0) > 0, 'a NetworkPolicy fix works after a Pass');
    });

    it('a Deny of every address (networks 0.0.0.0/0) catches the DNS pods too', () => {
      const all = tierPolicy(version, 'Admin', 'egress-lock', 3, [{ name: 'deny-all', action: 'Deny', to: '{networks: [0.0.0.0/0]}', protocols: [] }]);
      const f = findings(docs(DENY_ALL, ALLOW_DNS, all), MISSING);
      assert.equal(f.length, 2);
      assert.match(f[0].message, /\[Admin\] egress-lock rule deny-all: Deny/);
    });

    it('a Deny whose subject selects only some of the policy’s pods decides nothing for all of them; one that selects them all does', () => {
      const webOnly = deny(['UDP', 'TCP'], '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: web}}}}');
      assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS, webOnly), MISSING), [], 'podSelector {} covers more than app=web');
      const f = findings(docs(WEB_EGRESS, ALLOW_DNS, webOnly), MISSING);
      assert.equal(f.length, 1, 'the web policy: every pod it selects is denied DNS');
      assert.match(f[0].message, /guard rule deny-dns/);
    });

    it('a namespaces subject matches by the Namespace manifest’s labels', () => {
      const tenants = deny(['UDP', 'TCP'], '{namespaces: {matchLabels: {tenant: a}}}');
      const ns = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a', '  labels: {tenant: a}');
      assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS, tenants), MISSING), [], 'tenant-a has no tenant label without its manifest');
      assert.equal(findings(docs(ns, DENY_ALL, ALLOW_DNS, tenants), MISSING).length, 2);
    });

    it('dns-tcp-missing: an Admin Accept of TCP completes a UDP-only NetworkPolicy; an Admin Deny of TCP is reported with the rule', () => {
      assert.equal(findings(UDP_ONLY, TCP).length, 1);
      assert.deepEqual(findings(docs(UDP_ONLY, accept(['TCP'])), TCP), []);
      const f = findings(docs(DENY_ALL, ALLOW_DNS, deny(['TCP'])), TCP);
      assert.equal(f.length, 2);
      assert.match(f[0].message, /No DNS over TCP: \[Admin\] guard rule deny-dns: Deny blocks TCP 53/);
      assert.deepEqual(f[0].fixes ?? [], []);
      assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS, deny(['TCP'])), MISSING), [], 'UDP still works');
    });

    it('dns-tcp-missing: UDP accepted by an Admin rule, TCP allowed by nothing', () => {
      const text = docs(DENY_ALL, accept(['UDP']));
      assert.deepEqual(findings(text, MISSING), []);
      const f = findings(text, TCP);
      assert.equal(f.length, 1);
      assert.match(f[0].message, /accepted by \[Admin\] dns-guard rule allow-dns: Accept/);
    });
  });

  describe(`DNS rules and the Baseline tier (${version})`, () => {
    it('a Baseline Accept of DNS does not help pods a NetworkPolicy isolates for egress: still reported, and the message says why', () => {
      const base = tierPolicy(version, 'Baseline', 'base-dns', 10, [{ name: 'allow-dns', action: 'Accept', to: DNS_PODS, protocols: ['UDP', 'TCP'] }]);
      const f = findings(docs(DENY_ALL, base), MISSING);
      assert.equal(f.length, 1);
      assert.match(f[0].message, new RegExp(`\\[Baseline\\] ${named(version, 'Baseline', 'base-dns')} rule allow-dns: Accept does not help`));
      assert.ok((f[0].fixes?.length ?? 0) > 0, 'a NetworkPolicy fix does help');
    });

    it('a Baseline Deny of DNS where no NetworkPolicy isolates egress is not reported by the DNS rules', () => {
      const base = tierPolicy(version, 'Baseline', 'base-deny', 10, [{ name: 'deny-dns', action: 'Deny', to: DNS_PODS, protocols: ['UDP', 'TCP'] }]);
      const ingressOnly = policy(['podSelector: {}', 'policyTypes: [Ingress]'], 'ingress-only');
      assert.deepEqual(findings(docs(ingressOnly, base), MISSING), []);
      assert.deepEqual(findings(docs(ingressOnly, base), TCP), []);
    });
  });
}

describe('DNS rules and the tiers: the DNS destination', () => {
  it('a named port resolves against the DNS pods’ own ports (dns is UDP 53, dns-tcp is TCP 53)', () => {
    const named = (port: string) =>
      yaml(
        'apiVersion: policy.networking.k8s.io/v1alpha2',
        'kind: ClusterNetworkPolicy',
        'metadata: {name: dns-by-name}',
        'spec:',
        '  tier: Admin',
        '  priority: 1',
        '  subject: {namespaces: {}}',
        '  egress:',
        `    - {name: dns, action: Accept, to: [${DNS_PODS}], protocols: [{destinationNamedPort: ${port}}]}`,
      );
    assert.deepEqual(findings(docs(DENY_ALL, named('dns')), MISSING), []);
    assert.equal(findings(docs(DENY_ALL, named('dns')), TCP).length, 1, 'dns is the UDP port only');
    assert.equal(findings(docs(DENY_ALL, named('dns-tcp')), MISSING).length, 1, 'dns-tcp is TCP only');
    assert.equal(findings(docs(DENY_ALL, named('metrics')), MISSING).length, 1);
  });

  it('the DNS profile decides what DNS is: a Deny of other pods leaves DNS to NetworkPolicy', () => {
    const other = tierPolicy('v1alpha2', 'Admin', 'guard', 10, [
      {
        name: 'deny-other',
        action: 'Deny',
        to: '{pods: {namespaceSelector: {}, podSelector: {matchLabels: {k8s-app: other-dns}}}}',
        protocols: ['UDP', 'TCP'],
      },
    ]);
    assert.deepEqual(findings(docs(DENY_ALL, ALLOW_DNS, other), MISSING), []);
  });
});

describe('DNS rules with a cluster policy in another file', () => {
  const deny = tierPolicy('v1alpha2', 'Admin', 'guard', 10, [{ name: 'deny-dns', action: 'Deny', to: DNS_PODS, protocols: ['UDP', 'TCP'] }]);
  const accept = tierPolicy('v1alpha2', 'Admin', 'guard', 10, [{ name: 'allow-dns', action: 'Accept', to: DNS_PODS, protocols: ['UDP', 'TCP'] }]);
  const codes = (ws: Workspace, file: string) =>
    ws
      .result(file)!
      .findings.filter((f) => f.code === MISSING)
      .map((f) => f.message);

  it('editing the cluster policy updates the NetworkPolicy file’s finding (and names it as affected)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('tenant/np.yaml', docs(DENY_ALL, ALLOW_DNS));
    assert.deepEqual(codes(ws, 'tenant/np.yaml'), []);
    assert.ok(ws.update('platform/cnp.yaml', deny).has('tenant/np.yaml'));
    assert.equal(codes(ws, 'tenant/np.yaml').length, 2);
    assert.ok(ws.update('platform/cnp.yaml', accept).has('tenant/np.yaml'));
    assert.deepEqual(codes(ws, 'tenant/np.yaml'), []);
    ws.update('tenant/np.yaml', DENY_ALL);
    assert.deepEqual(codes(ws, 'tenant/np.yaml'), [], 'the Accept covers the default deny');
    ws.remove('platform/cnp.yaml');
    assert.equal(codes(ws, 'tenant/np.yaml').length, 1, 'without the cluster policy: the NetworkPolicy finding again');
  });

  it('a Namespace manifest edited elsewhere changes what a namespaces subject selects', () => {
    const tenants = tierPolicy(
      'v1alpha2',
      'Admin',
      'guard',
      10,
      [{ name: 'deny-dns', action: 'Deny', to: DNS_PODS, protocols: ['UDP', 'TCP'] }],
      '{namespaces: {matchLabels: {tenant: a}}}',
    );
    const ns = (labels: string) => yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a', `  labels: ${labels}`);
    const ws = new Workspace(defaultConfig());
    ws.update('tenant/np.yaml', docs(DENY_ALL, ALLOW_DNS));
    ws.update('platform/cnp.yaml', tenants);
    ws.update('platform/ns.yaml', ns('{tenant: b}'));
    assert.deepEqual(codes(ws, 'tenant/np.yaml'), []);
    assert.ok(ws.update('platform/ns.yaml', ns('{tenant: a}')).has('tenant/np.yaml'));
    assert.equal(codes(ws, 'tenant/np.yaml').length, 2);
  });
});

describe('docs/rules/missing-dns-egress.md: the cluster policies example', () => {
  it('is reported as the page says, without a fix', () => {
    const page = readFileSync(join(__dirname, '../../docs/rules/missing-dns-egress.md'), 'utf8');
    const section = page.slice(page.indexOf('## With cluster policies'), page.indexOf('## Why it matters'));
    const text = `${/```yaml\n([\s\S]*?)\n```/.exec(section)![1]}\n`;
    const said = /Reported on `allow-dns-egress`: `([^`]*)`/.exec(section)![1].replace(/\s*\n\s*/g, ' ');
    const f = findings(text, MISSING);
    assert.deepEqual(
      f.map((x) => x.message),
      [said],
    );
    assert.deepEqual(f[0].fixes ?? [], []);
  });
});
