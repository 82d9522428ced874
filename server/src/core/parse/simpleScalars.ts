/**
 * What the fast reader (simpleYaml.ts) reads inside one line: keys, plain and quoted scalars, flow
 * collections; and how a plain scalar resolves (by the `yaml` package's own YAML 1.1 tags).
 */
import { Document, type ParseOptions, type ScalarTag } from 'yaml';
import { PARSE_OPTIONS } from './parseOptions';
import { entryNode, mapNode, scalarNode, scalarValue, seqNode, type LEntry, type LNode, type LScalar } from '../model/located';

/** Thrown (and caught below) when the text is not in the simple subset. */
export const NOT_SIMPLE = Symbol('not simple');

export function fail(): never {
  throw NOT_SIMPLE;
}

/** The schema the full parser reads with (PARSE_OPTIONS): its tags, and the options their `resolve` takes. */
const FULL_PARSER = new Document(null, PARSE_OPTIONS);
/** Its tags that resolve a plain scalar by its text, in the full parser's order (`default: 'key'`: at a key only). */
const PLAIN_TAGS: readonly ScalarTag[] = FULL_PARSER.schema.tags.filter((t): t is ScalarTag => !t.collection && !!t.default && !!t.test);
const TAG_OPTIONS: ParseOptions = FULL_PARSER.options;

/**
 * How plain scalars resolve, as the full parser's tags resolve them (`yes` is true, `0x1F` is 31,
 * `~` is null under YAML 1.1). It remembers what it resolved, by text, for as long as its owner
 * keeps it: the same few words come back again and again (TCP, Ingress, kube-system).
 */
export class ScalarResolver {
  private readonly keys = new Map<string, unknown>();
  private readonly values = new Map<string, unknown>();

  /** Texts remembered per kind (keys, values) before starting over. */
  static readonly LIMIT = 10_000;

  /** A plain scalar's value (keys may be merge keys: not here, `fail()`). */
  resolve(source: string, atKey: boolean): unknown {
    const known = atKey ? this.keys : this.values;
    const hit = known.get(source);
    if (hit !== undefined || known.has(source)) return hit;
    const v = resolveByTags(source, atKey);
    if (v === null || typeof v !== 'object') {
      if (known.size >= ScalarResolver.LIMIT) known.clear();
      known.set(source, v);
    }
    return v;
  }
}

function resolveByTags(source: string, atKey: boolean): unknown {
  for (const tag of PLAIN_TAGS) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(source)) {
      if (tag.default === 'key') fail(); // `<<`: a merge key
      let failed = false;
      let v: unknown;
      try {
        v = tag.resolve(source, () => (failed = true), TAG_OPTIONS);
      } catch {
        failed = true; // the full parser reports it: leave the document to it
      }
      if (failed) fail();
      return v !== null && typeof v === 'object' && 'value' in v ? (v as { value: unknown }).value : v;
    }
  }
  return source;
}

export const SP = 32;
export const NL = 10;
export const HASH = 35;
const COLON = 58;
export const DASH = 45;

/** Characters that cannot start a plain scalar (or start something this reader leaves to `yaml`). */
const INDICATOR = new Set([...'-?:,[]{}#&*!|>\'"%@`'].map((c) => c.charCodeAt(0)));
/** Characters that end a plain scalar inside a flow collection. */
const FLOW_END = new Set([...',[]{}'].map((c) => c.charCodeAt(0)));

/** The current line of a text, and how to read the values on it. */
export class LineScanner {
  /** Where the current line ends (at its line break or the end of the text). */
  protected end = 0;

  constructor(
    protected readonly text: string,
    protected readonly scalars: ScalarResolver,
  ) {}

  protected skipSpaces(i: number): number {
    while (i < this.end && this.text.charCodeAt(i) === SP) i++;
    return i;
  }

  /** The line's content, after an item indicator or key, is empty or a comment. */
  protected restIsEmpty(i: number): boolean {
    const j = this.skipSpaces(i);
    return j === this.end || (this.text.charCodeAt(j) === HASH && j > i);
  }

  /** A `key:` at `at` (plain or quoted, on one line, followed by a space or the end of the line). */
  protected keyAt(at: number): Key | undefined {
    const t = this.text;
    let key: Key | undefined;
    if (isQuote(t.charCodeAt(at))) {
      key = this.quotedKey(at);
      if (!key) return undefined;
    } else {
      if (INDICATOR.has(t.charCodeAt(at))) return undefined;
      // the first `:` followed by a space or the end of the line; a comment first means no key
      let end = -1;
      for (let i = at; i < this.end; i++) {
        const ch = t.charCodeAt(i);
        if (ch === COLON) {
          if (i + 1 === this.end || t.charCodeAt(i + 1) === SP) {
            end = i;
            break;
          }
        } else if (ch === SP && t.charCodeAt(i + 1) === HASH) return undefined;
      }
      if (end === -1) return undefined;
      if (t.charCodeAt(end - 1) === SP) fail(); // `key :`
      key = this.plainKey(t.slice(at, end), end);
    }
    const { end } = key;
    if (t.charCodeAt(end) !== COLON) return undefined;
    if (end + 1 < this.end && t.charCodeAt(end + 1) !== SP) return undefined;
    if (end - at > 1024) fail();
    return key;
  }

  /** A plain key ending at `end`: its value as the full parser resolves keys, and that as a string. */
  private plainKey(source: string, end: number): Key {
    const raw = this.scalars.resolve(source, true);
    return { name: raw === null || raw === undefined ? '' : String(raw), raw, end };
  }

