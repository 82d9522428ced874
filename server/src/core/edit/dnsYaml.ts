/** The DNS egress rule and policy that fixes and snippets write, as plain objects for the YAML emitter. */
import { type DnsProfile, NAMESPACE_NAME_LABEL } from '../config';

/** The egress rule our fixes and snippets write: DNS pods in the DNS namespace, UDP and TCP. */
export function dnsEgressRule(dns: DnsProfile): Record<string, unknown> {
  const to: unknown[] = [
    {
      namespaceSelector: { matchLabels: { [NAMESPACE_NAME_LABEL]: dns.namespace } },
      podSelector: { matchLabels: { ...dns.podLabels } },
    },
  ];
  for (const ip of dns.nodeLocalIPs) to.push({ ipBlock: { cidr: ip.includes(':') ? `${ip}/128` : `${ip}/32` } });
  const ports: unknown[] = [];
  for (const port of dns.ports) ports.push({ protocol: 'UDP', port }, { protocol: 'TCP', port });
  return { to, ports };
}

/** A whole `allow-dns-egress` policy for a namespace (the layered style). */
export function dnsEgressPolicy(name: string, namespace: string | undefined, podSelector: unknown, dns: DnsProfile): Record<string, unknown> {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: namespace === undefined ? { name } : { name, namespace },
    spec: { podSelector, policyTypes: ['Egress'], egress: [dnsEgressRule(dns)] },
  };
}
