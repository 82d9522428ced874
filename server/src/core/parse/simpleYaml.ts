/**
 * A fast reader for the simple block YAML that almost every manifest is written in, straight into
 * the located tree: block maps and sequences, single-line plain and quoted scalars, single-line flow
 * collections, comments. It returns `undefined` as soon as it meets anything else (anchors, aliases,
 * tags, block scalars, multi-line scalars, explicit keys, tabs, directives, duplicate keys, anything
 * the `yaml` package would report) and the caller parses that document with the `yaml` package.
 *
 * Scalars are resolved by the `yaml` package's own YAML 1.1 tags, so `yes`, `0x1F` or `~` mean what
 * they mean to the full parser. A differential test (test/unit/simpleYaml.test.ts) checks that the
 * tree is the full parser's tree, range for range, whenever this reader accepts a document.
 */
import { entryNode, mapNode, scalarNode, seqNode, type LEntry, type LNode, type LScalar } from '../model/located';
import { DASH, fail, HASH, LineScanner, NL, NOT_SIMPLE, ScalarResolver, SP, type Key } from './simpleScalars';

const CR = 13;

export interface SimpleDocument {
  root: LNode | undefined;
}

/**
 * The located tree of a one-document text, or `undefined` when the text is not simple YAML. Plain
 * scalars resolve through `scalars`: whoever reads many documents passes one resolver to them all.
 */
export function readSimpleYaml(text: string, scalars = new ScalarResolver()): SimpleDocument | undefined {
  // tabs, byte order marks and lone CRs (CRLF line ends are fine) are left to the full parser
  if (/[\t\uFEFF]|\r(?!\n)/.test(text)) return undefined;
  try {
    return { root: new Reader(text, scalars).document() };
  } catch (e) {
    if (e === NOT_SIMPLE) return undefined;
    throw e;
  }
}

/** A comment line skipped between two content lines: where its text ends, and its indentation. */
interface Comment {
  end: number;
  indent: number;
}

/**
 * A node read, with what its parent's range needs: `tail`, where the node ends for its parent
 * (after a comment on its line, and after the comment lines that the full parser attaches to it),
 * and `pending`, the comment lines after it that belong to an enclosing collection, if any.
 */
interface Parsed {
  node: LNode;
  tail: number;
  pending: Comment[];
}

class Reader extends LineScanner {
  /** Start of the current content line and its indentation (its end is `end`). */
  private line = 0;
  private indent = 0;
  /** The current line exists (false at the end of the text). */
  private more = false;
  /** The comment lines the last `seek` skipped. */
  private skipped: Comment[] = [];

  document(): LNode | undefined {
    this.seek(0);
    if (this.more && this.startsWithMarker('---')) {
      // the document start marker, alone on its line (or with a comment)
      const after = this.skipSpaces(this.line + 3);
      if (after < this.end && (this.text.charCodeAt(after) !== HASH || after === this.line + 3)) fail();
      this.seek(this.end + 1);
    }
    // an empty document: rare, and the full parser's empty node is cheap to get right there
    if (!this.more) fail();
    if (this.indent !== 0) fail();
    // comment lines after the root collection go to the document, not into its range
    const root = this.block(-1).node;
    if (this.more) fail(); // content the root collection did not take
    return root;
  }

  /** Moves to the first line at or after `from` holding more than spaces and a comment. */
  private seek(from: number): void {
    const t = this.text;
    this.skipped = [];
    let i = from;
    while (i < t.length) {
      let end = t.indexOf('\n', i);
      if (end === -1) end = t.length;
      // the line's content ends before its CR in a CRLF file
      const stop = end > i && t.charCodeAt(end - 1) === CR ? end - 1 : end;
      let j = i;
      while (j < stop && t.charCodeAt(j) === SP) j++;
      if (j < stop) {
        if (t.charCodeAt(j) !== HASH) {
          this.line = i;
          this.end = stop;
          this.indent = j - i;
          this.more = true;
          // a marker after the content: another document, or the end of this one (left to `yaml`)
          if (j === i && from > 0 && (this.startsWithMarker('---') || this.startsWithMarker('...'))) fail();
          return;
        }
        this.skipped.push({ end: trimEnd(t, stop, j), indent: j - i });
      }
      i = end + 1;
    }
    this.line = this.end = t.length;
    this.indent = 0;
    this.more = false;
  }

  private startsWithMarker(marker: string): boolean {
    const t = this.text;
    if (!t.startsWith(marker, this.line)) return false;
    const next = this.line + 3;
    const c = t.charCodeAt(next);
    return next >= t.length || c === SP || c === NL || c === CR;
  }

  private isSeqItem(at: number): boolean {
    const t = this.text;
    return t.charCodeAt(at) === DASH && (at + 1 === this.end || t.charCodeAt(at + 1) === SP);
  }

