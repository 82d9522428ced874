/**
 * `netpol-lint reach <paths…>` without `--port`: every pair of different endpoints with a non-empty
 * connection set, as text (`from => to : TCP 80,8080-8090; UDP 53`, grouped by the source's
 * namespace) or JSON (`{ endpoints, connections: [ { from, to, allowed } ], unreadable }`).
 * Endpoints are pods today (`kind: "pod"`); external address ranges will be endpoints of another kind.
 */
import type { ConnectionMatrix, ConnectionSet, Connectivity, DirectionConnections, Pod, UnreadableDocument, Workspace } from '../core/index';
import { Connectivity as Engine } from '../core/index';
import { type ReachFilters, selectPods, unreadableJson } from './connectivity';
import { printable } from '../core/text/printable';

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

/**
 * The answer, in pieces written in turn (a source's connections at a time): every pair of a large
 * cluster is more text than one string may hold. The filters are checked and the matrix computed
 * before the first piece, so a usage error comes before any output.
 */
export function reachSets(
  workspace: Workspace,
  format: 'text' | 'json',
  unreadable: readonly UnreadableDocument[],
  filters: ReachFilters = {},
): Iterable<string> {
  const engine: Connectivity = new Engine(workspace.cluster());
  const ids = engine.cluster.pods.map((p) => p.id);
  const { rows, cols, filtered } = chosen(ids, filters);
  // with --from, only the chosen sources' rows are computed
  const matrix = filters.from !== undefined && ids.length > 0 ? engine.connectionsFrom(rows) : engine.connections();
  const why = filters.why === true;
  return format === 'text' ? text(engine, matrix, rows, cols, filtered, why) : json(engine, matrix, rows, cols, unreadable, why);
}

function* json(
  engine: Connectivity,
  matrix: ConnectionMatrix,
  rows: number[],
  cols: number[],
  unreadable: readonly UnreadableDocument[],
  why: boolean,
): Generator<string> {
  const pods = engine.cluster.pods;
  const shown = new Uint8Array(pods.length);
  for (const i of rows) shown[i] = 1;
  for (const j of cols) shown[j] = 1;
  const endpoints = pods.filter((_p, i) => shown[i]).map(endpoint);
  const list = unreadableJson(unreadable);
  const whyOf = (i: number, j: number) => {
    const w = engine.connectionsBetween(pods[i], pods[j]);
    return { egress: whyJson(w.egress), ingress: whyJson(w.ingress) };
  };
  if (endpoints.length <= 50) {
    const connections: object[] = [];
    for (const i of rows)
      for (const j of cols) {
        const set = matrix.get(i, j);
        if (i === j || set.isEmpty()) continue;
        connections.push({ from: pods[i].id, to: pods[j].id, allowed: set.toJSON(), ...(why ? { why: whyOf(i, j) } : {}) });
      }
    // indented for people, each port range on one line: [80, 80]
    yield `${JSON.stringify({ endpoints, connections, unreadable: list }, null, 2).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]')}\n`;
    return;
  }
  // a large answer compact: each set's JSON written once per distinct set
  const keys = pods.map((p) => JSON.stringify(p.id));
  const setText = new Map<number, string>();
  yield `{"endpoints":${JSON.stringify(endpoints)},"connections":[`;
  let first = true;
  for (const i of rows) {
    const from = `{"from":${keys[i]},"to":`;
    const parts: string[] = [];
    for (const j of cols) {
      if (i === j) continue;
      const id = matrix.idOf(i, j);
      if (id === 0) continue;
      let s = setText.get(id);
      if (s === undefined) setText.set(id, (s = JSON.stringify(matrix.table.sets[id])));
      parts.push(`${from}${keys[j]},"allowed":${s}${why ? `,"why":${JSON.stringify(whyOf(i, j))}` : ''}}`);
    }
    if (parts.length === 0) continue;
    yield (first ? '' : ',') + parts.join(',');
    first = false;
  }
  yield `],"unreadable":${JSON.stringify(list)}}\n`;
}

function* text(engine: Connectivity, matrix: ConnectionMatrix, rows: number[], cols: number[], filtered: boolean, why: boolean): Generator<string> {
  const pods = engine.cluster.pods;
  if (pods.length === 0) {
    yield `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
    return;
  }
  const names = pods.map((p) => printable(p.id));
  yield 'Every connection between different pods (from => to : what is allowed; all = every port of every protocol).\nA pod can always reach itself.\n';
  let namespace: string | undefined;
  let listed = 0;
  let pairs = 0;
  const setText = new Map<number, string>();
  for (const i of rows) {
    const lines: string[] = [];
    for (const j of cols) {
      if (i === j) continue;
      pairs++;
      const id = matrix.idOf(i, j);
      if (id === 0) continue;
      listed++;
      if (pods[i].namespace !== namespace) {
        namespace = pods[i].namespace;
        lines.push('', `From namespace ${printable(namespace)}:`);
      }
      let s = setText.get(id);
      if (s === undefined) setText.set(id, (s = (matrix.table.sets[id] as ConnectionSet).toString()));
      lines.push(`  ${names[i]} => ${names[j]} : ${s}`);
      if (why) {
        const w = engine.connectionsBetween(pods[i], pods[j]);
        lines.push(`      ${printable(sideWhy('egress', w.egress))}`, `      ${printable(sideWhy('ingress', w.ingress))}`);
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
  const scope = filtered
    ? ` (of ${rows.length} source${rows.length === 1 ? '' : 's'} and ${cols.length} destination${cols.length === 1 ? '' : 's'} of ${pods.length} pods)`
    : '';
  yield `${listed === 0 ? '\nNo connections between different pods.\n' : ''}\n${listed} of ${pairs} pairs of different pods have a connection${scope}.\n`;
}
