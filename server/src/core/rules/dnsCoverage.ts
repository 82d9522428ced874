/** Shared by the two DNS rules: which policies cover a policy's pods, and do they allow DNS? */
import type { DnsProfile } from '../config';
import { ruleAllowsDns, type DnsAllowance, type Protocol } from '../analysis/dns';
import { selectorCovers } from '../analysis/selectors';
import { effectivePolicyTypes, rulesOf } from '../model/networkPolicy';
import type { PolicyRef } from './types';

export function isolatesEgress(ref: PolicyRef): boolean {
  return ref.policy.spec !== undefined && effectivePolicyTypes(ref.policy).has('Egress');
}

/** Policies (of the same namespace) whose egress rules apply to every pod that `ref` selects. */
export function coveringPolicies(ref: PolicyRef, refs: readonly PolicyRef[]): PolicyRef[] {
  return refs.filter((q) => isolatesEgress(q) && selectorCovers(q.policy.spec?.podSelector, ref.policy.spec?.podSelector));
}

export interface PlacedAllowance {
  ref: PolicyRef;
  allowance: DnsAllowance;
}

/** The first allowance of DNS over `protocol` for the pods of `ref`, if any policy grants one. */
export function coveringAllowance(ref: PolicyRef, refs: readonly PolicyRef[], protocol: Protocol, dns: DnsProfile): PlacedAllowance | undefined {
  for (const q of coveringPolicies(ref, refs)) {
    for (const rule of rulesOf(q.policy, 'Egress')) {
      const allowance = ruleAllowsDns(rule, q.policy.namespace?.value, protocol, dns);
      if (allowance) return { ref: q, allowance };
    }
  }
  return undefined;
}
