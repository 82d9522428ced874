/**
 * A workspace read for the connectivity answers only (`reach`, `explain`: Workspace reading
 * 'models') declares the same cluster as one read for lint, and runs no rule.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { Connectivity, defaultConfig, Workspace } from '../../server/src/core/index';
import { CORPUS, corpusFiles } from '../corpus';
import { DENY_ALL, yaml } from '../helpers';

const EXAMPLES = join(__dirname, '../../examples');

function read(files: [string, string][], reading: 'lint' | 'models'): Workspace {
  const ws = new Workspace(defaultConfig(), () => undefined, reading);
  for (const [f, t] of files) ws.update(f, t);
  return ws;
}

/** A cluster policy (cluster-scoped: in no namespace), so that both readings have one to compare. */
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
  '        - networks: ["10.0.0.0/8"]',
  '      protocols:',
  '        - udp: {destinationPort: {number: 53}}',
);

const corpus = (): [string, string][] => [
  ['cluster/guardrails.yaml', CNP],
  ...corpusFiles().map((p): [string, string] => [relative(CORPUS, p), readFileSync(p, 'utf8')]),
  ...corpusFiles(EXAMPLES).map((p): [string, string] => [`examples/${relative(EXAMPLES, p)}`, readFileSync(p, 'utf8')]),
];

/** Every field of the cluster's objects the answers read, with where each object is. */
function declared(ws: Workspace) {
  const o = ws.objects();
  return {
    policies: o.policies.map((r) => ({ file: r.file, document: r.document, offset: ws.offsetIn(r, r.policy.root.span), policy: r.policy })),
    workloads: o.workloads.map((r) => ({ file: r.file, document: r.document, workload: r.workload })),
    namespaces: o.namespaces.map((r) => ({ file: r.file, document: r.document, namespace: r.namespace })),
    clusterPolicies: ws.clusterPolicies().map((r) => ({ file: r.file, document: r.document, policy: r.clusterPolicy })),
  };
}

describe('the models reading (reach, explain)', () => {
  it('declares the same policies, cluster policies, workloads, Namespaces and unreadable documents as the lint reading, over the corpus and the examples', () => {
    const files = corpus();
    assert.ok(files.length > 20);
    const lint = read(files, 'lint');
    const models = read(files, 'models');
    const a = declared(lint);
    assert.ok(a.policies.length > 50 && a.workloads.length > 5 && a.namespaces.length > 0 && a.clusterPolicies.length > 0);
    assert.deepEqual(declared(models), a);
    assert.ok(lint.unreadable().length > 0, 'the corpus holds unreadable documents');
    assert.deepEqual(models.unreadable(), lint.unreadable());
    // the answers themselves: the connection sets of every pair
    const sets = (ws: Workspace) => {
      const m = new Connectivity(ws.cluster()).connections();
      return m.pods.map((_p, i) => m.pods.map((_q, j) => m.table.sets[m.idOf(i, j)].toJSON()));
    };
    assert.deepEqual(sets(models), sets(lint));
  });

  it('runs no rule: a policy lint warns about has no findings, and results are refused', () => {
    // egress denied without a DNS exception: missing-dns-egress in the lint reading
    const text = DENY_ALL;
    const lint = read([['deny.yaml', text]], 'lint');
    assert.ok(lint.result('deny.yaml')!.findings.some((f) => f.code === 'missing-dns-egress'));
    const models = read([['deny.yaml', text]], 'models');
    const snap = models.snapshot('deny.yaml')!;
    assert.equal(snap.policies.length, 1);
    assert.deepEqual(snap.chunk(0).analysed.findings, []);
    assert.throws(() => models.result('deny.yaml'), /reads models only/);
  });

  it('an edit in a models workspace updates the models (the file read again around the edit)', () => {
    const pod = (name: string, app: string) =>
      yaml(
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        `  name: ${name}`,
        '  namespace: tenant-a',
        `  labels: {app: ${app}}`,
        'spec:',
        '  containers: [{name: c, image: i}]',
      );
    const before = `${pod('a', 'web')}---\n${pod('b', 'db')}`;
    const ws = read([['pods.yaml', before]], 'models');
    const at = before.lastIndexOf('db');
    const after = `${before.slice(0, at)}web${before.slice(at + 2)}`;
    ws.update('pods.yaml', after, { start: at, end: at + 2, newLength: 3 });
    assert.deepEqual(
      ws.objects().workloads.map((r) => [r.workload.name, r.workload.labels.app]),
      [
        ['a', 'web'],
        ['b', 'web'],
      ],
    );
  });
});
