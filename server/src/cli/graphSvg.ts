/**
 * `netpol-lint graph --format svg`: the DOT of `graphDot` laid out by Graphviz compiled to
 * WebAssembly (`@hpcc-js/wasm-graphviz`, bundled as dist/graphviz.js beside dist/cli.js: no external
 * program, no node_modules). Up to DOT_LAYOUT_MAX_EDGES drawn edges and DOT_LAYOUT_MAX_NODES
 * nodes Graphviz's `dot` lays it out; past that (where `dot` takes seconds to minutes) the namespaces are placed in a grid
 * (`gridLayout`) and Graphviz only draws, each edge straight (`neato -n2`): the same nodes, edges,
 * labels, styles, ids and titles either way. Each node is
 * `<g id="n<i>" class="node">` (i: its index in the JSON's nodes), each drawn edge `<g id="e<k>"
 * class="edge <scope>">` (k: its index in the JSON's edges; scope namespace, cross-namespace or
 * external; in a diff graph a changed edge's class also names its change, added, removed or changed,
 * and a workload on one side only is `class="node added"` or `"node removed"`), and each one's `<title>` (the tooltip a browser shows) holds what its label leaves
 * out: a group's every member, an edge's endpoints and full connection set.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Graph } from '../core/services/graph';
import { edgeText } from '../core/services/graph';
import { drawnEdges, graphDot } from '../core/services/graphRender';
import { gridLayout, placeDot } from '../core/services/graphLayout';
import { printable } from '../core/text/printable';

/** Text for XML character data and attribute values. */
export function xmlText(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The Graphviz module, loaded when asked for (the other commands never pay for it): dist/graphviz.js
 * beside the bundled CLI (esbuild.mjs), else, run from source, the package.
 */
interface GraphvizApi {
  layout(source: string, format: 'svg', engine: 'dot' | 'nop2'): string;
}

/**
 * Above this many drawn edges, or this many nodes, the grid layout: `dot` took 0.5 s of CPU for 138
 * edges, 0.9 s for 370 and 2.3 s for 1,033 (scripts/bench/clusters.ts cut to 5, 10, 20 namespaces;
 * docs/performance.md), and 1.9–2.7 s for 1,000 nodes in 100 clusters without an edge.
 */
export const DOT_LAYOUT_MAX_EDGES = 300;
export const DOT_LAYOUT_MAX_NODES = 500;

/** Which layout a graph gets: `dot` up to DOT_LAYOUT_MAX_EDGES drawn edges and DOT_LAYOUT_MAX_NODES nodes, else the grid. */
export function svgLayout(g: Graph): 'dot' | 'grid' {
  return drawnEdges(g).length <= DOT_LAYOUT_MAX_EDGES && g.nodes.length <= DOT_LAYOUT_MAX_NODES ? 'dot' : 'grid';
}

async function graphvizModule(): Promise<{ Graphviz: { load(): Promise<GraphvizApi> } }> {
  const beside = join(__dirname, 'graphviz.js');
  if (existsSync(beside)) return createRequire(__filename)(beside);
  try {
    return await import('@hpcc-js/wasm-graphviz');
  } catch {
    throw new Error(`${beside} is missing (the extension's .vsix leaves it out of its dist/; the CLI built with npm run build has it beside cli.js)`);
  }
}

/** Graphviz could not be loaded or could not lay out the graph: the message says which. */
export class SvgError extends Error {}

/** `layout`: svgLayout's choice unless given. */
export async function graphSvg(g: Graph, layout = svgLayout(g)): Promise<string> {
  let graphviz: GraphvizApi;
  try {
    graphviz = await (await graphvizModule()).Graphviz.load();
  } catch (e) {
    throw new SvgError(`cannot load Graphviz (WebAssembly) for --format svg: ${(e as Error).message}; use --format dot and Graphviz's dot -Tsvg`);
  }
  let svg: string;
  try {
    svg = layout === 'dot' ? graphviz.layout(graphDot(g, true), 'svg', 'dot') : graphviz.layout(placeDot(graphDot(g, true), gridLayout(g), g), 'svg', 'nop2');
  } catch (e) {
    throw new SvgError(`Graphviz could not lay out the graph: ${(e as Error).message}`);
  }
  const titles = new Map<string, string>();
  g.nodes.forEach((n, i) => titles.set(`n${i}`, n.title));
  const index = new Map(g.edges.map((e, k) => [e, k]));
  for (const { edge: e, both } of drawnEdges(g))
    titles.set(`e${index.get(e)}`, `${g.nodes[e.from].id} ${both ? '<->' : '->'} ${g.nodes[e.to].id}: ${edgeText(e)}`);
  // Graphviz names a node's or edge's <title> after its DOT name: the full text instead
  return svg.replace(/(<g id="([ne]\d+)" class="(?:node|edge)[^"]*">\s*<title>)[^<]*(<\/title>)/g, (all, open: string, id: string, close: string) => {
    const t = titles.get(id);
    return t === undefined ? all : `${open}${xmlText(t)}${close}`;
  });
}
