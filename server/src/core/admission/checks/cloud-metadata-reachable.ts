import { rulesOf } from '../cel';
import type { AdmissionCheck } from '../types';

/** The cloud metadata address (rules/cloud-metadata-reachable METADATA_IP). */
const METADATA = "ip('169.254.169.254')";

/** An ipBlock CIDR wider than /32 that holds the address, without an except that holds it. */
const reaches = `has(p.ipBlock) && isCIDR(p.ipBlock.cidr) && cidr(p.ipBlock.cidr).containsIP(${METADATA}) && cidr(p.ipBlock.cidr).prefixLength() != 32 && !(has(p.ipBlock.except) && p.ipBlock.except.exists(e, isCIDR(e) && cidr(e).containsIP(${METADATA})))`;

/** Egress only, whatever policyTypes says (as the linter). */
export const cloudMetadataReachable: AdmissionCheck = {
  code: 'cloud-metadata-reachable',
  id: 'metadata',
  field: 'spec.egress[*].to[*].ipBlock',
  summary:
    'an ipBlock includes 169.254.169.254, the cloud metadata service, without excepting it: a compromised pod can read node credentials there. Add 169.254.169.254/32 to except.',
  finds: (d) => (d === 'Egress' ? `${rulesOf(d)}.map(r, has(r.to) ? r.to.filter(p, ${reaches}).map(p, p.ipBlock.cidr) : [])` : undefined),
  describe: (_d, entry) =>
    `'spec.egress: the ipBlock ' + ${entry} + ' includes 169.254.169.254, the cloud metadata service: a compromised pod can read node credentials there. Add 169.254.169.254/32 to except.'`,
};
