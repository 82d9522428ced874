/**
 * `netpol-lint reach <paths…> --exposure`: per workload, what may reach it from outside its
 * namespace (the workspace's pods of other namespaces) and from outside the cluster (the external
 * address ranges), and what it may reach outside the cluster: each as the union of the sets, then
 * the sources or destinations grouped by their set (a namespace whose every pod has the set is
 * written `ns/*`; ranges by name). Text or JSON. The same sets as `reach` without `--port`.
 */
import type { ConnectionSet, Pod, UnreadableDocument, Workspace } from '../core/index';
import { Connectivity } from '../core/index';
import { unreadableJson } from './connectivity';
import { rangeEndpoint } from './endpoints';
import { printable } from '../core/text/printable';

/** One kind of exposure of a workload: the union, and each peer with a non-empty set. */
interface Exposure {
  allowed: ConnectionSet;
  /** [peer name, set id], in endpoint order. */
  peers: [string, number][];
}

interface WorkloadExposure {
  pod: Pod;
  fromOtherNamespaces: Exposure;
  fromOutsideCluster: Exposure;
  toOutsideCluster: Exposure;
}

function exposures(workspace: Workspace): { engine: Connectivity; list: WorkloadExposure[]; sets: readonly ConnectionSet[] } {
  const engine = new Connectivity(workspace.cluster());
  const pods = engine.cluster.pods;
  const matrix = engine.connections();
  const ext = engine.externalConnections(matrix);
  const sets = matrix.table.sets;
  const gather = (peers: [string, number][]): Exposure => {
    let allowed = sets[0];
    for (const [, id] of peers) allowed = allowed.union(sets[id]);
    return { allowed, peers };
  };
  const list = pods.map((pod, j) => {
    const others: [string, number][] = [];
    pods.forEach((p, i) => {
      const id = p.namespace === pod.namespace ? 0 : matrix.idOf(i, j);
      if (id !== 0) others.push([p.id, id]);
    });
    const inbound: [string, number][] = [];
    const outbound: [string, number][] = [];
    for (const r of ext.ranges) {
      const into = ext.ingressId(r.id, j);
      if (into !== 0) inbound.push([r.name, into]);
      const out = ext.egressId(j, r.id);
      if (out !== 0) outbound.push([r.name, out]);
    }
    return { pod, fromOtherNamespaces: gather(others), fromOutsideCluster: gather(inbound), toOutsideCluster: gather(outbound) };
  });
  return { engine, list, sets };
}

/** The peers grouped by set, in order of first appearance; pods of a namespace all in one group as `ns/*`, every range as `every address`. */
function groups(e: Exposure, sets: readonly ConnectionSet[], nsSize?: ReadonlyMap<string, number>, rangeCount?: number): [string[], ConnectionSet][] {
  const bySet = new Map<number, string[]>();
  for (const [name, id] of e.peers) {
    const list = bySet.get(id);
    if (list) list.push(name);
    else bySet.set(id, [name]);
  }
  return [...bySet].map(([id, names]) => {
    if (!nsSize) return [rangeCount !== undefined && names.length === rangeCount ? ['every address (0.0.0.0/0, ::/0)'] : names, sets[id]];
    const count = new Map<string, number>();
    for (const n of names) {
      const ns = n.slice(0, n.indexOf('/'));
      count.set(ns, (count.get(ns) ?? 0) + 1);
    }
    const whole = new Set([...count].filter(([ns, c]) => nsSize.get(ns) === c).map(([ns]) => ns));
    const out: string[] = [];
    const said = new Set<string>();
    for (const n of names) {
      const ns = n.slice(0, n.indexOf('/'));
      if (!whole.has(ns)) out.push(n);
      else if (!said.has(ns)) {
        said.add(ns);
        out.push(`${ns}/*`);
      }
    }
    return [out, sets[id]];
  });
}

export function reachExposure(workspace: Workspace, format: 'text' | 'json', unreadable: readonly UnreadableDocument[]): string {
  const { engine, list, sets } = exposures(workspace);
  const nsSize = new Map<string, number>();
  for (const p of engine.cluster.pods) nsSize.set(p.namespace, (nsSize.get(p.namespace) ?? 0) + 1);
  if (format === 'json') {
    const part = (e: Exposure, key: 'from' | 'to') => ({
      allowed: e.allowed.toJSON(),
      [key === 'from' ? 'sources' : 'destinations']: e.peers.map(([name, id]) => ({ [key]: name, allowed: sets[id].toJSON() })),
    });
    const workloads = list.map((w) => ({
      id: w.pod.id,
      namespace: w.pod.namespace,
      name: w.pod.name,
      workloadKind: w.pod.kind,
      fromOtherNamespaces: part(w.fromOtherNamespaces, 'from'),
      fromOutsideCluster: part(w.fromOutsideCluster, 'from'),
      toOutsideCluster: part(w.toOutsideCluster, 'to'),
    }));
    const ranges = list.length > 0 ? engine.externalEndpoints().ranges.map(rangeEndpoint) : [];
    return `${JSON.stringify({ workloads, ranges, unreadable: unreadableJson(unreadable) }, null, list.length <= 50 ? 2 : undefined).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]')}\n`;
  }
  if (list.length === 0) return `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
  const lines = [
    'What may reach each workload from outside its namespace (pods of the other namespaces read) and from outside',
    'the cluster (address ranges first-last), and what it may reach outside the cluster; all = every port of every protocol.',
  ];
  const rangeCount = engine.externalEndpoints().ranges.length;
  const section = (title: string, e: Exposure, ns?: ReadonlyMap<string, number>) => {
    lines.push(`  ${title}: ${e.allowed}`);
    for (const [names, set] of groups(e, sets, ns, ns ? undefined : rangeCount)) lines.push(`    ${names.map(printable).join(', ')} : ${set}`);
  };
  for (const w of list) {
    lines.push('', `${printable(w.pod.id)} (${printable(w.pod.kind)})`);
    section('from other namespaces', w.fromOtherNamespaces, nsSize);
    section('from outside the cluster', w.fromOutsideCluster);
    section('to outside the cluster', w.toOutsideCluster);
  }
  const open = list.filter((w) => !w.fromOutsideCluster.allowed.isEmpty()).length;
  const out = list.filter((w) => !w.toOutsideCluster.allowed.isEmpty()).length;
  const cross = list.filter((w) => !w.fromOtherNamespaces.allowed.isEmpty()).length;
  lines.push(
    '',
    `${cross} of ${list.length} workloads may be reached from another namespace, ${open} from outside the cluster; ${out} may reach outside the cluster.`,
  );
  return `${lines.join('\n')}\n`;
}
