/**
 * The semantic diff of two workspaces' connectivity: for every ordered pair of endpoints, the
 * connection set before and after, reported when they differ (added: nothing before; removed:
 * nothing after; changed: both non-empty), with what was added and removed within the set.
 *
 * Endpoints:
 * - Pods are matched by id (`namespace/name`). A pod of one side only is reported as added or
 *   removed, and on the side without it each of its pairs has no connection (so its connections
 *   appear as added or removed pairs).
 * - External addresses are compared by address, not by range name: each side cuts the IP spaces
 *   at its own ipBlocks, so both are aligned on the union of the two partitions (every piece lies
 *   in one range of each side), and consecutive pieces with the same before and after sets for a
 *   pod are joined again. A change to or from outside the cluster is thus reported on the largest
 *   address ranges over which it is the same, whichever side's ipBlocks cut them.
 *
 * Pure: reads each side's connection matrix (every pair, computed once per engine).
 */
import type { Pod } from './cluster';
import type { ConnectionMatrix } from './connections';
import type { Connectivity } from './engine';
import { type AddressRange, type ExternalRange, type Family, formatRange } from './addressRanges';
import type { ExternalConnections } from './externalSets';
import type { ConnectionSet } from './connectionSet';
import { NONE_ID } from './setTable';

/** One end of a changed pair: a pod (of either side), or addresses outside the cluster. */
export type DiffEndpoint = { kind: 'pod'; pod: Pod } | { kind: 'external'; range: AddressRange; name: string };

export type ChangeKind = 'added' | 'removed' | 'changed';

export interface PairChange {
  from: DiffEndpoint;
  to: DiffEndpoint;
  /** added: `before` is none; removed: `after` is none; changed: both are not. */
  kind: ChangeKind;
  before: ConnectionSet;
  after: ConnectionSet;
  /** What `after` allows and `before` did not. */
  added: ConnectionSet;
  /** What `before` allowed and `after` does not. */
  removed: ConnectionSet;
}

export interface ConnectivityDiff {
  /** Pods only the after side has, in its order. */
  podsAdded: Pod[];
  /** Pods only the before side has, in its order. */
  podsRemoved: Pod[];
  /** Pod pairs first (sources in endpoint order), then pod -> outside, then outside -> pod, each by pod then address. */
  changes: PairChange[];
}

/** Is the diff empty: the same pods, and every pair (addresses included) the same set? */
export function isEmptyDiff(d: ConnectivityDiff): boolean {
  return d.podsAdded.length === 0 && d.podsRemoved.length === 0 && d.changes.length === 0;
}

/** One side of a diff: its connection matrix, its sets outside the cluster, and each pod's index by id. */
export interface DiffSide {
  engine: Connectivity;
  matrix: ConnectionMatrix;
  ext: ExternalConnections;
  index: Map<string, number>;
}

export function diffSide(engine: Connectivity): DiffSide {
  const matrix = engine.connections();
  const index = new Map<string, number>();
  engine.cluster.pods.forEach((p, i) => index.set(p.id, i));
  return { engine, matrix, ext: engine.externalConnections(matrix), index };
}

/** A piece of the union partition: the addresses in one range of each side (`before`, `after`: those ranges' ids). */
export interface Piece {
  family: Family;
  first: bigint;
  last: bigint;
  before: number;
  after: number;
}

/** Both sides' ranges cut at each other's cuts (each side's ranges cover each family exactly once, in address order). */
export function unionPieces(before: readonly ExternalRange[], after: readonly ExternalRange[]): Piece[] {
  const out: Piece[] = [];
  for (const family of ['ipv4', 'ipv6'] as const) {
    const b = before.filter((r) => r.family === family);
    const a = after.filter((r) => r.family === family);
    let i = 0;
    let j = 0;
    while (i < b.length && j < a.length) {
      // biome-ignore lint/complexity/useMathMinMax: bigints (Math.max takes numbers)
      const first = b[i].first > a[j].first ? b[i].first : a[j].first;
      // biome-ignore lint/complexity/useMathMinMax: bigints
      const last = b[i].last < a[j].last ? b[i].last : a[j].last;
      out.push({ family, first, last, before: b[i].id, after: a[j].id });
      if (b[i].last === last) i++;
      if (a[j].last === last) j++;
    }
  }
  return out;
}

/** A run of pieces [start, end] over which one pod's set is `before` → `after` (ids in each side's table). */
interface Run {
  start: number;
  end: number;
  before: number;
  after: number;
}

/**
 * The diff from `before` to `after`. `diff(a, a)` is empty; `diff(b, a)` is `diff(a, b)` with the
 * sides swapped (before ↔ after, added ↔ removed).
 */
