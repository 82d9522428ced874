import type { Report } from '../findings';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

export const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

export const invalidSelectorOperator: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-selector-operator',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'A match expression operator other than In, NotIn, Exists or DoesNotExist (case-sensitive).',
  },
  check(p) {
    const out: Report[] = [];
    for (const { selector, path } of allSelectors(p)) {
      for (const e of selector.matchExpressions) {
        if (e.operator === undefined || e.operator === '' || OPERATORS.includes(e.operator) || !e.operatorEntry) continue;
        const span = e.operatorEntry.value.span;
        const fixed = OPERATORS.find((o) => o.toLowerCase() === e.operator!.toLowerCase());
        out.push({
          message: `Invalid operator "${e.operator}": not a valid selector operator; use In, NotIn, Exists or DoesNotExist.`,
          path: `${path}.matchExpressions[${e.index}].operator`,
          span,
          fixes: fixed
            ? [{ title: `Change the operator to ${fixed}`, edits: [{ start: span.start, end: span.end, newText: fixed }], preferred: true }]
            : undefined,
        });
      }
    }
    return out;
  },
};
