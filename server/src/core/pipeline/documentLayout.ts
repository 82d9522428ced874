/**
 * Where a file's analysed documents sit: each document chunk's policies, workloads, namespaces and
 * findings get their document index in the file, and the file's lists of them are assembled. After
 * an edit only the chunks the edit re-split are placed again; the others keep their placements (so
 * their refs keep their identity and caches keyed by them stay valid), and their share of the lists
 * is copied, not rebuilt chunk by chunk.
 *
 * A layout, once made, is never changed (nor are its placements and tables): whoever holds an
 * earlier one sees it as it was.
 */
import type { Finding } from '../findings';
import type { ClusterPolicyRef, NamespaceRef, PolicyRef, WorkloadRef } from '../rules/types';
import type { AnalysedChunk } from './chunkAnalysis';
import { spliced } from './spliced';

/** A finding of a document's own analysis, with the document's index in the file and its chunk's placement. */
export interface LocalFinding {
  readonly finding: Finding;
  readonly document: number;
  readonly placement: ChunkPlacement;
}

/** One analysed document chunk at its first document index: its refs and findings. */
export interface ChunkPlacement {
  readonly analysed: AnalysedChunk;
  readonly firstDocument: number;
  readonly local: readonly LocalFinding[];
  readonly policies: readonly PolicyRef[];
  readonly clusterPolicies: readonly ClusterPolicyRef[];
  readonly workloads: readonly WorkloadRef[];
  readonly namespaces: readonly NamespaceRef[];
}

/** Where each chunk's share starts in a layout's lists: index i before chunk i, the last the totals. */
interface Sums {
  readonly documents: Int32Array;
  readonly local: Int32Array;
  readonly policies: Int32Array;
  readonly clusterPolicies: Int32Array;
  readonly workloads: Int32Array;
  readonly namespaces: Int32Array;
}

/** A file's placements, one per chunk, and the lists they add up to (in chunk order). */
export interface Layout {
  readonly placements: readonly ChunkPlacement[];
  readonly documentCount: number;
  readonly local: readonly LocalFinding[];
  readonly policies: readonly PolicyRef[];
  readonly clusterPolicies: readonly ClusterPolicyRef[];
  readonly workloads: readonly WorkloadRef[];
  readonly namespaces: readonly NamespaceRef[];
  /** firstDocuments[i]: the first document index of chunk i; the last entry: the document count. */
  readonly firstDocuments: Int32Array;
  /**
   * Set when only documents [from, to) were placed again, relative to the previous layout: every
   * object outside that range is the previous layout's, with the same ref.
   */
  readonly edited?: { readonly from: number; readonly to: number };
}

function place(file: string, a: AnalysedChunk, document: number): ChunkPlacement {
  const { source } = a;
  const local: LocalFinding[] = [];
  const placement: ChunkPlacement = {
    analysed: a,
    firstDocument: document,
    local,
    policies: a.policies.map((p) => ({ policy: p.policy, file, document: document + p.doc, source })),
    clusterPolicies: a.clusterPolicies.map((p) => ({ clusterPolicy: p.policy, file, document: document + p.doc, source })),
    workloads: a.workloads.map((w) => ({ workload: w.workload, file, document: document + w.doc, source })),
    namespaces: a.namespaces.map((n) => ({ namespace: n.namespace, file, document: document + n.doc, source })),
  };
  for (const f of a.findings) local.push({ finding: f.finding, document: document + f.doc, placement });
  return placement;
}

const COUNTS: readonly { key: keyof Sums; of: (pl: ChunkPlacement) => number }[] = [
  { key: 'documents', of: (pl) => pl.analysed.documentCount },
  { key: 'local', of: (pl) => pl.local.length },
  { key: 'policies', of: (pl) => pl.policies.length },
  { key: 'clusterPolicies', of: (pl) => pl.clusterPolicies.length },
  { key: 'workloads', of: (pl) => pl.workloads.length },
  { key: 'namespaces', of: (pl) => pl.namespaces.length },
];

function sumsOf(placements: readonly ChunkPlacement[]): Sums {
  const sums: Partial<Record<keyof Sums, Int32Array>> = {};
  for (const { key, of } of COUNTS) {
    const at = new Int32Array(placements.length + 1);
    for (let i = 0; i < placements.length; i++) at[i + 1] = at[i] + of(placements[i]);
    sums[key] = at;
  }
  return sums as Sums;
}

/**
 * The sums of `previous`'s placements with `middle` in place of its placements [head, oldEnd):
 * the same before the middle, moved by the middle's difference after it; when the middle adds up
 * to what it replaced (a keystroke, most often), the previous table itself.
 */
function sumsAround(previous: Sums, count: number, head: number, middle: readonly ChunkPlacement[], oldEnd: number): Sums {
  const sums: Partial<Record<keyof Sums, Int32Array>> = {};
  const newEnd = head + middle.length;
  for (const { key, of } of COUNTS) {
    const before = previous[key];
    let sum = before[head];
    for (const pl of middle) sum += of(pl);
    const delta = sum - before[oldEnd];
    if (newEnd === oldEnd && delta === 0) {
      sums[key] = before;
      continue;
    }
    const after = new Int32Array(count + 1);
    after.set(before.subarray(0, head + 1));
    let at = before[head];
    for (let i = 0; i < middle.length; i++) after[head + i + 1] = at += of(middle[i]);
    for (let i = oldEnd + 1; i < before.length; i++) after[newEnd + i - oldEnd] = before[i] + delta;
    sums[key] = after;
  }
  return sums as Sums;
}

