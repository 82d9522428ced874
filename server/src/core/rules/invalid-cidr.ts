import { cidrProblem } from '../analysis/cidr';
import type { Report } from '../findings';
import { allCidrs } from './paths';
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
    const out: Report[] = [];
    for (const cidr of allCidrs(p)) {
      const { path, value, node } = cidr;
      const problem = cidrProblem(cidr);
      if (problem) out.push({ message: `${path}: Invalid value: "${value}": ${problem}.`, span: node.span });
    }
    return out;
  },
};
