/**
 * tenant-isolation: no pod of one tenant opens any connection to a pod of another, except to a
 * `shared` entry's pods on its ports. Against a hostile tenant by default (see hostile.ts): for
 * each pod of tenant A and each namespace of another tenant B, what A's ingress lets some pod of
 * that namespace open to it, whatever labels the pod carries and with its egress wide open (B's own
 * policies are B's to delete). As written: every cross-tenant pod pair's connection set. Pure.
 */
import { ConnectionSet } from '../connectivity/connectionSet';
import { portsSet } from '../connectivity/semantics';
import { effectivePolicyTypes, type RuleModel, rulesOf } from '../model/networkPolicy';
import { type Cause, labelsText, plural, type Tenancy, type Violation } from './context';
import { type HostileNamespace, hostileWitness, rulePeersAdmitHostile } from './hostile';

/** `only`: the victims of these namespaces alone (an incremental run, see incremental.ts); all when absent. */
export function isolationHostile(ctx: Tenancy, only?: ReadonlySet<string>): Violation[] {
  const out: Violation[] = [];
  const order = ctx.spec.tenants.map((t) => t.name);
  const attackers = new Map(order.map((t) => [t, ctx.namespacesOf(t, true)]));
  // which namespaces of which tenants a rule's peers admit: the same for every pod its policy
  // selects, so computed once per rule (only the tenants it admits some namespace of)
  const admitted = new Map<RuleModel, Map<string, HostileNamespace[]>>();
  const admittedBy = (rule: RuleModel, policyNamespace: string): Map<string, HostileNamespace[]> => {
    let byTenant = admitted.get(rule);
    if (byTenant) return byTenant;
    byTenant = new Map();
    admitted.set(rule, byTenant);
    // peers that are all a bare podSelector admit only the policy's own namespace, whose tenant is
    // the victim's (the policy selects it): no other tenant, so no namespace need be tried
    if (rule.peers && rule.peers.length > 0 && rule.peers.every((q) => q.podSelector && !q.namespaceSelector && !q.ipBlock)) return byTenant;
    for (const [tenant, namespaces] of attackers) {
      const list = namespaces.filter((ns) => rulePeersAdmitHostile(rule, policyNamespace, ns, ctx.trusted));
      if (list.length > 0) byTenant.set(tenant, list);
    }
    return byTenant;
  };
  // how a pod of a namespace gets through a rule: the same for every victim the rule's policy selects
  const hows = new Map<RuleModel, Map<HostileNamespace, string>>();
  const howThrough = (rule: RuleModel, policyNamespace: string, ns: HostileNamespace): string => {
    let byNs = hows.get(rule);
    if (!byNs) hows.set(rule, (byNs = new Map()));
    let how = byNs.get(ns);
    if (how === undefined) {
      const w = hostileWitness(rule, policyNamespace, ns, ctx.trusted)!;
      const pod = labelsText(w.podLabels);
      const nsl = labelsText(w.namespaceLabels);
      how = `a pod of ${ns.name}${pod ? ` labelled ${pod}` : ''}${nsl ? `, in its namespace labelled ${nsl},` : ''} gets through, whatever its own policies`;
      byNs.set(ns, how);
    }
    return how;
  };
  for (const victim of ctx.tenantPods()) {
    if (only && !only.has(victim.namespace)) continue;
    const own = ctx.tenantOf(victim.namespace)!;
    const shared = ctx.sharedTo(victim);
    const ingress = ctx.engine.policiesSelecting(victim).filter((p) => effectivePolicyTypes(p.policy).has('Ingress'));
    // per attacking tenant, per namespace of it: what the victim's ingress lets some pod of it open (all: not isolated)
    const found = new Map<string, { perNs: Map<HostileNamespace, ConnectionSet>; causes: Map<string, Cause>; how?: string }>();
    const of = (tenant: string) => {
      let f = found.get(tenant);
      if (!f) found.set(tenant, (f = { perNs: new Map(), causes: new Map() }));
      return f;
    };
    if (ingress.length === 0) {
      const all = ConnectionSet.ALL.difference(shared);
      if (!all.isEmpty()) for (const [tenant, namespaces] of attackers) if (tenant !== own) for (const ns of namespaces) of(tenant).perNs.set(ns, all);
    }
    for (const p of ingress)
      for (const rule of rulesOf(p.policy, 'Ingress')) {
        const byTenant = admittedBy(rule, p.namespace);
        if (byTenant.size === 0) continue;
        const allows = portsSet(rule, victim).difference(shared);
        if (allows.isEmpty()) continue;
        // one cause for every attacking tenant (read only)
        const key = `${p.id}\0${rule.index}`;
        let cause: Cause | undefined;
        for (const [tenant, through] of byTenant) {
          if (tenant === own) continue;
          const f = of(tenant);
          for (const ns of through) {
            const had = f.perNs.get(ns);
            f.perNs.set(ns, had ? had.union(allows) : allows);
          }
          f.causes.set(key, (cause ??= ctx.ruleCause(p.id, 'Ingress', rule.index, allows)));
          f.how ??= howThrough(rule, p.namespace, through[0]);
        }
      }
    for (const tenant of order) {
      const f = found.get(tenant);
      if (!f) continue;
      const reaching = attackers.get(tenant)!.filter((ns) => f.perNs.has(ns));
      let set = ConnectionSet.NONE;
      for (const ns of reaching) set = set.union(f.perNs.get(ns)!);
      const first = reaching[0].name;
      const where = reaching.length > 1 ? `; so can ${plural(reaching.length - 1, 'other namespace')} of ${tenant}` : '';
      const why = ingress.length === 0 ? `no policy isolates ${victim.id} for ingress` : (f.how ?? `a pod of ${first} gets through, whatever its own policies`);
      out.push({
        invariant: 'tenant-isolation',
        from: `${first}/*`,
        to: victim.id,
        count: reaching.length,
        set,
        message: `Lets ${tenant} reach ${victim.id} on ${set}: crosses tenants (${why}${where})`,
        causes: [...f.causes.values()],
      });
    }
  }
  return out;
}

