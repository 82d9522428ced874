/** The analysis core: no editor or transport imports anywhere below this folder. */
export type { PlacedFileFinding, TextChange, UnreadableDocument } from './pipeline/index';
export { namesConnectivityKind } from './pipeline/unreadable';
export { isKustomizationKey, KUSTOMIZATION_NAMES, readKustomization, resolveResource } from './kustomize';
export { helmTemplateMessage, holdsTemplateActions, templateOf, type TemplateSource } from './helm';
export { Workspace } from './workspace/workspace';
export { defaultConfig, excludeMatcher, DEFAULT_DNS, type LintConfig, type DnsProfile } from './config';
export type { FileFinding, Finding, Severity, TextEdit } from './findings';
export { SEVERITIES } from './severity';
export {
  CRD_CHANNELS,
  type CrdChannel,
  DEFAULT_CRD_CHANNEL,
  KUBERNETES_VERSIONS,
  LATEST_KUBERNETES_VERSION,
  OLDEST_KUBERNETES_VERSION,
  readKubernetesVersion,
} from './kubernetes';
export { samePlainData } from './plainData';
export { RULES } from './rules/index';
export { engineFinding } from './rules/engine-rules';
export { LineIndex, type Position } from './text/lineIndex';
export { BlockText } from './text/blockText';
export { docsUrl } from './docs';
export { disableNextLineFix } from './edit/disableComment';
export { isFixRecipe, recipeEdits, recipeTitle, shiftRecipe, type DnsPolicyRecipe, type DnsRuleRecipe, type FixRecipe } from './edit/recipes';
export { DEFAULT_STYLE, type EditStyle } from './edit/style';
export { setInternalErrorHandler } from './analysis/contain';
export { Connectivity, matrixJson, matrixJsonText, type Matrix } from './connectivity/engine';
export { explainPolicy } from './connectivity/explain';
export type { Pod } from './connectivity/cluster';
export type { ConnectionMatrix } from './connectivity/connections';
export type { ExternalConnections } from './connectivity/externalSets';
export type { ExternalRange } from './connectivity/addressRanges';
export { rangeCidrs, cidrRange } from './connectivity/addressRanges';
export type { PairConnections, DirectionConnections } from './connectivity/engine';
export { ConnectionSet, PROTOCOLS, type ConnectionSetJson, type PortRange } from './connectivity/connectionSet';
export type { PortProtocol } from './model/inventory';
export { hoverAt } from './services/hover';
export { reachReport, reachReportSteps, type ReachDirection } from './services/reachReport';
export { workloadAt } from './services/locate';
export { replacementText, selectedWorkloads, selectionText, unreadableCaveat } from './services/selection';
export { parseConfigFile, parseConfigObject, mergeLayers, effectiveConfig, CONFIG_FILE_NAME, MAX_CONFIG_BYTES, type ConfigLayer } from './configFile';
export { fixAll, fixAllSteps, minimalEdit } from './services/fixAll';
export { runAtOnce, runInSlices, type Steps } from './steps';
export { emptyPortFixes } from './services/portFixes';
export { outline, type OutlineNode } from './services/symbols';
export { completeAt, type CompletionKind } from './services/completion';
export { admissionObjects, admissionPlan, ADMISSION_CHECKS, kyvernoObjects, type AdmissionCheck, type AdmissionPlan } from './admission/index';
export { diffConnectivity, endpointName, isEmptyDiff, type ConnectivityDiff, type DiffEndpoint, type PairChange } from './connectivity/diff';
export { counts as diffCounts, diffGroups, diffMarkdown, MARKDOWN_ROWS, scopeOf as diffScope } from './services/diffReport';
export {
  parseTestsFile,
  TESTS_FILE_NAME,
  MAX_TESTS_BYTES,
  INVARIANTS,
  type TestsSpec,
  type TestsProblem,
  type InvariantName,
} from './tenancy/testsFile';
export { rerunTestsFile, type TestsRun } from './tenancy/incremental';
export { runTestsFile, METADATA_ADDRESS, type Cause, type Violation, type InvariantResult, type TestResult, type TestsOutcome } from './tenancy/invariants';
