/**
 * `netpol-lint reach <paths…>` without `--port`: every pair of different endpoints with a non-empty
 * connection set, as text (`from => to : TCP 80,8080-8090; UDP 53`, grouped by the source's
 * namespace) or JSON (`{ endpoints, connections: [ { from, to, allowed } ], unreadable }`).
 * Endpoints are pods today (`kind: "pod"`); external address ranges will be endpoints of another kind.
 */
import type { ConnectionSet, Connectivity, DirectionConnections, Pod, UnreadableDocument, Workspace } from '../core/index';
import { Connectivity as Engine } from '../core/index';
import { type ReachFilters, selectPods, unreadableJson } from './connectivity';

/** An endpoint of the JSON: what `from` and `to` name. */
export interface EndpointJson {
  /** `<namespace>/<name>`, as the single-port matrix names pods. */
  id: string;
  kind: 'pod';
  namespace: string;
  name: string;
  /** Pod, Deployment, StatefulSet, … */
  workloadKind: string;
}

function endpoint(p: Pod): EndpointJson {
  return { id: p.id, kind: 'pod', namespace: p.namespace, name: p.name, workloadKind: p.kind };
}

/** The indexes chosen by the filters, in cluster order; every pod without one. */
function chosen(ids: readonly string[], filters: ReachFilters): { rows: number[]; cols: number[]; filtered: boolean } {
  const filtered = (filters.from !== undefined || filters.to !== undefined) && ids.length > 0;
  const all = ids.map((_id, i) => i);
  if (!filtered) return { rows: all, cols: all, filtered };
  return { rows: selectPods(ids, filters.from, '--from'), cols: selectPods(ids, filters.to, '--to'), filtered };
}

/** `egress open (no policy isolates it)` / `ingress: y/web ingress[0] (TCP 80), y/dns ingress[1] (UDP 53)`. */
function sideWhy(side: 'egress' | 'ingress', d: DirectionConnections): string {
  if (d.isolatedBy.length === 0) return `${side} open (no policy isolates it)`;
  if (d.allowedBy.length === 0) return `${side} denied: isolated by ${d.isolatedBy.join(', ')} and no rule allows it`;
  return `${side}: ${d.allowedBy.map((r) => `${r.policy} ${side}[${r.rule}] (${r.allows})`).join(', ')}`;
}

function whyJson(d: DirectionConnections) {
  return {
    isolatedBy: d.isolatedBy,
    allowedBy: d.allowedBy.map((r) => ({ policy: r.policy, direction: r.direction, rule: r.rule, allows: r.allows.toJSON() })),
    allowed: d.allowed.toJSON(),
  };
}

export function reachSets(workspace: Workspace, format: 'text' | 'json', unreadable: readonly UnreadableDocument[], filters: ReachFilters = {}): string {
  const engine: Connectivity = new Engine(workspace.cluster());
  const pods = engine.cluster.pods;
  const ids = pods.map((p) => p.id);
  const { rows, cols, filtered } = chosen(ids, filters);
  const matrix = engine.connections();
  if (format === 'text') return text(engine, rows, cols, filtered, filters.why === true);

  const shown = new Uint8Array(pods.length);
  for (const i of rows) shown[i] = 1;
  for (const j of cols) shown[j] = 1;
  const endpoints = pods.filter((_p, i) => shown[i]).map(endpoint);
  const list = unreadableJson(unreadable);
  if (endpoints.length <= 50) {
    const connections: object[] = [];
    for (const i of rows)
      for (const j of cols) {
        const set = matrix.get(i, j);
        if (i === j || set.isEmpty()) continue;
        const why = filters.why ? engine.connectionsBetween(pods[i], pods[j]) : undefined;
        connections.push({
          from: ids[i],
          to: ids[j],
          allowed: set.toJSON(),
          ...(why ? { why: { egress: whyJson(why.egress), ingress: whyJson(why.ingress) } } : {}),
        });
      }
    // indented for people, each port range on one line: [80, 80]
    return `${JSON.stringify({ endpoints, connections, unreadable: list }, null, 2).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]')}\n`;
  }
  // a large answer compact, written piece by piece: each set's JSON once per distinct set
  const keys = ids.map((id) => JSON.stringify(id));
  const setText = new Map<number, string>();
  const parts: string[] = [];
  for (const i of rows) {
    const from = `{"from":${keys[i]},"to":`;
    for (const j of cols) {
      if (i === j) continue;
      const id = matrix.idOf(i, j);
      if (id === 0) continue;
      let s = setText.get(id);
      if (s === undefined) setText.set(id, (s = JSON.stringify(matrix.table.sets[id])));
      const why = filters.why ? engine.connectionsBetween(pods[i], pods[j]) : undefined;
      parts.push(`${from}${keys[j]},"allowed":${s}${why ? `,"why":${JSON.stringify({ egress: whyJson(why.egress), ingress: whyJson(why.ingress) })}` : ''}}`);
    }
  }
  return `{"endpoints":${JSON.stringify(endpoints)},"connections":[${parts.join(',')}],"unreadable":${JSON.stringify(list)}}\n`;
}

function text(engine: Connectivity, rows: number[], cols: number[], filtered: boolean, why: boolean): string {
  const pods = engine.cluster.pods;
  if (pods.length === 0) return `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
  const matrix = engine.connections();
  const lines = [
    'Every connection between different pods (from => to : what is allowed; all = every port of every protocol).',
    'A pod can always reach itself.',
  ];
  let namespace: string | undefined;
  let listed = 0;
  let pairs = 0;
  const setText = new Map<number, string>();
  for (const i of rows) {
    for (const j of cols) {
      if (i === j) continue;
      pairs++;
      const id = matrix.idOf(i, j);
      if (id === 0) continue;
      listed++;
      if (pods[i].namespace !== namespace) {
        namespace = pods[i].namespace;
        lines.push('', `From namespace ${namespace}:`);
      }
      let s = setText.get(id);
      if (s === undefined) setText.set(id, (s = (matrix.table.sets[id] as ConnectionSet).toString()));
      lines.push(`  ${pods[i].id} => ${pods[j].id} : ${s}`);
      if (why) {
        const w = engine.connectionsBetween(pods[i], pods[j]);
        lines.push(`      ${sideWhy('egress', w.egress)}`, `      ${sideWhy('ingress', w.ingress)}`);
      }
    }
  }
  const scope = filtered
    ? ` (of ${rows.length} source${rows.length === 1 ? '' : 's'} and ${cols.length} destination${cols.length === 1 ? '' : 's'} of ${pods.length} pods)`
    : '';
  if (listed === 0) lines.push('', 'No connections between different pods.');
  lines.push('', `${listed} of ${pairs} pairs of different pods have a connection${scope}.`);
  return `${lines.join('\n')}\n`;
}
