/** dns-reachable, metadata-blocked and default-deny, over the manifests as written. Pure. */
import { parseIp } from '../analysis/cidr';
import type { ClusterPolicy, Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import { effectivePolicyTypes } from '../model/networkPolicy';
import { METADATA_ADDRESS, plural, type Tenancy, type Violation } from './context';

/** `only` (here and in metadataBlocked): the pods of these namespaces alone (see incremental.ts); all when absent. */
export function dnsReachable(ctx: Tenancy, only?: ReadonlySet<string>): Violation[] {
  const dns = ctx.dns;
  let required = ConnectionSet.NONE;
  for (const p of dns.ports) required = required.union(ConnectionSet.range('UDP', p)).union(ConnectionSet.range('TCP', p));
  const declared = ctx.engine.cluster.pods.filter((p) => p.namespace === dns.namespace && Object.entries(dns.podLabels).every(([k, v]) => p.labels[k] === v));
  const targets: Pod[] =
    declared.length > 0
      ? declared
      : [
          {
            id: `${dns.namespace}/(cluster DNS)`,
            namespace: dns.namespace,
            name: '(cluster DNS)',
            kind: 'Pod',
            labels: dns.podLabels,
            ports: dns.ports.flatMap((port) => [
              { name: 'dns', protocol: 'UDP' as const, port },
              { name: 'dns-tcp', protocol: 'TCP' as const, port },
            ]),
          },
        ];
  // NodeLocal DNSCache: pods may query its link-local address instead, so what a pod's egress allows
  // there (outside the cluster; any one of the addresses) counts as reaching the DNS
  const local = dns.nodeLocalIPs.flatMap((ip) => parseIp(ip) ?? []);
  const ext = local.length > 0 ? ctx.engine.externalEndpoints() : undefined;
  const localRanges = ext ? [...new Set(local.map((a) => ext.partition.rangeOf(a)))] : [];
  const groups = new Map<string, Violation>();
  for (const pod of ctx.tenantPods()) {
    if (only && !only.has(pod.namespace)) continue;
    let viaLocal = ConnectionSet.NONE;
    for (const r of localRanges) viaLocal = viaLocal.union(ctx.engine.externalBetween(pod, r, 'Egress').allowed);
    for (const target of targets) {
      const pc = ctx.engine.connectionsBetween(pod, target);
      const missing = required.difference(pc.allowed).difference(viaLocal);
      if (missing.isEmpty()) continue;
      const key = `${pod.namespace}\0${target.id}\0${missing}`;
      const seen = groups.get(key);
      if (seen) {
        seen.count++;
        continue;
      }
      const causes = [
        ...(pc.egress.allowed.intersect(missing).isEmpty() ? pc.egress.isolatedBy.map((p) => ctx.policyCause(p, 'Egress')) : []),
        ...(pc.ingress.allowed.intersect(missing).isEmpty() ? pc.ingress.isolatedBy.map((p) => ctx.policyCause(p, 'Ingress')) : []),
      ];
      groups.set(key, {
        invariant: 'dns-reachable',
        from: pod.id,
        to: target.id,
        count: 1,
        set: missing,
        message: `No DNS: ${pod.id} cannot reach ${target.id} on ${missing}: its name lookups fail (${causes.length > 0 ? 'isolated by ' + causes.map((c) => c.policy).join(', ') : 'isolated'} with nothing allowing)`,
        causes,
      });
    }
  }
  return [...groups.values()].map((v) =>
    v.count > 1 ? { ...v, message: `${v.message} (and ${plural(v.count - 1, 'other pod')} of ${v.from.split('/')[0]})` } : v,
  );
}

export function metadataBlocked(ctx: Tenancy, only?: ReadonlySet<string>): Violation[] {
  const address = parseIp(METADATA_ADDRESS)!;
  const ext = ctx.engine.externalEndpoints();
  const range = ext.partition.rangeOf(address);
  const pods = ctx.spec.tenants.length > 0 ? ctx.tenantPods() : [...ctx.engine.cluster.pods];
  const groups = new Map<string, Violation>();
  for (const pod of pods) {
    if (only && !only.has(pod.namespace)) continue;
    const d = ctx.engine.externalBetween(pod, range, 'Egress');
    if (d.allowed.isEmpty()) continue;
    const key = `${pod.namespace}\0${d.allowed}\0${d.allowedBy.map((r) => `${r.policy}#${r.rule}`).join(',')}`;
    const seen = groups.get(key);
    if (seen) {
      seen.count++;
      continue;
    }
    const causes = d.allowedBy.map((r) => ctx.ruleCause(r.policy, r.direction, r.rule, r.allows));
    groups.set(key, {
      invariant: 'metadata-blocked',
      from: pod.id,
      to: METADATA_ADDRESS,
      count: 1,
      set: d.allowed,
      message: `Reaches the cloud metadata address: ${pod.id} may open ${d.allowed} to ${METADATA_ADDRESS}, which hands out node credentials (${d.isolatedBy.length === 0 ? `no policy isolates its egress` : `allowed by ${causes.map((c) => `${c.policy} egress[${c.rule}]`).join(', ')}`})`,
      causes,
    });
  }
  return [...groups.values()].map((v) =>
    v.count > 1 ? { ...v, message: `${v.message} (and ${plural(v.count - 1, 'other pod')} of ${v.from.split('/')[0]})` } : v,
  );
}

export function defaultDeny(ctx: Tenancy): Violation[] {
  const out: Violation[] = [];
  const namespaces = ctx.spec.tenants.flatMap((t) => ctx.namespacesOf(t.name, false).map((n) => n.name));
  for (const t of ctx.spec.tenants)
    for (const g of t.namespaces) if (!/[*?]/.test(g) && ctx.tenantOf(g) === t.name && !namespaces.includes(g)) namespaces.push(g);
  const byNamespace = new Map<string, ClusterPolicy[]>();
  for (const p of ctx.engine.cluster.policies) {
    if (p.policy.spec === undefined) continue;
    const list = byNamespace.get(p.namespace);
    if (list) list.push(p);
    else byNamespace.set(p.namespace, [p]);
  }
  for (const ns of namespaces) {
    const policies = byNamespace.get(ns) ?? [];
    const all = policies.filter((p) => selectsEveryPod(p));
    const missing = (['Ingress', 'Egress'] as const).filter((d) => !all.some((p) => effectivePolicyTypes(p.policy).has(d)));
    if (missing.length === 0) continue;
    const which = missing.join(' and ').toLowerCase();
    out.push({
      invariant: 'default-deny',
      from: ns,
      to: ns,
      count: 1,
      set: ConnectionSet.ALL,
      message: `No default deny for ${which} in ${ns}: no policy selects all its pods (podSelector: {}) with policyTypes ${missing.join(', ')}, so a new pod there is open`,
      causes: all.map((p) => ctx.policyCause(p.id, effectivePolicyTypes(p.policy).has('Ingress') ? 'Ingress' : 'Egress')),
    });
  }
  return out;
}

/** Does the policy select every pod of its namespace, whatever its labels (an empty or absent podSelector)? */
function selectsEveryPod(p: ClusterPolicy): boolean {
  const sel = p.policy.spec?.podSelector;
  return !sel || sel.isEmpty || (sel.matchLabels.length === 0 && sel.matchExpressions.length === 0);
}
