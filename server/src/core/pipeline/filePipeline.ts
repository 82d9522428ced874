/**
 * One file's pipeline: each update splits the text into document chunks (after an edit, only around
 * the edit), analyses each chunk (reusing the analysis of every text it has seen and still holds),
 * places the chunks' objects and findings in the file, and returns a snapshot. The pipeline owns
 * every cache of per-document work; rules stay pure functions of their inputs.
 */
import type { LintConfig } from '../config';
import { type ApiServer, apiServer, LATEST_KUBERNETES_VERSION } from '../kubernetes';
import type { FileFinding } from '../findings';
import { ScalarResolver } from '../parse/simpleScalars';
import { type Chunk, splitDocuments } from '../parse/splitDocuments';
import { fileTooLarge, helmTemplate } from '../rules/engine-rules';
import type { RuleMeta } from '../rules/types';
import { helmTemplateMessage, templateOf } from '../helm';
import type { Span } from '../text/span';
import { ChunkedLineIndex } from '../text/chunkedLineIndex';
import { type AnalysedChunk, analyseChunk, type Reading } from './chunkAnalysis';
import { DocumentLayout } from './documentLayout';
import type { FileResult } from './fileResult';
import { FinishedFindings } from './fileResult';
import { FileSnapshot } from './fileSnapshot';
import { type TextChange, resplit } from './resplit';
import type { SharedAnalyses } from './sharedAnalyses';

/** Past this many analyses of texts no longer in the file (kept for an undo), they are let go. */
const KEPT_OLD_VERSIONS = 64;

export class FilePipeline {
  /** The last update's chunks: their analyses and offsets (never written to once made). */
  private results: readonly AnalysedChunk[] = [];
  private starts = new Int32Array(0);
  private lines = new Int32Array(0);
  private length = -1;
  /** Analyses by text, to reuse documents that moved or came back (pruned to the current text). */
  private byText = new Map<string, AnalysedChunk>();
  private readonly layout: DocumentLayout;
  private readonly finishing = new FinishedFindings();
  private serial = 0;
  private api = apiServer(LATEST_KUBERNETES_VERSION);

  constructor(
    readonly file: string,
    /** Analyses shared with the workspace's other files (the same document in several files is read once). */
    private readonly shared?: SharedAnalyses,
    /** The memo of plain scalars the fast reader resolves (shared by every document read). */
    private readonly scalars = new ScalarResolver(),
    /** The Helm chart whose templates/ folder holds the file (a display path), if any: then it is a template. */
    private readonly chart?: string,
    /** What the documents are read for (chunkAnalysis.ts): a 'models' pipeline's snapshots are never finished as lint results. */
    readonly reading: Reading = 'lint',
  ) {
    this.layout = new DocumentLayout(file);
  }

  /**
   * The snapshot of `text`. With `edit` (one change, in the coordinates of the previous update's
   * text), only the documents around the edit are split and parsed again.
   */
  update(text: string, config: LintConfig, edit?: TextChange): FileSnapshot {
    return this.run(text, config, edit);
  }

  /** `update` with the full split already made (the caller analysed the documents beforehand). */
  updateSplit(text: string, config: LintConfig, chunks: Chunk[]): FileSnapshot {
    return this.run(text, config, undefined, chunks);
  }

  /** Is this text of the file a template (never parsed: see core/helm.ts)? */
  isTemplate(text: string): boolean {
    return templateOf(text, this.chart) !== undefined;
  }

  /**
   * Makes sure a document text is analysed before `update` needs it (a background update does this
   * in slices); false when it already was, here or in another file.
   */
  analyseAhead(chunk: Chunk, config: LintConfig): boolean {
    this.checkedFor(apiServer(config.kubernetesVersion, config.clusterNetworkPolicy.channel));
    if (this.byText.has(chunk.text)) return false;
    const known = this.shared?.get(chunk.text, this.api);
    this.keep(chunk.text, known ?? analyseChunk(chunk, this.api, this.scalars, this.reading));
    return !known;
  }

