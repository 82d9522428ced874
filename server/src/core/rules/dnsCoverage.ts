/**
 * Shared by the two DNS rules: which policies cover a policy's pods, and do they allow DNS?
 * Each policy's own DNS allowances are computed once per policy model and DNS profile (models are
 * reused while their document's text is unchanged), so a namespace costs one pass over its policies
 * plus a selector comparison against the few policies that allow DNS at all.
 */
import type { DnsProfile } from '../config';
import { ruleAllowsDns, type DnsAllowance, type Protocol } from '../analysis/dns';
import { selectorCovers } from '../analysis/selectors';
import { effectivePolicyTypes, rulesOf, type NetworkPolicyModel } from '../model/networkPolicy';
import type { PolicyRef } from './types';

interface PolicyDns {
  isolatesEgress: boolean;
  UDP?: DnsAllowance;
  TCP?: DnsAllowance;
}

const memo = new WeakMap<DnsProfile, WeakMap<NetworkPolicyModel, PolicyDns>>();

function policyDns(p: NetworkPolicyModel, dns: DnsProfile): PolicyDns {
  let byPolicy = memo.get(dns);
  if (!byPolicy) memo.set(dns, (byPolicy = new WeakMap()));
  let out = byPolicy.get(p);
  if (!out) {
    out = { isolatesEgress: p.spec !== undefined && effectivePolicyTypes(p).has('Egress') };
    if (out.isolatesEgress) {
      for (const proto of ['UDP', 'TCP'] as const) {
        for (const rule of rulesOf(p, 'Egress')) {
          const a = ruleAllowsDns(rule, p.namespace?.value, proto, dns);
          if (a) {
            out[proto] = a;
            break;
          }
        }
      }
    }
    byPolicy.set(p, out);
  }
  return out;
}

export function isolatesEgress(ref: PolicyRef, dns: DnsProfile): boolean {
  return policyDns(ref.policy, dns).isolatesEgress;
}

export interface PlacedAllowance {
  ref: PolicyRef;
  allowance: DnsAllowance;
}

/** For one namespace: answers "which allowance of DNS over a protocol covers this policy's pods?". */
export class DnsCoverage {
  private readonly allowing: Record<Protocol, PolicyRef[]> = { UDP: [], TCP: [] };

  constructor(
    refs: readonly PolicyRef[],
    private readonly dns: DnsProfile,
  ) {
    for (const r of refs) {
      const d = policyDns(r.policy, dns);
      if (d.UDP) this.allowing.UDP.push(r);
      if (d.TCP) this.allowing.TCP.push(r);
    }
  }

  /** The first allowance (in file order) of DNS over `protocol` for every pod that `ref` selects. */
  allowanceFor(ref: PolicyRef, protocol: Protocol): PlacedAllowance | undefined {
    for (const q of this.allowing[protocol]) {
      if (selectorCovers(q.policy.spec?.podSelector, ref.policy.spec?.podSelector)) {
        return { ref: q, allowance: policyDns(q.policy, this.dns)[protocol]! };
      }
    }
    return undefined;
  }
}
