/**
 * `netpol-lint reach <paths…>` without `--port`: every pair with a non-empty connection set, as
 * text (`from => to : TCP 80,8080-8090; UDP 53`, grouped by the source's namespace, then the
 * pairs from outside the cluster) or JSON (`{ endpoints, connections: [ { from, to, allowed } ],
 * unreadable }`). Endpoints are pods (`kind: "pod"`) and external address ranges (`kind:
 * "external"`, named `first-last`): the ranges the workspace's ipBlocks cut the IP spaces into,
 * both spaces whole when there is no ipBlock (a pod no policy isolates is open to all of them).
 * A pair of two ranges is no cluster traffic and never listed.
 */
import type { ConnectionMatrix, Connectivity, DirectionConnections, ExternalConnections, UnreadableDocument, Workspace } from '../core/index';
import { Connectivity as Engine } from '../core/index';
import { type ReachFilters, unreadableJson } from './connectivity';
import { chooseSide, podEndpoint, rangeEndpoint, type Side } from './endpoints';
import { printable } from '../core/text/printable';
import { sideSetText } from '../core/services/reachReport';

const OUTSIDE_WHY = { isolatedBy: [], allowedBy: [], allowed: 'all' } as const;

function whyJson(d: DirectionConnections) {
  return {
    isolatedBy: d.isolatedBy,
    allowedBy: d.allowedBy.map((r) => ({ policy: r.policy, direction: r.direction, rule: r.rule, allows: r.allows.toJSON() })),
    allowed: d.allowed.toJSON(),
    // with cluster admin policies: the tier parts, in decision order (added beside the NetworkPolicy fields)
    ...(d.tiers
      ? {
          tiers: {
            decisions: d.tiers.decisions.map((x) => ({ ...x, decides: x.decides.toJSON() })),
            ...(d.tiers.networkPolicy ? { networkPolicy: d.tiers.networkPolicy.toJSON() } : {}),
            defaultAllowed: d.tiers.defaultAllowed.toJSON(),
          },
        }
      : {}),
  };
}

/** A pair of the answer, by place: a pod index or a range id on each side. */
interface Answer {
  engine: Connectivity;
  matrix: ConnectionMatrix;
  ext: ExternalConnections;
  rows: Side;
  cols: Side;
  filtered: boolean;
  why: boolean;
}

/** A pair of the answer: `pod` and `other` are pod indexes, `range` a range id (-1: a pair of pods). */
interface Pair {
  from: string;
  to: string;
  id: number;
  /** From the pod `pod` (else from the range `range` to the pod `pod`). */
  fromPod: boolean;
  pod: number;
  other: number;
  range: number;
}

/** Each pair's set id, row by row: pod rows (to pods, then to ranges), then range rows (to pods). One object, refilled. */
function* pairs(a: Answer): Generator<Pair> {
  const pods = a.engine.cluster.pods;
  const ranges = a.ext.ranges;
  const p: Pair = { from: '', to: '', id: 0, fromPod: true, pod: 0, other: 0, range: -1 };
  for (const i of a.rows.pods) {
    p.from = pods[i].id;
    p.fromPod = true;
    p.pod = i;
    p.range = -1;
    for (const j of a.cols.pods) {
      if (i === j) continue;
      p.to = pods[j].id;
      p.other = j;
      p.id = a.matrix.idOf(i, j);
      yield p;
    }
    for (const r of a.cols.ranges) {
      p.to = ranges[r].name;
      p.range = r;
      p.id = a.ext.egressId(i, r);
      yield p;
    }
  }
  p.fromPod = false;
  for (const r of a.rows.ranges) {
    p.from = ranges[r].name;
    p.range = r;
    for (const j of a.cols.pods) {
      p.to = pods[j].id;
      p.pod = j;
      p.id = a.ext.ingressId(r, j);
      yield p;
    }
  }
}

/** Each side's rules for a pair; undefined for the side outside the cluster (no policy applies there). */
function whyOf(a: Answer, p: Pair): [DirectionConnections | undefined, DirectionConnections | undefined] {
  const pods = a.engine.cluster.pods;
  if (p.range < 0) {
    const w = a.engine.connectionsBetween(pods[p.pod], pods[p.other]);
    return [w.egress, w.ingress];
  }
  return p.fromPod ? [a.ext.side(pods[p.pod], p.range, 'Egress'), undefined] : [undefined, a.ext.side(pods[p.pod], p.range, 'Ingress')];
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
  const ranges = engine.externalEndpoints().ranges;
  const filtered = (filters.from !== undefined || filters.to !== undefined) && ids.length > 0;
  const rows = filtered ? chooseSide(ids, ranges, filters.from, '--from') : chooseSide(ids, ranges, undefined, '--from');
  const cols = filtered ? chooseSide(ids, ranges, filters.to, '--to') : chooseSide(ids, ranges, undefined, '--to');
  // with --from, only the chosen sources' rows are computed
  const matrix = filters.from !== undefined && ids.length > 0 ? engine.connectionsFrom(rows.pods) : engine.connections();
  const answer: Answer = { engine, matrix, ext: engine.externalConnections(matrix), rows, cols, filtered, why: filters.why === true };
  return format === 'text' ? text(answer) : json(answer, unreadable);
}

