/**
 * `netpol-lint graph --format svg`: the SVG Graphviz (WebAssembly) lays out holds every node and
 * every drawn edge of the graph, each under its id with its full text as <title>, namespaces as
 * clusters, cross-namespace edges marked; it is well-formed XML even for names XML must escape.
 * Each of these holds for both layouts: `dot`'s and, for large graphs, the grid's.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { workspaceGraph } from '../../server/src/cli/graph';
import { DOT_LAYOUT_MAX_EDGES, DOT_LAYOUT_MAX_NODES, graphSvg, svgLayout, xmlText } from '../../server/src/cli/graphSvg';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import type { Graph } from '../../server/src/core/services/graph';
import { drawnEdges } from '../../server/src/core/services/graphRender';
import { modelYaml } from '../connectivityModel';

const ROOT = join(__dirname, '../..');

function workspace(files: Record<string, string>): Workspace {
  const ws = new Workspace(defaultConfig());
  for (const [name, text] of Object.entries(files)) ws.update(name, text);
  return ws;
}

const tenants = () =>
  workspace({
    'tenant-workloads.yaml': readFileSync(join(ROOT, 'test/data/graph/tenant-workloads.yaml'), 'utf8'),
    'tenant-a-baseline.yaml': readFileSync(join(ROOT, 'examples/tenant-a-baseline.yaml'), 'utf8'),
  });

/** Throws unless `xml` is well-formed: tags nest and close, attributes quoted, only the five XML entities or character references. */
function assertWellFormed(xml: string): void {
  const body = xml.replace(/^<\?xml[^>]*\?>\s*/, '').replace(/<!DOCTYPE[^>]*>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  for (const m of body.matchAll(/<!--[\s\S]*?-->|<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>|<|&[^;\s]*;?/g)) {
    const [all, close, name, , selfClose] = m;
    if (all.startsWith('<!--')) continue;
    if (all === '<') assert.fail(`a bare < at ${m.index}: ${body.slice(m.index, m.index! + 40)}`);
    if (all.startsWith('&')) {
      assert.match(all, /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/, `entity ${all} at ${m.index}`);
      continue;
    }
    for (const v of m[3].matchAll(/="([^"]*)"/g))
      for (const e of v[1].matchAll(/&[^;\s]*;?/g)) assert.match(e[0], /^&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);$/);
    if (close) assert.equal(stack.pop(), name, `</${name}> closes the open element`);
    else if (!selfClose) {
      if (stack.length === 0) roots++;
      stack.push(name);
    } else if (stack.length === 0) roots++;
  }
  assert.deepEqual(stack, [], 'every element is closed');
  assert.equal(roots, 1, 'one root element');
}

