/** `netpol-lint reach` and `netpol-lint explain`: the connectivity engine's answers, as text or JSON. */
import {
  Connectivity,
  explainPolicy,
  LineIndex,
  matrixJson,
  matrixJsonText,
  type Matrix,
  type PortProtocol,
  type UnreadableDocument,
  type Workspace,
} from '../core/index';
import picomatch from 'picomatch';
import { closest } from '../core/model/editDistance';
import { reasonText } from '../core/services/reachReport';
import { explainClusterPolicy } from '../core/connectivity/explainCluster';
import { UsageError } from './files';
import { maxOf } from '../core/arrays';
import { printable } from '../core/text/printable';
import { addressPattern } from './addresses';

/** An unreadable document in the JSON outputs: `line` 0-based, as every line and range there. */
export interface UnreadableJson {
  file: string;
  line: number;
  message: string;
}

export function unreadableJson(list: readonly UnreadableDocument[]): UnreadableJson[] {
  return list.map((u) => ({ file: u.file, line: u.line, message: u.message }));
}

/** One warning line per unreadable document, `file:line` 1-based (as the text findings). */
export function unreadableWarnings(list: readonly UnreadableDocument[], command: 'reach' | 'explain' | 'graph' | 'test'): string {
  return list
    .map((u) => `netpol-lint: warning: ${printable(u.file)}:${u.line + 1}: ${printable(u.message)} (${command} cannot see what this document declares)\n`)
    .join('');
}

export function parsePort(raw: string | undefined): number {
  if (raw === undefined) throw new UsageError('reach needs --port N (1-65535)');
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) throw new UsageError(`--port takes a port number from 1 to 65535, not '${raw}'`);
  return port;
}

/** Any case on input (`--protocol tcp`), as people type it; the answer names it upper case, as the API does. */
export function parseProtocol(raw: string | undefined): PortProtocol {
  const p = (raw ?? 'TCP').toUpperCase();
  if (p !== 'TCP' && p !== 'UDP' && p !== 'SCTP') throw new UsageError(`--protocol takes TCP, UDP or SCTP, not '${raw}'`);
  return p;
}

/** `--from` / `--to`: which sources and destinations the answer covers (all when a list is absent). */
export interface ReachFilters {
  from?: readonly string[];
  to?: readonly string[];
  /** Text: after the matrix, each connection's reason (the deciding policies and rules). */
  why?: boolean;
}

/**
 * The pods (indexes into `ids`, in cluster order) that any of the patterns names: a pod id
 * (`x/web`), a namespace (`x/*`) or any picomatch glob over `namespace/name` (`{x,y}/web-*`). A
 * pattern that names no pod is a usage error: an empty answer would read as "nothing reaches".
 */
export function selectPods(ids: readonly string[], patterns: readonly string[] | undefined, flag: '--from' | '--to'): number[] {
  if (patterns === undefined) return ids.map((_id, i) => i);
  const chosen = new Uint8Array(ids.length);
  for (const pattern of patterns) {
    const matches = picomatch(pattern);
    let any = false;
    ids.forEach((id, i) => {
      if (!matches(id)) return;
      chosen[i] = 1;
      any = true;
    });
    if (!any) {
      const meant = pattern.includes('/') ? closest(pattern, ids) : undefined;
      const hint = pattern.includes('/') ? (meant ? `; did you mean ${meant}?` : '') : `; pods are named namespace/name: for a namespace, ${pattern}/*`;
      throw new UsageError(`${flag} '${pattern}' matches none of the ${ids.length} pods read${hint}`);
    }
  }
  const out: number[] = [];
  chosen.forEach((c, i) => c && out.push(i));
  return out;
}

/** The part of a matrix the filters chose: `rows` the sources, `cols` the destinations (indexes into `m.pods`). */
interface View {
  m: Matrix;
  rows: number[];
  cols: number[];
}

