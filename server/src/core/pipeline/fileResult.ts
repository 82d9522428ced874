/**
 * What the pipeline produces for a file: its findings in file order, each with the configured
 * severity, the suppressed ones left out; and the cache that keeps finished findings from one
 * result to the next.
 */
import type { LintConfig } from '../config';
import type { FileFinding, Finding, Severity } from '../findings';
import { isSuppressed } from '../suppressions';
import type { ChunkedLineIndex } from '../text/chunkedLineIndex';
import type { AnalysedChunk } from './chunkAnalysis';
import { outsideCrlf } from '../text/span';

/**
 * A finding placed in its file without copying it: `finding` (offsets relative to its document,
 * with the configured severity and every fix) plus where its document chunk starts.
 */
export interface PlacedFileFinding {
  readonly finding: Finding;
  /** Offset of its document chunk in the file. */
  readonly start: number;
  /** The line its document chunk starts at (a chunk starts at a line start). */
  readonly line: number;
  readonly document: number;
}

/**
 * A file's findings. Identity contract (the editor's conversion cache relies on it): while a
 * finding's document text, the configuration and the document's start, line and index stay the
 * same, the next result holds the same `PlacedFileFinding` object with the same `finding` object.
 */
export interface FileResult {
  /** The findings with file offsets (built on first use from `placed`). */
  readonly findings: FileFinding[];
  /** The same findings, placed by reference, in file order. */
  readonly placed: readonly PlacedFileFinding[];
  readonly documentCount: number;
  readonly policyCount: number;
  /** Offset -> position for this text (built from the chunks, not from a whole-text scan). */
  readonly lines: Pick<ChunkedLineIndex, 'positionAt'>;
}

/**
 * A rule finding with its configured severity (the "disable for this line" fix is the editor's:
 * lsp/codeActions), its range never ending inside a CRLF pair of its document's `text`: every
 * finding of every rule passes here.
 */
function finished(finding: Finding, setting: Severity | undefined, text: string): Finding {
  // one object literal shape for every finished finding
  return {
    code: finding.code,
    severity: setting ?? finding.severity,
    message: finding.message,
    span: outsideCrlf(text, finding.span),
    fixes: finding.fixes ?? [],
  };
}

/**
 * Finished findings by the rule finding they come from (kept while its document's text is
 * unchanged), so that a keystroke elsewhere reuses them; owned by one file's pipeline.
 */
export class FinishedFindings {
  private readonly byFinding = new WeakMap<Finding, { config: LintConfig; text: string; out: Finding | null; placed?: PlacedFileFinding }>();

  /** `finding` of `analysed` finished and placed, or undefined when it is off or suppressed. */
  place(finding: Finding, analysed: AnalysedChunk, start: number, line: number, document: number, config: LintConfig): PlacedFileFinding | undefined {
    let cached = this.byFinding.get(finding);
    if (!cached || cached.config !== config || cached.text !== analysed.text) {
      let out: Finding | null = null;
      const setting = config.rules[finding.code];
      if (setting !== 'off' && !isSuppressed(analysed.suppressions, analysed.text, finding)) out = finished(finding, setting, analysed.text);
      this.byFinding.set(finding, (cached = { config, text: analysed.text, out }));
    }
    if (!cached.out) return undefined;
    const p = cached.placed;
    if (p && p.start === start && p.line === line && p.document === document) return p;
    return (cached.placed = { finding: cached.out, start, line, document });
  }
}