function* json(a: Answer, unreadable: readonly UnreadableDocument[]): Generator<string> {
  const pods = a.engine.cluster.pods;
  const shown = new Uint8Array(pods.length);
  for (const i of a.rows.pods) shown[i] = 1;
  for (const j of a.cols.pods) shown[j] = 1;
  const shownRanges = new Set([...a.rows.ranges, ...a.cols.ranges]);
  // no pods, no pairs: the ranges would be endpoints of nothing
  const endpoints = [
    ...pods.filter((_p, i) => shown[i]).map(podEndpoint),
    ...(pods.length > 0 ? a.ext.ranges.filter((r) => shownRanges.has(r.id)).map(rangeEndpoint) : []),
  ];
  const list = unreadableJson(unreadable);
  const why = (p: Pair) => {
    const [egress, ingress] = whyOf(a, p);
    return { egress: egress ? whyJson(egress) : OUTSIDE_WHY, ingress: ingress ? whyJson(ingress) : OUTSIDE_WHY };
  };
  const sets = a.matrix.table.sets;
  if (endpoints.length <= 50) {
    const connections: object[] = [];
    for (const p of pairs(a)) if (p.id !== 0) connections.push({ from: p.from, to: p.to, allowed: sets[p.id].toJSON(), ...(a.why ? { why: why(p) } : {}) });
    // indented for people, each port range on one line: [80, 80]
    yield `${JSON.stringify({ endpoints, connections, unreadable: list }, null, 2).replace(/\[\s+(\d+),\s+(\d+)\s+\]/g, '[$1, $2]')}\n`;
    return;
  }
  // a large answer compact: each set's JSON written once per distinct set, a source's pairs at a time
  const setText = new Map<number, string>();
  yield `{"endpoints":${JSON.stringify(endpoints)},"connections":[`;
  let first = true;
  let parts: string[] = [];
  let source: string | undefined;
  const flush = function* () {
    if (parts.length === 0) return;
    yield (first ? '' : ',') + parts.join(',');
    first = false;
    parts = [];
  };
  for (const p of pairs(a)) {
    if (p.from !== source) {
      yield* flush();
      source = p.from;
    }
    if (p.id === 0) continue;
    let s = setText.get(p.id);
    if (s === undefined) setText.set(p.id, (s = JSON.stringify(sets[p.id])));
    parts.push(`{"from":${JSON.stringify(p.from)},"to":${JSON.stringify(p.to)},"allowed":${s}${a.why ? `,"why":${JSON.stringify(why(p))}` : ''}}`);
  }
  yield* flush();
  yield `],"unreadable":${JSON.stringify(list)}}\n`;
}

function* text(a: Answer): Generator<string> {
  const pods = a.engine.cluster.pods;
  if (pods.length === 0) {
    yield `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
    return;
  }
  yield [
    'Every connection between different pods, and between pods and addresses outside the cluster',
    '(from => to : what is allowed; all = every port of every protocol). A pod can always reach itself.',
    'An address range first-last is one that no ipBlock or cluster-policy network of the workspace cuts: every address in it is alike to every policy.',
    '',
  ].join('\n');
  let group: string | undefined;
  let first = true;
  // pod ids escaped once (a range's name is only digits, hex, dots, colons and a dash)
  const names = pods.map((p) => printable(p.id));
  const name = (p: Pair, from: boolean) => (from === p.fromPod ? names[p.pod] : p.range < 0 ? names[p.other] : p.fromPod ? p.to : p.from);
  let listed = 0;
  let podPairs = 0;
  let outside = 0;
  let outsidePairs = 0;
  const setText = new Map<number, string>();
  let lines: string[] = [];
  let source: string | undefined;
  for (const p of pairs(a)) {
    if (p.from !== source) {
      if (lines.length > 0) yield `${lines.join('\n')}\n`;
      lines = [];
      source = p.from;
    }
    const podPair = p.range < 0;
    if (podPair) podPairs++;
    else outsidePairs++;
    if (p.id === 0) continue;
    if (podPair) listed++;
    else outside++;
    const at = p.fromPod ? pods[p.pod].namespace : undefined;
    if (at !== group || first) {
      group = at;
      first = false;
      lines.push('', at === undefined ? 'From outside the cluster:' : `From namespace ${printable(at)}:`);
    }
    let s = setText.get(p.id);
    if (s === undefined) setText.set(p.id, (s = a.matrix.table.sets[p.id].toString()));
    lines.push(`  ${name(p, true)} => ${name(p, false)} : ${s}`);
    if (a.why) {
      const [egress, ingress] = whyOf(a, p);
      lines.push(
        `      ${egress ? printable(sideSetText('egress', egress)) : 'egress from outside the cluster (no NetworkPolicy applies there)'}`,
        `      ${ingress ? printable(sideSetText('ingress', ingress)) : 'ingress outside the cluster (no NetworkPolicy applies there)'}`,
      );
    }
  }
  if (lines.length > 0) yield `${lines.join('\n')}\n`;
  const { rows, cols } = a;
  const scope = a.filtered
    ? ` (of ${rows.pods.length} source${rows.pods.length === 1 ? '' : 's'} and ${cols.pods.length} destination${cols.pods.length === 1 ? '' : 's'} of ${pods.length} pods)`
    : '';
  const summary = [`${listed} of ${podPairs} pairs of different pods have a connection${scope}.`];
  if (outsidePairs > 0) summary.push(`${outside} of ${outsidePairs} pairs of a pod and an address range outside the cluster have a connection.`);
  yield `${listed + outside === 0 ? '\nNo connections.\n' : ''}\n${summary.join('\n')}\n`;
}
