/**
 * The editor on cluster policies: field docs on hover for every field (the Go types' comments, as
 * the CRDs in test/data carry them), completion of their keys and of tier, action and protocol
 * values per kind and channel, and the two document snippets the API was made for.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { clusterFieldDocs } from '../../scripts/cluster-field-docs';
import { completeAt, defaultConfig, hoverAt, type LintConfig, Workspace } from '../../server/src/core/index';
import { CHANNELS, type ClusterPolicyKind, type CrdNode, clusterPolicySchema } from '../../server/src/core/model/clusterPolicySchema';
import { CLUSTER_FIELD_DOCS } from '../../server/src/core/services/clusterFieldDocs';
import { documentSnippets } from '../../server/src/core/services/documentSnippets';
import { expand, lint, yaml } from '../helpers';

const KINDS: ClusterPolicyKind[] = ['ClusterNetworkPolicy', 'AdminNetworkPolicy', 'BaselineAdminNetworkPolicy'];

/** Every field path (keys from the root, list items dropped) of a schema, label selectors' insides left out. */
function* paths(n: CrdNode, path: string[] = []): Generator<string[]> {
  const node = n.type === 'array' && n.items ? n.items : n;
  if (path.length > 0) yield path;
  if (node.fields && !('matchLabels' in node.fields)) for (const [k, v] of Object.entries(node.fields)) yield* paths(v, [...path, k]);
}

const NAMESPACE = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a', '  labels: {tenant: tenant-a}');

function workspace(text: string, config: LintConfig = defaultConfig()) {
  const ws = new Workspace(config);
  ws.update('ns.yaml', NAMESPACE);
  ws.update('cnp.yaml', text);
  return ws;
}

/** Completion labels at `|`. */
function complete(withCursor: string, config?: LintConfig): string[] {
  const at = withCursor.indexOf('|');
  const ws = workspace(withCursor.replace('|', ''), config);
  return completeAt(ws, 'cnp.yaml', at).map((i) => i.label);
}

function hover(text: string, key: string, nth = 0): string | undefined {
  let at = -1;
  for (let i = 0; i <= nth; i++) at = text.indexOf(`${key}:`, at + 1);
  assert.ok(at >= 0, key);
  return hoverAt(workspace(text), 'cnp.yaml', at + 1)?.markdown;
}

const CNP = yaml(
  'apiVersion: policy.networking.k8s.io/v1alpha2',
  'kind: ClusterNetworkPolicy',
  'metadata:',
  '  name: guardrails',
  'spec:',
  '  tier: Admin',
  '  priority: 10',
  '  subject:',
  '    namespaces:',
  '      matchLabels: {tenant: tenant-a}',
  '  egress:',
  '    - action: Deny',
  '      to:',
  '        - networks: ["10.0.0.0/8"]',
  '      protocols:',
  '        - tcp:',
  '            destinationPort:',
  '              range: {start: 1, end: 2}',
);

describe('cluster policies: field docs', () => {
  it("are the CRDs' descriptions (regenerate with scripts/cluster-field-docs.ts)", () => {
    assert.deepEqual(CLUSTER_FIELD_DOCS, clusterFieldDocs());
  });

  for (const kind of KINDS) {
    it(`cover every field of a ${kind}, in both channels`, () => {
      for (const channel of CHANNELS) {
        const missing = [...paths(clusterPolicySchema(kind, channel))]
          .map((p) => p.join('.'))
          .filter((p) => !['apiVersion', 'kind', 'metadata'].includes(p) && !CLUSTER_FIELD_DOCS[kind][p]);
        assert.deepEqual(missing, [], channel);
      }
    });
  }

  it('show on hover, for the field under the cursor, with the API reference', () => {
    const tier = hover(CNP, 'tier');
    assert.match(tier ?? '', /^\*\*spec\.tier\*\* \(ClusterNetworkPolicy\)\n\nTier is used as the top-level grouping for network policy prioritization/);
    assert.match(tier ?? '', /\[API reference\]\(https:\/\/network-policy-api\.sigs\.k8s\.io\/reference\/spec\/\)/);
    assert.match(hover(CNP, 'networks') ?? '', /Networks defines a way to select peers via CIDR blocks/);
    assert.match(hover(CNP, 'start') ?? '', /\*\*spec\.egress\.protocols\.tcp\.destinationPort\.range\.start\*\*/);
    assert.match(hover(CNP, 'matchLabels') ?? '', /Label key\/value pairs that must all be present/);
    assert.match(hover(CNP, 'kind') ?? '', /cluster-scoped/);
  });

  it("a v1alpha1 kind's hover reads its own Go type", () => {
    const anp = CNP.replace('v1alpha2', 'v1alpha1').replace('ClusterNetworkPolicy', 'AdminNetworkPolicy').replace('  tier: Admin\n', '');
    assert.match(hover(anp, 'priority') ?? '', /\(AdminNetworkPolicy\)\n\nPriority is a value from 0 to 1000/);
  });
});

