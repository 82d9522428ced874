/**
 * Connection sets between pods and external endpoints (the address ranges of `addressRanges.ts`).
 * Outside the cluster no NetworkPolicy applies, so the pod's side alone decides: pod -> range is
 * all when no policy isolates the pod's egress, else the union of the port sets of its egress
 * rules that admit the range (a named port allows nothing: the range declares no container
 * ports); range -> pod is all when no policy isolates the pod's ingress, else the union of the
 * port sets of its ingress rules that admit the range (named ports resolved on the pod). The same
 * meaning as `ExternalEndpoints.verdict`, every port at once.
 *
 * The work is done on classes: a pod class of the connection matrix (pods no policy, peer or named
 * port tells apart) and a range class (ranges no rule tells apart) have one answer, computed on
 * first use from one representative of each. Pure.
 */
import type { Direction } from '../model/networkPolicy';
import type { ExternalRange } from './addressRanges';
import type { Cluster, ClusterPolicy, Pod } from './cluster';
import { ConnectionSet } from './connectionSet';
import type { DirectionConnections } from './verdicts';
import { type ExternalEndpoints, externalSide } from './external';
import type { NamespaceLabels } from './semantics';
import { clusterNamespaceLabels, selectingByTier, type TierPolicy } from './tiers';
import type { SetTable } from './setTable';

export { externalSide } from './external';

/** Every pod's connection sets to and from every external range. */
export class ExternalConnections {
  /** The ranges, IPv4 first, each family in address order (ids index this list). */
  readonly ranges: readonly ExternalRange[];
  private readonly rangeClassOf: Int32Array;
  private readonly rangeClasses: number;
  private readonly reps: number[] = [];
  /** [podClass * rangeClasses + rangeClass]: set id + 1 (0: not yet computed), per direction. */
  private readonly egressCells: Uint32Array;
  private readonly ingressCells: Uint32Array;
  private readonly byNamespace = new Map<string, ClusterPolicy[]>();

  constructor(
    readonly cluster: Cluster,
    readonly endpoints: ExternalEndpoints,
    /** The class of each pod (the connection matrix's: pods no test tells apart). */
    private readonly podClassOf: Int32Array,
    podClasses: number,
    readonly table: SetTable,
  ) {
    this.ranges = endpoints.ranges;
    this.nsLabels = clusterNamespaceLabels(cluster.namespaces);
    const { classOf, members } = endpoints.classes();
    this.rangeClassOf = classOf;
    this.rangeClasses = members.length;
    podClassOf.forEach((c, i) => {
      if (this.reps[c] === undefined) this.reps[c] = i;
    });
    this.egressCells = new Uint32Array(podClasses * members.length);
    this.ingressCells = new Uint32Array(podClasses * members.length);
    for (const p of cluster.policies) {
      const list = this.byNamespace.get(p.namespace);
      if (list) list.push(p);
      else this.byNamespace.set(p.namespace, [p]);
    }
  }

  /** The set id of what pod i may open to range r (pod -> outside). */
  egressId(i: number, rangeId: number): number {
    return this.cell(this.egressCells, 'Egress', i, rangeId);
  }

  /** The set id of what range r may open to pod i (outside -> pod). */
  ingressId(rangeId: number, i: number): number {
    return this.cell(this.ingressCells, 'Ingress', i, rangeId);
  }

  /** What pod i may open to range r. */
  toRange(i: number, rangeId: number): ConnectionSet {
    return this.table.sets[this.egressId(i, rangeId)];
  }

  /** What range r may open to pod i. */
  fromRange(rangeId: number, i: number): ConnectionSet {
    return this.table.sets[this.ingressId(rangeId, i)];
  }

  /** The pod's side of a pod-range pair and why: its egress (pod -> range) or its ingress (range -> pod). */
  side(pod: Pod, rangeId: number, direction: Direction): DirectionConnections {
    return externalSide(this.byNamespace.get(pod.namespace) ?? [], this.endpoints, pod, rangeId, direction, this.tiersOf(pod));
  }

  private readonly nsLabels: NamespaceLabels;
  private readonly tiersByPod = new WeakMap<Pod, { admin: TierPolicy[]; baseline: TierPolicy[] }>();
  /** The cluster admin's policies selecting the pod (undefined when the cluster has none). */
  private tiersOf(pod: Pod): { admin: TierPolicy[]; baseline: TierPolicy[] } | undefined {
    if (!this.cluster.tiers) return undefined;
    let found = this.tiersByPod.get(pod);
    if (!found) this.tiersByPod.set(pod, (found = selectingByTier(this.cluster.tiers, pod, this.nsLabels)));
    return found;
  }

  private cell(cells: Uint32Array, direction: Direction, i: number, rangeId: number): number {
    const c = this.podClassOf[i];
    const g = this.rangeClassOf[rangeId];
    if (c === undefined || g === undefined) throw new RangeError(`no pod ${i} or external range ${rangeId}`);
    const k = c * this.rangeClasses + g;
    let v = cells[k];
    if (v === 0) {
      const rep = this.endpoints.classes().members[g][0];
      cells[k] = v = this.table.id(this.side(this.cluster.pods[this.reps[c]], rep, direction).allowed) + 1;
    }
    return v - 1;
  }
}