export function diffConnectivity(beforeEngine: Connectivity, afterEngine: Connectivity): ConnectivityDiff {
  const b = diffSide(beforeEngine);
  const a = diffSide(afterEngine);
  const bPods = beforeEngine.cluster.pods;
  const aPods = afterEngine.cluster.pods;
  // every pod of either side, before's order then the new ones: [pod, index before, index after] (-1: absent)
  const all: { pod: Pod; bi: number; ai: number }[] = bPods.map((pod, bi) => {
    const ai = a.index.get(pod.id) ?? -1;
    return { pod: ai >= 0 ? aPods[ai] : pod, bi, ai };
  });
  for (const [ai, pod] of aPods.entries()) if (!b.index.has(pod.id)) all.push({ pod, bi: -1, ai });
  const podsAdded = all.filter((e) => e.bi < 0).map((e) => e.pod);
  const podsRemoved = all.filter((e) => e.ai < 0).map((e) => e.pod);

  // set equality across the two tables: the after id equal to each before id, looked up once it
  // exists (the external sets are interned lazily, so a miss is looked up again next time)
  const bSets = b.matrix.table.sets;
  const aSets = a.matrix.table.sets;
  const afterOf: number[] = [];
  const equal = (bid: number, aid: number): boolean => {
    let m = afterOf[bid];
    if (m === undefined) {
      const found = a.matrix.table.find(bSets[bid]);
      if (found === undefined) return false;
      afterOf[bid] = m = found;
    }
    return m === aid;
  };
  const changes: PairChange[] = [];
  const push = (from: DiffEndpoint, to: DiffEndpoint, bid: number, aid: number) => {
    const before = bSets[bid];
    const after = aSets[aid];
    changes.push({
      from,
      to,
      kind: before.isEmpty() ? 'added' : after.isEmpty() ? 'removed' : 'changed',
      before,
      after,
      added: after.difference(before),
      removed: before.difference(after),
    });
  };
  const endpoints: DiffEndpoint[] = all.map((e) => ({ kind: 'pod', pod: e.pod }));

  // pod pairs on joint classes: pods in the same class on each side (or absent from it) have the
  // same pairs on both sides, so each pair of joint classes is compared once, and only the pairs
  // of joint classes that differ are enumerated
  const joint = jointClasses(all.map((e) => [e.bi < 0 ? -1 : b.matrix.classOf[e.bi], e.ai < 0 ? -1 : a.matrix.classOf[e.ai]]));
  const members: number[][] = joint.classes.map(() => []);
  joint.classOf.forEach((j, p) => members[j].push(p));
  // each joint class's class on each side (-1: its pods are absent from that side)
  const bClass = Int32Array.from(joint.classes, ([x]) => x);
  const aClass = Int32Array.from(joint.classes, ([, y]) => y);
  // the after id of the set equal to each before set the matrix holds (-1: none), for the 4 M-cell loop below
  const sameAs = Int32Array.from(bSets, (s) => a.matrix.table.find(s) ?? -1);
  const podPairs: [number, number, number, number][] = [];
  for (let x = 0; x < members.length; x++) {
    const bRow = bClass[x] >= 0 ? b.matrix.classRow(bClass[x]) : undefined;
    const aRow = aClass[x] >= 0 ? a.matrix.classRow(aClass[x]) : undefined;
    for (let y = 0; y < members.length; y++) {
      const by = bClass[y];
      const ay = aClass[y];
      const bid = bRow && by >= 0 ? bRow[by] : NONE_ID;
      const aid = aRow && ay >= 0 ? aRow[ay] : NONE_ID;
      if (sameAs[bid] === aid) continue;
      // a class of one pod has no pair with itself; otherwise the set between two different pods of the classes
      if (x === y && members[x].length < 2) continue;
      for (const pp of members[x]) for (const qq of members[y]) if (pp !== qq) podPairs.push([pp, qq, bid, aid]);
    }
  }
  podPairs.sort((u, v) => u[0] - v[0] || u[1] - v[1]);
  for (const [p, q, bid, aid] of podPairs) push(endpoints[p], endpoints[q], bid, aid);

  // outside the cluster: per pod, runs of pieces with the same pair of sets; a pod's runs depend only on its joint class
  const pieces = unionPieces(b.ext.ranges, a.ext.ranges);
  const runsOf = (direction: 'egress' | 'ingress') => {
    const memo: Run[][] = [];
    return (p: number): Run[] => {
      const { bi, ai } = all[p];
      let runs = memo[joint.classOf[p]];
      if (runs) return runs;
      runs = [];
      let open: Run | undefined;
      for (let k = 0; k < pieces.length; k++) {
        const piece = pieces[k];
        const bid = bi < 0 ? NONE_ID : direction === 'egress' ? b.ext.egressId(bi, piece.before) : b.ext.ingressId(piece.before, bi);
        const aid = ai < 0 ? NONE_ID : direction === 'egress' ? a.ext.egressId(ai, piece.after) : a.ext.ingressId(piece.after, ai);
        // pieces of one family are consecutive and adjacent: a run never crosses into the other family
        if (open && open.before === bid && open.after === aid && pieces[open.end].family === piece.family) open.end = k;
        else {
          open = { start: k, end: k, before: bid, after: aid };
          runs.push(open);
        }
      }
      runs = runs.filter((r) => !equal(r.before, r.after));
      memo[joint.classOf[p]] = runs;
      return runs;
    };
  };
  const external = (r: Run): DiffEndpoint => {
    const range = { family: pieces[r.start].family, first: pieces[r.start].first, last: pieces[r.end].last };
    return { kind: 'external', range, name: formatRange(range) };
  };
  for (const direction of ['egress', 'ingress'] as const) {
    const runs = runsOf(direction);
    for (let p = 0; p < all.length; p++)
      for (const r of runs(p)) {
        if (direction === 'egress') push(endpoints[p], external(r), r.before, r.after);
        else push(external(r), endpoints[p], r.before, r.after);
      }
  }
  return { podsAdded, podsRemoved, changes };
}

/** An endpoint's name: a pod's id, or an address range's `first-last`. */
export function endpointName(e: DiffEndpoint): string {
  return e.kind === 'pod' ? e.pod.id : e.name;
}

/** Numbers each distinct pair of classes (in order of first appearance): each item's joint class, and each joint class's pair. */
export function jointClasses(pairs: readonly (readonly [number, number])[]): { classOf: Int32Array; classes: [number, number][] } {
  const ids = new Map<string, number>();
  const classes: [number, number][] = [];
  const classOf = new Int32Array(pairs.length);
  pairs.forEach(([x, y], i) => {
    const key = `${x},${y}`;
    let id = ids.get(key);
    if (id === undefined) {
      ids.set(key, (id = classes.length));
      classes.push([x, y]);
    }
    classOf[i] = id;
  });
  return { classOf, classes };
}
