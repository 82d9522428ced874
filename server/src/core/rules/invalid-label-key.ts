import { qualifiedName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { metadataEntries, type MetadataSite } from '../model/objectMeta';
import { allSelectors, policyMetadata } from './paths';
import type { PolicyRule } from './types';
import { appendAll } from '../arrays';

function problem(path: string, key: string, span: Report['span']): Report[] {
  const problems = qualifiedName(key);
  return problems.length ? [{ message: `Invalid label key "${key}": ${problems.join('; ')}.`, path, span }] : [];
}

/** `metadata.labels` keys; the API server names the labels map in its message, not the key. */
function metadataLabelKeys(sites: readonly MetadataSite[]): Report[] {
  return sites.flatMap((site) => metadataEntries(site, 'labels').flatMap((e) => problem(`${site.path}.labels`, e.key, e.keySpan)));
}

export const invalidLabelKey: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-label-key',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A label key (selector or metadata.labels) is not a qualified name (optional DNS prefix and "/", then a name of at most 63 characters).',
  },
  check(p) {
    const out: Report[] = [];
    for (const { selector, path } of allSelectors(p)) {
      for (const m of selector.matchLabels) appendAll(out, problem(`${path}.matchLabels`, m.key, m.entry.keySpan));
      for (const e of selector.matchExpressions)
        if (e.key && e.keyEntry) appendAll(out, problem(`${path}.matchExpressions[${e.index}].key`, e.key, e.keyEntry.value.span));
    }
    appendAll(out, metadataLabelKeys(policyMetadata(p)));
    return out;
  },
  checkObject: (object) => metadataLabelKeys(object.metadata),
};
