/**
 * The tests file's connectivity tests, over the manifests as written: every pair of a test's pods
 * allowed (`expect: allow`) or none (`deny`), on its port or on any. Pure.
 */
import type { Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import type { Connectivity } from '../connectivity/engine';
import { plural, type Tenancy, type TestResult } from './context';
import type { ConnectivityTest, TestEndpoint } from './testsFile';

function endpointPods(ctx: Tenancy, e: TestEndpoint): Pod[] | string {
  const pods = ctx.engine.cluster.pods.filter(
    (p) =>
      p.namespace === e.namespace &&
      (e.workload !== undefined ? p.name === e.workload : Object.entries(e.podSelector ?? {}).every(([k, v]) => p.labels[k] === v)),
  );
  if (pods.length > 0) return pods;
  if (e.workload !== undefined) return `no workload named ${e.workload} in namespace ${e.namespace}`;
  // a pod the manifests do not declare yet: the test still says what one with these labels could do
  const labels = e.podSelector ?? {};
  const text = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
  return [{ id: `${e.namespace}/{${text}}`, namespace: e.namespace, name: `{${text}}`, kind: 'Pod', labels, ports: [] }];
}

export function runTest(ctx: Tenancy, t: ConnectivityTest): TestResult {
  const base = { name: t.name, span: t.span, expect: t.expect };
  const from = endpointPods(ctx, t.from);
  const to = endpointPods(ctx, t.to);
  if (typeof from === 'string' || typeof to === 'string') {
    return { ...base, passed: false, pairs: 0, causes: [], message: `Cannot run: ${typeof from === 'string' ? from : to}` };
  }
  const what = t.port === undefined ? 'any connection' : `${t.protocol} ${t.port}`;
  let pairs = 0;
  const allowed: { from: Pod; to: Pod; set: ConnectionSet; pc: ReturnType<Connectivity['connectionsBetween']> }[] = [];
  const denied: typeof allowed = [];
  for (const f of from)
    for (const d of to) {
      if (f === d) continue;
      pairs++;
      const pc = ctx.engine.connectionsBetween(f, d);
      const ok = t.port === undefined ? !pc.allowed.isEmpty() : pc.allowed.contains(t.port, t.protocol);
      (ok ? allowed : denied).push({ from: f, to: d, set: pc.allowed, pc });
    }
  const probe = t.port === undefined ? ConnectionSet.ALL : ConnectionSet.range(t.protocol, t.port);
  if (pairs === 0) return { ...base, passed: false, pairs, causes: [], message: 'Cannot run: from and to are the same single pod' };
  if (t.expect === 'allow') {
    if (denied.length === 0) return { ...base, passed: true, pairs, causes: [], message: `${what} allowed on ${allowed.length} of ${plural(pairs, 'pair')}` };
    const r = denied[0];
    const causes = [
      ...(r.pc.egress.allowed.intersect(probe).isEmpty() ? r.pc.egress.isolatedBy.map((p) => ctx.policyCause(p, 'Egress')) : []),
      ...(r.pc.ingress.allowed.intersect(probe).isEmpty() ? r.pc.ingress.isolatedBy.map((p) => ctx.policyCause(p, 'Ingress')) : []),
    ];
    const sides = [
      r.pc.egress.allowed.intersect(probe).isEmpty() ? `egress of ${r.from.id}` : '',
      r.pc.ingress.allowed.intersect(probe).isEmpty() ? `ingress of ${r.to.id}` : '',
    ]
      .filter(Boolean)
      .join(' and ');
    return {
      ...base,
      passed: false,
      pairs,
      causes,
      message: `Expected allow, denied: ${r.from.id} => ${r.to.id} on ${what} (${denied.length} of ${plural(pairs, 'pair')} denied; ${causes.map((c) => c.policy).join(', ')} isolate${causes.length === 1 ? 's' : ''} the ${sides} with nothing allowing it)`,
    };
  }
  if (allowed.length === 0) return { ...base, passed: true, pairs, causes: [], message: `${what} denied on ${plural(pairs, 'pair')}` };
  const r = allowed[0];
  const set = r.set.intersect(probe);
  const causes = [...ctx.allowing(r.pc.egress, set), ...ctx.allowing(r.pc.ingress, set)];
  const open = [r.pc.egress.isolatedBy.length === 0 ? `egress of ${r.from.id}` : '', r.pc.ingress.isolatedBy.length === 0 ? `ingress of ${r.to.id}` : '']
    .filter(Boolean)
    .join(' and ');
  return {
    ...base,
    passed: false,
    pairs,
    causes,
    message: `Expected deny, allowed: ${r.from.id} => ${r.to.id} on ${set} (${allowed.length} of ${plural(pairs, 'pair')} allowed${open ? `; no policy isolates the ${open}` : ''})`,
  };
}