/** The <g> elements of the SVG by id: class and title text (entities decoded for the five). */
function groups(svg: string): Map<string, { cls: string; title: string }> {
  const decode = (t: string) =>
    t
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>')
      .replace(/&quot;/g, '"')
      .replace(/&#45;/g, '-')
      .replace(/&amp;/g, '&');
  const out = new Map<string, { cls: string; title: string }>();
  for (const m of svg.matchAll(/<g id="([^"]+)" class="([^"]+)">\s*<title>([^<]*)<\/title>/g)) out.set(m[1], { cls: decode(m[2]), title: decode(m[3]) });
  return out;
}

async function checkSvg(g: Graph, layout: 'dot' | 'grid'): Promise<string> {
  const svg = await graphSvg(g, layout);
  assertWellFormed(svg);
  const gs = groups(svg);
  g.nodes.forEach((n, i) => {
    const found = gs.get(`n${i}`);
    assert.ok(found, `node ${n.id} is in the SVG`);
    assert.equal(found.cls, 'node');
    assert.equal(found.title, n.title, `node ${n.id}: its full title`);
  });
  const drawn = drawnEdges(g);
  for (const { edge: e, both } of drawn) {
    const k = g.edges.indexOf(e);
    const found = gs.get(`e${k}`);
    assert.ok(found, `edge ${g.nodes[e.from].id} -> ${g.nodes[e.to].id} is in the SVG`);
    assert.equal(found.cls, `edge ${e.scope}`);
    assert.equal(found.title, `${g.nodes[e.from].id} ${both ? '<->' : '->'} ${g.nodes[e.to].id}: ${e.allowed.toString()}`);
  }
  const ids = [...gs.keys()].filter((id) => /^[ne]\d+$/.test(id));
  assert.equal(ids.length, g.nodes.length + drawn.length, 'no node or edge besides the graph');
  // a cluster per namespace, one for outside the cluster
  const clusters = [...svg.matchAll(/<g id="clust\d+" class="cluster">\s*<title>/g)].length;
  assert.equal(clusters, g.namespaces.length + (g.outside.length > 0 ? 1 : 0));
  return svg;
}

for (const layout of ['dot', 'grid'] as const)
  describe(`netpol-lint graph --format svg, laid out by ${layout}`, () => {
    it('holds every node and edge of the tenant scenario, with full titles, namespaces as clusters', async () => {
      const { graph } = workspaceGraph(tenants());
      assert.ok(graph.edges.some((e) => e.scope === 'cross-namespace'));
      const svg = await checkSvg(graph, layout);
      // cross-namespace edges drawn bold red, so they stand out
      const cross = [...svg.matchAll(/<g id="e\d+" class="edge cross&#45;namespace">[\s\S]*?<\/g>\s*<\/g>/g)];
      assert.ok(cross.length > 0);
      for (const m of cross) assert.match(m[0], /stroke="#c0392b"/);
    });

    it('holds every node and edge of the x/y/z model, with a shortened label whose title has the full set', async () => {
      const many = Array.from({ length: 12 }, (_, k) => `{protocol: TCP, port: ${8000 + 2 * k}}`).join(', ');
      const policy = [
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: many, namespace: x}',
        'spec:',
        '  podSelector: {matchLabels: {pod: a}}',
        '  policyTypes: [Ingress]',
        `  ingress: [{ports: [${many}]}]`,
      ].join('\n');
      const { graph } = workspaceGraph(workspace({ 'model.yaml': modelYaml(), 'p.yaml': policy }));
      const short = graph.edges.find((e) => e.label !== e.allowed.toString());
      assert.ok(short, 'some label is shortened');
      const svg = await checkSvg(graph, layout);
      assert.ok(svg.includes(xmlText(short.allowed.toString())), 'the full set is in the SVG');
      assert.ok(svg.includes(`>${xmlText(short.label)}</text>`), 'the short label is drawn');
    });

    it('stays well-formed XML when names hold characters XML escapes', async () => {
      const pod = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: "a&b<c>\\"d", namespace: "x&y", labels: {app: web}}'].join('\n');
      const other = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: "e\'f", namespace: "x&y", labels: {app: db}}'].join('\n');
      const { graph } = workspaceGraph(workspace({ 'pods.yaml': `${pod}\n---\n${other}\n` }));
      assert.equal(graph.nodes.filter((n) => n.kind === 'workloads').length, 1, 'two pods no policy tells apart: one node');
      const svg = await checkSvg(graph, layout);
      assert.ok(svg.includes('a&amp;b&lt;c&gt;&quot;d'));
    });
  });

/** `count` namespaces of two pods and no policy: every pod reaches every pod and every address. */
function openNamespaces(count: number): string {
  const docs: string[] = [];
  for (let k = 0; k < count; k++)
    for (const pod of ['a', 'b']) docs.push(`apiVersion: v1\nkind: Pod\nmetadata: {name: ${pod}, namespace: ns-${k}, labels: {app: ${pod}}}\n`);
  return docs.join('---\n');
}

/** `count` pods of one namespace, each alone under a policy that denies it everything: a node each, no edge. */
function isolatedPods(count: number): string {
  const docs: string[] = [];
  for (let i = 0; i < count; i++)
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: w${i}, namespace: ns, labels: {app: w${i}}}\n`,
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: w${i}, namespace: ns}\nspec:\n  podSelector: {matchLabels: {app: w${i}}}\n  policyTypes: [Ingress, Egress]\n`,
    );
  return docs.join('---\n');
}

describe('netpol-lint graph --format svg: the layout by size', () => {
  it('keeps dot for the small graphs, the grid past DOT_LAYOUT_MAX_EDGES drawn edges', () => {
    assert.equal(svgLayout(workspaceGraph(tenants()).graph), 'dot');
    // n namespaces: n(n-1)/2 edges between them (both ways alike), a loop each, one edge each with the outside
    const edges = (n: number) => (n * (n - 1)) / 2 + 2 * n;
    let under = 1;
    while (edges(under + 1) <= DOT_LAYOUT_MAX_EDGES) under++;
    for (const [n, want] of [
      [under, 'dot'],
      [under + 1, 'grid'],
    ] as const) {
      const { graph } = workspaceGraph(workspace({ 'pods.yaml': openNamespaces(n) }));
      assert.equal(drawnEdges(graph).length, edges(n));
      assert.equal(svgLayout(graph), want, `${n} namespaces`);
    }
  });

  it('keeps dot up to DOT_LAYOUT_MAX_NODES nodes, the grid past them even without an edge', () => {
    for (const [n, want] of [
      [DOT_LAYOUT_MAX_NODES, 'dot'],
      [DOT_LAYOUT_MAX_NODES + 1, 'grid'],
    ] as const) {
      // the pods and one node for every address outside the cluster
      const { graph } = workspaceGraph(workspace({ 'pods.yaml': isolatedPods(n - 1) }));
      assert.equal(graph.nodes.length, n);
      assert.equal(graph.edges.length, 0);
      assert.equal(svgLayout(graph), want, `${n} nodes`);
    }
  });
});
