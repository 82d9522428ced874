/**
 * "Who can reach this workload?" and "What can this workload reach?": a Markdown report from the
 * connectivity engine, one row per other pod of the workspace, one column per port, with reasons.
 */
import type { Pod } from '../connectivity/cluster';
import type { ConnectionSetJson } from '../connectivity/connectionSet';
import type { Connectivity, DirectionVerdict, Verdict } from '../connectivity/engine';
import type { ContainerPort, PortProtocol } from '../model/inventory';
import { rulesOf } from '../model/networkPolicy';
import type { UnreadableDocument } from '../pipeline/index';
import type { WorkloadRef } from '../rules/types';
import { fileLabel } from '../rules/workspaceHelpers';
import type { Workspace } from '../workspace/workspace';
import { mdCode, mdLinkTarget, mdText } from '../text/markdown';
import { runAtOnce, type Steps } from '../steps';

export type ReachDirection = 'to' | 'from';

export interface ReachReport {
  title: string;
  markdown: string;
  /** Rows (other pods) and whether each port column is allowed: for tests and tools. */
  rows: { pod: string; allowed: boolean[] }[];
  ports: { port: number; protocol: PortProtocol; name?: string }[];
  /** The documents the answer could not read (it says so above the table). */
  unreadable: UnreadableDocument[];
  /** Each other pod's whole connection set with the subject (every port and protocol), in row order. */
  connections: { pod: string; allowed: ConnectionSetJson; text: string }[];
}

/** The warning a report over unreadable documents opens with (empty when all was read). */
export function unreadableNotice(unreadable: readonly UnreadableDocument[]): string[] {
  if (unreadable.length === 0) return [];
  const n = unreadable.length;
  const lines = [
    `> **Warning:** netpol-lint could not read ${n === 1 ? 'a document' : `${n} documents`} of the workspace that may declare a NetworkPolicy, Namespace, Pod or workload: this answer leaves out what ${n === 1 ? 'it declares' : 'they declare'}, and may be wrong.`,
    '>',
  ];
  for (const u of unreadable) lines.push(`> - [${mdText(fileLabel(u.file))}:${u.line + 1}](${mdLinkTarget(u.file)}#L${u.line + 1}): ${mdText(u.message)}`);
  lines.push('');
  return lines;
}

/** `TCP 8080 (http)`, as Markdown text (a port name comes from the YAML). */
function portLabel(p: { port: number; protocol: PortProtocol; name?: string }): string {
  return mdText(`${p.protocol} ${p.port}${p.name ? ` (${p.name})` : ''}`);
}

function sideText(side: 'egress' | 'ingress', v: DirectionVerdict): string {
  if (v.isolatedBy.length === 0) return `${side} open (no policy isolates it)`;
  if (v.allowedBy.length > 0) return `${side} allowed by ${v.allowedBy.map((r) => `${r.policy} ${r.direction.toLowerCase()}[${r.rule}]`).join(', ')}`;
  return `${side} denied: isolated by ${v.isolatedBy.join(', ')} and no rule allows it`;
}

export function reasonText(v: Verdict): string {
  if (v.self) return 'a pod can always reach itself';
  return `${sideText('egress', v.egress)}; ${sideText('ingress', v.ingress)}`;
}

/** The ports to check: the destination's container ports; without any, those its ingress rules name; else TCP 80. */
function portsOf(engine: Connectivity, pods: readonly Pod[]): ReachReport['ports'] {
  const seen = new Map<string, ContainerPort>();
  for (const pod of pods) for (const c of pod.ports) seen.set(`${c.protocol}/${c.port}`, c);
  if (seen.size === 0) {
    for (const pod of pods) {
      for (const cp of engine.policiesSelecting(pod)) {
        for (const rule of rulesOf(cp.policy, 'Ingress')) {
          for (const e of rule.ports ?? [])
            if (typeof e.port === 'number') seen.set(`${e.protocol ?? 'TCP'}/${e.port}`, { port: e.port, protocol: (e.protocol ?? 'TCP') as PortProtocol });
        }
      }
    }
  }
  if (seen.size === 0) seen.set('TCP/80', { port: 80, protocol: 'TCP' });
  return [...seen.values()]
    .sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol))
    .map((c) => ({ port: c.port, protocol: c.protocol, ...(c.name ? { name: c.name } : {}) }));
}

export function reachReport(ws: Workspace, workload: WorkloadRef, direction: ReachDirection): ReachReport | undefined {
  return runAtOnce(reachReportSteps(ws, workload, direction));
}

