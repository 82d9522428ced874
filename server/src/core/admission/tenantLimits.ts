/**
 * Tenant limits: checks with no linter rule behind them, written only when `admission:` in the
 * config asks for them, always Deny. Their messages link the admission page of the docs.
 */
import type { AdmissionSettings } from '../config';
import { admissionDocsUrl } from '../docs';
import { peersKey, rulesOf, str, strList, type Direction } from './cel';
import type { AdmissionCheck } from './types';

export const TENANT_LIMITS_DOCS = admissionDocsUrl('tenant-limits');

const NAME = 'kubernetes.io/metadata.name';

function allowedCidrs(allowed: readonly string[]): AdmissionCheck {
  const inside = `${strList(allowed)}.exists(a, cidr(a).containsCIDR(cidr(p.ipBlock.cidr)))`;
  return {
    code: 'allowed-cidrs',
    docs: TENANT_LIMITS_DOCS,
    id: 'allowedCidrs',
    field: 'spec.ingress[*].from[*].ipBlock / spec.egress[*].to[*].ipBlock',
    summary: `an ipBlock reaches outside the CIDRs this cluster allows tenants (${allowed.join(', ')}).`,
    finds: (d: Direction) => {
      const k = peersKey(d);
      return `${rulesOf(d)}.map(r, has(r.${k}) ? r.${k}.filter(p, has(p.ipBlock) && !(isCIDR(p.ipBlock.cidr) && ${inside})).map(p, p.ipBlock.cidr) : [])`;
    },
    describe: (d, entry) =>
      `'spec.${d.toLowerCase()}: the ipBlock ' + ${entry} + ' reaches outside the CIDRs this cluster allows tenants (' + ${str(allowed.join(', '))} + ').'`,
  };
}

/** Only `kubernetes.io/metadata.name` (matchLabels, or In), and never `{}`: a namespace is named, never matched by a label its owner can set. */
const byNameOnly: AdmissionCheck = {
  code: 'namespace-selector-by-name',
  docs: TENANT_LIMITS_DOCS,
  id: 'byName',
  field: 'spec.ingress[*].from[*].namespaceSelector / spec.egress[*].to[*].namespaceSelector',
  summary: `a namespaceSelector selects by something other than ${NAME} (or is empty, every namespace): tenants name the namespaces they trust.`,
  finds: (d: Direction) => {
    const k = peersKey(d);
    const s = 'p.namespaceSelector';
    const otherLabels = `(has(${s}.matchLabels) ? ${s}.matchLabels.filter(l, l != '${NAME}') : [])`;
    const otherExpressions = `(has(${s}.matchExpressions) ? ${s}.matchExpressions.filter(e, e.key != '${NAME}' || e.operator != 'In').map(e, e.key + ' ' + e.operator) : [])`;
    const empty = `(!has(${s}.matchLabels) || size(${s}.matchLabels) == 0) && (!has(${s}.matchExpressions) || size(${s}.matchExpressions) == 0)`;
    return `${rulesOf(d)}.map(r, has(r.${k}) ? r.${k}.filter(p, has(${s})).map(p, ${empty} ? '{} (every namespace)' : (${otherLabels} + ${otherExpressions}).join(', ')).filter(x, x != '') : [])`;
  },
  describe: (d, entry) => `'spec.${d.toLowerCase()}: a namespaceSelector selects by ' + ${entry} + ': tenants select namespaces only by ${NAME}.'`,
};

/** The tenant limits the settings ask for. */
export function tenantLimits(settings: AdmissionSettings): AdmissionCheck[] {
  const out: AdmissionCheck[] = [];
  if (settings.allowedCidrs && settings.allowedCidrs.length > 0) out.push(allowedCidrs(settings.allowedCidrs));
  if (settings.namespaceSelectorsByName) out.push(byNameOnly);
  return out;
}
