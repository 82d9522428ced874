/**
 * The cluster admin's tiers around NetworkPolicy, per direction (egress at the source, ingress at
 * the destination), as network-policy-api defines them: the Admin ClusterNetworkPolicies selecting
 * the pod, by ascending priority, rules in written order, the first rule whose peer and protocols
 * match decides (`Accept` allows, final for the direction; `Deny` denies; `Pass` skips the rest of
 * the Admin tier); then NetworkPolicy (if one isolates the pod in that direction it decides,
 * finally); then the Baseline tier like the Admin one; then allow. No implicit isolation: a
 * ClusterNetworkPolicy only decides what its rules match.
 *
 * Done with connection-set algebra: the first match over the rules partitions the connection space
 * (each rule decides what it matches of what is still undecided), so every port is answered at
 * once. Pure: no YAML, no I/O.
 */
import { type Cidr, cidrContains } from '../analysis/cidr';
import { NAMESPACE_NAME_LABEL } from '../config';
import type { PortProtocol } from '../model/inventory';
import { type AddressRange, cidrRange, type IpBlockInput } from './addressRanges';
import { selectorMatches } from '../analysis/selectors';
import type { ClusterAction, ClusterPeerModel, ClusterRuleModel } from '../model/clusterPolicy';
import type { TierDecision, TierPolicy } from './tierTypes';

export { type TierDecision, type TierPolicy, tierPolicies } from './tierTypes';
import type { CidrValue, Direction } from '../model/networkPolicy';
import type { Pod } from './cluster';
import type { DirectionConnections, DirectionVerdict } from './verdicts';
import { ConnectionSet } from './connectionSet';
import type { NamespaceLabels } from './semantics';

/** Does the policy's subject select this pod (`namespaces` by the namespace's labels, or `pods`)? No subject: none. */
export function cnpSelects(p: TierPolicy, pod: Pod, nsLabels: NamespaceLabels): boolean {
  const s = p.model.subject;
  if (!s) return false;
  if (s.namespaces) return selectorMatches(s.namespaces, nsLabels(pod.namespace));
  if (s.pods) return selectorMatches(s.pods.namespaceSelector, nsLabels(pod.namespace)) && selectorMatches(s.pods.podSelector, pod.labels);
  return false;
}

/** Does the peer hold none of the fields the product knows (fail closed: nothing for Accept, everything for Deny / Pass)? */
function unknownPeer(peer: ClusterPeerModel): boolean {
  return !peer.namespaces && !peer.pods && !peer.networks && !peer.nodes && !peer.domainNames;
}

/** Does one peer match the other pod (`networks` by its IP: CIDRs match pod IPs too)? `nodes` and `domainNames` never match a pod. */
export function cnpPeerMatches(peer: ClusterPeerModel, pod: Pod, nsLabels: NamespaceLabels, action: ClusterAction): boolean {
  if (unknownPeer(peer)) return action !== 'Accept';
  if (peer.namespaces) return selectorMatches(peer.namespaces, nsLabels(pod.namespace));
  if (peer.pods) return selectorMatches(peer.pods.namespaceSelector, nsLabels(pod.namespace)) && selectorMatches(peer.pods.podSelector, pod.labels);
  if (peer.networks) return pod.address !== undefined && peer.networks.some((c) => c.parsed !== undefined && cidrContains(c.parsed, pod.address!));
  return false;
}

/** Does a rule's peer list (for this action) match the other end of the connection? */
export type PeerTest = (rule: ClusterRuleModel, action: ClusterAction) => boolean;

/** The peer test for a pod at the other end. A rule without peers matches as a peer with no known field. */
export function podPeers(pod: Pod, nsLabels: NamespaceLabels): PeerTest {
  return (rule, action) => (rule.peers.length === 0 ? action !== 'Accept' : rule.peers.some((peer) => cnpPeerMatches(peer, pod, nsLabels, action)));
}

/**
 * The peer test for an address range outside the cluster (`inside(cidr)`: does the CIDR hold the
 * whole range): only `networks` match it (selectors of namespaces, pods and nodes never do; a
 * domain name is no address), and a peer with no known field as for a pod.
 */
