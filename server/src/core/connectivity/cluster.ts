/**
 * The cluster as the workspace declares it: namespaces with their labels, one pod per Pod or
 * workload, and the NetworkPolicies. The input of the connectivity engine (which never sees YAML).
 */
import { type IpAddress, parseIp } from '../analysis/cidr';
import { NAMESPACE_NAME_LABEL } from '../config';
import type { ContainerPort } from '../model/inventory';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import type { PolicyRef, WorkloadRef } from '../rules/types';

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

export interface Cluster {
  /** Labels by namespace name, including the implied `kubernetes.io/metadata.name`. */
  namespaces: ReadonlyMap<string, Readonly<Record<string, string>>>;
  pods: readonly Pod[];
  policies: readonly ClusterPolicy[];
}

export interface ClusterInput {
  policies: readonly PolicyRef[];
  workloads: readonly WorkloadRef[];
  namespaces: readonly { name: string; labels: Record<string, string> }[];
}

/** Builds the cluster from workspace objects (in workspace order). Pod ids are unique (`#2` on a clash). */
export function buildCluster(input: ClusterInput): Cluster {
  const namespaces = new Map<string, Record<string, string>>();
  const ensure = (ns: string) => {
    if (!namespaces.has(ns)) namespaces.set(ns, { [NAMESPACE_NAME_LABEL]: ns });
  };
  for (const n of input.namespaces) namespaces.set(n.name, { ...(namespaces.get(n.name) ?? {}), ...n.labels, [NAMESPACE_NAME_LABEL]: n.name });
  const pods: Pod[] = [];
  const taken = new Set<string>();
  for (const ref of input.workloads) {
    const w = ref.workload;
    const namespace = w.namespace ?? DEFAULT_NAMESPACE;
    ensure(namespace);
    let id = `${namespace}/${w.name}`;
    for (let i = 2; taken.has(id); i++) id = `${namespace}/${w.name}#${i}`;
    taken.add(id);
    pods.push({ id, namespace, name: w.name, kind: w.kind, labels: w.labels, ports: w.ports, ref, ...(w.ip ? { ip: w.ip, address: parseIp(w.ip) } : {}) });
  }
  const policies: ClusterPolicy[] = input.policies.map((ref) => {
    const namespace = ref.policy.namespace?.value ?? DEFAULT_NAMESPACE;
    ensure(namespace);
    return { id: `${namespace}/${ref.policy.name?.value ?? '(unnamed)'}`, namespace, policy: ref.policy, ref };
  });
  return { namespaces, pods, policies };
}
