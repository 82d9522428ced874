/**
 * A file's members of each namespace (its policies, workloads and Namespace declarations), and
 * how they change with an edit: the workspace groups them by namespace for the namespace rules.
 */
import type { FileSnapshot, SnapshotEdit } from '../pipeline/index';
import type { NamespaceRef, PolicyRef, WorkloadRef } from '../rules/types';
import { placeable } from '../model/networkPolicy';

export interface FileMembers {
  policies: PolicyRef[];
  workloads: WorkloadRef[];
  declarations: NamespaceRef[];
}

/** Objects without `metadata.namespace` land in whatever namespace they are applied to: grouped per file. */
export function namespaceKey(namespace: string | undefined, file: string): string {
  return namespace ?? `\0${file}`;
}

/** A file's objects, or some of them. */
export type FileObjects = Pick<FileSnapshot, 'file' | 'policies' | 'workloads' | 'namespaces'>;

export function membersOf(objects: FileObjects): Map<string, FileMembers> {
  const out = new Map<string, FileMembers>();
  const get = (ns: string | undefined) => {
    const key = namespaceKey(ns, objects.file);
    let m = out.get(key);
    if (!m) out.set(key, (m = { policies: [], workloads: [], declarations: [] }));
    return m;
  };
  // a policy the API server cannot place (`namespace: y`) is in no namespace: wrong-type says so
  for (const r of objects.policies) if (placeable(r.policy)) get(r.policy.namespace?.value).policies.push(r);
  for (const r of objects.workloads) get(r.workload.namespace).workloads.push(r);
  for (const r of objects.namespaces) get(r.namespace.name).declarations.push(r);
  return out;
}

/** The first index of `refs` (in document order) whose document is at or after `document`. */
export function firstFrom(refs: readonly { document: number }[], document: number): number {
  let lo = 0;
  let hi = refs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (refs[mid].document < document) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * `membersOf(snapshot)` from the members of `base`, when only documents [from, to) were placed
 * again: only the namespaces with objects there before or after change, each by copying its lists
 * around that range (not grouping every object of a large file again).
 */
export function membersAfterEdit(before: Map<string, FileMembers>, base: FileSnapshot, snapshot: FileSnapshot, edited: SnapshotEdit): Map<string, FileMembers> {
  const { from, to } = edited;
  const within = <T extends { document: number }>(refs: readonly T[]) => refs.slice(firstFrom(refs, from), firstFrom(refs, to));
  const part = (s: FileSnapshot): FileObjects => ({
    file: s.file,
    policies: within(s.policies),
    workloads: within(s.workloads),
    namespaces: within(s.namespaces),
  });
  const inEdit = membersOf(part(snapshot));
  const keys = new Set([...membersOf(part(base)).keys(), ...inEdit.keys()]);
  const out = new Map(before);
  for (const key of keys) {
    const old = before.get(key) ?? { policies: [], workloads: [], declarations: [] };
    const add = inEdit.get(key) ?? { policies: [], workloads: [], declarations: [] };
    const around = <T extends { document: number }>(list: T[], middle: T[]) => [
      ...list.slice(0, firstFrom(list, from)),
      ...middle,
      ...list.slice(firstFrom(list, to)),
    ];
    const m = {
      policies: around(old.policies, add.policies),
      workloads: around(old.workloads, add.workloads),
      declarations: around(old.declarations, add.declarations),
    };
    if (m.policies.length + m.workloads.length + m.declarations.length > 0) out.set(key, m);
    else out.delete(key);
  }
  return out;
}

/** The same refs in the same order (the same objects: a ref is where its object is). */
export function sameList<T>(a: readonly T[] | undefined, b: readonly T[] | undefined): boolean {
  if (a === b) return true;
  const x = a ?? [];
  const y = b ?? [];
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

export function sameRefs(a: FileMembers | undefined, b: FileMembers | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = <T>(x: T[], y: T[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return same(a.policies, b.policies) && same(a.workloads, b.workloads) && same(a.declarations, b.declarations);
}

export function sameMembers(a: FileMembers | undefined, b: FileMembers | undefined): boolean {
  if (a === b) return true;
  if (!a || !b) return false;
  const same = <T>(x: T[], y: T[], model: (t: T) => object) => x.length === y.length && x.every((v, i) => model(v) === model(y[i]));
  return (
    same(a.policies, b.policies, (r) => r.policy) &&
    same(a.workloads, b.workloads, (r) => r.workload) &&
    same(a.declarations, b.declarations, (r) => r.namespace)
  );
}
