/**
 * What one policy rule allows in this workspace, for the hover on the rule: its connection set
 * between the pods the policy selects and the peers its `from` / `to` admits (pods, and the
 * external address ranges an ipBlock or a rule without peers admits), grouped by set. This is the
 * rule's own contribution: the traffic also needs the other side's policies (see the reach report).
 */
import type { Pod } from '../connectivity/cluster';
import type { ConnectionSet } from '../connectivity/connectionSet';
import { outsidePod } from '../connectivity/external';
import { portsSet } from '../connectivity/semantics';
import { type Direction, effectivePolicyTypes, type RuleModel } from '../model/networkPolicy';
import type { PolicyRef } from '../rules/types';
import type { Workspace } from '../workspace/workspace';
import { mdCode } from '../text/markdown';

const MAX_NAMES = 5;

function names(list: readonly string[]): string {
  const shown = list
    .slice(0, MAX_NAMES)
    .map((n) => mdCode(n))
    .join(', ');
  return list.length > MAX_NAMES ? `${shown} and ${list.length - MAX_NAMES} more` : shown;
}

/** Adds `name` under `set` (groups in order of first appearance). */
function add(groups: Map<string, { set: ConnectionSet; names: string[] }>, set: ConnectionSet, name: string): void {
  if (set.isEmpty()) return;
  const key = set.toString();
  const g = groups.get(key);
  if (g) g.names.push(name);
  else groups.set(key, { set, names: [name] });
}

/** Markdown lines: `- from a, b to c: TCP 80`; a sentence when the rule allows nothing here. */
export function ruleSetsText(ws: Workspace, ref: PolicyRef, direction: Direction, rule: RuleModel): string {
  const engine = ws.connectivity();
  const cp = engine.cluster.policies.find((p) => p.ref === ref);
  if (!cp) return '';
  if (!effectivePolicyTypes(cp.policy).has(direction)) return `It is not in force: the policy's \`policyTypes\` leave out ${direction}.`;
  const subjects = engine.podsSelectedBy(cp);
  if (subjects.length === 0) return 'In this workspace it allows nothing: the policy selects no workload the workspace declares.';
  // a pod to itself is always allowed: a lone subject is not its own peer
  const peers = engine.podsAdmittedBy(cp, rule).filter((p) => subjects.length > 1 || p !== subjects[0]);
  const ext = engine.externalEndpoints();
  const ranges = ext.ranges.filter((r) => ext.admits(rule, r.id));
  const outside = ranges.length === ext.ranges.length ? 'every address outside the cluster' : `outside the cluster ${names(ranges.map((r) => r.name))}`;
  const lines: string[] = [];
  const subjectNames = subjects.map((p) => p.id);
  if (direction === 'Ingress') {
    // the subject is the destination: named ports resolve on it, so subjects group by set
    const groups = new Map<string, { set: ConnectionSet; names: string[] }>();
    for (const s of subjects) add(groups, portsSet(rule, s), s.id);
    for (const g of groups.values()) {
      if (peers.length > 0) lines.push(`- from ${names(peers.map((p) => p.id))} to ${names(g.names)}: ${g.set}`);
      if (ranges.length > 0) lines.push(`- from ${outside} to ${names(g.names)}: ${g.set}`);
    }
  } else {
    const groups = new Map<string, { set: ConnectionSet; names: string[] }>();
    for (const p of peers) add(groups, portsSet(rule, p as Pod), p.id);
    for (const g of groups.values()) lines.push(`- from ${names(subjectNames)} to ${names(g.names)}: ${g.set}`);
    // an address outside declares no container ports: a named port allows nothing there
    if (ranges.length > 0) {
      const set = portsSet(rule, outsidePod(ranges[0]));
      if (!set.isEmpty()) lines.push(`- from ${names(subjectNames)} to ${outside}: ${set}`);
    }
  }
  if (lines.length === 0) return 'In this workspace it allows nothing: no peer it admits, or no port that resolves on one.';
  return `In this workspace it allows (this side only; the other side's policies must allow it too):\n\n${lines.join('\n')}`;
}
