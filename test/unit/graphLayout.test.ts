/**
 * The grid layout of large graphs (`graph --format svg` past DOT_LAYOUT_MAX_EDGES edges), checked
 * on what Graphviz draws from it: every node inside its namespace's box (the outside's for
 * addresses), no two nodes overlapping, no two boxes overlapping, for labels of every width (a
 * box wider for its name than for its nodes, several columns of nodes, names beyond ASCII, groups
 * drawn with a double outline, an ellipse for addresses).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { workspaceGraph } from '../../server/src/cli/graph';
import { graphSvg } from '../../server/src/cli/graphSvg';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { gridLayout, textWidth } from '../../server/src/core/services/graphLayout';

const ROOT = join(__dirname, '../..');

interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The bounding box of the shapes (paths, polygons, ellipses) drawn in an SVG fragment, its text left out. */
function bounds(fragment: string): Rect {
  const xs: number[] = [];
  const ys: number[] = [];
  const shapes = fragment.replace(/<text[\s\S]*?<\/text>/g, '');
  for (const m of shapes.matchAll(/(?:d|points)="([^"]*)"/g))
    for (const p of m[1].matchAll(/(-?[\d.]+),(-?[\d.]+)/g)) {
      xs.push(Number(p[1]));
      ys.push(Number(p[2]));
    }
  for (const m of shapes.matchAll(/<ellipse [^>]*cx="([-\d.]+)" cy="([-\d.]+)" rx="([\d.]+)" ry="([\d.]+)"/g)) {
    const [cx, cy, rx, ry] = m.slice(1).map(Number);
    xs.push(cx - rx, cx + rx);
    ys.push(cy - ry, cy + ry);
  }
  assert.ok(xs.length > 0, `a shape in ${fragment.slice(0, 80)}`);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

const overlap = (a: Rect, b: Rect) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Rect, b: Rect) => a.x0 >= b.x0 && a.x1 <= b.x1 && a.y0 >= b.y0 && a.y1 <= b.y1;

/** A namespace of pods each of which a policy tells apart (one node each), named as given. */
function distinctPods(ns: string, names: readonly string[]): string {
  const docs = names.flatMap((name, i) => [
    `apiVersion: v1\nkind: Pod\nmetadata: {name: "${name}", namespace: "${ns}", labels: {app: "p${i}"}}\n`,
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "p${i}", namespace: "${ns}"}\nspec:\n  podSelector: {matchLabels: {app: "p${i}"}}\n  policyTypes: [Ingress]\n  ingress: [{from: [{podSelector: {}}], ports: [{port: ${8000 + i}}]}]\n`,
  ]);
  return docs.join('---\n');
}

function scenario(): Workspace {
  const ws = new Workspace(defaultConfig());
  ws.update('tenant-workloads.yaml', readFileSync(join(ROOT, 'test/data/graph/tenant-workloads.yaml'), 'utf8'));
  ws.update('tenant-a-baseline.yaml', readFileSync(join(ROOT, 'examples/tenant-a-baseline.yaml'), 'utf8'));
  const names = ['a', 'web', 'api-gateway', 'a-very-long-workload-name-for-the-box', 'db', 'cache', 'MMMMMMMMWWWW', 'iiii', 'queue'];
  ws.update('wide.yaml', distinctPods('wide', names));
  ws.update('narrow.yaml', distinctPods('a-namespace-whose-name-is-wider-than-its-nodes', ['x']));
  ws.update('unicode.yaml', distinctPods('ünïcødé-名前空間', ['サービス', 'naïve-café', '🚀-launcher']));
  return ws;
}

describe('graph --format svg: the grid layout as Graphviz draws it', () => {
  it('draws every node inside its box, no two nodes nor two boxes overlapping', async () => {
    const { graph } = workspaceGraph(scenario());
    assert.ok(graph.nodes.some((n) => n.members.length > 1) && graph.outside.length > 0, 'groups and addresses in the scenario');
    const svg = await graphSvg(graph, 'grid');
    const clusters = new Map<string, Rect>();
    for (const m of svg.matchAll(/<g id="clust\d+" class="cluster">\s*<title>cluster_([^<]+)<\/title>([\s\S]*?)<\/g>/g)) clusters.set(m[1], bounds(m[2]));
    assert.equal(clusters.size, graph.namespaces.length + 1);
    const nodes = new Map<number, Rect>();
    for (const m of svg.matchAll(/<g id="n(\d+)" class="node">([\s\S]*?)<\/text>/g)) nodes.set(Number(m[1]), bounds(m[2]));
    assert.equal(nodes.size, graph.nodes.length);
    graph.nodes.forEach((n, i) => {
      const box = n.kind === 'external' ? 'outside' : `${graph.namespaces.findIndex((ns) => ns.name === n.namespace)}`;
      assert.ok(inside(nodes.get(i)!, clusters.get(box)!), `${n.id} inside the box of ${n.namespace ?? 'the outside'}`);
      for (let j = 0; j < i; j++) assert.ok(!overlap(nodes.get(i)!, nodes.get(j)!), `${n.id} and ${graph.nodes[j].id} apart`);
    });
    const boxes = [...clusters];
    boxes.forEach(([a, r], k) => {
      for (const [b, s] of boxes.slice(0, k)) assert.ok(!overlap(r, s), `boxes ${a} and ${b} apart`);
    });
    // the wide namespace's nine nodes in more than one column
    const wide = graph.namespaces.find((ns) => ns.name === 'wide')!;
    assert.ok(new Set(wide.nodes.map((i) => Math.round(nodes.get(i)!.x0 / 50))).size > 1, 'several columns');
  });

  it('makes each box at least as wide as its name, the whole at least as large as its boxes', () => {
    const { graph } = workspaceGraph(scenario());
    const layout = gridLayout(graph);
    layout.boxes.forEach((b) => {
      const name = b.of === 'outside' ? 'outside the cluster' : graph.namespaces[b.of].name;
      assert.ok(b.width >= textWidth(name, 14), `${name}: ${b.width} pt`);
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height);
    });
  });

  it('measures text with Helvetica widths, anything else as wide as an m', () => {
    assert.equal(textWidth('m', 10), 8.33);
    assert.ok(textWidth('iiii', 11) < textWidth('MMMM', 11));
    assert.equal(textWidth('名', 10), textWidth('m', 10));
    assert.equal(textWidth('', 11), 0);
  });
});
