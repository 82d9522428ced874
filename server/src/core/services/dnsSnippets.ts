/**
 * The DNS-bearing snippets written for the configured cluster DNS (OpenShift's openshift-dns on
 * 5353, NodeLocal DNSCache, …). The snippets file carries the defaults; when the project's profile
 * differs, documentSnippets.ts offers these under the same prefixes instead.
 */
import { DEFAULT_DNS, type DnsProfile } from '../config';
import { dnsEgressPolicy, dnsEgressRule } from '../edit/dnsYaml';
import { emitBlock } from '../edit/emit';
import { DEFAULT_STYLE } from '../edit/style';

export interface DnsSnippet {
  prefix: string;
  description: string;
  /** VS Code / LSP snippet syntax (`${1:name}` placeholders). */
  body: string;
}

export function isDefaultDns(dns: DnsProfile): boolean {
  const same = (a: readonly unknown[], b: readonly unknown[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  return (
    dns.namespace === DEFAULT_DNS.namespace &&
    same(Object.entries(dns.podLabels).flat(), Object.entries(DEFAULT_DNS.podLabels).flat()) &&
    same(dns.ports, DEFAULT_DNS.ports) &&
    same(dns.nodeLocalIPs, DEFAULT_DNS.nodeLocalIPs)
  );
}

const NAME = '__NETPOL_NAME__';
const NS = '__NETPOL_NAMESPACE__';

function policy(name: string, spec: Record<string, unknown>): Record<string, unknown> {
  return { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name, namespace: NS }, spec };
}

/** Emits policies and turns the markers into placeholders (name: ${1}, namespace: ${2}, or ${1} for the baseline). */
function body(docs: Record<string, unknown>[], name: string | undefined, nsTab: number): string {
  const text = docs.map((d) => emitBlock(d as never, DEFAULT_STYLE).join('\n')).join('\n---\n');
  return text.replaceAll(NAME, `\${1:${name}}`).replaceAll(NS, `\${${nsTab}:tenant-a}`) + '\n$0';
}

export function dnsSnippets(dns: DnsProfile): DnsSnippet[] {
  const where = `${dns.namespace} ${dns.ports.join('/')}${dns.nodeLocalIPs.length ? ` and ${dns.nodeLocalIPs.join(', ')}` : ''}`;
  const rule = dnsEgressRule(dns);
  const intra = {
    podSelector: {},
    policyTypes: ['Ingress', 'Egress'],
    ingress: [{ from: [{ podSelector: {} }] }],
    egress: [{ to: [{ podSelector: {} }] }, rule],
  };
  return [
    {
      prefix: 'netpol-allow-dns-egress',
      description: `Allow every pod of the namespace the cluster DNS of this project (${where}), UDP and TCP.`,
      body: body([dnsEgressPolicy(NAME, NS, {}, dns)], 'allow-dns-egress', 2),
    },
    {
      prefix: 'netpol-default-deny-egress',
      description: `Isolate every pod for egress, keeping the project's cluster DNS (${where}).`,
      body: body([policy(NAME, { podSelector: {}, policyTypes: ['Egress'], egress: [rule] })], 'default-deny-egress', 2),
    },
    {
      prefix: 'netpol-allow-intra-namespace',
      description: `Let the pods of the namespace reach each other, keeping the project's cluster DNS (${where}).`,
      body: body([policy(NAME, intra)], 'allow-intra-namespace', 2),
    },
    {
      prefix: 'netpol-tenant-baseline',
      description: `Deny-all + intra-namespace + the project's cluster DNS (${where}).`,
      body: body(
        [
          policy('default-deny-all', { podSelector: {}, policyTypes: ['Ingress', 'Egress'] }),
          policy('allow-intra-namespace', {
            podSelector: {},
            policyTypes: ['Ingress', 'Egress'],
            ingress: [{ from: [{ podSelector: {} }] }],
            egress: [{ to: [{ podSelector: {} }] }],
          }),
          dnsEgressPolicy('allow-dns-egress', NS, {}, dns),
        ],
        undefined,
        1,
      ),
    },
  ];
}
