/**
 * Shared by the two DNS rules: which policies cover a policy's pods, and do they allow DNS?
 * Each policy's own DNS allowances are computed once per policy model and DNS profile (models are
 * reused while their document's text is unchanged), so a namespace costs one pass over its policies
 * plus, per distinct podSelector, a search among the policies that allow DNS. (Generated namespaces
 * have hundreds of policies with a few dozen selectors, and hundreds that allow DNS: searching once
 * per policy compared selectors ~100,000 times a keystroke at 1,000 documents.)
 */
import type { DnsProfile } from '../config';
import type { SelectorModel } from '../model/networkPolicy';
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

const keys = new WeakMap<SelectorModel, string>();

/**
 * What `selectorCovers` reads of a selector, in order (it is order-sensitive for repeated keys):
 * selectors with the same key are covered by the same policies.
 */
function selectorKey(sel: SelectorModel | undefined): string {
  if (!sel) return '';
  let key = keys.get(sel);
  if (key === undefined) {
    key = JSON.stringify([
      sel.matchLabels.map((m) => [m.key, m.value ?? null]),
      sel.matchExpressions.map((e) => [e.key ?? null, e.operator ?? null, e.values]),
    ]);
    keys.set(sel, key);
  }
  return key;
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
  /** The answer for each podSelector seen (by key), per protocol; null: none. */
  private readonly found: Record<Protocol, Map<string, PlacedAllowance | null>> = { UDP: new Map(), TCP: new Map() };

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
    const selector = ref.policy.spec?.podSelector;
    const key = selectorKey(selector);
    let answer = this.found[protocol].get(key);
    if (answer === undefined) {
      const q = this.allowing[protocol].find((a) => selectorCovers(a.policy.spec?.podSelector, selector));
      answer = q ? { ref: q, allowance: policyDns(q.policy, this.dns)[protocol]! } : null;
      this.found[protocol].set(key, answer);
    }
    return answer ?? undefined;
  }
}
