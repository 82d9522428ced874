import { peerSelectsAllPods, protocolsCover } from '../analysis/clusterMatch';
import { isMatchAll } from '../analysis/cidr';
import type { Report } from '../findings';
import type { PolicyRule } from './types';

/**
 * An Admin tier Accept or Deny egress rule to `networks: 0.0.0.0/0` (or `::/0`) with no earlier rule of the
 * same policy for all pod traffic: networks match pod IPs too, so the rule decides every pod-to-pod
 * connection of that family, not only traffic leaving the cluster.
 */
export const catchAllNetworks: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'catch-all-networks',
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'An Admin cluster policy Accept or Deny egress rule to networks 0.0.0.0/0 or ::/0 with no earlier Pass for pod traffic: it decides every pod-to-pod connection too, not just traffic leaving the cluster.',
  },
  check: () => [],
  checkClusterPolicy(p) {
    const out: Report[] = [];
    p.egress.forEach((rule, j) => {
      const action = rule.action?.value;
      // Baseline: a catch-all Deny is the default deny the tier is made for (NetworkPolicies override it)
      if (p.tier?.value !== 'Admin' || (action !== 'Accept' && action !== 'Deny')) return;
      // a rule that names every pod beside the CIDR means all traffic
      if (rule.peers.some(peerSelectsAllPods)) return;
      // an earlier rule for every pod (a Pass, typically) takes pod traffic first
      const podsFirst = p.egress.slice(0, j).some((r) => r.action && r.peers.some(peerSelectsAllPods) && protocolsCover(r.protocols, rule.protocols));
      if (podsFirst) return;
      for (const peer of rule.peers) {
        for (const [k, n] of (peer.networks ?? []).entries()) {
          if (!n.parsed || !isMatchAll(n.parsed)) continue;
          const family = n.parsed[0].kind() === 'ipv4' ? 'IPv4' : 'IPv6';
          out.push({
            message: `Catch-all networks catch pod traffic: ${n.value} matches pod IPs too, so this ${action} decides every ${family} connection of the selected pods to other pods, not only traffic leaving the cluster; add a Pass rule for pod traffic (to: namespaces: {}) before it.`,
            path: `${p.pathPrefix}spec.egress[${rule.index}].to[${peer.index}].networks[${k}]`,
            span: n.node.span,
          });
        }
      }
    });
    return out;
  },
};
