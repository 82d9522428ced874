/**
 * The single-port matrix as the engine computed it before it became a read of the connection sets
 * (#22 item 4): each rule's peers matched against every pod (a bit set), each pod's egress and
 * ingress the union of its policies' rules, with the per-port `peersAdmit` / `portsAdmit`. Kept
 * as an independent oracle: `Connectivity.matrix` must agree with it cell for cell.
 */
import { NAMESPACE_NAME_LABEL } from '../server/src/core/config';
import type { Cluster } from '../server/src/core/connectivity/cluster';
import { peersAdmit, portsAdmit, selectsPod } from '../server/src/core/connectivity/semantics';
import type { PortProtocol } from '../server/src/core/model/inventory';
import { effectivePolicyTypes, rulesOf } from '../server/src/core/model/networkPolicy';

/** A set of pods by index, 32 to a word. */
class PodSet {
  readonly words: Uint32Array;
  constructor(size: number) {
    this.words = new Uint32Array((size + 31) >>> 5);
  }
  add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }
  or(other: PodSet): void {
    for (let i = 0; i < this.words.length; i++) this.words[i] |= other.words[i];
  }
}

/** rows[from][to]: 1 when allowed on this port (a pod to itself always). */
export function bitSetMatrix(cluster: Cluster, port: number, protocol: PortProtocol): Uint8Array[] {
  const nsLabels = (ns: string) => cluster.namespaces.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
  const pods = cluster.pods;
  const n = pods.length;
  const egressIsolated = new Uint8Array(n);
  const ingressIsolated = new Uint8Array(n);
  const egress = pods.map(() => new PodSet(n));
  const ingress = pods.map(() => new PodSet(n));
  for (const policy of cluster.policies) {
    const selected = pods.map((_p, i) => i).filter((i) => selectsPod(policy, pods[i]));
    if (selected.length === 0) continue;
    for (const d of effectivePolicyTypes(policy.policy)) {
      const isolated = d === 'Egress' ? egressIsolated : ingressIsolated;
      for (const i of selected) isolated[i] = 1;
      for (const rule of rulesOf(policy.policy, d)) {
        const peers = new PodSet(n);
        for (let j = 0; j < n; j++) if (peersAdmit(rule, policy.namespace, pods[j], nsLabels)) peers.add(j);
        if (d === 'Egress') {
          // the destination's ports decide (named ports): keep only destinations the ports admit
          const allowed = new PodSet(n);
          for (let j = 0; j < n; j++) if (peers.has(j) && portsAdmit(rule, port, protocol, pods[j])) allowed.add(j);
          for (const i of selected) egress[i].or(allowed);
        } else {
          for (const i of selected) if (portsAdmit(rule, port, protocol, pods[i])) ingress[i].or(peers);
        }
      }
    }
  }
  const rows: Uint8Array[] = [];
  for (let i = 0; i < n; i++) {
    const row = new Uint8Array(n);
    for (let j = 0; j < n; j++) row[j] = i === j || ((!egressIsolated[i] || egress[i].has(j)) && (!ingressIsolated[j] || ingress[j].has(i))) ? 1 : 0;
    rows.push(row);
  }
  return rows;
}
