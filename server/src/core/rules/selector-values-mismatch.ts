import { removeEntry } from '../edit/yamlEdits';
import type { Report } from '../findings';
import { asMap, asSeq } from '../model/located';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

export const selectorValuesMismatch: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'selector-values-mismatch',
    fixAll: true,
    defaultSeverity: 'error',
    category: 'A',
    description: 'In/NotIn without values, or Exists/DoesNotExist with values.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { selector, path } of allSelectors(p)) {
      for (const e of selector.matchExpressions) {
        const at = `${path}.matchExpressions[${e.index}].values`;
        const count = asSeq(e.valuesEntry?.value)?.items.length ?? 0;
        if ((e.operator === 'In' || e.operator === 'NotIn') && count === 0) {
          out.push({
            message: "No values: they must be specified when `operator` is 'In' or 'NotIn'.",
            path: at,
            span: e.valuesEntry?.keySpan ?? e.operatorEntry!.value.span,
          });
        }
        const map = asMap(e.node);
        if ((e.operator === 'Exists' || e.operator === 'DoesNotExist') && count > 0 && e.valuesEntry && map) {
          out.push({
            message: "Values with Exists: they may not be specified when `operator` is 'Exists' or 'DoesNotExist'.",
            path: at,
            span: e.valuesEntry.keySpan,
            fixes: [{ title: 'Remove the values', edits: [removeEntry(ctx.source, map, e.valuesEntry)], preferred: true }],
          });
        }
      }
    }
    return out;
  },
};