  /** A node that starts on the current line, indented more than its parent collection (at `parent`). */
  private block(parent: number): Parsed {
    const at = this.line + this.indent;
    if (this.isSeqItem(at)) return this.sequence(this.indent);
    const key = this.keyAt(at);
    if (key) return this.map(this.indent, at, key);
    if (parent < 0) fail(); // a document that is a scalar: nothing of ours
    return this.inlineThenNext(at, parent);
  }

  /**
   * A value on the rest of the line, then the next content line, which must not be indented more
   * than the collection (at `col`) holding the value. Comment lines indented more than that
   * collection, right after the value, belong to the value; the others wait for a collection.
   */
  private inlineThenNext(at: number, col: number): Parsed {
    const node = this.inline(at);
    let tail = trimEnd(this.text, this.end, node.span.end);
    this.seek(this.end + 1);
    if (this.more && this.indent > col) fail(); // a multi-line scalar, or worse
    const c = this.skipped;
    let k = 0;
    while (k < c.length && c[k].indent > col) tail = c[k++].end;
    return { node, tail, pending: k === 0 ? c : c.slice(k) };
  }

  /**
   * After a collection's last item: comment lines after it move up to the enclosing collection
   * unless one of them is indented at least as deep as this one (then they stay, and its range
   * ends after them for the parent).
   */
  private close(node: LNode, col: number, last: Parsed): Parsed {
    const p = last.pending;
    if (p.length > 0 && col !== 0 && !p.every((c) => c.indent < col)) return { node, tail: p[p.length - 1].end, pending: [] };
    return { node, tail: node.span.end, pending: p };
  }

  private sequence(col: number): Parsed {
    const items: LNode[] = [];
    const start = this.line + col;
    let last: Parsed | undefined;
    while (this.more && this.indent === col && this.isSeqItem(this.line + col)) {
      const dash = this.line + col;
      const content = this.skipSpaces(dash + 1);
      if (this.restIsEmpty(dash + 1)) {
        const empty = content;
        if (content < this.end) fail(); // a comment after the dash
        this.seek(this.end + 1);
        if (this.more && this.indent > col) last = this.block(col);
        else if (this.skipped.length > 0) fail();
        else last = { node: nullAt(empty), tail: empty, pending: [] };
      } else if (this.isSeqItem(content)) {
        fail(); // a compact nested sequence
      } else {
        const key = this.keyAt(content);
        if (key) {
          last = this.map(content - this.line, content, key);
          if (this.more && this.indent > col) fail();
        } else {
          last = this.inlineThenNext(content, col);
        }
      }
      items.push(last.node);
    }
    if (!last) fail();
    if (this.more && this.indent > col) fail();
    return this.close(seqNode(start, trimEnd(this.text, last.tail, start), false, items), col, last);
  }

  /** A block map whose first key starts at `at`, in column `col`, on the current line. */
  private map(col: number, at: number, firstKey: Key): Parsed {
    const entries: LEntry[] = [];
    const seen: unknown[] = [];
    let key: Key | undefined = firstKey;
    let keyAt = at;
    let last: Parsed;
    for (;;) {
      if (seen.includes(key.raw)) fail(); // a duplicate key: an error the full parser reports
      seen.push(key.raw);
      const afterColon = key.end + 1;
      if (this.restIsEmpty(afterColon)) {
        const empty = this.skipSpaces(afterColon);
        const sameLine = trimEnd(this.text, this.end, empty);
        this.seek(this.end + 1);
        if (this.more && this.indent > col) last = this.block(col);
        else if (this.more && this.indent === col && this.isSeqItem(this.line + col)) last = this.sequence(col);
        else {
          // comment lines after `key:` belong to its empty value, whatever their indentation
          const c = this.skipped;
          last = { node: nullAt(empty), tail: c.length > 0 ? c[c.length - 1].end : sameLine, pending: [] };
        }
      } else {
        last = this.inlineThenNext(this.skipSpaces(afterColon), col);
      }
      const value = last.node;
      entries.push(entryNode(key.name, { start: keyAt, end: key.end }, value));
      if (!this.more || this.indent < col) break;
      if (this.indent > col) fail();
      keyAt = this.line + col;
      key = this.keyAt(keyAt);
      if (!key) fail(); // a sequence item or a scalar among the keys
    }
    return this.close(mapNode(at, trimEnd(this.text, last.tail, at), false, entries), col, last);
  }
}

/** Back over spaces and line breaks (the text has no tabs here). */
function trimEnd(text: string, end: number, floor: number): number {
  let i = end;
  while (i > floor && (text.charCodeAt(i - 1) === SP || text.charCodeAt(i - 1) === NL || text.charCodeAt(i - 1) === CR)) i--;
  return i;
}

function nullAt(offset: number): LScalar {
  return scalarNode(offset, offset, null, false);
}
