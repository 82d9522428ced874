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

export function isolationHostile(ctx: Tenancy): Violation[] {
  const out: Violation[] = [];
  const attackers = new Map(ctx.spec.tenants.map((t) => [t.name, ctx.namespacesOf(t.name, true)]));
  // which of a tenant's namespaces a rule's peers admit: the same for every pod the rule's policy selects
  const admitted = new Map<RuleModel, Map<string, HostileNamespace[]>>();
  const admittedBy = (rule: RuleModel, policyNamespace: string, tenant: string): HostileNamespace[] => {
    let byTenant = admitted.get(rule);
    if (!byTenant) admitted.set(rule, (byTenant = new Map()));
    let list = byTenant.get(tenant);
    if (!list) byTenant.set(tenant, (list = attackers.get(tenant)!.filter((ns) => rulePeersAdmitHostile(rule, policyNamespace, ns, ctx.trusted))));
    return list;
  };
  for (const victim of ctx.tenantPods()) {
    const own = ctx.tenantOf(victim.namespace)!;
    const shared = ctx.sharedTo(victim);
    const ingress = ctx.engine.policiesSelecting(victim).filter((p) => effectivePolicyTypes(p.policy).has('Ingress'));
    for (const [tenant, namespaces] of attackers) {
      if (tenant === own) continue;
      // per namespace of the attacker, what the victim's ingress lets some pod of it open (all: not isolated)
      const perNs = new Map<HostileNamespace, ConnectionSet>();
      if (ingress.length === 0) for (const ns of namespaces) perNs.set(ns, ConnectionSet.ALL.difference(shared));
      const causes = new Map<string, Cause>();
      let how: string | undefined;
      for (const p of ingress)
        for (const rule of rulesOf(p.policy, 'Ingress')) {
          const through = admittedBy(rule, p.namespace, tenant);
          if (through.length === 0) continue;
          const allows = portsSet(rule, victim).difference(shared);
          if (allows.isEmpty()) continue;
          for (const ns of through) perNs.set(ns, (perNs.get(ns) ?? ConnectionSet.NONE).union(allows));
          causes.set(`${p.id}\0${rule.index}`, ctx.ruleCause(p.id, 'Ingress', rule.index, allows));
          if (how === undefined) {
            const ns = through[0];
            const w = hostileWitness(rule, p.namespace, ns, ctx.trusted)!;
            const pod = labelsText(w.podLabels);
            const nsl = labelsText(w.namespaceLabels);
            how = `a pod of ${ns.name}${pod ? ` labelled ${pod}` : ''}${nsl ? `, in its namespace labelled ${nsl},` : ''} gets through, whatever its own policies`;
          }
        }
      const reaching = namespaces.filter((ns) => !(perNs.get(ns) ?? ConnectionSet.NONE).isEmpty());
      if (reaching.length === 0) continue;
      let set = ConnectionSet.NONE;
      for (const ns of reaching) set = set.union(perNs.get(ns)!);
      const first = reaching[0].name;
      const where = reaching.length > 1 ? `; so can ${plural(reaching.length - 1, 'other namespace')} of ${tenant}` : '';
      const why = ingress.length === 0 ? `no policy isolates ${victim.id} for ingress` : (how ?? `a pod of ${first} gets through, whatever its own policies`);
      out.push({
        invariant: 'tenant-isolation',
        from: `${first}/*`,
        to: victim.id,
        count: reaching.length,
        set,
        message: `Lets ${tenant} reach ${victim.id} on ${set}: crosses tenants (${why}${where})`,
        causes: [...causes.values()],
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
  for (let j = 0; j < pods.length; j++) {
    const own = tenants[j];
    if (own === undefined) continue;
    const shared = ctx.sharedTo(pods[j]);
    // by source tenant and set: a representative pair and a count
    const groups = new Map<string, { rep: number; count: number; set: ConnectionSet; tenant: string }>();
    for (let i = 0; i < pods.length; i++) {
      const t = tenants[i];
      if (t === undefined || t === own || i === j) continue;
      const set = m.table.sets[m.idOf(i, j)].difference(shared);
      if (set.isEmpty()) continue;
      const key = `${t}\0${set}`;
      const g = groups.get(key);
      if (g) g.count++;
      else groups.set(key, { rep: i, count: 1, set, tenant: t });
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
