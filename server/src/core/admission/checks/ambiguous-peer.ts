import { peersKey, rulesOf } from '../cel';
import type { AdmissionCheck } from '../types';

const nsOnly = 'has(p.namespaceSelector) && !has(p.podSelector) && !has(p.ipBlock)';
const podOnly = 'has(p.podSelector) && !has(p.namespaceSelector) && !has(p.ipBlock)';

/** In either direction, whatever policyTypes says (as the linter): one find per rule with both kinds of peer. */
export const ambiguousPeer: AdmissionCheck = {
  code: 'ambiguous-peer',
  id: 'ambiguousPeer',
  field: 'spec.ingress[*].from / spec.egress[*].to',
  summary:
    'a namespaceSelector-only peer next to a podSelector-only peer: two peers are OR (every pod of the selected namespaces, or the selected pods of this namespace); for "these pods in those namespaces", put both selectors in one peer.',
  finds: (d) => {
    const k = peersKey(d);
    return `${rulesOf(d)}.map(r, has(r.${k}) && r.${k}.exists(p, ${nsOnly}) && r.${k}.exists(p, ${podOnly}) ? ['${k}'] : [])`;
  },
  describe: (d, entry) =>
    `'a rule of spec.${d.toLowerCase()} has, in ' + ${entry} + ', a peer with only namespaceSelector and a peer with only podSelector: two peers are OR (every pod of the selected namespaces, or the selected pods of this namespace); for "these pods in those namespaces", put both selectors in one peer.'`,
};
