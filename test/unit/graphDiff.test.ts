/**
 * `netpol-lint graph --diff`: golden DOT / Mermaid / JSON files on a small pair of sides
 * (test/data/graph/diff/before and after: an edge added, one removed, one changed, one unchanged,
 * a workload added and one removed, an address range newly admitted), the SVG's marks, and
 * properties on generated pairs of clusters: every pair an edge stands for has the sets the oracle
 * finds on each side (before: `change.before`, else `allowed`), every pair with a set on either
 * side is on an edge, and `graph --diff X X` marks nothing and is the graph of X. The golden files
 * were written by the code and read edge by edge against the two sides' policies; `GOLDEN=update`
 * rewrites them (then read the diff).
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { type GraphBefore, graphBeforeSide, graphCommand, workspaceDiffGraph } from '../../server/src/cli/graph';
import { graphSvg } from '../../server/src/cli/graphSvg';
import { type ConnectionSet, defaultConfig, Workspace } from '../../server/src/core/index';
import type { Graph } from '../../server/src/core/services/graph';
import { drawnEdges } from '../../server/src/core/services/graphRender';
import { clusterArb, clusterYaml, oracle } from '../diffClusters';

const DATA = join(__dirname, '../data/graph');

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace(defaultConfig());
  for (const [name, text] of Object.entries(files)) ws.update(name, text);
  return ws;
}

const side = (which: 'before' | 'after') => workspace({ [`${which}/shop.yaml`]: readFileSync(join(DATA, `diff/${which}/shop.yaml`), 'utf8') });
/** The before side as the CLI names it when run from the repository's root. */
const before = (ws: Workspace): GraphBefore => ({ workspace: ws, side: graphBeforeSide(['test/data/graph/diff/before'], ['test/data/graph/diff/after']) });

function golden(name: string, actual: string): void {
  const file = join(DATA, name);
  if (process.env.GOLDEN === 'update') writeFileSync(file, actual);
  assert.equal(actual, readFileSync(file, 'utf8'), `${name} differs (GOLDEN=update rewrites it; then read the diff)`);
}

/** Each edge as `from -> to kind: label` (kind: the change, or `same`). */
const edgeLines = (g: Graph) => g.edges.map((e) => `${g.nodes[e.from].id} -> ${g.nodes[e.to].id} ${e.change?.kind ?? 'same'}: ${e.label}`);

