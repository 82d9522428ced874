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
import { UsageError } from './files';

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
export function unreadableWarnings(list: readonly UnreadableDocument[], command: 'reach' | 'explain'): string {
  return list.map((u) => `netpol-lint: warning: ${u.file}:${u.line + 1}: ${u.message} (${command} cannot see what this document declares)\n`).join('');
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

export function reach(workspace: Workspace, port: number, protocol: PortProtocol, format: 'text' | 'json', unreadable: readonly UnreadableDocument[]): string {
  const matrix = new Connectivity(workspace.cluster()).matrix(port, protocol);
  // indented for people at a glance; a large matrix compact (at 1,000 pods indentation triples it)
  if (format === 'text') return formatMatrix(matrix);
  const list = unreadableJson(unreadable);
  if (matrix.pods.length <= 50) return JSON.stringify({ ...matrixJson(matrix), unreadable: list }, null, 2) + '\n';
  return `${matrixJsonText(matrix).slice(0, -1)},"unreadable":${JSON.stringify(list)}}\n`;
}

/** Row = from, column = to; columns are numbered (pod names are long), with a legend. */
export function formatMatrix(m: Matrix): string {
  if (m.pods.length === 0) return `No pods: give the paths of the Pods and workloads (Deployments, …) as well as the policies.\n`;
  const n = m.pods.length;
  const num = (i: number) => String(i + 1);
  const width = Math.max(...m.pods.map((p, i) => p.length + num(i).length + 1));
  const col = Math.max(5, num(n - 1).length + 2);
  // the legend names every symbol the table uses
  const lines = [
    `${m.protocol} ${m.port}: who can reach whom (row = from, column = to; yes = allowed, - = denied)`,
    'Columns are numbered as the rows. A pod can always reach itself.',
    '',
  ];
  lines.push(''.padEnd(width + 2) + m.pods.map((_p, i) => num(i).padStart(col)).join(''));
  m.pods.forEach((from, i) => {
    const row = m.pods.map((_to, j) => (m.rows[i][j] ? 'yes' : '-').padStart(col)).join('');
    lines.push(`${num(i)} ${from}`.padEnd(width + 2) + row);
  });
  let allowed = 0;
  m.rows.forEach((row, i) => row.forEach((v, j) => (allowed += i !== j && v ? 1 : 0)));
  lines.push('', `${allowed} of ${n * (n - 1)} connections between different pods allowed.`);
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
  if (format === 'json') return JSON.stringify({ policies: out, unreadable: unreadableJson(unreadable) }, null, 2) + '\n';
  if (out.length === 0) return 'No NetworkPolicies found.\n';
  return out
    .map(
      (e) =>
        `${e.path}:${e.line + 1}  ${e.policy}\n${e.text
          .split('\n')
          .map((l) => `  ${l}`)
          .join('\n')}\n`,
    )
    .join('\n');
}
