/**
 * The cluster policies' warnings that read the whole workspace: two policies of one tier and
 * priority over the same pods, an Admin Accept from every namespace into tenants, IPv4-only
 * networks beside IPv6 pods, a Baseline rule that NetworkPolicies make unreachable. Each fires on
 * the mistake, at the part it is about, stays silent on the near miss, and follows the workspace:
 * a change in another file (a pod, a NetworkPolicy) changes the cluster policy file's findings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig, Workspace } from '../../server/src/core/index';
import { findings, pointed, policy, yaml } from '../helpers';
import { cnp as tierCnp, docs } from '../tiersModel';
import { buildPods } from '../../server/src/core/connectivity/cluster';
import { Connectivity } from '../../server/src/core/connectivity/engine';
import { tierPolicies } from '../../server/src/core/connectivity/tierTypes';
import { ClusterRuleCache, type ClusterRuleInputs } from '../../server/src/core/workspace/clusterRules';

/** A ClusterNetworkPolicy: name, tier, priority, subject lines (under `subject:`), more spec lines. */
function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, subject: string[], ...spec: string[]): string {
  return tierCnp(name, tier, priority, ['subject:', ...subject.map((l) => `  ${l}`), ...spec]);
}

const ALL = ['namespaces: {}'];
const ns = (name: string) => ['namespaces:', '  matchLabels:', `    kubernetes.io/metadata.name: ${name}`];
/** One rule of a direction: `ingress` / `egress`, name, action, peer lines. */
const rules = (dir: 'ingress' | 'egress', name: string, action: string, peers: string[], more: string[] = []) => [
  `${dir}:`,
  `  - name: ${name}`,
  `    action: ${action}`,
  `    ${dir === 'ingress' ? 'from' : 'to'}:`,
  ...peers.map((l) => `      ${l}`),
  ...more.map((l) => `    ${l}`),
];

function pod(name: string, namespace: string, labels: Record<string, string> = {}, ips: string[] = []): string {
  const l = Object.entries(labels).map(([k, v]) => `    ${k}: ${v}`);
  const status = ips.length === 0 ? [] : ['status:', `  podIP: ${ips[0]}`, '  podIPs:', ...ips.map((ip) => `    - ip: "${ip}"`)];
  return yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    ...(l.length ? ['  labels:', ...l] : []),
    'spec:',
    '  containers:',
    '    - name: c',
    '      image: nginx',
    ...status,
  );
}

function netpol(name: string, namespace: string, types: string[]): string {
  return policy(['podSelector: {}', 'policyTypes:', ...types.map((t) => `  - ${t}`)], name, namespace);
}

