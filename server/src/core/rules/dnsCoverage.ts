/**
 * Shared by the two DNS rules: which policies cover a policy's pods, and do they allow DNS? Each
 * policy's own DNS facts come from the context's DnsCache; the policies that allow DNS are searched
 * once per distinct podSelector, not once per policy (generated namespaces have hundreds of policies
 * with a few dozen selectors).
 */
import type { DnsProfile } from '../config';
import type { DnsAllowance, Protocol } from '../analysis/dns';
import { selectorCovers } from '../analysis/selectors';
import type { DnsCache } from './dnsCache';
import type { PolicyRef } from './types';

export interface PlacedAllowance {
  ref: PolicyRef;
  allowance: DnsAllowance;
}

/** For one namespace: answers "which allowance of DNS over a protocol covers this policy's pods?". */
export class DnsCoverage {
  private readonly allowing: Record<Protocol, PolicyRef[]> = { UDP: [], TCP: [] };
  /** The answer for each podSelector seen (by key), per protocol; null: none. */
  private readonly found: Record<Protocol, Map<string, PlacedAllowance | null>> = { UDP: new Map(), TCP: new Map() };

  constructor(
    refs: readonly PolicyRef[],
    private readonly dns: DnsProfile,
    private readonly cache: DnsCache,
  ) {
    for (const r of refs) {
      const d = cache.policy(r.policy, dns);
      if (d.UDP) this.allowing.UDP.push(r);
      if (d.TCP) this.allowing.TCP.push(r);
    }
  }

  /** Does the policy isolate its pods for egress? */
  isolatesEgress(ref: PolicyRef): boolean {
    return this.cache.policy(ref.policy, this.dns).isolatesEgress;
  }

  /** The first allowance (in file order) of DNS over `protocol` for every pod that `ref` selects. */
  allowanceFor(ref: PolicyRef, protocol: Protocol): PlacedAllowance | undefined {
    const selector = ref.policy.spec?.podSelector;
    const key = this.cache.selectorKey(selector);
    let answer = this.found[protocol].get(key);
    if (answer === undefined) {
      const q = this.allowing[protocol].find((a) => selectorCovers(a.policy.spec?.podSelector, selector));
      answer = q ? { ref: q, allowance: this.cache.policy(q.policy, this.dns)[protocol]! } : null;
      this.found[protocol].set(key, answer);
    }
    return answer ?? undefined;
  }
}
