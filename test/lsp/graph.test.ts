/** The graph view's requests (netpolLint/graph, netpolLint/graphEdge) and the change signal that refreshes it. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { serverInFolder, tempFolder } from './client';
import { docs, np } from '../connectivityModel';
import { GRAPH_EDGE_REQUEST, GRAPH_REQUEST, WORKSPACE_CHANGED_NOTIFICATION } from '../../server/src/shared/commands';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
const pod = (namespace: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: ${app}}\nspec:\n  containers: [{name: c, image: i}]\n`;
const CLUSTER = docs(ns('tenant-a'), ns('tenant-b'), pod('tenant-a', 'db', 'db'), pod('tenant-a', 'web', 'web'), pod('tenant-b', 'api', 'api'));
const DB = np('db', 'tenant-a', [
  'podSelector: {matchLabels: {app: db}}',
  'policyTypes: [Ingress]',
  'ingress:',
  '  - from: [{podSelector: {matchLabels: {app: web}}}]',
  '    ports: [{protocol: TCP, port: 5432}]',
]);

/** The 0-based line of the first line that starts with `start`. */
const lineOf = (text: string, start: string) => text.split('\n').findIndex((l) => l.startsWith(start));

interface Node {
  id: string;
  kind: string;
  namespace?: string;
  location?: { uri: string; range: { start: { line: number } } };
}
interface Edge {
  from: string;
  to: string;
  label: string;
  scope: string;
}
interface Graph {
  namespaces: string[];
  nodes: Node[];
  edges: Edge[];
}
interface Explanation {
  allowed: string;
  rules: { side: string; policy: string; rule: number; allows: string; location?: { uri: string; range: { start: { line: number } } } }[];
}

describe('language server: the connectivity graph of the workspace', () => {
  const folder = serverInFolder(() => tempFolder('netpol-graph-lsp-', { 'cluster.yaml': CLUSTER, 'db.yaml': DB }));
  const graph = () => folder.client.conn.sendRequest(GRAPH_REQUEST) as Promise<Graph>;
  const edge = (from: string, to: string) => folder.client.conn.sendRequest(GRAPH_EDGE_REQUEST, { from, to }) as Promise<Explanation>;
  const waitIndexed = async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  it('answers with namespaces, workloads located at their manifests, and only the edges the policies allow', async () => {
    await waitIndexed();
    const g = await graph();
    assert.deepEqual(g.namespaces, ['tenant-a', 'tenant-b']);
    const db = g.nodes.find((n) => n.id === 'tenant-a/db');
    assert.equal(db?.kind, 'workloads');
    assert.equal(db?.location?.uri, folder.uri('cluster.yaml'));
    assert.equal(db?.location?.range.start.line, lineOf(CLUSTER, '  name: db'));
    const intoDb = g.edges.filter((e) => e.to === 'tenant-a/db');
    assert.deepEqual(
      intoDb.map((e) => [e.from, e.label]),
      [['tenant-a/web', 'TCP 5432']],
    );
    const cross = g.edges.find((e) => e.from === 'tenant-b/api' && e.to === 'tenant-a/web');
    assert.equal(cross?.scope, 'cross-namespace');
    assert.ok(g.nodes.some((n) => n.kind === 'external'));
  });

  it('explains an edge by its deciding rule, located at the rule in the policy', async () => {
    const e = await edge('tenant-a/web', 'tenant-a/db');
    assert.equal(e.allowed, 'TCP 5432');
    const ingress = e.rules.filter((r) => r.side === 'ingress');
    assert.deepEqual(
      ingress.map((r) => [r.policy, r.rule, r.allows]),
      [['tenant-a/db', 0, 'TCP 5432']],
    );
    assert.equal(ingress[0].location?.uri, folder.uri('db.yaml'));
    assert.equal(ingress[0].location?.range.start.line, lineOf(DB, '    - from:'));
  });

  it('an unknown edge is a clear error, not a crash', async () => {
    await assert.rejects(edge('tenant-a/nope', 'tenant-a/db'), /knows no edge from tenant-a\/nope/);
    await assert.rejects(folder.client.conn.sendRequest(GRAPH_EDGE_REQUEST, { from: 3 }), /wants \{ from, to \}/);
  });

  it('signals a change when a policy is typed, and the graph follows the unsaved text', async () => {
    let signals = 0;
    const sub = folder.client.conn.onNotification(WORKSPACE_CHANGED_NOTIFICATION, () => {
      signals++;
    });
    await folder.client.open(folder.uri('db.yaml'), DB.replace('app: web}}}]', 'app: web}}}, {namespaceSelector: {}}]'));
    const deadline = Date.now() + 5000;
    while (signals === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    sub.dispose();
    assert.ok(signals > 0, 'no netpolLint/workspaceChanged after the edit');
    const g = await graph();
    assert.deepEqual(g.edges.find((e) => e.from === 'tenant-b/api' && e.to === 'tenant-a/db')?.label, 'TCP 5432');
  });
});
