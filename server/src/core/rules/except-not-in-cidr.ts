import { cidrProblem, isStrictSubset, parseCidr } from '../analysis/cidr';
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
  check(p) {
    const out: Report[] = [];
    for (const { peer, path } of allPeers(p)) {
      const ip = peer.ipBlock;
      if (!ip?.cidr || cidrProblem(ip.cidr.value)) continue;
      const outer = parseCidr(ip.cidr.value)!;
      ip.except.forEach((e, i) => {
        if (cidrProblem(e.value)) return;
        const inner = parseCidr(e.value)!;
        if (isStrictSubset(inner, outer)) return;
        out.push({
          message: `${path}.ipBlock.except[${i}]: Invalid value: "${e.value}": must be a strict subset of \`cidr\` (${ip.cidr!.value}).`,
          span: e.node.span,
        });
      });
    }
    return out;
  },
};