  /**
   * The API server the analyses are checked for: when it changes, every analysis kept is let go
   * (they were checked for another version), and the next update analyses the whole text.
   */
  private checkedFor(api: ApiServer): void {
    if (api === this.api) return;
    this.dispose();
    this.api = api;
  }

  /** Lets go of every analysis (the file left the workspace). */
  dispose(): void {
    this.keepOnly(new Map());
    this.results = [];
    this.starts = new Int32Array(0);
    this.lines = new Int32Array(0);
    this.length = -1;
    this.layout.reset();
  }

  /** Keeps a text's analysis (as a user of the shared one, if any); returns the analysis kept. */
  private keep(text: string, analysed: AnalysedChunk): AnalysedChunk {
    const kept = this.shared ? this.shared.acquire(analysed) : analysed;
    this.byText.set(text, kept);
    return kept;
  }

  /** Keeps only these texts' analyses (letting go of the others'). */
  private keepOnly(texts: Map<string, AnalysedChunk>): void {
    if (this.shared) {
      for (const [text, analysed] of this.byText) if (!texts.has(text)) this.shared.release(analysed);
    }
    this.byText = texts;
  }

  private analysed(c: Chunk): AnalysedChunk {
    return this.byText.get(c.text) ?? this.keep(c.text, this.shared?.get(c.text, this.api) ?? analyseChunk(c, this.api, this.scalars, this.reading));
  }

  private run(text: string, config: LintConfig, edit?: TextChange, fullSplit?: Chunk[]): FileSnapshot {
    this.checkedFor(apiServer(config.kubernetesVersion, config.clusterNetworkPolicy.channel));
    const unread = this.asTemplate(text, config) ?? this.overLimits(text, config);
    if (unread) return unread;
    const prev = this.results;
    const prevStarts = this.starts;
    const incremental =
      fullSplit === undefined && edit !== undefined && this.length >= 0 && this.length - (edit.end - edit.start) + edit.newLength === text.length;
    const { head, middle, tailFrom } = incremental
      ? resplit({ count: prev.length, start: (i) => prevStarts[i], text: (i) => prev[i].text }, edit, text)
      : { head: 0, middle: fullSplit ?? splitDocuments(text), tailFrom: prev.length };
    const tail = prev.length - tailFrom;
    const count = head + middle.length + tail;
    // splitting is cheap; parsing is what the document limit protects
    if (count > config.limits.maxDocuments) return this.overLimits(text, config, count)!;
    const results: AnalysedChunk[] = new Array(count);
    for (let i = 0; i < head; i++) results[i] = prev[i];
    for (let i = 0; i < middle.length; i++) results[head + i] = this.analysed(middle[i]);
    for (let i = 0; i < tail; i++) results[head + middle.length + i] = prev[tailFrom + i];
    // prune on a full split, or once edits have left many earlier versions behind (kept for an undo)
    if (!incremental || this.byText.size > count + KEPT_OLD_VERSIONS) this.keepOnly(new Map(results.map((r) => [r.text, r])));
    const { starts, lines } = this.tables(results, head, middle.length, tailFrom, incremental);
    this.results = results;
    this.starts = starts;
    this.lines = lines;
    this.length = text.length;
    const layout = this.layout.layout(results, incremental ? { head, tail } : undefined);
    const index = new ChunkedLineIndex(starts, lines, (i) => results[i]);
    return new FileSnapshot(this.file, text, ++this.serial, layout, starts, lines, index, this.finishing);
  }

