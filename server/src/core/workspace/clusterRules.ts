/**
 * Runs the workspace-wide cluster policy rules (rules/clusterRule.ts) and keeps their findings, by
 * file, while what they read stays the same: the cluster policies (the workspace's list, the same
 * array until one of them changes), the pods and namespaces (the same value until a workload or a
 * Namespace changes) and the tenant configuration; the rules that read what NetworkPolicies isolate
 * also keep them while the NetworkPolicies are the same models. A keystroke in a NetworkPolicy
 * thus re-runs only those rules, and only when the workspace has cluster policies.
 *
 * A re-run keeps the previous finding object for each finding that came out the same on the same
 * cluster policy model (as the namespace rule cache does): the file's finishing and the editor's
 * conversion are keyed by finding identity.
 */
import { contain, internalErrorFinding } from '../analysis/contain';
import type { Finding } from '../findings';
import { CLUSTER_RULES } from '../rules/index';
import type { ClusterPlacedFinding, ClusterRuleContext, StampedClusterRule } from '../rules/clusterRule';
import type { ClusterPolicyRef } from '../rules/types';
import type { ClusterPods } from '../connectivity/cluster';
import { sameFinding } from './sameFinding';

/** What the findings of one group of rules were computed from. */
interface Inputs {
  refs: readonly ClusterPolicyRef[];
  pods: ClusterPods;
  isTenant: (namespace: string) => boolean;
  /** The NetworkPolicy models (only for the rules that read them). */
  policies?: readonly object[];
}

interface Entry {
  inputs: Inputs;
  byFile: Map<string, ClusterPlacedFinding[]>;
}

/** What the workspace hands the cache: the rules' context is made only when a group must run. */
export interface ClusterRuleInputs extends Omit<Inputs, 'policies'> {
  /** The NetworkPolicy models in workspace order (asked only when the NetworkPolicy-reading rules may re-run). */
  policies(): readonly object[];
  context(): ClusterRuleContext;
}

function sameInputs(a: Inputs, b: Inputs): boolean {
  if (a.refs !== b.refs || a.pods !== b.pods || a.isTenant !== b.isTenant) return false;
  if (!a.policies || !b.policies) return a.policies === b.policies;
  return a.policies.length === b.policies.length && a.policies.every((m, i) => m === b.policies![i]);
}

const GROUPS: readonly (readonly StampedClusterRule[])[] = [
  CLUSTER_RULES.filter((r) => !r.readsNetworkPolicies),
  CLUSTER_RULES.filter((r) => r.readsNetworkPolicies),
];

export class ClusterRuleCache {
  private entries: (Entry | undefined)[] = GROUPS.map(() => undefined);

  /** The cluster rules' findings on this file's cluster policies (computed, or kept while the inputs are the same). */
  findings(file: string, inputs: ClusterRuleInputs): ClusterPlacedFinding[] {
    const out: ClusterPlacedFinding[] = [];
    let ctx: ClusterRuleContext | undefined;
    GROUPS.forEach((rules, g) => {
      if (rules.length === 0) return;
      const now: Inputs = { refs: inputs.refs, pods: inputs.pods, isTenant: inputs.isTenant, ...(g === 1 ? { policies: inputs.policies() } : {}) };
      let entry = this.entries[g];
      if (!entry || !sameInputs(entry.inputs, now)) {
        ctx ??= inputs.context();
        const fresh: Entry = { inputs: now, byFile: run(rules, ctx, inputs.refs) };
        if (entry) keepUnchanged(entry, fresh);
        this.entries[g] = entry = fresh;
      }
      for (const f of entry.byFile.get(file) ?? []) out.push(f);
    });
    return out;
  }

  clear(): void {
    this.entries = GROUPS.map(() => undefined);
  }
}

function run(rules: readonly StampedClusterRule[], ctx: ClusterRuleContext, refs: readonly ClusterPolicyRef[]): Map<string, ClusterPlacedFinding[]> {
  const byFile = new Map<string, ClusterPlacedFinding[]>();
  const add = (f: ClusterPlacedFinding) => {
    const list = byFile.get(f.ref.file);
    if (list) list.push(f);
    else byFile.set(f.ref.file, [f]);
  };
  const first = refs[0];
  for (const rule of rules) {
    const placed = contain(
      rule.meta.code,
      () => rule.check(ctx),
      (error) => (first ? [{ ref: first, finding: internalErrorFinding(`the rule ${rule.meta.code}`, error, first.clusterPolicy.root.span) }] : []),
    );
    for (const f of placed) add(f);
  }
  return byFile;
}

/** In `fresh`, each finding equal to one `old` had on the same cluster policy model becomes that one. */
function keepUnchanged(old: Entry, fresh: Entry): void {
  const before = new Map<object, Finding[]>();
  for (const list of old.byFile.values()) {
    for (const { ref, finding } of list) {
      const known = before.get(ref.clusterPolicy);
      if (known) known.push(finding);
      else before.set(ref.clusterPolicy, [finding]);
    }
  }
  for (const list of fresh.byFile.values()) {
    for (const r of list) {
      const known = before.get(r.ref.clusterPolicy);
      const i = known ? known.findIndex((f) => sameFinding(f, r.finding)) : -1;
      if (i >= 0) r.finding = known!.splice(i, 1)[0];
    }
  }
}
