import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** A number, list or string of a cluster policy outside its CRD's bounds (ports: port-out-of-range). */
export const outOfBounds: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'out-of-bounds',
    defaultSeverity: 'error',
    category: 'A',
    description:
      "A cluster policy's value is outside its CRD's bounds: a priority above 1000, more than 25 rules, peers, protocols or networks, an empty from, to, protocols or networks, a rule name over 100 bytes.",
  },
  check: () => [],
  checkClusterPolicy: (p, ctx) => crdReports('out-of-bounds', p, ctx),
};
