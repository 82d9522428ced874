/**
 * The cluster policy model (both API versions in one shape, with ranges), its place in the
 * workspace (cluster-scoped: a change to one affects every file; a NetworkPolicy edit beside it
 * stays incremental), and the `clusterNetworkPolicy.channel` setting.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, effectiveConfig, parseConfigFile, parseConfigObject, Workspace } from '../../server/src/core/index';
import type { ClusterPolicyModel } from '../../server/src/core/model/clusterPolicy';
import { ServerSettings } from '../../server/src/lsp/settings';
import { DENY_ALL, yaml } from '../helpers';

function models(text: string): ClusterPolicyModel[] {
  const ws = new Workspace(defaultConfig());
  ws.update('f.yaml', text);
  return ws.clusterPolicies().map((r) => r.clusterPolicy);
}

const at = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

const CNP = yaml(
  'apiVersion: policy.networking.k8s.io/v1alpha2',
  'kind: ClusterNetworkPolicy',
  'metadata:',
  '  name: guardrails',
  'spec:',
  '  tier: Admin',
  '  priority: 7',
  '  subject:',
  '    pods:',
  '      podSelector: {matchLabels: {app: web}}',
  '  egress:',
  '    - name: dns',
  '      action: Accept',
  '      to:',
  '        - networks: ["10.0.0.0/8", bad]',
  '        - pods: {podSelector: {}}',
  '      protocols:',
  '        - udp: {destinationPort: {number: 53}}',
  '        - tcp: {destinationPort: {range: {start: 8000, end: 9000}}}',
  '        - destinationNamedPort: metrics',
  '  ingress:',
  '    - action: Pass',
  '      from: [{namespaces: {matchLabels: {tenant: a}}}]',
);

const ANP = yaml(
  'apiVersion: policy.networking.k8s.io/v1alpha1',
  'kind: AdminNetworkPolicy',
  'metadata:',
  '  name: old',
  'spec:',
  '  priority: 3',
  '  subject: {namespaces: {}}',
  '  ingress:',
  '    - action: Allow',
  '      from: [{namespaces: {}}]',
  '      ports:',
  '        - portNumber: {port: 80}',
  '        - portNumber: {port: 53, protocol: UDP}',
  '        - portRange: {start: 1000, end: 2000, protocol: SCTP}',
);

const BANP = yaml(
  'apiVersion: policy.networking.k8s.io/v1alpha1',
  'kind: BaselineAdminNetworkPolicy',
  'metadata:',
  '  name: default',
  'spec:',
  '  subject: {namespaces: {}}',
  '  egress:',
  '    - action: Deny',
  '      to: [{pods: {namespaceSelector: {}, podSelector: {}}}]',
);

describe('cluster policy model', () => {
  it('reads a ClusterNetworkPolicy: tier, priority, subject, rules, peers and protocols, with ranges', () => {
    const [p] = models(CNP);
    assert.equal(p.kind, 'ClusterNetworkPolicy');
    assert.equal(p.name?.value, 'guardrails');
    assert.equal(p.tier?.value, 'Admin');
    assert.equal(at(CNP, p.tier!.node!.span), 'Admin');
    assert.equal(p.priority?.value, 7);
    assert.equal(at(CNP, p.priority!.node.span), '7');
    assert.equal(p.subject?.pods?.namespaceSelector, undefined, 'v1alpha2: no namespaceSelector = every namespace');
    assert.deepEqual(
      p.subject?.pods?.podSelector?.matchLabels.map((l) => [l.key, l.value]),
      [['app', 'web']],
    );
    const [e] = p.egress;
    assert.equal(e.name?.value, 'dns');
    assert.equal(e.action?.value, 'Accept');
    assert.deepEqual(
      e.peers[0].networks?.map((n) => [n.value, n.parsed !== undefined]),
      [
        ['10.0.0.0/8', true],
        ['bad', false],
      ],
    );
    assert.ok(e.peers[1].pods?.podSelector?.isEmpty);
    assert.deepEqual(
      e.protocols?.map((x) => [x.protocol, x.port, x.namedPort?.value]),
      [
        ['UDP', { number: 53 }, undefined],
        ['TCP', { start: 8000, end: 9000 }, undefined],
        [undefined, undefined, 'metrics'],
      ],
    );
    assert.equal(at(CNP, e.protocols![2].namedPort!.node.span), 'metrics');
    assert.equal(p.ingress[0].action?.value, 'Pass');
    assert.equal(p.ingress[0].protocols, undefined, 'no protocols: all traffic');
    assert.equal(p.ingress[0].peers[0].namespaces?.matchLabels[0].key, 'tenant');
  });

  it('reads an AdminNetworkPolicy as tier Admin: Allow is Accept, ports are protocols (TCP by default)', () => {
    const [p] = models(ANP);
    assert.equal(p.kind, 'AdminNetworkPolicy');
    assert.equal(p.tier?.value, 'Admin');
    assert.equal(p.tier?.node, undefined, 'the tier comes from the kind');
    assert.equal(p.priority?.value, 3);
    const [r] = p.ingress;
    assert.equal(r.action?.value, 'Accept');
    assert.equal(at(ANP, r.action!.node.span), 'Allow');
    assert.deepEqual(
      r.protocols?.map((x) => [x.protocol, x.port]),
      [
        ['TCP', { number: 80 }],
        ['UDP', { number: 53 }],
        ['SCTP', { start: 1000, end: 2000 }],
      ],
    );
  });

  it('reads a BaselineAdminNetworkPolicy as tier Baseline, without a priority', () => {
    const [p] = models(BANP);
    assert.equal(p.tier?.value, 'Baseline');
    assert.equal(p.priority, undefined);
    assert.equal(p.egress[0].action?.value, 'Deny');
    assert.ok(p.egress[0].peers[0].pods?.namespaceSelector?.isEmpty);
  });

  it('leaves out what has the wrong shape or value (the CRD check reports it)', () => {
    const [p] = models(CNP.replace('tier: Admin', 'tier: admin').replace('priority: 7', 'priority: "7"').replace('action: Accept', 'action: Allow'));
    assert.equal(p.tier, undefined);
    assert.equal(p.priority, undefined);
    assert.equal(p.egress[0].action, undefined);
  });

  it("is not built for Antrea's ClusterNetworkPolicy, nor for a kind at another version", () => {
    assert.deepEqual(models(CNP.replace('policy.networking.k8s.io/v1alpha2', 'crd.antrea.io/v1beta1')), []);
    assert.deepEqual(models(CNP.replace('policy.networking.k8s.io/v1alpha2', 'policy.networking.k8s.io/v1alpha1')), []);
  });

  it('is not a NetworkPolicy: no NetworkPolicy rule reads it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('f.yaml', CNP.replace(', bad]', ']'));
    assert.deepEqual(ws.snapshot('f.yaml')!.policies, []);
    assert.deepEqual(ws.result('f.yaml')!.findings, []);
  });
});

describe('cluster policies in the workspace', () => {
  it('lists them in workspace order (files by key, then documents)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('b.yaml', BANP);
    ws.update('a.yaml', `${CNP}---\n${ANP}`);
    assert.deepEqual(
      ws.clusterPolicies().map((r) => `${r.file}#${r.document} ${r.clusterPolicy.name?.value}`),
      ['a.yaml#0 guardrails', 'a.yaml#1 old', 'b.yaml#0 default'],
    );
    ws.remove('a.yaml');
    assert.deepEqual(
      ws.clusterPolicies().map((r) => r.clusterPolicy.name?.value),
      ['default'],
    );
  });

  it('a cluster policy added, edited or removed affects every file (they are in no namespace)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    ws.update('other.yaml', DENY_ALL.replace('tenant-a', 'tenant-b'));
    assert.deepEqual([...ws.update('cnp.yaml', CNP)].sort(), ['deny.yaml', 'other.yaml']);
    assert.deepEqual([...ws.update('cnp.yaml', CNP.replace('priority: 7', 'priority: 8'))].sort(), ['deny.yaml', 'other.yaml']);
    assert.deepEqual([...ws.remove('cnp.yaml')].sort(), ['deny.yaml', 'other.yaml']);
  });

  it('a NetworkPolicy edit beside a cluster policy stays incremental: the cluster policy keeps its model', () => {
    const ws = new Workspace(defaultConfig());
    const text = `${CNP}---\n${DENY_ALL}`;
    ws.update('mixed.yaml', text);
    ws.update('other.yaml', DENY_ALL.replace('tenant-a', 'tenant-b'));
    const before = ws.clusterPolicies()[0].clusterPolicy;
    // rename the deny-all policy, in place, as a keystroke does
    const at = text.lastIndexOf('default-deny-all');
    const edited = `${text.slice(0, at)}default-deny-alL${text.slice(at + 'default-deny-all'.length)}`;
    const affected = ws.update('mixed.yaml', edited, { start: at + 15, end: at + 16, newLength: 1 });
    assert.deepEqual([...affected], [], 'tenant-b is not touched, and no cluster policy changed');
    assert.equal(ws.clusterPolicies()[0].clusterPolicy, before);
  });

  it('a document added before a cluster policy moves it (its ref says where), without affecting other files', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('a.yaml', `${DENY_ALL}---\n${CNP}`);
    ws.update('deny.yaml', DENY_ALL.replace('tenant-a', 'tenant-b'));
    const before = ws.clusterPolicies()[0];
    assert.equal(before.document, 1);
    const second = DENY_ALL.replace('default-deny-all', 'second');
    assert.deepEqual([...ws.update('a.yaml', `${DENY_ALL}---\n${second}---\n${CNP}`)], [], 'the cluster policy is the same; only tenant-a changed');
    const [after] = ws.clusterPolicies();
    assert.equal(after.clusterPolicy, before.clusterPolicy);
    assert.equal(after.document, 2);
  });

  it('a file without cluster policies changing stays as incremental as before', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', CNP);
    ws.update('deny.yaml', DENY_ALL);
    ws.update('other.yaml', DENY_ALL.replace('tenant-a', 'tenant-b'));
    assert.deepEqual([...ws.update('other.yaml', DENY_ALL.replace('tenant-a', 'tenant-b').replace('default-deny-all', 'deny'))], []);
  });
});

describe('clusterNetworkPolicy.channel', () => {
  const EXPERIMENTAL_ONLY = CNP.replace('        - pods: {podSelector: {}}\n', '        - nodes: {matchLabels: {role: infra}}\n')
    .replace(', bad]', ']')
    .replace('        - destinationNamedPort: metrics\n', '');

  it('is read from .netpol-lint.yaml, default standard', () => {
    assert.equal(effectiveConfig().clusterNetworkPolicy.channel, 'standard');
    const { layer, problems } = parseConfigFile(yaml('clusterNetworkPolicy:', '  channel: experimental'));
    assert.deepEqual(problems, []);
    assert.equal(effectiveConfig(layer).clusterNetworkPolicy.channel, 'experimental');
  });

  it('reports a bad value or key where it is, and keeps the default', () => {
    const text = yaml('clusterNetworkPolicy:', '  channel: Experimental', '  chanel: standard');
    const { layer, problems } = parseConfigFile(text);
    assert.deepEqual(
      problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
      [
        [
          'Unknown channel "Experimental": use standard or experimental (the network-policy-api CRDs the cluster installed) (clusterNetworkPolicy.channel)',
          'Experimental',
        ],
        ['Unknown key "chanel": did you mean "channel"? Allowed: channel (clusterNetworkPolicy)', 'chanel'],
      ],
    );
    assert.equal(effectiveConfig(layer).clusterNetworkPolicy.channel, 'standard');
    assert.deepEqual(
      parseConfigObject({ clusterNetworkPolicy: 'experimental' }).problems.map((p) => p.message),
      ['Must be a map with the key channel (standard or experimental) (clusterNetworkPolicy)'],
    );
  });

  it('the editor setting overrides the file; unset (null, as VS Code sends it) leaves the file in force', async () => {
    let editor: unknown = { clusterNetworkPolicy: { channel: 'experimental' } };
    const warnings: string[] = [];
    const settings = new ServerSettings(
      async () => editor,
      (m) => warnings.push(m),
    );
    settings.initialize({ capabilities: { workspace: { configuration: true } } } as never);
    await settings.load();
    const file = parseConfigFile(yaml('clusterNetworkPolicy:', '  channel: standard')).layer;
    assert.equal(settings.configure(file).clusterNetworkPolicy.channel, 'experimental');
    editor = { clusterNetworkPolicy: { channel: null } };
    await settings.changed({});
    assert.equal(
      settings.configure(parseConfigFile(yaml('clusterNetworkPolicy:', '  channel: experimental')).layer).clusterNetworkPolicy.channel,
      'experimental',
    );
    assert.equal(settings.configure(undefined).clusterNetworkPolicy.channel, 'standard');
    assert.deepEqual(warnings, []);
  });

  it('a change re-analyses every file: the same text, the other channel, the other answer', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cnp.yaml', EXPERIMENTAL_ONLY);
    const codes = () => ws.result('cnp.yaml')!.findings.map((f) => f.code);
    assert.deepEqual(codes(), ['unknown-field']);
    ws.setConfig({ ...defaultConfig(), clusterNetworkPolicy: { channel: 'experimental' } });
    assert.deepEqual(codes(), []);
    ws.setConfig(defaultConfig());
    assert.deepEqual(codes(), ['unknown-field']);
  });
});
