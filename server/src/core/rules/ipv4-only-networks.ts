import { isMatchAll } from '../analysis/cidr';
import { clusterNamespaceLabels, cnpSelects } from '../connectivity/tiers';
import type { ClusterPlacedReport, ClusterRule } from './clusterRule';

/**
 * An egress rule whose `networks` CIDRs are all IPv4 (all of them read) while a workspace pod its
 * policy's subject selects has an IPv6 address (`status.podIP` or one of `status.podIPs`): that
 * pod's IPv6 traffic is matched by none of them, so the rule does not decide it. Reported on the
 * rule's first `networks` peer.
 */
export const ipv4OnlyNetworks: ClusterRule = {
  scope: 'cluster',
  meta: {
    code: 'ipv4-only-networks',
    defaultSeverity: 'warning',
    category: 'C',
    description:
      "A cluster policy egress rule whose networks are all IPv4 while pods it selects have IPv6 addresses: their IPv6 traffic is not matched, so the rule's action does not apply to it.",
  },
  check({ tiers, pods }) {
    const out: ClusterPlacedReport[] = [];
    const nsLabels = clusterNamespaceLabels(pods.namespaces);
    const withV6 = pods.pods.filter((pod) => pod.addresses?.some((a) => a.kind() === 'ipv6'));
    if (withV6.length === 0) return out;
    for (const p of tiers) {
      if (!p.ref || p.model.egress.length === 0) continue;
      const v6 = withV6.filter((pod) => cnpSelects(p, pod, nsLabels));
      if (v6.length === 0) continue;
      const example = `${v6[0].id} (${v6[0].addresses!.find((a) => a.kind() === 'ipv6')!.toString()})${v6.length > 1 ? ` and ${v6.length - 1} more` : ''}`;
      for (const rule of p.model.egress) {
        const peers = rule.peers.filter((peer) => peer.networks && peer.networks.length > 0);
        const cidrs = peers.flatMap((peer) => peer.networks!);
        if (cidrs.length === 0 || !cidrs.every((c) => c.parsed !== undefined && c.parsed[0].kind() === 'ipv4')) continue;
        const hint = cidrs.some((c) => isMatchAll(c.parsed!)) ? 'add ::/0 beside 0.0.0.0/0' : 'add the IPv6 ranges of the same destinations';
        out.push({
          ref: p.ref,
          report: {
            message: `IPv4-only networks: every CIDR of this rule is IPv4, but the subject selects pods with IPv6 addresses, ${example}: their IPv6 traffic matches none of them, so this ${rule.action?.value ?? 'rule'} does not apply to it; ${hint}.`,
            path: `${p.model.pathPrefix}spec.egress[${rule.index}].to[${peers[0].index}].networks`,
            span: peers[0].node.span,
          },
        });
      }
    }
    return out;
  },
};
