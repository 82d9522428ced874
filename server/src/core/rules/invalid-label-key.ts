import { qualifiedName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

export const invalidLabelKey: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-label-key',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A selector key is not a qualified name (optional DNS prefix and "/", then a name of at most 63 characters).',
  },
  check(p) {
    const out: Report[] = [];
    const report = (path: string, key: string, span: Report['span']) => {
      const problems = qualifiedName(key);
      if (problems.length) out.push({ message: `${path}: Invalid value: "${key}": ${problems.join('; ')}.`, span });
    };
    for (const { selector, path } of allSelectors(p)) {
      for (const m of selector.matchLabels) report(`${path}.matchLabels`, m.key, m.entry.keySpan);
      for (const e of selector.matchExpressions) if (e.key && e.keyEntry) report(`${path}.matchExpressions[${e.index}].key`, e.key, e.keyEntry.value.span);
    }
    return out;
  },
};