export function reach(
  workspace: Workspace,
  port: number,
  protocol: PortProtocol,
  format: 'text' | 'json',
  unreadable: readonly UnreadableDocument[],
  filters: ReachFilters = {},
): string {
  for (const [flag, patterns] of [
    ['--from', filters.from],
    ['--to', filters.to],
  ] as const)
    for (const pattern of patterns ?? [])
      if (addressPattern(pattern, flag))
        throw new UsageError(
          `${flag} '${pattern}' is an address: the matrix of --port is of pods; reach without --port pairs pods with addresses outside the cluster`,
        );
  const engine = new Connectivity(workspace.cluster());
  const matrix = engine.matrix(port, protocol);
  // no pods at all: the text says which paths to give, before any filter could name none
  const filtered = (filters.from !== undefined || filters.to !== undefined) && matrix.pods.length > 0;
  const view: View = filtered
    ? { m: matrix, rows: selectPods(matrix.pods, filters.from, '--from'), cols: selectPods(matrix.pods, filters.to, '--to') }
    : { m: matrix, rows: matrix.pods.map((_p, i) => i), cols: matrix.pods.map((_p, i) => i) };
  if (format === 'text') return formatMatrix(view, filtered) + (filters.why && matrix.pods.length > 0 ? formatWhy(engine, view) : '');
  const list = unreadableJson(unreadable);
  // indented for people at a glance; a large matrix compact (at 1,000 pods indentation triples it)
  if (!filtered) {
    if (matrix.pods.length <= 50) return JSON.stringify({ ...matrixJson(matrix), unreadable: list }, null, 2) + '\n';
    return `${matrixJsonText(matrix).slice(0, -1)},"unreadable":${JSON.stringify(list)}}\n`;
  }
  const pods = union(view);
  if (pods.length <= 50) {
    const allowed: Record<string, Record<string, boolean>> = {};
    for (const i of view.rows) {
      const row: Record<string, boolean> = {};
      for (const j of view.cols) row[matrix.pods[j]] = matrix.rows[i][j] === 1;
      allowed[matrix.pods[i]] = row;
    }
    return JSON.stringify({ port, protocol, pods: pods.map((i) => matrix.pods[i]), allowed, unreadable: list }, null, 2) + '\n';
  }
  const key = matrix.pods.map((p) => JSON.stringify(p));
  const rows = view.rows.map((i) => `${key[i]}:{${view.cols.map((j) => `${key[j]}:${matrix.rows[i][j] === 1}`).join(',')}}`);
  return `{"port":${port},"protocol":${JSON.stringify(protocol)},"pods":[${pods.map((i) => key[i]).join(',')}],"allowed":{${rows.join(',')}},"unreadable":${JSON.stringify(list)}}\n`;
}

/**
 * `y/b => x/a  allowed: egress open (no policy isolates it); ingress allowed by x/web-from-y ingress[0]`:
 * a line per cell of the view, row by row (a pod reaching itself left out), in the words of the
 * editor's reach report. The engine's one-pair verdict agrees with its matrix (tested pair by pair).
 */
function formatWhy(engine: Connectivity, v: View): string {
  const pods = engine.cluster.pods;
  const cells: [string, string][] = [];
  for (const i of v.rows)
    for (const j of v.cols) {
      if (i === j) continue;
      const verdict = engine.verdict(pods[i], pods[j], v.m.port, v.m.protocol);
      cells.push([`${printable(pods[i].id)} => ${printable(pods[j].id)}`, `${verdict.allowed ? 'allowed' : 'denied'}: ${printable(reasonText(verdict))}`]);
    }
  const width = Math.max(0, ...cells.map(([pair]) => pair.length));
  const lines = ['', "Why (from => to; ingress[0] is a policy's first ingress rule):"];
  for (const [pair, why] of cells) lines.push(`${pair.padEnd(width)}  ${why}`);
  return lines.join('\n') + '\n';
}

/** The sources and destinations of a view, once each, in cluster order: the JSON's `pods`, and the numbering of the text. */
function union(v: View): number[] {
  const seen = new Uint8Array(v.m.pods.length);
  for (const i of v.rows) seen[i] = 1;
  for (const j of v.cols) seen[j] = 1;
  const out: number[] = [];
  seen.forEach((s, i) => s && out.push(i));
  return out;
}

/**
 * Row = from, column = to; columns are numbered (pod names are long), with a legend. Each pod has
 * one number, its place among the pods shown, whether it is a row, a column or both.
 */
