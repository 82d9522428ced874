import { peersKey, rulesOf } from '../cel';
import type { AdmissionCheck } from '../types';

/** Every peer is an ipBlock alone (and there is one). */
const onlyIpBlocks = (k: string) => `has(r.${k}) && size(r.${k}) > 0 && r.${k}.all(p, has(p.ipBlock) && !has(p.podSelector) && !has(p.namespaceSelector))`;

/** A port given by name (an int-or-string that is a string; the API server refuses digits-only names). */
const named = `has(q.port) && type(q.port) == string && !q.port.matches('^[0-9]+$')`;

export const namedPortWithIpblock: AdmissionCheck = {
  code: 'named-port-with-ipblock',
  id: 'namedPort',
  field: 'spec.ingress[*].ports[*].port / spec.egress[*].ports[*].port',
  summary:
    'a port is a name in a rule whose peers are all ipBlocks: a name resolves only against pods’ container ports, so this entry allows nothing. Use the port number.',
  finds: (d) => {
    const k = peersKey(d);
    return `${rulesOf(d)}.map(r, ${onlyIpBlocks(k)} && has(r.ports) ? r.ports.filter(q, ${named}).map(q, string(q.port)) : [])`;
  },
  describe: (d, entry) =>
    `'spec.${d.toLowerCase()}: the port "' + ${entry} + '" is a name, and a name resolves only against pods’ container ports: with only ipBlock peers this entry allows nothing. Use the port number.'`,
};
