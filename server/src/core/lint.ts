/**
 * Lints a whole file: splits it into documents, analyses each (reusing the analysis of documents
 * whose text did not change), runs the namespace rules across the file's documents (again only for
 * namespaces whose policies changed), then applies suppressions and configured severities.
 *
 * All caching lives here; rules stay pure functions of their inputs.
 */
import { analyseChunk, type AnalysedChunk } from './analysis/chunk';
import { contain, internalErrorFinding } from './analysis/contain';
import type { DnsProfile, LintConfig } from './config';
import { disableNextLineFix } from './edit/disableComment';
import { shiftFinding, type FileFinding, type Finding } from './findings';
import type { NetworkPolicyModel } from './model/networkPolicy';
import { resplit, splitDocuments, type Chunk, type Edit } from './parse/splitDocuments';
export type { AnalysedChunk } from './analysis/chunk';
export type { Chunk } from './parse/splitDocuments';
import { NAMESPACE_RULES } from './rules/index';
import type { PolicyRef } from './rules/types';
import { isSuppressed } from './suppressions';
import { ChunkedLineIndex } from './text/chunkedLineIndex';

export type { Edit } from './parse/splitDocuments';

export interface FileResult {
  findings: FileFinding[];
  documentCount: number;
  policyCount: number;
  /** Offset -> position for this text (built from the chunks, not from a whole-text scan). */
  lines: ChunkedLineIndex;
}

interface Placed {
  chunk: Chunk;
  analysed: AnalysedChunk;
  firstDocument: number;
}

/** Findings of the namespace rules for one namespace, valid while its policies are the same objects. */
interface NamespaceEntry {
  policies: NetworkPolicyModel[];
  findings: { index: number; finding: Finding }[];
}

/** Something that can analyse chunks elsewhere (a worker thread), in parallel with this thread. */
export interface ChunkAnalysisPool {
  analyse(chunks: Chunk[]): Promise<AnalysedChunk[]>;
}

/** Below this many documents to (re)analyse, the work is not worth sharing. */
export const PARALLEL_THRESHOLD = 200;

export class FileAnalyzer {
  private chunks: Chunk[] = [];
  /** The analysis of each of `chunks`, in order. */
  private results: AnalysedChunk[] = [];
  /** Analyses by text, to reuse documents that moved or came back (pruned to the current text). */
  private byText = new Map<string, AnalysedChunk>();
  private namespaces = new Map<string, NamespaceEntry>();
  private dns: DnsProfile | undefined;
  private length = -1;

  /**
   * Analyses `text`. With `edit` (one change, in the coordinates of the previously analysed text),
   * only the documents around the edit are split and parsed again.
   */
  analyse(text: string, config: LintConfig, edit?: Edit): FileResult {
    return this.run(text, config, edit);
  }

