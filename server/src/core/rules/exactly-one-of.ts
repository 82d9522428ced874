import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** A cluster policy's subject, peer, protocol or destination port without exactly one field. */
export const exactlyOneOf: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'exactly-one-of',
    defaultSeverity: 'error',
    category: 'A',
    description:
      "A cluster policy's subject, peer, protocol entry or destinationPort holds none or more than one of its fields (namespaces or pods; tcp, udp, sctp or destinationNamedPort; number or range).",
  },
  check: () => [],
  checkClusterPolicy: (p, ctx) => crdReports('exactly-one-of', p, ctx),
};
