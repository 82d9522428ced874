/** The rule interface: metadata plus a pure check over the model that returns reports. */
import type { DnsProfile } from '../config';
import type { KustomizationModel } from '../kustomize';
import type { DnsCache } from './dnsCache';
import type { DocumentSource } from '../edit/yamlEdits';
import type { Finding, Report, Severity } from '../findings';
import type { ApiServer } from '../kubernetes';
import type { NamespaceModel, ObjectModel, WorkloadModel } from '../model/inventory';
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import type { CrdIssue } from '../model/clusterPolicyCheck';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import type { ShapeIssue } from '../model/shape';

export interface RuleMeta {
  code: string;
  defaultSeverity: Severity;
  /** rules.md section: A = the API server rejects it, B = accepted but wrong, C = workspace. */
  category: 'A' | 'B' | 'C' | 'meta';
  /** One line, for the rule list, SARIF and settings. */
  description: string;
  /**
   * Fix all (the editor's source.fixAll, `netpol-lint --fix`) applies this rule's preferred fix: it
   * changes no traffic, or changing it is exactly the rule's point. Documented on the rule's page.
   */
  fixAll?: boolean;
  /**
   * The severity of a report marked `escalated`; only rules whose docs (docs/rules) name the case
   * declare it (implicit-protocol: a hint, but a warning on port 53).
   */
  escalatedSeverity?: Severity;
}

/** What a policy rule may read besides the policy: its document's text, shape facts, and the API server it is checked for. */
export interface PolicyContext {
  source: DocumentSource;
  shape: readonly ShapeIssue[];
  api: ApiServer;
}

/**
 * What a cluster policy rule may read besides the policy: its document's text, the API server it is
 * checked for (with the CRD channel), and the CRD check's facts: values of the wrong type and
 * unknown fields (`shape`), and every other constraint the CRD has (`crd`, by rule code).
 */
export interface ClusterPolicyContext {
  source: DocumentSource;
  shape: readonly ShapeIssue[];
  crd: readonly CrdIssue[];
  api: ApiServer;
}

/** What an object check may read besides the object: its document's text and the API server it is checked for. */
export interface ObjectContext {
  source: DocumentSource;
  api: ApiServer;
}

/** Where an object sits: its file (as the workspace names it), document and document text. */
interface Placement {
  /** The file's key in the workspace (a path or URI). */
  file: string;
  /** 0-based document index in its file. */
  document: number;
  /** The text of the object's document chunk (spans are relative to it), with its style. */
  source: DocumentSource;
}

/** A policy placed in its file: the same object for the same policy throughout one analysis. */
export interface PolicyRef extends Placement {
  policy: NetworkPolicyModel;
}

/** A cluster policy (ClusterNetworkPolicy, AdminNetworkPolicy, BaselineAdminNetworkPolicy) placed in its file. */
export interface ClusterPolicyRef extends Placement {
  clusterPolicy: ClusterPolicyModel;
}

/** A workload (Pod or pod template) placed in its file. */
export interface WorkloadRef extends Placement {
  workload: WorkloadModel;
}

/** A Namespace manifest placed in its file. */
export interface NamespaceRef extends Placement {
  namespace: NamespaceModel;
}

/** What a namespace-level finding is attached to (the file and document it is reported in). */
export type Anchor = PolicyRef | WorkloadRef | NamespaceRef;

/** A namespace rule's report, with what it is attached to. */
export interface PlacedReport {
  ref: Anchor;
  report: Report;
}

/** A placed report stamped with its rule's code and severity. */
export interface PlacedFinding {
  ref: Anchor;
  finding: Finding;
}

/** Everything the workspace declares in one namespace, in workspace order (files by key, then documents). */
export interface NamespaceMembers {
  policies: readonly PolicyRef[];
  workloads: readonly WorkloadRef[];
  /** Namespace manifests of this namespace (normally none or one). */
  declarations: readonly NamespaceRef[];
}

/** What the workspace says about a namespace. */
export interface NamespaceInfo {
  dns: DnsProfile;
  /** The namespace's name; undefined for objects without `metadata.namespace` (grouped per file). */
  namespace: string | undefined;
  /** The configuration treats this namespace as a tenant's (never kube-system & co.). */
  tenant: boolean;
  /** The workspace holds at least one NetworkPolicy (anywhere). */
  workspaceHasPolicies: boolean;
  /** The workspace's cluster policies; absent when it has none. The same object until they or a Namespace change. */
  cluster?: ClusterInfo;
}

/** The cluster admin's policies as namespace rules read them, with the namespace labels their selectors match. */
export interface ClusterInfo {
  /** ClusterNetworkPolicy, AdminNetworkPolicy and BaselineAdminNetworkPolicy, in workspace order. */
  policies: readonly ClusterPolicyRef[];
  /** A namespace's labels (its Namespace manifest's, or only the implied name label). */
  namespaceLabels: (namespace: string) => Readonly<Record<string, string>>;
}

/** What a namespace rule may read besides the members: the namespace's info and its owner's caches. */
export interface NamespaceContext extends NamespaceInfo {
  /** Per-model DNS facts, kept across re-checks by the namespace rule cache. */
  dnsCache: DnsCache;
}

/** Checks one policy on its own. */
export interface PolicyRule {
  scope: 'policy';
  meta: RuleMeta;
  check(policy: NetworkPolicyModel, ctx: PolicyContext): Report[];
  /**
   * The same check on the other manifests the workspace reads (Namespaces, Pods, workloads), for
   * the rules that apply to every kind (metadata labels and annotations, YAML 1.1 types).
   */
  checkObject?(object: ObjectModel, ctx: ObjectContext): Report[];
  /** The same check on a cluster policy (the rules whose constraint the policy's CRD has too). */
  checkClusterPolicy?(policy: ClusterPolicyModel, ctx: ClusterPolicyContext): Report[];
}

/** Checks everything of one namespace together, across the files of the workspace. */
export interface NamespaceRule {
  scope: 'namespace';
  meta: RuleMeta;
  check(members: NamespaceMembers, ctx: NamespaceContext): PlacedReport[];
}

/** A policy rule as the registry hands it out: its check returns findings stamped from its meta. */
export interface StampedPolicyRule {
  scope: 'policy';
  meta: RuleMeta;
  check(policy: NetworkPolicyModel, ctx: PolicyContext): Finding[];
  checkObject?(object: ObjectModel, ctx: ObjectContext): Finding[];
  checkClusterPolicy?(policy: ClusterPolicyModel, ctx: ClusterPolicyContext): Finding[];
}

/** A namespace rule as the registry hands it out: its check returns findings stamped from its meta. */
export interface StampedNamespaceRule {
  scope: 'namespace';
  meta: RuleMeta;
  check(members: NamespaceMembers, ctx: NamespaceContext): PlacedFinding[];
}

/**
 * Checks a kustomization (read on its own: core/kustomize.ts) against the NetworkPolicies of the
 * resource files it builds (those the workspace holds). Reported on the kustomization file.
 */
export interface KustomizationRule {
  scope: 'kustomization';
  meta: RuleMeta;
  check(kustomization: KustomizationModel, policies: readonly NetworkPolicyModel[]): Report[];
}

/** Reported by the engine itself (parsing, suppression comments); listed for docs and settings. */
export interface EngineRule {
  scope: 'engine';
  meta: RuleMeta;
}

export type Rule = PolicyRule | NamespaceRule | KustomizationRule | EngineRule;
