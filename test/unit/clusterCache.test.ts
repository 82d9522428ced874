/**
 * The workspace keeps its cluster's pods while no workload or Namespace changes (an edit of a
 * policy rebuilds only the policies): the cluster is always the one its objects build.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig, reachReport, Workspace } from '../../server/src/core/index';
import { buildCluster } from '../../server/src/core/connectivity/cluster';
import { yaml } from '../helpers';

const pod = (name: string, ns: string, app: string) =>
  yaml(
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    `  labels: {app: ${app}}`,
    'spec:',
    '  containers: [{name: c, image: i}]',
  );
const namespace = (name: string, team: string) => yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', `  name: ${name}`, `  labels: {team: ${team}}`);
const allowFrom = (name: string, ns: string, app: string) =>
  yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${ns}`,
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Ingress]',
    '  ingress:',
    `    - from: [{podSelector: {matchLabels: {app: ${app}}}}]`,
  );

/** The cluster as the workspace's objects build it from scratch (what `cluster()` must equal). */
const fresh = (ws: Workspace) => buildCluster(ws.objects());

describe("the workspace's cluster across updates", () => {
  it('an edit of a policy keeps the pods and changes the answer', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('pods.yaml', `${pod('a', 'x', 'web')}---\n${pod('b', 'x', 'db')}`);
    const text = allowFrom('p', 'x', 'web');
    ws.update('policy.yaml', text);
    const before = ws.cluster();
    const a = ws.objects().workloads[0];
    assert.match(reachReport(ws, a, 'from')!.markdown, /\| x\/b \| \*\*all\*\* \|/);
    const at = text.indexOf('web');
    const edited = `${text.slice(0, at)}api${text.slice(at + 3)}`;
    ws.update('policy.yaml', edited, { start: at, end: at + 3, newLength: 3, newText: 'api' });
    const after = ws.cluster();
    assert.equal(after.pods, before.pods, 'the same pods: only the policies were read again');
    assert.deepEqual(after, fresh(ws));
    assert.match(reachReport(ws, a, 'from')!.markdown, /\| x\/b \| none \|/);
  });

  it('an edit of a workload or a Namespace builds the pods again', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('pods.yaml', pod('a', 'x', 'web'));
    ws.update('ns.yaml', namespace('x', 'red'));
    const first = ws.cluster();
    ws.update('pods.yaml', pod('a', 'x', 'api'));
    const second = ws.cluster();
    assert.notEqual(second.pods, first.pods);
    assert.equal(second.pods[0].labels.app, 'api');
    ws.update('ns.yaml', namespace('x', 'blue'));
    assert.equal(ws.cluster().namespaces.get('x')?.team, 'blue');
    ws.remove('pods.yaml');
    assert.deepEqual(ws.cluster().pods, []);
  });

  it('is what its objects build after any sequence of updates and removals', () => {
    const files = ['a.yaml', 'b.yaml', 'c.yaml'];
    const doc = fc.oneof(
      fc.tuple(fc.constantFrom('p', 'q'), fc.constantFrom('x', 'y'), fc.constantFrom('web', 'db')).map(([n, ns, app]) => pod(n, ns, app)),
      fc.tuple(fc.constantFrom('x', 'y', 'z'), fc.constantFrom('red', 'blue')).map(([n, t]) => namespace(n, t)),
      fc.tuple(fc.constantFrom('r', 's'), fc.constantFrom('x', 'z'), fc.constantFrom('web', 'db')).map(([n, ns, app]) => allowFrom(n, ns, app)),
    );
    const step = fc.record({ file: fc.constantFrom(...files), docs: fc.option(fc.array(doc, { maxLength: 3 }), { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), (steps) => {
        const ws = new Workspace(defaultConfig());
        for (const s of steps) {
          if (s.docs === undefined) ws.remove(s.file);
          else ws.update(s.file, s.docs.join('---\n'));
          assert.deepEqual(ws.cluster(), fresh(ws));
        }
      }),
      { numRuns: 300 },
    );
  });
});
