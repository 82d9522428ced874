import type { PolicyRule } from './types';

export const unknownField: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'unknown-field',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A key that the NetworkPolicy schema does not have at that place (a typo or a mis-indented field).',
  },
  check(_policy, ctx) {
    return ctx.shape.flatMap((issue) => {
      if (issue.type !== 'unknown-field') return [];
      const hint = issue.suggestion ? `; did you mean "${issue.suggestion}"?` : '.';
      return [
        {
          code: 'unknown-field',
          severity: 'error',
          message: `${issue.path}: unknown field "${issue.key}": kubectl's strict field validation rejects this policy${hint}`,
          span: issue.keySpan,
          fixes: issue.suggestion
            ? [{ title: `Rename "${issue.key}" to "${issue.suggestion}"`, edits: [{ start: issue.keySpan.start, end: issue.keySpan.end, newText: issue.suggestion }], preferred: true }]
            : undefined,
        },
      ];
    });
  },
};
