/**
 * Runs the namespace rules over one namespace's members and keeps their findings while the members
 * stay the same objects (models are reused while their document's text is unchanged), so an edit
 * re-checks only the namespaces it touches.
 *
 * A re-check keeps the previous finding object for each finding that came out the same on an
 * unchanged member: a keystroke in one of a namespace's policies would otherwise give all their
 * findings new objects, which the file's finishing and the editor's conversion (keyed by finding
 * identity) treat as new, converting and sending them again.
 */
import { contain, internalErrorFinding } from '../analysis/contain';
import type { Finding } from '../findings';
import { NAMESPACE_RULES } from '../rules/index';
import type { Span } from '../text/span';
import { DnsCache } from '../rules/dnsCache';
import type { Anchor, NamespaceContext, NamespaceInfo, NamespaceMembers, PlacedFinding } from '../rules/types';
import { sameFinding } from './sameFinding';

type List = 'policies' | 'workloads' | 'declarations';
const LISTS: readonly List[] = ['policies', 'workloads', 'declarations'];

interface Entry {
  /** The members' models, list by list: the findings hold while these are the same objects. */
  models: object[][];
  workspaceHasPolicies: boolean;
  /** The cluster policies they were checked with (the same object while they and the Namespaces are unchanged). */
  cluster: NamespaceInfo['cluster'];
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
  /** Kept across re-checks and namespaces: its entries live as long as their models. */
  private readonly dnsCache = new DnsCache();

  /** The namespace rules' findings for these members (computed, or reused when nothing changed). */
  findings(key: string, members: NamespaceMembers, info: NamespaceInfo): PlacedFinding[] {
    let entry = this.entries.get(key);
    if (!entry || entry.workspaceHasPolicies !== info.workspaceHasPolicies || entry.cluster !== info.cluster || !sameModels(entry.models, members)) {
      const ctx: NamespaceContext = { ...info, dnsCache: this.dnsCache };
      const fresh: Entry = {
        models: LISTS.map((l) => members[l].map(modelOf)),
        workspaceHasPolicies: info.workspaceHasPolicies,
        cluster: info.cluster,
        findings: run(members, ctx),
      };
      if (entry) keepUnchanged(entry, fresh);
      this.entries.set(key, (entry = fresh));
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

/** In `fresh`, each finding equal to one `old` had on the same member becomes that one (see the file comment). */
function keepUnchanged(old: Entry, fresh: Entry): void {
  const before = new Map<object, Finding[]>();
  for (const { list, index, finding } of old.findings) {
    const model = old.models[LISTS.indexOf(list)][index];
    const known = before.get(model);
    if (known) known.push(finding);
    else before.set(model, [finding]);
  }
  for (const r of fresh.findings) {
    const known = before.get(fresh.models[LISTS.indexOf(r.list)][r.index]);
    const i = known ? known.findIndex((f) => sameFinding(f, r.finding)) : -1;
    if (i >= 0) r.finding = known!.splice(i, 1)[0];
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
      // a literal, not `{ ...at, finding }`: one literal for every placed finding (docs/performance.md)
      if (at) out.push({ list: at.list, index: at.index, finding });
    }
  }
  return out;
}
