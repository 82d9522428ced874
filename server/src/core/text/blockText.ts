/**
 * A text kept in blocks of whole lines, so that an edit costs the size of the block it falls in,
 * not the size of the text (why not one string edited in place: docs/performance.md, "Why the code
 * is shaped as it is").
 *
 * Positions are LSP's (line, UTF-16 character), with the conventions of
 * vscode-languageserver-textdocument: "\n", "\r\n" and a lone "\r" end lines; an offset inside a
 * line break is placed before it; a character past the end of its line means the end of the line.
 */
import { lastAtOrBefore, type Position } from './lineIndex';

/** Blocks are cut at the first line end after this many characters (a longer line makes a longer block). */
const BLOCK_SIZE = 8192;

const LF = 10;
const CR = 13;

const isEol = (c: number) => c === LF || c === CR;

interface Block {
  text: string;
  /** Offsets (in the block) where its lines start; a non-last block ends with a line end, whose next line starts the next block. */
  lineStarts: number[];
}

function lineStartsOf(text: string, last: boolean): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === CR && text.charCodeAt(i + 1) === LF) i++;
    if (isEol(c) && (i + 1 < text.length || last)) starts.push(i + 1);
  }
  return starts;
}

/** Cuts `text` into blocks that end with a line end (but the last), never between "\r" and "\n". */
function cut(text: string, size: number, out: string[]): void {
  let from = 0;
  while (text.length - from > size) {
    let at = from + size;
    while (at < text.length && !isEol(text.charCodeAt(at - 1))) at++;
    if (at < text.length && text.charCodeAt(at - 1) === CR && text.charCodeAt(at) === LF) at++;
    if (at >= text.length) break;
    out.push(text.slice(from, at));
    from = at;
  }
  out.push(text.slice(from));
}

export class BlockText {
  private blocks: Block[] = [];
  /** Offset and first line of each block, and the totals at the end. */
  private offsets: number[] = [];
  private lines: number[] = [];
  private whole: string | undefined;

  /** `blockSize`: only tests change it (to make many blocks of a short text). */
  constructor(
    text: string,
    private readonly blockSize = BLOCK_SIZE,
  ) {
    this.rebuild(0, 0, text);
  }

  get length(): number {
    return this.offsets[this.blocks.length];
  }

  get lineCount(): number {
    return this.lines[this.blocks.length];
  }

  /** The whole text (made when asked: a rope of the blocks, joined by whoever reads it). */
  getText(): string {
    if (this.whole === undefined) {
      let s = '';
      for (const b of this.blocks) s += b.text;
      this.whole = s;
    }
    return this.whole;
  }

  /** Replaces [start, end) (offsets of the current text, clamped) with `text`. */
  replace(start: number, end: number, text: string): void {
    const length = this.length;
    start = Math.max(0, Math.min(start, length));
    end = Math.max(start, Math.min(end, length));
    let first = this.blockAt(start);
    let last = this.blockAt(end);
    // the edited blocks, joined with their neighbours while a line would span the cut: the new text
    // must end with a line end (unless it is the end of the text), and no "\r\n" may be cut in two
    let piece = this.blocks[first].text.slice(0, start - this.offsets[first]) + text + this.blocks[last].text.slice(end - this.offsets[last]);
    while (first > 0 && piece.charCodeAt(0) === LF && this.blocks[first - 1].text.endsWith('\r')) {
      first--;
      piece = this.blocks[first].text + piece;
    }
    while (
      last + 1 < this.blocks.length &&
      (piece.length === 0 || !isEol(piece.charCodeAt(piece.length - 1)) || (piece.endsWith('\r') && this.blocks[last + 1].text.charCodeAt(0) === LF))
    ) {
      last++;
      piece += this.blocks[last].text;
    }
    this.rebuild(first, last + 1, piece);
  }

  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.length));
    const b = this.blockAt(offset);
    const { text, lineStarts } = this.blocks[b];
    const local = offset - this.offsets[b];
    const lo = lastAtOrBefore(lineStarts, local);
    let at = local;
    while (at > lineStarts[lo] && isEol(text.charCodeAt(at - 1))) at--;
    return { line: this.lines[b] + lo, character: at - lineStarts[lo] };
  }

  offsetAt(position: Position): number {
    if (position.line >= this.lineCount) return this.length;
    if (position.line < 0) return 0;
    const lo = lastAtOrBefore(this.lines, position.line, this.blocks.length);
    const { text, lineStarts } = this.blocks[lo];
    const line = position.line - this.lines[lo];
    const lineStart = lineStarts[line];
    if (position.character <= 0) return this.offsets[lo] + lineStart;
    const next = line + 1 < lineStarts.length ? lineStarts[line + 1] : text.length;
    let at = Math.min(lineStart + position.character, next);
    while (at > lineStart && isEol(text.charCodeAt(at - 1))) at--;
    return this.offsets[lo] + at;
  }

  /** The block holding `offset` (the last block for the end of the text). */
  private blockAt(offset: number): number {
    return lastAtOrBefore(this.offsets, offset, this.blocks.length);
  }

  /** Replaces blocks [from, to) with blocks cut from `text`, and recomputes the offsets and first lines. */
  private rebuild(from: number, to: number, text: string): void {
    const texts: string[] = [];
    cut(text, this.blockSize, texts);
    const lastBlock = to >= this.blocks.length;
    const made = texts.map((t, i) => ({ text: t, lineStarts: lineStartsOf(t, lastBlock && i === texts.length - 1) }));
    this.blocks.splice(from, to - from, ...made);
    const n = this.blocks.length;
    this.offsets = new Array<number>(n + 1);
    this.lines = new Array<number>(n + 1);
    this.offsets[0] = 0;
    this.lines[0] = 0;
    for (let i = 0; i < n; i++) {
      this.offsets[i + 1] = this.offsets[i] + this.blocks[i].text.length;
      this.lines[i + 1] = this.lines[i] + this.blocks[i].lineStarts.length;
    }
    this.whole = undefined;
  }
}
