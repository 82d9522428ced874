import { peersKey, rulesOf, strList } from '../cel';
import type { AdmissionCheck } from '../types';

/** The hand-made name-like label keys the linter reports (analysis/dns NAME_LIKE_KEYS). */
const NAME_LIKE = strList(['name', 'ns', 'namespace']);

/** A matchLabels entry whose key is name-like and whose value could be a namespace name (a DNS-1123 label). */
const badLabel = (s: string) => `(k in ${NAME_LIKE} && size(${s}.matchLabels[k]) <= 63 && ${s}.matchLabels[k].matches('^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'))`;
/** A match expression on a name-like key with values. */
const badExpression = `(e.key in ${NAME_LIKE} && has(e.values) && size(e.values) > 0)`;

/** The offending labels of selector s, as `key: value` / `key in (a, b)`. */
const labels = (s: string) =>
  `(has(${s}.matchLabels) ? ${s}.matchLabels.filter(k, ${badLabel(s)}).map(k, k + ': ' + ${s}.matchLabels[k]) : []) + (has(${s}.matchExpressions) ? ${s}.matchExpressions.filter(e, ${badExpression}).map(e, e.key + ' in (' + e.values.join(', ') + ')') : [])`;

export const namespaceNameLabel: AdmissionCheck = {
  code: 'namespace-name-label',
  id: 'nameLabel',
  field: 'spec.ingress[*].from[*] / spec.egress[*].to[*] namespaceSelector',
  summary:
    'a namespaceSelector selects by a hand-made name-like label (name, ns, namespace), which exists only if someone added it to the namespace (and anyone who can label namespaces can copy it); select by kubernetes.io/metadata.name, which the API server sets.',
  finds: (d) => {
    const k = peersKey(d);
    return `${rulesOf(d)}.map(r, has(r.${k}) ? r.${k}.filter(p, has(p.namespaceSelector)).map(p, (${labels('p.namespaceSelector')}).join(', ')).filter(s, s != '') : [])`;
  },
  describe: (d, entry) =>
    `'spec.${d.toLowerCase()}: a namespaceSelector selects by the label "' + ${entry} + '", which exists only if someone added it to the namespace (and anyone who can label namespaces can copy it); select by kubernetes.io/metadata.name, which the API server sets.'`,
};
