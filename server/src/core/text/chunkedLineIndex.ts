/**
 * Offset -> position over a text kept as chunks, without scanning the whole text: each chunk knows
 * the line it starts at (its owner keeps that current: see Placer), and a chunk's own line starts
 * are computed only when a position inside it is asked for.
 */
import { LineIndex, type Position } from './lineIndex';

export interface IndexedChunk {
  start: number;
  text: string;
  /** The line of the whole text the chunk starts at (a chunk starts at a line start). */
  line: number;
  /** The chunk's own line index, kept across analyses by whoever owns the chunk (built on demand). */
  lines?: { index?: LineIndex };
}

export class ChunkedLineIndex {
  private readonly local = new Map<number, LineIndex>();

  constructor(private readonly chunks: readonly IndexedChunk[]) {}

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
    return { line: chunks[lo].line + p.line, character: p.character };
  }
}