export function rangePeers(inside: (cidr: NonNullable<CidrValue['parsed']>) => boolean): PeerTest {
  return (rule, action) =>
    rule.peers.length === 0
      ? action !== 'Accept'
      : rule.peers.some((peer) =>
          unknownPeer(peer) ? action !== 'Accept' : (peer.networks?.some((c) => c.parsed !== undefined && inside(c.parsed)) ?? false),
        );
}

/**
 * The connections a rule's `protocols` match to the destination: absent = all; a protocol with a
 * port or an inclusive range; a protocol alone = all its ports; a named port = the numbers the
 * destination pod declares under that name, each with its own protocol (none for an address
 * outside the cluster, which declares no container ports).
 */
export function cnpProtocolsSet(rule: ClusterRuleModel, destination: Pod | undefined): ConnectionSet {
  if (!rule.protocols) return ConnectionSet.ALL;
  let out = ConnectionSet.NONE;
  for (const e of rule.protocols) {
    if (e.namedPort) {
      for (const c of destination?.ports ?? []) if (c.name === e.namedPort.value) out = out.union(ConnectionSet.range(c.protocol, c.port));
    } else if (e.protocol) {
      if (!e.port) out = out.union(ConnectionSet.protocol(e.protocol));
      else if ('number' in e.port) out = out.union(ConnectionSet.range(e.protocol, e.port.number));
      else if (e.port.start <= e.port.end) out = out.union(ConnectionSet.range(e.protocol, e.port.start, e.port.end));
    }
  }
  return out;
}

/** Does the rule name a port (so what it matches depends on the destination's container ports)? */
export function cnpUsesNamedPort(rule: ClusterRuleModel): boolean {
  return rule.protocols?.some((e) => e.namedPort !== undefined) ?? false;
}

/** What a tier decided of a direction: accepted, and what goes on to the next tier (not matched, or passed). */
export interface TierWalk {
  accepted: ConnectionSet;
  undecided: ConnectionSet;
}

/**
 * One tier's walk: the policies (of one tier, selecting the subject, in decision order), their
 * rules of the direction in written order; each rule whose peers match the other end decides what
 * its protocols match of what is still undecided. `decisions` gets each rule that decided something.
 */
export function walkTier(
  policies: readonly TierPolicy[],
  direction: Direction,
  matches: PeerTest,
  destination: Pod | undefined,
  start: ConnectionSet,
  decisions?: TierDecision[],
): TierWalk {
  let remaining = start;
  let accepted = ConnectionSet.NONE;
  let passed = ConnectionSet.NONE;
  for (const p of policies) {
    for (const rule of direction === 'Egress' ? p.model.egress : p.model.ingress) {
      if (remaining.isEmpty()) return { accepted, undecided: passed };
      const action = rule.action?.value;
      if (!action || !matches(rule, action)) continue;
      const m = remaining.intersect(cnpProtocolsSet(rule, destination));
      if (m.isEmpty()) continue;
      decisions?.push({ tier: p.tier, policy: p.name, direction, rule: rule.index, ...(rule.name ? { ruleName: rule.name.value } : {}), action, decides: m });
      if (action === 'Accept') accepted = accepted.union(m);
      else if (action === 'Pass') passed = passed.union(m);
      remaining = remaining.difference(m);
    }
  }
  return { accepted, undecided: remaining.union(passed) };
}

/** A direction's whole answer through the tiers, given what NetworkPolicy says of it. */
export interface TieredDirection {
  allowed: ConnectionSet;
  /** The Admin and Baseline rules that decided something, in decision order. */
  decisions: TierDecision[];
  /** What reached NetworkPolicy (not decided by Admin), when one isolates the pod in this direction. */
  networkPolicy?: ConnectionSet;
  /** What no tier decided: allowed by default. */
  defaultAllowed: ConnectionSet;
}

/**
 * The tier pipeline for one direction of one pair: `admin` and `baseline` are the policies of each
 * tier selecting the subject (in decision order); `npIsolated` / `npAllowed` what the subject's
 * NetworkPolicies say in this direction.
 */
