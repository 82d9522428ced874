/**
 * The connectivity engine: is traffic from pod A to pod B on a port and protocol allowed, and why?
 * A connection is allowed when A's egress and B's ingress both allow it: a pod no policy isolates in
 * a direction is open in that direction; an isolated pod is allowed what any rule of a policy
 * selecting it allows (policies are additive). A pod can always reach itself. Pure: no YAML, no I/O.
 */
import { NAMESPACE_NAME_LABEL } from '../config';
import type { PortProtocol } from '../model/inventory';
import { effectivePolicyTypes, rulesOf, type Direction, type RuleModel } from '../model/networkPolicy';
import type { Cluster, ClusterPolicy, Pod } from './cluster';
import type { PolicyRef } from '../rules/types';
import { appendAll } from '../arrays';
import { ConnectionSet } from './connectionSet';
import type { DirectionConnections, DirectionVerdict, PairConnections, RuleRef, Verdict } from './verdicts';
import { connectionMatrix, type ConnectionMatrix } from './connections';
import { type ExternalEndpoints, externalEndpoints } from './external';
import { ExternalConnections, externalSide } from './externalSets';
import { peersAdmit, portsAdmit, portsSet, selectsPod, type NamespaceLabels } from './semantics';
import { podPeers, tieredPortVerdict, selectingByTier, tieredDirection, type TierPolicy } from './tiers';

export type { DirectionConnections, DirectionVerdict, PairConnections, RuleRef, Verdict } from './verdicts';

/** Who can reach whom: rows[from][to] is 1 when allowed (indices into `pods`). */
export interface Matrix {
  port: number;
  protocol: PortProtocol;
  pods: string[];
  rows: Uint8Array[];
}

/** The CLI's JSON contract: `allowed[from][to]` by pod id. */
export interface MatrixJson {
  port: number;
  protocol: PortProtocol;
  pods: string[];
  allowed: Record<string, Record<string, boolean>>;
}

export function matrixJson(m: Matrix): MatrixJson {
  const allowed: Record<string, Record<string, boolean>> = {};
  m.pods.forEach((from, i) => {
    const row: Record<string, boolean> = {};
    m.pods.forEach((to, j) => (row[to] = m.rows[i][j] === 1));
    allowed[from] = row;
  });
  return { port: m.port, protocol: m.protocol, pods: m.pods, allowed };
}

/** `matrixJson` written straight to compact JSON text (no million small objects for a large matrix). */
export function matrixJsonText(m: Matrix): string {
  const keys = m.pods.map((p) => JSON.stringify(p));
  const yes = keys.map((k) => `${k}:true`);
  const no = keys.map((k) => `${k}:false`);
  const cells: string[] = new Array(keys.length);
  const rows = m.rows.map((row, i) => {
    for (let j = 0; j < row.length; j++) cells[j] = row[j] ? yes[j] : no[j];
    return `${keys[i]}:{${cells.join(',')}}`;
  });
  return `{"port":${m.port},"protocol":${JSON.stringify(m.protocol)},"pods":[${keys.join(',')}],"allowed":{${rows.join(',')}}}`;
}

export class Connectivity {
  private readonly nsLabels: NamespaceLabels;
  private readonly byNamespace = new Map<string, ClusterPolicy[]>();
  private readonly index = new Map<string, number>();
  private all: ConnectionMatrix | undefined;
  private byRef: Map<PolicyRef, ClusterPolicy> | undefined;
  /**
   * Per namespace, its policies by one label pair their pod selector requires (`key\0value`), and
   * those that require none (an empty selector, only expressions): a pod can only be selected by
   * the policies of its own label pairs and of the second list, so finding them costs its labels,
   * not every policy of the namespace (a reach report asks for each pod of the workspace).
   */
  private selectorIndex: Map<string, { byLabel: Map<string, number[]>; rest: number[] }> | undefined;
  /** The policies selecting each pod, in workspace order, once asked. */
  private readonly selecting = new WeakMap<Pod, readonly ClusterPolicy[]>();
  private ext: ExternalEndpoints | undefined;

  constructor(readonly cluster: Cluster) {
    this.nsLabels = (ns) => cluster.namespaces.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
    for (const p of cluster.policies) {
      const list = this.byNamespace.get(p.namespace);
      if (list) list.push(p);
      else this.byNamespace.set(p.namespace, [p]);
    }
    cluster.pods.forEach((p, i) => this.index.set(p.id, i));
  }

  pod(id: string): Pod | undefined {
    const i = this.index.get(id);
    return i === undefined ? undefined : this.cluster.pods[i];
  }

  /** The cluster's policy made from this manifest (none for one a later one of its name replaced). */
  policyOf(ref: PolicyRef): ClusterPolicy | undefined {
    if (!this.byRef) {
      this.byRef = new Map();
      for (const p of this.cluster.policies) if (p.ref && !this.byRef.has(p.ref)) this.byRef.set(p.ref, p);
    }
    return this.byRef.get(ref);
  }

