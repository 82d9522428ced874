/**
 * The tests file run again after an edit, re-checking only what the edit's namespaces touch. Pure.
 *
 * When the pods, the namespaces (and their labels), the cluster admin's policies, the tests file and
 * the DNS profile are what they were at the previous run, and only NetworkPolicies changed, a
 * violation can change only where it is about a pod of a namespace whose policies changed:
 * tenant-isolation (against a hostile tenant) is decided by the victim's ingress, dns-reachable by
 * the pod's egress and the DNS pods' ingress, metadata-blocked by the pod's egress. So those
 * invariants are checked again for the pods of the changed namespaces only, and the previous
 * run's violations of the other namespaces are kept; default-deny (one pass over the policies) and
 * the connectivity tests run whole. Anything else changed, or `asWritten` (the whole connection
 * matrix): a full run. The outcome is the one a full run gives, in the same order.
 */
import type { DnsProfile } from '../config';
import type { Cluster, ClusterPolicy } from '../connectivity/cluster';
import type { Connectivity } from '../connectivity/engine';
import { defaultDeny, dnsReachable, metadataBlocked } from './checks';
import { runTest } from './connectivityTests';
import { Tenancy, type TestsOutcome, type Violation } from './context';
import { isolationHostile } from './isolation';
import { runTestsFile } from './invariants';
import type { TestsSpec } from './testsSpec';

/** One run: its outcome and what it read (the next run compares with it). */
export interface TestsRun {
  readonly outcome: TestsOutcome;
  readonly cluster: Cluster;
  readonly spec: TestsSpec;
  readonly dns: DnsProfile;
  /** Namespaces re-checked (undefined: a full run). */
  readonly rechecked?: ReadonlySet<string>;
}

/** Runs the tests file hostile (the default of `netpol-lint test`), incrementally from `previous` when it can. */
export function rerunTestsFile(engine: Connectivity, spec: TestsSpec, dns: DnsProfile, previous?: TestsRun): TestsRun {
  const cluster = engine.cluster;
  const changed = previous && previous.spec === spec && sameDns(previous.dns, dns) ? changedNamespaces(previous.cluster, cluster) : undefined;
  if (!previous || !changed) return { outcome: runTestsFile(engine, spec, dns), cluster, spec, dns };
  const ctx = new Tenancy(engine, spec, dns);
  const order = new Map<string, number>();
  cluster.pods.forEach((p, i) => order.set(p.id, i));
  const kept = (owner: string) => !changed.has(owner.slice(0, owner.indexOf('/')));
  const invariants = spec.invariants.map(({ name, span }, n) => {
    const before = previous.outcome.invariants[n]?.violations ?? [];
    let violations: Violation[];
    if (name === 'tenant-isolation')
      violations = merge(
        before.filter((v) => kept(v.to)),
        isolationHostile(ctx, changed),
        (v) => v.to,
        order,
      );
    else if (name === 'dns-reachable')
      violations = changed.has(dns.namespace)
        ? dnsReachable(ctx)
        : merge(
            before.filter((v) => kept(v.from)),
            dnsReachable(ctx, changed),
            (v) => v.from,
            order,
          );
    else if (name === 'metadata-blocked')
      violations = merge(
        before.filter((v) => kept(v.from)),
        metadataBlocked(ctx, changed),
        (v) => v.from,
        order,
      );
    else violations = defaultDeny(ctx);
    return { name, span, holds: violations.length === 0, violations };
  });
  const tests = spec.tests.map((t) => runTest(ctx, t));
  const outcome = { invariants, tests, passed: invariants.every((i) => i.holds) && tests.every((t) => t.passed) };
  return { outcome, cluster, spec, dns, rechecked: changed };
}

/**
 * The kept and the new violations in a full run's order, by the position of the pod each is about:
 * both lists are in that order already (each from a run in pod order), so one linear merge (a pod
 * is in a changed namespace or not: its violations are all kept or all new).
 */
function merge(kept: Violation[], fresh: Violation[], pod: (v: Violation) => string, order: ReadonlyMap<string, number>): Violation[] {
  if (fresh.length === 0) return kept;
  const at = (v: Violation) => order.get(pod(v)) ?? Number.MAX_SAFE_INTEGER;
  const out: Violation[] = [];
  let i = 0;
  let j = 0;
  while (i < kept.length && j < fresh.length) out.push(at(fresh[j]) < at(kept[i]) ? fresh[j++] : kept[i++]);
  while (i < kept.length) out.push(kept[i++]);
  while (j < fresh.length) out.push(fresh[j++]);
  return out;
}

function sameDns(a: DnsProfile, b: DnsProfile): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The namespaces whose NetworkPolicies differ between the two clusters, when nothing else that the
 * invariants read does (the same pods, namespaces with the same labels, no cluster admin policies);
 * undefined otherwise. A policy is unchanged when its model is the same object (the workspace keeps
 * a document's model while its text is unchanged).
 */
function changedNamespaces(before: Cluster, after: Cluster): Set<string> | undefined {
  if (before.pods !== after.pods || (before.tiers?.length ?? 0) > 0 || (after.tiers?.length ?? 0) > 0) return undefined;
  if (before.namespaces !== after.namespaces) {
    if (before.namespaces.size !== after.namespaces.size) return undefined;
    for (const [name, labels] of after.namespaces) {
      const had = before.namespaces.get(name);
      if (!had || JSON.stringify(had) !== JSON.stringify(labels)) return undefined;
    }
  }
  const changed = new Set<string>();
  const byId = (list: readonly ClusterPolicy[]) => {
    const m = new Map<string, ClusterPolicy[]>();
    for (const p of list) {
      const same = m.get(p.id);
      if (same) same.push(p);
      else m.set(p.id, [p]);
    }
    return m;
  };
  const a = byId(before.policies);
  const b = byId(after.policies);
  for (const [id, ps] of b) {
    const had = a.get(id);
    if (!had || had.length !== ps.length || had.some((p, i) => p.policy !== ps[i].policy)) for (const p of [...ps, ...(had ?? [])]) changed.add(p.namespace);
  }
  for (const [id, ps] of a) if (!b.has(id)) for (const p of ps) changed.add(p.namespace);
  return changed;
}
