import { canonicalCidr, formsText, nonStandardForms } from '../analysis/cidr';
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
    description:
      'A CIDR with host bits set (`10.0.0.5/24`), leading zeros or in IPv4-mapped form: Kubernetes before 1.36 accepts it as the network it means; 1.36 and later reject it (`invalid-cidr`).',
  },
  check(p, ctx) {
    // from 1.36 these forms are rejected: invalid-cidr reports them
    if (ctx.api.strictCidr) return [];
    const out: Report[] = [];
    for (const { path, value, node, parsed } of allCidrs(p)) {
      const forms = parsed ? nonStandardForms(value, parsed) : [];
      if (!parsed || forms.length === 0) continue;
      const canonical = canonicalCidr(parsed);
      out.push({
        message: `Non-canonical CIDR: "${value}" ${formsText(forms)}: it means the network ${canonical}, and API servers with strict validation (Kubernetes 1.36 and later) reject it.`,
        path,
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