  /** The policies that select the pod (any direction), in workspace order. */
  policiesSelecting(pod: Pod): readonly ClusterPolicy[] {
    let found = this.selecting.get(pod);
    if (found) return found;
    const policies = this.byNamespace.get(pod.namespace) ?? [];
    const index = this.indexOf(pod.namespace, policies);
    const candidates = [...index.rest];
    for (const [k, v] of Object.entries(pod.labels)) appendAll(candidates, index.byLabel.get(`${k}\0${v}`) ?? []);
    candidates.sort((a, b) => a - b);
    found = candidates.map((i) => policies[i]).filter((p) => selectsPod(p, pod));
    this.selecting.set(pod, found);
    return found;
  }

  private indexOf(namespace: string, policies: readonly ClusterPolicy[]): { byLabel: Map<string, number[]>; rest: number[] } {
    this.selectorIndex ??= new Map();
    let index = this.selectorIndex.get(namespace);
    if (index) return index;
    index = { byLabel: new Map(), rest: [] };
    policies.forEach((p, i) => {
      const required = p.policy.spec?.podSelector?.matchLabels.find((m) => m.value !== undefined);
      if (!required) {
        index.rest.push(i);
        return;
      }
      // (a false candidate from a key or value holding \0 is filtered out by selectsPod)
      const key = `${required.key}\0${required.value}`;
      const list = index.byLabel.get(key);
      if (list) list.push(i);
      else index.byLabel.set(key, [i]);
    });
    this.selectorIndex.set(namespace, index);
    return index;
  }

  /** The pods a policy selects, in workspace order. */
  podsSelectedBy(policy: ClusterPolicy): Pod[] {
    const pods = this.podIndex().get(policy.namespace);
    if (!pods) return [];
    // only the pods of its namespace, and if its selector requires a label pair, those that have it
    const required = policy.policy.spec?.podSelector?.matchLabels.find((m) => m.value !== undefined);
    const candidates = required ? (pods.byLabel.get(`${required.key}\0${required.value}`) ?? []) : pods.all;
    return candidates.filter((pod) => selectsPod(policy, pod));
  }

  /** The pods by namespace, and within it by label pair (`key\0value`), in workspace order. */
  private pods: Map<string, { all: Pod[]; byLabel: Map<string, Pod[]> }> | undefined;
  private podIndex(): Map<string, { all: Pod[]; byLabel: Map<string, Pod[]> }> {
    if (this.pods) return this.pods;
    this.pods = new Map();
    for (const pod of this.cluster.pods) {
      let ns = this.pods.get(pod.namespace);
      if (!ns) this.pods.set(pod.namespace, (ns = { all: [], byLabel: new Map() }));
      ns.all.push(pod);
      for (const [k, v] of Object.entries(pod.labels)) {
        const key = `${k}\0${v}`;
        const list = ns.byLabel.get(key);
        if (list) list.push(pod);
        else ns.byLabel.set(key, [pod]);
      }
    }
    return this.pods;
  }

  /** The pods a rule's peers admit (its `from` for ingress, its `to` for egress), whatever the ports. */
  podsAdmittedBy(policy: ClusterPolicy, rule: RuleModel): Pod[] {
    return this.cluster.pods.filter((pod) => peersAdmit(rule, policy.namespace, pod, this.nsLabels));
  }

  private direction(subject: Pod, other: Pod, d: Direction, port: number, protocol: PortProtocol): DirectionVerdict {
    if (this.cluster.tiers) return this.tieredVerdict(subject, other, d, port, protocol);
    const isolatedBy: string[] = [];
    const allowedBy: RuleRef[] = [];
    const destination = d === 'Egress' ? other : subject;
    for (const p of this.policiesSelecting(subject)) {
      if (!effectivePolicyTypes(p.policy).has(d)) continue;
      isolatedBy.push(p.id);
      for (const rule of rulesOf(p.policy, d)) {
        if (peersAdmit(rule, p.namespace, other, this.nsLabels) && portsAdmit(rule, port, protocol, destination))
          allowedBy.push({ policy: p.id, direction: d, rule: rule.index });
      }
    }
    return { isolatedBy, allowedBy, allowed: isolatedBy.length === 0 || allowedBy.length > 0 };
  }

  /** The cluster admin's policies selecting the pod, by tier in decision order (once per pod). */
  private readonly tiersOf = new WeakMap<Pod, { admin: TierPolicy[]; baseline: TierPolicy[] }>();
  tiersSelecting(pod: Pod): { admin: readonly TierPolicy[]; baseline: readonly TierPolicy[] } {
    let found = this.tiersOf.get(pod);
    if (!found) this.tiersOf.set(pod, (found = selectingByTier(this.cluster.tiers ?? [], pod, this.nsLabels)));
    return found;
  }

  /** One port of one direction through the tiers: the sets' answer, and the first tier that decided the port. */
  private tieredVerdict(subject: Pod, other: Pod, d: Direction, port: number, protocol: PortProtocol): DirectionVerdict {
    return tieredPortVerdict(this.directionSets(subject, other, d), port, protocol);
  }

