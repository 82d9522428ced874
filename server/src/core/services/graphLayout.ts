/**
 * A grid layout of the connectivity graph for graphs too large for Graphviz's `dot` (its ranking,
 * crossing minimisation and positioning take tens of seconds at thousands of edges): each box (a
 * namespace, then the outside of the cluster) stacks its nodes in staggered columns, and the boxes fill a grid
 * of about as many columns as rows, in the graph's namespace order. It costs one pass over the
 * nodes; edges are not placed here but drawn straight between the nodes by Graphviz (`neato -n2`),
 * so the picture keeps every node, edge, label and style of the `dot` one. Sizes are in points and
 * follow Graphviz's own (a box's width from its label in Helvetica, 36 pt high). Pure.
 */
import type { Graph } from './graph';

/** Helvetica's advance widths (its AFM, thousandths of an em) for ASCII 32..126. */
const HELVETICA = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584,
  556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778, 667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278,
  469, 556, 333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260,
  334, 584,
];
/** Any other character: as wide as an `m`, so an estimate errs on the wide side. */
const OTHER = 833;

/** The width in points of `text` in Helvetica at `size` points. */
export function textWidth(text: string, size: number): number {
  let units = 0;
  for (const c of text) {
    const code = c.codePointAt(0)!;
    units += code >= 32 && code <= 126 ? HELVETICA[code - 32] : OTHER;
  }
  return (units * size) / 1000;
}

// Graphviz's sizes (points): the node and edge fonts of graphDot, a node's least size and margins
const NODE_FONT = 11;
const CLUSTER_FONT = 14;
const MIN_WIDTH = 54;
const NODE_HEIGHT = 36;
const NODE_MARGIN = 16;
/** A second periphery (a group) adds this much on each side. */
const PERIPHERY = 4;
// the grid's spacing: within a box, a box's margins and its label, and between boxes (room for edge labels)
const NODE_GAP = 18;
const BOX_MARGIN = 12;
const BOX_LABEL = 30;
const BOX_GAP_X = 72;
const BOX_GAP_Y = 48;

