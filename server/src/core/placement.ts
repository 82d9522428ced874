/**
 * Placing a file's analysed documents: each document's policies, workloads, namespaces and findings
 * get refs with their document index in the file, and the file's lists of them are assembled. After
 * an edit, only the documents the edit re-split are placed again; the others keep their placements
 * (and their refs keep their identity, so caches keyed by them stay valid) and their share of the
 * lists is copied, not rebuilt document by document.
 */
import type { AnalysedChunk } from './analysis/chunk';
import type { Finding } from './findings';
import type { Chunk } from './parse/splitDocuments';
import { spliced } from './spliced';
import type { Anchor, NamespaceRef, PolicyRef, WorkloadRef } from './rules/types';
import { ChunkedLineIndex, type IndexedChunk } from './text/chunkedLineIndex';
import type { LineIndex } from './text/lineIndex';
import type { FileResult } from './lint';

/** Where every placed object sits (its Placed is updated in place when its document moves). */
export const placeOf = new WeakMap<Anchor, Placed>();

/** One analysed document placed in its file: its refs and findings, with their document indices. */
interface ChunkPlacement {
  at: Placed;
  firstDocument: number;
  /** The last `run` that used it (a document text twice in one file gets two placements). */
  generation: number;
  documentCount: number;
  local: PreparedFile['local'];
  policies: PolicyRef[];
  workloads: WorkloadRef[];
  namespaces: NamespaceRef[];
}

function place(file: string, chunk: Chunk, a: AnalysedChunk, document: number): ChunkPlacement {
  const at = new Placed(chunk, a, document);
  const edit = a.edit;
  const pl: ChunkPlacement = {
    at,
    firstDocument: document,
    generation: 0,
    documentCount: a.documentCount,
    local: [],
    policies: [],
    workloads: [],
    namespaces: [],
  };
  for (const f of a.findings) pl.local.push({ at, finding: f.finding, document: document + f.doc });
  for (const p of a.policies) {
    const ref: PolicyRef = { policy: p.policy, file, document: document + p.doc, edit };
    pl.policies.push(ref);
    placeOf.set(ref, at);
  }
  for (const w of a.workloads) {
    const ref: WorkloadRef = { workload: w.workload, file, document: document + w.doc, edit };
    pl.workloads.push(ref);
    placeOf.set(ref, at);
  }
  for (const n of a.namespaces) {
    const ref: NamespaceRef = { namespace: n.namespace, file, document: document + n.doc, edit };
    pl.namespaces.push(ref);
    placeOf.set(ref, at);
  }
  return pl;
}

/**
 * A run's placements, one per chunk, and where each chunk's share starts in the prepared file's
 * lists (index i: before chunk i; index n: the totals), so that the next run after an edit can
 * copy the lists around the edited documents instead of walking every document again.
 */
interface Layout {
  placements: ChunkPlacement[];
  prepared: PreparedFile;
  documentsAt: Int32Array;
  localAt: Int32Array;
  policiesAt: Int32Array;
  workloadsAt: Int32Array;
  namespacesAt: Int32Array;
}

type Counts = Pick<Layout, 'documentsAt' | 'localAt' | 'policiesAt' | 'workloadsAt' | 'namespacesAt'>;
const COUNTS: readonly { key: keyof Counts; of: (pl: ChunkPlacement) => number }[] = [
  { key: 'documentsAt', of: (pl) => pl.documentCount },
  { key: 'localAt', of: (pl) => pl.local.length },
  { key: 'policiesAt', of: (pl) => pl.policies.length },
  { key: 'workloadsAt', of: (pl) => pl.workloads.length },
  { key: 'namespacesAt', of: (pl) => pl.namespaces.length },
];

function layoutOf(placements: ChunkPlacement[], prepared: PreparedFile): Layout {
  const counts = {} as Counts;
  for (const { key, of } of COUNTS) {
    const sums = new Int32Array(placements.length + 1);
    for (let i = 0; i < placements.length; i++) sums[i + 1] = sums[i] + of(placements[i]);
    counts[key] = sums;
  }
  return { placements, prepared, ...counts };
}

/**
 * The layout of `placements`: `previous`'s, with `middle` in place of its placements [head, oldEnd).
 * Before the middle the sums are the same, after it they move by the middle's difference; when
 * the middle adds up to what it replaced (a keystroke, most often), the previous sums are kept as
 * they are (they are never written to once made).
 */
