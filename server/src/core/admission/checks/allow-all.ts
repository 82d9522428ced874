import { emptySelector, noPeers, peersKey, rulesOf, type Direction } from '../cel';
import type { AdmissionCheck } from '../types';

/** A peer that admits every peer: `namespaceSelector: {}` alone, or a /0 ipBlock without except. */
const openPeer = `((has(p.namespaceSelector) && ${emptySelector('p.namespaceSelector')} && !has(p.podSelector) && !has(p.ipBlock)) || (has(p.ipBlock) && isCIDR(p.ipBlock.cidr) && cidr(p.ipBlock.cidr).prefixLength() == 0 && (!has(p.ipBlock.except) || size(p.ipBlock.except) == 0)))`;

const who = (d: Direction) => (d === 'Ingress' ? 'source' : 'destination');

/** Only the directions the policy enforces (ignored-rules reports the others), as the linter. */
export const allowAll: AdmissionCheck = {
  code: 'allow-all',
  id: 'allowAll',
  field: 'spec.ingress / spec.egress',
  summary: 'a rule admits everything: no from/to, `namespaceSelector: {}` alone, or an ipBlock of /0 without except.',
  finds: (d) => {
    const k = peersKey(d);
    return `'${d}' in variables.policyTypes ? ${rulesOf(d)}.map(r, (${noPeers('r', d)} ? ['no ${k}'] : []) + (has(r.${k}) ? r.${k}.filter(p, ${openPeer}).map(p, has(p.ipBlock) ? 'ipBlock ' + p.ipBlock.cidr + ' without except' : 'namespaceSelector: {} alone') : [])) : []`;
  },
  describe: (d, entry) => `'a rule of spec.${d.toLowerCase()} allows every ${who(d)} (any pod, any namespace, any IP): ' + ${entry} + '.'`,
};
