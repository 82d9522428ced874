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
import type { DirectionVerdict, RuleRef } from './engine';
import { portsAdmit, selectsPod } from './semantics';

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

export interface ExternalEndpoints {
  readonly partition: AddressPartition;
  /** `partition.ranges`: one endpoint per range, named `first-last`. */
  readonly ranges: readonly ExternalRange[];
  /** The ids of the ranges a rule's peers admit, ascending (every range for a rule without peers). */
  ruleRanges(rule: RuleModel): readonly number[];
  /** Does the rule's peer list admit this range? */
  admits(rule: RuleModel, rangeId: number): boolean;
  /**
   * Is traffic between a pod and a range allowed on this port, and which rules decide it?
   * `direction` 'Egress' is pod -> range, 'Ingress' is range -> pod.
   */
  verdict(pod: Pod, rangeId: number, direction: Direction, port: number, protocol: PortProtocol): ExternalVerdict;
}

/** A destination outside the cluster, for `portsAdmit`: no labels, no container ports. */
function outsidePod(range: ExternalRange): Pod {
  return { id: range.name, namespace: '', name: range.name, kind: 'External', labels: {}, ports: [] };
}

/** Builds the cluster's external endpoints from every ipBlock of its policies (once per cluster). */
export function externalEndpoints(cluster: Cluster): ExternalEndpoints {
  const partition = partitionAddresses(policyIpBlocks(cluster.policies.map((p) => p.policy)));
  const all = partition.ranges.map((r) => r.id);
  const byRule = new Map<RuleModel, { ids: readonly number[]; has: Uint8Array }>();
  const byNamespace = new Map<string, ClusterPolicy[]>();
  for (const p of cluster.policies) {
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  const admitted = (rule: RuleModel) => {
    let entry = byRule.get(rule);
    if (!entry) {
      const ids =
        !rule.peers || rule.peers.length === 0
          ? all
          : [...new Set(rule.peers.flatMap((peer) => (peer.ipBlock ? partition.covering(peer.ipBlock) : [])))].sort((a, b) => a - b);
      const has = new Uint8Array(partition.ranges.length);
      for (const id of ids) has[id] = 1;
      byRule.set(rule, (entry = { ids, has }));
    }
    return entry;
  };
  const rangeAt = (id: number): ExternalRange => {
    const range = partition.ranges[id];
    if (!range) throw new RangeError(`no external range has id ${id}`);
    return range;
  };
  return {
    partition,
    ranges: partition.ranges,
    ruleRanges: (rule) => admitted(rule).ids,
    admits: (rule, id) => admitted(rule).has[id] === 1,
    verdict(pod, rangeId, direction, port, protocol) {
      const range = rangeAt(rangeId);
      const destination = direction === 'Egress' ? outsidePod(range) : pod;
      const isolatedBy: string[] = [];
      const allowedBy: RuleRef[] = [];
      for (const p of byNamespace.get(pod.namespace) ?? []) {
        if (!effectivePolicyTypes(p.policy).has(direction) || !selectsPod(p, pod)) continue;
        isolatedBy.push(p.id);
        for (const rule of rulesOf(p.policy, direction))
          if (admitted(rule).has[rangeId] === 1 && portsAdmit(rule, port, protocol, destination)) allowedBy.push({ policy: p.id, direction, rule: rule.index });
      }
      const allowed = isolatedBy.length === 0 || allowedBy.length > 0;
      const [from, to] = direction === 'Egress' ? [pod.id, range.name] : [range.name, pod.id];
      return { from, to, port, protocol, allowed, direction, decidedBy: { isolatedBy, allowedBy, allowed } };
    },
  };
}
