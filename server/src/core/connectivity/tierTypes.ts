/** The cluster admin's policies as the connectivity engine reads them (tiers.ts decides with them). */
import { BASELINE_PRIORITY, type ClusterAction, type ClusterPolicyModel, type Tier } from '../model/clusterPolicy';
import type { Direction } from '../model/networkPolicy';
import type { ClusterPolicyRef } from '../rules/types';
import type { ConnectionSet } from './connectionSet';

/** A cluster policy the engine decides with: its tier and priority read, in decision order. */
export interface TierPolicy {
  /** `metadata.name` (cluster-scoped: no namespace). */
  name: string;
  tier: Tier;
  /** `spec.priority` (a BaselineAdminNetworkPolicy has none: BASELINE_PRIORITY, after every other Baseline policy). */
  priority: number;
  model: ClusterPolicyModel;
  ref?: ClusterPolicyRef;
}

/** One rule's part of a direction's answer: what it matched of what was still undecided. */
export interface TierDecision {
  tier: Tier;
  /** The policy's name. */
  policy: string;
  direction: Direction;
  /** Index of the rule in the policy's `ingress` or `egress` list. */
  rule: number;
  /** The rule's `name`, when it has one. */
  ruleName?: string;
  action: ClusterAction;
  /** The connections this rule decided. */
  decides: ConnectionSet;
}

/**
 * The policies of a tier that the engine can decide with, Admin then Baseline, each by ascending
 * priority, workspace order within one priority (same tier and priority overlapping is
 * implementation-defined upstream; the product picks workspace order). A policy without a tier is
 * left out (the CRD check reports it).
 */
export function tierPolicies(refs: readonly ClusterPolicyRef[]): TierPolicy[] {
  const out: TierPolicy[] = [];
  for (const ref of refs) {
    const m = ref.clusterPolicy;
    if (!m.tier) continue;
    out.push({
      name: m.name?.value ?? '(unnamed)',
      tier: m.tier.value,
      priority: m.priority?.value ?? (m.kind === 'BaselineAdminNetworkPolicy' ? BASELINE_PRIORITY : 0),
      model: m,
      ref,
    });
  }
  const rank = (p: TierPolicy) => (p.tier === 'Admin' ? 0 : 1);
  // Array.prototype.sort is stable: workspace order within one tier and priority
  return out.sort((a, b) => rank(a) - rank(b) || a.priority - b.priority);
}