export function tieredDirection(
  admin: readonly TierPolicy[],
  baseline: readonly TierPolicy[],
  direction: Direction,
  matches: PeerTest,
  destination: Pod | undefined,
  npIsolated: boolean,
  npAllowed: ConnectionSet,
  withDecisions = true,
): TieredDirection {
  const decisions: TierDecision[] | undefined = withDecisions ? [] : undefined;
  const a = walkTier(admin, direction, matches, destination, ConnectionSet.ALL, decisions);
  if (npIsolated) {
    return {
      allowed: a.accepted.union(a.undecided.intersect(npAllowed)),
      decisions: decisions ?? [],
      networkPolicy: a.undecided,
      defaultAllowed: ConnectionSet.NONE,
    };
  }
  const b = walkTier(baseline, direction, matches, destination, a.undecided, decisions);
  return { allowed: a.accepted.union(b.accepted).union(b.undecided), decisions: decisions ?? [], defaultAllowed: b.undecided };
}

/** The policies of the list selecting the pod, split by tier (order kept). */
export function selectingByTier(policies: readonly TierPolicy[], pod: Pod, nsLabels: NamespaceLabels): { admin: TierPolicy[]; baseline: TierPolicy[] } {
  const admin: TierPolicy[] = [];
  const baseline: TierPolicy[] = [];
  for (const p of policies) if (cnpSelects(p, pod, nsLabels)) (p.tier === 'Admin' ? admin : baseline).push(p);
  return { admin, baseline };
}

/** `[Admin] cluster-guardrails rule deny-cross-tenant: Deny` (the rule's index when it has no name). */
export function decisionText(d: TierDecision): string {
  return `[${d.tier}] ${d.policy} rule ${d.ruleName ?? `${d.direction.toLowerCase()}[${d.rule}]`}: ${d.action}`;
}

/**
 * One port of one direction's tiered sets (`DirectionConnections` with `tiers`): allowed or not,
 * the NetworkPolicy rules that allow the port, and the tier that decided it, in words.
 */
export function tieredPortVerdict(sets: DirectionConnections, port: number, protocol: PortProtocol): DirectionVerdict {
  const t = sets.tiers!;
  const allowed = sets.allowed.contains(port, protocol);
  const allowedBy = sets.allowedBy.filter((r) => r.allows.contains(port, protocol)).map(({ policy, direction, rule }) => ({ policy, direction, rule }));
  const base = { isolatedBy: sets.isolatedBy, allowedBy, allowed };
  // the decisions partition the connections: at most one of each tier holds the port
  const admin = t.decisions.find((x) => x.tier === 'Admin' && x.decides.contains(port, protocol));
  if (admin && admin.action !== 'Pass') return { ...base, tier: 'Admin', reason: decisionText(admin) };
  if (t.networkPolicy) {
    const why =
      allowedBy.length > 0
        ? allowedBy.map((r) => `${r.policy} ${r.direction.toLowerCase()}[${r.rule}]`).join(', ')
        : `isolated by ${sets.isolatedBy.join(', ')}, no rule allows it`;
    return { ...base, tier: 'NetworkPolicy', reason: `[NetworkPolicy] ${why}` };
  }
  const baseline = t.decisions.find((x) => x.tier === 'Baseline' && x.decides.contains(port, protocol));
  if (baseline && baseline.action !== 'Pass') return { ...base, tier: 'Baseline', reason: decisionText(baseline) };
  return { ...base, tier: 'default', reason: 'default allow' };
}

/** The namespace labels of a cluster (the implied name label for a namespace no manifest declares). */
export function clusterNamespaceLabels(namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>): NamespaceLabels {
  return (ns) => namespaces.get(ns) ?? { [NAMESPACE_NAME_LABEL]: ns };
}

/** Does the CIDR hold the whole range (the ranges are cut at every CIDR of the tiers, so a range is inside or outside)? */
export function cidrHoldsRange(cidr: Cidr, range: AddressRange): boolean {
  const c = cidrRange(cidr);
  return c.family === range.family && c.first <= range.first && range.last <= c.last;
}

/** Every `networks` CIDR of the tiers' egress rules, as an ipBlock without `except` (the external ranges are cut at them). */
export function tierNetworkBlocks(tiers: readonly TierPolicy[]): IpBlockInput[] {
  const out: IpBlockInput[] = [];
  for (const p of tiers)
    for (const rule of p.model.egress) for (const peer of rule.peers) for (const c of peer.networks ?? []) out.push({ cidr: c, except: [] });
  return out;
}
