/**
 * Prepares one file for the workspace: splits it into documents, analyses each (reusing the
 * analysis of documents whose text did not change), and places its policies, workloads and
 * namespaces; `finish` then applies suppressions and configured severities to its findings, its own
 * and those the namespace rules attach to it.
 *
 * All caching of per-document work lives here (per-namespace work: in the workspace); rules stay
 * pure functions of their inputs.
 */
import { analyseChunk, type AnalysedChunk } from './analysis/chunk';
import type { SharedAnalyses } from './analysis/sharedAnalyses';
import type { LintConfig } from './config';
import { shiftFinding } from './edit/fixes';
import type { FileFinding, Finding, Severity } from './findings';
import { resplit, splitDocuments, type Chunk, type Edit } from './parse/splitDocuments';
export type { AnalysedChunk } from './analysis/chunk';
export type { Chunk } from './parse/splitDocuments';
import { fileTooLarge } from './rules/engine-rules';
import type { PlacedFinding } from './rules/types';
import { isSuppressed } from './suppressions';
import { ChunkedLineIndex } from './text/chunkedLineIndex';
import { placeOf, Placer, type Placed, type PreparedFile } from './placement';
export type { Placed, PreparedFile } from './placement';

export type { Edit } from './parse/splitDocuments';

/**
 * A finding placed in its file without copying it: `finding` (offsets relative to its document,
 * with the configured severity and every fix, the same object from keystroke to keystroke while
 * its document is unchanged) plus where its document starts.
 */
export interface PlacedFileFinding {
  finding: Finding;
  /** Offset of its document chunk in the file. */
  start: number;
  /** The line its document chunk starts at (a chunk starts at a line start). */
  line: number;
  document: number;
}

export interface FileResult {
  /** The findings with file offsets (built on first use from `placed`). */
  readonly findings: FileFinding[];
  /** The same findings, placed by reference (what the editor converts, with caching). */
  placed: PlacedFileFinding[];
  documentCount: number;
  policyCount: number;
  /** Offset -> position for this text (built from the chunks, not from a whole-text scan). */
  lines: ChunkedLineIndex;
}

/**
 * Each rule finding with its configured severity, by the rule's finding object (kept while its
 * document's text is unchanged): a keystroke elsewhere reuses them. Shared, never mutated.
 */
const finishedBy = new WeakMap<Finding, { config: LintConfig; text: string; out: Finding | null; placed?: PlacedFileFinding }>();

/** A rule finding with its configured severity (the "disable for this line" fix is the editor's: lsp/codeActions). */
function finished(finding: Finding, setting: Severity | undefined): Finding {
  // a literal of one shape: every finished finding shares one hidden class
  return {
    code: finding.code,
    severity: setting ?? finding.severity,
    message: finding.message,
    span: finding.span,
    fixes: finding.fixes ?? [],
  };
}

/** File order: by start, the shorter first, then by code (ASCII: a plain comparison, not localeCompare's collation). */
export function byPlace(a: PlacedFileFinding, b: PlacedFileFinding): number {
  const d = a.start + a.finding.span.start - (b.start + b.finding.span.start);
  if (d !== 0) return d;
  const l = a.finding.span.end - a.finding.span.start - (b.finding.span.end - b.finding.span.start);
  if (l !== 0) return l;
  return a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0;
}

/**
 * `placed` in file order. Documents follow each other in the text, so the order is document by
 * document, then `byPlace` within each: a counting sort by document, then small sorts (a file of
 * 5,000 documents has a few findings per document). The same order as `placed.sort(byPlace)`, in a
 * fraction of the comparisons (2,400 findings: 0.5 -> 0.1 ms a keystroke).
 */
