import { getEntry } from '../model/located';
import type { Report } from '../findings';
import type { PolicyRule } from './types';

/** `domainNames` peers in a Deny or Pass egress rule: upstream supports them only in Accept rules. */
export const domainNamesNotAccept: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'domain-names-not-accept',
    defaultSeverity: 'warning',
    category: 'B',
    description: 'A cluster policy egress rule with a Deny or Pass action has domainNames peers, which upstream supports only in Accept rules.',
  },
  check: () => [],
  checkClusterPolicy(p) {
    const out: Report[] = [];
    for (const rule of p.egress) {
      const action = rule.action?.value;
      if (action !== 'Deny' && action !== 'Pass') continue;
      for (const peer of rule.peers) {
        const entry = peer.domainNames && getEntry(peer.map, 'domainNames');
        if (!entry) continue;
        out.push({
          message: `Domain names in a ${action} rule: network-policy-api supports domainNames only in Accept rules, so implementations may ignore this peer or reject the policy; ${
            action === 'Deny'
              ? 'deny by networks, and allow the names you trust with an Accept rule before a broader Deny'
              : 'pass by networks, or accept the names with an Accept rule'
          }.`,
          path: `${p.pathPrefix}spec.egress[${rule.index}].to[${peer.index}].domainNames`,
          span: entry.keySpan,
        });
      }
    }
    return out;
  },
};
