import { emitBlock } from '../edit/emit';
import { lazyFix } from '../edit/fixes';
import { migrateClusterPolicy, plainOf } from '../edit/migrateClusterPolicy';
import type { Fix } from '../findings';
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import { getEntry } from '../model/located';
import type { ClusterPolicyContext, PolicyRule } from './types';

/**
 * The rewrite into the equivalent ClusterNetworkPolicy, for an object that is its document's root
 * in block style (an item of a List is left alone), replacing the object's text (the comments
 * inside it are lost: the fix's title says it rewrites the object).
 */
function migrationFixes(p: ClusterPolicyModel, ctx: ClusterPolicyContext): Fix[] {
  if (p.pathPrefix !== '' || p.root.flow) return [];
  const migrated = migrateClusterPolicy(plainOf(p.root));
  if (!migrated) return [];
  const { style } = ctx.source;
  const { start } = p.root.span;
  // the map's span may take in the line breaks after it: they stay
  const end = start + ctx.source.text.slice(start, p.root.span.end).trimEnd().length;
  return [
    lazyFix(
      'Rewrite as the equivalent ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2)',
      () => [{ start, end, newText: emitBlock(migrated, style).join(style.eol) }],
      true,
    ),
  ];
}

/** AdminNetworkPolicy and BaselineAdminNetworkPolicy (v1alpha1): replaced by ClusterNetworkPolicy (v1alpha2). */
export const deprecatedApiVersion: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'deprecated-api-version',
    fixAll: true,
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'An AdminNetworkPolicy or BaselineAdminNetworkPolicy (policy.networking.k8s.io/v1alpha1): ClusterNetworkPolicy (v1alpha2) replaced both, and implementations are dropping them.',
  },
  check: () => [],
  checkClusterPolicy(p, ctx) {
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
        fixes: migrationFixes(p, ctx),
      },
    ];
  },
};