export function inFileOrder(placed: PlacedFileFinding[], documents: number): PlacedFileFinding[] {
  if (placed.length < 64 || !placed.every((p) => p.document >= 0 && p.document < documents)) return placed.sort(byPlace);
  const starts = new Int32Array(documents + 1);
  for (const p of placed) starts[p.document + 1]++;
  for (let d = 0; d < documents; d++) starts[d + 1] += starts[d];
  const next = starts.slice(0, documents);
  const out = new Array<PlacedFileFinding>(placed.length);
  for (const p of placed) out[next[p.document]++] = p;
  for (let d = 0; d < documents; d++) {
    const from = starts[d];
    const to = starts[d + 1];
    if (to - from > 16) {
      const part = out.slice(from, to).sort(byPlace);
      for (let i = from; i < to; i++) out[i] = part[i - from];
    } else {
      // a document's few findings: sorted in place (a copy and a sort per document were ~0.4 MB of
      // garbage a keystroke with 5,600 findings)
      for (let i = from + 1; i < to; i++) {
        const p = out[i];
        let j = i - 1;
        for (; j >= from && byPlace(out[j], p) > 0; j--) out[j + 1] = out[j];
        out[j + 1] = p;
      }
    }
  }
  return out;
}

export class FileAnalyzer {
  private chunks: Chunk[] = [];
  /** The analysis of each of `chunks`, in order. */
  private results: AnalysedChunk[] = [];
  /** Analyses by text, to reuse documents that moved or came back (pruned to the current text). */
  private byText = new Map<string, AnalysedChunk>();
  private length = -1;
  private readonly placer: Placer;

  constructor(
    readonly file: string,
    /** Analyses shared with the workspace's other files (the same document in several files is read once). */
    private readonly shared?: SharedAnalyses,
  ) {
    this.placer = new Placer(file);
  }

  /**
   * Analyses `text` document by document. With `edit` (one change, in the coordinates of the
   * previously analysed text), only the documents around the edit are split and parsed again.
   */
  prepare(text: string, config: LintConfig, edit?: Edit): PreparedFile {
    return this.run(text, config, edit);
  }

  /** `prepare` with the full split already made (the caller analysed the documents beforehand). */
  prepareSplit(text: string, config: LintConfig, chunks: Chunk[]): PreparedFile {
    return this.run(text, config, undefined, chunks);
  }

  /**
   * Makes sure a document text is analysed before `prepare` needs it (a background update does this
   * in slices); false when it already was, here or in another file.
   */
  analyseAhead(chunk: Chunk): boolean {
    if (this.byText.has(chunk.text)) return false;
    const known = this.shared?.get(chunk.text);
    this.keep(chunk.text, known ?? analyseChunk(chunk));
    return !known;
  }

  /** Keeps a text's analysis (as a user of the shared one, if any); returns the analysis kept. */
  private keep(text: string, analysed: AnalysedChunk): AnalysedChunk {
    const kept = this.shared ? this.shared.acquire(text, analysed) : analysed;
    this.byText.set(text, kept);
    return kept;
  }

  /** Keeps only these texts' analyses (letting go of the others'). */
  private keepOnly(texts: Map<string, AnalysedChunk>): void {
    if (this.shared) {
      for (const text of this.byText.keys()) if (!texts.has(text)) this.shared.release(text);
    }
    this.byText = texts;
  }

  /** Lets go of every analysis (the file left the workspace). */
  dispose(): void {
    this.keepOnly(new Map());
    this.chunks = [];
    this.results = [];
    this.length = -1;
    this.placer.reset();
  }

  /** `prepare`, optionally with the full split already made (by `prepareSplit`), so it is not made twice. */
  private run(text: string, config: LintConfig, edit?: Edit, fullSplit?: Chunk[]): PreparedFile {
    const tooLarge = this.overLimits(text, config);
    if (tooLarge) return tooLarge;
    const incremental =
      fullSplit === undefined && edit !== undefined && this.length >= 0 && this.length - (edit.end - edit.start) + edit.newLength === text.length;
    const split = incremental ? resplit(this.chunks, edit, text) : { chunks: fullSplit ?? splitDocuments(text), head: 0, tail: 0 };
    const { chunks, head, tail } = split;
    // splitting is cheap; parsing is what the document limit protects
    if (chunks.length > config.limits.maxDocuments) return this.overLimits(text, config, chunks.length)!;
    const results: AnalysedChunk[] = new Array(chunks.length);
    for (let i = 0; i < chunks.length; i++) {
      if (i < head) results[i] = this.results[i];
      else if (i >= chunks.length - tail) results[i] = this.results[this.results.length - (chunks.length - i)];
      else {
        const c = chunks[i];
        results[i] = this.byText.get(c.text) ?? this.keep(c.text, this.shared?.get(c.text) ?? analyseChunk(c));
      }
    }
    // prune on a full split, or once edits have left 64 earlier versions behind (kept for an undo;
    // a bound that grew with the file kept up to 5,000 versions of a 5,000-document file's edited one)
    if (!incremental || this.byText.size > chunks.length + 64) this.keepOnly(new Map(chunks.map((c, i) => [c.text, results[i]])));
    this.chunks = chunks;
    this.results = results;
    this.length = text.length;

    return this.placer.run(text, chunks, results, incremental ? { head, tail } : undefined);
  }

