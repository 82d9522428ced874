/**
 * The v1alpha1 -> v1alpha2 quick fix of deprecated-api-version: over every v1alpha1 example of the
 * docs and of these tests, the rewritten ClusterNetworkPolicy lints clean (no error, no deprecation),
 * and its model equals the original's in every field the engine reads: tier, priority (the Baseline
 * singleton gets one), subject, and each rule's action, peers and protocols, in order.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig, Workspace } from '../../server/src/core/index';
import type { ClusterPolicyModel, ClusterRuleModel, PodsSelectorModel } from '../../server/src/core/model/clusterPolicy';
import type { SelectorModel } from '../../server/src/core/model/networkPolicy';
import { BASELINE_PRIORITY } from '../../server/src/core/edit/migrateClusterPolicy';
import { applyFix, docConfig, lint, yaml } from '../helpers';

const TITLE = 'Rewrite as the equivalent ClusterNetworkPolicy';
const EXPERIMENTAL: LintConfig = { ...defaultConfig(), clusterNetworkPolicy: { channel: 'experimental' } };

const sel = (s: SelectorModel | undefined) =>
  s && { labels: s.matchLabels.map((m) => [m.key, m.value]), expressions: s.matchExpressions.map((e) => [e.key, e.operator, e.values]) };
const pods = (p: PodsSelectorModel | undefined) => p && { ns: sel(p.namespaceSelector), pods: sel(p.podSelector) };
const rule = (r: ClusterRuleModel) => ({
  action: r.action?.value,
  peers: r.peers.map((p) => ({
    namespaces: sel(p.namespaces),
    pods: pods(p.pods),
    networks: p.networks?.map((n) => n.value),
    nodes: sel(p.nodes),
    domainNames: p.domainNames?.map((d) => d.value),
  })),
  protocols: r.protocols?.map((q) => ({ protocol: q.protocol, port: q.port, named: q.namedPort?.value })),
});
/** What the engine reads of a cluster policy. */
const engineView = (p: ClusterPolicyModel) => ({
  tier: p.tier?.value,
  priority: p.priority?.value ?? (p.kind === 'BaselineAdminNetworkPolicy' ? BASELINE_PRIORITY : undefined),
  subject: { namespaces: sel(p.subject?.namespaces), pods: pods(p.subject?.pods) },
  ingress: p.ingress.map(rule),
  egress: p.egress.map(rule),
});

function models(text: string, config: LintConfig): ClusterPolicyModel[] {
  const ws = new Workspace(config);
  ws.update('x.yaml', text);
  return ws.clusterPolicies().map((r) => r.clusterPolicy);
}

const V1ALPHA1 = /^kind: (Admin|BaselineAdmin)NetworkPolicy$/m;

/** The v1alpha1 examples of the rule pages that the API server accepts (no error finding). */
function docExamples(): { what: string; text: string; config: LintConfig }[] {
  const dir = join(__dirname, '../../docs/rules');
  const out: { what: string; text: string; config: LintConfig }[] = [];
  for (const f of readdirSync(dir).filter((x) => x.endsWith('.md'))) {
    const page = readFileSync(join(dir, f), 'utf8');
    const config = docConfig(page) ?? defaultConfig();
    for (const m of page.matchAll(/```yaml\n([\s\S]*?)\n```/g)) {
      const text = `${m[1]}\n`;
      if (V1ALPHA1.test(text) && !lint(text, config).some((x) => x.severity === 'error')) out.push({ what: `docs/rules/${f}`, text, config });
    }
  }
  return out;
}