function layoutAround(
  previous: Layout,
  placements: ChunkPlacement[],
  prepared: PreparedFile,
  head: number,
  middle: readonly ChunkPlacement[],
  oldEnd: number,
): Layout {
  const counts = {} as Counts;
  const newEnd = head + middle.length;
  for (const { key, of } of COUNTS) {
    const before = previous[key];
    let sum = before[head];
    for (const pl of middle) sum += of(pl);
    const delta = sum - before[oldEnd];
    if (newEnd === oldEnd && delta === 0) {
      counts[key] = before;
      continue;
    }
    const after = new Int32Array(placements.length + 1);
    after.set(before.subarray(0, head + 1));
    let at = before[head];
    for (let i = 0; i < middle.length; i++) after[head + i + 1] = at += of(middle[i]);
    for (let i = oldEnd + 1; i < before.length; i++) after[newEnd + i - oldEnd] = before[i] + delta;
    counts[key] = after;
  }
  return { placements, prepared, ...counts };
}

/** A file analysed on its own, ready for the namespace rules; `FileAnalyzer.finish` completes it. */
export interface PreparedFile {
  file: string;
  text: string;
  documentCount: number;
  lines: ChunkedLineIndex;
  policies: PolicyRef[];
  workloads: WorkloadRef[];
  namespaces: NamespaceRef[];
  /** The documents' own findings (parse, shape, policy rules, suppression comments). */
  local: { at: Placed; finding: Finding; document: number }[];
  /** Where each placed object sits (to place the findings attached to it). */
  places: { get(ref: Anchor): Placed | undefined };
  /** Every document chunk in order (editor services find the one at an offset). */
  chunks: Placed[];
  /** Set when the file is over the limits: this is its whole result. */
  final?: FileResult;
  /**
   * Set when this is `base` after an edit that placed again only documents [from, to): every
   * object outside that range is `base`'s, with the same ref.
   */
  edited?: { base: PreparedFile; from: number; to: number };
}

/** An analysed document chunk where it sits in its file (`chunk` is replaced when the document moves). */
export class Placed implements IndexedChunk {
  /** The line the chunk starts at in the file (set with every placement run; the file's line index reads it). */
  line = 0;

  constructor(
    public chunk: Chunk,
    readonly analysed: AnalysedChunk,
    readonly firstDocument: number,
  ) {}

  get start(): number {
    return this.chunk.start;
  }

  get text(): string {
    return this.chunk.text;
  }

  get lineBreaks(): number {
    return this.analysed.lineBreaks;
  }

  get lines(): { index?: LineIndex } {
    return (this.analysed.lines ??= {});
  }
}

/** Places one file's documents, run after run (see the file comment). */
export class Placer {
  /** Where each analysed document was placed last time. */
  private placements = new WeakMap<AnalysedChunk, ChunkPlacement>();
  private generation = 0;
  /** The last run's placements and lists. */
  private layout: Layout | undefined;

  constructor(private readonly file: string) {}

  /** Forgets the last run (the next one places every document). */
  reset(): void {
    this.layout = undefined;
  }

  /**
   * Places `chunks` (analysed as `results`). With `around` (the chunks are the previous run's
   * chunks after an edit: the first `head` unchanged, the last `tail` moved), only the chunks in
   * between are placed, if the documents there add up to as many as before; otherwise all are.
   */
  run(text: string, chunks: Chunk[], results: AnalysedChunk[], around?: { head: number; tail: number }): PreparedFile {
    const previous = this.layout;
    const prepared =
      (around && previous && this.placeAround(previous, chunks, results, around.head, around.tail, ++this.generation)) ||
      this.placeAll(chunks, results, ++this.generation);
    prepared.text = text;
    return prepared;
  }

  /** The same document at the same document index keeps its placement (refs keep their identity, so caches keyed by them stay valid). */
  private placement(chunk: Chunk, a: AnalysedChunk, document: number, generation: number): ChunkPlacement {
    let pl = this.placements.get(a);
    if (pl && pl.firstDocument === document && pl.generation !== generation) pl.at.chunk = chunk;
    else this.placements.set(a, (pl = place(this.file, chunk, a, document)));
    pl.generation = generation;
    return pl;
  }

