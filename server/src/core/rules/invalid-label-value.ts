import { labelValue } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

export const invalidLabelValue: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-label-value',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A selector value is not a valid label value (at most 63 characters: letters, digits, "-", "_", ".").',
  },
  check(p) {
    const out: Report[] = [];
    const report = (path: string, value: string, span: Report['span']) => {
      const problems = labelValue(value);
      if (problems.length) out.push({ message: `${path}: Invalid value: "${value}": ${problems.join('; ')}.`, span });
    };
    for (const { selector, path } of allSelectors(p)) {
      for (const m of selector.matchLabels) if (m.value !== undefined) report(`${path}.matchLabels.${m.key}`, m.value, m.entry.value.span);
      for (const e of selector.matchExpressions)
        e.valueNodes.forEach((v, i) => report(`${path}.matchExpressions[${e.index}].values[${i}]`, v.value as string, v.span));
    }
    return out;
  },
};
