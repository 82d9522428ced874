/**
 * Which parts of a parsed YAML document are policies we analyse: the document itself, or the items
 * of a `kind: List` / `NetworkPolicyList` (and the cluster kinds' typed lists). NetworkPolicies
 * (networking.k8s.io), and the cluster admin's ClusterNetworkPolicy (policy.networking.k8s.io/
 * v1alpha2) and AdminNetworkPolicy / BaselineAdminNetworkPolicy (v1alpha1). Other kinds, and
 * these kinds of other API groups (Calico's NetworkPolicy, Antrea's crd.antrea.io
 * ClusterNetworkPolicy), are someone else's.
 */
import { CLUSTER_POLICY_API_VERSION, type ClusterPolicyKind } from './clusterPolicySchema';
import { asMap, asSeq, asString, getEntry, type LMap, type LNode } from './located';

export const POLICY_API_VERSIONS: ReadonlySet<string> = new Set(['networking.k8s.io/v1', 'extensions/v1beta1']);

export interface PolicyRoot {
  map: LMap;
  apiVersion: string;
  /** '' for a document, `items[3]` for an item of a List. */
  path: string;
}

/** A cluster policy's map, its kind and API version. */
export interface ClusterPolicyRoot extends PolicyRoot {
  kind: ClusterPolicyKind;
}

export type DocumentKind = 'policy' | 'cluster-policy' | 'list' | 'other' | 'unknown';

const isClusterKind = (kind: string | undefined): kind is ClusterPolicyKind => kind !== undefined && Object.hasOwn(CLUSTER_POLICY_API_VERSION, kind);

/** A cluster policy kind served at this API version (none yet, still being typed, counts). */
const clusterApi = (kind: ClusterPolicyKind, apiVersion: string | undefined) => apiVersion === undefined || apiVersion === CLUSTER_POLICY_API_VERSION[kind];

export function policyRoots(root: LNode | undefined): { kind: DocumentKind; roots: PolicyRoot[]; clusterRoots: ClusterPolicyRoot[] } {
  const map = asMap(root);
  if (!map) return { kind: root ? 'other' : 'unknown', roots: [], clusterRoots: [] };
  const kind = asString(getEntry(map, 'kind')?.value);
  const apiVersion = asString(getEntry(map, 'apiVersion')?.value);
  if (kind === undefined) return { kind: 'unknown', roots: [], clusterRoots: [] };
  if (kind === 'NetworkPolicy') {
    // no apiVersion yet (still being typed): ours; another API group (Calico, …): someone else's
    return apiVersion === undefined || POLICY_API_VERSIONS.has(apiVersion)
      ? { kind: 'policy', roots: [{ map, apiVersion: apiVersion ?? 'networking.k8s.io/v1', path: '' }], clusterRoots: [] }
      : { kind: 'other', roots: [], clusterRoots: [] };
  }
  if (isClusterKind(kind)) {
    return clusterApi(kind, apiVersion)
      ? { kind: 'cluster-policy', roots: [], clusterRoots: [{ map, kind, apiVersion: CLUSTER_POLICY_API_VERSION[kind], path: '' }] }
      : { kind: 'other', roots: [], clusterRoots: [] };
  }
  const typedList = kind.endsWith('List') ? kind.slice(0, -4) : undefined;
  const listOf =
    typedList === 'NetworkPolicy' && apiVersion !== undefined && POLICY_API_VERSIONS.has(apiVersion)
      ? 'NetworkPolicy'
      : isClusterKind(typedList) && apiVersion === CLUSTER_POLICY_API_VERSION[typedList]
        ? typedList
        : undefined;
  if (kind === 'List' || listOf) {
    const items = asSeq(getEntry(map, 'items')?.value);
    const roots: PolicyRoot[] = [];
    const clusterRoots: ClusterPolicyRoot[] = [];
    items?.items.forEach((item, i) => {
      const m = asMap(item);
      if (!m) return;
      const itemKind = asString(getEntry(m, 'kind')?.value) ?? listOf;
      const itemApi = asString(getEntry(m, 'apiVersion')?.value) ?? (listOf ? apiVersion : undefined);
      if (itemKind === 'NetworkPolicy' && itemApi !== undefined && POLICY_API_VERSIONS.has(itemApi))
        roots.push({ map: m, apiVersion: itemApi, path: `items[${i}]` });
      else if (isClusterKind(itemKind) && itemApi === CLUSTER_POLICY_API_VERSION[itemKind])
        clusterRoots.push({ map: m, kind: itemKind, apiVersion: itemApi, path: `items[${i}]` });
    });
    return { kind: 'list', roots, clusterRoots };
  }
  return { kind: 'other', roots: [], clusterRoots: [] };
}

/**
 * For documents too broken to read their `kind`: does the text say it is a NetworkPolicy or a
 * cluster policy (and not one of another API group)?
 */
export function looksLikePolicy(text: string): boolean {
  if (/^\s*kind\s*:\s*["']?NetworkPolicy(List)?["']?\s*(#.*)?$/m.test(text)) return true;
  return (
    /^\s*kind\s*:\s*["']?(ClusterNetworkPolicy|AdminNetworkPolicy|BaselineAdminNetworkPolicy)(List)?["']?\s*(#.*)?$/m.test(text) &&
    /^\s*apiVersion\s*:\s*["']?policy\.networking\.k8s\.io\//m.test(text)
  );
}
