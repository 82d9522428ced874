/**
 * `netpol-lint graph --format svg`: the DOT of `graphDot` laid out by Graphviz compiled to
 * WebAssembly (`@hpcc-js/wasm-graphviz`, bundled as dist/graphviz.js beside dist/cli.js: no external
 * program, no node_modules). Each node is
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
import { printable } from '../core/text/printable';

/** Text for XML character data and attribute values. */
export function xmlText(text: string): string {
  return printable(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/**
 * The Graphviz module, loaded when asked for (the other commands never pay for it): dist/graphviz.js
 * beside the bundled CLI (esbuild.mjs), else, run from source, the package.
 */
async function graphvizModule(): Promise<{ Graphviz: { load(): Promise<{ dot(source: string, format: 'svg'): string }> } }> {
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

export async function graphSvg(g: Graph): Promise<string> {
  let graphviz: { dot(source: string, format: 'svg'): string };
  try {
    graphviz = await (await graphvizModule()).Graphviz.load();
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
    titles.set(`e${index.get(e)}`, `${g.nodes[e.from].id} ${both ? '<->' : '->'} ${g.nodes[e.to].id}: ${edgeText(e)}`);
  // Graphviz names a node's or edge's <title> after its DOT name: the full text instead
  return svg.replace(/(<g id="([ne]\d+)" class="(?:node|edge)[^"]*">\s*<title>)[^<]*(<\/title>)/g, (all, open: string, id: string, close: string) => {
    const t = titles.get(id);
    return t === undefined ? all : `${open}${xmlText(t)}${close}`;
  });
}
