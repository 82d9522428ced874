/** The analysis core: no editor or transport imports anywhere below this folder. */
export { FileAnalyzer, lintText, PARALLEL_THRESHOLD, type FileResult, type Edit, type ChunkAnalysisPool, type AnalysedChunk, type Chunk } from './lint';
export { analyseChunk } from './analysis/chunk';
export { defaultConfig, readRuleSettings, DEFAULT_DNS, type LintConfig, type DnsProfile, type SeveritySetting } from './config';
export { applyEdits, SEVERITIES, type FileFinding, type Finding, type Fix, type Severity, type TextEdit } from './findings';
export { RULES, RULE_CODES, ruleMeta } from './rules/index';
export type { RuleMeta } from './rules/types';
export { LineIndex, type Position } from './text/lineIndex';
export { ChunkedLineIndex } from './text/chunkedLineIndex';
export { docsUrl } from './docs';
export { setInternalErrorHandler } from './analysis/contain';