const OWN: { what: string; text: string; config: LintConfig }[] = [
  {
    what: 'an AdminNetworkPolicy with every port form, a pods subject, Pass, Deny and Allow',
    config: EXPERIMENTAL,
    text: yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicy',
      'metadata:',
      '  name: tenant-guard',
      '  labels: {team: platform}',
      'spec:',
      '  priority: 5',
      '  subject:',
      '    pods:',
      '      namespaceSelector: {matchExpressions: [{key: tenant, operator: Exists}]}',
      '      podSelector: {matchLabels: {app: web}}',
      '  ingress:',
      '    - name: pass-same',
      '      action: Pass',
      '      from:',
      '        - namespaces: {matchLabels: {tenant: a}}',
      '    - name: allow-mon',
      '      action: Allow',
      '      from:',
      '        - pods:',
      '            namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}',
      '            podSelector: {}',
      '      ports:',
      '        - portNumber: {port: 9090}',
      '        - portNumber: {protocol: UDP, port: 53}',
      '        - portRange: {protocol: SCTP, start: 3000, end: 3100}',
      '        - namedPort: metrics',
      '  egress:',
      '    - name: deny-net',
      '      action: Deny',
      '      to:',
      '        - networks: ["10.0.0.0/8", "fd00::/8"]',
      '        - nodes: {matchLabels: {role: infra}}',
      '      ports:',
      '        - portRange: {start: 1, end: 1024}',
    ),
  },
  {
    what: 'the BaselineAdminNetworkPolicy singleton (kubectl style lists, 4-space indent)',
    config: defaultConfig(),
    text: yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: BaselineAdminNetworkPolicy',
      'metadata:',
      '    name: default',
      'spec:',
      '    subject:',
      '        namespaces: {}',
      '    egress:',
      '    - action: Allow',
      '      to:',
      '      - pods:',
      '            namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
      '            podSelector: {matchLabels: {k8s-app: kube-dns}}',
      '      ports:',
      '      - portNumber: {protocol: UDP, port: 53}',
      '    - action: Deny',
      '      to:',
      '      - namespaces: {}',
    ),
  },
];

describe('deprecated-api-version: the rewrite into a ClusterNetworkPolicy', () => {
  const cases = [...docExamples(), ...OWN];

  it('has v1alpha1 examples of both kinds from the docs to check', () => {
    const docs = cases.filter((c) => c.what.startsWith('docs/'));
    assert.ok(docs.some((c) => /kind: AdminNetworkPolicy/.test(c.text)));
    assert.ok(cases.some((c) => /kind: BaselineAdminNetworkPolicy/.test(c.text)));
  });

  for (const { what, text, config } of cases) {
    it(`${what}: lints clean and keeps every field the engine reads`, () => {
      const [finding] = lint(text, config).filter((f) => f.code === 'deprecated-api-version');
      assert.ok(finding, 'no deprecation');
      const fixed = applyFix(text, finding, TITLE);
      assert.deepEqual(
        lint(fixed, config).filter((f) => f.severity === 'error' || f.code === 'deprecated-api-version'),
        [],
        fixed,
      );
      const [before] = models(text, config);
      const [after] = models(fixed, config);
      assert.equal(after.kind, 'ClusterNetworkPolicy');
      assert.equal(after.apiVersion, 'policy.networking.k8s.io/v1alpha2');
      assert.deepEqual(engineView(after), engineView(before));
    });
  }

  it('names the Baseline singleton and keeps the object text outside it (comments before, the documents after)', () => {
    const text = `# baseline\n${OWN[1].text}---\n${OWN[0].text}`;
    const [finding] = lint(text, EXPERIMENTAL).filter((f) => f.code === 'deprecated-api-version');
    const fixed = applyFix(text, finding, TITLE);
    assert.ok(
      fixed.startsWith('# baseline\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata:\n    name: baseline-default\n'),
      fixed,
    );
    assert.ok(fixed.endsWith(`\n---\n${OWN[0].text}`));
    assert.match(fixed, /\n {4}- action: Accept\n/);
  });

  it('is not offered for an item of a List (the rewrite replaces whole documents only)', () => {
    const item = OWN[1].text
      .trimEnd()
      .split('\n')
      .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
      .join('\n');
    const list = `apiVersion: v1\nkind: List\nitems:\n${item}\n`;
    const f = lint(list).filter((x) => x.code === 'deprecated-api-version');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].fixes ?? [], []);
  });
});
