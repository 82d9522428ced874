import { getEntry } from '../model/located';
import type { PolicyRule } from './types';

/** AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1): replaced by ClusterNetworkPolicy (v1alpha2). */
export const deprecatedApiVersion: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'deprecated-api-version',
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'An AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): ClusterNetworkPolicy (v1alpha2) replaced both, and implementations are dropping them.',
  },
  check: () => [],
  checkClusterPolicy(p) {
    if (p.kind === 'ClusterNetworkPolicy') return [];
    // an item of a typed list (AdminNetworkPolicyList) may leave its kind to the list: its first key then
    const at = getEntry(p.root, 'kind')?.value.span ?? p.root.entries[0]?.keySpan ?? p.root.span;
    const tier = p.kind === 'AdminNetworkPolicy' ? 'Admin' : 'Baseline';
    const allow = p.kind === 'AdminNetworkPolicy' ? 'Allow, Deny and Pass become Accept, Deny and Pass' : 'Allow and Deny become Accept and Deny';
    return [
      {
        message: `Deprecated API version: network-policy-api v0.2.0 replaced ${p.kind} (policy.networking.k8s.io/v1alpha1) with ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2) with tier: ${tier} (${allow}; ports become protocols), and implementations are removing it: Calico 3.32 no longer serves it.`,
        // the version is what is deprecated (a typed list's item may have neither key: the list's are in force)
        path: `${p.pathPrefix}apiVersion`,
        span: at,
      },
    ];
  },
};
