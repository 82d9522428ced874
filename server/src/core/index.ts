/** The analysis core: no editor or transport imports anywhere below this folder. */
export { FileAnalyzer, PARALLEL_THRESHOLD, type FileResult, type Edit, type ChunkAnalysisPool, type AnalysedChunk, type Chunk, type PreparedFile } from './lint';
export { Workspace, lintText } from './workspace/workspace';
export { analyseChunk } from './analysis/chunk';
export { defaultConfig, readRuleSettings, isTenantNamespace, DEFAULT_DNS, type LintConfig, type DnsProfile, type SeveritySetting } from './config';
export { applyEdits, SEVERITIES, type FileFinding, type Finding, type Fix, type Severity, type TextEdit } from './findings';
export { RULES, RULE_CODES, ruleMeta } from './rules/index';
export type { RuleMeta } from './rules/types';
export { LineIndex, type Position } from './text/lineIndex';
export { ChunkedLineIndex } from './text/chunkedLineIndex';
export { docsUrl } from './docs';
export { setInternalErrorHandler } from './analysis/contain';
export { buildCluster, DEFAULT_NAMESPACE, type Cluster, type ClusterPolicy, type Pod } from './connectivity/cluster';
export { Connectivity, matrixJson, matrixJsonText, type Matrix, type MatrixJson, type Verdict, type DirectionVerdict, type RuleRef } from './connectivity/engine';
export { explainPolicy, explainRule, describePeer, describeSelector, type PolicyExplanation } from './connectivity/explain';
export type { PortProtocol, ContainerPort, WorkloadModel, NamespaceModel } from './model/inventory';
export type { PolicyRef, WorkloadRef, NamespaceRef } from './rules/types';
