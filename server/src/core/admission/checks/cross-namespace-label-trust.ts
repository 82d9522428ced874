import { emptySelector, peersKey, rulesOf } from '../cel';
import type { AdmissionCheck } from '../types';

/** The pod labels a peer trusts, `app=web, tier=db` (or the expressions' keys). */
const podLabels = `(has(p.podSelector.matchLabels) ? p.podSelector.matchLabels.map(k, k + '=' + p.podSelector.matchLabels[k]) : []) + (has(p.podSelector.matchExpressions) ? p.podSelector.matchExpressions.map(e, e.key + ' ' + e.operator) : [])`;

export const crossNamespaceLabelTrust: AdmissionCheck = {
  code: 'cross-namespace-label-trust',
  id: 'labelTrust',
  field: 'spec.ingress[*].from[*] / spec.egress[*].to[*] namespaceSelector',
  summary:
    'namespaceSelector is empty and a podSelector is given, so pods with these labels in every namespace match: any tenant that can label its own pods gets in. Name the namespaces (kubernetes.io/metadata.name).',
  finds: (d) => {
    const k = peersKey(d);
    return `${rulesOf(d)}.map(r, has(r.${k}) ? r.${k}.filter(p, has(p.namespaceSelector) && ${emptySelector('p.namespaceSelector')} && has(p.podSelector)).map(p, size(${podLabels}) > 0 ? (${podLabels}).join(', ') : 'every pod') : [])`;
  },
  describe: (d, entry) =>
    `'spec.${d.toLowerCase()}: a peer with an empty namespaceSelector trusts pods labelled ' + ${entry} + ' in every namespace: any tenant that can label its own pods gets in. Name the namespaces (kubernetes.io/metadata.name).'`,
};
