/**
 * The cluster's external endpoints: the address ranges its ipBlocks cut both spaces into
 * (`addressRanges.ts`), and which rules admit each. Outside the cluster no NetworkPolicy applies,
 * so traffic between a pod and a range is decided by the pod's side alone: its egress rules for
 * pod -> range, its ingress rules for range -> pod. A rule's peers admit a range when the rule has
 * no `from`/`to` (every source or destination, outside ones included) or one of its ipBlock peers
 * covers the range; pod and namespace selectors admit no external address. An external destination
 * declares no container ports, so a named port allows nothing to it. Pure.
 */
import type { PortProtocol } from '../model/inventory';
import { type Direction, effectivePolicyTypes, type RuleModel, rulesOf } from '../model/networkPolicy';
import { type AddressPartition, type ExternalRange, partitionAddresses, policyIpBlocks } from './addressRanges';
import type { Cluster, ClusterPolicy, Pod } from './cluster';
import type { DirectionConnections, DirectionVerdict, RuleRef } from './verdicts';
import { ConnectionSet } from './connectionSet';
import { portsAdmit, portsSet, selectsPod } from './semantics';
import { cidrHoldsRange, clusterNamespaceLabels, rangePeers, selectingByTier, tieredDirection, tieredPortVerdict, tierNetworkBlocks } from './tiers';
import type { TierPolicy } from './tierTypes';

/** A connection between a pod and an external range, on one port: the pod's side decides. */
export interface ExternalVerdict {
  from: string;
  to: string;
  port: number;
  protocol: PortProtocol;
  allowed: boolean;
  /** The pod's egress (pod -> range) or ingress (range -> pod). */
  direction: Direction;
  decidedBy: DirectionVerdict;
}

/** Runs of consecutive range ids, `[firstId, lastId]`, ascending, neither overlapping nor touching. */
export type RangeSpans = readonly (readonly [number, number])[];

/** Ranges no rule tells apart: the same verdict with every pod, on every port. */
export interface RangeClasses {
  /** The class of each range (by range id); classes are numbered in the order of their first range. */
  readonly classOf: Int32Array;
  /** The range ids of each class, ascending. */
  readonly members: readonly (readonly number[])[];
}

export interface ExternalEndpoints {
  readonly partition: AddressPartition;
  /** `partition.ranges`: one endpoint per range, named `first-last`. */
  readonly ranges: readonly ExternalRange[];
  /** The ranges a rule's peers admit, as runs of ids (every range for a rule without peers). */
  ruleSpans(rule: RuleModel): RangeSpans;
  /** The same as a list of ids, ascending. */
  ruleRanges(rule: RuleModel): number[];
  /** Does the rule's peer list admit this range? (A binary search.) */
  admits(rule: RuleModel, rangeId: number): boolean;
  /** The ranges grouped by the rules (of the policy types in force) that admit them; computed once, on first use. */
  classes(): RangeClasses;
  /**
   * Is traffic between a pod and a range allowed on this port, and which rules decide it?
   * `direction` 'Egress' is pod -> range, 'Ingress' is range -> pod.
   */
  verdict(pod: Pod, rangeId: number, direction: Direction, port: number, protocol: PortProtocol): ExternalVerdict;
}

/** Sorted, merged runs: overlapping or touching spans become one. */
function mergeSpans(spans: [number, number][]): [number, number][] {
  spans.sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const [a, b] of spans) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

function spansHave(spans: RangeSpans, id: number): boolean {
  let lo = 0;
  let hi = spans.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid][1] < id) lo = mid + 1;
    else if (spans[mid][0] > id) hi = mid - 1;
    else return true;
  }
  return false;
}

/**
 * Classes of ranges by the rules that admit them: partition refinement, each rule's runs splitting
 * every class they cut. A set and its complement split alike, so each rule costs the smaller side
 * (`0.0.0.0/0 except …` costs its excepts, not the whole space).
 */