  /**
   * Each chunk's offset and first line (chunks follow each other and start at line starts). After an
   * edit the head's are the previous ones and the tail's the previous ones moved (the previous tables
   * are never written to: they belong to the previous snapshot).
   */
  private tables(results: readonly AnalysedChunk[], head: number, middle: number, tailFrom: number, incremental: boolean) {
    const count = results.length;
    const { starts: prevStarts, lines: prevLines } = this;
    const starts = new Int32Array(count);
    const lines = new Int32Array(count);
    // chunks [0, from) are copied, [from, to] computed from the chunk before, (to, count) moved
    const from = incremental ? head : 0;
    const to = incremental ? Math.min(count - 1, head + middle) : count - 1;
    starts.set(prevStarts.subarray(0, from));
    lines.set(prevLines.subarray(0, from));
    for (let i = Math.max(1, from); i <= to; i++) {
      starts[i] = starts[i - 1] + results[i - 1].text.length;
      lines[i] = lines[i - 1] + results[i - 1].lineBreaks;
    }
    if (to + 1 < count) {
      // chunk `to` is the first of the tail, chunk `tailFrom` before the edit
      const byOffset = starts[to] - prevStarts[tailFrom];
      const byLine = lines[to] - prevLines[tailFrom];
      for (let i = to + 1, j = tailFrom + 1; i < count; i++, j++) {
        starts[i] = prevStarts[j] + byOffset;
        lines[i] = prevLines[j] + byLine;
      }
    }
    return { starts, lines };
  }

  /** Above the limits: forget everything and answer with one finding (cheap: no parse). */
  private overLimits(text: string, config: LintConfig, documents?: number): FileSnapshot | undefined {
    const { maxFileBytes, maxDocuments } = config.limits;
    let why: string | undefined;
    if (text.length > maxFileBytes)
      why = `${(text.length / 1e6).toFixed(1)} MB, more than the ${(maxFileBytes / 1e6).toFixed(1)} MB limit (netpolLint.limits.maxFileBytes)`;
    else if (documents !== undefined && documents > maxDocuments)
      why = `${documents} documents, more than the limit of ${maxDocuments} (netpolLint.limits.maxDocuments)`;
    if (!why) return undefined;
    const end = text.search(/[\r\n]|$/);
    const message = `File not analysed: it holds ${why}, so netpol-lint left it out to keep the editor responsive.`;
    return this.unparsed(text, config, fileTooLarge.meta, message, { start: 0, end: Math.max(0, end) }, `it holds ${why}`);
  }

  /** A template (see core/helm.ts): never parsed; one finding on its first line says how to lint it. */
  private asTemplate(text: string, config: LintConfig): FileSnapshot | undefined {
    const template = templateOf(text, this.chart);
    if (!template) return undefined;
    const first = text.search(/\S/);
    const start = first < 0 ? 0 : text.lastIndexOf('\n', first) + 1;
    const end = text.slice(start).search(/[\r\n]|$/);
    const why =
      template.chart === undefined
        ? 'it holds template actions ({{ … }}) and is not YAML until rendered'
        : `it is a template of the Helm chart ${template.chart}, not YAML until rendered`;
    return this.unparsed(text, config, helmTemplate.meta, helmTemplateMessage(template), { start, end: start + Math.max(0, end) }, why);
  }

  /** Forgets everything and answers with one finding (when not off): the file was not parsed, for `why`. */
  private unparsed(text: string, config: LintConfig, meta: RuleMeta, message: string, span: Span, why: string): FileSnapshot {
    this.dispose();
    const setting = config.rules[meta.code];
    const findings: FileFinding[] = setting === 'off' ? [] : [{ code: meta.code, severity: setting ?? meta.defaultSeverity, message, span, document: 0 }];
    const whole = { text, lines: {} };
    const index = new ChunkedLineIndex([0], [0], () => whole);
    const empty = {
      placements: [],
      documentCount: 0,
      local: [],
      policies: [],
      clusterPolicies: [],
      workloads: [],
      namespaces: [],
      firstDocuments: new Int32Array(1),
    };
    const none = new Int32Array(0);
    const result: FileResult = {
      findings,
      placed: findings.map((f) => ({ finding: f, start: 0, line: 0, document: f.document })),
      documentCount: 0,
      policyCount: 0,
      lines: index,
    };
    return new FileSnapshot(this.file, text, ++this.serial, empty, none, none, index, this.finishing, result, why);
  }
}
