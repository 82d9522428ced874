/**
 * The connectivity graph (`netpol-lint graph`): nodes are groups of endpoints, edges the allowed
 * traffic between them, each labelled with its connection set. Pure: the renderers (DOT, Mermaid)
 * are in `graphRender.ts`, the JSON and the command line at the CLI's edge.
 *
 * A node is a group of workloads of one namespace that no policy, peer or named port tells apart
 * (one class of the connection matrix), or a group of external address ranges no rule tells apart
 * (one range class). Every member of a group has the same set to every member of another, so one
 * edge stands for all those pairs, and a loop on a group of several for each two of its members:
 * a namespace of N identical pods is one node and at most one loop, not N² edges. With `--from` /
 * `--to`, the endpoints chosen as sources only, as destinations only, or as both form separate
 * groups, so an edge always stands for every pair of its two nodes' members (a pod to itself is
 * never a pair). With a port, each set is cut to that port; an edge is drawn only for a set
 * that is not empty. The builder reads a `GraphSource`: one engine's (`buildGraph`), or two sides'
 * (`graphDiff.ts`), whose edges carry what changed (`change`; none when unchanged).
 */
import type { ConnectionMatrix } from '../connectivity/connections';
import type { Connectivity } from '../connectivity/engine';
import type { ExternalConnections } from '../connectivity/externalSets';
import { maxOf } from '../arrays';
import { ConnectionSet, PROTOCOLS } from '../connectivity/connectionSet';
import type { PortProtocol } from '../model/inventory';
import type { Pod } from '../connectivity/cluster';
import type { ChangeKind } from '../connectivity/diff';

/** The endpoints one side of the graph covers: pod indexes and external range ids. */
export interface GraphSide {
  pods: readonly number[];
  ranges: readonly number[];
}

export interface GraphNode {
  /** The first member's endpoint id (a pod id `namespace/name`, or a range's `first-last`): unique. */
  id: string;
  kind: 'workloads' | 'external';
  /** The members' namespace (workloads only). */
  namespace?: string;
  /** Endpoint ids, in endpoint order. */
  members: string[];
  /** Short: a workload's name, a group's first names and how many more, a range's name. */
  label: string;
  /** Everything the label leaves out: ids, kinds, every member. */
  title: string;
  /** Chosen as a source / as a destination (both, without --from / --to). */
  source: boolean;
  destination: boolean;
  /** In a diff graph: workloads only the after side has (added) or only the before side (removed). */
  change?: NodeChange;
}

export type NodeChange = 'added' | 'removed';

/** How a diff graph's edge differs from before the change (an edge without one is unchanged). */
export interface EdgeChange {
  /** added: nothing was allowed before; removed: nothing is allowed now (`allowed` is empty); changed: both are not. */
  kind: ChangeKind;
  before: ConnectionSet;
}

export type EdgeScope = 'namespace' | 'cross-namespace' | 'external';

export interface GraphEdge {
  /** Node indexes. */
  from: number;
  to: number;
  allowed: ConnectionSet;
  /** `edgeText` shortened to about LABEL_MAX characters (`label !== edgeText(edge)` when shortened). */
  label: string;
  scope: EdgeScope;
  /** How many endpoint pairs the edge stands for. */
  pairs: number;
  /** In a diff graph, a changed edge: what it allowed before. */
  change?: EdgeChange;
}

export interface Graph {
  nodes: GraphNode[];
  /** Namespaces in order of their first workload, each with its nodes (indexes). */
  namespaces: { name: string; nodes: number[] }[];
  /** The external nodes (indexes). */
  outside: number[];
  edges: GraphEdge[];
  /** The port the sets were cut to, if any. */
  port?: { port: number; protocol: PortProtocol };
  /** A diff graph: the before side as the user named it (the edges are the after side's and the ones the change removed). */
  before?: string;
}

/** About how long a label may be before it is shortened. */
export const LABEL_MAX = 32;

/**
 * A set as a label of at most about LABEL_MAX characters: its text when short enough, else each
 * protocol with as many of its leading port ranges as fit and how many more (`TCP 80,443 +12; UDP 53`).
 */
