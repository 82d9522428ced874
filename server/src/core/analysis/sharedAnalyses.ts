/**
 * Chunk analyses shared by every file of a workspace, by text: a document that several files hold
 * (the same manifest in two overlays, or one file open under two names) is parsed and kept once.
 * An analysis depends on its text only. The cache holds its entries weakly: an analysis lives as
 * long as some file's analyzer still uses it, and its entry goes when it is collected.
 */
import type { AnalysedChunk } from './chunk';

export class SharedAnalyses {
  private readonly byText = new Map<string, WeakRef<AnalysedChunk>>();
  private readonly registry = new FinalizationRegistry<string>((text) => {
    if (!this.byText.get(text)?.deref()) this.byText.delete(text);
  });

  get(text: string): AnalysedChunk | undefined {
    return this.byText.get(text)?.deref();
  }

  set(text: string, analysed: AnalysedChunk): void {
    this.byText.set(text, new WeakRef(analysed));
    this.registry.register(analysed, text);
  }

  /** Entries (live or not yet swept), for tests. */
  get size(): number {
    return this.byText.size;
  }
}
