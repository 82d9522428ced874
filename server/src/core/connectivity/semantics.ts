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
import { ConnectionSet } from './connectionSet';

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

/**
 * The connections one port entry allows to the destination: the same meaning as `portEntryAdmits`,
 * for every port at once (a missing port = every port of its protocol; a named port = the numbers
 * the destination declares under that name and protocol; an unknown protocol or a port of the
 * wrong type = nothing).
 */
export function portEntrySet(entry: PortModel, destination: Pod): ConnectionSet {
  const protocol = entry.protocol ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return ConnectionSet.NONE;
  if (entry.port === undefined || entry.port === null)
    return entry.portEntry === undefined || entry.port === null ? ConnectionSet.protocol(protocol) : ConnectionSet.NONE;
  if (typeof entry.port === 'number') {
    const single = ConnectionSet.range(protocol, entry.port);
    return entry.endPort === undefined ? single : single.union(ConnectionSet.range(protocol, entry.port, entry.endPort));
  }
  let out = ConnectionSet.NONE;
  for (const c of destination.ports) if (c.name === entry.port && c.protocol === protocol) out = out.union(ConnectionSet.range(protocol, c.port));
  return out;
}

/** The connections a rule's port list allows to the destination. No `ports` (or an empty list) allows all. */
export function portsSet(rule: RuleModel, destination: Pod): ConnectionSet {
  if (!rule.ports || rule.ports.length === 0) return ConnectionSet.ALL;
  let out = ConnectionSet.NONE;
  for (const e of rule.ports) out = out.union(portEntrySet(e, destination));
  return out;
}

/** Does the rule name a port (so what it allows depends on the destination's container ports)? */
export function usesNamedPort(rule: RuleModel): boolean {
  return rule.ports?.some((e) => typeof e.port === 'string') ?? false;
}
