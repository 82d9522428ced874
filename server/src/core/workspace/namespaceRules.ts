/**
 * Runs the namespace rules over one namespace's members and keeps their findings while the members
 * stay the same objects (models are reused while their document's text is unchanged), so an edit
 * re-checks only the namespaces it touches.
 */
import { contain, internalErrorFinding } from '../analysis/contain';
import type { Finding } from '../findings';
import { NAMESPACE_RULES } from '../rules/index';
import type { Span } from '../text/span';
import type { Anchor, NamespaceContext, NamespaceMembers, PlacedFinding } from '../rules/types';

type List = 'policies' | 'workloads' | 'declarations';
const LISTS: readonly List[] = ['policies', 'workloads', 'declarations'];

interface Entry {
  /** The members' models, list by list: the findings hold while these are the same objects. */
  models: object[][];
  workspaceHasPolicies: boolean;
  /** Findings by the position of their anchor, so they can be re-attached to the current refs. */
  findings: { list: List; index: number; finding: Finding }[];
}

function modelOf(a: Anchor): object {
  return 'policy' in a ? a.policy : 'workload' in a ? a.workload : a.namespace;
}

function anchorSpan(a: Anchor): Span {
  return 'policy' in a ? a.policy.root.span : 'workload' in a ? a.workload.nameSpan : a.namespace.nameSpan;
}

function sameModels(a: object[][], members: NamespaceMembers): boolean {
  return LISTS.every((l, i) => {
    const now = members[l];
    return a[i].length === now.length && a[i].every((m, j) => m === modelOf(now[j]));
  });
}

export class NamespaceRuleCache {
  private entries = new Map<string, Entry>();

  /** The namespace rules' findings for these members (computed, or reused when nothing changed). */
  findings(key: string, members: NamespaceMembers, ctx: NamespaceContext): PlacedFinding[] {
    let entry = this.entries.get(key);
    if (!entry || entry.workspaceHasPolicies !== ctx.workspaceHasPolicies || !sameModels(entry.models, members)) {
      entry = { models: LISTS.map((l) => members[l].map(modelOf)), workspaceHasPolicies: ctx.workspaceHasPolicies, findings: run(members, ctx) };
      this.entries.set(key, entry);
    }
    return entry.findings.map(({ list, index, finding }) => ({ ref: members[list][index], finding }));
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  clear(): void {
    this.entries.clear();
  }
}

function run(members: NamespaceMembers, ctx: NamespaceContext): Entry['findings'] {
  const position = new Map<Anchor, { list: List; index: number }>();
  for (const list of LISTS) members[list].forEach((ref, index) => position.set(ref, { list, index }));
  const first: Anchor | undefined = members.policies[0] ?? members.workloads[0] ?? members.declarations[0];
  const out: Entry['findings'] = [];
  for (const rule of NAMESPACE_RULES) {
    const placed = contain(
      rule.meta.code,
      () => rule.check(members, ctx),
      (error) => (first ? [{ ref: first, finding: internalErrorFinding(`the rule ${rule.meta.code}`, error, anchorSpan(first)) }] : []),
    );
    for (const { ref, finding } of placed) {
      const at = position.get(ref);
      if (at) out.push({ ...at, finding });
    }
  }
  return out;
}
