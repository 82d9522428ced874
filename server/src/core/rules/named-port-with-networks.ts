import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** The experimental channel's CEL rule: a named port in an egress rule whose peers include networks, nodes or domain names. */
export const namedPortWithNetworks: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'named-port-with-networks',
    defaultSeverity: 'error',
    category: 'A',
    description:
      "A cluster policy egress rule matches a named port and has networks, nodes or domainNames peers, which have no named ports (the experimental channel's CRD rejects it).",
  },
  check: () => [],
  checkClusterPolicy: (p, ctx) => crdReports('named-port-with-networks', p, ctx),
};
