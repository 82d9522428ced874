/**
 * The split of a file after one edit, from the split before it: the chunks before the edit are
 * kept, the chunks after it are kept and move by the edit's length difference, and only the chunks
 * around the edit are split again. Nothing of the previous split is changed.
 */
import { type Chunk, splitDocuments, splitRegion } from '../parse/splitDocuments';

/** One change to a file's text (an editor's keystroke, a paste), in the coordinates of the text before it. */
export interface TextChange {
  start: number;
  end: number;
  newLength: number;
  /**
   * The inserted text, when known: the text around the edit is then made from the previous chunks
   * and this, without reading the new text (an editor's text after an edit is a rope, and reading
   * any part of it flattens all of it).
   */
  newText?: string;
}

/** A split as its owner keeps it: chunk i starts at `start(i)` and holds `text(i)`. */
export interface SplitView {
  readonly count: number;
  start(i: number): number;
  text(i: number): string;
}

/**
 * The new split is: the previous chunks [0, head), then `middle` (new chunks, with their offsets in
 * the new text), then the previous chunks [tailFrom, count), each `delta` further on. Together they
 * equal `splitDocuments` of the new text.
 */
export interface Resplit {
  head: number;
  middle: Chunk[];
  tailFrom: number;
  delta: number;
}

/** A copy of `s` that does not share memory with the string it was sliced from. */
function ownString(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** The text of chunks i..j of `prev` with `edit` applied (the edit lies within them). */
function regionAfter(prev: SplitView, i: number, j: number, edit: TextChange, newText: string): string {
  let old = '';
  for (let k = i; k <= j; k++) old += prev.text(k);
  const from = prev.start(i);
  return old.slice(0, edit.start - from) + newText + old.slice(edit.end - from);
}

/** The first chunk that ends at or after `offset` (the last chunk if none does). */
function chunkReaching(prev: SplitView, offset: number): number {
  let lo = 0;
  let hi = prev.count - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (prev.start(mid) + prev.text(mid).length >= offset) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/** The split of `text`, the text after `edit`, made from `prev`, the split of the text before it. */
export function resplit(prev: SplitView, edit: TextChange, text: string): Resplit {
  const delta = edit.newLength - (edit.end - edit.start);
  if (prev.count === 0) return { head: 0, middle: splitDocuments(text), tailFrom: 0, delta };
  let i = chunkReaching(prev, edit.start);
  let j = i;
  while (j + 1 < prev.count && prev.start(j + 1) <= edit.end) j++;
  // one chunk of context on each side: the edit may create or remove a marker at a boundary
  i = Math.max(0, i - 1);
  j = Math.min(prev.count - 1, j + 1);
  for (;;) {
    const from = prev.start(i);
    const to = j + 1 < prev.count ? prev.start(j + 1) + delta : text.length;
    const region = edit.newText === undefined ? undefined : regionAfter(prev, i, j, edit, edit.newText);
    const middle = region !== undefined && region.length === to - from ? splitRegion(region, from) : splitDocuments(text, from, to);
    const last = middle[middle.length - 1];
    // a trailing chunk of comments only would join the next document in a full split
    if (j + 1 < prev.count && (middle.length === 0 || last.estimatedDocuments === 0)) {
      j++;
      continue;
    }
    // strings of their own: a slice would keep the whole new text alive as long as the chunk lives
    for (const c of middle) c.text = ownString(c.text);
    if (i === 0 && j + 1 === prev.count && middle.length === 0) {
      return { head: 0, middle: [{ start: 0, text, estimatedDocuments: 0 }], tailFrom: prev.count, delta };
    }
    return { head: i, middle, tailFrom: j + 1, delta };
  }
}
