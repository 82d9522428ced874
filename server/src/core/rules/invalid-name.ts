import { dns1123Label, dns1123Subdomain, repairName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import type { PolicyRule } from './types';

export const invalidName: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-name',
    defaultSeverity: 'error',
    category: 'A',
    description: 'metadata.name is not a DNS-1123 subdomain, or metadata.namespace is not a DNS-1123 label.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const [field, v, check] of [
      ['name', p.name, dns1123Subdomain],
      ['namespace', p.namespace, dns1123Label],
    ] as const) {
      if (!v || v.value === '') continue;
      const problems = check(v.value);
      if (problems.length === 0) continue;
      const fixed = repairName(v.value, check);
      out.push({
        message: `Invalid ${field} "${v.value}": ${problems.join('; ')}.`,
        path: `${p.pathPrefix}metadata.${field}`,
        span: v.node.span,
        fixes: fixed
          ? [
              {
                title: `Change the ${field} to "${fixed}"`,
                edits: [
                  {
                    start: v.node.span.start,
                    end: v.node.span.end,
                    newText: v.node.quoted ? ctx.source.text[v.node.span.start] + fixed + ctx.source.text[v.node.span.start] : fixed,
                  },
                ],
                preferred: true,
              },
            ]
          : undefined,
      });
    }
    return out;
  },
};
