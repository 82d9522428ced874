/**
 * The results of a tests file's run, and the context every check reads (see invariants.ts). Pure.
 */
import type { IpAddress } from '../analysis/cidr';
import { globMatches, NAMESPACE_NAME_LABEL, type DnsProfile } from '../config';
import type { ClusterPolicy, Pod } from '../connectivity/cluster';
import { ConnectionSet } from '../connectivity/connectionSet';
import type { Connectivity } from '../connectivity/engine';
import type { DirectionConnections } from '../connectivity/verdicts';
import { rulesOf, type Direction } from '../model/networkPolicy';
import type { PolicyRef } from '../rules/types';
import type { Span } from '../text/span';
import type { HostileNamespace } from './hostile';
import type { InvariantName, SharedEntry, TestsSpec } from './testsFile';

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

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What every check reads: the engine, the tests file, the DNS profile, and who owns which namespace. */
export class Tenancy {
  readonly policies = new Map<string, ClusterPolicy>();
  private readonly tenantOfNs = new Map<string, string | undefined>();
  readonly trusted: ReadonlySet<string>;

  constructor(
    readonly engine: Connectivity,
    readonly spec: TestsSpec,
    readonly dns: DnsProfile,
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
    const addresses = (ns: string) => this.addressesIn().get(ns) ?? [];
    for (const name of this.declaredOf().get(tenant) ?? [])
      out.set(name, { name, labels: this.engine.cluster.namespaces.get(name)!, addresses: addresses(name) });
    if (withUndeclared)
      for (const g of t.namespaces) {
        const name = g.replace(/\*+/g, 'attacker').replace(/\?/g, 'a');
        if (!out.has(name) && this.tenantOf(name) === tenant) out.set(name, { name, labels: { [NAMESPACE_NAME_LABEL]: name }, addresses: [] });
      }
    return [...out.values()];
  }

  private declared: Map<string, string[]> | undefined;
  /** The cluster's namespaces by tenant, in the cluster's order (one pass, not one per tenant). */
  private declaredOf(): Map<string, string[]> {
    if (this.declared) return this.declared;
    this.declared = new Map();
    for (const name of this.engine.cluster.namespaces.keys()) {
      const t = this.tenantOf(name);
      if (t === undefined) continue;
      const list = this.declared.get(t);
      if (list) list.push(name);
      else this.declared.set(t, [name]);
    }
    return this.declared;
  }

  private addresses: Map<string, IpAddress[]> | undefined;
  /** The declared pod addresses by namespace. */
  private addressesIn(): Map<string, IpAddress[]> {
    if (this.addresses) return this.addresses;
    this.addresses = new Map();
    for (const p of this.engine.cluster.pods) {
      if (!p.address) continue;
      const list = this.addresses.get(p.namespace);
      if (list) list.push(p.address);
      else this.addresses.set(p.namespace, [p.address]);
    }
    return this.addresses;
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
}

export function labelsText(labels: Record<string, string>): string {
  return Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(',');
}

function coversPod(s: SharedEntry, pod: Pod): boolean {
  return s.namespace === pod.namespace && Object.entries(s.podSelector).every(([k, v]) => pod.labels[k] === v);
}
