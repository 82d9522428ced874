/**
 * What the fast reader (simpleYaml.ts) reads inside one line: keys, plain and quoted scalars, flow
 * collections; and how a plain scalar resolves (by the `yaml` package's own YAML 1.1 tags).
 */
import { Document } from 'yaml';
import { PARSE_OPTIONS } from './parseOptions';
import { entryNode, mapNode, scalarNode, scalarValue, seqNode, type LEntry, type LNode, type LScalar } from '../model/located';

/** Thrown (and caught below) when the text is not in the simple subset. */
export const NOT_SIMPLE = Symbol('not simple');

interface Tag {
  default?: boolean | 'key';
  test?: RegExp;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

let schema: { tags: Tag[]; options: unknown } | undefined;

function tags(): { tags: Tag[]; options: unknown } {
  if (!schema) {
    const doc = new Document(null, PARSE_OPTIONS);
    schema = { tags: (doc.schema as unknown as { tags: Tag[] }).tags, options: doc.options };
  }
  return schema;
}

export function fail(): never {
  throw NOT_SIMPLE;
}

/** A plain scalar's value, as the full parser's tag resolution reads it (keys may be merge keys: not here). */
function resolvePlain(source: string, atKey: boolean): unknown {
  // the same few words come back again and again (TCP, Ingress, kube-system): remember them
  const cache = atKey ? resolvedKeys : resolvedValues;
  const hit = cache.get(source);
  if (hit !== undefined || cache.has(source)) return hit;
  const v = resolveByTags(source, atKey);
  if (v === null || typeof v !== 'object') {
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(source, v);
  }
  return v;
}

const CACHE_SIZE = 10_000;
const resolvedKeys = new Map<string, unknown>();
const resolvedValues = new Map<string, unknown>();

function resolveByTags(source: string, atKey: boolean): unknown {
  const { tags: all, options } = tags();
  for (const tag of all) {
    if ((tag.default === true || (atKey && tag.default === 'key')) && tag.test?.test(source)) {
      if (tag.default === 'key') fail(); // `<<`: a merge key
      let failed = false;
      let v: unknown;
      try {
        v = tag.resolve(source, () => (failed = true), options);
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

  constructor(protected readonly text: string) {}

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
      key = plainKey(t.slice(at, end), end);
    }
    const { end } = key;
    if (t.charCodeAt(end) !== COLON) return undefined;
    if (end + 1 < this.end && t.charCodeAt(end + 1) !== SP) return undefined;
    if (end - at > 1024) fail();
    return key;
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
    return { node: scalarNode(at, end, scalarValue(resolvePlain(source, false)), false), end };
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
      key = plainKey(t.slice(at, end), end);
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

/** A plain key ending at `end`: its value as the full parser resolves keys, and that as a string. */
function plainKey(source: string, end: number): Key {
  const raw = resolvePlain(source, true);
  return { name: raw === null || raw === undefined ? '' : String(raw), raw, end };
}

/** `"` or `'`. */
function isQuote(c: number): boolean {
  return c === 34 || c === 39;
}

function collection(isMap: boolean, start: number, end: number, items: LNode[], entries: LEntry[]): LNode {
  return isMap ? mapNode(start, end, true, entries) : seqNode(start, end, true, items);
}
