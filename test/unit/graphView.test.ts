/**
 * The editor's graph view: its data (core/services/graphView.ts, what netpolLint/graph sends) and
 * its model (client/src/graph/model.ts): the filters by namespace, port, protocol, cross-namespace
 * and external edges, and the compound elements drawn (namespaces as parents).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { edgeId, elementsOf, filterGraph, type GraphData, parsePortFilter, setAllows } from '../../client/src/graph/model';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { explainEdge, graphView } from '../../server/src/core/services/graphView';
import { docs, np } from '../connectivityModel';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
const pod = (namespace: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: ${app}}\nspec:\n  containers: [{name: c, image: i}]\n`;

/** tenant-a: db takes TCP 5432 from web only; web is isolated for egress except to db and DNS (UDP 53 anywhere). tenant-b: api, open. */
function workspace(): Workspace {
  const ws = new Workspace(defaultConfig());
  ws.update('cluster.yaml', docs(ns('tenant-a'), ns('tenant-b'), pod('tenant-a', 'db', 'db'), pod('tenant-a', 'web', 'web'), pod('tenant-b', 'api', 'api')));
  ws.update(
    'db.yaml',
    docs(
      np('db', 'tenant-a', [
        'podSelector: {matchLabels: {app: db}}',
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from: [{podSelector: {matchLabels: {app: web}}}]',
        '    ports: [{protocol: TCP, port: 5432}]',
      ]),
      np('web-out', 'tenant-a', [
        'podSelector: {matchLabels: {app: web}}',
        'policyTypes: [Egress]',
        'egress:',
        '  - to: [{podSelector: {matchLabels: {app: db}}}]',
        '  - ports: [{protocol: UDP, port: 53}]',
      ]),
    ),
  );
  return ws;
}

const data = (): GraphData => JSON.parse(JSON.stringify(graphView(workspace()))) as GraphData;
const pairs = (edges: { from: string; to: string }[]) => edges.map((e) => `${e.from} -> ${e.to}`).sort();

describe('graph view: data from the workspace', () => {
  it('has the namespaces, and an edge exactly where the engine allows something', () => {
    const g = data();
    assert.deepEqual(g.namespaces, ['tenant-a', 'tenant-b']);
    const web = g.edges.filter((e) => e.from === 'tenant-a/web');
    // web reaches db (the egress rule, db's ingress rule) and, on UDP 53, api and the outside
    const outside = g.nodes.filter((n) => n.kind === 'external').map((n) => n.id);
    assert.equal(outside.length, 1, 'no ipBlock: the outside is one node');
    assert.deepEqual(
      web.map((e) => [e.to, e.text]).sort(),
      [
        [outside[0], 'UDP 53'],
        ['tenant-a/db', 'TCP 5432'],
        ['tenant-b/api', 'UDP 53'],
      ].sort(),
    );
    assert.equal(
      g.edges.find((e) => e.from === 'tenant-b/api' && e.to === 'tenant-a/db'),
      undefined,
      'db takes nothing from tenant-b',
    );
  });

  it('explains an edge by the rules of both sides, with their places', () => {
    const e = explainEdge(workspace(), 'tenant-a/web', 'tenant-a/db');
    assert.equal(e?.allowed, 'TCP 5432');
    assert.deepEqual(
      e?.rules.map((r) => [r.side, r.policy, r.rule, r.place?.file]),
      [
        ['egress', 'tenant-a/web-out', 0, 'db.yaml'],
        ['ingress', 'tenant-a/db', 0, 'db.yaml'],
      ],
    );
    assert.equal(explainEdge(workspace(), 'tenant-a/nope', 'tenant-a/db'), undefined);
  });
});

