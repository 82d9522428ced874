/**
 * The connectivity graph as the editor's graph view shows it: `buildGraph` over the whole
 * workspace (the workspace's own engine, so every "who reaches whom" is the engine's), each node
 * with where its first workload is declared, each edge with its set by protocol and port (for the
 * view's filters); and, for one edge, the rules that decide it, with where they are. Offsets only:
 * the language server turns them into positions.
 */
import type { ConnectionSet, ConnectionSetJson } from '../connectivity/connectionSet';
import type { DirectionConnections } from '../connectivity/verdicts';
import { rulesOf } from '../model/networkPolicy';
import type { Workspace } from '../workspace/workspace';
import { buildGraph, type EdgeScope, type Graph, type NodeChange } from './graph';
import { diffGraph, diffGraphSource } from './graphDiff';
import type { ChangeKind } from '../connectivity/diff';

/** A place in a file of the workspace (offsets). */
export interface GraphPlace {
  file: string;
  start: number;
  end: number;
}

export interface GraphViewNode {
  id: string;
  kind: 'workloads' | 'external';
  namespace?: string;
  label: string;
  title: string;
  members: string[];
  /** The first member's manifest (its name), when it is declared in the workspace. */
  place?: GraphPlace;
  /** Compared with a before side: workloads only the workspace has (added) or only the before side (removed). */
  change?: NodeChange;
}

export interface GraphViewEdge {
  /** Node ids. */
  from: string;
  to: string;
  label: string;
  /** The whole set as text. */
  text: string;
  allowed: ConnectionSetJson;
  scope: EdgeScope;
  pairs: number;
  /** Compared with a before side, an edge that differs: how, and its set before as text (`allowed` is the workspace's). */
  change?: ChangeKind;
  before?: string;
}

export interface GraphView {
  namespaces: string[];
  nodes: GraphViewNode[];
  edges: GraphViewEdge[];
}

/**
 * The graph of every workload and external range of the workspace; with `before` (the same
 * folders at git HEAD, say), the diff graph from it to the workspace (graphDiff.ts): both sides'
 * workloads and what the change did to each edge.
 */
export function graphView(ws: Workspace, before?: Workspace): GraphView {
  const engine = ws.connectivity();
  let g: Graph;
  if (before) {
    const d = diffGraphSource(before.connectivity(), engine);
    const all = { pods: d.pods.map((_p, i) => i), ranges: d.ranges.map((r) => r.id) };
    g = diffGraph(d, all, all, 'git HEAD');
  } else {
    const matrix = engine.connections();
    const ext = engine.externalConnections(matrix);
    const side = { pods: engine.cluster.pods.map((_p, i) => i), ranges: ext.ranges.map((r) => r.id) };
    g = buildGraph(engine, matrix, ext, side, side);
  }
  const nodes = g.nodes.map((n): GraphViewNode => {
    const pod = n.kind === 'workloads' ? engine.pod(n.members[0]) : undefined;
    const ref = pod?.ref;
    const at = ref ? ws.offsetIn(ref, ref.workload.nameSpan) : undefined;
    const place = ref && at !== undefined ? { file: ref.file, start: at, end: at + (ref.workload.nameSpan.end - ref.workload.nameSpan.start) } : undefined;
    return {
      id: n.id,
      kind: n.kind,
      ...(n.namespace !== undefined ? { namespace: n.namespace } : {}),
      label: n.label,
      title: n.title,
      members: n.members,
      ...(place ? { place } : {}),
      ...(n.change ? { change: n.change } : {}),
    };
  });
  const edges = g.edges.map(
    (e): GraphViewEdge => ({
      from: g.nodes[e.from].id,
      to: g.nodes[e.to].id,
      label: e.label,
      text: e.allowed.toString(),
      allowed: e.allowed.toJSON(),
      scope: e.scope,
      pairs: e.pairs,
      ...(e.change ? { change: e.change.kind, before: e.change.before.toString() } : {}),
    }),
  );
  return { namespaces: g.namespaces.map((n) => n.name), nodes, edges };
}

