import type { Report } from '../findings';
import { allPorts, portPath } from './paths';
import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

export const portOutOfRange: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'port-out-of-range',
    defaultSeverity: 'error',
    category: 'A',
    description: "A numeric `port` or `endPort` outside 1-65535; a cluster policy's destination port or range bound outside it.",
  },
  check(policy) {
    const out: Report[] = [];
    for (const { rule, port } of allPorts(policy)) {
      for (const [field, value, entry] of [
        ['port', port.port, port.portEntry],
        ['endPort', port.endPort, port.endPortEntry],
      ] as const) {
        if (typeof value !== 'number' || !entry || (value >= 1 && value <= 65535)) continue;
        out.push({
          message: `Port out of range: ${field} ${value} must be between 1 and 65535, inclusive.`,
          path: `${portPath(policy, rule, port)}.${field}`,
          span: entry.value.span,
        });
      }
    }
    return out;
  },
  checkClusterPolicy: (p, ctx) => crdReports('port-out-of-range', p, ctx),
};