export function setLabel(set: ConnectionSet, max = LABEL_MAX): string {
  const full = set.toString();
  if (full.length <= max) return full;
  const parts = PROTOCOLS.map((p) => [p, set.ranges(p).map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`))] as const).filter(([, r]) => r.length > 0);
  const most = maxOf(parts.map(([, r]) => r.length));
  let label = full;
  for (let k = most - 1; k >= 1; k--) {
    label = parts.map(([p, r]) => `${p} ${r.slice(0, k).join(',')}${r.length > k ? ` +${r.length - k}` : ''}`).join('; ');
    if (label.length <= max) break;
  }
  return label;
}

/** Names as a label of about `max` characters: as many leading names as fit, then how many more (`web-1, web-2 +8 more`). */
export function namesLabel(names: readonly string[], max = LABEL_MAX): string {
  let label = names[0];
  let k = 1;
  while (k < names.length && `${label}, ${names[k]}`.length + (k + 1 < names.length ? ` +${names.length - k - 1} more`.length : 0) <= max)
    label += `, ${names[k++]}`;
  return k < names.length ? `${label} +${names.length - k} more` : label;
}

interface Group {
  node: GraphNode;
  /** The source's class (pods) or range class of the members. */
  cls: number;
  /** A member: pod index or range index. */
  rep: number;
  size: number;
}

/** A pair's set on the graph's side and, in a diff graph, before the change (each cut to the port, if any). */
export interface PairSets {
  after: ConnectionSet;
  before?: ConnectionSet;
}

/**
 * What a graph is drawn from: the endpoints, their classes (endpoints alike to every policy; one
 * node a class and namespace) and the sets between classes. `buildGraph` reads one engine; a diff
 * graph (graphDiff.ts) reads two, on classes alike on both sides.
 */
export interface GraphSource {
  pods: readonly Pod[];
  podClass: (i: number) => number;
  /** Between two different pods of the classes (one class: two of its pods). */
  podSets: (a: number, b: number) => PairSets;
  /** Pods present on one side only (a diff graph). */
  podChange?: (i: number) => NodeChange | undefined;
  ranges: readonly { name: string }[];
  rangeClass: (r: number) => number;
  /** Pod i (a member) to range r (a member), and back. */
  egress: (i: number, r: number) => PairSets;
  ingress: (r: number, i: number) => PairSets;
}

/** The graph of the pairs from `rows` to `cols`; `only` cuts every set to one port. */
export function buildGraph(
  engine: Connectivity,
  matrix: ConnectionMatrix,
  ext: ExternalConnections,
  rows: GraphSide,
  cols: GraphSide,
  only?: { port: number; protocol: PortProtocol },
): Graph {
  const table = matrix.table;
  const cut = only ? table.id(ConnectionSet.range(only.protocol, only.port)) : -1;
  const setOf = (id: number) => ({ after: table.sets[cut < 0 ? id : table.intersect(id, cut)] });
  const rangeClasses = ext.endpoints.classes().classOf;
  const source: GraphSource = {
    pods: engine.cluster.pods,
    podClass: (i) => matrix.classOf[i],
    podSets: (a, b) => setOf(matrix.classId(a, b)),
    ranges: ext.ranges,
    rangeClass: (r) => rangeClasses[r],
    egress: (i, r) => setOf(ext.egressId(i, r)),
    ingress: (r, i) => setOf(ext.ingressId(r, i)),
  };
  return graphOf(source, rows, cols, only);
}

/** The graph of a source's pairs from `rows` to `cols` (`port`: what the sets were cut to, if anything). */
export function graphOf(source: GraphSource, rows: GraphSide, cols: GraphSide, port?: { port: number; protocol: PortProtocol }): Graph {
  const pods = source.pods;
  const podGroups = groupsOf(pods.length, rows.pods, cols.pods, (i) => `${pods[i].namespace}\0${source.podClass(i)}`, source.podClass);
  // no pods, no pairs: the ranges would be endpoints of nothing
  const rangeGroups = pods.length === 0 ? [] : groupsOf(source.ranges.length, rows.ranges, cols.ranges, (r) => `${source.rangeClass(r)}`, source.rangeClass);

  // a Deployment and a StatefulSet of one name in one namespace: each named with its kind
  const named = new Map<string, number>();
  for (const p of pods) named.set(`${p.namespace}/${p.name}`, (named.get(`${p.namespace}/${p.name}`) ?? 0) + 1);
  const nameOf = (i: number) => (named.get(`${pods[i].namespace}/${pods[i].name}`)! > 1 ? `${pods[i].name} (${pods[i].kind})` : pods[i].name);
  const nodes: GraphNode[] = [];
  const namespaces: Graph['namespaces'] = [];
  const nsAt = new Map<string, number[]>();
  const podNodes: Group[] = podGroups.map(({ members, source: from, destination, cls }) => {
    const first = pods[members[0]];
    const kinds = [...new Set(members.map((i) => pods[i].kind))].join(', ');
    const change = source.podChange?.(members[0]);
    const node: GraphNode = {
      id: first.id,
      kind: 'workloads',
      namespace: first.namespace,
      members: members.map((i) => pods[i].id),
      label: namesLabel(members.map(nameOf)),
      title:
        (members.length === 1
          ? `${first.id} (${first.kind})`
          : `${members.length} workloads (${kinds}) no policy tells apart in ${first.namespace}: ${members.map(nameOf).join(', ')}`) +
        (change ? ` (${change} by the change)` : ''),
      source: from,
      destination,
      ...(change ? { change } : {}),
    };
    let list = nsAt.get(first.namespace);
    if (!list) {
      nsAt.set(first.namespace, (list = []));
      namespaces.push({ name: first.namespace, nodes: list });
    }
    list.push(nodes.length);
    nodes.push(node);
    return { node, cls, rep: members[0], size: members.length };
  });
  const outside: number[] = [];
  const rangeNodes: Group[] = rangeGroups.map(({ members, source: from, destination, cls }) => {
    const names = members.map((r) => source.ranges[r].name);
    const node: GraphNode = {
      id: names[0],
      kind: 'external',
      members: names,
      // every range alike (no ipBlock tells them apart): both IP spaces whole, one node
      label: members.length === source.ranges.length ? 'every address' : namesLabel(names),
      title: `${members.length === 1 ? 'addresses' : `${members.length} address ranges no rule tells apart`} outside the cluster: ${names.join(', ')}`,
      source: from,
      destination,
    };
    outside.push(nodes.length);
    nodes.push(node);
    return { node, cls, rep: members[0], size: members.length };
  });

  const index = new Map<GraphNode, number>(nodes.map((n, i) => [n, i]));
  const edges: GraphEdge[] = [];
  const add = (a: Group, b: Group, { after, before }: PairSets, scope: EdgeScope, pairs: number) => {
    if (pairs === 0 || (after.isEmpty() && (before === undefined || before.isEmpty()))) return;
    const change: EdgeChange | undefined =
      before === undefined || before.equals(after) ? undefined : { kind: before.isEmpty() ? 'added' : after.isEmpty() ? 'removed' : 'changed', before };
    edges.push({
      from: index.get(a.node)!,
      to: index.get(b.node)!,
      allowed: after,
      label: edgeLabel(after, change),
      scope,
      pairs,
      ...(change ? { change } : {}),
    });
  };
  for (const a of podNodes) {
    if (!a.node.source) continue;
    for (const b of podNodes) {
      if (!b.node.destination) continue;
      const pairs = a === b ? a.size * (a.size - 1) : a.size * b.size;
      if (pairs > 0) add(a, b, source.podSets(a.cls, b.cls), a.node.namespace === b.node.namespace ? 'namespace' : 'cross-namespace', pairs);
    }
    for (const r of rangeNodes) if (r.node.destination) add(a, r, source.egress(a.rep, r.rep), 'external', a.size * r.size);
  }
  for (const r of rangeNodes) {
    if (!r.node.source) continue;
    for (const b of podNodes) if (b.node.destination) add(r, b, source.ingress(r.rep, b.rep), 'external', r.size * b.size);
  }
  return { nodes, namespaces, outside, edges, ...(port ? { port } : {}) };
}

const MARK: Record<ChangeKind, string> = { added: '+ ', removed: '- ', changed: '~ ' };

/** An edge's label: its set shortened; with a change, marked `+` / `-` / `~` and a changed set as `before -> after`. */
function edgeLabel(after: ConnectionSet, change: EdgeChange | undefined): string {
  if (!change) return setLabel(after);
  if (change.kind === 'added') return `${MARK.added}${setLabel(after)}`;
  if (change.kind === 'removed') return `${MARK.removed}${setLabel(change.before)}`;
  return `${MARK.changed}${setLabel(change.before, LABEL_MAX / 2)} -> ${setLabel(after, LABEL_MAX / 2)}`;
}

/** What an edge's label stands for, unshortened: the set, or with a change its mark and the set(s). */
export function edgeText(e: GraphEdge): string {
  const c = e.change;
  if (!c) return e.allowed.toString();
  if (c.kind === 'added') return `${MARK.added}${e.allowed}`;
  if (c.kind === 'removed') return `${MARK.removed}${c.before}`;
  return `${MARK.changed}${c.before} -> ${e.allowed}`;
}

/** Endpoints grouped by key and by side (source only, destination only, both), in order of first member. */
function groupsOf(
  n: number,
  rows: readonly number[],
  cols: readonly number[],
  key: (i: number) => string,
  cls: (i: number) => number,
): { members: number[]; source: boolean; destination: boolean; cls: number }[] {
  const side = new Uint8Array(n);
  for (const i of rows) side[i] |= 1;
  for (const j of cols) side[j] |= 2;
  const groups = new Map<string, { members: number[]; source: boolean; destination: boolean; cls: number }>();
  for (let i = 0; i < n; i++) {
    if (side[i] === 0) continue;
    const k = `${key(i)}\0${side[i]}`;
    const g = groups.get(k);
    if (g) g.members.push(i);
    else groups.set(k, { members: [i], source: (side[i] & 1) === 1, destination: (side[i] & 2) === 2, cls: cls(i) });
  }
  return [...groups.values()];
}
