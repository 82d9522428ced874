/**
 * The cluster admin's tiers in the connection matrix: the pods the tiers can tell apart (each
 * policy's subject, each rule peer's pods, each named port the rules use) split the pod classes,
 * and each class pair's NetworkPolicy answer per direction goes through the tier pipeline of
 * `tiers.ts`, computed from one representative pod of each class. Pure.
 */
import type { Direction } from '../model/networkPolicy';
import type { Pod } from './cluster';
import type { Partition } from './classes';
import type { NamespaceLabels } from './semantics';
import type { SetTable } from './setTable';
import { cnpPeerMatches, cnpSelects, podPeers, selectingByTier, tieredDirection, type TierPolicy } from './tiers';

/** Splits the classes by every test the tiers make of a pod. */
export function refineForTiers(partition: Partition, pods: readonly Pod[], tiers: readonly TierPolicy[], nsLabels: NamespaceLabels): void {
  const refineBy = (test: (pod: Pod) => boolean) => {
    const list: number[] = [];
    pods.forEach((pod, i) => {
      if (test(pod)) list.push(i);
    });
    partition.refine(list);
  };
  const names = new Set<string>();
  for (const p of tiers) {
    refineBy((pod) => cnpSelects(p, pod, nsLabels));
    for (const rule of [...p.model.ingress, ...p.model.egress]) {
      // (a peer with no known field matches all or nothing: it tells no pods apart)
      for (const peer of rule.peers) refineBy((pod) => cnpPeerMatches(peer, pod, nsLabels, 'Accept'));
      for (const e of rule.protocols ?? []) if (e.namedPort) names.add(e.namedPort.value);
    }
  }
  for (const name of names) {
    const byValue = new Map<string, number[]>();
    pods.forEach((pod, i) => {
      const key = pod.ports
        .filter((c) => c.name === name)
        .map((c) => `${c.protocol}/${c.port}`)
        .sort()
        .join(',');
      if (!key) return;
      const list = byValue.get(key);
      if (list) list.push(i);
      else byValue.set(key, [i]);
    });
    for (const list of byValue.values()) partition.refine(list);
  }
}

/** A class pair's direction through the tiers, from the classes' representatives. */
export class TierCells {
  private readonly selecting: { admin: TierPolicy[]; baseline: TierPolicy[] }[];

  constructor(
    tiers: readonly TierPolicy[],
    private readonly pods: readonly Pod[],
    /** The representative pod of each class. */
    private readonly reps: readonly number[],
    private readonly nsLabels: NamespaceLabels,
    private readonly table: SetTable,
  ) {
    this.selecting = reps.map((i) => selectingByTier(tiers, pods[i], nsLabels));
  }

  /** The set id a direction allows: `subject` the class of the pod it applies to, `other` the class at the other end; `npId` NetworkPolicy's answer. */
  direction(d: Direction, subject: number, other: number, npIsolated: boolean, npId: number): number {
    const s = this.selecting[subject];
    if (s.admin.length === 0 && s.baseline.length === 0) return npId;
    const otherPod = this.pods[this.reps[other]];
    const destination = d === 'Egress' ? otherPod : this.pods[this.reps[subject]];
    const t = tieredDirection(s.admin, s.baseline, d, podPeers(otherPod, this.nsLabels), destination, npIsolated, this.table.sets[npId], false);
    return this.table.id(t.allowed);
  }
}
