import { qualifiedName } from '../analysis/k8sNames';
import type { Finding } from '../findings';
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
    const out: Finding[] = [];
    const report = (path: string, key: string, span: Finding['span']) => {
      const problems = qualifiedName(key);
      if (problems.length)
        out.push({ code: 'invalid-label-key', severity: 'error', message: `${path}: Invalid value: "${key}": ${problems.join('; ')}.`, span });
    };
    for (const { selector, path } of allSelectors(p)) {
      for (const m of selector.matchLabels) report(`${path}.matchLabels`, m.key, m.entry.keySpan);
      for (const e of selector.matchExpressions) if (e.key && e.keyEntry) report(`${path}.matchExpressions[${e.index}].key`, e.key, e.keyEntry.value.span);
    }
    return out;
  },
};
