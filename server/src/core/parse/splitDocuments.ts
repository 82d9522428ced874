/**
 * Splits a YAML stream into one chunk per document, cheaply and without parsing, so that each
 * document can be parsed, analysed and cached on its own (an edit re-parses only its document).
 *
 * A line that starts with "---" followed by white space or the end of the line is a document
 * marker wherever it stands in YAML 1.2 (it even ends a block scalar), so splitting there agrees
 * with the parser. Comments, blank lines and directives before a marker stay with the marker, so a
 * file's header comment belongs to its first document, as the `yaml` package has it. A "..." line
 * ends a document.
 *
 * `resplit` updates a previous split after one edit by splitting again only around the edit.
 */
import { spliced } from '../spliced';

export interface Chunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
  /** How many documents the chunk holds when it is not parsed (0 for comments only). */
  estimatedDocuments: number;
}

function isMarker(text: string, pos: number, end: number, ch: number): boolean {
  // "---" or "..." followed by white space or the end of the line
  if (pos + 3 > end || text.charCodeAt(pos + 1) !== ch || text.charCodeAt(pos + 2) !== ch) return false;
  if (pos + 3 === end) return true;
  const c = text.charCodeAt(pos + 3);
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Does the line [pos, eol) hold content (not blank, not a comment, not a directive)? */
function hasContentLine(text: string, pos: number, eol: number, hasMarker: boolean): boolean {
  let i = pos;
  while (i < eol && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === eol) return false;
  const c = text.charCodeAt(i);
  if (c === 35 /* # */) return false;
  if (c === 37 /* % */ && i === pos && !hasMarker) return false;
  return true;
}

/** Splits text[from, to) (from must be a line start) into chunks. */
export function splitDocuments(text: string, from = 0, to = text.length): Chunk[] {
  if (from === 0 && to === text.length) return split(text, 0, to, true);
  // a region (around an edit): its own string, so that no search runs past its end (a search for a
  // CR in a file without any would read the whole rest of the file on every keystroke)
  return splitRegion(text.slice(from, to), from);
}

/** Splits `region`, the text at `offset` of a whole text. */
function splitRegion(region: string, offset: number): Chunk[] {
  const chunks = split(region, 0, region.length, false);
  for (const c of chunks) c.start += offset;
  return chunks;
}

function split(text: string, from: number, to: number, whole: boolean): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = from;
  let hasContent = false;
  let hasMarker = false;
  const close = (end: number) => {
    if (end > chunkStart) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, end), estimatedDocuments: hasContent || hasMarker ? 1 : 0 });
    }
    chunkStart = end;
    hasContent = false;
    hasMarker = false;
  };
  // next line ends, found with native searches (each one reused until passed)
  let nextLf = -2;
  let nextCr = -2;
  let pos = from;
  while (pos < to) {
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    let eol = to;
    if (nextLf !== -1 && nextLf < eol) eol = nextLf;
    if (nextCr !== -1 && nextCr < eol) eol = nextCr;
    let next = eol;
    if (next < to) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    const first = text.charCodeAt(pos);
    if (first === 45 /* - */ && isMarker(text, pos, eol, 45)) {
      if (hasContent || hasMarker) close(pos);
      hasMarker = true;
      // content on the marker line itself ("--- {a: 1}") is part of the document
      if (hasContentLine(text, pos + 3, eol, true)) hasContent = true;
    } else if (first === 46 /* . */ && isMarker(text, pos, eol, 46)) {
      close(next);
    } else if (!hasContent && hasContentLine(text, pos, eol, hasMarker)) {
      hasContent = true;
    }
    pos = next;
  }
  close(to);
  if (chunks.length === 0 && whole) chunks.push({ start: 0, text, estimatedDocuments: 0 });
  return chunks;
}

/** One edit, in the coordinates of the text before it. */
export interface Edit {
  start: number;
  end: number;
  newLength: number;
  /**
   * The inserted text, when known: the text around the edit is then made from the previous chunks
   * and this, without reading the new text. (An editor's text after an edit is a rope of the old
   * text's two halves and the insertion; reading any part of it copies all of it into one string,
   * 1.4 ms for a 2 MB file on every keystroke.)
   */
  newText?: string;
}

/** A copy of `s` that does not share memory with the string it was sliced from. */
function ownString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

function chunkEnd(c: Chunk): number {
  return c.start + c.text.length;
}

/**
 * The split of `text` (the text after `edit`) computed from the split of the text before it:
 * chunks before the edit are kept as they are, chunks after it are kept and moved (in place: `prev`
 * is used up), and only the chunks around the edit are split again. The result equals
 * `splitDocuments(text)`.
 */
export interface Resplit {
  chunks: Chunk[];
  /** The first `head` chunks are the previous ones, unchanged. */
  head: number;
  /** The last `tail` chunks are the previous ones, moved (same text). */
  tail: number;
}

/** The text of chunks i..j of `prev` with `edit` applied (the edit lies within them). */
function regionAfter(prev: readonly Chunk[], i: number, j: number, edit: Edit, newText: string): string {
  let old = '';
  for (let k = i; k <= j; k++) old += prev[k].text;
  const from = prev[i].start;
  return old.slice(0, edit.start - from) + newText + old.slice(edit.end - from);
}

export function resplit(prev: readonly Chunk[], edit: Edit, text: string): Resplit {
  if (prev.length === 0) return { chunks: splitDocuments(text), head: 0, tail: 0 };
  const delta = edit.newLength - (edit.end - edit.start);
  let i = prev.findIndex((c) => chunkEnd(c) >= edit.start);
  if (i < 0) i = prev.length - 1;
  let j = i;
  while (j + 1 < prev.length && prev[j + 1].start <= edit.end) j++;
  // one chunk of context on each side: the edit may create or remove a marker at a boundary
  i = Math.max(0, i - 1);
  j = Math.min(prev.length - 1, j + 1);
  for (;;) {
    const from = prev[i].start;
    const to = j + 1 < prev.length ? prev[j + 1].start + delta : text.length;
    const region = edit.newText === undefined ? undefined : regionAfter(prev, i, j, edit, edit.newText);
    const middle = region !== undefined && region.length === to - from ? splitRegion(region, from) : splitDocuments(text, from, to);
    const last = middle[middle.length - 1];
    // a trailing chunk of comments only would join the next document in a full split
    if (j + 1 < prev.length && (middle.length === 0 || last.estimatedDocuments === 0)) {
      j++;
      continue;
    }
    // the new chunks get strings of their own: a slice would keep the whole new text alive as long
    // as the chunk lives, and every keystroke would pin another copy of the file
    for (const c of middle) c.text = ownString(c.text);
    // the chunks after the edit move in place: new objects for half a large file on every keystroke
    // were garbage the next keystroke, and the placements pointing at them made each one survive
    if (delta !== 0) for (let k = j + 1; k < prev.length; k++) prev[k].start += delta;
    const out = spliced(prev, i, [middle], j + 1);
    if (out.length === 0) return { chunks: [{ start: 0, text, estimatedDocuments: 0 }], head: 0, tail: 0 };
    return { chunks: out, head: i, tail: prev.length - (j + 1) };
  }
}
