/**
 * The cluster as the workspace declares it: namespaces with their labels, one pod per Pod or
 * workload, and the NetworkPolicies. The input of the connectivity engine (which never sees YAML).
 */
import { type IpAddress, parseIp } from '../analysis/cidr';
import { NAMESPACE_NAME_LABEL } from '../config';
import type { ContainerPort } from '../model/inventory';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import type { Anchor, ClusterPolicyRef, NamespaceRef, PolicyRef, WorkloadRef } from '../rules/types';
import { type TierPolicy, tierPolicies } from './tierTypes';

/** Where objects without `metadata.namespace` land (`kubectl apply` without `-n`). */
const DEFAULT_NAMESPACE = 'default';

export interface Pod {
  /** `<namespace>/<name>` (a workload's name for its representative pod). */
  id: string;
  namespace: string;
  name: string;
  kind: string;
  labels: Readonly<Record<string, string>>;
  ip?: string;
  /** `ip` read as an address (undefined when there is none, or it is not one). */
  address?: IpAddress;
  /** Every address the pod declares (`status.podIP` and `status.podIPs`), read, without repeats; absent when it declares none. */
  addresses?: readonly IpAddress[];
  ports: readonly ContainerPort[];
  /** Where it is declared, when it came from the workspace. */
  ref?: WorkloadRef;
}

export interface ClusterPolicy {
  /** `<namespace>/<name>` */
  id: string;
  namespace: string;
  policy: NetworkPolicyModel;
  ref?: PolicyRef;
}

/** An object a later one of the same name replaced, as `kubectl apply` of both would. */
export interface Replaced {
  /** `NetworkPolicy x/web`, `Namespace x`, `Deployment x/web`. */
  what: string;
  ref: Anchor;
  /** The object that replaced it (the last of that name). */
  by: Anchor;
}

export interface Cluster {
  /** Labels by namespace name, including the implied `kubernetes.io/metadata.name`. */
  namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  pods: readonly Pod[];
  policies: readonly ClusterPolicy[];
  /** The objects left out because a later one of the same name replaced them: Namespaces, workloads, then policies, each in workspace order. */
  replaced: readonly Replaced[];
  /** The cluster admin's policies (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) in decision order; absent: none. */
  tiers?: readonly TierPolicy[];
}

export interface ClusterInput {
  policies: readonly PolicyRef[];
  workloads: readonly WorkloadRef[];
  namespaces: readonly NamespaceRef[];
  /** The cluster admin's policies, in workspace order. */
  clusterPolicies?: readonly ClusterPolicyRef[];
}

/**
 * The refs of which no later one has the same key, in their order: the last of each name wins, as
 * it would after `kubectl apply` of them all in this order. The others are added to `replaced`.
 */
function lastOfEach<T extends Anchor>(refs: readonly T[], key: (ref: T) => string | undefined, what: (ref: T) => string, replaced: Replaced[]): T[] {
  const last = new Map<string, T>();
  for (const r of refs) {
    const k = key(r);
    if (k !== undefined) last.set(k, r);
  }
  if (last.size === refs.length) return [...refs];
  return refs.filter((r) => {
    const k = key(r);
    const by = k === undefined ? r : last.get(k)!;
    if (by !== r) replaced.push({ what: what(r), ref: r, by });
    return by === r;
  });
}

/**
 * The namespace an object is replaced within: its own, or (without `metadata.namespace`) its file,
 * the grouping the workspace rules use (duplicate-policy-name): such objects land wherever their
 * file is applied, so only two of one file surely meet.
 */
function scope(namespace: string | undefined, file: string): string {
  return namespace === undefined ? `\0${file}` : `${namespace}\0`;
}

/**
 * Builds the cluster from workspace objects (in workspace order: files by key, then documents).
 * Of two objects with one name, the later replaces the earlier, as `kubectl apply` does:
 * NetworkPolicies by namespace and name, Namespaces by name, Pods and workloads by namespace, kind
 * and name (see `scope` for objects without a namespace). Pod ids are unique (`#2` on a clash of
 * a Pod and a workload, or of objects without a namespace from two files).
 */
export function buildCluster(input: ClusterInput): Cluster {
  return withPolicies(buildPods(input), input.policies, input.clusterPolicies);
}

