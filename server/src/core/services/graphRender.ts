/**
 * The connectivity graph as Graphviz DOT and as a Mermaid flowchart (GitHub renders it in a
 * Markdown ```mermaid block). Namespaces are clusters (subgraphs), the addresses outside the
 * cluster one more; a group of workloads no policy tells apart is drawn apart from a single one.
 * Edges: solid within a namespace, bold red across namespaces, dashed between a pod and the
 * outside; two nodes that allow each other the same set get one edge with an arrow at each end. A shortened edge label keeps its full set, a group node all its members: a tooltip (and
 * for an edge a comment) in DOT, a comment in Mermaid. Every name is escaped for the format (quotes, backslashes, control characters). Pure.
 */
import { printable } from '../text/printable';
import type { Graph, GraphEdge } from './graph';

const CROSS = '#c0392b';

/** The edges as drawn: an edge whose reverse has the same set is drawn once, both ways (at the first of the two). */
export function drawnEdges(g: Graph): { edge: GraphEdge; both: boolean }[] {
  const at = new Map<string, number>();
  g.edges.forEach((e, k) => at.set(`${e.from} ${e.to}`, k));
  const out: { edge: GraphEdge; both: boolean }[] = [];
  g.edges.forEach((e, k) => {
    const back = e.from === e.to ? undefined : at.get(`${e.to} ${e.from}`);
    const both = back !== undefined && g.edges[back].allowed.equals(e.allowed);
    // the later of the two is drawn by the earlier
    if (!both || back! > k) out.push({ edge: e, both });
  });
  return out;
}

/** What the graph shows, one line a sentence, for the header comment of either format. */
function legend(g: Graph, group: string, external: string): string[] {
  const at = g.port ? `${g.port.protocol} ${g.port.port}` : 'every port and protocol';
  return [
    `netpol-lint graph: who may open connections to whom (${at}); each edge is labelled with what it allows.`,
    `A node is a workload, a ${group} a group of workloads no policy tells apart (an edge stands for each of`,
    `its members, a loop for each two of them), an ${external} addresses outside the cluster.`,
    'Edges: solid within a namespace, bold red across namespaces, dashed with the outside of the cluster;',
    'an arrow at each end when both directions allow the same.',
  ];
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
    return `    ${dotString(n.id)} [${ids ? `id="n${i}", ` : ''}label=${dotString(n.label)}, tooltip=${dotString(n.title)}${shape}];`;
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

function dotEdge(g: Graph, e: GraphEdge, both: boolean, id?: number): string {
  const full = e.allowed.toString();
  const style = e.scope === 'cross-namespace' ? `, style=bold, color="${CROSS}", fontcolor="${CROSS}"` : e.scope === 'external' ? ', style=dashed' : '';
  const shortened = e.label !== full ? ` // ${comment(full)}` : '';
  return `  ${dotString(g.nodes[e.from].id)} -> ${dotString(g.nodes[e.to].id)} [${id !== undefined ? `id="e${id}", class="${e.scope}", ` : ''}label=${dotString(e.label)}, tooltip=${dotString(full)}${both ? ', dir=both' : ''}${style}];${shortened}`;
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
  const cross: number[] = [];
  drawnEdges(g).forEach(({ edge: e, both }, k) => {
    const arrow = (both ? '<' : '') + (e.scope === 'cross-namespace' ? '==>' : e.scope === 'external' ? '-.->' : '-->');
    if (e.scope === 'cross-namespace') cross.push(k);
    const full = e.allowed.toString();
    if (e.label !== full) out.push(`  %% n${e.from} to n${e.to}: ${comment(full)}`);
    out.push(`  n${e.from} ${arrow}|"${mermaidText(e.label)}"| n${e.to}`);
  });
  if (cross.length > 0) out.push(`  linkStyle ${cross.join(',')} stroke:${CROSS},stroke-width:2px`);
  return `${out.join('\n')}\n`;
}