function rangeClasses(n: number, ruleSpans: readonly RangeSpans[]): RangeClasses {
  const classOf = new Int32Array(n);
  const size: number[] = [n];
  const hit: number[] = [0];
  const split: number[] = [-1];
  const seen = new Set<string>();
  for (const spans of ruleSpans) {
    const key = spans.join(';');
    if (seen.has(key)) continue; // the same runs split nothing more
    seen.add(key);
    let covered = 0;
    for (const [a, b] of spans) covered += b - a + 1;
    if (covered === 0 || covered === n) continue;
    const members: number[] = [];
    if (covered * 2 <= n) for (const [a, b] of spans) for (let id = a; id <= b; id++) members.push(id);
    else {
      let next = 0;
      for (const [a, b] of spans) {
        for (let id = next; id < a; id++) members.push(id);
        next = b + 1;
      }
      for (let id = next; id < n; id++) members.push(id);
    }
    const touched: number[] = [];
    for (const id of members) if (hit[classOf[id]]++ === 0) touched.push(classOf[id]);
    for (const c of touched) {
      if (hit[c] < size[c]) {
        split[c] = size.length;
        size[c] -= hit[c];
        size.push(hit[c]);
        hit.push(0);
        split.push(-1);
      }
    }
    for (const id of members) if (split[classOf[id]] >= 0) classOf[id] = split[classOf[id]];
    for (const c of touched) {
      hit[c] = 0;
      split[c] = -1;
    }
  }
  // renumber in the order of each class's first range
  const renumber = new Int32Array(size.length).fill(-1);
  const members: number[][] = [];
  for (let id = 0; id < n; id++) {
    const c = classOf[id];
    if (renumber[c] < 0) {
      renumber[c] = members.length;
      members.push([]);
    }
    classOf[id] = renumber[c];
    members[renumber[c]].push(id);
  }
  return { classOf, members };
}

/** A destination outside the cluster, for `portsAdmit` / `portsSet`: no labels, no container ports. */
export function outsidePod(range: ExternalRange): Pod {
  return { id: range.name, namespace: '', name: range.name, kind: 'External', labels: {}, ports: [] };
}

/** Builds the cluster's external endpoints from every ipBlock of its policies (once per cluster). */
export function externalEndpoints(cluster: Cluster): ExternalEndpoints {
  // the tiers' networks cut the ranges too, so each range is wholly inside or outside each of them
  const tierBlocks = tierNetworkBlocks(cluster.tiers ?? []);
  const partition = partitionAddresses([...policyIpBlocks(cluster.policies.map((p) => p.policy)), ...tierBlocks]);
  const everyRange: RangeSpans = partition.ranges.length > 0 ? [[0, partition.ranges.length - 1]] : [];
  const byRule = new Map<RuleModel, RangeSpans>();
  const byNamespace = new Map<string, ClusterPolicy[]>();
  for (const p of cluster.policies) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  const spansOf = (rule: RuleModel): RangeSpans => {
    let spans = byRule.get(rule);
    if (!spans) {
      spans =
        !rule.peers || rule.peers.length === 0
          ? everyRange
          : mergeSpans(rule.peers.flatMap((peer) => (peer.ipBlock ? partition.coveringSpans(peer.ipBlock) : [])));
      byRule.set(rule, spans);
    }
    return spans;
  };
  let classes: RangeClasses | undefined;
  const rangeAt = (id: number): ExternalRange => {
    const range = partition.ranges[id];
    if (!range) throw new RangeError(`no external range has id ${id}`);
    return range;
  };
  return {
    partition,
    ranges: partition.ranges,
    ruleSpans: spansOf,
    ruleRanges(rule) {
      const out: number[] = [];
      for (const [a, b] of spansOf(rule)) for (let id = a; id <= b; id++) out.push(id);
      return out;
    },
    admits: (rule, id) => spansHave(spansOf(rule), id),
    classes() {
      classes ??= rangeClasses(partition.ranges.length, [
        ...cluster.policies.flatMap((p) => [...effectivePolicyTypes(p.policy)].flatMap((d) => rulesOf(p.policy, d).map(spansOf))),
        ...tierBlocks.map((b) => partition.coveringSpans(b)),
      ]);
      return classes;
    },
    verdict(pod, rangeId, direction, port, protocol) {
      const range = rangeAt(rangeId);
      if (cluster.tiers) {
        // through the tiers: the side's sets (the same answer as every port at once), read on this port
        const tiers = selectingByTier(cluster.tiers, pod, clusterNamespaceLabels(cluster.namespaces));
        const side = externalSide(byNamespace.get(pod.namespace) ?? [], this, pod, rangeId, direction, tiers);
        const decidedBy = tieredPortVerdict(side, port, protocol);
        const [from, to] = direction === 'Egress' ? [pod.id, range.name] : [range.name, pod.id];
        return { from, to, port, protocol, allowed: decidedBy.allowed, direction, decidedBy };
      }
      const destination = direction === 'Egress' ? outsidePod(range) : pod;
      const isolatedBy: string[] = [];
      const allowedBy: RuleRef[] = [];
      for (const p of byNamespace.get(pod.namespace) ?? []) {
        if (!effectivePolicyTypes(p.policy).has(direction) || !selectsPod(p, pod)) continue;
        isolatedBy.push(p.id);
        for (const rule of rulesOf(p.policy, direction))
          if (spansHave(spansOf(rule), rangeId) && portsAdmit(rule, port, protocol, destination)) allowedBy.push({ policy: p.id, direction, rule: rule.index });
      }
      const allowed = isolatedBy.length === 0 || allowedBy.length > 0;
      const [from, to] = direction === 'Egress' ? [pod.id, range.name] : [range.name, pod.id];
      return { from, to, port, protocol, allowed, direction, decidedBy: { isolatedBy, allowedBy, allowed } };
    },
  };
}

