/**
 * Does an egress rule let pods reach the cluster DNS? The one place that decides what "DNS" means:
 * the DNS profile (namespace, pod labels, ports, NodeLocal addresses) from the configuration.
 */
import { NAMESPACE_NAME_LABEL, type DnsProfile } from '../config';
import type { PeerModel, PortModel, RuleModel, SelectorModel } from '../model/networkPolicy';
import { cidrContains, isMatchAll, parseIp } from './cidr';
import { selectorMatches } from './selectors';

export type Protocol = 'UDP' | 'TCP';

/** How a rule allows DNS: through every port, or through one port entry. */
export type DnsAllowance = { via: 'all-ports'; rule: RuleModel } | { via: 'port'; rule: RuleModel; port: PortModel };

/** Label keys that people use to name a namespace by hand (reported by `namespace-name-label`). */
export const NAME_LIKE_KEYS: ReadonlySet<string> = new Set(['name', 'ns', 'namespace']);

/** CoreDNS' own container port names. */
const DNS_PORT_NAMES: Record<Protocol, string> = { UDP: 'dns', TCP: 'dns-tcp' };

function namespaceSelectorMatches(sel: SelectorModel, namespace: string): boolean {
  const labels: Record<string, string> = { [NAMESPACE_NAME_LABEL]: namespace };
  for (const m of sel.matchLabels) if (NAME_LIKE_KEYS.has(m.key) && m.value === namespace) labels[m.key] = namespace;
  return selectorMatches(sel, labels);
}

export function peerMatchesDns(peer: PeerModel, policyNamespace: string | undefined, dns: DnsProfile): boolean {
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr?.parsed;
    if (!cidr) return false;
    if (isMatchAll(cidr)) return true;
    return dns.nodeLocalIPs.some((ip) => {
      const address = parseIp(ip);
      return cidrContains(cidr, address) && !peer.ipBlock!.except.some((e) => e.parsed !== undefined && cidrContains(e.parsed, address));
    });
  }
  if (peer.namespaceSelector) {
    if (!namespaceSelectorMatches(peer.namespaceSelector, dns.namespace)) return false;
    return selectorMatches(peer.podSelector, dns.podLabels);
  }
  if (peer.podSelector) return policyNamespace === dns.namespace && selectorMatches(peer.podSelector, dns.podLabels);
  return false; // an empty peer is rejected by the API server
}

function portMatches(port: PortModel, protocol: Protocol, dns: DnsProfile): boolean {
  if ((port.protocol ?? 'TCP') !== protocol) return false; // no protocol (or null) means TCP
  if (port.port === null || port.portEntry === undefined) return true; // every port of that protocol
  if (typeof port.port === 'string') return port.port === DNS_PORT_NAMES[protocol];
  if (typeof port.port !== 'number') return false;
  const p = port.port;
  return dns.ports.some((d) => d === p || (port.endPort !== undefined && p <= d && d <= port.endPort));
}

export function ruleAllowsDns(rule: RuleModel, policyNamespace: string | undefined, protocol: Protocol, dns: DnsProfile): DnsAllowance | undefined {
  const peersOk = !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerMatchesDns(p, policyNamespace, dns));
  if (!peersOk) return undefined;
  if (!rule.ports || rule.ports.length === 0) return { via: 'all-ports', rule };
  const port = rule.ports.find((p) => portMatches(p, protocol, dns));
  return port ? { via: 'port', rule, port } : undefined;
}

export function describeDns(dns: DnsProfile, protocol: Protocol): string {
  const labels = Object.entries(dns.podLabels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return `${protocol} ${dns.ports.join('/')} to ${dns.namespace} pods ${labels}`;
}