export function formatMatrix(v: View, filtered: boolean): string {
  const { m } = v;
  if (m.pods.length === 0) return `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
  // pod names come from the YAML: escaped, and the columns measured on what is printed
  const name = m.pods.map(printable);
  const shown = union(v);
  const number = new Map(shown.map((i, k) => [i, String(k + 1)]));
  const num = (i: number) => number.get(i)!;
  const width = maxOf(v.rows.map((i) => name[i].length + num(i).length + 1));
  const col = Math.max(5, String(shown.length).length + 2);
  const isRow = new Set(v.rows);
  const others = v.cols.filter((j) => !isRow.has(j));
  const both = others.length < v.cols.length;
  // the legend names every symbol the table uses; columns that are not rows are listed (filters)
  const lines = [`${m.protocol} ${m.port}: who can reach whom (row = from, column = to; yes = allowed, - = denied)`];
  if (others.length === 0) lines.push('Columns are numbered as the rows. A pod can always reach itself.');
  else {
    lines.push(both ? 'Columns are numbered as the rows, and:' : 'Columns:');
    for (const j of others) lines.push(`  ${num(j)} ${name[j]}`);
    if (both) lines.push('A pod can always reach itself.');
  }
  lines.push('');
  lines.push(''.padEnd(width + 2) + v.cols.map((j) => num(j).padStart(col)).join(''));
  for (const i of v.rows) {
    const row = v.cols.map((j) => (m.rows[i][j] ? 'yes' : '-').padStart(col)).join('');
    lines.push(`${num(i)} ${name[i]}`.padEnd(width + 2) + row);
  }
  let allowed = 0;
  let pairs = 0;
  for (const i of v.rows)
    for (const j of v.cols) {
      if (i === j) continue;
      pairs++;
      allowed += m.rows[i][j];
    }
  const scope = filtered
    ? ` (of ${v.rows.length} source${v.rows.length === 1 ? '' : 's'} and ${v.cols.length} destination${v.cols.length === 1 ? '' : 's'} of ${m.pods.length} pods)`
    : '';
  lines.push('', `${allowed} of ${pairs} connections between different pods allowed${scope}.`);
  return lines.join('\n') + '\n';
}

export function explain(workspace: Workspace, texts: ReadonlyMap<string, string>, format: 'text' | 'json', unreadable: readonly UnreadableDocument[]): string {
  const indexes = new Map<string, LineIndex>();
  const out = workspace.objects().policies.map((ref) => {
    const e = explainPolicy(ref.policy);
    const offset = workspace.offsetIn(ref, ref.policy.root.span) ?? 0;
    let lines = indexes.get(ref.file);
    if (!lines) indexes.set(ref.file, (lines = new LineIndex(texts.get(ref.file) ?? '')));
    const line = lines.positionAt(offset).line;
    return { path: ref.file, document: ref.document, line, ...e };
  });
  // the cluster admin's policies, in the engine's decision order (Admin then Baseline, by priority)
  const cluster = (workspace.connectivity().cluster.tiers ?? []).map((t) => {
    const ref = t.ref!;
    const offset = workspace.offsetIn(ref, ref.clusterPolicy.root.span) ?? 0;
    let lines = indexes.get(ref.file);
    if (!lines) indexes.set(ref.file, (lines = new LineIndex(texts.get(ref.file) ?? '')));
    return { path: ref.file, document: ref.document, line: lines.positionAt(offset).line, ...explainClusterPolicy(ref.clusterPolicy) };
  });
  if (format === 'json') return JSON.stringify({ policies: out, clusterPolicies: cluster, unreadable: unreadableJson(unreadable) }, null, 2) + '\n';
  if (out.length === 0 && cluster.length === 0) return 'No NetworkPolicies found.\n';
  return [...out, ...cluster.map((c) => ({ ...c, policy: `${c.kind} ${c.policy}` }))]
    .map(
      (e) =>
        // the text is one sentence a line, values escaped (explainPolicy); the path and name here
        `${printable(e.path)}:${e.line + 1}  ${printable(e.policy)}\n${e.text
          .split('\n')
          .map((l) => `  ${printable(l)}`)
          .join('\n')}\n`,
    )
    .join('\n');
}
