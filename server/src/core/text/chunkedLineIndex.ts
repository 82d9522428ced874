/**
 * Offset -> position over a text kept as chunks, without scanning the whole text: each chunk's
 * line breaks are counted once (when it is analysed), and a chunk's own line starts are computed
 * only when a position inside it is asked for.
 */
import { LineIndex, type Position } from './lineIndex';

export interface IndexedChunk {
  start: number;
  text: string;
  lineBreaks: number;
  /** The chunk's own line index, kept across analyses by whoever owns the chunk (built on demand). */
  lines?: { index?: LineIndex };
}

export class ChunkedLineIndex {
  private readonly firstLine: number[] = [];
  private readonly local = new Map<number, LineIndex>();

  constructor(private readonly chunks: readonly IndexedChunk[]) {
    let line = 0;
    for (const c of chunks) {
      this.firstLine.push(line);
      line += c.lineBreaks;
    }
  }

  positionAt(offset: number): Position {
    const { chunks } = this;
    if (chunks.length === 0) return { line: 0, character: 0 };
    let lo = 0;
    let hi = chunks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (chunks[mid].start <= offset) lo = mid;
      else hi = mid - 1;
    }
    const owner = chunks[lo].lines;
    let idx = owner?.index ?? this.local.get(lo);
    if (!idx) {
      idx = new LineIndex(chunks[lo].text);
      if (owner) owner.index = idx;
      else this.local.set(lo, idx);
    }
    const p = idx.positionAt(offset - chunks[lo].start);
    return { line: this.firstLine[lo] + p.line, character: p.character };
  }
}
