import { labelValue } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { metadataEntries, type MetadataSite } from '../model/objectMeta';
import { allSelectors, policyMetadata } from './paths';
import type { PolicyRule } from './types';
import { appendAll } from '../arrays';

function problem(path: string, value: string, span: Report['span']): Report[] {
  const problems = labelValue(value);
  return problems.length ? [{ message: `Invalid label value "${value}": ${problems.join('; ')}.`, path, span }] : [];
}

/** `metadata.labels` string values (other types are wrong-type's); the API server names the labels map. */
function metadataLabelValues(sites: readonly MetadataSite[]): Report[] {
  return sites.flatMap((site) =>
    metadataEntries(site, 'labels').flatMap((e) =>
      e.value.kind === 'scalar' && typeof e.value.value === 'string' ? problem(`${site.path}.labels`, e.value.value, e.value.span) : [],
    ),
  );
}

export const invalidLabelValue: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-label-value',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A label value (selector or metadata.labels) is not a valid label value (at most 63 characters: letters, digits, "-", "_", ".").',
  },
  check(p) {
    const out: Report[] = [];
    for (const { selector, path } of allSelectors(p)) {
      for (const m of selector.matchLabels) if (m.value !== undefined) appendAll(out, problem(`${path}.matchLabels.${m.key}`, m.value, m.entry.value.span));
      for (const e of selector.matchExpressions)
        e.valueNodes.forEach((v, i) => appendAll(out, problem(`${path}.matchExpressions[${e.index}].values[${i}]`, v.value as string, v.span)));
    }
    appendAll(out, metadataLabelValues(policyMetadata(p)));
    return out;
  },
  checkObject: (object) => metadataLabelValues(object.metadata),
};
