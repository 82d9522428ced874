import { canonicalCidr, cidrProblem, parseCidr } from '../analysis/cidr';
import type { Finding } from '../findings';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const nonCanonicalCidr: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'non-canonical-cidr',
    defaultSeverity: 'warning',
    category: 'A',
    description: 'A CIDR with host bits set (`10.0.0.5/24`): it means the network `10.0.0.0/24`; strict validation rejects it.',
  },
  check(p) {
    const out: Finding[] = [];
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (!ip) continue;
      const entries = [...(ip.cidr ? [{ at: `${path}.ipBlock.cidr`, v: ip.cidr }] : []), ...ip.except.map((v, i) => ({ at: `${path}.ipBlock.except[${i}]`, v }))];
      for (const { at, v } of entries) {
        if (cidrProblem(v.value)) continue;
        const parsed = parseCidr(v.value);
        const canonical = parsed && canonicalCidr(parsed);
        if (!canonical) continue;
        out.push({
          code: 'non-canonical-cidr',
          severity: 'warning',
          message: `${at}: "${v.value}" has host bits set: it means the network ${canonical}, and API servers with strict validation reject it.`,
          span: v.node.span,
          fixes: [{ title: `Rewrite as ${canonical}`, edits: [{ start: v.node.span.start, end: v.node.span.end, newText: v.node.quoted ? `"${canonical}"` : canonical }], preferred: true }],
        });
      }
    }
    return out;
  },
};
