/**
 * The typed model of the cluster admin's policies: ClusterNetworkPolicy
 * (policy.networking.k8s.io/v1alpha2) and the v1alpha1 kinds it replaced, AdminNetworkPolicy (tier
 * Admin) and BaselineAdminNetworkPolicy (tier Baseline), read into one shape: v1alpha1's `Allow`
 * is `Accept`, its `ports` (portNumber, portRange, namedPort) are protocols. Every part keeps the
 * located node (and entry) it came from, so rules can point at the exact key or value; a part whose
 * YAML has the wrong shape is left out (the CRD check reports it), so readers see well-typed data.
 *
 * These objects are cluster-scoped: they are in no namespace, and one of them can change what any
 * pod of any namespace may send or receive.
 */
import type { ClusterPolicyKind } from './clusterPolicySchema';
import type { LEntry, LMap, LNode, LScalar } from './located';
import type { CidrValue, Direction, SelectorModel } from './networkPolicy';
import type { PortProtocol } from './inventory';

export type Tier = 'Admin' | 'Baseline';
export type ClusterAction = 'Accept' | 'Deny' | 'Pass';

export interface Located<T> {
  value: T;
  node: LScalar;
}

/** `pods: {namespaceSelector, podSelector}` (of a subject or a peer). */
export interface PodsSelectorModel {
  entry: LEntry;
  /** Absent: every namespace (v1alpha2 makes it optional). */
  namespaceSelector?: SelectorModel;
  podSelector?: SelectorModel;
}

/** Whom the policy applies to: exactly one of `namespaces` or `pods`. */
export interface ClusterSubjectModel {
  entry: LEntry;
  map?: LMap;
  namespaces?: SelectorModel;
  pods?: PodsSelectorModel;
}

/** One `from` / `to` item: exactly one of its fields is set (the CRD check says so otherwise). */
export interface ClusterPeerModel {
  index: number;
  node: LNode;
  map?: LMap;
  namespaces?: SelectorModel;
  pods?: PodsSelectorModel;
  /** Egress only. */
  networks?: CidrValue[];
  /** Egress only, experimental channel. */
  nodes?: SelectorModel;
  /** Egress only, experimental channel (not BaselineAdminNetworkPolicy). */
  domainNames?: Located<string>[];
}

/**
 * One `protocols` item (v1alpha2) or `ports` item (v1alpha1): a protocol with a port or a port
 * range, or a named port (any protocol the named container port has).
 */
export interface ClusterProtocolModel {
  index: number;
  node: LNode;
  map?: LMap;
  /** Undefined for a named port. */
  protocol?: PortProtocol;
  /** Undefined: every port of the protocol (v1alpha2 `tcp: {}` is rejected; nothing else leaves it out). */
  port?: { number: number } | { start: number; end: number };
  namedPort?: Located<string>;
}

export interface ClusterRuleModel {
  direction: Direction;
  index: number;
  node: LNode;
  map?: LMap;
  name?: Located<string>;
  /** Accept, Deny or Pass (v1alpha1's Allow read as Accept); undefined when absent or not one of the kind's. */
  action?: Located<ClusterAction>;
  /** `from` (ingress) or `to` (egress). */
  peersEntry?: LEntry;
  peers: ClusterPeerModel[];
  /** `protocols` (v1alpha2) or `ports` (v1alpha1). */
  protocolsEntry?: LEntry;
  /** Undefined: no `protocols` / `ports`: every protocol and port. */
  protocols?: ClusterProtocolModel[];
}

export interface ClusterPolicyModel {
  kind: ClusterPolicyKind;
  apiVersion: string;
  /** The policy's own map (the document root, or an item of a List). */
  root: LMap;
  /** Field-path prefix for messages: '' or `items[3].` for an item of a List. */
  pathPrefix: string;
  metadata?: LMap;
  name?: Located<string>;
  spec?: { entry: LEntry; map?: LMap };
  /**
   * The tier: `spec.tier` of a ClusterNetworkPolicy (undefined when absent or invalid; `node`
   * set), Admin for an AdminNetworkPolicy and Baseline for a BaselineAdminNetworkPolicy (no node).
   */
  tier?: { value: Tier; node?: LScalar };
  /** `spec.priority` (0 first); a BaselineAdminNetworkPolicy has none. */
  priority?: Located<number>;
  subject?: ClusterSubjectModel;
  ingress: ClusterRuleModel[];
  egress: ClusterRuleModel[];
}

/**
 * Where the BaselineAdminNetworkPolicy singleton (no `spec.priority`) ranks in the Baseline tier: last,
 * after every other Baseline policy (the default of defaults). The engine decides with it and the
 * migration to ClusterNetworkPolicy writes it, so both read the same order.
 */
export const BASELINE_PRIORITY = 1000;

/** A v1alpha1 kind (deprecated: ClusterNetworkPolicy replaces both). */
export function isV1alpha1(p: ClusterPolicyModel): boolean {
  return p.kind !== 'ClusterNetworkPolicy';
}
