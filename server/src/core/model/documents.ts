/**
 * Which parts of a parsed YAML document are NetworkPolicies we analyse: the document itself, or
 * the items of a `kind: List` / `NetworkPolicyList`. Other kinds (and NetworkPolicy kinds of other
 * API groups, such as Calico's) are someone else's.
 */
import { asMap, asSeq, asString, getEntry, type LMap, type LNode } from './located';

export const POLICY_API_VERSIONS: ReadonlySet<string> = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);

export interface PolicyRoot {
  map: LMap;
  apiVersion: string;
  /** '' for a document, `items[3]` for an item of a List. */
  path: string;
}

export type DocumentKind = 'policy' | 'list' | 'other' | 'unknown';

export function policyRoots(root: LNode | undefined): { kind: DocumentKind; roots: PolicyRoot[] } {
  const map = asMap(root);
  if (!map) return { kind: root ? 'other' : 'unknown', roots: [] };
  const kind = asString(getEntry(map, 'kind')?.value);
  const apiVersion = asString(getEntry(map, 'apiVersion')?.value);
  if (kind === undefined) return { kind: 'unknown', roots: [] };
  if (kind === 'NetworkPolicy') {
    // no apiVersion yet (still being typed): ours; another API group (Calico, …): someone else's
    return apiVersion === undefined || POLICY_API_VERSIONS.has(apiVersion)
      ? { kind: 'policy', roots: [{ map, apiVersion: apiVersion ?? 'networking.k8s.io/v1', path: '' }] }
      : { kind: 'other', roots: [] };
  }
  if (kind === 'List' || (kind === 'NetworkPolicyList' && apiVersion !== undefined && POLICY_API_VERSIONS.has(apiVersion))) {
    const items = asSeq(getEntry(map, 'items')?.value);
    const roots: PolicyRoot[] = [];
    items?.items.forEach((item, i) => {
      const m = asMap(item);
      if (!m) return;
      const itemKind = asString(getEntry(m, 'kind')?.value) ?? (kind === 'NetworkPolicyList' ? 'NetworkPolicy' : undefined);
      const itemApi = asString(getEntry(m, 'apiVersion')?.value) ?? (kind === 'NetworkPolicyList' ? apiVersion : undefined);
      if (itemKind === 'NetworkPolicy' && itemApi !== undefined && POLICY_API_VERSIONS.has(itemApi))
        roots.push({ map: m, apiVersion: itemApi, path: `items[${i}]` });
    });
    return { kind: 'list', roots };
  }
  return { kind: 'other', roots: [] };
}

/** For documents too broken to read their `kind`: does the text say it is a NetworkPolicy? */
export function looksLikePolicy(text: string): boolean {
  return /^\s*kind\s*:\s*["']?NetworkPolicy(List)?["']?\s*(#.*)?$/m.test(text);
}