describe('same-priority-overlap', () => {
  const deny = rules('ingress', 'deny', 'Deny', ['- namespaces: {}']);
  it('reports both policies on their priority, each naming the other and a pod both select', () => {
    const text = docs(cnp('a', 'Admin', 10, ALL, ...deny), cnp('b', 'Admin', 10, ns('tenant-a'), ...deny), pod('web', 'tenant-a'));
    const f = findings(text, 'same-priority-overlap');
    assert.equal(f.length, 2);
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['10', '10'],
    );
    assert.match(f[0].message, /ClusterNetworkPolicy "b" is Admin priority 10 too .*\(tenant-a\/web is selected by both\)/);
    assert.match(f[1].message, /ClusterNetworkPolicy "a"/);
    assert.match(f[0].message, /\(spec\.priority\)$/);
  });

  it('fires from the selectors alone when the workspace has no pod', () => {
    const text = docs(cnp('a', 'Admin', 5, ns('tenant-a'), ...deny), cnp('b', 'Admin', 5, ['pods:', '  podSelector: {matchLabels: {app: web}}'], ...deny));
    const f = findings(text, 'same-priority-overlap');
    assert.equal(f.length, 2);
    assert.doesNotMatch(f[0].message, /selected by both/);
  });

  it('is silent for another priority, another tier, subjects that contradict, or rules of different directions only', () => {
    const egress = rules('egress', 'deny', 'Deny', ['- namespaces: {}']);
    for (const text of [
      docs(cnp('a', 'Admin', 10, ALL, ...deny), cnp('b', 'Admin', 11, ALL, ...deny)),
      docs(cnp('a', 'Admin', 10, ALL, ...deny), cnp('b', 'Baseline', 10, ALL, ...deny)),
      docs(cnp('a', 'Admin', 10, ns('tenant-a'), ...deny), cnp('b', 'Admin', 10, ns('tenant-b'), ...deny)),
      docs(
        cnp('a', 'Admin', 10, ['namespaces:', '  matchExpressions: [{key: team, operator: Exists}]'], ...deny),
        cnp('b', 'Admin', 10, ['namespaces:', '  matchExpressions: [{key: team, operator: DoesNotExist}]'], ...deny),
      ),
      docs(
        cnp('a', 'Admin', 10, ['namespaces:', '  matchExpressions: [{key: env, operator: In, values: [prod]}]'], ...deny),
        cnp('b', 'Admin', 10, ['namespaces:', '  matchExpressions: [{key: env, operator: NotIn, values: [prod]}]'], ...deny),
      ),
      docs(cnp('a', 'Admin', 10, ALL, ...deny), cnp('b', 'Admin', 10, ALL, ...egress)),
    ])
      assert.deepEqual(findings(text, 'same-priority-overlap'), [], text);
  });

  it('compares policies across files, and an AdminNetworkPolicy with a ClusterNetworkPolicy of tier Admin', () => {
    const anp = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicy',
      'metadata:',
      '  name: legacy',
      'spec:',
      '  priority: 10',
      '  subject:',
      '    namespaces: {}',
      '  ingress:',
      '    - name: deny',
      '      action: Deny',
      '      from:',
      '        - namespaces: {}',
    );
    const ws = new Workspace(defaultConfig());
    ws.update('a.yaml', cnp('a', 'Admin', 10, ALL, ...deny));
    ws.update('b.yaml', anp);
    const a = ws.result('a.yaml')!.findings.filter((f) => f.code === 'same-priority-overlap');
    const b = ws.result('b.yaml')!.findings.filter((f) => f.code === 'same-priority-overlap');
    assert.equal(a.length, 1);
    assert.match(a[0].message, /AdminNetworkPolicy "legacy"/);
    assert.equal(b.length, 1);
  });
});

