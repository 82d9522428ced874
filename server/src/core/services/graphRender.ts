/**
 * The connectivity graph as Graphviz DOT and as a Mermaid flowchart (GitHub renders it in a
 * Markdown ```mermaid block). Namespaces are clusters (subgraphs), the addresses outside the
 * cluster one more; a group of workloads no policy tells apart is drawn apart from a single one.
 * Edges: solid within a namespace, bold red across namespaces, dashed between a pod and the
 * outside; two nodes that allow each other the same set get one edge with an arrow at each end. A shortened edge label keeps its full set, a group node all its members: a tooltip (and
 * for an edge a comment) in DOT, a comment in Mermaid. Every name is escaped for the format (quotes, backslashes, control characters).
 * A diff graph (`before` set) colours by change instead of scope: added green, removed red and
 * dashed, changed amber, unchanged grey; a workload on one side only is outlined green or red. Pure.
 */
import { printable } from '../text/printable';
import { edgeText, type Graph, type GraphEdge, type GraphNode } from './graph';

const CROSS = '#c0392b';
/** A diff graph's colours: added green, removed red (dashed), changed amber, unchanged grey. */
const ADDED = '#1e8449';
const REMOVED = '#c0392b';
const CHANGED = '#b9770e';
const UNCHANGED = '#7f8c8d';

/** The edges as drawn: an edge whose reverse has the same set is drawn once, both ways (at the first of the two). */
export function drawnEdges(g: Graph): { edge: GraphEdge; both: boolean }[] {
  const at = new Map<string, number>();
  g.edges.forEach((e, k) => at.set(`${e.from} ${e.to}`, k));
  const out: { edge: GraphEdge; both: boolean }[] = [];
  g.edges.forEach((e, k) => {
    const back = e.from === e.to ? undefined : at.get(`${e.to} ${e.from}`);
    const both = back !== undefined && g.edges[back].allowed.equals(e.allowed) && sameChange(g.edges[back], e);
    // the later of the two is drawn by the earlier
    if (!both || back! > k) out.push({ edge: e, both });
  });
  return out;
}

/** Do two edges show the same change (none, or the same kind from the same set)? */
function sameChange(x: GraphEdge, y: GraphEdge): boolean {
  if (!x.change || !y.change) return !x.change && !y.change;
  return x.change.kind === y.change.kind && x.change.before.equals(y.change.before);
}

/** What the graph shows, one line a sentence, for the header comment of either format. */
function legend(g: Graph, group: string, external: string): string[] {
  const at = g.port ? `${g.port.protocol} ${g.port.port}` : 'every port and protocol';
  const lines = [
    `netpol-lint graph: who may open connections to whom (${at}); each edge is labelled with what it allows.`,
    `A node is a workload, a ${group} a group of workloads no policy tells apart (an edge stands for each of`,
    `its members, a loop for each two of them), an ${external} addresses outside the cluster.`,
    `Edges: solid within a namespace, bold${g.before === undefined ? ' red' : ''} across namespaces, dashed with the outside of the cluster;`,
    'an arrow at each end when both directions allow the same.',
  ];
  if (g.before !== undefined)
    lines.push(
      `Changes since ${comment(g.before)}: green "+" added (nothing allowed before), red dashed "-" removed (nothing allowed`,
      'now; labelled with what was), amber "~" changed (before -> after); grey: the same; a workload only one side has is',
      'outlined green (added) or red dashed (removed).',
    );
  return lines;
}