const HEAD = yaml('apiVersion: policy.networking.k8s.io/v1alpha2', 'kind: ClusterNetworkPolicy', 'metadata:', '  name: p', 'spec:');

describe('cluster policies: completion', () => {
  it('offers the spec keys of the CRD', () => {
    assert.deepEqual(complete(`${HEAD}  |`).sort(), ['egress', 'ingress', 'priority', 'subject', 'tier']);
    assert.deepEqual(complete(`${HEAD}  tier: Admin\n  |`).sort(), ['egress', 'ingress', 'priority', 'subject']);
  });

  it('completes tier and action values, per kind', () => {
    assert.deepEqual(complete(`${HEAD}  tier: |`), ['Admin', 'Baseline']);
    assert.deepEqual(complete(`${HEAD}  egress:\n    - action: |`), ['Accept', 'Deny', 'Pass']);
    const banp = HEAD.replace('v1alpha2', 'v1alpha1').replace('ClusterNetworkPolicy', 'BaselineAdminNetworkPolicy');
    assert.deepEqual(complete(`${banp}  egress:\n    - action: |`), ['Allow', 'Deny']);
    assert.deepEqual(complete(`${HEAD}  tier: Admin|`), [], 'a complete value gets no list');
  });

  it('offers the protocol keys in a protocols entry, and a destination port inside one', () => {
    const rule = `${HEAD}  egress:\n    - action: Deny\n      to: [{namespaces: {}}]\n      protocols:\n`;
    assert.deepEqual(complete(`${rule}        - |`).sort(), ['destinationNamedPort', 'sctp', 'tcp', 'udp']);
    assert.deepEqual(complete(`${rule}        - tcp:\n            |`), ['destinationPort']);
    assert.deepEqual(complete(`${rule}        - tcp:\n            destinationPort:\n              |`).sort(), ['number', 'range']);
  });

  it('offers the peers of the channel: nodes and domainNames only in the experimental one', () => {
    const to = `${HEAD}  egress:\n    - action: Deny\n      to:\n        - |`;
    assert.deepEqual(complete(to).sort(), ['namespaces', 'networks', 'pods']);
    const experimental = { ...defaultConfig(), clusterNetworkPolicy: { channel: 'experimental' as const } };
    assert.deepEqual(complete(to, experimental).sort(), ['domainNames', 'namespaces', 'networks', 'nodes', 'pods']);
  });

  it("offers the workspace's namespace labels under a namespaces selector", () => {
    const labels = complete(`${HEAD}  subject:\n    namespaces:\n      matchLabels:\n        |`);
    assert.ok(labels.includes('tenant') && labels.includes('kubernetes.io/metadata.name'), labels.join());
    assert.deepEqual(complete(`${HEAD}  subject:\n    namespaces:\n      matchLabels:\n        tenant: |`), ['tenant-a']);
  });

  it('offers the apiVersion of the kind, not the NetworkPolicy one', () => {
    assert.deepEqual(complete('kind: ClusterNetworkPolicy\napiVersion: policy.networking.k8s.io/|\n'), ['policy.networking.k8s.io/v1alpha2']);
  });
});