/** `reachReport` that may pause between its rows (core/steps.ts): the language server runs it in slices. */
export function* reachReportSteps(ws: Workspace, workload: WorkloadRef, direction: ReachDirection): Steps<ReachReport | undefined> {
  const engine = ws.connectivity();
  // a workload a later one of its name replaces: the answer is for that one (what kubectl apply leaves)
  const replacedBy = engine.cluster.replaced.find((r) => r.ref === workload)?.by;
  const subject = engine.cluster.pods.find((p) => p.ref === (replacedBy ?? workload));
  if (!subject) return undefined;
  const others = engine.cluster.pods.filter((p) => p !== subject);
  // columns: the destination's ports (the subject's when others reach it; every destination's otherwise)
  const ports = portsOf(engine, direction === 'to' ? [subject] : others);
  const title = direction === 'to' ? `Who can reach ${subject.id}?` : `What can ${subject.id} reach?`;
  const rows: ReachReport['rows'] = [];
  const unreadable = ws.unreadable();
  // every value from the YAML enters the Markdown through mdText / mdCode (the title stays plain text)
  const lines = [`# ${mdText(title)}`, '', ...unreadableNotice(unreadable)];
  if (replacedBy) {
    const at = ws.offsetIn(replacedBy, (replacedBy as WorkloadRef).workload.nameSpan);
    const line = at === undefined ? undefined : ws.snapshot(replacedBy.file)?.lines.positionAt(at).line;
    const where = `${mdText(fileLabel(replacedBy.file))}${line === undefined ? '' : `:${line + 1}`}`;
    lines.push(
      `This manifest is replaced by the later ${subject.kind} of the same name (${where}), as \`kubectl apply\` of both would: the answer is for that one.`,
      '',
    );
  }
  const labels =
    Object.entries(subject.labels)
      .map(([k, v]) => mdText(`${k}=${v}`))
      .join(', ') || 'no labels';
  lines.push(`${subject.kind} ${mdCode(subject.name)} in namespace ${mdCode(subject.namespace)} (${labels}).`);
  const isolating = engine.policiesSelecting(subject).map((p) => mdText(p.id));
  lines.push(isolating.length ? `Policies selecting it: ${isolating.join(', ')}.` : 'No policy selects it: it is open in both directions.', '');
  if (others.length === 0) {
    lines.push('The workspace declares no other workload.');
    return { title, markdown: lines.join('\n') + '\n', rows, ports, unreadable, connections: [] };
  }
  // the table holds short cells only (words, no emoji: readable in any font); the reasons, long
  // sentences, go to a list under it, one line per pair, where they wrap as prose
  lines.push(`| ${direction === 'to' ? 'from' : 'to'} | ${ports.map(portLabel).join(' | ')} |`);
  lines.push(`|---|${ports.map(() => ':-:|').join('')}`);
  const reasons: string[] = [];
  const connections: ReachReport['connections'] = [];
  for (const other of others) {
    const [from, to] = direction === 'to' ? [other, subject] : [subject, other];
    const verdicts = ports.map((p) => engine.verdict(from, to, p.port, p.protocol));
    // a destination that does not listen on a port: the question does not arise
    const listens = (p: (typeof ports)[number]) =>
      direction === 'to' || to.ports.length === 0 || to.ports.some((c) => c.port === p.port && c.protocol === p.protocol);
    const cells = verdicts.map((v, i) => (!listens(ports[i]) ? '—' : v.allowed ? '**allowed**' : 'denied'));
    rows.push({ pod: other.id, allowed: verdicts.map((v) => v.allowed) });
    // one row of the matrix: the one-pair answer (the class matrix would cost the whole cluster's)
    const set = engine.connectionsBetween(from, to).allowed;
    connections.push({ pod: other.id, allowed: set.toJSON(), text: set.toString() });
    lines.push(`| ${mdText(other.id)} | ${cells.join(' | ')} |`);
    reasons.push(`- **${mdText(other.id)}**: ${verdicts[0].allowed ? 'allowed' : 'denied'}, ${mdText(reasonText(verdicts[0]))}`);
    yield;
  }
  lines.push('', `Why, on ${portLabel(ports[0])}:`, '', ...reasons);
  // the whole answer per peer, every port and protocol (as \`netpol-lint reach\` without --port)
  lines.push('', `Connections ${direction === 'to' ? 'from' : 'to'} each, on every port and protocol (\`all\`: every port of every protocol):`, '');
  for (const c of connections) lines.push(`- **${mdText(c.pod)}**: ${mdText(c.text)}`);
  lines.push(
    '',
    'Computed by netpol-lint from the manifests in this workspace (one representative pod per workload; `—`: the destination does not listen on that port).',
  );
  return { title, markdown: lines.join('\n') + '\n', rows, ports, unreadable, connections };
}