  /** `analyse`, optionally with the full split already made (by `analyseAsync`), so it is not made twice. */
  private run(text: string, config: LintConfig, edit?: Edit, fullSplit?: Chunk[]): FileResult {
    const tooLarge = this.overLimits(text, config);
    if (tooLarge) return tooLarge;
    const incremental = fullSplit === undefined && edit !== undefined && this.length >= 0 && this.length - (edit.end - edit.start) + edit.newLength === text.length;
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
        let a = this.byText.get(c.text);
        if (!a) {
          a = analyseChunk(c);
          this.byText.set(c.text, a);
        }
        results[i] = a;
      }
    }
    // prune on a full split, or when edits have left too many stale entries behind
    if (!incremental || this.byText.size > 2 * chunks.length + 64) this.byText = new Map(chunks.map((c, i) => [c.text, results[i]]));
    this.chunks = chunks;
    this.results = results;
    this.length = text.length;
    const placed: Placed[] = [];
    let document = 0;
    for (let i = 0; i < chunks.length; i++) {
      placed.push({ chunk: chunks[i], analysed: results[i], firstDocument: document });
      document += results[i].documentCount;
    }
    if (this.dns !== config.dns) {
      this.namespaces.clear();
      this.dns = config.dns;
    }

    const raw: { at: Placed; finding: Finding; document: number }[] = [];
    const refs: PolicyRef[] = [];
    const refPlace = new Map<PolicyRef, Placed>();
    for (const at of placed) {
      for (const f of at.analysed.findings) raw.push({ at, finding: f.finding, document: at.firstDocument + f.doc });
      for (const p of at.analysed.policies) {
        const ref: PolicyRef = { policy: p.policy, document: at.firstDocument + p.doc, edit: at.analysed.edit };
        refs.push(ref);
        refPlace.set(ref, at);
      }
    }
    const groups = groupByNamespace(refs);
    for (const [ns, group] of groups) {
      for (const { index, finding } of this.namespaceFindings(ns, group, config)) {
        const ref = group[index];
        raw.push({ at: refPlace.get(ref)!, finding, document: ref.document });
      }
    }
    for (const ns of [...this.namespaces.keys()]) if (!groups.has(ns)) this.namespaces.delete(ns);

    const findings: FileFinding[] = [];
    for (const { at, finding, document: doc } of raw) {
      if (isSuppressed(at.analysed.suppressions, at.analysed.text, finding)) continue;
      const setting = config.rules[finding.code];
      if (setting === 'off') continue;
      const placedFinding = shiftFinding(finding, at.chunk.start, doc);
      if (setting) placedFinding.severity = setting;
      placedFinding.fixes = [...(placedFinding.fixes ?? []), disableNextLineFix(text, placedFinding)];
      findings.push(placedFinding);
    }
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
    const lines = new ChunkedLineIndex(placed.map((p) => ({ start: p.chunk.start, text: p.chunk.text, lineBreaks: p.analysed.lineBreaks, lines: (p.analysed.lines ??= {}) })));
    return { findings, documentCount: document, policyCount: refs.length, lines };
  }

  /**
   * As `analyse`, but a large analysis (opening a big file) shares its documents with `pool`: half
   * are analysed there while this thread analyses the other half. The result is the same.
   */
  async analyseAsync(text: string, config: LintConfig, edit?: Edit, pool?: ChunkAnalysisPool): Promise<FileResult> {
    const tooLarge = this.overLimits(text, config);
    if (tooLarge) return tooLarge;
    if (pool && (edit === undefined || this.length < 0)) {
      const all = splitDocuments(text);
      if (all.length > config.limits.maxDocuments) return this.overLimits(text, config, all.length)!;
      const todo = all.filter((c) => !this.byText.has(c.text) && c.text.includes('NetworkPolicy'));
      if (todo.length >= PARALLEL_THRESHOLD) {
        const there = todo.slice(todo.length >> 1);
        const remote = pool.analyse(there).catch(() => there.map(analyseChunk));
        for (const c of todo.slice(0, todo.length >> 1)) this.byText.set(c.text, analyseChunk(c));
        const results = await remote;
        there.forEach((c, i) => this.byText.set(c.text, results[i]));
        return this.run(text, config, undefined, all);
      }
    }
    return this.analyse(text, config, edit);
  }

  /** Above the limits: forget everything and answer with one finding (cheap: no parse). */
  private overLimits(text: string, config: LintConfig, documents?: number): FileResult | undefined {
    const { maxFileBytes, maxDocuments } = config.limits;
    let why: string | undefined;
    if (text.length > maxFileBytes) why = `${(text.length / 1e6).toFixed(1)} MB, more than the ${(maxFileBytes / 1e6).toFixed(1)} MB limit (netpolLint.limits.maxFileBytes)`;
    else if (documents !== undefined && documents > maxDocuments) why = `${documents} documents, more than the limit of ${maxDocuments} (netpolLint.limits.maxDocuments)`;
    if (!why) return undefined;
    this.chunks = [];
    this.results = [];
    this.byText.clear();
    this.namespaces.clear();
    this.length = -1;
    const chunk = { start: 0, text, lineBreaks: 0 };
    const end = text.search(/[\r\n]|$/);
    const setting = config.rules['file-too-large'];
    const findings: FileFinding[] =
      setting === 'off'
        ? []
        : [
            {
              code: 'file-too-large',
              severity: setting ?? 'information',
              message: `This file holds ${why}: netpol-lint did not analyse it, to keep the editor responsive.`,
              span: { start: 0, end: Math.max(0, end) },
              document: 0,
            },
          ];
    return { findings, documentCount: 0, policyCount: 0, lines: new ChunkedLineIndex([chunk]) };
  }

  private namespaceFindings(ns: string, group: PolicyRef[], config: LintConfig): { index: number; finding: Finding }[] {
    const cached = this.namespaces.get(ns);
    if (cached && cached.policies.length === group.length && cached.policies.every((p, i) => p === group[i].policy)) return cached.findings;
    const index = new Map(group.map((r, i) => [r, i]));
    const found: { index: number; finding: Finding }[] = [];
    for (const rule of NAMESPACE_RULES) {
      const placed = contain(
        rule.meta.code,
        () => rule.check(group, { dns: config.dns }),
        (error) => [{ ref: group[0], finding: internalErrorFinding(`the rule ${rule.meta.code}`, error, group[0].policy.root.span) }],
      );
      for (const { ref, finding } of placed) found.push({ index: index.get(ref)!, finding });
    }
    this.namespaces.set(ns, { policies: group.map((r) => r.policy), findings: found });
    return found;
  }
}

function groupByNamespace(refs: PolicyRef[]): Map<string, PolicyRef[]> {
  const groups = new Map<string, PolicyRef[]>();
  for (const r of refs) {
    const key = r.policy.namespace?.value ?? '';
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

/** One-shot lint of a text (the CLI and tests); editors keep a FileAnalyzer per document. */
export function lintText(text: string, config: LintConfig): FileResult {
  return new FileAnalyzer().analyse(text, config);
}
