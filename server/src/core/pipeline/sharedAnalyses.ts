/**
 * Chunk analyses shared by every file of a workspace, by text: a document that several files hold
 * (the same manifest in two overlays, or one file open under two names) is parsed and kept once.
 * An analysis depends on its text and the API server it was checked for, and nothing else. Each
 * file's pipeline counts as a user of the analyses it keeps; an entry goes when its last user lets
 * go. (Not WeakRefs: a WeakRef keeps its target alive until the current job ends, and a caller
 * linting thousands of texts in one synchronous loop would keep them all.)
 */
import type { ApiServer } from '../kubernetes';
import type { AnalysedChunk } from './chunkAnalysis';

export class SharedAnalyses {
  private readonly entries = new Map<ApiServer, Map<string, { analysed: AnalysedChunk; users: number }>>();

  get(text: string, api: ApiServer): AnalysedChunk | undefined {
    return this.entries.get(api)?.get(text)?.analysed;
  }

  /** One more user of the analysis of `analysed`'s text; the one kept if there is one, else `analysed` from now on. */
  acquire(analysed: AnalysedChunk): AnalysedChunk {
    let byText = this.entries.get(analysed.api);
    if (!byText) this.entries.set(analysed.api, (byText = new Map()));
    const e = byText.get(analysed.text);
    if (e) {
      e.users++;
      return e.analysed;
    }
    byText.set(analysed.text, { analysed, users: 1 });
    return analysed;
  }

  release(analysed: AnalysedChunk): void {
    const byText = this.entries.get(analysed.api);
    const e = byText?.get(analysed.text);
    if (!byText || !e || --e.users > 0) return;
    byText.delete(analysed.text);
    if (byText.size === 0) this.entries.delete(analysed.api);
  }

  /** How many analyses are kept (for tests). */
  get size(): number {
    let n = 0;
    for (const byText of this.entries.values()) n += byText.size;
    return n;
  }
}
