/** Shared by the workspace rules (section C): who selects what, and how to name a place. */
import { selectorMatches } from '../analysis/selectors';
import { effectivePolicyTypes, type Direction, type NetworkPolicyModel, type SelectorModel } from '../model/networkPolicy';
import { appendDocument, defaultDenyName, defaultDenyPolicy, freeName } from '../edit/appendDocument';
import type { DocumentSource } from '../edit/yamlEdits';
import type { Fix } from '../findings';
import type { WorkloadModel } from '../model/inventory';
import type { PolicyRef } from './types';

/** Does the policy's `spec.podSelector` select every pod of its namespace? */
export function selectsAllPods(p: NetworkPolicyModel): boolean {
  return p.spec !== undefined && (p.spec.podSelector === undefined || p.spec.podSelector.isEmpty);
}

/** Does the policy select this workload's pods and isolate them in direction `d`? */
export function isolates(p: NetworkPolicyModel, w: WorkloadModel, d: Direction): boolean {
  return p.spec !== undefined && effectivePolicyTypes(p).has(d) && selectorMatches(p.spec.podSelector, w.labels);
}

/** A selector we can evaluate: every label has a string value, every expression a valid key and operator. */
export function isEvaluable(sel: SelectorModel): boolean {
  return (
    sel.matchLabels.every((m) => m.value !== undefined) &&
    sel.matchExpressions.every((e) => e.key !== undefined && ['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator ?? ''))
  );
}

/** Windows, where `\` separates a path's folders (elsewhere it is a character of a file name). */
const WINDOWS = typeof process !== 'undefined' && process.platform === 'win32';

/**
 * The file name of a file key, for messages. A URI (the editor's keys, `file:///w/a%5Cb.yaml`):
 * its last path segment, percent-decoded (`a\b.yaml`). A path (the CLI's keys): its last segment
 * as it is, `%` and all (`100%25.yaml` is that file's name); `\` separates folders only on Windows.
 */
export function fileLabel(file: string): string {
  // a scheme of two characters or more: `C:\x` is a Windows path
  if (/^[a-z][a-z0-9+.-]+:/i.test(file)) {
    const last =
      file
        .replace(/[?#].*$/, '')
        .split('/')
        .pop() || file;
    try {
      return decodeURIComponent(last);
    } catch {
      return last;
    }
  }
  return file.split(WINDOWS ? /[\\/]/ : '/').pop() || file;
}

/** "web, api and 3 more" */
export function listNames(names: readonly string[], max = 3): string {
  if (names.length <= max) return names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : (names[0] ?? '');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}

export function directionsText(ds: readonly Direction[]): string {
  return ds.map((d) => d.toLowerCase()).join(' and ');
}

/** The names the namespace's policies already use (new policies must not take one). */
export function policyNames(policies: readonly PolicyRef[]): Set<string> {
  const names = new Set<string>();
  for (const r of policies) if (r.policy.name) names.add(r.policy.name.value);
  return names;
}

/** The fix both default-deny rules offer: a new default-deny document for `directions`, after the anchor's. */
export function defaultDenyFix(edit: DocumentSource, namespace: string, directions: readonly Direction[], taken: ReadonlySet<string>): Fix {
  const name = freeName(defaultDenyName(directions), taken);
  return { title: `Add a "${name}" policy for namespace ${namespace}`, edits: [appendDocument(edit, defaultDenyPolicy(name, namespace, directions))] };
}