describe('netpol-lint graph --diff', () => {
  it('writes the golden DOT, Mermaid and JSON of the shop change', () => {
    for (const [format, ext] of [
      ['dot', 'dot'],
      ['mermaid', 'mmd'],
      ['json', 'json'],
    ] as const)
      golden(`diff-shop.${ext}`, graphCommand(side('after'), format, [], {}, undefined, before(side('before'))).out);
  });

  it('marks what the change did: added, removed and changed edges, workloads on one side only', () => {
    const { graph } = workspaceDiffGraph(before(side('before')), side('after'));
    const lines = edgeLines(graph);
    for (const line of [
      'shop/web -> shop/api changed: ~ TCP 8080 -> TCP 8080,8443',
      'shop/api -> shop/db removed: - TCP 5432',
      'shop/worker -> shop/db added: + TCP 5432',
      'shop/api -> pay/gateway same: TCP 443',
      '203.0.113.0-203.0.113.255 -> pay/gateway added: + TCP 443',
    ])
      assert.ok(lines.includes(line), `${line} in\n${lines.join('\n')}`);
    const removed = graph.edges.find((e) => e.change?.kind === 'removed')!;
    assert.ok(removed.allowed.isEmpty(), 'a removed edge allows nothing now');
    assert.deepEqual(
      graph.nodes.filter((n) => n.change).map((n) => `${n.id} ${n.change}`),
      ['shop/worker added', 'shop/legacy removed'],
    );
    // legacy's egress was open: every edge from it is removed, none is drawn to it (shop denies ingress)
    assert.ok(lines.filter((l) => l.startsWith('shop/legacy ')).every((l) => l.includes(' removed: - all')));
    const json = JSON.parse(graphCommand(side('after'), 'json', [], {}, undefined, before(side('before'))).out);
    assert.deepEqual(json.changes, { added: 4, removed: 3, changed: 1 });
    assert.deepEqual(json.before, { side: 'test/data/graph/diff/before', paths: ['test/data/graph/diff/before'] });
    const changed = json.edges.find((e: { change?: string }) => e.change === 'changed');
    assert.deepEqual(
      [changed.before, changed.allowed],
      [
        [{ protocol: 'TCP', ports: [[8080, 8080]] }],
        [
          {
            protocol: 'TCP',
            ports: [
              [8080, 8080],
              [8443, 8443],
            ],
          },
        ],
      ],
    );
    assert.equal(json.edges.filter((e: { change?: string; before?: unknown }) => e.change === undefined && e.before !== undefined).length, 0);
  });

  it('--port cuts both sides: on TCP 8443 only the web -> api edge is left, added', () => {
    const { graph } = workspaceDiffGraph(before(side('before')), side('after'), { to: ['shop/*'] }, { port: 8443, protocol: 'TCP' });
    assert.deepEqual(
      edgeLines(graph).filter((l) => !l.includes('0.0.0.0') && !l.includes('203.0.113')),
      ['shop/web -> shop/api added: + TCP 8443'],
    );
  });

  it('the SVG carries the marks: each changed edge and node by class, in its colour, its full change as the title', async () => {
    const { graph } = workspaceDiffGraph(before(side('before')), side('after'));
    // Graphviz writes a '-' in an attribute as &#45;
    const svg = (await graphSvg(graph)).replace(/&#45;/g, '-');
    const colour = { added: '#1e8449', removed: '#c0392b', changed: '#b9770e' };
    const index = new Map(graph.edges.map((e, k) => [e, k]));
    for (const { edge } of drawnEdges(graph)) {
      const k = index.get(edge)!;
      const m = new RegExp(`<g id="e${k}" class="edge ([^"]*)">\\s*<title>([^<]*)</title>[\\s\\S]*?<path fill="none" stroke="([^"]*)"`).exec(svg);
      assert.ok(m, `edge e${k} in the SVG`);
      assert.equal(m[1], `${edge.scope}${edge.change ? ` ${edge.change.kind}` : ''}`);
      assert.equal(m[3], edge.change ? colour[edge.change.kind] : '#7f8c8d');
      if (edge.change?.kind === 'changed') assert.match(m[2], /: ~ TCP 8080 -&gt; TCP 8080,8443$/);
    }
    for (const [i, n] of graph.nodes.entries()) if (n.change) assert.match(svg, new RegExp(`<g id="n${i}" class="node ${n.change}">`));
  });
});

/** The diff graph's pairs: `from => to` -> [before, after], external members named as the oracle names an address (`ipv4:<first>`). */
function graphPairs(g: Graph, ranges: ReturnType<typeof workspaceDiffGraph>['ranges']): Map<string, [ConnectionSet, ConnectionSet]> {
  const byName = new Map(ranges.map((r) => [r.name, `${r.family}:${r.first}`]));
  const name = (m: string) => byName.get(m) ?? m;
  const out = new Map<string, [ConnectionSet, ConnectionSet]>();
  for (const e of g.edges)
    for (const a of g.nodes[e.from].members)
      for (const b of g.nodes[e.to].members) {
        if (a === b) continue;
        const key = `${name(a)} => ${name(b)}`;
        assert.ok(!out.has(key), `${key} is on two edges`);
        out.set(key, [e.change?.before ?? e.allowed, e.allowed]);
      }
  return out;
}

describe('graph --diff properties on generated clusters', () => {
  it('each pair an edge stands for has both sides’ sets, its mark says how they differ, and every pair allowed on either side is drawn', () => {
    fc.assert(
      fc.property(clusterArb, clusterArb, (ca, cb) => {
        const a = workspace({ 'a.yaml': clusterYaml(ca) });
        const b = workspace({ 'b.yaml': clusterYaml(cb) });
        const { graph, pods, ranges, engine } = workspaceDiffGraph({ workspace: a, side: graphBeforeSide(['a.yaml'], ['b.yaml']) }, b);
        const ids = pods.map((p) => p.id);
        // each piece lies in one range of each side: its first address speaks for it
        const at = ranges.map((r) => ({ family: r.family, value: r.first }));
        const was = oracle(workspaceDiffGraph({ workspace: a, side: graphBeforeSide(['a.yaml'], ['a.yaml']) }, a).engine, ids, at);
        const now = oracle(engine, ids, at);
        const drawn = graphPairs(graph, ranges);
        for (const e of graph.edges) {
          const [x, y] = [e.change?.before ?? e.allowed, e.allowed];
          assert.equal(e.change?.kind, x.equals(y) ? undefined : x.isEmpty() ? 'added' : y.isEmpty() ? 'removed' : 'changed');
        }
        if (pods.length === 0) return assert.equal(graph.edges.length, 0);
        for (const [k, s] of was) {
          const t = now.get(k)!;
          const got = drawn.get(k);
          if (s.isEmpty() && t.isEmpty()) assert.equal(got, undefined, `${k}: nothing either side, yet drawn`);
          else {
            assert.ok(got, `${k}: ${s} -> ${t} not drawn`);
            assert.ok(got[0].equals(s) && got[1].equals(t), `${k}: drawn ${got[0]} -> ${got[1]}, is ${s} -> ${t}`);
          }
        }
        assert.equal(drawn.size, [...was].filter(([k, s]) => !s.isEmpty() || !now.get(k)!.isEmpty()).length);
      }),
      { numRuns: 100, seed: 20261207 },
    );
  });

  it('graph --diff X X marks nothing: its nodes and edges are the graph of X, in every format', () => {
    fc.assert(
      fc.property(clusterArb, (c) => {
        const text = clusterYaml(c);
        const x = workspace({ 'x.yaml': text });
        const self: GraphBefore = { workspace: workspace({ 'x.yaml': text }), side: graphBeforeSide(['x.yaml'], ['x.yaml']) };
        const { graph } = workspaceDiffGraph(self, x);
        assert.deepEqual(
          graph.edges.filter((e) => e.change),
          [],
        );
        assert.deepEqual(
          graph.nodes.filter((n) => n.change),
          [],
        );
        const json = JSON.parse(graphCommand(x, 'json', [], {}, undefined, self).out);
        assert.deepEqual(json.changes, { added: 0, removed: 0, changed: 0 });
        const { before: _b, changes: _c, ...rest } = json;
        assert.deepEqual(rest, JSON.parse(graphCommand(x, 'json', [], {}).out));
        for (const format of ['dot', 'mermaid'] as const) {
          const out = graphCommand(x, format, [], {}, undefined, self).out;
          assert.doesNotMatch(out, /"[+~-] |\|"(#126;|[+-]) /, `${format}: no edge label is marked`);
          assert.doesNotMatch(out, /#1e8449|#b9770e|#c0392b/, `${format}: nothing green, amber or red`);
        }
      }),
      { numRuns: 100, seed: 20261208 },
    );
  });
});
