import type { Report } from '../findings';
import { visibleSpan } from './paths';
import type { PolicyRule } from './types';

const TYPES = ['Ingress', 'Egress'];

export const invalidPolicyType: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-policy-type',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A `policyTypes` entry other than exactly `Ingress` or `Egress`, or more than two entries.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    const pt = p.spec?.policyTypes;
    if (!pt?.seq) return out;
    pt.items.forEach((item, i) => {
      const path = `${p.pathPrefix}spec.policyTypes[${pt.seq!.items.indexOf(item.node)}]`;
      if (!TYPES.includes(item.value)) {
        const fixed = TYPES.find((t) => t.toLowerCase() === item.value.toLowerCase());
        out.push({
          message: `Unsupported policy type "${item.value}": supported values: "Egress", "Ingress".`,
          path,
          span: visibleSpan(item.node.span, ctx.source.text),
          fixes: fixed
            ? [{ title: `Change to ${fixed}`, edits: [{ start: item.node.span.start, end: item.node.span.end, newText: fixed }], preferred: true }]
            : undefined,
        });
      } else if (i >= 2) {
        out.push({
          message: 'Too many policyTypes: may not specify more than two.',
          path,
          span: item.node.span,
        });
      }
    });
    return out;
  },
};