describe('admin-accept-all-namespaces', () => {
  it('reports an Admin Accept from namespaces: {} into every namespace, on the peer', () => {
    const text = cnp('open', 'Admin', 10, ALL, ...rules('ingress', 'in-cluster', 'Accept', ['- namespaces: {}']));
    const f = findings(text, 'admin-accept-all-namespaces');
    assert.equal(f.length, 1);
    assert.equal(pointed(text, f[0]), 'namespaces: {}');
    assert.match(f[0].message, /^Admin Accept from every namespace: .* every pod of every namespace into every namespace/);
    assert.match(f[0].message, /\(spec\.ingress\[0\]\.from\[0\]\)$/);
  });

  it('counts pods with an absent or empty namespaceSelector as every namespace, and says any tenant can set the labels', () => {
    const peer = ['- pods:', '    namespaceSelector: {}', '    podSelector: {matchLabels: {app: prometheus}}'];
    const text = docs(cnp('open', 'Admin', 10, ns('tenant-a'), ...rules('ingress', 'scrape', 'Accept', peer)), pod('web', 'tenant-a'));
    const f = findings(text, 'admin-accept-all-namespaces');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /pods of every namespace that carry these labels \(any tenant can set them\) into the tenant namespace tenant-a/);
  });

  it('is silent for Deny and Pass, named namespaces, the Baseline tier, and subjects of system namespaces only', () => {
    const fromAll = ['- namespaces: {}'];
    for (const text of [
      cnp('x', 'Admin', 10, ALL, ...rules('ingress', 'r', 'Deny', fromAll)),
      cnp('x', 'Admin', 10, ALL, ...rules('ingress', 'r', 'Pass', fromAll)),
      cnp('x', 'Admin', 10, ALL, ...rules('ingress', 'r', 'Accept', ns('monitoring'))),
      cnp('x', 'Baseline', 10, ALL, ...rules('ingress', 'r', 'Accept', fromAll)),
      docs(cnp('x', 'Admin', 10, ns('kube-system'), ...rules('ingress', 'dns', 'Accept', fromAll)), pod('coredns', 'kube-system')),
    ])
      assert.deepEqual(findings(text, 'admin-accept-all-namespaces'), [], text);
  });

  it('names a pods subject as the pods it selects', () => {
    const subject = ['pods:', '  podSelector: {matchLabels: {app: web}}'];
    const f = findings(cnp('x', 'Admin', 10, subject, ...rules('ingress', 'r', 'Accept', ['- namespaces: {}'])), 'admin-accept-all-namespaces');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /into the pods it selects in every namespace,/);
  });

  it("says Allow for an AdminNetworkPolicy (v1alpha1's word for Accept)", () => {
    const anp = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicy',
      'metadata:',
      '  name: open',
      'spec:',
      '  priority: 3',
      '  subject:',
      '    namespaces: {}',
      '  ingress:',
      '    - name: all',
      '      action: Allow',
      '      from:',
      '        - namespaces: {}',
    );
    const f = findings(anp, 'admin-accept-all-namespaces');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /^Admin Allow from every namespace/);
  });

  it("follows the configuration's tenantNamespaces", () => {
    const text = docs(cnp('x', 'Admin', 10, ns('platform'), ...rules('ingress', 'r', 'Accept', ['- namespaces: {}'])), pod('web', 'platform'));
    assert.equal(findings(text, 'admin-accept-all-namespaces').length, 1);
    const config: LintConfig = { ...defaultConfig(), tenantNamespaces: ['team-*'] };
    assert.deepEqual(findings(text, 'admin-accept-all-namespaces', config), []);
  });
});

describe('ipv4-only-networks', () => {
  const denyInternet = (cidrs: string) => rules('egress', 'no-internet', 'Deny', [`- networks: [${cidrs}]`]);
  it('reports IPv4-only networks when a subject pod is dual-stack, on the networks peer, naming the pod and its IPv6 address', () => {
    const text = docs(cnp('x', 'Admin', 10, ns('tenant-a'), ...denyInternet('"0.0.0.0/0"')), pod('web', 'tenant-a', {}, ['10.0.0.5', 'fd00::5']));
    const f = findings(text, 'ipv4-only-networks');
    assert.equal(f.length, 1);
    assert.equal(pointed(text, f[0]), 'networks: ["0.0.0.0/0"]');
    assert.match(f[0].message, /tenant-a\/web \(fd00::5\).* this Deny does not apply to it; add ::\/0 beside 0\.0\.0\.0\/0/);
  });

  it('reports for a single-stack IPv6 pod too (podIP only)', () => {
    const v6 = pod('web', 'tenant-a').replace('spec:', 'status:\n  podIP: "fd00::9"\nspec:');
    assert.equal(findings(docs(cnp('x', 'Baseline', 10, ALL, ...denyInternet('"10.0.0.0/8"')), v6), 'ipv4-only-networks').length, 1);
  });

  it('is silent with an IPv6 CIDR beside, with IPv4-only pods, with IPv6 pods the subject does not select, and without pods', () => {
    const v6pod = (namespace: string) => pod('web', namespace, {}, ['10.0.0.5', 'fd00::5']);
    for (const text of [
      docs(cnp('x', 'Admin', 10, ALL, ...denyInternet('"0.0.0.0/0", "::/0"')), v6pod('tenant-a')),
      docs(cnp('x', 'Admin', 10, ALL, ...denyInternet('"0.0.0.0/0"')), pod('web', 'tenant-a', {}, ['10.0.0.5'])),
      docs(cnp('x', 'Admin', 10, ns('tenant-b'), ...denyInternet('"0.0.0.0/0"')), v6pod('tenant-a')),
      cnp('x', 'Admin', 10, ALL, ...denyInternet('"0.0.0.0/0"')),
    ])
      assert.deepEqual(findings(text, 'ipv4-only-networks'), [], text);
  });
});

