/** The analysis core: no editor or transport imports anywhere below this folder. */
export { FileAnalyzer, lintText, type FileResult, type Edit } from './lint';
export { defaultConfig, readRuleSettings, DEFAULT_DNS, type LintConfig, type DnsProfile, type SeveritySetting } from './config';
export { applyEdits, SEVERITIES, type FileFinding, type Finding, type Fix, type Severity, type TextEdit } from './findings';
export { RULES, RULE_CODES, ruleMeta } from './rules/index';
export type { RuleMeta } from './rules/types';
export { LineIndex, type Position } from './text/lineIndex';
export { ChunkedLineIndex } from './text/chunkedLineIndex';
export { docsUrl } from './docs';
export { setInternalErrorHandler } from './analysis/contain';
