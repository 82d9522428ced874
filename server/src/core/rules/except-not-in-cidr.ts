import { cidrProblem, isStrictSubset, nonStandardForms } from '../analysis/cidr';
import type { Report } from '../findings';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const exceptNotInCidr: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'except-not-in-cidr',
    defaultSeverity: 'error',
    category: 'A',
    description: 'An `except` entry that is not a strict subset of `cidr` (outside it, equal to it, or the other IP family).',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      const outer = ip?.cidr?.parsed;
      if (!ip?.cidr || !outer || cidrProblem(ip.cidr, ctx.api.strictCidr)) continue;
      ip.except.forEach((e, i) => {
        if (!e.parsed || cidrProblem(e, ctx.api.strictCidr) || isStrictSubset(e.parsed, outer)) return;
        const mapped = nonStandardForms(e.value, e.parsed).includes('ipv4-mapped') || nonStandardForms(ip.cidr!.value, outer).includes('ipv4-mapped');
        const why = mapped ? ' (the API server compares an IPv4-mapped IPv6 address as IPv4, and prefix lengths as written)' : '';
        out.push({
          message: `Except not inside the cidr: "${e.value}" must be a strict subset of the cidr ${ip.cidr!.value}${why}.`,
          path: `${path}.ipBlock.except[${i}]`,
          span: e.node.span,
        });
      });
    }
    return out;
  },
};
