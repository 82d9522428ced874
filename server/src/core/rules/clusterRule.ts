/**
 * The workspace-wide rules of the cluster admin's policies: checks that read every cluster policy
 * of the workspace together with its pods, namespaces and the connectivity engine's facts, and
 * report on the cluster policies. The workspace runs them once per change of what they read (see
 * workspace/clusterRules.ts), never per keystroke in an unrelated NetworkPolicy.
 */
import type { Finding, Report } from '../findings';
import type { Direction } from '../model/networkPolicy';
import type { ClusterPods, Pod } from '../connectivity/cluster';
import type { TierPolicy } from '../connectivity/tierTypes';
import type { ClusterPolicyRef, RuleMeta } from './types';

/** What a cluster rule may read. */
export interface ClusterRuleContext {
  /** The cluster policies the engine decides with (those with a tier), in decision order. */
  tiers: readonly TierPolicy[];
  /** The workspace's pods and namespaces (one pod per Pod or workload). */
  pods: ClusterPods;
  /** The configuration treats this namespace as a tenant's (never kube-system & co.). */
  isTenant(namespace: string): boolean;
  /**
   * The NetworkPolicies isolating the pod in this direction (the connectivity engine's fact);
   * only the rules that declare `readsNetworkPolicies` may ask.
   */
  isolatedBy(pod: Pod, direction: Direction): readonly string[];
}

/** A cluster rule's report, with the cluster policy it is reported on. */
export interface ClusterPlacedReport {
  ref: ClusterPolicyRef;
  report: Report;
}

/** A cluster rule's finding on the cluster policy it is about (the stamped form of a ClusterPlacedReport). */
export interface ClusterPlacedFinding {
  ref: ClusterPolicyRef;
  finding: Finding;
}

export interface ClusterRule {
  scope: 'cluster';
  meta: RuleMeta;
  /**
   * The rule reads what NetworkPolicies isolate (`isolatedBy`): its findings can change when a
   * NetworkPolicy changes, not only when a cluster policy, a workload or a Namespace does.
   */
  readsNetworkPolicies?: boolean;
  check(ctx: ClusterRuleContext): ClusterPlacedReport[];
}

/** A cluster rule as the registry hands it out: its check returns findings stamped from its meta. */
export interface StampedClusterRule {
  meta: RuleMeta;
  readsNetworkPolicies: boolean;
  check(ctx: ClusterRuleContext): ClusterPlacedFinding[];
}
