/** The rule interface: metadata plus a pure check over the model. */
import type { DnsProfile } from '../config';
import type { EditContext } from '../edit/yamlEdits';
import type { Finding, Severity } from '../findings';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import type { ShapeIssue } from '../model/shape';

export interface RuleMeta {
  code: string;
  defaultSeverity: Severity;
  /** rules.md section: A = the API server rejects it, B = accepted but wrong, C = workspace. */
  category: 'A' | 'B' | 'C' | 'meta';
  /** One line, for the rule list, SARIF and settings. */
  description: string;
}

/** What a policy rule may read besides the policy: its document's text and shape facts. */
export interface PolicyContext {
  edit: EditContext;
  shape: readonly ShapeIssue[];
}

/** A policy placed in its file: the same object for the same policy throughout one analysis. */
export interface PolicyRef {
  policy: NetworkPolicyModel;
  /** 0-based document index in its file. */
  document: number;
  edit: EditContext;
}

export interface PlacedFinding {
  ref: PolicyRef;
  finding: Finding;
}

export interface NamespaceContext {
  dns: DnsProfile;
}

/** Checks one policy on its own. */
export interface PolicyRule {
  scope: 'policy';
  meta: RuleMeta;
  check(policy: NetworkPolicyModel, ctx: PolicyContext): Finding[];
}

/** Checks all policies of one namespace together (the policies of a file, later of a workspace). */
export interface NamespaceRule {
  scope: 'namespace';
  meta: RuleMeta;
  check(policies: readonly PolicyRef[], ctx: NamespaceContext): PlacedFinding[];
}

/** Reported by the engine itself (parsing, suppression comments); listed for docs and settings. */
export interface EngineRule {
  scope: 'engine';
  meta: RuleMeta;
}

export type Rule = PolicyRule | NamespaceRule | EngineRule;
