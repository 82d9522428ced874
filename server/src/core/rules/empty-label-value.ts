import { NAMESPACE_NAME_LABEL } from '../config';
import type { Report } from '../findings';
import { isNull } from '../model/located';
import { allSelectors } from './paths';
import type { PolicyRule } from './types';

/**
 * A selector's matchLabels value that is empty: `app: ""`, or `app:` with nothing after it (null,
 * which the API server decodes as ""). It is valid, and matches only what carries the label with
 * the empty value: almost never what was meant (a value left out, or "any value" meant).
 */
export const emptyLabelValue: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'empty-label-value',
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'A selector label with an empty value (`app: ""`, or `app:` with nothing after it): it matches only pods or namespaces whose label is set to the empty string.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { selector, path, kind } of allSelectors(p)) {
      for (const m of selector.matchLabels) {
        if (m.value !== '') continue;
        const { entry } = m;
        const missing = isNull(entry.value);
        // `app:` has no characters for its value: the key and its colon show it
        const colon = ctx.source.text.indexOf(':', entry.keySpan.end);
        const span =
          entry.value.span.end > entry.value.span.start ? entry.value.span : { start: entry.keySpan.start, end: Math.max(colon + 1, entry.keySpan.end) };
        const written = missing ? `"${m.key}:" has no value, which the API server reads as "", so it` : `${m.key}: ""`;
        const message =
          kind === 'namespace' && m.key === NAMESPACE_NAME_LABEL
            ? `Empty namespace name: ${written} matches no namespace, since every namespace has a name. Name the namespace.`
            : `Empty label value: ${written} matches only ${kind === 'pod' ? 'pods' : 'namespaces'} whose ${m.key} label is set to the empty string, which is probably not what was meant. Give the value, or use matchExpressions with operator Exists for any value.`;
        out.push({ message, path: `${path}.matchLabels.${m.key}`, span });
      }
    }
    return out;
  },
};
