/**
 * `netpol-lint graph --format svg`: the DOT of `graphDot` laid out by Graphviz compiled to
 * WebAssembly (`@hpcc-js/wasm-graphviz`, bundled into the CLI: no external program). Each node is
 * `<g id="n<i>" class="node">` (i: its index in the JSON's nodes), each drawn edge `<g id="e<k>"
 * class="edge <scope>">` (k: its index in the JSON's edges; scope namespace, cross-namespace or
 * external), and each one's `<title>` (the tooltip a browser shows) holds what its label leaves
 * out: a group's every member, an edge's endpoints and full connection set.
 */
import type { Graph } from '../core/services/graph';
import { drawnEdges, graphDot } from '../core/services/graphRender';
import { printable } from '../core/text/printable';

/** Text for XML character data and attribute values. */
export function xmlText(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Graphviz could not be loaded or could not lay out the graph: the message says which. */
export class SvgError extends Error {}

export async function graphSvg(g: Graph): Promise<string> {
  let graphviz: { dot(source: string, format: 'svg'): string };
  try {
    // loaded when asked for (the other commands never pay for it); esbuild bundles it into the CLI
    graphviz = await (await import('@hpcc-js/wasm-graphviz')).Graphviz.load();
  } catch (e) {
    throw new SvgError(`cannot load Graphviz (WebAssembly) for --format svg: ${(e as Error).message}; use --format dot and Graphviz's dot -Tsvg`);
  }
  let svg: string;
  try {
    svg = graphviz.dot(graphDot(g, true), 'svg');
  } catch (e) {
    throw new SvgError(`Graphviz could not lay out the graph: ${(e as Error).message}`);
  }
  const titles = new Map<string, string>();
  g.nodes.forEach((n, i) => titles.set(`n${i}`, n.title));
  const index = new Map(g.edges.map((e, k) => [e, k]));
  for (const { edge: e, both } of drawnEdges(g))
    titles.set(`e${index.get(e)}`, `${g.nodes[e.from].id} ${both ? '<->' : '->'} ${g.nodes[e.to].id}: ${e.allowed.toString()}`);
  // Graphviz names a node's or edge's <title> after its DOT name: the full text instead
  return svg.replace(/(<g id="([ne]\d+)" class="(?:node|edge)[^"]*">\s*<title>)[^<]*(<\/title>)/g, (all, open: string, id: string, close: string) => {
    const t = titles.get(id);
    return t === undefined ? all : `${open}${xmlText(t)}${close}`;
  });
}
