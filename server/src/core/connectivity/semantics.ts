/**
 * What one NetworkPolicy rule admits, with Kubernetes' semantics: peers (podSelector alone = the
 * policy's own namespace; namespaceSelector alone; both = AND; ipBlock against pod IPs, minus
 * `except`), and ports (missing protocol = TCP, missing port = all, endPort ranges, named ports
 * resolved against the destination pod's container ports).
 */
import { cidrContains } from '../analysis/cidr';
import { selectorMatches } from '../analysis/selectors';
import type { PortProtocol } from '../model/inventory';
import type { PeerModel, PortModel, RuleModel } from '../model/networkPolicy';
import type { ClusterPolicy, Pod } from './cluster';

export type NamespaceLabels = (namespace: string) => Readonly<Record<string, string>>;

/** Does the policy select this pod (same namespace, podSelector matches)? */
export function selectsPod(p: ClusterPolicy, pod: Pod): boolean {
  return p.namespace === pod.namespace && p.policy.spec !== undefined && selectorMatches(p.policy.spec.podSelector, pod.labels);
}

export function peerMatches(peer: PeerModel, policyNamespace: string, pod: Pod, nsLabels: NamespaceLabels): boolean {
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr?.parsed;
    if (!pod.address || !cidr || !cidrContains(cidr, pod.address)) return false;
    return !peer.ipBlock.except.some((e) => e.parsed !== undefined && cidrContains(e.parsed, pod.address));
  }
  if (peer.namespaceSelector) return selectorMatches(peer.namespaceSelector, nsLabels(pod.namespace)) && selectorMatches(peer.podSelector, pod.labels);
  if (peer.podSelector) return pod.namespace === policyNamespace && selectorMatches(peer.podSelector, pod.labels);
  return false; // an empty peer: the API server rejects it
}

/** Does the rule's peer list admit this pod? No `from`/`to` (or an empty list) admits every pod. */
export function peersAdmit(rule: RuleModel, policyNamespace: string, pod: Pod, nsLabels: NamespaceLabels): boolean {
  return !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatches(p, policyNamespace, pod, nsLabels));
}

export function portEntryAdmits(entry: PortModel, port: number, protocol: PortProtocol, destination: Pod): boolean {
  if ((entry.protocol ?? 'TCP') !== protocol) return false;
  if (entry.port === undefined || entry.port === null) return entry.portEntry === undefined || entry.port === null;
  if (typeof entry.port === 'number') return entry.port === port || (entry.endPort !== undefined && entry.port <= port && port <= entry.endPort);
  const name = entry.port;
  return destination.ports.some((c) => c.name === name && c.protocol === protocol && c.port === port);
}

/** Does the rule's port list admit this port and protocol on the destination? No `ports` admits all. */
export function portsAdmit(rule: RuleModel, port: number, protocol: PortProtocol, destination: Pod): boolean {
  return !rule.ports || rule.ports.length === 0 || rule.ports.some((e) => portEntryAdmits(e, port, protocol, destination));
}
