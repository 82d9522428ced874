/**
 * Shared by the two DNS rules: what the cluster admin's tiers decide of DNS for a NetworkPolicy's
 * pods, asked of the tier pipeline (connectivity/tiers.ts `walkTier`) with the DNS profile's
 * destinations: the DNS pods (namespace, labels, their `dns` / `dns-tcp` container ports) and each
 * NodeLocal DNSCache address. For pods a NetworkPolicy isolates for egress only the Admin tier can
 * change the answer (NetworkPolicy decides before Baseline); a Baseline Accept of DNS is named so
 * the message can say why it does not help.
 *
 * A cluster policy applies to "the policy's pods" when its subject surely selects every pod the
 * podSelector selects (namespaces by the workspace's Namespace labels; pods by selector coverage).
 * One that may select only some of them and has a rule matching DNS makes the Admin answer
 * uncertain: the rules then decide with NetworkPolicy alone, as without cluster policies.
 */
import { cidrContains, isMatchAll, parseIp } from '../analysis/cidr';
import { subjectNamespaces } from '../analysis/clusterSubjects';
import type { Protocol } from '../analysis/dns';
import { fixedValue, selectorCovers, selectorMatches } from '../analysis/selectors';
import type { DnsProfile } from '../config';
import type { Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import { cnpProtocolsSet, decisionText, type PeerTest, podPeers, rangePeers, walkTier } from '../connectivity/tiers';
import { type TierDecision, type TierPolicy, tierPolicies } from '../connectivity/tierTypes';
import type { SelectorModel } from '../model/networkPolicy';
import type { Span } from '../text/span';
import type { DnsCache } from './dnsCache';
import type { ClusterInfo, PolicyRef } from './types';

/** What the Admin tier decides of DNS over one protocol for a policy's pods. */
export type AdminDns =
  | { outcome: 'Accept'; decision: TierDecision }
  | { outcome: 'Deny'; decision: TierDecision }
  /** Passed or not matched: NetworkPolicy decides. `baseline`: a Baseline rule accepting DNS (that NetworkPolicy isolation overrides). */
  | { outcome: 'undecided'; baseline?: TierDecision };

const UNDECIDED: AdminDns = { outcome: 'undecided' };

/** A DNS destination: the peer test of its end and the destination pod (for named ports; none for an address). */
interface Destination {
  peers: PeerTest;
  pod: Pod | undefined;
}

/** The destinations DNS traffic goes to under a profile. */
export function dnsDestinations(dns: DnsProfile, nsLabels: ClusterInfo['namespaceLabels']): Destination[] {
  const pod: Pod = {
    id: `${dns.namespace}/(dns)`,
    namespace: dns.namespace,
    name: '(dns)',
    kind: 'Pod',
    labels: dns.podLabels,
    ports: dns.ports.flatMap((port) => [
      { name: 'dns', port, protocol: 'UDP' as const },
      { name: 'dns-tcp', port, protocol: 'TCP' as const },
    ]),
  };
  const byPod = podPeers(pod, nsLabels);
  // the DNS pods' addresses are not known, but a CIDR of every address holds them
  const out: Destination[] = [
    {
      pod,
      peers: (rule, action) => byPod(rule, action) || rule.peers.some((p) => p.networks?.some((c) => c.parsed !== undefined && isMatchAll(c.parsed))),
    },
  ];
  for (const ip of dns.nodeLocalIPs) {
    const address = parseIp(ip);
    if (address) out.push({ pod: undefined, peers: rangePeers((cidr) => cidrContains(cidr, address)) });
  }
  return out;
}

/** Does the subject select every pod of `podSelector` in `namespace` ('all'), surely none, or perhaps some? */
function subjectReach(
  p: TierPolicy,
  namespace: string | undefined,
  podSelector: SelectorModel | undefined,
  nsLabels: ClusterInfo['namespaceLabels'],
): 'all' | 'some' | 'none' {
  const s = p.model.subject;
  if (!s || (!s.namespaces && !s.pods)) return 'none';
  const nsSel = subjectNamespaces(s);
  const inNamespace = !nsSel || nsSel.isEmpty ? true : namespace === undefined ? undefined : selectorMatches(nsSel, nsLabels(namespace));
  if (inNamespace === false) return 'none';
  const all = s.namespaces !== undefined || selectorCovers(s.pods!.podSelector, podSelector);
  if (all) return inNamespace ? 'all' : 'some';
  const sel = s.pods!.podSelector;
  const disjoint =
    sel !== undefined &&
    podSelector !== undefined &&
    sel.matchLabels.some((m) => m.value !== undefined && (fixedValue(podSelector, m.key) ?? m.value) !== m.value);
  return disjoint ? 'none' : 'some';
}

/** The DNS connections of a protocol under the profile. */
function dnsSet(dns: DnsProfile, protocol: Protocol): ConnectionSet {
  let out = ConnectionSet.NONE;
  for (const p of dns.ports) out = out.union(ConnectionSet.range(protocol, p));
  return out;
}

/** Does any egress rule of these policies match DNS over the protocol (at any destination)? */
function touchesDns(policies: readonly TierPolicy[], destinations: readonly Destination[], set: ConnectionSet): boolean {
  return policies.some((p) =>
    p.model.egress.some((rule) => {
      const action = rule.action?.value;
      return action !== undefined && destinations.some((d) => d.peers(rule, action) && !cnpProtocolsSet(rule, d.pod).intersect(set).isEmpty());
    }),
  );
}

/** One tier's answer of DNS for these policies: the first Accept, else a Deny at every destination, else undecided. */
function tierAnswer(policies: readonly TierPolicy[], destinations: readonly Destination[], set: ConnectionSet): AdminDns {
  let deny: TierDecision | undefined;
  for (const d of destinations) {
    const decisions: TierDecision[] = [];
    const walk = walkTier(policies, 'Egress', d.peers, d.pod, set, decisions);
    if (!walk.accepted.isEmpty()) return { outcome: 'Accept', decision: decisions.find((x) => x.action === 'Accept')! };
    const denied = decisions.find((x) => x.action === 'Deny');
    // denied at this destination only if nothing of DNS went on undecided
    if (!denied || !walk.undecided.isEmpty()) return UNDECIDED;
    deny ??= denied;
  }
  return deny ? { outcome: 'Deny', decision: deny } : UNDECIDED;
}

/**
 * For one namespace: the Admin (and Baseline) answer of DNS for each policy's pods. Kept per
 * distinct podSelector in the context's DnsCache on the cluster info (the same object until a
 * cluster policy or a Namespace changes), so both rules and every re-check share one answer.
 */
export class DnsTiers {
  /** The DNS profile as a cache key, made once (admin() is asked per policy on the namespace rules' path). */
  private readonly dnsKey: string;

  constructor(
    private readonly cluster: ClusterInfo | undefined,
    private readonly namespace: string | undefined,
    private readonly dns: DnsProfile,
    private readonly cache: DnsCache,
  ) {
    this.dnsKey = JSON.stringify(dns);
  }

  /** The cluster policies in decision order and the DNS destinations, made once per cluster info and profile. */
  private tiers(cluster: ClusterInfo): { tiers: readonly TierPolicy[]; destinations: readonly Destination[] } {
    return this.cache.memoized(cluster, `\0tiers\0${this.dnsKey}`, () => ({
      tiers: tierPolicies(cluster.policies),
      destinations: dnsDestinations(this.dns, cluster.namespaceLabels),
    }));
  }

  /** What the tiers decide of DNS over the protocol for the pods `ref` selects (undecided without cluster policies). */
  admin(ref: PolicyRef, protocol: Protocol): AdminDns {
    const cluster = this.cluster;
    if (!cluster || cluster.policies.length === 0) return UNDECIDED;
    const selector = ref.policy.spec?.podSelector;
    const key = `${this.dnsKey}\0${JSON.stringify([this.namespace ?? null, protocol, this.cache.selectorKey(selector)])}`;
    return this.cache.memoized(cluster, key, () => {
      const { tiers, destinations } = this.tiers(cluster);
      const all: Record<'Admin' | 'Baseline', TierPolicy[]> = { Admin: [], Baseline: [] };
      const some: TierPolicy[] = [];
      for (const p of tiers) {
        const reach = subjectReach(p, this.namespace, selector, cluster.namespaceLabels);
        if (reach === 'all') all[p.tier].push(p);
        else if (reach === 'some' && p.tier === 'Admin') some.push(p);
      }
      const set = dnsSet(this.dns, protocol);
      const answer = some.length > 0 && touchesDns(some, destinations, set) ? UNDECIDED : tierAnswer(all.Admin, destinations, set);
      if (answer.outcome !== 'undecided') return answer;
      const b = tierAnswer(all.Baseline, destinations, set);
      return b.outcome === 'Accept' ? { outcome: 'undecided' as const, baseline: b.decision } : answer;
    });
  }
}

/** Where a DNS finding on a policy sits: the `Egress` policy type, or the `egress` key when policyTypes is implied. */
export function egressSpan(ref: PolicyRef): { span: Span; path: string } {
  const p = ref.policy;
  const pt = p.spec?.policyTypes;
  const i = pt?.items.findIndex((t) => t.value === 'Egress') ?? -1;
  if (pt && i >= 0) return { span: pt.items[i].node.span, path: `${p.pathPrefix}spec.policyTypes[${i}]` };
  if (p.spec?.egress) return { span: p.spec.egress.entry.keySpan, path: `${p.pathPrefix}spec.egress` };
  return { span: p.spec?.entry.keySpan ?? p.root.span, path: `${p.pathPrefix}spec` };
}

/** The message part for DNS an Admin rule denies: it names the rule, and says no NetworkPolicy can allow it. */
export function adminBlocks(decision: TierDecision, what: string): string {
  return `${decisionText(decision)} blocks ${what} for the pods this policy selects, before any NetworkPolicy is read; no NetworkPolicy can allow it (the cluster policy must change)`;
}

/** For a Baseline Accept of DNS that NetworkPolicy isolation overrides: why it does not help (else ''). */
export function baselineNote(admin: AdminDns): string {
  if (admin.outcome !== 'undecided' || !admin.baseline) return '';
  return ` (${decisionText(admin.baseline)} does not help: a NetworkPolicy that isolates the pods for egress decides before the Baseline tier)`;
}
