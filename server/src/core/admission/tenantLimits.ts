/**
 * Tenant limits: checks with no linter rule behind them, written only when `admission:` in the
 * config asks for them, always Deny. Their messages link the admission page of the docs.
 */
import { SYSTEM_NAMESPACES, type AdmissionSettings, type DnsProfile } from '../config';
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

/** CoreDNS' own container port names, which the DNS rules accept too (analysis/dns). */
const DNS_PORT_NAMES = ['dns', 'dns-tcp'];

/**
 * No peer names a system namespace (by kubernetes.io/metadata.name, in matchLabels or an In), except
 * the DNS profile's pods on its ports, egress: the one reason a tenant has to reach kube-system.
 * Selectors by other labels, or empty ones, are namespaceSelectorsByName's to refuse.
 */
function noSystemNamespaces(dns: DnsProfile): AdmissionCheck {
  const SYSTEM = strList([...SYSTEM_NAMESPACES]);
  const s = 'p.namespaceSelector';
  // the system namespaces it names: one string per place (a label, an In), `kube-system, kube-public`
  const named = `((has(${s}.matchLabels) && '${NAME}' in ${s}.matchLabels && ${s}.matchLabels['${NAME}'] in ${SYSTEM} ? [${s}.matchLabels['${NAME}']] : []) + (has(${s}.matchExpressions) ? ${s}.matchExpressions.filter(e, e.key == '${NAME}' && e.operator == 'In' && has(e.values)).map(e, e.values.filter(v, v in ${SYSTEM}).join(', ')) : [])).filter(v, v != '')`;
  // it names a system namespace other than the DNS profile's
  const DNS = str(dns.namespace);
  const otherSystem = `((has(${s}.matchLabels) && '${NAME}' in ${s}.matchLabels && ${s}.matchLabels['${NAME}'] in ${SYSTEM} && ${s}.matchLabels['${NAME}'] != ${DNS}) || (has(${s}.matchExpressions) && ${s}.matchExpressions.exists(e, e.key == '${NAME}' && e.operator == 'In' && has(e.values) && e.values.exists(v, v in ${SYSTEM} && v != ${DNS}))))`;
  const labels = `{${Object.entries(dns.podLabels)
    .map(([k, v]) => `${str(k)}: ${str(v)}`)
    .join(', ')}}`;
  const dnsPods = `has(p.podSelector) && has(p.podSelector.matchLabels) && ${labels}.all(k, k in p.podSelector.matchLabels && p.podSelector.matchLabels[k] == ${labels}[k])`;
  const ports = `[${dns.ports.join(', ')}]`;
  const dnsPorts = `has(r.ports) && size(r.ports) > 0 && r.ports.all(q, has(q.port) && !has(q.endPort) && (type(q.port) == int ? q.port in ${ports} : q.port in ${strList(DNS_PORT_NAMES)}))`;
  return {
    code: 'no-system-namespaces',
    docs: TENANT_LIMITS_DOCS,
    id: 'systemNs',
    field: 'spec.ingress[*].from[*].namespaceSelector / spec.egress[*].to[*].namespaceSelector',
    summary: `a peer selects a system namespace (${[...SYSTEM_NAMESPACES].join(', ')}); tenants reach only the cluster DNS there (${dns.namespace} pods ${Object.entries(
      dns.podLabels,
    )
      .map(([k, v]) => `${k}=${v}`)
      .join(', ')}, ports ${dns.ports.join(', ')}, egress).`,
    finds: (d: Direction) => {
      const k = peersKey(d);
      // each peer's names are built once (joined: '' when it names none), as they are the bulk of
      // the cost per peer; the DNS exception asks a cheaper question without strings: whether the
      // peer names a system namespace other than the DNS one (docs/admission.md, CEL cost)
      const names = `${named}.join(', ')`;
      if (d === 'Ingress') return `${rulesOf(d)}.map(r, has(r.${k}) ? r.${k}.filter(p, has(${s})).map(p, ${names}).filter(x, x != '') : [])`;
      // [the DNS pods, in no system namespace but DNS's, on the DNS ports: 'dns', or '', the names]; the ports once per rule
      const tagged = (dnsRule: boolean) => `r.${k}.filter(p, has(${s})).map(p, [${dnsRule ? `${dnsPods} && !${otherSystem} ? 'dns' : ''` : "''"}, ${names}])`;
      return `${rulesOf(d)}.map(r, has(r.${k}) ? (${dnsPorts} ? ${tagged(true)} : ${tagged(false)}).filter(t, t[1] != '' && t[0] != 'dns').map(t, t[1]) : [])`;
    },
    describe: (d, entry) =>
      `'spec.${d.toLowerCase()}: a peer selects the system namespace ' + ${entry} + '; tenants reach only the cluster DNS there (${dns.namespace} pods on ports ${dns.ports.join(', ')}, egress).'`,
  };
}

/** The tenant limits the settings ask for. */
export function tenantLimits(settings: AdmissionSettings, dns: DnsProfile): AdmissionCheck[] {
  const out: AdmissionCheck[] = [];
  if (settings.allowedCidrs && settings.allowedCidrs.length > 0) out.push(allowedCidrs(settings.allowedCidrs));
  if (settings.namespaceSelectorsByName) out.push(byNameOnly);
  if (settings.noSystemNamespaces) out.push(noSystemNamespaces(dns));
  return out;
}
