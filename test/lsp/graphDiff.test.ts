/**
 * The graph view's "compare with git HEAD" (netpolLint/graph with { compare: "HEAD" }): the workspace,
 * unsaved edits included, against its folder's last commit, each edge that differs marked as the CLI's
 * `graph --diff git:HEAD` marks it; outside a git repository a clear error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedFolder, serverInFolder, tempFolder } from './client';
import { docs, np } from '../connectivityModel';
import { ns, pod } from '../diffClusters';
import { GRAPH_REQUEST } from '../../server/src/shared/commands';

const CLUSTER = docs(ns('tenant-a'), ns('tenant-b'), pod('tenant-a', 'db', 'db'), pod('tenant-a', 'web', 'web'), pod('tenant-b', 'api', 'api'));
const dbFrom = (peer: string, port: number) =>
  np('db', 'tenant-a', [
    'podSelector: {matchLabels: {app: db}}',
    'policyTypes: [Ingress]',
    'ingress:',
    `  - from: [${peer}]`,
    `    ports: [{protocol: TCP, port: ${port}}]`,
  ]);
const FROM_WEB = dbFrom('{podSelector: {matchLabels: {app: web}}}', 5432);

interface Graph {
  nodes: { id: string; change?: string }[];
  edges: { from: string; to: string; label: string; change?: string; before?: string; text: string }[];
}

describe('language server: the graph compared with git HEAD', () => {
  const folder = serverInFolder(() => committedFolder('netpol-graph-head-', { 'cluster.yaml': CLUSTER, 'db.yaml': FROM_WEB }));
  const graph = (params?: unknown) => folder.client.conn.sendRequest(GRAPH_REQUEST, params) as Promise<Graph>;
  const waitIndexed = async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };
  const into = (g: Graph, to: string) => g.edges.filter((e) => e.to === to).map((e) => `${e.from} ${e.change ?? 'same'} ${e.label}`);

  it('nothing changed: no edge marked, the same edges as the plain graph', async () => {
    await waitIndexed();
    const plain = await graph();
    const head = await graph({ compare: 'HEAD' });
    assert.ok(head.edges.every((e) => e.change === undefined && e.before === undefined));
    assert.deepEqual(head.edges, plain.edges);
  });

  it('an unsaved edit: db takes TCP 5432 from tenant-b/api instead of web, one edge added and one removed', async () => {
    await folder.client.open(folder.uri('db.yaml'), docs(dbFrom('{namespaceSelector: {}, podSelector: {matchLabels: {app: api}}}', 5432)));
    const g = await graph({ compare: 'HEAD' });
    assert.deepEqual(into(g, 'tenant-a/db').sort(), ['tenant-a/web removed - TCP 5432', 'tenant-b/api added + TCP 5432']);
    const removed = g.edges.find((e) => e.change === 'removed')!;
    assert.equal(removed.before, 'TCP 5432');
    assert.equal(removed.text, 'none');
    // the plain graph has no removed edge
    assert.deepEqual(into(await graph(), 'tenant-a/db'), ['tenant-b/api same TCP 5432']);
  });

  it('parameters other than { compare: "HEAD" } are a clear error', async () => {
    await assert.rejects(graph({ compare: 'main' }), /netpolLint\/graph takes no parameters, or \{ compare: "HEAD" \}/);
  });
});

describe('language server: the graph compared with git HEAD, outside a git repository', () => {
  const folder = serverInFolder(() => tempFolder('netpol-graph-nogit-', { 'db.yaml': FROM_WEB }));
  it('fails with a message that says what it needs; the plain graph still answers', async () => {
    await assert.rejects(
      folder.client.conn.sendRequest(GRAPH_REQUEST, { compare: 'HEAD' }),
      /"compare with git HEAD" compares the workspace with its last commit \(git HEAD\): .*not in one/,
    );
    assert.ok(Array.isArray(((await folder.client.conn.sendRequest(GRAPH_REQUEST)) as Graph).edges));
  });
});