export function isolationAsWritten(ctx: Tenancy): Violation[] {
  const m = ctx.engine.connections();
  const pods = m.pods;
  const tenants = pods.map((p) => ctx.tenantOf(p.namespace));
  const out: Violation[] = [];
  // sources by class and tenant: pods of one class have the same set to every other pod, so one
  // representative per group stands for its members (the first, in workspace order)
  const sources = new Map<string, { members: number[]; tenant: string }>();
  for (let i = 0; i < pods.length; i++) {
    const t = tenants[i];
    if (t === undefined) continue;
    const key = `${m.classOf[i]}\0${t}`;
    const g = sources.get(key);
    if (g) g.members.push(i);
    else sources.set(key, { members: [i], tenant: t });
  }
  for (let j = 0; j < pods.length; j++) {
    const own = tenants[j];
    if (own === undefined) continue;
    const shared = ctx.sharedTo(pods[j]);
    // by source tenant and set: a representative pair and a count
    const groups = new Map<string, { rep: number; count: number; set: ConnectionSet; tenant: string }>();
    for (const src of sources.values()) {
      if (src.tenant === own) continue;
      const i = src.members[0];
      const set = m.table.sets[m.idOf(i, j)].difference(shared);
      if (set.isEmpty()) continue;
      const key = `${src.tenant}\0${set}`;
      const g = groups.get(key);
      if (g) {
        g.count += src.members.length;
        if (i < g.rep) g.rep = i;
      } else groups.set(key, { rep: i, count: src.members.length, set, tenant: src.tenant });
    }
    for (const g of groups.values()) {
      const pc = ctx.engine.connectionsBetween(pods[g.rep], pods[j]);
      const causes = [...ctx.allowing(pc.egress, g.set), ...ctx.allowing(pc.ingress, g.set)];
      const open = [
        pc.egress.isolatedBy.length === 0 ? `egress of ${pods[g.rep].id}` : '',
        pc.ingress.isolatedBy.length === 0 ? `ingress of ${pods[j].id}` : '',
      ]
        .filter(Boolean)
        .join(' and ');
      const more = g.count > 1 ? ` (and ${plural(g.count - 1, 'other pod')} of ${g.tenant})` : '';
      out.push({
        invariant: 'tenant-isolation',
        from: pods[g.rep].id,
        to: pods[j].id,
        count: g.count,
        set: g.set,
        message: `Lets ${pods[g.rep].id} reach ${pods[j].id} on ${g.set}: crosses tenants${open ? ` (no policy isolates ${open})` : ''}${more}`,
        causes,
      });
    }
  }
  return out;
}
