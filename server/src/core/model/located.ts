/**
 * A small, typed view of a YAML document that keeps source offsets for every key and value.
 * Built once from the `yaml` package's AST; the NetworkPolicy model and the edit helpers read it.
 */
import { type Alias, isAlias, isMap, isPair, isScalar, isSeq, visit, type Document, type Node as YamlNode } from 'yaml';
import type { Span } from '../text/span';
import { trimEndOffset } from '../text/lineIndex';

export type ScalarValue = string | number | boolean | null | bigint;

export interface LScalar {
  kind: 'scalar';
  span: Span;
  value: ScalarValue;
  /** The scalar was written in quotes ('…' or "…"), or as a block scalar. */
  quoted: boolean;
}

export interface LEntry {
  key: string;
  keySpan: Span;
  value: LNode;
  /** From the key to the end of the value. */
  span: Span;
}

export interface LMap {
  kind: 'map';
  span: Span;
  flow: boolean;
  entries: LEntry[];
}

export interface LSeq {
  kind: 'seq';
  span: Span;
  flow: boolean;
  items: LNode[];
}

/** Something we could not follow (a cyclic or too deep alias). */
export interface LOpaque {
  kind: 'opaque';
  span: Span;
}

export type LNode = LScalar | LMap | LSeq | LOpaque;

/*
 * The trees of a large file stay in memory while it is open (tens of thousands of nodes), so nodes
 * keep their offsets as two numbers and make a `span` object only when asked (few ever are), an
 * entry's whole span is derived from its key and value, and collections get arrays of their exact
 * size. The readers build nodes with these functions only.
 */
class Scalar implements LScalar {
  readonly kind = 'scalar';
  constructor(
    private readonly start: number,
    private readonly end: number,
    readonly value: ScalarValue,
    readonly quoted: boolean,
  ) {}
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class Collection<K extends 'map' | 'seq'> {
  constructor(
    readonly kind: K,
    private readonly start: number,
    private readonly end: number,
    readonly flow: boolean,
  ) {}
  get span(): Span {
    return { start: this.start, end: this.end };
  }
}

class MapNode extends Collection<'map'> implements LMap {
  constructor(
    start: number,
    end: number,
    flow: boolean,
    readonly entries: LEntry[],
  ) {
    super('map', start, end, flow);
  }
}

class SeqNode extends Collection<'seq'> implements LSeq {
  constructor(
    start: number,
    end: number,
    flow: boolean,
    readonly items: LNode[],
  ) {
    super('seq', start, end, flow);
  }
}

class Entry implements LEntry {
  constructor(
    readonly key: string,
    private readonly keyStart: number,
    private readonly keyEnd: number,
    readonly value: LNode,
  ) {}
  get keySpan(): Span {
    return { start: this.keyStart, end: this.keyEnd };
  }
  get span(): Span {
    return { start: this.keyStart, end: Math.max(this.keyEnd, this.value.span.end) };
  }
}

export function scalarNode(start: number, end: number, value: ScalarValue, quoted: boolean): LScalar {
  return new Scalar(start, end, value, quoted);
}

/** A map node; `entries` is copied to an array of its exact size (a pushed-to array keeps spare room). */
export function mapNode(start: number, end: number, flow: boolean, entries: readonly LEntry[]): LMap {
  return new MapNode(start, end, flow, entries.slice());
}

/** A sequence node; `items` is copied to an array of its exact size. */
export function seqNode(start: number, end: number, flow: boolean, items: readonly LNode[]): LSeq {
  return new SeqNode(start, end, flow, items.slice());
}

/** `key: value`; its span runs from the key to the end of the value. */
export function entryNode(key: string, keySpan: Span, value: LNode): LEntry {
  return new Entry(key, keySpan.start, keySpan.end, value);
}

export function getEntry(map: LMap | undefined, key: string): LEntry | undefined {
  if (!map) return undefined;
  for (const e of map.entries) if (e.key === key) return e;
  return undefined;
}

export function isNull(node: LNode | undefined): boolean {
  return node === undefined || (node.kind === 'scalar' && node.value === null);
}

export function asMap(node: LNode | undefined): LMap | undefined {
  return node && node.kind === 'map' ? node : undefined;
}

export function asSeq(node: LNode | undefined): LSeq | undefined {
  return node && node.kind === 'seq' ? node : undefined;
}

export function asString(node: LNode | undefined): string | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined;
}

