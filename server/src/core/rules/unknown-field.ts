import type { Report } from '../findings';
import type { ShapeIssue } from '../model/shape';
import type { DocumentSource } from '../edit/yamlEdits';
import type { PolicyRule } from './types';

function reports(shape: readonly ShapeIssue[], source: DocumentSource, rejected: string): Report[] {
  return shape.flatMap((issue) => {
    if (issue.type !== 'unknown-field') return [];
    const hint = issue.suggestion ? `; did you mean "${issue.suggestion}"?` : issue.note ? `: ${issue.note}` : '';
    // rename only a key written as itself (not one behind a tag, an anchor or an escape)
    const written = source.text.slice(issue.keySpan.start, issue.keySpan.end).replace(/^(["'])(.*)\1$/, '$2');
    const suggestion = written === issue.key ? issue.suggestion : undefined;
    return [
      {
        message: `Unknown field "${issue.key}": kubectl's strict field validation rejects ${rejected}${hint}`,
        path: issue.path,
        span: issue.keySpan,
        fixes: suggestion
          ? [
              {
                title: `Rename "${issue.key}" to "${suggestion}"`,
                edits: [{ start: issue.keySpan.start, end: issue.keySpan.end, newText: suggestion }],
                preferred: true,
              },
            ]
          : undefined,
      },
    ];
  });
}

export const unknownField: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'unknown-field',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A key that the schema (NetworkPolicy, or a cluster policy CRD) does not have at that place (a typo or a mis-indented field).',
  },
  check: (_policy, ctx) => reports(ctx.shape, ctx.source, 'this policy'),
  checkClusterPolicy: (p, ctx) => reports(ctx.shape, ctx.source, `this ${p.kind}`),
};
