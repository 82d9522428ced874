/**
 * What the rules of cluster policies (ClusterNetworkPolicy and the v1alpha1 kinds) match, decided
 * from the policies alone: does one rule's traffic include another's, does a peer catch every pod.
 * Every "covers" answer is a safe under-approximation: "yes" only when it follows from the
 * selectors, CIDRs and ports as written; a part of the wrong shape (the CRD check reports it) covers
 * nothing and is covered by nothing.
 */
import type { ClusterPeerModel, ClusterPolicyModel, ClusterProtocolModel, ClusterRuleModel, PodsSelectorModel } from '../model/clusterPolicy';
import type { SelectorModel } from '../model/networkPolicy';
import { isStrictSubset } from './cidr';
import { selectorCovers } from './selectors';

/** The fields of a peer that are set (the CRD allows exactly one). */
export function peerFields(p: ClusterPeerModel): string[] {
  const out: string[] = [];
  if (p.namespaces) out.push('namespaces');
  if (p.pods) out.push('pods');
  if (p.networks) out.push('networks');
  if (p.nodes) out.push('nodes');
  if (p.domainNames) out.push('domainNames');
  return out;
}

/** A peer with exactly one field, whose selectors (if any) are well formed. */
function wellFormed(p: ClusterPeerModel): boolean {
  if (peerFields(p).length !== 1) return false;
  const sels = [p.namespaces, p.nodes, p.pods?.namespaceSelector, p.pods?.podSelector];
  return sels.every((s) => s === undefined || s.map !== undefined) && (!p.pods || p.pods.podSelector !== undefined);
}

/** A selector that selects everything (absent counts as everything only where the API says so: the caller decides). */
function selectsAll(s: SelectorModel | undefined): boolean {
  return s?.isEmpty === true;
}

/** `pods` whose namespaces are all namespaces (absent namespaceSelector in v1alpha2, or `{}`) and whose pods are all pods. */
function allPods(pods: PodsSelectorModel): boolean {
  return (pods.namespaceSelector === undefined || selectsAll(pods.namespaceSelector)) && selectsAll(pods.podSelector);
}

/** Does the peer select every pod of every namespace (`namespaces: {}`, or `pods` with empty selectors)? */
export function peerSelectsAllPods(p: ClusterPeerModel): boolean {
  if (!wellFormed(p)) return false;
  return p.namespaces?.isEmpty === true || (p.pods !== undefined && allPods(p.pods));
}

/** Does peer `a` match every connection peer `b` matches? */
export function peerCovers(a: ClusterPeerModel, b: ClusterPeerModel): boolean {
  if (!wellFormed(a) || !wellFormed(b)) return false;
  if (a.namespaces) {
    if (b.namespaces) return selectorCovers(a.namespaces, b.namespaces);
    if (b.pods) return a.namespaces.isEmpty || (b.pods.namespaceSelector !== undefined && selectorCovers(a.namespaces, b.pods.namespaceSelector));
    return false;
  }
  if (a.pods) {
    const ns = a.pods.namespaceSelector;
    const nsCovers = (other: SelectorModel | undefined) => ns === undefined || ns.isEmpty || (other !== undefined && selectorCovers(ns, other));
    if (b.pods) return nsCovers(b.pods.namespaceSelector) && selectorCovers(a.pods.podSelector, b.pods.podSelector);
    if (b.namespaces) return a.pods.podSelector!.isEmpty && nsCovers(b.namespaces);
    return false;
  }
  if (a.networks && b.networks) {
    return (
      b.networks.length > 0 &&
      b.networks.every(
        (n) => n.parsed !== undefined && a.networks!.some((m) => m.parsed !== undefined && (m.value === n.value || isStrictSubset(n.parsed!, m.parsed))),
      )
    );
  }
  if (a.nodes && b.nodes) return selectorCovers(a.nodes, b.nodes);
  if (a.domainNames && b.domainNames) return b.domainNames.length > 0 && b.domainNames.every((d) => a.domainNames!.some((e) => e.value === d.value));
  return false;
}

/** Does protocol item `a` match every connection item `b` matches? */
function protocolCovers(a: ClusterProtocolModel, b: ClusterProtocolModel): boolean {
  if (a.namedPort || b.namedPort)
    return (
      a.namedPort !== undefined && b.namedPort !== undefined && a.protocol === undefined && b.protocol === undefined && a.namedPort.value === b.namedPort.value
    );
  if (!a.protocol || a.protocol !== b.protocol) return false;
  if (!a.port) return true;
  if (!b.port) return false;
  const [lo, hi] = 'number' in a.port ? [a.port.number, a.port.number] : [a.port.start, a.port.end];
  const [blo, bhi] = 'number' in b.port ? [b.port.number, b.port.number] : [b.port.start, b.port.end];
  return lo <= blo && bhi <= hi;
}

/** Do protocol lists `a` cover `b` (undefined: all traffic)? */
export function protocolsCover(a: readonly ClusterProtocolModel[] | undefined, b: readonly ClusterProtocolModel[] | undefined): boolean {
  if (!a) return true;
  if (!b || b.length === 0) return false;
  return b.every((q) => a.some((p) => protocolCovers(p, q)));
}

/** Does rule `a` match every connection rule `b` matches (same direction)? */
export function ruleCovers(a: ClusterRuleModel, b: ClusterRuleModel): boolean {
  if (a.direction !== b.direction || b.peers.length === 0) return false;
  return b.peers.every((q) => a.peers.some((p) => peerCovers(p, q))) && protocolsCover(a.protocols, b.protocols);
}

/** `spec.ingress[0]` (with the policy's prefix inside a List). */
export function rulePath(p: ClusterPolicyModel, r: ClusterRuleModel): string {
  return `${p.pathPrefix}spec.${r.direction === 'Ingress' ? 'ingress' : 'egress'}[${r.index}]`;
}

/** How a message names a rule: `egress rule "deny-all" (egress[2])`, or `egress[2]` without a name. */
export function ruleLabel(r: ClusterRuleModel): string {
  const at = `${r.direction === 'Ingress' ? 'ingress' : 'egress'}[${r.index}]`;
  return r.name?.value ? `${r.direction.toLowerCase()} rule "${r.name.value}" (${at})` : at;
}

/** Where a report about a whole rule points: its name, else its action, else the rule. */
export function ruleSpan(r: ClusterRuleModel) {
  return (r.name ?? r.action)?.node.span ?? r.node.span;
}

/** A policy's rules of both directions, ingress first. */
export function rulesOfPolicy(p: ClusterPolicyModel): ClusterRuleModel[] {
  return [...p.ingress, ...p.egress];
}
