/**
 * A file as the pipeline analysed it at one moment: its document chunks with their offsets and first
 * lines, its policies, workloads and namespaces, and what it takes to finish its findings. A
 * snapshot is a value: a later update of the file makes a new one and never changes this one (the
 * offsets and lines are tables of its own; the placements it shares with other snapshots are never
 * written to).
 */
import type { LintConfig } from '../config';
import { shiftFinding } from '../edit/fixes';
import type { FileFinding } from '../findings';
import type { ClusterPlacedFinding } from '../rules/clusterRule';
import type { Anchor, ClusterPolicyRef, NamespaceRef, PlacedFinding, PolicyRef, WorkloadRef } from '../rules/types';
import type { ChunkedLineIndex } from '../text/chunkedLineIndex';
import { lastAtOrBefore } from '../text/lineIndex';
import type { Span } from '../text/span';
import type { AnalysedChunk } from './chunkAnalysis';
import type { Layout } from './documentLayout';
import { inFileOrder } from './fileOrder';
import type { FileResult, FinishedFindings, PlacedFileFinding } from './fileResult';
import { namesConnectivityKind, type UnreadableDocument } from './unreadable';

/** One document chunk of a snapshot. */
export interface SnapshotChunk {
  start: number;
  text: string;
  firstDocument: number;
  analysed: AnalysedChunk;
}

/** How a snapshot differs from the one before it, when only some documents were placed again. */
export interface SnapshotEdit {
  /** The `serial` of the snapshot this one was made from. */
  base: number;
  /** Documents [from, to) were placed again; every object outside them is the base's, with the same ref. */
  from: number;
  to: number;
}

export class FileSnapshot {
  constructor(
    readonly file: string,
    readonly text: string,
    /** Increases with every snapshot of one pipeline. */
    readonly serial: number,
    private readonly layout: Layout,
    /** Offset of each chunk in the text, and the line it starts at. */
    private readonly starts: Int32Array,
    private readonly firstLines: Int32Array,
    /** Offset -> position for this text. */
    readonly lines: ChunkedLineIndex,
    private readonly finishing: FinishedFindings,
    /** Set when the file is over the limits: this is its whole result. */
    private readonly final?: FileResult,
    /** Set when the file is over the limits: why it was not read. */
    private readonly notRead?: string,
  ) {}

  private unreadableDocuments: readonly UnreadableDocument[] | undefined;

  /**
   * The documents of this file that name a kind the connectivity answers read but could not be
   * read (see unreadable.ts), in file order; the whole file as one when it was over the limits.
   */
  get unreadable(): readonly UnreadableDocument[] {
    if (this.unreadableDocuments) return this.unreadableDocuments;
    const out: UnreadableDocument[] = [];
    if (this.notRead !== undefined) {
      if (namesConnectivityKind(this.text)) out.push({ file: this.file, document: 0, line: 0, message: `netpol-lint did not read this file: ${this.notRead}` });
    } else {
      const { placements } = this.layout;
      for (let i = 0; i < placements.length; i++) {
        const { analysed, firstDocument } = placements[i];
        for (const u of analysed.unreadable)
          out.push({ file: this.file, document: firstDocument + u.doc, line: this.lines.positionAt(this.starts[i] + u.offset).line, message: u.message });
      }
    }
    return (this.unreadableDocuments = out);
  }

  get documentCount(): number {
    return this.layout.documentCount;
  }

  get policies(): readonly PolicyRef[] {
    return this.layout.policies;
  }

  /** Its ClusterNetworkPolicies and v1alpha1 AdminNetworkPolicies / BaselineAdminNetworkPolicies, in document order. */
  get clusterPolicies(): readonly ClusterPolicyRef[] {
    return this.layout.clusterPolicies;
  }

  get workloads(): readonly WorkloadRef[] {
    return this.layout.workloads;
  }

  get namespaces(): readonly NamespaceRef[] {
    return this.layout.namespaces;
  }

  /** Set when only some documents were placed again since the snapshot `edited.base`. */
  get edited(): SnapshotEdit | undefined {
    return this.layout.edited && { base: this.serial - 1, ...this.layout.edited };
  }

  get chunkCount(): number {
    return this.layout.placements.length;
  }

  chunk(i: number): SnapshotChunk {
    const p = this.layout.placements[i];
    return { start: this.starts[i], text: p.analysed.text, firstDocument: p.firstDocument, analysed: p.analysed };
  }

  /** The chunk holding `offset` (at a boundary between two, the earlier one). */
  chunkAt(offset: number): SnapshotChunk | undefined {
    const n = this.chunkCount;
    if (n === 0 || offset < 0 || offset > this.text.length) return undefined;
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] < offset) lo = mid;
      else hi = mid - 1;
    }
    return this.chunk(lo);
  }

  /** The index of the chunk that holds an object of this snapshot, or -1. */
  chunkIndexOf(ref: Anchor | ClusterPolicyRef): number {
    const docs = this.layout.firstDocuments;
    const n = this.layout.placements.length;
    const d = ref.document;
    if (ref.file !== this.file || n === 0 || d < 0 || d >= docs[n]) return -1;
    // the last chunk starting at or before the document (chunks of comments only hold none)
    const i = lastAtOrBefore(docs, d, n);
    return docs[i] <= d && d < docs[i + 1] ? i : -1;
  }

  /** The file offsets of an object's document chunk: [start, end). */
  chunkSpanOf(ref: Anchor | ClusterPolicyRef): Span | undefined {
    const i = this.chunkIndexOf(ref);
    return i < 0 ? undefined : { start: this.starts[i], end: this.starts[i] + this.layout.placements[i].analysed.text.length };
  }

  /**
   * The file's findings: its own and `attached` (namespace-rule findings on its objects), minus the
   * suppressed ones, with configured severities, in file order.
   */
  finish(attached: readonly (PlacedFinding | ClusterPlacedFinding)[], config: LintConfig): FileResult {
    if (this.final) return this.final;
    const { placements, local } = this.layout;
    const { starts, firstLines, finishing } = this;
    const placed: PlacedFileFinding[] = [];
    // the local findings are in chunk order: their chunks are found walking forward
    let i = 0;
    for (const l of local) {
      while (placements[i] !== l.placement) i++;
      const p = finishing.place(l.finding, l.placement.analysed, starts[i], firstLines[i], l.document, config);
      if (p) placed.push(p);
    }
    for (const { ref, finding } of attached) {
      const i = this.chunkIndexOf(ref);
      const p = i < 0 ? undefined : finishing.place(finding, placements[i].analysed, starts[i], firstLines[i], ref.document, config);
      if (p) placed.push(p);
    }
    const ordered = inFileOrder(placed, this.documentCount);
    let findings: FileFinding[] | undefined;
    return {
      get findings() {
        return (findings ??= ordered.map((p) => shiftFinding(p.finding, p.start, p.document)));
      },
      placed: ordered,
      documentCount: this.documentCount,
      policyCount: this.policies.length,
      lines: this.lines,
    };
  }
}
