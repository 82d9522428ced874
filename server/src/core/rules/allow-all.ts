import { isMatchAll } from '../analysis/cidr';
import type { Report } from '../findings';
import { effectivePolicyTypes } from '../model/networkPolicy';
import { allPeers, allRules, rulePath } from './paths';
import type { PolicyRule } from './types';

export const allowAll: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'allow-all',
    defaultSeverity: 'information',
    category: 'B',
    description: 'A rule that admits everything: `- {}`, no from/to, `namespaceSelector: {}` alone, or 0.0.0.0/0 without except.',
  },
  check(p) {
    const out: Report[] = [];
    const types = effectivePolicyTypes(p);
    const info = (message: string, path: string, span: Report['span']) => out.push({ message, path, span });
    for (const rule of allRules(p)) {
      if (!types.has(rule.direction)) continue; // ignored-rules reports those
      const who = rule.direction === 'Ingress' ? 'source' : 'destination';
      if (!rule.peers || rule.peers.length === 0) {
        const ports = !rule.ports || rule.ports.length === 0 ? 'on every port' : 'on these ports';
        info(
          `Allows every ${who}: this rule has no \`${rule.direction === 'Ingress' ? 'from' : 'to'}\`, so any pod, any namespace, any IP is allowed ${ports}.`,
          rulePath(p, rule),
          rule.peersEntry?.keySpan ?? rule.node.span,
        );
      }
    }
    for (const { rule, peer, path } of allPeers(p)) {
      if (!types.has(rule.direction)) continue;
      if (peer.namespaceSelector?.isEmpty && !peer.podSelector && !peer.ipBlock)
        info('Allows every namespace: `namespaceSelector: {}` alone allows every pod of every namespace.', path, peer.namespaceSelector.entry.keySpan);
      const cidr = peer.ipBlock?.cidr?.parsed;
      if (cidr && isMatchAll(cidr) && peer.ipBlock!.except.length === 0)
        info(`Allows every IP address: ${peer.ipBlock!.cidr!.value} without except.`, `${path}.ipBlock`, peer.ipBlock!.cidr!.node.span);
    }
    return out;
  },
};