/** Places one file's documents, run after run (see the file comment). */
export class DocumentLayout {
  /** Where each analysed document was placed last, and in which run. */
  private byAnalysis = new WeakMap<AnalysedChunk, { placement: ChunkPlacement; run: number }>();
  private run = 0;
  /** The last layout and its sums (to copy around the next edit). */
  private last: { layout: Layout; sums: Sums } | undefined;

  constructor(private readonly file: string) {}

  /** Forgets the last layout (the next one places every document). */
  reset(): void {
    this.last = undefined;
  }

  /**
   * The layout of `results` (one analysed chunk each). With `around` (they are the last layout's
   * chunks after an edit: the first `head` unchanged, the last `tail` moved), only the chunks in
   * between are placed, if their documents add up to as many as before; otherwise all are.
   */
  layout(results: readonly AnalysedChunk[], around?: { head: number; tail: number }): Layout {
    const run = ++this.run;
    this.last = (around && this.last && this.around(this.last, results, around.head, around.tail, run)) || this.all(results, run);
    return this.last.layout;
  }

  /** The same document at the same document index keeps its placement, once per run. */
  private placement(a: AnalysedChunk, document: number, run: number): ChunkPlacement {
    const known = this.byAnalysis.get(a);
    if (known && known.placement.firstDocument === document && known.run !== run) {
      known.run = run;
      return known.placement;
    }
    const placement = place(this.file, a, document);
    this.byAnalysis.set(a, { placement, run });
    return placement;
  }

  /** Marks a kept placement as used in this run (a document text twice in a file gets two placements). */
  private keep(pl: ChunkPlacement, run: number): void {
    const known = this.byAnalysis.get(pl.analysed);
    if (known?.placement === pl) known.run = run;
  }

  private all(results: readonly AnalysedChunk[], run: number): { layout: Layout; sums: Sums } {
    const placements: ChunkPlacement[] = new Array(results.length);
    let document = 0;
    for (let i = 0; i < results.length; i++) {
      placements[i] = this.placement(results[i], document, run);
      document += results[i].documentCount;
    }
    const sums = sumsOf(placements);
    const layout: Layout = {
      placements,
      documentCount: document,
      local: spliced<LocalFinding>(
        [],
        0,
        placements.map((pl) => pl.local),
        0,
      ),
      policies: spliced<PolicyRef>(
        [],
        0,
        placements.map((pl) => pl.policies),
        0,
      ),
      clusterPolicies: spliced<ClusterPolicyRef>(
        [],
        0,
        placements.map((pl) => pl.clusterPolicies),
        0,
      ),
      workloads: spliced<WorkloadRef>(
        [],
        0,
        placements.map((pl) => pl.workloads),
        0,
      ),
      namespaces: spliced<NamespaceRef>(
        [],
        0,
        placements.map((pl) => pl.namespaces),
        0,
      ),
      firstDocuments: sums.documents,
    };
    return { layout, sums };
  }

  /**
   * The layout after an edit: chunks before `head` are the last layout's, the last `tail` chunks
   * are its last ones moved; if the documents in between add up to as many as before, the tail keeps
   * its document indices and so its placements. Undefined when they do not.
   */
  private around(
    last: { layout: Layout; sums: Sums },
    results: readonly AnalysedChunk[],
    head: number,
    tail: number,
    run: number,
  ): { layout: Layout; sums: Sums } | undefined {
    const { layout: before, sums: was } = last;
    const kept = before.placements;
    const oldEnd = kept.length - tail;
    const newEnd = results.length - tail;
    const from = was.documents[head];
    const to = was.documents[oldEnd];
    // a kept placement must not be taken for a middle document at its own index: only chunks
    // without documents (comments only) next to the middle can share an index with one
    for (let i = head - 1; i >= 0 && kept[i].firstDocument >= from; i--) this.keep(kept[i], run);
    for (let i = oldEnd; i < kept.length && kept[i].firstDocument <= to; i++) this.keep(kept[i], run);
    const middle: ChunkPlacement[] = [];
    let document = from;
    for (let i = head; i < newEnd; i++) {
      middle.push(this.placement(results[i], document, run));
      document += results[i].documentCount;
    }
    if (document !== to) return undefined;
    const list = <T>(all: readonly T[], at: Int32Array, of: (pl: ChunkPlacement) => readonly T[]) => spliced(all, at[head], middle.map(of), at[oldEnd]);
    const sums = sumsAround(was, results.length, head, middle, oldEnd);
    const layout: Layout = {
      placements: spliced(kept, head, [middle], oldEnd),
      documentCount: before.documentCount,
      local: list(before.local, was.local, (pl) => pl.local),
      policies: list(before.policies, was.policies, (pl) => pl.policies),
      clusterPolicies: list(before.clusterPolicies, was.clusterPolicies, (pl) => pl.clusterPolicies),
      workloads: list(before.workloads, was.workloads, (pl) => pl.workloads),
      namespaces: list(before.namespaces, was.namespaces, (pl) => pl.namespaces),
      firstDocuments: sums.documents,
      edited: { from, to },
    };
    return { layout, sums };
  }
}