/** The JavaScript value of a located node (for copying it into generated YAML). */
export function toPlain(node: LNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'bigint' ? Number(node.value) : node.value;
    case 'seq':
      return node.items.map(toPlain);
    case 'map': {
      const o: Record<string, unknown> = {};
      for (const e of node.entries) o[e.key] = toPlain(e.value);
      return o;
    }
    default:
      return null;
  }
}

/**
 * A resolved scalar as the located tree keeps it; other values as strings. A YAML 1.1 timestamp
 * (`2024-01-01`) keeps its text, `source`: kubectl's decoder (go-yaml v2 into interface{}) reads it
 * as that string, not as a time.
 */
export function scalarValue(v: unknown, source?: string): ScalarValue {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v ?? null;
  return v instanceof Date && source !== undefined ? source : String(v);
}

const MAX_DEPTH = 200;

/** Converts a parsed `yaml` document into the located tree. Offsets are those of the parsed text. */
export function locate(doc: Document.Parsed, text: string): LNode | undefined {
  return locateWithLimits(doc, text).root;
}

/**
 * Nodes that alias expansion may add to a document. Aliases are followed so that `*sel` reads as
 * its anchor, but an alias bomb ("billion laughs") must not expand: past this budget further aliases
 * stay opaque, and the caller reports the first alias that was not followed.
 */
export const ALIAS_EXPANSION_BUDGET = 10_000;

export function locateWithLimits(doc: Document.Parsed, text: string): { root: LNode | undefined; aliasLimit?: Span } {
  if (doc.contents === null) return { root: undefined };
  const ctx: Ctx = { doc, text, active: new Set(), budget: ALIAS_EXPANSION_BUDGET, aliases: [], targets: undefined };
  const root = convert(ctx, doc.contents as YamlNode, 0);
  return { root, aliasLimit: ctx.aliasLimit };
}

interface Ctx {
  doc: Document.Parsed;
  text: string;
  /** Alias targets being expanded on the current path (cycle guard). */
  active: Set<YamlNode>;
  /** Nodes alias expansion may still add. */
  budget: number;
  /** The aliases being expanded on the current path, outermost first. */
  aliases: Span[];
  /** The first alias left unexpanded because the budget ran out. */
  aliasLimit?: Span;
  /** What each alias of the document points at (made at the first alias). */
  targets: AliasTargets | undefined;
}

/**
 * The anchor an alias names: the last node with that anchor before the alias, in the order the
 * `yaml` package's own `Alias.resolve` reads the document. That method walks the whole document for
 * every alias (the square of their number: 2,000 aliases took 27 s); this walks it once.
 */
export class AliasTargets {
  private readonly order = new Map<YamlNode, number>();
  private readonly byAnchor = new Map<string, { at: number; node: YamlNode }[]>();

  constructor(doc: Document.Parsed) {
    let at = 0;
    visit(doc, {
      Node: (_key, node) => {
        const anchor = (node as { anchor?: string }).anchor;
        if (!isAlias(node) && !anchor) return;
        this.order.set(node as YamlNode, at);
        if (anchor) {
          const list = this.byAnchor.get(anchor);
          if (list) list.push({ at, node: node as YamlNode });
          else this.byAnchor.set(anchor, [{ at, node: node as YamlNode }]);
        }
        at++;
      },
    });
  }

