/**
 * The diff graph (`netpol-lint graph --diff <before> <paths…>`): the graph of the after side with
 * what the change did on each edge. Its endpoints are both sides' pods (the after side's, in its
 * order, then those only the before side has) and the pieces both sides' ipBlocks cut the address
 * spaces into (as the semantic diff aligns them, core/connectivity/diff.ts). A node is a class of
 * endpoints alike on both sides (a class of each side's matrix, or absent from it), so every pair
 * an edge stands for has the same set before and the same set after: an edge is drawn for a pair
 * of nodes whose set is not empty on either side, and marked added (nothing before), removed
 * (nothing after) or changed (both, not equal); an edge without a mark is the same on both sides.
 * With the same workspace on both sides it is the after side's graph, no edge marked. Pure.
 */
import { type AddressRange, type ExternalRange, formatRange } from '../connectivity/addressRanges';
import type { Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import { diffSide, jointClasses, unionPieces } from '../connectivity/diff';
import type { Connectivity } from '../connectivity/engine';
import type { PortProtocol } from '../model/inventory';
import { type Graph, type GraphSide, type GraphSource, graphOf, type PairSets } from './graph';

/** Both sides' endpoints, and the source of the diff graph over them. */
export interface DiffGraphSource {
  source: GraphSource;
  /** Every pod of either side: the after side's, then those only the before side has. */
  pods: readonly Pod[];
  /** The address pieces, as ranges (ids index this list). */
  ranges: readonly ExternalRange[];
}

export function diffGraphSource(beforeEngine: Connectivity, afterEngine: Connectivity, only?: { port: number; protocol: PortProtocol }): DiffGraphSource {
  const sides = [beforeEngine, afterEngine].map((engine) => {
    const side = diffSide(engine);
    return { ...side, rangeClass: side.ext.endpoints.classes().classOf };
  });
  const [b, a] = sides;
  // [index before, index after] of every pod (-1: absent from that side)
  const at: [number, number][] = afterEngine.cluster.pods.map((p, ai) => [b.index.get(p.id) ?? -1, ai]);
  const pods: Pod[] = [...afterEngine.cluster.pods];
  beforeEngine.cluster.pods.forEach((p, bi) => {
    if (a.index.has(p.id)) return;
    at.push([bi, -1]);
    pods.push(p);
  });
  // joint classes: [class before, class after] (-1: absent), numbered in pod order
  const joint = jointClasses(at.map(([bi, ai]) => [bi < 0 ? -1 : b.matrix.classOf[bi], ai < 0 ? -1 : a.matrix.classOf[ai]]));
  const pieces = unionPieces(b.ext.ranges, a.ext.ranges);
  const ranges: ExternalRange[] = pieces.map((p, id) => {
    const range: AddressRange = { family: p.family, first: p.first, last: p.last };
    return { ...range, id, name: formatRange(range) };
  });
  const rangeJoint = jointClasses(pieces.map((p) => [b.rangeClass[p.before], a.rangeClass[p.after]]));

  const cut = only ? ConnectionSet.range(only.protocol, only.port) : undefined;
  const sets = (before: ConnectionSet, after: ConnectionSet): PairSets =>
    cut ? { before: before.intersect(cut), after: after.intersect(cut) } : { before, after };
  const none = ConnectionSet.NONE;
  const source: GraphSource = {
    pods,
    podClass: (i) => joint.classOf[i],
    podChange: (i) => (at[i][0] < 0 ? 'added' : at[i][1] < 0 ? 'removed' : undefined),
    podSets: (x, y) => {
      const [bx, ax] = joint.classes[x];
      const [by, ay] = joint.classes[y];
      return sets(bx < 0 || by < 0 ? none : b.matrix.classSet(bx, by), ax < 0 || ay < 0 ? none : a.matrix.classSet(ax, ay));
    },
    ranges,
    rangeClass: (r) => rangeJoint.classOf[r],
    egress: (i, r) => {
      const [bi, ai] = at[i];
      return sets(bi < 0 ? none : b.ext.toRange(bi, pieces[r].before), ai < 0 ? none : a.ext.toRange(ai, pieces[r].after));
    },
    ingress: (r, i) => {
      const [bi, ai] = at[i];
      return sets(bi < 0 ? none : b.ext.fromRange(pieces[r].before, bi), ai < 0 ? none : a.ext.fromRange(pieces[r].after, ai));
    },
  };
  return { source, pods, ranges };
}

/** The diff graph of the pairs from `rows` to `cols` (endpoints of `diffGraphSource`); `before` names the before side. */
export function diffGraph(d: DiffGraphSource, rows: GraphSide, cols: GraphSide, before: string, only?: { port: number; protocol: PortProtocol }): Graph {
  return { ...graphOf(d.source, rows, cols, only), before };
}