  private placeAll(chunks: Chunk[], results: AnalysedChunk[], generation: number): PreparedFile {
    const placements: ChunkPlacement[] = new Array(chunks.length);
    let document = 0;
    for (let i = 0; i < chunks.length; i++) {
      placements[i] = this.placement(chunks[i], results[i], document, generation);
      document += results[i].documentCount;
    }
    const all = (pick: (pl: ChunkPlacement) => readonly unknown[]) => spliced([], 0, placements.map(pick), 0);
    const placed = placements.map((pl) => pl.at);
    // each chunk's first line, for the line index and the placed findings (chunks start at line starts)
    let line = 0;
    for (const p of placed) {
      p.line = line;
      line += p.lineBreaks;
    }
    const prepared = this.made(placed, document, undefined, {
      local: all((pl) => pl.local) as PreparedFile['local'],
      policies: all((pl) => pl.policies) as PolicyRef[],
      workloads: all((pl) => pl.workloads) as WorkloadRef[],
      namespaces: all((pl) => pl.namespaces) as NamespaceRef[],
    });
    this.layout = layoutOf(placements, prepared);
    return prepared;
  }

  /**
   * Placement after an edit: chunks before `head` are the previous ones, the last `tail` chunks are
   * the previous ones moved; if the documents in between add up to as many as before, the tail keeps
   * its document indices and so its placements. Undefined when they do not (placeAll then).
   */
  private placeAround(previous: Layout, chunks: Chunk[], results: AnalysedChunk[], head: number, tail: number, generation: number): PreparedFile | undefined {
    const oldEnd = previous.placements.length - tail;
    const newEnd = chunks.length - tail;
    const kept = previous.placements;
    const from = previous.documentsAt[head];
    const to = previous.documentsAt[oldEnd];
    // a kept placement must not be taken for a middle document at its own index: only chunks
    // without documents (comments only) next to the middle can share an index with one
    for (let i = head - 1; i >= 0 && kept[i].firstDocument >= from; i--) kept[i].generation = generation;
    for (let i = oldEnd; i < kept.length && kept[i].firstDocument <= to; i++) kept[i].generation = generation;
    const middle: ChunkPlacement[] = [];
    let document = from;
    for (let i = head; i < newEnd; i++) {
      middle.push(this.placement(chunks[i], results[i], document, generation));
      document += results[i].documentCount;
    }
    if (document !== to) return undefined;
    const placements = spliced(kept, head, [middle], oldEnd);
    for (let i = newEnd; i < chunks.length; i++) placements[i].at.chunk = chunks[i];
    const p = previous.prepared;
    const documents = previous.documentsAt[previous.placements.length];
    const edited = { base: p, from, to: document };
    p.edited = undefined; // the base needs no base of its own: no chain of every earlier version
    const placed = spliced(p.chunks, head, [middle.map((pl) => pl.at)], oldEnd);
    // lines: the head's stay; the tail's move only if the middle's line count changed
    let line = head > 0 ? placed[head - 1].line + placed[head - 1].lineBreaks : 0;
    for (let i = head; i < placed.length; i++) {
      if (i >= newEnd && placed[i].line === line) break;
      placed[i].line = line;
      line += placed[i].lineBreaks;
    }
    const prepared = this.made(placed, documents, edited, {
      local: spliced(
        p.local,
        previous.localAt[head],
        middle.map((pl) => pl.local),
        previous.localAt[oldEnd],
      ),
      policies: spliced(
        p.policies,
        previous.policiesAt[head],
        middle.map((pl) => pl.policies),
        previous.policiesAt[oldEnd],
      ),
      workloads: spliced(
        p.workloads,
        previous.workloadsAt[head],
        middle.map((pl) => pl.workloads),
        previous.workloadsAt[oldEnd],
      ),
      namespaces: spliced(
        p.namespaces,
        previous.namespacesAt[head],
        middle.map((pl) => pl.namespaces),
        previous.namespacesAt[oldEnd],
      ),
    });
    this.layout = layoutAround(previous, placements, prepared, head, middle, oldEnd);
    return prepared;
  }

  /** The prepared file of placed chunks whose lines are set. */
  private made(
    placed: Placed[],
    documentCount: number,
    edited: PreparedFile['edited'],
    lists: Pick<PreparedFile, 'local' | 'policies' | 'workloads' | 'namespaces'>,
  ): PreparedFile {
    return {
      file: this.file,
      text: '',
      documentCount,
      lines: new ChunkedLineIndex(placed),
      ...lists,
      places: placeOf,
      chunks: placed,
      ...(edited ? { edited } : {}),
    };
  }
}