  private directionSets(subject: Pod, other: Pod, d: Direction): DirectionConnections {
    const np = this.npDirectionSets(subject, other, d);
    if (!this.cluster.tiers) return np;
    const { admin, baseline } = this.tiersSelecting(subject);
    const destination = d === 'Egress' ? other : subject;
    const t = tieredDirection(admin, baseline, d, podPeers(other, this.nsLabels), destination, np.isolatedBy.length > 0, np.allowed);
    return {
      ...np,
      allowed: t.allowed,
      tiers: { decisions: t.decisions, ...(t.networkPolicy ? { networkPolicy: t.networkPolicy } : {}), defaultAllowed: t.defaultAllowed },
    };
  }

  /** The ids of the NetworkPolicies isolating the pod in this direction (selecting it, with the direction among their policy types), in workspace order. */
  isolatedBy(pod: Pod, d: Direction): string[] {
    return this.policiesSelecting(pod)
      .filter((p) => effectivePolicyTypes(p.policy).has(d))
      .map((p) => p.id);
  }

  private npDirectionSets(subject: Pod, other: Pod, d: Direction): DirectionConnections {
    const isolatedBy: string[] = [];
    const allowedBy: (RuleRef & { allows: ConnectionSet })[] = [];
    const destination = d === 'Egress' ? other : subject;
    let allowed = ConnectionSet.NONE;
    for (const p of this.policiesSelecting(subject)) {
      if (!effectivePolicyTypes(p.policy).has(d)) continue;
      isolatedBy.push(p.id);
      for (const rule of rulesOf(p.policy, d)) {
        if (!peersAdmit(rule, p.namespace, other, this.nsLabels)) continue;
        const allows = portsSet(rule, destination);
        if (allows.isEmpty()) continue;
        allowedBy.push({ policy: p.id, direction: d, rule: rule.index, allows });
        allowed = allowed.union(allows);
      }
    }
    return { isolatedBy, allowedBy, allowed: isolatedBy.length === 0 ? ConnectionSet.ALL : allowed };
  }

  /** What `from` may open to `to`, every port at once, and why: one pair, straight from the policies. */
  connectionsBetween(from: Pod, to: Pod): PairConnections {
    const egress = this.directionSets(from, to, 'Egress');
    const ingress = this.directionSets(to, from, 'Ingress');
    const self = from === to;
    return { from: from.id, to: to.id, self, egress, ingress, allowed: self ? ConnectionSet.ALL : egress.allowed.intersect(ingress.allowed) };
  }

  /** Every pair's connection set (computed once per engine, over classes of indistinguishable pods). */
  connections(): ConnectionMatrix {
    this.all ??= connectionMatrix(this.cluster, this.nsLabels);
    return this.all;
  }

  /** The connection sets from these pods (indexes into the cluster's pods) to every pod: only their rows are computed. */
  connectionsFrom(sources: readonly number[]): ConnectionMatrix {
    return this.all ?? connectionMatrix(this.cluster, this.nsLabels, sources);
  }

  /** The external endpoints: the address ranges the workspace's ipBlocks cut both IP spaces into (built once per engine). */
  externalEndpoints(): ExternalEndpoints {
    this.ext ??= externalEndpoints(this.cluster);
    return this.ext;
  }

  /** Every pod's connection sets to and from every external range, over the classes of this matrix (sets in its table). */
  externalConnections(matrix: ConnectionMatrix): ExternalConnections {
    return new ExternalConnections(this.cluster, this.externalEndpoints(), matrix.classOf, matrix.classCount, matrix.table);
  }

  /** The pod's side of a pair with an external range, and why: its egress (pod -> range) or its ingress (range -> pod); no classes computed. */
  externalBetween(pod: Pod, rangeId: number, direction: Direction): DirectionConnections {
    // the policies selecting the pod (the selector index), not every policy of its namespace: a report asks once per range
    return externalSide(this.policiesSelecting(pod), this.externalEndpoints(), pod, rangeId, direction, this.cluster.tiers && this.tiersSelecting(pod));
  }

  /** Is traffic from `from` to `to` on this port allowed, and why? */
  verdict(from: Pod, to: Pod, port: number, protocol: PortProtocol): Verdict {
    const egress = this.direction(from, to, 'Egress', port, protocol);
    const ingress = this.direction(to, from, 'Ingress', port, protocol);
    const self = from === to;
    return { from: from.id, to: to.id, port, protocol, self, egress, ingress, allowed: self || (egress.allowed && ingress.allowed) };
  }

  /**
   * Every pair at once on one port: a read of the connection sets (`connections()`, computed once
   * per engine over classes), a pair allowed when its set contains the port. A pod can always
   * reach itself. O(classes² + pods²) for the read.
   */
  matrix(port: number, protocol: PortProtocol): Matrix {
    const m = this.connections();
    const has = Uint8Array.from(m.table.sets, (set) => (set.contains(port, protocol) ? 1 : 0));
    const n = m.pods.length;
    const rows: Uint8Array[] = [];
    for (let i = 0; i < n; i++) {
      const row = new Uint8Array(n);
      for (let j = 0; j < n; j++) row[j] = has[m.idOf(i, j)];
      rows.push(row);
    }
    return { port, protocol, pods: m.pods.map((p) => p.id), rows };
  }
}
