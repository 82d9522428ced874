import { qualifiedName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import { metadataEntries, type MetadataSite } from '../model/objectMeta';
import { policyMetadata } from './paths';
import type { PolicyRule } from './types';

/**
 * `metadata.annotations` keys as ValidateAnnotations checks them: a qualified name "except that case
 * doesn't matter", so the whole key is lower-cased before the check (`Example.com/Owner` is a valid
 * annotation key, though not a valid label key); the message names the annotations map and the key as
 * written. Values may be any string; their total size is not checked here.
 */
function annotationKeys(sites: readonly MetadataSite[]): Report[] {
  return sites.flatMap((site) =>
    metadataEntries(site, 'annotations').flatMap((e) => {
      const problems = qualifiedName(e.key.toLowerCase());
      return problems.length
        ? [{ message: `Invalid annotation key "${e.key}": ${problems.join('; ')}.`, path: `${site.path}.annotations`, span: e.keySpan }]
        : [];
    }),
  );
}

export const invalidAnnotation: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-annotation',
    defaultSeverity: 'error',
    category: 'A',
    description:
      'A metadata.annotations key is not a qualified name (optional DNS prefix and "/", then a name of at most 63 characters; case does not matter).',
  },
  check: (p) => annotationKeys(policyMetadata(p)),
  checkObject: (object) => annotationKeys(object.metadata),
};