  /**
   * The file's findings: its own and `attached` (namespace-rule findings on its objects), minus the
   * suppressed ones, with configured severities.
   */
  static finish(prepared: PreparedFile, attached: readonly PlacedFinding[], config: LintConfig): FileResult {
    if (prepared.final) return prepared.final;
    const placed: PlacedFileFinding[] = [];
    const place = (at: Placed, finding: Finding, document: number) => {
      let cached = finishedBy.get(finding);
      if (!cached || cached.config !== config || cached.text !== at.analysed.text) {
        let out: Finding | null = null;
        const setting = config.rules[finding.code];
        if (setting !== 'off' && !isSuppressed(at.analysed.suppressions, at.analysed.text, finding)) out = finished(finding, setting);
        finishedBy.set(finding, (cached = { config, text: at.analysed.text, out }));
      }
      if (!cached.out) return;
      // the placement of the keystroke before, while it still holds: thousands of objects a
      // keystroke in a file of thousands of findings, otherwise, each kept until the next keystroke
      let p = cached.placed;
      if (!p || p.start !== at.chunk.start || p.line !== at.line || p.document !== document)
        cached.placed = p = { finding: cached.out, start: at.chunk.start, line: at.line, document };
      placed.push(p);
    };
    for (const { at, finding, document } of prepared.local) place(at, finding, document);
    for (const { ref, finding } of attached) {
      const at = prepared.places.get(ref);
      if (at) place(at, finding, ref.document);
    }
    const ordered = inFileOrder(placed, prepared.documentCount);
    let findings: FileFinding[] | undefined;
    return {
      get findings() {
        return (findings ??= ordered.map((p) => shiftFinding(p.finding, p.start, p.document)));
      },
      placed: ordered,
      documentCount: prepared.documentCount,
      policyCount: prepared.policies.length,
      lines: prepared.lines,
    };
  }

  /** Above the limits: forget everything and answer with one finding (cheap: no parse). */
  private overLimits(text: string, config: LintConfig, documents?: number): PreparedFile | undefined {
    const { maxFileBytes, maxDocuments } = config.limits;
    let why: string | undefined;
    if (text.length > maxFileBytes)
      why = `${(text.length / 1e6).toFixed(1)} MB, more than the ${(maxFileBytes / 1e6).toFixed(1)} MB limit (netpolLint.limits.maxFileBytes)`;
    else if (documents !== undefined && documents > maxDocuments)
      why = `${documents} documents, more than the limit of ${maxDocuments} (netpolLint.limits.maxDocuments)`;
    if (!why) return undefined;
    this.dispose();
    const chunk = { start: 0, text, line: 0 };
    const end = text.search(/[\r\n]|$/);
    const setting = config.rules['file-too-large'];
    const findings: FileFinding[] =
      setting === 'off'
        ? []
        : [
            {
              code: fileTooLarge.meta.code,
              severity: setting ?? fileTooLarge.meta.defaultSeverity,
              message: `This file holds ${why}: netpol-lint did not analyse it, to keep the editor responsive.`,
              span: { start: 0, end: Math.max(0, end) },
              document: 0,
            },
          ];
    const lines = new ChunkedLineIndex([chunk]);
    const final = { findings, placed: findings.map((f) => ({ finding: f, start: 0, line: 0, document: f.document })), documentCount: 0, policyCount: 0, lines };
    return { file: this.file, text, documentCount: 0, lines, policies: [], workloads: [], namespaces: [], local: [], places: placeOf, chunks: [], final };
  }
}