export interface Box {
  /** The namespace's index in `g.namespaces`, or `outside`. */
  of: number | 'outside';
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Positions in points, y downwards from the top left corner; a node's is its centre, a box's its top left. */
export interface GraphLayout {
  width: number;
  height: number;
  /** By node index. */
  nodes: { x: number; y: number }[];
  /** The namespaces in order, then the outside of the cluster if it has nodes. */
  boxes: Box[];
}

/** A node's width and height as Graphviz draws it: a rounded box, a double one for a group, an ellipse for addresses. */
export function nodeSize(g: Graph, i: number): { width: number; height: number } {
  const n = g.nodes[i];
  const box = Math.max(MIN_WIDTH, textWidth(n.label, NODE_FONT) + NODE_MARGIN);
  if (n.kind === 'external') return { width: Math.max(MIN_WIDTH, box * Math.SQRT2), height: NODE_HEIGHT };
  const extra = n.members.length > 1 ? 2 * PERIPHERY : 0;
  return { width: box + extra, height: NODE_HEIGHT + extra };
}

export function gridLayout(g: Graph): GraphLayout {
  const size = g.nodes.map((_n, i) => nodeSize(g, i));
  const nodes = g.nodes.map(() => ({ x: 0, y: 0 }));
  const members: { of: Box['of']; name: string; nodes: number[] }[] = g.namespaces.map((ns, k) => ({ of: k, name: ns.name, nodes: ns.nodes }));
  if (g.outside.length > 0) members.push({ of: 'outside', name: 'outside the cluster', nodes: g.outside });

  // each box on its own, its nodes in columns of about twice as many rows, placed from (0, 0)
  const boxes: Box[] = members.map(({ of, name, nodes: inside }) => {
    const cols = Math.ceil(Math.sqrt(inside.length / 2));
    const rows = Math.ceil(inside.length / cols);
    let x = BOX_MARGIN;
    let height = 0;
    for (let c = 0; c < cols; c++) {
      const column = inside.slice(c * rows, (c + 1) * rows);
      let width = 0;
      for (const i of column) width = Math.max(width, size[i].width);
      // every other node half a node to the right: an edge between two nodes of a column passes those between
      const stagger = column.length > 1 ? width / 2 + NODE_GAP / 2 : 0;
      let y = BOX_LABEL;
      column.forEach((i, j) => {
        nodes[i] = { x: x + width / 2 + (j % 2) * stagger, y: y + size[i].height / 2 };
        y += size[i].height + NODE_GAP;
      });
      height = Math.max(height, y - NODE_GAP + BOX_MARGIN);
      x += width + stagger + NODE_GAP;
    }
    const width = Math.max(x - NODE_GAP + BOX_MARGIN, textWidth(name, CLUSTER_FONT) + 2 * BOX_MARGIN);
    // a label wider than the nodes: the nodes centred under it
    const shift = (width - (x - NODE_GAP + BOX_MARGIN)) / 2;
    for (const i of inside) nodes[i].x += shift;
    return { of, x: 0, y: 0, width, height };
  });

  // the boxes in a grid, row by row: each column as wide as its widest box, each row as high as its highest
  const cols = Math.max(1, Math.ceil(Math.sqrt(boxes.length)));
  const colWidth = new Array<number>(cols).fill(0);
  const rowHeight = new Array<number>(Math.ceil(boxes.length / cols)).fill(0);
  boxes.forEach((b, k) => {
    colWidth[k % cols] = Math.max(colWidth[k % cols], b.width);
    rowHeight[Math.floor(k / cols)] = Math.max(rowHeight[Math.floor(k / cols)], b.height);
  });
  const colX = offsets(colWidth, BOX_GAP_X);
  const rowY = offsets(rowHeight, BOX_GAP_Y);
  boxes.forEach((b, k) => {
    // centred in its cell
    b.x = colX[k % cols] + (colWidth[k % cols] - b.width) / 2;
    b.y = rowY[Math.floor(k / cols)] + (rowHeight[Math.floor(k / cols)] - b.height) / 2;
    for (const i of members[k].nodes) nodes[i] = { x: nodes[i].x + b.x, y: nodes[i].y + b.y };
  });
  return { width: Math.max(0, colX[cols] - BOX_GAP_X), height: Math.max(0, rowY[rowY.length - 1] - BOX_GAP_Y), nodes, boxes };
}

/**
 * `dot` (graphDot's with ids) with the layout's positions, for Graphviz's `neato -n2` (engine
 * `nop2`), which keeps them and draws each edge straight, its label at its middle: the graph's and
 * each cluster's bounding box (`bb`), each node's centre (`pos`), y upwards as Graphviz counts.
 * Throws unless every node and box found its line.
 */
export function placeDot(dot: string, layout: GraphLayout, g: Graph): string {
  const num = (v: number) => `${Math.round(v * 100) / 100}`;
  const up = (y: number) => num(layout.height - y);
  const bb = new Map<string, string>();
  for (const b of layout.boxes) bb.set(`${b.of}`, `${num(b.x)},${up(b.y + b.height)},${num(b.x + b.width)},${up(b.y)}`);
  let placed = 0;
  const out = dot
    .replace(/^(digraph .*\{)$/m, `$1\n  bb="0,0,${num(layout.width)},${num(layout.height)}";\n  splines=line;`)
    .replace(/^( {2}subgraph "cluster_(\d+|outside)" \{)$/gm, (line: string, _open: string, of: string) => {
      placed++;
      return `${line}\n    bb="${bb.get(of)}";`;
    })
    .replace(/^( {4}"(?:[^"\\]|\\.)*" \[id="n(\d+)", )/gm, (open: string, _all: string, i: string) => {
      placed++;
      const at = layout.nodes[Number(i)];
      return `${open}pos="${num(at.x)},${up(at.y)}", `;
    });
  if (placed !== layout.boxes.length + g.nodes.length)
    throw new Error(`placeDot: ${placed} of ${layout.boxes.length} boxes and ${g.nodes.length} nodes placed`);
  return out;
}

/** Where each of `lengths` starts when laid end to end with `gap` between them, and where the last one ends (plus a gap). */
function offsets(lengths: readonly number[], gap: number): number[] {
  const out = [0];
  for (const l of lengths) out.push(out[out.length - 1] + l + gap);
  return out;
}
