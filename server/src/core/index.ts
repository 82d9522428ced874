/** The analysis core: no editor or transport imports anywhere below this folder. */
export { FilePipeline, type FileResult, type FileSnapshot, type PlacedFileFinding, type Edit } from './pipeline/index';
export { Workspace, lintText } from './workspace/workspace';
export { defaultConfig, readRuleSettings, DEFAULT_DNS, type LintConfig, type DnsProfile, type SeveritySetting } from './config';
export type { FileFinding, Finding, Fix, Severity, TextEdit } from './findings';
export { applyEdits, lazyFix, shiftFinding } from './edit/fixes';
export { SEVERITIES } from './severity';
export { KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION, OLDEST_KUBERNETES_VERSION, readKubernetesVersion } from './kubernetes';
export { samePlainData } from './plainData';
export { RULES, RULE_CODES, ruleMeta } from './rules/index';
export { engineFinding } from './rules/engine-rules';
export type { RuleMeta } from './rules/types';
export { LineIndex, type Position } from './text/lineIndex';
export { ChunkedLineIndex } from './text/chunkedLineIndex';
export { BlockText } from './text/blockText';
export { docsUrl } from './docs';
export { disableNextLineFix } from './edit/disableComment';
export { isFixRecipe, recipeEdits, recipeTitle, shiftRecipe, type DnsPolicyRecipe, type DnsRuleRecipe, type FixRecipe } from './edit/recipes';
export type { EditStyle } from './edit/style';
export { setInternalErrorHandler } from './analysis/contain';
export { buildCluster, DEFAULT_NAMESPACE, type Cluster, type ClusterPolicy, type Pod } from './connectivity/cluster';
export {
  Connectivity,
  matrixJson,
  matrixJsonText,
  type Matrix,
  type MatrixJson,
  type Verdict,
  type DirectionVerdict,
  type RuleRef,
} from './connectivity/engine';
export { explainPolicy, explainRule, describePeer, describeSelector, type PolicyExplanation } from './connectivity/explain';
export type { PortProtocol, ContainerPort, WorkloadModel, NamespaceModel } from './model/inventory';
export type { PolicyRef, WorkloadRef, NamespaceRef } from './rules/types';
export { hoverAt, type HoverResult } from './services/hover';
export { fieldDoc } from './services/fieldDocs';
export { reachReport, reasonText, type ReachReport, type ReachDirection } from './services/reachReport';
export { policyAt, workloadAt } from './services/locate';
export { selectedWorkloads, selectionText } from './services/selection';
export { parseConfigFile, parseConfigObject, mergeLayers, effectiveConfig, CONFIG_FILE_NAME, type ConfigLayer, type ConfigProblem } from './configFile';
export { fixAll, minimalEdit, safeEdits, type FixAllResult } from './services/fixAll';
export { outline, type OutlineNode } from './services/symbols';
export { completeAt, type CompletionItem, type CompletionKind } from './services/completion';
export { dnsSnippets, isDefaultDns, type DnsSnippet } from './services/dnsSnippets';
