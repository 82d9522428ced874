import { NAME_LIKE_KEYS } from '../analysis/dns';
import { dns1123Label } from '../analysis/k8sNames';
import { NAMESPACE_NAME_LABEL } from '../config';
import type { Report } from '../findings';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

export const namespaceNameLabel: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'namespace-name-label',
    defaultSeverity: 'warning',
    category: 'B',
    description: 'A namespaceSelector on a hand-made `name`-like label instead of `kubernetes.io/metadata.name`.',
  },
  check(p) {
    const out: Report[] = [];
    for (const { selector, path, kind } of allSelectors(p)) {
      if (kind !== 'namespace') continue;
      const keys = [
        ...selector.matchLabels
          .filter((m) => m.value !== undefined && dns1123Label(m.value).length === 0)
          .map((m) => ({ key: m.key, span: m.entry.keySpan, value: m.value! })),
        ...selector.matchExpressions
          .filter((e) => e.keyEntry && e.values.length > 0)
          .map((e) => ({ key: e.key ?? '', span: e.keyEntry!.value.span, value: e.values.join(', ') })),
      ];
      for (const k of keys) {
        if (!NAME_LIKE_KEYS.has(k.key)) continue;
        out.push({
          message: `Hand-made namespace label: "${k.key}: ${k.value}" exists only if someone added it to the namespace (and anyone who can label namespaces can copy it); select by ${NAMESPACE_NAME_LABEL}, which the API server sets.`,
          path,
          span: k.span,
          fixes: [{ title: `Use ${NAMESPACE_NAME_LABEL}`, edits: [{ start: k.span.start, end: k.span.end, newText: NAMESPACE_NAME_LABEL }], preferred: true }],
        });
      }
    }
    return out;
  },
};
