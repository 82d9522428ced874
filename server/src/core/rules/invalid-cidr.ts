import { canonicalCidr, cidrProblem } from '../analysis/cidr';
import type { Report } from '../findings';
import { allCidrs, visibleSpan } from './paths';
import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

export const invalidCidr: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-cidr',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description:
      "An ipBlock `cidr` or `except` entry that the configured Kubernetes version's API server rejects as a CIDR; a cluster policy's `networks` entry that is not one (`isCIDR`).",
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const cidr of allCidrs(p)) {
      const { path, value, node, parsed } = cidr;
      const problem = cidrProblem(cidr, ctx.api.strictCidr);
      if (!problem) continue;
      // a form only strict validation rejects: the network it means is the fix
      const canonical = parsed && canonicalCidr(parsed);
      out.push({
        message: `Invalid CIDR "${value}": ${problem}.`,
        path,
        span: visibleSpan(node.span, ctx.source.text),
        ...(canonical && canonical !== value
          ? { fixes: [{ title: `Rewrite as ${canonical}`, edits: [{ ...node.span, newText: node.quoted ? `"${canonical}"` : canonical }], preferred: true }] }
          : {}),
      });
    }
    return out;
  },
  checkClusterPolicy: (p, ctx) => crdReports('invalid-cidr', p, ctx),
};
