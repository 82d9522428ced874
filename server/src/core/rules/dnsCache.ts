/**
 * What the DNS rules compute per model, kept while the model lives: each policy's own DNS facts and
 * each pod selector's key. Models are reused while their document's text is unchanged, so a re-check
 * of a namespace recomputes these only for the documents that changed. Owned by the namespace rule
 * cache (workspace/namespaceRules.ts), which hands it to the rules in their context.
 */
import type { DnsProfile } from '../config';
import { ruleAllowsDns, type DnsAllowance } from '../analysis/dns';
import { effectivePolicyTypes, rulesOf, type NetworkPolicyModel, type SelectorModel } from '../model/networkPolicy';

/** A policy's own DNS facts: does it isolate egress, and which of its rules first allows DNS per protocol. */
export interface PolicyDns {
  isolatesEgress: boolean;
  UDP?: DnsAllowance;
  TCP?: DnsAllowance;
}

export class DnsCache {
  private readonly byProfile = new WeakMap<DnsProfile, WeakMap<NetworkPolicyModel, PolicyDns>>();
  private readonly keys = new WeakMap<SelectorModel, string>();
  private readonly memo = new WeakMap<object, Map<string, unknown>>();

  /**
   * A value made once per owner and key, kept while the owner lives: the DNS rules keep what the
   * cluster policies decide of DNS per (namespace, protocol, podSelector) on the workspace's cluster
   * info, which stays the same object until a cluster policy or a Namespace changes.
   */
  memoized<T>(owner: object, key: string, make: () => T): T {
    let byKey = this.memo.get(owner);
    if (!byKey) this.memo.set(owner, (byKey = new Map()));
    if (byKey.has(key)) return byKey.get(key) as T;
    const value = make();
    byKey.set(key, value);
    return value;
  }

  policy(p: NetworkPolicyModel, dns: DnsProfile): PolicyDns {
    let byPolicy = this.byProfile.get(dns);
    if (!byPolicy) this.byProfile.set(dns, (byPolicy = new WeakMap()));
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

  /**
   * What `selectorCovers` reads of a selector, in order (it is order-sensitive for repeated keys):
   * selectors with the same key are covered by the same policies.
   */
  selectorKey(sel: SelectorModel | undefined): string {
    if (!sel) return '';
    let key = this.keys.get(sel);
    if (key === undefined) {
      key = JSON.stringify([
        sel.matchLabels.map((m) => [m.key, m.value ?? null]),
        sel.matchExpressions.map((e) => [e.key ?? null, e.operator ?? null, e.values]),
      ]);
      this.keys.set(sel, key);
    }
    return key;
  }
}
