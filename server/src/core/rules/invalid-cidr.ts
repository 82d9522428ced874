import { cidrProblem } from '../analysis/cidr';
import type { Finding } from '../findings';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const invalidCidr: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-cidr',
    defaultSeverity: 'error',
    category: 'A',
    description: 'An ipBlock `cidr` or `except` entry that is not a valid CIDR under strict validation.',
  },
  check(p) {
    const out: Finding[] = [];
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (!ip) continue;
      const entries = [...(ip.cidr && ip.cidr.value !== '' ? [{ at: `${path}.ipBlock.cidr`, v: ip.cidr }] : []), ...ip.except.map((v, i) => ({ at: `${path}.ipBlock.except[${i}]`, v }))];
      for (const { at, v } of entries) {
        const problem = cidrProblem(v.value);
        if (problem) out.push({ code: 'invalid-cidr', severity: 'error', message: `${at}: Invalid value: "${v.value}": ${problem}.`, span: v.node.span });
      }
    }
    return out;
  },
};
