/**
 * The tests file run against the workspace's cluster: the built-in invariants (tenant-isolation,
 * dns-reachable, metadata-blocked, default-deny) and the connectivity tests. Each answer is
 * yes/no; each violation names a representative pair and how many pairs it stands for, the
 * connection set, and the policy rules that cause it (or the policies that isolate with nothing
 * allowing). Pure: offsets (spans within a policy's document) inside, lines at the edges.
 *
 * tenant-isolation is checked against a hostile tenant by default (see hostile.ts): for each pod of
 * tenant A and each namespace of another tenant B, what A's ingress lets some pod of that namespace
 * open to it, whatever labels the pod carries and with its egress wide open (B's own policies are
 * B's to delete). `asWritten` checks the manifests as they are instead: every pod pair's
 * connection set. Either way a `shared` entry's ports on its pods are allowed across tenants.
 */
import { parseIp } from '../analysis/cidr';
import { globMatches, NAMESPACE_NAME_LABEL, type DnsProfile } from '../config';
import type { ClusterPolicy, Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import { portsSet } from '../connectivity/semantics';
import type { Connectivity } from '../connectivity/engine';
import type { DirectionConnections } from '../connectivity/verdicts';
import { effectivePolicyTypes, rulesOf, type Direction } from '../model/networkPolicy';
import type { PolicyRef } from '../rules/types';
import type { Span } from '../text/span';
import { type HostileNamespace, hostileWitness, rulePeersAdmitHostile } from './hostile';
import type { ConnectivityTest, InvariantName, SharedEntry, TestEndpoint, TestsSpec } from './testsFile';

/** The cloud metadata address (AWS, GCP, Azure, OpenStack): credentials for the asking. */
export const METADATA_ADDRESS = '169.254.169.254';

/** A policy rule that allows (or, without `rule`, a policy that isolates with nothing allowing). */
export interface Cause {
  policy: string;
  ref?: PolicyRef;
  direction: Direction;
  /** The rule's index in the policy's ingress or egress list; undefined: the policy as a whole (it isolates). */
  rule?: number;
  /** The rule's (or the policy's) span within its document. */
  span?: Span;
  /** What the rule allows the pair (rules only). */
  allows?: ConnectionSet;
}

export interface Violation {
  invariant: InvariantName;
  /** The representative pair (`from` may be `tenant-b/*` under the hostile check, `to` a namespace for default-deny). */
  from: string;
  to: string;
  /** How many pairs (or namespaces, or pods) this one stands for. */
  count: number;
  /** The connections it allows (dns-reachable: the ones missing). */
  set: ConnectionSet;
  /** One line, the point first. */
  message: string;
  causes: Cause[];
}

export interface InvariantResult {
  name: InvariantName;
  span: Span;
  holds: boolean;
  violations: Violation[];
}

export interface TestResult {
  name: string;
  span: Span;
  expect: 'allow' | 'deny';
  passed: boolean;
  /** One line: what was found ("TCP 5432 allowed on 2 of 2 pairs", or why it failed). */
  message: string;
  pairs: number;
  causes: Cause[];
}

export interface TestsOutcome {
  invariants: InvariantResult[];
  tests: TestResult[];
  passed: boolean;
}

export interface RunOptions {
  /** tenant-isolation over the manifests as they are, not against a hostile tenant. */
  asWritten?: boolean;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

class Runner {
  private readonly policies = new Map<string, ClusterPolicy>();
  private readonly tenantOfNs = new Map<string, string | undefined>();
  private readonly trusted: ReadonlySet<string>;

  constructor(
    private readonly engine: Connectivity,
    private readonly spec: TestsSpec,
    private readonly dns: DnsProfile,
  ) {
    for (const p of engine.cluster.policies) if (!this.policies.has(p.id)) this.policies.set(p.id, p);
    this.trusted = new Set([NAMESPACE_NAME_LABEL, ...spec.trustedNamespaceLabels]);
  }

  /** The first tenant (in file order) one of whose globs matches the namespace. */
  tenantOf(namespace: string): string | undefined {
    if (this.tenantOfNs.has(namespace)) return this.tenantOfNs.get(namespace);
    const t = this.spec.tenants.find((t) => t.namespaces.some((g) => globMatches(g, namespace)))?.name;
    this.tenantOfNs.set(namespace, t);
    return t;
  }

  /**
   * A tenant's namespaces: those the cluster knows that its globs match, its literal globs (it owns
   * them, declared or not) and, for a glob with wildcards, one it could create (`tenant-b-*` ->
   * `tenant-b-attacker`), labelled only with its name.
   */
  namespacesOf(tenant: string, withUndeclared: boolean): HostileNamespace[] {
    const t = this.spec.tenants.find((x) => x.name === tenant)!;
    const out = new Map<string, HostileNamespace>();
    for (const [name, labels] of this.engine.cluster.namespaces) if (this.tenantOf(name) === tenant) out.set(name, { name, labels });
    if (withUndeclared)
      for (const g of t.namespaces) {
        const name = g.replace(/\*+/g, 'attacker').replace(/\?/g, 'a');
        if (!out.has(name) && this.tenantOf(name) === tenant) out.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name } });
      }
    return [...out.values()];
  }

  tenantPods(): Pod[] {
    return this.engine.cluster.pods.filter((p) => this.tenantOf(p.namespace) !== undefined);
  }

  /** What a shared entry lets every tenant open to this pod. */
  sharedTo(pod: Pod): ConnectionSet {
    let out = ConnectionSet.NONE;
    for (const s of this.spec.shared) if (coversPod(s, pod)) out = out.union(s.ports);
    return out;
  }

  ruleCause(policyId: string, direction: Direction, rule: number, allows?: ConnectionSet): Cause {
    const p = this.policies.get(policyId);
    const r = p ? rulesOf(p.policy, direction)[rule] : undefined;
    return { policy: policyId, ref: p?.ref, direction, rule, span: r?.node.span, ...(allows ? { allows } : {}) };
  }

  policyCause(policyId: string, direction: Direction): Cause {
    const p = this.policies.get(policyId);
    return { policy: policyId, ref: p?.ref, direction, span: p?.policy.root.span };
  }

  /** The rules of one side that allow part of `set`, each with what it allows of it. */
  allowing(d: DirectionConnections, set: ConnectionSet): Cause[] {
    return d.allowedBy.filter((r) => !r.allows.intersect(set).isEmpty()).map((r) => this.ruleCause(r.policy, r.direction, r.rule, r.allows.intersect(set)));
  }

  tenantIsolation(asWritten: boolean): Violation[] {
    return asWritten ? this.isolationAsWritten() : this.isolationHostile();
  }

  private isolationHostile(): Violation[] {
    const out: Violation[] = [];
    const attackers = new Map(this.spec.tenants.map((t) => [t.name, this.namespacesOf(t.name, true)]));
    for (const victim of this.tenantPods()) {
      const own = this.tenantOf(victim.namespace)!;
      const shared = this.sharedTo(victim);
      const ingress = this.engine.policiesSelecting(victim).filter((p) => effectivePolicyTypes(p.policy).has('Ingress'));
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
              if (!rulePeersAdmitHostile(rule, p.namespace, ns, this.trusted)) continue;
              const allows = portsSet(rule, victim);
              if (allows.difference(shared).isEmpty()) continue;
              here = here.union(allows);
              if (how === undefined) {
                const w = hostileWitness(rule, p.namespace, ns, this.trusted)!;
                const pod = labelsText(w.podLabels);
                const nsl = labelsText(w.namespaceLabels);
                how = `a pod of ${ns.name}${pod ? ` labelled ${pod}` : ''}${nsl ? `, in its namespace labelled ${nsl},` : ''} gets through, whatever its own policies`;
              }
              found.push(this.ruleCause(p.id, 'Ingress', rule.index, allows.difference(shared)));
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

  private isolationAsWritten(): Violation[] {
    const m = this.engine.connections();
    const pods = m.pods;
    const tenants = pods.map((p) => this.tenantOf(p.namespace));
    const out: Violation[] = [];
    for (let j = 0; j < pods.length; j++) {
      const own = tenants[j];
      if (own === undefined) continue;
      const shared = this.sharedTo(pods[j]);
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
        const pc = this.engine.connectionsBetween(pods[g.rep], pods[j]);
        const causes = [...this.allowing(pc.egress, g.set), ...this.allowing(pc.ingress, g.set)];
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

  dnsReachable(): Violation[] {
    const dns = this.dns;
    let required = ConnectionSet.NONE;
    for (const p of dns.ports) required = required.union(ConnectionSet.range('UDP', p)).union(ConnectionSet.range('TCP', p));
    const declared = this.engine.cluster.pods.filter(
      (p) => p.namespace === dns.namespace && Object.entries(dns.podLabels).every(([k, v]) => p.labels[k] === v),
    );
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
    const groups = new Map<string, Violation>();
    for (const pod of this.tenantPods()) {
      for (const target of targets) {
        const pc = this.engine.connectionsBetween(pod, target);
        const missing = required.difference(pc.allowed);
        if (missing.isEmpty()) continue;
        const key = `${pod.namespace}\0${target.id}\0${missing}`;
        const seen = groups.get(key);
        if (seen) {
          seen.count++;
          continue;
        }
        const causes = [
          ...(pc.egress.allowed.intersect(missing).isEmpty() ? pc.egress.isolatedBy.map((p) => this.policyCause(p, 'Egress')) : []),
          ...(pc.ingress.allowed.intersect(missing).isEmpty() ? pc.ingress.isolatedBy.map((p) => this.policyCause(p, 'Ingress')) : []),
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

  metadataBlocked(): Violation[] {
    const address = parseIp(METADATA_ADDRESS)!;
    const ext = this.engine.externalEndpoints();
    const range = ext.partition.rangeOf(address);
    const pods = this.spec.tenants.length > 0 ? this.tenantPods() : [...this.engine.cluster.pods];
    const groups = new Map<string, Violation>();
    for (const pod of pods) {
      const d = this.engine.externalBetween(pod, range, 'Egress');
      if (d.allowed.isEmpty()) continue;
      const key = `${pod.namespace}\0${d.allowed}\0${d.allowedBy.map((r) => `${r.policy}#${r.rule}`).join(',')}`;
      const seen = groups.get(key);
      if (seen) {
        seen.count++;
        continue;
      }
      const causes = d.allowedBy.map((r) => this.ruleCause(r.policy, r.direction, r.rule, r.allows));
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

  defaultDeny(): Violation[] {
    const out: Violation[] = [];
    const namespaces = this.spec.tenants.flatMap((t) => this.namespacesOf(t.name, false).map((n) => n.name));
    for (const t of this.spec.tenants)
      for (const g of t.namespaces) if (!/[*?]/.test(g) && this.tenantOf(g) === t.name && !namespaces.includes(g)) namespaces.push(g);
    for (const ns of namespaces) {
      const policies = this.engine.cluster.policies.filter((p) => p.namespace === ns && p.policy.spec !== undefined);
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
        causes: all.map((p) => this.policyCause(p.id, effectivePolicyTypes(p.policy).has('Ingress') ? 'Ingress' : 'Egress')),
      });
    }
    return out;
  }

  endpointPods(e: TestEndpoint): Pod[] | string {
    const pods = this.engine.cluster.pods.filter(
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

  runTest(t: ConnectivityTest): TestResult {
    const base = { name: t.name, span: t.span, expect: t.expect };
    const from = this.endpointPods(t.from);
    const to = this.endpointPods(t.to);
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
        const pc = this.engine.connectionsBetween(f, d);
        const ok = t.port === undefined ? !pc.allowed.isEmpty() : pc.allowed.contains(t.port, t.protocol);
        (ok ? allowed : denied).push({ from: f, to: d, set: pc.allowed, pc });
      }
    const probe = t.port === undefined ? ConnectionSet.ALL : ConnectionSet.range(t.protocol, t.port);
    if (pairs === 0) return { ...base, passed: false, pairs, causes: [], message: 'Cannot run: from and to are the same single pod' };
    if (t.expect === 'allow') {
      if (denied.length === 0) return { ...base, passed: true, pairs, causes: [], message: `${what} allowed on ${allowed.length} of ${plural(pairs, 'pair')}` };
      const r = denied[0];
      const causes = [
        ...(r.pc.egress.allowed.intersect(probe).isEmpty() ? r.pc.egress.isolatedBy.map((p) => this.policyCause(p, 'Egress')) : []),
        ...(r.pc.ingress.allowed.intersect(probe).isEmpty() ? r.pc.ingress.isolatedBy.map((p) => this.policyCause(p, 'Ingress')) : []),
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
    const causes = [...this.allowing(r.pc.egress, set), ...this.allowing(r.pc.ingress, set)];
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
}

function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function coversPod(s: SharedEntry, pod: Pod): boolean {
  return s.namespace === pod.namespace && Object.entries(s.podSelector).every(([k, v]) => pod.labels[k] === v);
}

/** Does the policy select every pod of its namespace, whatever its labels (an empty or absent podSelector)? */
function selectsEveryPod(p: ClusterPolicy): boolean {
  const sel = p.policy.spec?.podSelector;
  return !sel || sel.isEmpty || (sel.matchLabels.length === 0 && sel.matchExpressions.length === 0);
}

/** Runs every invariant the tests file names and every test, over the engine's cluster. */
export function runTestsFile(engine: Connectivity, spec: TestsSpec, dns: DnsProfile, options: RunOptions = {}): TestsOutcome {
  const r = new Runner(engine, spec, dns);
  const invariants = spec.invariants.map(({ name, span }) => {
    const violations =
      name === 'tenant-isolation'
        ? r.tenantIsolation(options.asWritten === true)
        : name === 'dns-reachable'
          ? r.dnsReachable()
          : name === 'metadata-blocked'
            ? r.metadataBlocked()
            : r.defaultDeny();
    return { name, span, holds: violations.length === 0, violations };
  });
  const tests = spec.tests.map((t) => r.runTest(t));
  return { invariants, tests, passed: invariants.every((i) => i.holds) && tests.every((t) => t.passed) };
}