describe('cluster policies: snippets', () => {
  const snippets = new Map(documentSnippets(defaultConfig().dns).map((s) => [s.prefix, s]));

  it('are offered where a document starts', () => {
    assert.deepEqual(complete('netpol-cnp|').sort(), ['netpol-cnp-baseline-default-deny', 'netpol-cnp-tenant-isolation']);
  });

  it('tenant isolation: an Admin policy that accepts monitoring, passes its own tenant, denies the others, accepts DNS; clean as inserted', () => {
    const text = expand(snippets.get('netpol-cnp-tenant-isolation')!.body.split('\n'));
    assert.deepEqual(
      lint(text).map((f) => `${f.code}: ${f.message}`),
      [],
    );
    const [p] = workspace(text)
      .clusterPolicies()
      .map((r) => r.clusterPolicy);
    assert.equal(p.tier?.value, 'Admin');
    assert.deepEqual(
      p.ingress.map((r) => `${r.name?.value}:${r.action?.value}`),
      ['accept-monitoring:Accept', 'pass-same-tenant:Pass', 'deny-other-tenants:Deny'],
    );
    assert.deepEqual(
      p.egress.map((r) => `${r.name?.value}:${r.action?.value}`),
      ['accept-dns:Accept', 'pass-same-tenant:Pass', 'deny-other-tenants:Deny'],
    );
    assert.deepEqual(
      p.egress[0].protocols?.map((x) => `${x.protocol}/${JSON.stringify(x.port)}`),
      ['UDP/{"number":53}', 'TCP/{"number":53}'],
    );
  });

  it('baseline default deny: a Baseline policy that accepts DNS, then denies all egress and ingress from pods; clean as inserted', () => {
    const text = expand(snippets.get('netpol-cnp-baseline-default-deny')!.body.split('\n'));
    assert.deepEqual(
      lint(text).map((f) => `${f.code}: ${f.message}`),
      [],
    );
    const [p] = workspace(text)
      .clusterPolicies()
      .map((r) => r.clusterPolicy);
    assert.equal(p.tier?.value, 'Baseline');
    assert.deepEqual(
      p.egress.map((r) => `${r.name?.value}:${r.action?.value}`),
      ['accept-dns:Accept', 'deny-all:Deny'],
    );
    assert.deepEqual(
      p.egress[1].peers[0].networks?.map((n) => n.value),
      ['0.0.0.0/0', '::/0'],
    );
    assert.equal(p.ingress[0].action?.value, 'Deny');
  });
});

describe('cluster policy snippets for the configured cluster DNS', () => {
  it("write the profile's namespace, labels, ports and NodeLocal DNSCache address into the DNS rule, and lint clean", () => {
    const dns = {
      namespace: 'openshift-dns',
      podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' },
      ports: [5353],
      nodeLocalIPs: ['169.254.20.10'],
    };
    const config = { ...defaultConfig(), dns };
    for (const s of documentSnippets(dns).filter((x) => x.prefix.startsWith('netpol-cnp-'))) {
      assert.ok(s.forProfile, s.prefix);
      const text = expand(s.body.split('\n'));
      assert.deepEqual(
        lint(text, config).map((f) => `${f.code}: ${f.message}`),
        [],
        text,
      );
      const [p] = workspace(text, config)
        .clusterPolicies()
        .map((r) => r.clusterPolicy);
      const rule = p.egress.find((r) => r.name?.value === 'accept-dns')!;
      const pods = rule.peers[0].pods!;
      assert.deepEqual(
        pods.namespaceSelector?.matchLabels.map((l) => `${l.key}=${l.value}`),
        ['kubernetes.io/metadata.name=openshift-dns'],
      );
      assert.deepEqual(
        pods.podSelector?.matchLabels.map((l) => `${l.key}=${l.value}`),
        ['dns.operator.openshift.io/daemonset-dns=default'],
      );
      assert.deepEqual(
        rule.peers[1].networks?.map((n) => n.value),
        ['169.254.20.10/32'],
      );
      assert.deepEqual(
        rule.protocols?.map((x) => `${x.protocol}/${JSON.stringify(x.port)}`),
        ['UDP/{"number":5353}', 'TCP/{"number":5353}'],
      );
    }
  });
});