export interface DecidingRule {
  /** `egress` of the source, `ingress` of the destination. */
  side: 'egress' | 'ingress';
  /** `<namespace>/<name>` of the policy. */
  policy: string;
  /** The rule's index in the policy's list. */
  rule: number;
  /** What the rule allows of the pair. */
  allows: string;
  place?: GraphPlace;
}

export interface EdgeExplanation {
  from: string;
  to: string;
  allowed: string;
  /** One line per side: open, denied, or which rules allow what. */
  sides: { side: 'egress' | 'ingress'; text: string }[];
  rules: DecidingRule[];
}

/**
 * Why the edge between two nodes (by the ids `graphView` gave them: a first member) allows what it
 * does: the pair of their first members (of a loop: its first two), straight from the engine.
 * Undefined when the ids name no such pair.
 */
export function explainEdge(
  ws: Workspace,
  from: string,
  to: string,
  members?: { from?: readonly string[]; to?: readonly string[] },
): EdgeExplanation | undefined {
  const engine = ws.connectivity();
  const ranges = engine.externalEndpoints().ranges;
  const rangeOf = (id: string) => ranges.find((r) => r.name === id);
  const a = engine.pod(from);
  let b = engine.pod(to);
  // a loop on a group: two different members stand for it (a pod to itself is never an edge)
  if (a && b && a === b) b = engine.pod(members?.to?.find((m) => m !== from) ?? '') ?? b;
  if (a && b) {
    const pair = engine.connectionsBetween(a, b);
    return explanation(ws, from, to, pair.allowed, [
      { side: 'egress', d: pair.egress },
      { side: 'ingress', d: pair.ingress },
    ]);
  }
  if (a && !b) {
    const r = rangeOf(to);
    if (!r) return undefined;
    const d = engine.externalBetween(a, r.id, 'Egress');
    return explanation(ws, from, to, d.allowed, [{ side: 'egress', d }]);
  }
  const r = rangeOf(from);
  const dest = engine.pod(to);
  if (!r || !dest) return undefined;
  const d = engine.externalBetween(dest, r.id, 'Ingress');
  return explanation(ws, from, to, d.allowed, [{ side: 'ingress', d }]);
}

function explanation(
  ws: Workspace,
  from: string,
  to: string,
  allowed: ConnectionSet,
  sides: { side: 'egress' | 'ingress'; d: DirectionConnections }[],
): EdgeExplanation {
  const policies = ws.connectivity().cluster.policies;
  const rules: DecidingRule[] = [];
  // the rules that allow part of what the pair gets (a rule the other side denies decides nothing)
  for (const { side, d } of sides)
    for (const r of d.allowedBy.filter((x) => !x.allows.intersect(allowed).isEmpty())) {
      const p = policies.find((x) => x.id === r.policy);
      const rule = p ? rulesOf(p.policy, r.direction)[r.rule] : undefined;
      const at = p?.ref && rule ? ws.offsetIn(p.ref, rule.node.span) : undefined;
      const place = p?.ref && rule && at !== undefined ? { file: p.ref.file, start: at, end: at + (rule.node.span.end - rule.node.span.start) } : undefined;
      rules.push({
        side,
        policy: r.policy,
        rule: r.rule,
        allows: r.allows.intersect(allowed).toString(),
        ...(place ? { place } : {}),
      });
    }
  const text = (side: string, d: DirectionConnections) =>
    d.isolatedBy.length === 0
      ? `${side} open (no policy isolates it)`
      : d.allowedBy.length === 0
        ? `${side} denied: isolated by ${d.isolatedBy.join(', ')} and no rule allows it`
        : `${side} allowed by ${d.allowedBy.map((r) => `${r.policy} ${side}[${r.rule}]`).join(', ')}`;
  return { from, to, allowed: allowed.toString(), sides: sides.map(({ side, d }) => ({ side, text: text(side, d) })), rules };
}
