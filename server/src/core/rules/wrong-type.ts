import { emitFlow } from '../edit/emit';
import type { PolicyRule } from './types';

export const wrongType: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'wrong-type',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A field has the wrong type: a map where a list belongs, a boolean for a port, a string for a list.',
  },
  check(_policy, ctx) {
    return ctx.shape.flatMap((issue) => {
      if (issue.type !== 'wrong-type') return [];
      const source = ctx.source.text.slice(issue.span.start, issue.span.end);
      const single = /^[^\r\n]*$/.test(source) ? source : undefined;
      return [
        {
          message: `${issue.path} must be ${issue.expected}, not ${issue.found}: the API server rejects this policy.`,
          span: issue.span,
          fixes:
            issue.wrapScalar && single !== undefined && issue.value !== undefined
              ? [
                  {
                    title: `Make ${issue.path} a list: ${emitFlow([issue.value])}`,
                    edits: [{ start: issue.span.start, end: issue.span.end, newText: emitFlow([issue.value]) }],
                    preferred: true,
                  },
                ]
              : undefined,
        },
      ];
    });
  },
};