/** A DOT double-quoted string: control characters made visible (`\u000a`), then backslashes and quotes escaped. */
export function dotString(text: string): string {
  return `"${printable(text).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** Text for a `//` comment: one line, nothing that could end it early. */
function comment(text: string): string {
  return printable(text);
}

/**
 * `ids`: each node gets `id="n<index>"` and each drawn edge `id="e<index in g.edges>"` and a class
 * (its scope), which Graphviz carries into its SVG (graphSvg finds them there).
 */
export function graphDot(g: Graph, ids = false): string {
  const out = legend(g, 'double box', 'ellipse').map((l) => `// ${l}`);
  out.push(
    'digraph "netpol-lint" {',
    '  rankdir=LR;',
    '  fontname="Helvetica";',
    '  node [shape=box, style=rounded, fontname="Helvetica", fontsize=11];',
    '  edge [fontname="Helvetica", fontsize=9];',
  );
  const node = (i: number) => {
    const n = g.nodes[i];
    const shape = n.kind === 'external' ? ', shape=ellipse' : n.members.length > 1 ? ', peripheries=2' : '';
    const cls = ids && n.change ? `class="${n.change}", ` : '';
    return `    ${dotString(n.id)} [${ids ? `id="n${i}", ` : ''}${cls}label=${dotString(n.label)}, tooltip=${dotString(n.title)}${shape}${dotNodeChange(n)}];`;
  };
  g.namespaces.forEach((ns, k) => {
    out.push(`  subgraph "cluster_${k}" {`, `    label=${dotString(ns.name)};`, '    style=rounded;');
    for (const i of ns.nodes) out.push(node(i));
    out.push('  }');
  });
  if (g.outside.length > 0) {
    out.push('  subgraph "cluster_outside" {', '    label="outside the cluster";', '    style=dashed;');
    for (const i of g.outside) out.push(node(i));
    out.push('  }');
  }
  const index = new Map(g.edges.map((e, k) => [e, k]));
  for (const { edge, both } of drawnEdges(g)) out.push(dotEdge(g, edge, both, ids ? index.get(edge) : undefined));
  out.push('}');
  return `${out.join('\n')}\n`;
}

/** A diff graph's workload on one side only: outlined green, or red and dashed. */
function dotNodeChange(n: GraphNode): string {
  if (n.change === 'added') return `, color="${ADDED}", penwidth=2`;
  if (n.change === 'removed') return `, color="${REMOVED}", style="rounded,dashed"`;
  return '';
}

function dotEdge(g: Graph, e: GraphEdge, both: boolean, id?: number): string {
  const full = edgeText(e);
  const shortened = e.label !== full ? ` // ${comment(full)}` : '';
  const cls = `${e.scope}${e.change ? ` ${e.change.kind}` : ''}`;
  return `  ${dotString(g.nodes[e.from].id)} -> ${dotString(g.nodes[e.to].id)} [${id !== undefined ? `id="e${id}", class="${cls}", ` : ''}label=${dotString(e.label)}, tooltip=${dotString(full)}${both ? ', dir=both' : ''}${dotEdgeStyle(g, e)}];${shortened}`;
}

/** The line: by scope (bold across namespaces, dashed with the outside), coloured red across namespaces; in a diff graph, coloured by change. */
function dotEdgeStyle(g: Graph, e: GraphEdge): string {
  const line = e.scope === 'cross-namespace' ? 'bold' : e.scope === 'external' ? 'dashed' : '';
  if (g.before === undefined) return e.scope === 'cross-namespace' ? `, style=bold, color="${CROSS}", fontcolor="${CROSS}"` : line ? `, style=${line}` : '';
  const kind = e.change?.kind;
  const colour = kind === 'added' ? ADDED : kind === 'removed' ? REMOVED : kind === 'changed' ? CHANGED : UNCHANGED;
  const style = kind === 'removed' ? (e.scope === 'cross-namespace' ? '"bold,dashed"' : 'dashed') : line;
  return `${style ? `, style=${style}` : ''}, color="${colour}", fontcolor="${colour}"${kind === 'added' || kind === 'changed' ? ', penwidth=2' : ''}`;
}

/**
 * Mermaid text inside double quotes: letters, digits and `space , . / : _ + - = @` as they are,
 * everything else (quotes, `#`, `;`, `|`, brackets, `<`, `&`, non-ASCII) as an entity code (`#34;`),
 * control characters made visible first (`\u000a`).
 */
export function mermaidText(text: string): string {
  return printable(text).replace(/[^A-Za-z0-9 ,./:_+=@-]/gu, (c) => `#${c.codePointAt(0)};`);
}

/** GitHub renders a Mermaid diagram only up to these (its defaults: maxTextSize, maxEdges). */
export const MERMAID_MAX_TEXT = 50_000;
export const MERMAID_MAX_EDGES = 500;

/** A diff graph's link style: by change, grey when the same. */
function mermaidChange(e: GraphEdge): string {
  const kind = e.change?.kind;
  if (kind === 'added') return `stroke:${ADDED},stroke-width:2px`;
  if (kind === 'removed') return `stroke:${REMOVED},stroke-width:2px,stroke-dasharray:5 5`;
  if (kind === 'changed') return `stroke:${CHANGED},stroke-width:2px`;
  return `stroke:${UNCHANGED}`;
}

export function graphMermaid(g: Graph): string {
  const out = legend(g, 'double-edged box', 'oval').map((l) => `%% ${l}`);
  out.push('flowchart LR');
  const node = (i: number) => {
    const n = g.nodes[i];
    const text = `"${mermaidText(n.label)}"`;
    // Mermaid on GitHub shows no tooltip: what a group's label leaves out is a comment
    const said = n.members.length > 1 ? `    %% n${i}: ${comment(n.title)}\n` : '';
    return `${said}    n${i}${n.kind === 'external' ? `([${text}])` : n.members.length > 1 ? `[[${text}]]` : `[${text}]`}`;
  };
  g.namespaces.forEach((ns, k) => {
    out.push(`  subgraph ns${k}["${mermaidText(ns.name)}"]`);
    for (const i of ns.nodes) out.push(node(i));
    out.push('  end');
  });
  if (g.outside.length > 0) {
    out.push('  subgraph outside["outside the cluster"]');
    for (const i of g.outside) out.push(node(i));
    out.push('  end');
  }
  // the links of each style, by their order in the text
  const styled = new Map<string, number[]>();
  const style = (css: string, k: number) => {
    const links = styled.get(css);
    if (links) links.push(k);
    else styled.set(css, [k]);
  };
  drawnEdges(g).forEach(({ edge: e, both }, k) => {
    const removed = e.change?.kind === 'removed';
    const arrow = (both ? '<' : '') + (removed || e.scope === 'external' ? '-.->' : e.scope === 'cross-namespace' ? '==>' : '-->');
    const css = g.before === undefined ? (e.scope === 'cross-namespace' ? `stroke:${CROSS},stroke-width:2px` : undefined) : mermaidChange(e);
    if (css) style(css, k);
    const full = edgeText(e);
    if (e.label !== full) out.push(`  %% n${e.from} to n${e.to}: ${comment(full)}`);
    out.push(`  n${e.from} ${arrow}|"${mermaidText(e.label)}"| n${e.to}`);
  });
  for (const [css, links] of styled) out.push(`  linkStyle ${links.join(',')} ${css}`);
  for (const change of ['added', 'removed'] as const) {
    const changed = g.nodes.flatMap((n, i) => (n.change === change ? [`n${i}`] : []));
    if (changed.length === 0) continue;
    out.push(`  classDef ${change} ${change === 'added' ? `stroke:${ADDED},stroke-width:2px` : `stroke:${REMOVED},stroke-dasharray:5 5`}`);
    out.push(`  class ${changed.join(',')} ${change}`);
  }
  return `${out.join('\n')}\n`;
}
