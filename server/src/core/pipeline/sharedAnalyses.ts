/**
 * Chunk analyses shared by every file of a workspace, by text: a document that several files hold
 * (the same manifest in two overlays, or one file open under two names) is parsed and kept once.
 * An analysis depends on its text only. Each file's analyzer counts as a user of the texts it keeps;
 * an entry goes when its last user lets go. (Not WeakRefs: a WeakRef keeps its target alive until the
 * current job ends, and a caller linting thousands of texts in one synchronous loop would keep them all.)
 */
import type { AnalysedChunk } from './chunkAnalysis';

export class SharedAnalyses {
  private readonly entries = new Map<string, { analysed: AnalysedChunk; users: number }>();

  get(text: string): AnalysedChunk | undefined {
    return this.entries.get(text)?.analysed;
  }

  /** One more user of `text`'s analysis; the one kept if there is one, else `analysed` from now on. */
  acquire(text: string, analysed: AnalysedChunk): AnalysedChunk {
    const e = this.entries.get(text);
    if (e) {
      e.users++;
      return e.analysed;
    }
    this.entries.set(text, { analysed, users: 1 });
    return analysed;
  }

  release(text: string): void {
    const e = this.entries.get(text);
    if (e && --e.users <= 0) this.entries.delete(text);
  }

  /** How many texts are kept (for tests). */
  get size(): number {
    return this.entries.size;
  }
}