  /** A quoted key (its text is its name); `undefined` if the quotes do not close on the line. */
  private quotedKey(at: number): Key | undefined {
    const q = this.quoted(at, this.end);
    return q && { name: q.value, raw: q.value, end: q.end };
  }

  /** A value on the rest of the current line, from `at` (not empty). */
  protected inline(at: number): LNode {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 91 || c === 123) {
      const { node, end } = this.flow(at);
      if (!this.restIsEmpty(end)) fail();
      return node;
    }
    let node: LScalar;
    let end: number;
    if (isQuote(c)) {
      const q = this.quoted(at, this.end);
      if (!q) fail();
      end = q.end;
      node = scalarNode(at, end, q.value, true);
    } else {
      ({ node, end } = this.plain(at, this.end, false));
    }
    if (!this.restIsEmpty(end)) fail();
    return node;
  }

  /** A single-line plain scalar from `at`; it stops at a comment, or at a flow indicator in flow context. */
  protected plain(at: number, limit: number, flow: boolean): { node: LScalar; end: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (INDICATOR.has(c)) fail();
    let i = at;
    let end = at;
    while (i < limit) {
      const ch = t.charCodeAt(i);
      if (ch === SP) {
        if (t.charCodeAt(i + 1) === HASH) break;
      } else {
        if (ch === COLON && (i + 1 >= limit || t.charCodeAt(i + 1) === SP || (flow && FLOW_END.has(t.charCodeAt(i + 1))))) fail();
        if (flow && FLOW_END.has(ch)) break;
        end = i + 1;
      }
      i++;
    }
    const source = t.slice(at, end);
    return { node: scalarNode(at, end, scalarValue(this.scalars.resolve(source, false), source), false), end };
  }

  /** A quoted scalar on one line (double quotes without escapes); `undefined` if it does not close. */
  protected quoted(at: number, limit: number): { value: string; end: number } | undefined {
    const t = this.text;
    const q = t.charCodeAt(at);
    if (q === 34) {
      const close = t.indexOf('"', at + 1);
      if (close === -1 || close >= limit) return undefined;
      const value = t.slice(at + 1, close);
      if (value.includes('\\')) fail();
      return { value, end: close + 1 };
    }
    let i = at + 1;
    let value = '';
    for (;;) {
      const close = t.indexOf("'", i);
      if (close === -1 || close >= limit) return undefined;
      value += t.slice(i, close);
      if (t.charCodeAt(close + 1) !== 39) return { value, end: close + 1 };
      value += "'";
      i = close + 2;
    }
  }

  /** A flow collection that opens and closes on the current line. */
  protected flow(at: number): { node: LNode; end: number } {
    const t = this.text;
    const isMap = t.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const items: LNode[] = [];
    const entries: LEntry[] = [];
    const seen: unknown[] = [];
    let i = this.skipSpaces(at + 1);
    if (t.charCodeAt(i) === close) return { node: collection(isMap, at, i + 1, items, entries), end: i + 1 };
    for (;;) {
      if (i >= this.end) fail();
      if (isMap) {
        const key = this.flowKey(i);
        if (seen.includes(key.raw)) fail();
        seen.push(key.raw);
        const v = this.flowValue(this.skipSpaces(key.end + 1));
        entries.push(entryNode(key.name, { start: i, end: key.end }, v.node));
        i = this.skipSpaces(v.end);
      } else {
        const v = this.flowValue(i);
        items.push(v.node);
        i = this.skipSpaces(v.end);
      }
      const ch = t.charCodeAt(i);
      if (ch === close) return { node: collection(isMap, at, i + 1, items, entries), end: i + 1 };
      if (ch !== 44) fail();
      i = this.skipSpaces(i + 1);
      if (t.charCodeAt(i) === close || t.charCodeAt(i) === 44) fail(); // a trailing or doubled comma
    }
  }

  protected flowKey(at: number): Key {
    const t = this.text;
    let key: Key | undefined;
    if (isQuote(t.charCodeAt(at))) {
      key = this.quotedKey(at);
      if (!key) fail();
    } else {
      if (INDICATOR.has(t.charCodeAt(at))) fail();
      let end = at;
      while (end < this.end) {
        const ch = t.charCodeAt(end);
        if (ch === COLON || ch === SP || FLOW_END.has(ch)) break;
        end++;
      }
      key = this.plainKey(t.slice(at, end), end);
    }
    // `key: value` only: no `key :`, no key without a value
    if (t.charCodeAt(key.end) !== COLON || t.charCodeAt(key.end + 1) !== SP) fail();
    return key;
  }

  protected flowValue(at: number): { node: LNode; end: number } {
    const t = this.text;
    const c = t.charCodeAt(at);
    if (c === 91 || c === 123) return this.flow(at);
    if (isQuote(c)) {
      const q = this.quoted(at, this.end);
      if (!q) fail();
      return { node: scalarNode(at, q.end, q.value, true), end: q.end };
    }
    const { node, end } = this.plain(at, this.end, true);
    if (end === at) fail();
    // a comment inside a flow collection on one line cannot close it
    if (t.charCodeAt(end) === SP && t.charCodeAt(end + 1) === HASH) fail();
    return { node, end };
  }
}

export interface Key {
  name: string;
  /** The key's value before it became a string, to find duplicates as the full parser does. */
  raw: unknown;
  /** Where the key ends: at its `:`. */
  end: number;
}

/** `"` or `'`. */
function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

function collection(isMap: boolean, start: number, end: number, items: LNode[], entries: LEntry[]): LNode {
  return isMap ? mapNode(start, end, true, entries) : seqNode(start, end, true, items);
}