describe('baseline-rule-unreachable', () => {
  const baseline = cnp('base', 'Baseline', 10, ns('tenant-a'), ...rules('ingress', 'deny-others', 'Deny', ['- namespaces: {}']));
  it('reports a Baseline rule whose every subject pod a NetworkPolicy isolates in its direction, on the rule, naming the policy', () => {
    const text = docs(baseline, netpol('deny-all', 'tenant-a', ['Ingress']), pod('web', 'tenant-a'), pod('api', 'tenant-a'));
    const f = findings(text, 'baseline-rule-unreachable');
    assert.equal(f.length, 1);
    assert.equal(pointed(text, f[0]), 'deny-others');
    assert.match(f[0].message, /all 2 pods it selects .* isolated for ingress by NetworkPolicy tenant-a\/deny-all/);
    assert.match(f[0].message, /\(spec\.ingress\[0\]\)$/);
  });

  it('is silent when one subject pod is not isolated, when isolation is of the other direction, and with no subject pod', () => {
    const partial = netpol('deny-web', 'tenant-a', ['Ingress']).replace('podSelector: {}', 'podSelector: {matchLabels: {app: web}}');
    for (const text of [
      docs(baseline, partial, pod('web', 'tenant-a', { app: 'web' }), pod('api', 'tenant-a', { app: 'api' })),
      docs(baseline, netpol('deny-egress', 'tenant-a', ['Egress']), pod('web', 'tenant-a')),
      docs(baseline, netpol('deny-all', 'tenant-a', ['Ingress'])),
      docs(baseline, netpol('deny-all', 'tenant-b', ['Ingress']), pod('web', 'tenant-a')),
    ])
      assert.deepEqual(findings(text, 'baseline-rule-unreachable'), [], text);
  });

  it('reads the v1alpha1 BaselineAdminNetworkPolicy as the Baseline tier', () => {
    const banp = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: BaselineAdminNetworkPolicy',
      'metadata:',
      '  name: default',
      'spec:',
      '  subject:',
      '    namespaces: {}',
      '  egress:',
      '    - name: deny-all-egress',
      '      action: Deny',
      '      to:',
      '        - namespaces: {}',
    );
    const f = findings(docs(banp, netpol('deny-all', 'tenant-a', ['Egress']), pod('web', 'tenant-a')), 'baseline-rule-unreachable');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /isolated for egress .* egress rule "deny-all-egress" \(egress\[0\]\) never applies/);
  });

  it('never reports an Admin rule (Admin decides before NetworkPolicy)', () => {
    const admin = baseline.replace('tier: Baseline', 'tier: Admin');
    assert.deepEqual(findings(docs(admin, netpol('deny-all', 'tenant-a', ['Ingress']), pod('web', 'tenant-a')), 'baseline-rule-unreachable'), []);
  });
});

