/**
 * The hover on a cluster policy's key: what the field means, in the words of the network-policy-api
 * Go types (clusterFieldDocs.ts, generated from the CRDs), for the kind of the policy; the label
 * selector parts as for a NetworkPolicy's selectors.
 */
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import { CLUSTER_POLICY_API_VERSION } from '../model/clusterPolicySchema';
import type { Span } from '../text/span';
import { CLUSTER_FIELD_DOCS } from './clusterFieldDocs';
import { fieldDoc, fieldDocMarkdown } from './fieldDocs';
import { keyPathAt } from './locate';

export const CLUSTER_POLICY_REFERENCE = 'https://network-policy-api.sigs.k8s.io/reference/spec/';

function own(p: ClusterPolicyModel, path: readonly string[]): string | undefined {
  const joined = path.join('.');
  if (joined === 'apiVersion')
    return `\`${CLUSTER_POLICY_API_VERSION[p.kind]}\`: the network-policy-api group and the version of this kind (ClusterNetworkPolicy is v1alpha2; AdminNetworkPolicy and BaselineAdminNetworkPolicy, which it replaced, v1alpha1).`;
  if (joined === 'kind')
    return `\`${p.kind}\`: a cluster-scoped policy (in no namespace) that the cluster admin sets ${p.tier?.value === 'Baseline' ? 'below' : 'above'} the tenants' NetworkPolicies.`;
  if (joined === 'metadata.name')
    return p.kind === 'BaselineAdminNetworkPolicy'
      ? 'The name: a BaselineAdminNetworkPolicy must be named `default` (there is one per cluster).'
      : 'The name, unique in the cluster: applying another one of this name replaces it.';
  return CLUSTER_FIELD_DOCS[p.kind]?.[joined];
}

/** The field documentation at `rel` (relative to the policy's document), if the offset is on a key. */
export function clusterFieldHover(p: ClusterPolicyModel, rel: number): { markdown: string; span: Span } | undefined {
  const key = keyPathAt(p.root, rel);
  if (!key?.onKey) return undefined;
  const text = own(p, key.path);
  if (text) return { markdown: `**${key.path.join('.')}** (${p.kind})\n\n${text}\n\n[API reference](${CLUSTER_POLICY_REFERENCE})`, span: key.entry.keySpan };
  // a label selector's parts: the same as in a NetworkPolicy
  if (key.path.some((k) => k === 'matchLabels' || k === 'matchExpressions')) {
    const doc = fieldDoc(key.path);
    if (doc) return { markdown: fieldDocMarkdown(doc), span: key.entry.keySpan };
  }
  return undefined;
}
