/**
 * Offset <-> line/character conversion. Lines end at "\n", "\r\n" or a lone "\r", as in LSP.
 * Characters are UTF-16 code units (JavaScript string indices), which is LSP's default encoding.
 * Used only at the edges (LSP, CLI): the analysis core works in offsets.
 */
export interface Position {
  line: number;
  character: number;
}

/** The last index among the first `count` of `sorted` (ascending) whose value is at most `x`; 0 if none is. */
export function lastAtOrBefore(sorted: ArrayLike<number>, x: number, count = sorted.length): number {
  let lo = 0;
  let hi = count - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= x) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = lastAtOrBefore(this.starts, o);
    return { line, character: o - this.starts[line] };
  }

  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.starts.length) return this.text.length;
    const start = this.starts[pos.line];
    const next = pos.line + 1 < this.starts.length ? this.starts[pos.line + 1] : this.text.length;
    // never point past the line's own end-of-line characters
    let end = next;
    while (end > start && (this.text.charCodeAt(end - 1) === 10 || this.text.charCodeAt(end - 1) === 13)) end--;
    return Math.min(start + Math.max(0, pos.character), end);
  }
}

/**
 * Offset of the start of the line holding `offset`. An offset between the CR and the LF of a CRLF
 * is on the line that CRLF ends (not the start of a line of its own).
 */
export function lineStartOf(text: string, offset: number): number {
  let i = offset > 0 && text.charCodeAt(offset) === 10 && text.charCodeAt(offset - 1) === 13 ? offset - 1 : offset;
  while (i > 0) {
    const c = text.charCodeAt(i - 1);
    if (c === 10 || c === 13) break;
    i--;
  }
  return i;
}

/** Offset just before the end-of-line characters of the line holding `offset`. */
export function lineEndOf(text: string, offset: number): number {
  let i = offset;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) break;
    i++;
  }
  return i;
}

/** Column (in code units) of `offset` within its line. */
export function columnOf(text: string, offset: number): number {
  return offset - lineStartOf(text, offset);
}

/** The end-of-line sequence the text already uses ("\n" when it has none). */
export function detectEol(text: string): string {
  const i = text.indexOf('\n');
  if (i > 0 && text.charCodeAt(i - 1) === 13) return '\r\n';
  if (i < 0 && text.includes('\r')) return '\r';
  return '\n';
}

/** Leading spaces of the line holding `offset`. */
export function indentOfLine(text: string, offset: number): string {
  const start = lineStartOf(text, offset);
  let i = start;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return text.slice(start, i);
}

/** The offset after the last non-whitespace character at or before `end` (exclusive end). */
export function trimEndOffset(text: string, end: number, floor = 0): number {
  let i = Math.min(end, text.length);
  while (i > floor && /\s/.test(text[i - 1])) i--;
  return i;
}
