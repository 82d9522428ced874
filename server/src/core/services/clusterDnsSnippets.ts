/**
 * The cluster policy snippets (netpol-cnp-*) written for the configured cluster DNS: the snippets
 * file carries the defaults (kube-system, k8s-app: kube-dns, 53); for another profile the DNS rule's
 * namespace, pod labels and ports are the profile's, and its NodeLocal DNSCache addresses become a
 * `networks` peer of the same rule.
 */
import type { DnsProfile } from '../config';

const PLAIN = /^[A-Za-z0-9][-A-Za-z0-9_./]*$/;
const YAML11 = /^(y|yes|n|no|true|false|on|off|null|~|[-+]?[0-9][0-9_.]*(e[-+]?[0-9]+)?)$/i;
const scalar = (s: string) => (PLAIN.test(s) && !YAML11.test(s) ? s : JSON.stringify(s));

/** A snippet body from the snippets file, its DNS rule rewritten for `dns`. */
export function clusterSnippetForDns(body: string, dns: DnsProfile): string {
  const lines = body.split('\n');
  const out: string[] = [];
  let peerIndent: string | undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const ns = /^(\s*)kubernetes\.io\/metadata\.name: \$\{\d+:kube-system\}$/.exec(line);
    if (ns) {
      out.push(`${ns[1]}kubernetes.io/metadata.name: ${scalar(dns.namespace)}`);
      continue;
    }
    const labels = /^(\s*)k8s-app: \$\{\d+:kube-dns\}$/.exec(line);
    if (labels) {
      for (const [k, v] of Object.entries(dns.podLabels)) out.push(`${labels[1]}${scalar(k)}: ${scalar(v)}`);
      continue;
    }
    const pods = /^(\s*)- pods:$/.exec(line);
    if (pods) peerIndent = pods[1];
    const protocols = /^(\s*)protocols:$/.exec(line);
    if (protocols) {
      let end = i + 1;
      while (end < lines.length && lines[end].startsWith(`${protocols[1]} `)) end++;
      const block = lines.slice(i + 1, end);
      if (block.some((l) => /number: \$\{\d+:53\}$/.test(l))) {
        // the DNS rule: its NodeLocal DNSCache addresses, then a UDP and a TCP entry per port
        if (dns.nodeLocalIPs.length > 0 && peerIndent !== undefined)
          out.push(`${peerIndent}- networks: [${dns.nodeLocalIPs.map((ip) => JSON.stringify(`${ip}/${ip.includes(':') ? 128 : 32}`)).join(', ')}]`);
        const item = /^(\s*)- /.exec(block[0])?.[1] ?? `${protocols[1]}  `;
        out.push(line);
        for (const port of dns.ports) for (const p of ['udp', 'tcp']) out.push(`${item}- ${p}:`, `${item}    destinationPort:`, `${item}      number: ${port}`);
        i = end - 1;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}