  resolve(alias: Alias): YamlNode | undefined {
    const at = this.order.get(alias as unknown as YamlNode);
    const list = this.byAnchor.get(alias.source);
    if (at === undefined || !list) return undefined;
    // the last anchor before the alias (the list is in document order)
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (list[mid].at < at) lo = mid + 1;
      else hi = mid;
    }
    return lo > 0 ? list[lo - 1].node : undefined;
  }
}

/** The node's value range, without the trailing white space that block collections include. */
function rangeOf(ctx: Ctx, node: YamlNode): Span {
  const r = node.range;
  if (!r) return { start: 0, end: 0 };
  return { start: r[0], end: trimEndOffset(ctx.text, r[1], r[0]) };
}

function convert(ctx: Ctx, node: YamlNode | null, depth: number): LNode {
  if (node === null || node === undefined) return scalarNode(0, 0, null, false);
  if (depth > MAX_DEPTH) return { kind: 'opaque', span: rangeOf(ctx, node) };
  if (ctx.aliases.length > 0 && --ctx.budget < 0) {
    ctx.aliasLimit ??= ctx.aliases[0]; // where the user wrote the alias that blew up
    return { kind: 'opaque', span: rangeOf(ctx, node) };
  }
  if (isAlias(node)) {
    ctx.targets ??= new AliasTargets(ctx.doc);
    const target = ctx.targets.resolve(node);
    if (!target || ctx.active.has(target)) return { kind: 'opaque', span: rangeOf(ctx, node) };
    ctx.active.add(target);
    ctx.aliases.push(rangeOf(ctx, node));
    const out = convert(ctx, target, depth + 1);
    ctx.aliases.pop();
    ctx.active.delete(target);
    return out;
  }
  if (isScalar(node)) {
    const t = node.type;
    const quoted = t === 'QUOTE_DOUBLE' || t === 'QUOTE_SINGLE' || t === 'BLOCK_FOLDED' || t === 'BLOCK_LITERAL';
    const r = rangeOf(ctx, node);
    return scalarNode(r.start, r.end, scalarValue(node.value, node.source), quoted);
  }
  if (isSeq(node)) {
    const r = rangeOf(ctx, node);
    return seqNode(
      r.start,
      r.end,
      !!node.flow,
      node.items.map((it) => convert(ctx, it as YamlNode, depth + 1)),
    );
  }
  if (isMap(node)) {
    const entries: LEntry[] = [];
    for (const pair of node.items) {
      if (!isPair(pair)) continue;
      const keyNode = pair.key as YamlNode | null;
      const keySpan = keyNode?.range ? { start: keyNode.range[0], end: keyNode.range[1] } : { start: 0, end: 0 };
      const rawKey = isScalar(keyNode) ? keyNode.value : keyNode ? String(keyNode) : '';
      if (typeof rawKey === 'symbol' || (isScalar(keyNode) && keyNode.source === '<<')) {
        // YAML 1.1 merge key: splice in the entries of the merged map(s); explicit keys win
        const merged = convert(ctx, pair.value as YamlNode, depth + 1);
        const sources = merged.kind === 'seq' ? merged.items : [merged];
        for (const src of sources) {
          if (src.kind !== 'map') continue;
          for (const e of src.entries) if (!node.items.some((p) => isPair(p) && isScalar(p.key) && p.key.value === e.key)) entries.push(e);
        }
        continue;
      }
      const key = rawKey === null || rawKey === undefined ? '' : String(rawKey);
      let value: LNode;
      if (pair.value === null || pair.value === undefined) {
        value = scalarNode(keySpan.end, keySpan.end, null, false);
      } else {
        value = convert(ctx, pair.value as YamlNode, depth + 1);
      }
      entries.push(entryNode(key, keySpan, value));
    }
    const r = rangeOf(ctx, node);
    return mapNode(r.start, r.end, !!node.flow, entries);
  }
  return { kind: 'opaque', span: rangeOf(ctx, node) };
}