describe('the workspace-wide cluster warnings in a workspace', () => {
  const codes = (ws: Workspace, file: string) =>
    ws
      .result(file)!
      .findings.map((f) => f.code)
      .filter((c) => c === 'baseline-rule-unreachable' || c === 'ipv4-only-networks');
  const baseline = cnp(
    'base',
    'Baseline',
    10,
    ns('tenant-a'),
    ...rules('ingress', 'deny-others', 'Deny', ['- namespaces: {}']),
    ...rules('egress', 'no-internet', 'Deny', ['- networks: ["0.0.0.0/0"]']),
  );

  it('reports on the cluster policy file what other files declare, and names that file affected when they change', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', baseline);
    assert.deepEqual(codes(ws, 'cnp.yaml'), []);
    // a pod in another file: the cluster policy file's findings may change
    assert.ok(ws.update('pods.yaml', pod('web', 'tenant-a', {}, ['10.0.0.5', 'fd00::5'])).has('cnp.yaml'));
    assert.deepEqual(codes(ws, 'cnp.yaml'), ['ipv4-only-networks']);
    // a NetworkPolicy in a third file isolates the one subject pod for ingress
    assert.ok(ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Ingress'])).has('cnp.yaml'));
    assert.deepEqual(codes(ws, 'cnp.yaml'), ['baseline-rule-unreachable', 'ipv4-only-networks']);
    assert.ok(ws.remove('np.yaml').has('cnp.yaml'));
    assert.deepEqual(codes(ws, 'cnp.yaml'), ['ipv4-only-networks']);
  });

  it('a NetworkPolicy edit re-checks the cluster policy files only when one of them is of the Baseline tier', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', baseline.replace('tier: Baseline', 'tier: Admin'));
    ws.update('pods.yaml', pod('web', 'tenant-a'));
    ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Ingress']));
    assert.ok(!ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Egress'])).has('cnp.yaml'));
    ws.update('cnp.yaml', baseline);
    assert.ok(ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Ingress'])).has('cnp.yaml'));
  });

  it('keeps the same finding objects across an edit that changes none of them (the editor sends nothing again)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', baseline);
    ws.update('pods.yaml', pod('web', 'tenant-a', {}, ['10.0.0.5', 'fd00::5']));
    ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Ingress']));
    const before = ws.result('cnp.yaml')!.placed.filter((p) => p.finding.code !== 'no-default-deny');
    ws.update('np.yaml', `${netpol('deny-all', 'tenant-a', ['Ingress'])}# a comment\n`);
    const after = ws.result('cnp.yaml')!.placed.filter((p) => p.finding.code !== 'no-default-deny');
    assert.equal(after.length, before.length);
    after.forEach((p, i) => assert.equal(p.finding, before[i].finding, p.finding.code));
  });

  it('can be suppressed by a comment and configured off like any rule', () => {
    const text = docs(cnp('open', 'Admin', 10, ALL, ...rules('ingress', 'r', 'Accept', ['- namespaces: {}'])));
    const suppressed = text.replace('      from:\n', '      from:\n        # netpol-lint-disable-next-line admin-accept-all-namespaces\n');
    assert.deepEqual(findings(suppressed, 'admin-accept-all-namespaces'), []);
    const off: LintConfig = { ...defaultConfig(), rules: { 'admin-accept-all-namespaces': 'off' } };
    assert.deepEqual(findings(text, 'admin-accept-all-namespaces', off), []);
  });

  it('runs the rules once per change of what they read: the NetworkPolicy models matter to the isolation rule only', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', baseline);
    ws.update('pods.yaml', pod('web', 'tenant-a', {}, ['10.0.0.5', 'fd00::5']));
    ws.update('np.yaml', netpol('deny-all', 'tenant-a', ['Ingress']));
    const refs = ws.clusterPolicies();
    const pods = buildPods(ws.objects());
    const engine = new Connectivity(ws.cluster());
    const isTenant = () => true;
    let runs = 0;
    const inputs = (policies: readonly object[]): ClusterRuleInputs => ({
      refs,
      pods,
      isTenant,
      policies: () => policies,
      context: () => {
        runs++;
        return { tiers: tierPolicies(refs), pods, isTenant, isolatedBy: (p, d) => engine.isolatedBy(p, d) };
      },
    });
    const cache = new ClusterRuleCache();
    const models = ws.objects().policies.map((r) => r.policy);
    const first = cache.findings('cnp.yaml', inputs(models));
    assert.deepEqual(first.map((f) => f.finding.code).sort(), ['baseline-rule-unreachable', 'ipv4-only-networks']);
    assert.equal(runs, 1);
    // the same inputs (a copy of the same models' list): nothing runs
    assert.deepEqual(cache.findings('cnp.yaml', inputs([...models])), first);
    assert.equal(runs, 1);
    // another NetworkPolicy model: the isolation rule runs again, the others keep their findings
    const again = cache.findings('cnp.yaml', inputs([{}]));
    assert.equal(runs, 2);
    assert.equal(again.find((f) => f.finding.code === 'ipv4-only-networks')!.finding, first.find((f) => f.finding.code === 'ipv4-only-networks')!.finding);
  });
});
