/**
 * "Who can reach this workload?" and "What can this workload reach?": a Markdown report from the
 * connectivity engine: one row per other pod of the workspace and per group of external address
 * ranges with the same answer, each with its whole connection set, then the reasons.
 */
import { decisionText } from '../connectivity/tiers';
import type { ConnectionSet, ConnectionSetJson } from '../connectivity/connectionSet';
import type { DirectionConnections, DirectionVerdict, Verdict } from '../connectivity/engine';
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
  /** The documents the answer could not read (it says so above the table). */
  unreadable: UnreadableDocument[];
  /**
   * Each peer's whole connection set with the subject (every port and protocol): the other pods in
   * workspace order, then every external address range (`first-last`), one entry each.
   */
  connections: { peer: string; kind: 'pod' | 'external'; allowed: ConnectionSetJson; text: string }[];
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

function sideText(side: 'egress' | 'ingress', v: DirectionVerdict): string {
  if (v.reason) return `${side} ${v.allowed ? 'allowed' : 'denied'}: ${v.reason}`;
  if (v.isolatedBy.length === 0) return `${side} open (no policy isolates it)`;
  if (v.allowedBy.length > 0) return `${side} allowed by ${v.allowedBy.map((r) => `${r.policy} ${r.direction.toLowerCase()}[${r.rule}]`).join(', ')}`;
  return `${side} denied: isolated by ${v.isolatedBy.join(', ')} and no rule allows it`;
}

export function reasonText(v: Verdict): string {
  if (v.self) return 'a pod can always reach itself';
  return `${sideText('egress', v.egress)}; ${sideText('ingress', v.ingress)}`;
}

/** `egress open (no policy isolates it)` / `ingress: y/web ingress[0] (TCP 80), y/dns ingress[1] (UDP 53)`: one side of a pair's set. */
export function sideSetText(side: 'egress' | 'ingress', d: DirectionConnections): string {
  if (d.tiers) return `${side}: ${tierSetText(side, d, d.tiers)}`;
  if (d.isolatedBy.length === 0) return `${side} open (no policy isolates it)`;
  if (d.allowedBy.length === 0) return `${side} denied: isolated by ${d.isolatedBy.join(', ')} and no rule allows it`;
  return `${side}: ${d.allowedBy.map((r) => `${r.policy} ${side}[${r.rule}] (${r.allows})`).join(', ')}`;
}

/**
 * One side through the cluster admin's tiers, each part with what it decided, in decision order:
 * `[Admin] guardrails rule deny-b: Deny (all), [NetworkPolicy] a/web ingress[0] (TCP 80), default allow (all)`.
 */
function tierSetText(side: 'egress' | 'ingress', d: DirectionConnections, t: NonNullable<DirectionConnections['tiers']>): string {
  const parts = t.decisions.filter((x) => x.tier === 'Admin').map((x) => `${decisionText(x)} (${x.decides})`);
  if (t.networkPolicy) {
    const allows = d.allowedBy.map((r) => ({ r, set: r.allows.intersect(t.networkPolicy!) })).filter((x) => !x.set.isEmpty());
    if (allows.length === 0) parts.push(`[NetworkPolicy] isolated by ${d.isolatedBy.join(', ')}, no rule allows it (${t.networkPolicy})`);
    for (const { r, set } of allows) parts.push(`[NetworkPolicy] ${r.policy} ${side}[${r.rule}] (${set})`);
  }
  for (const x of t.decisions) if (x.tier === 'Baseline') parts.push(`${decisionText(x)} (${x.decides})`);
  if (!t.defaultAllowed.isEmpty()) parts.push(`default allow (${t.defaultAllowed})`);
  return parts.join(', ');
}

/** A table cell: the set in words, bold when something is allowed. */
function cell(set: ConnectionSet): string {
  return set.isEmpty() ? 'none' : `**${set}**`;
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
  const title = direction === 'to' ? `Who can reach ${subject.id}?` : `What can ${subject.id} reach?`;
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
  const tiers = engine.tiersSelecting(subject);
  const cnps = [...tiers.admin, ...tiers.baseline].map((p) => `[${p.tier}] ${mdText(p.name)} (priority ${p.priority})`);
  if (cnps.length > 0) lines.push(`Cluster policies selecting it (decision order): ${cnps.join(', ')}.`);
  lines.push(
    isolating.length
      ? `Policies selecting it: ${isolating.join(', ')}.`
      : cnps.length > 0
        ? 'No NetworkPolicy selects it.'
        : 'No policy selects it: it is open in both directions.',
    '',
  );
  // the table holds short cells only (words, no emoji: readable in any font); the reasons, long
  // sentences, go to a list under it, one line per peer, where they wrap as prose
  lines.push(`| ${direction === 'to' ? 'from' : 'to'} | connections |`, '|---|---|');
  const reasons: string[] = [];
  const connections: ReachReport['connections'] = [];
  // most peers share their reasons with others: each distinct text is escaped once
  const escaped = new Map<string, string>();
  const md = (text: string) => {
    let out = escaped.get(text);
    if (out === undefined) escaped.set(text, (out = mdText(text)));
    return out;
  };
  for (const other of others) {
    // one row of the matrix: the one-pair answer (the class matrix would cost the whole cluster's)
    const pair = direction === 'to' ? engine.connectionsBetween(other, subject) : engine.connectionsBetween(subject, other);
    // the set is netpol-lint's own text (no YAML in it): the reasons name policies, escaped
    connections.push({ peer: other.id, kind: 'pod', allowed: pair.allowed.toJSON(), text: pair.allowed.toString() });
    const id = mdText(other.id);
    lines.push(`| ${id} | ${cell(pair.allowed)} |`);
    reasons.push(`- **${id}**: ${pair.allowed} — ${md(`${sideSetText('egress', pair.egress)}; ${sideSetText('ingress', pair.ingress)}`)}`);
    yield;
  }
  // outside the cluster: the subject's side alone decides (range names and sets are netpol-lint's own text, no YAML in them); ranges with the same answer for the same reasons are one row
  const ranges = engine.externalEndpoints().ranges;
  const groups = new Map<string, { names: string[]; set: ConnectionSet; why: string }>();
  for (const r of ranges) {
    const side = engine.externalBetween(subject, r.id, direction === 'to' ? 'Ingress' : 'Egress');
    connections.push({ peer: r.name, kind: 'external', allowed: side.allowed.toJSON(), text: side.allowed.toString() });
    const why = sideSetText(direction === 'to' ? 'ingress' : 'egress', side);
    const key = `${side.allowed}\0${why}`;
    const g = groups.get(key);
    if (g) g.names.push(r.name);
    else groups.set(key, { names: [r.name], set: side.allowed, why });
  }
  for (const g of groups.values()) {
    const name = g.names.length === ranges.length ? 'every address outside the cluster (0.0.0.0/0, ::/0)' : `outside the cluster: ${g.names.join(', ')}`;
    lines.push(`| ${name} | ${cell(g.set)} |`);
    reasons.push(`- **${name}**: ${g.set} — ${mdText(g.why)} (no NetworkPolicy applies outside the cluster)`);
  }
  lines.push('', 'Why:', '', ...reasons);
  lines.push(
    '',
    'Computed by netpol-lint from the manifests in this workspace (one representative pod per workload; `all`: every port of every protocol; `none`: nothing allowed; an address range `first-last` is one that no ipBlock or cluster-policy network of the workspace cuts). A pod can always reach itself.',
  );
  return { title, markdown: lines.join('\n') + '\n', unreadable, connections };
}
