/**
 * Offset -> position over a text kept as chunks, without scanning the whole text: the owner gives
 * each chunk's offset and first line, and a chunk's own line starts are computed only when a
 * position inside it is asked for.
 */
import { LineIndex, lastAtOrBefore, type Position } from './lineIndex';

export interface IndexedText {
  text: string;
  /** The text's own line index, kept by whoever owns the text (built here on demand). */
  readonly lines: { index?: LineIndex };
}

export class ChunkedLineIndex {
  constructor(
    /** Chunk i starts at offset starts[i] (ascending; chunks start at line starts)… */
    private readonly starts: ArrayLike<number>,
    /** …on line lines[i] of the whole text… */
    private readonly lines: ArrayLike<number>,
    /** …and holds chunk(i).text. */
    private readonly chunk: (i: number) => IndexedText,
  ) {}

  positionAt(offset: number): Position {
    if (this.starts.length === 0) return { line: 0, character: 0 };
    const i = lastAtOrBefore(this.starts, offset);
    const c = this.chunk(i);
    c.lines.index ??= new LineIndex(c.text);
    const p = c.lines.index.positionAt(offset - this.starts[i]);
    return { line: this.lines[i] + p.line, character: p.character };
  }
}
