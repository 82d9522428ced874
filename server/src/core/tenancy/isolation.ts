/**
 * tenant-isolation: no pod of one tenant opens any connection to a pod of another, except to a
 * `shared` entry's pods on its ports. Against a hostile tenant by default (see hostile.ts): for
 * each pod of tenant A and each namespace of another tenant B, what A's ingress lets some pod of
 * that namespace open to it, whatever labels the pod carries and with its egress wide open (B's own
 * policies are B's to delete). As written: every cross-tenant pod pair's connection set. Pure.
 */
import { ConnectionSet } from '../connectivity/connectionSet';
import { portsSet } from '../connectivity/semantics';
import { effectivePolicyTypes, rulesOf } from '../model/networkPolicy';
import { type Cause, labelsText, plural, type Tenancy, type Violation } from './context';
import { type HostileNamespace, hostileWitness, rulePeersAdmitHostile } from './hostile';

export function isolationHostile(ctx: Tenancy): Violation[] {
  const out: Violation[] = [];
  const attackers = new Map(ctx.spec.tenants.map((t) => [t.name, ctx.namespacesOf(t.name, true)]));
  for (const victim of ctx.tenantPods()) {
    const own = ctx.tenantOf(victim.namespace)!;
    const shared = ctx.sharedTo(victim);
    const ingress = ctx.engine.policiesSelecting(victim).filter((p) => effectivePolicyTypes(p.policy).has('Ingress'));
    for (const [tenant, namespaces] of attackers) {
      if (tenant === own) continue;
      let set = ConnectionSet.NONE;
      const causes = new Map<string, Cause>();
      const reaching: HostileNamespace[] = [];
      let how: string | undefined;
      for (const ns of namespaces) {
        let here = ingress.length === 0 ? ConnectionSet.ALL : ConnectionSet.NONE;
        const found: Cause[] = [];
        for (const p of ingress)
          for (const rule of rulesOf(p.policy, 'Ingress')) {
            if (!rulePeersAdmitHostile(rule, p.namespace, ns, ctx.trusted)) continue;
            const allows = portsSet(rule, victim);
            if (allows.difference(shared).isEmpty()) continue;
            here = here.union(allows);
            if (how === undefined) {
              const w = hostileWitness(rule, p.namespace, ns, ctx.trusted)!;
              const pod = labelsText(w.podLabels);
              const nsl = labelsText(w.namespaceLabels);
              how = `a pod of ${ns.name}${pod ? ` labelled ${pod}` : ''}${nsl ? `, in its namespace labelled ${nsl},` : ''} gets through, whatever its own policies`;
            }
            found.push(ctx.ruleCause(p.id, 'Ingress', rule.index, allows.difference(shared)));
          }
        here = here.difference(shared);
        if (here.isEmpty()) continue;
        reaching.push(ns);
        set = set.union(here);
        for (const c of found) causes.set(`${c.policy}\0${c.rule}`, c);
      }
      if (reaching.length === 0) continue;
      const first = reaching[0].name;
      const from = `${first}/*`;
      const where = reaching.length > 1 ? `; so can ${plural(reaching.length - 1, 'other namespace')} of ${tenant}` : '';
      const why = ingress.length === 0 ? `no policy isolates ${victim.id} for ingress` : (how ?? `a pod of ${first} gets through, whatever its own policies`);
      out.push({
        invariant: 'tenant-isolation',
        from,
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