/** The part of a cluster its Namespaces and workloads make: it holds until one of them changes (a value: never written to). */
export interface ClusterPods {
  namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  pods: readonly Pod[];
  /** The Namespaces and workloads replaced, in that order. */
  replaced: readonly Replaced[];
}

/** The pods and namespaces of `buildCluster`, without the policies. */
export function buildPods(input: Pick<ClusterInput, 'workloads' | 'namespaces'>): ClusterPods {
  const replaced: Replaced[] = [];
  const namespaces = new Map<string, Record<string, string>>();
  const declared = lastOfEach(
    input.namespaces,
    (r) => r.namespace.name,
    (r) => `Namespace ${r.namespace.name}`,
    replaced,
  );
  for (const { namespace: n } of declared) namespaces.set(n.name, { ...n.labels, [NAMESPACE_NAME_LABEL]: n.name });
  const workloads = lastOfEach(
    input.workloads,
    (r) => `${scope(r.workload.namespace, r.file)}${r.workload.kind}\0${r.workload.name}`,
    (r) => `${r.workload.kind} ${r.workload.namespace ?? DEFAULT_NAMESPACE}/${r.workload.name}`,
    replaced,
  );
  const pods: Pod[] = [];
  const taken = new Set<string>();
  for (const ref of workloads) {
    const w = ref.workload;
    const namespace = w.namespace ?? DEFAULT_NAMESPACE;
    if (!namespaces.has(namespace)) namespaces.set(namespace, { [NAMESPACE_NAME_LABEL]: namespace });
    let id = `${namespace}/${w.name}`;
    for (let i = 2; taken.has(id); i++) id = `${namespace}/${w.name}#${i}`;
    taken.add(id);
    const addresses = podAddresses(w.ip, w.ips);
    pods.push({
      id,
      namespace,
      name: w.name,
      kind: w.kind,
      labels: w.labels,
      ports: w.ports,
      ref,
      ...(w.ip ? { ip: w.ip, address: parseIp(w.ip) } : {}),
      ...(addresses.length > 0 ? { addresses } : {}),
    });
  }
  return { namespaces, pods, replaced };
}

/** The addresses of `status.podIP` and `status.podIPs` that read as addresses, each once. */
function podAddresses(ip: string | undefined, ips: readonly string[] | undefined): IpAddress[] {
  const out: IpAddress[] = [];
  const seen = new Set<string>();
  for (const text of [...(ip ? [ip] : []), ...(ips ?? [])]) {
    const a = parseIp(text);
    if (!a || seen.has(a.toNormalizedString())) continue;
    seen.add(a.toNormalizedString());
    out.push(a);
  }
  return out;
}

/** The cluster of these pods and these policies (`base` is not changed: a namespace only a policy names is added to a copy). */
export function withPolicies(base: ClusterPods, input: readonly PolicyRef[], clusterPolicies: readonly ClusterPolicyRef[] = []): Cluster {
  const replaced = [...base.replaced];
  let namespaces = base.namespaces;
  // a policy without a name (or an empty one) is never replaced: the API server would reject it
  const kept = lastOfEach(
    input,
    (r) => (r.policy.name?.value ? `${scope(r.policy.namespace?.value, r.file)}${r.policy.name.value}` : undefined),
    (r) => `NetworkPolicy ${r.policy.namespace?.value ?? DEFAULT_NAMESPACE}/${r.policy.name?.value}`,
    replaced,
  );
  const policies: ClusterPolicy[] = kept.map((ref) => {
    const namespace = ref.policy.namespace?.value ?? DEFAULT_NAMESPACE;
    if (!namespaces.has(namespace)) {
      if (namespaces === base.namespaces) namespaces = new Map(namespaces);
      (namespaces as Map<string, Readonly<Record<string, string>>>).set(namespace, { [NAMESPACE_NAME_LABEL]: namespace });
    }
    return { id: `${namespace}/${ref.policy.name?.value ?? '(unnamed)'}`, namespace, policy: ref.policy, ref };
  });
  const tiers = tierPolicies(clusterPolicies);
  return { namespaces, pods: base.pods, policies, replaced, ...(tiers.length > 0 ? { tiers } : {}) };
}
