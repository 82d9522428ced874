import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** A domainNames item (experimental channel) that does not match the CRD's pattern. */
export const invalidDomainName: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-domain-name',
    defaultSeverity: 'error',
    category: 'A',
    description:
      'A domainNames entry of a cluster policy (experimental channel) is not a domain name its CRD accepts: a wildcard only as the first label (*.example.com), at least two labels.',
  },
  check: () => [],
  checkClusterPolicy: (p, ctx) => crdReports('invalid-domain-name', p, ctx),
};