describe('graph view: filters', () => {
  it('by namespace: the edges with an end in it, and its workloads', () => {
    const g = data();
    const inA = (id: string) => id.startsWith('tenant-a/');
    assert.ok(
      g.edges.some((e) => !inA(e.from) && !inA(e.to)),
      'the data has edges outside tenant-a (api and the outside)',
    );
    const f = filterGraph(g, { namespace: 'tenant-a' });
    assert.ok(f.edges.length > 0);
    assert.ok(f.edges.every((e) => inA(e.from) || inA(e.to)));
    assert.deepEqual(
      f.nodes.filter((n) => n.namespace === 'tenant-a').map((n) => n.id),
      ['tenant-a/db', 'tenant-a/web'],
    );
  });

  it('by port and protocol: only the edges whose set allows it', () => {
    const g = data();
    assert.deepEqual(pairs(filterGraph(g, { port: 5432, protocol: 'TCP' }).edges.filter((e) => e.from === 'tenant-a/web')), ['tenant-a/web -> tenant-a/db']);
    const udp = filterGraph(g, { protocol: 'UDP' }).edges;
    assert.ok(udp.some((e) => e.from === 'tenant-a/web' && e.to === 'tenant-b/api'));
    assert.ok(!udp.some((e) => e.from === 'tenant-a/web' && e.to === 'tenant-a/db'), 'web -> db is TCP only');
  });

  it('only cross-namespace, only external', () => {
    const g = data();
    const cross = filterGraph(g, { crossNamespaceOnly: true });
    assert.ok(cross.edges.length > 0 && cross.edges.every((e) => e.scope === 'cross-namespace'));
    assert.ok(cross.edges.some((e) => e.from === 'tenant-b/api' && e.to === 'tenant-a/web'));
    const ext = filterGraph(g, { externalOnly: true });
    assert.ok(ext.edges.length > 0 && ext.edges.every((e) => e.scope === 'external'));
    assert.ok(
      ext.nodes.every((n) => ext.edges.some((e) => e.from === n.id || e.to === n.id)),
      'only the ends of the kept edges',
    );
  });

  it('the port box: a port, or no filter', () => {
    assert.equal(parsePortFilter(' 443 '), 443);
    for (const t of ['', '0', '65536', 'http', '4.5']) assert.equal(parsePortFilter(t), undefined, t);
    assert.equal(setAllows('all', 1, 'SCTP'), true);
    assert.equal(setAllows([{ protocol: 'TCP', ports: [[80, 90]] }], 85, 'UDP'), false);
  });
});

describe('graph view: elements', () => {
  it('namespaces and the outside are compound parents of their nodes; each edge is one element', () => {
    const g = data();
    const els = elementsOf(g.nodes, g.edges);
    const parent = (id: string) => els.find((e) => e.data.id === id)?.data.parent;
    assert.equal(parent('tenant-a/db'), 'ns:tenant-a');
    assert.equal(parent('tenant-b/api'), 'ns:tenant-b');
    assert.equal(parent(g.nodes.find((n) => n.kind === 'external')!.id), 'outside:');
    assert.equal(els.filter((e) => e.group === 'edges').length, g.edges.length);
    assert.ok(els.some((e) => e.data.id === edgeId({ from: 'tenant-a/web', to: 'tenant-a/db' }) && e.data.label === 'TCP 5432'));
  });
});

describe('graph view: compared with a before side (git HEAD in the editor)', () => {
  /** The workspace with db's ingress from web widened from TCP 5432 to 5432 and 5433, and api gone. */
  const before = () => {
    const ws = new Workspace(defaultConfig());
    ws.update('cluster.yaml', docs(ns('tenant-a'), ns('tenant-b'), pod('tenant-a', 'db', 'db'), pod('tenant-a', 'web', 'web')));
    ws.update(
      'db.yaml',
      np('db', 'tenant-a', [
        'podSelector: {matchLabels: {app: db}}',
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from: [{podSelector: {matchLabels: {app: web}}}]',
        '    ports: [{protocol: TCP, port: 5432}, {protocol: TCP, port: 5433}]',
      ]),
    );
    return ws;
  };

  it('marks each edge and workload the change touched, and the drawing carries the marks as classes', () => {
    const g = JSON.parse(JSON.stringify(graphView(workspace(), before()))) as GraphData;
    const web = g.edges.find((e) => e.from === 'tenant-a/web' && e.to === 'tenant-a/db')!;
    assert.deepEqual([web.change, web.before, web.text, web.label], ['changed', 'TCP 5432-5433', 'TCP 5432', '~ TCP 5432-5433 -> TCP 5432']);
    assert.deepEqual(
      g.nodes.filter((n) => n.change).map((n) => `${n.id} ${n.change}`),
      ['tenant-b/api added'],
    );
    assert.ok(g.edges.filter((e) => e.from === 'tenant-b/api').every((e) => e.change === 'added'));
    const els = elementsOf(g.nodes, g.edges);
    const el = (id: string) => els.find((e) => e.data.id === id)!;
    assert.equal(el(edgeId(web)).classes, 'namespace changed');
    assert.equal(el(edgeId(web)).data.title, 'TCP 5432-5433 -> TCP 5432');
    assert.equal(el('tenant-b/api').classes, 'workloads added');
    // the same workspace on both sides: nothing marked, the plain graph's edges
    const same = JSON.parse(JSON.stringify(graphView(workspace(), workspace()))) as GraphData;
    assert.deepEqual(same.edges, data().edges);
    assert.ok(elementsOf(same.nodes, same.edges).every((e) => !/added|removed|changed/.test(e.classes ?? '')));
  });
});
