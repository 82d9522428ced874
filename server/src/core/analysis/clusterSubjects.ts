/**
 * What the subjects of cluster policies select, decided from the selectors alone: can two subjects
 * select one pod, which namespaces a subject's namespace part selects. "Can overlap" is a safe
 * over-approximation of "some labels satisfy both" (it only answers "no" when the requirements
 * contradict each other); a malformed requirement (no key, an unknown operator) matches nothing.
 */
import type { ClusterSubjectModel } from '../model/clusterPolicy';
import type { SelectorModel } from '../model/networkPolicy';
import { selectorMatches } from './selectors';

/** What the requirements of some selectors say of one label key. */
interface KeyRequirement {
  /** The values it may have (undefined: any not excluded). */
  values?: Set<string>;
  excluded: Set<string>;
  /** The label must be there (`matchLabels`, `In`, `Exists`). */
  present: boolean;
  /** The label must not be there (`DoesNotExist`). */
  absent: boolean;
}

function requirement(keys: Map<string, KeyRequirement>, key: string): KeyRequirement {
  let r = keys.get(key);
  if (!r) keys.set(key, (r = { excluded: new Set(), present: false, absent: false }));
  return r;
}

function only(r: KeyRequirement, values: readonly string[]): void {
  r.present = true;
  r.values = new Set(r.values ? values.filter((v) => r.values!.has(v)) : values);
}

/** Can one set of labels satisfy every one of these selectors (undefined: selects all)? */
export function selectorsCanOverlap(...selectors: (SelectorModel | undefined)[]): boolean {
  const keys = new Map<string, KeyRequirement>();
  for (const s of selectors) {
    if (!s) continue;
    for (const m of s.matchLabels) {
      if (m.value === undefined) return false;
      only(requirement(keys, m.key), [m.value]);
    }
    for (const e of s.matchExpressions) {
      if (e.key === undefined) return false;
      const r = requirement(keys, e.key);
      if (e.operator === 'In') only(r, e.values);
      else if (e.operator === 'NotIn') for (const v of e.values) r.excluded.add(v);
      else if (e.operator === 'Exists') r.present = true;
      else if (e.operator === 'DoesNotExist') r.absent = true;
      else return false;
    }
  }
  for (const r of keys.values()) {
    if (r.present && r.absent) return false;
    if (r.values && ![...r.values].some((v) => !r.excluded.has(v))) return false;
  }
  return true;
}

/** The selector of the namespaces a subject's pods are in (undefined: every namespace). */
export function subjectNamespaces(s: ClusterSubjectModel): SelectorModel | undefined {
  return s.namespaces ?? s.pods?.namespaceSelector;
}

/** Does the subject hold exactly one of `namespaces` and `pods` (the CRD check reports the others)? */
export function subjectKnown(s: ClusterSubjectModel | undefined): s is ClusterSubjectModel {
  return s !== undefined && (s.namespaces !== undefined) !== (s.pods !== undefined);
}

/** Can two subjects select one pod (their namespace parts and pod parts both satisfiable together)? */
export function subjectsCanOverlap(a: ClusterSubjectModel, b: ClusterSubjectModel): boolean {
  if (!subjectKnown(a) || !subjectKnown(b)) return false;
  return selectorsCanOverlap(subjectNamespaces(a), subjectNamespaces(b)) && selectorsCanOverlap(a.pods?.podSelector, b.pods?.podSelector);
}

/** Does the subject select every namespace (its namespace part absent or `{}`)? */
export function subjectCoversAllNamespaces(s: ClusterSubjectModel): boolean {
  if (!subjectKnown(s)) return false;
  const ns = subjectNamespaces(s);
  return ns === undefined || ns.isEmpty;
}

/** Does the subject's namespace part select a namespace with these labels? */
export function subjectSelectsNamespace(s: ClusterSubjectModel, labels: Readonly<Record<string, string>>): boolean {
  return subjectKnown(s) && selectorMatches(subjectNamespaces(s), labels);
}
