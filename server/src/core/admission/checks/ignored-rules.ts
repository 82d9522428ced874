import { rulesOf } from '../cel';
import type { AdmissionCheck } from '../types';

/**
 * Rules stored for a direction spec.policyTypes does not list (the defaulted object always has
 * policyTypes). One find per direction: the rules' count.
 */
export const ignoredRules: AdmissionCheck = {
  code: 'ignored-rules',
  id: 'ignoredRules',
  field: 'spec.policyTypes',
  summary: 'the policy has ingress or egress rules whose direction spec.policyTypes does not list: the API server keeps them and no CNI enforces them.',
  finds: (d) => `size(${rulesOf(d)}) > 0 && !('${d}' in variables.policyTypes) ? [[string(size(${rulesOf(d)}))]] : []`,
  describe: (d, entry) =>
    `'spec.${d.toLowerCase()} has ' + ${entry} + ' rule(s) but spec.policyTypes does not list ${d}: the API server keeps them and no CNI enforces them.'`,
};
