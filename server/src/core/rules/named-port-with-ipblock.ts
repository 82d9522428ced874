import type { Report } from '../findings';
import { allRules, portPath } from './paths';
import type { PolicyRule } from './types';

export const namedPortWithIpblock: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'named-port-with-ipblock',
    defaultSeverity: 'warning',
    category: 'B',
    description: 'A named port in a rule whose peers are all ipBlocks: a name never matches an IP peer, so it allows nothing.',
  },
  check(p) {
    const out: Report[] = [];
    for (const rule of allRules(p)) {
      const peers = rule.peers ?? [];
      if (peers.length === 0 || !peers.every((x) => x.ipBlock && !x.podSelector && !x.namespaceSelector)) continue;
      for (const port of rule.ports ?? []) {
        if (typeof port.port !== 'string' || /^[0-9]+$/.test(port.port) || !port.portEntry) continue;
        out.push({
          message: `Named port allows nothing here: "${port.port}" is a name, and a name resolves only against pods' container ports, so with only ipBlock peers this entry allows nothing. Use the port number.`,
          path: `${portPath(p, rule, port)}.port`,
          span: port.portEntry.value.span,
        });
      }
    }
    return out;
  },
};
