import { canonicalCidr, cidrProblem } from '../analysis/cidr';
import type { Report } from '../findings';
import { allCidrs } from './paths';
import type { PolicyRule } from './types';

export const nonCanonicalCidr: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'non-canonical-cidr',
    fixAll: true,
    defaultSeverity: 'warning',
    category: 'A',
    description: 'A CIDR with host bits set (`10.0.0.5/24`): it means the network `10.0.0.0/24`; strict validation rejects it.',
  },
  check(p) {
    const out: Report[] = [];
    for (const cidr of allCidrs(p)) {
      const { path, value, node } = cidr;
      if (!cidr.parsed || cidrProblem(cidr)) continue;
      const canonical = canonicalCidr(cidr.parsed);
      if (!canonical) continue;
      out.push({
        message: `${path}: "${value}" has host bits set: it means the network ${canonical}, and API servers with strict validation reject it.`,
        span: node.span,
        fixes: [
          {
            title: `Rewrite as ${canonical}`,
            edits: [{ start: node.span.start, end: node.span.end, newText: node.quoted ? `"${canonical}"` : canonical }],
            preferred: true,
          },
        ],
      });
    }
    return out;
  },
};