/**
 * The pod's side of a pod-range pair, straight from the policies (no classes): `policies` are those
 * of the pod's namespace. Egress is pod -> range, Ingress range -> pod.
 */
export function externalSide(
  policies: readonly ClusterPolicy[],
  endpoints: ExternalEndpoints,
  pod: Pod,
  rangeId: number,
  direction: Direction,
  /** The cluster admin's policies selecting the pod, by tier (none: NetworkPolicy alone decides). */
  tiers?: { admin: readonly TierPolicy[]; baseline: readonly TierPolicy[] },
): DirectionConnections {
  const range = endpoints.ranges[rangeId];
  if (!range) throw new RangeError(`no external range has id ${rangeId}`);
  const destination = direction === 'Egress' ? outsidePod(range) : pod;
  const isolatedBy: string[] = [];
  const allowedBy: DirectionConnections['allowedBy'] = [];
  let allowed = ConnectionSet.NONE;
  for (const p of policies) {
    if (!effectivePolicyTypes(p.policy).has(direction) || !selectsPod(p, pod)) continue;
    isolatedBy.push(p.id);
    for (const rule of rulesOf(p.policy, direction)) {
      if (!endpoints.admits(rule, rangeId)) continue;
      const allows = portsSet(rule, destination);
      if (allows.isEmpty()) continue;
      allowedBy.push({ policy: p.id, direction, rule: rule.index, allows });
      allowed = allowed.union(allows);
    }
  }
  const np = { isolatedBy, allowedBy, allowed: isolatedBy.length === 0 ? ConnectionSet.ALL : allowed };
  if (!tiers) return np;
  const t = tieredDirection(
    tiers.admin,
    tiers.baseline,
    direction,
    rangePeers((cidr) => cidrHoldsRange(cidr, range)),
    destination,
    isolatedBy.length > 0,
    np.allowed,
  );
  return {
    ...np,
    allowed: t.allowed,
    tiers: { decisions: t.decisions, ...(t.networkPolicy ? { networkPolicy: t.networkPolicy } : {}), defaultAllowed: t.defaultAllowed },
  };
}
