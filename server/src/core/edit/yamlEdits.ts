/**
 * Text edits that change a YAML document the way a careful person would by hand: in the
 * document's own indentation style, block or flow as the surrounding code is, keeping comments.
 */
import type { TextEdit } from '../findings';
import type { LEntry, LMap, LNode, LSeq } from '../model/located';
import { columnOf, lineEndOf, lineStartOf } from '../text/lineIndex';
import type { Span } from '../text/span';
import { emitBlock, emitFlow, indentedLines } from './emit';
import type { EditStyle } from './style';

/** A document's text and its style (indentation, list indentation, line ends): what an edit is written against. */
export interface DocumentSource {
  text: string;
  style: EditStyle;
}

/** Offset at the end of the last line of a node (after any trailing comment on that line). */
function afterNode(ctx: DocumentSource, s: Span): number {
  return lineEndOf(ctx.text, s.end);
}

/** Does the flow collection's content before `close` end with a (trailing) comma? Comments do not count. */
function endsWithComma(text: string, from: number, close: number): boolean {
  return text
    .slice(from, close)
    .replace(/(^|[ \t])#[^\r\n]*/gm, '$1')
    .trimEnd()
    .endsWith(',');
}

/** Appends items to a list, block or flow. */
export function appendSeqItems(ctx: DocumentSource, seq: LSeq, values: unknown[]): TextEdit {
  if (seq.flow) {
    const close = ctx.text.lastIndexOf(']', seq.span.end);
    const at = close >= seq.span.start ? close : seq.span.end;
    const sep = seq.items.length && !endsWithComma(ctx.text, seq.span.start, at) ? ', ' : seq.items.length ? ' ' : '';
    return { start: at, end: at, newText: sep + values.map(emitFlow).join(', ') };
  }
  const { at, column } = blockSeqInsertion(ctx, seq);
  return { start: at, end: at, newText: indentedLines(emitBlock(values, ctx.style), column, ctx.style.eol) };
}

/** Where new items of a block list go: after its last line, in its column. */
export function blockSeqInsertion(ctx: DocumentSource, seq: LSeq): { at: number; column: number } {
  return { at: afterNode(ctx, seq.span), column: columnOf(ctx.text, seq.span.start) };
}

/**
 * Where a new key goes in a block map: after its last line, in the column of its keys. Undefined for
 * a flow or empty map, when the key is there already, or when the keys' column is unknown.
 */
export function blockEntryInsertion(ctx: DocumentSource, map: LMap, key: string): { at: number; column: number } | undefined {
  if (map.flow || map.entries.length === 0 || map.entries.some((e) => e.key === key)) return undefined;
  // the new key goes in the column of the others, which only plain keys at the start of their line
  // (after indentation or a list item's "- ") show; an explicit "? key" leaves it unknown
  if (!map.entries.every((e) => /^[ \t]*(?:- +)*$/.test(ctx.text.slice(lineStartOf(ctx.text, e.keySpan.start), e.keySpan.start)))) return undefined;
  return { at: afterNode(ctx, map.span), column: columnOf(ctx.text, map.entries[0].keySpan.start) };
}

/** The range of an entry's empty value (`key:`, `key: null`, `key: []`) and the column of a block value written there. */
export function blockValueReplacement(ctx: DocumentSource, entry: LEntry, isList: boolean): { start: number; end: number; column: number } {
  const colon = ctx.text.indexOf(':', entry.keySpan.end);
  const start = colon >= 0 ? colon + 1 : entry.keySpan.end;
  const end = Math.max(start, entry.value.span.end);
  const step = isList ? (ctx.style.seqIndent ? ctx.style.indent : 0) : ctx.style.indent;
  return { start, end, column: columnOf(ctx.text, entry.keySpan.start) + step };
}

/**
 * Adds `key: value` at the end of a map, block or flow. Undefined when the key is already there, and
 * for a map written without braces inside a flow sequence (`[a: 1]`), where no edit can add a key.
 */
export function addMapEntry(ctx: DocumentSource, map: LMap, key: string, value: unknown): TextEdit | undefined {
  if (map.entries.some((e) => e.key === key)) return undefined; // a second one would be a duplicate key
  if (map.flow || map.entries.length === 0) {
    if (ctx.text[map.span.start] !== '{' || ctx.text[map.span.end - 1] !== '}') return undefined;
    const close = ctx.text.lastIndexOf('}', map.span.end);
    const at = close >= map.span.start ? close : map.span.end;
    const sep = map.entries.length && !endsWithComma(ctx.text, map.span.start, at) ? ', ' : ' ';
    return { start: at, end: at, newText: `${sep}${emitFlow({ [key]: value }).slice(2, -2)} ` };
  }
  const place = blockEntryInsertion(ctx, map, key);
  if (!place) return undefined;
  return { start: place.at, end: place.at, newText: indentedLines(emitBlock({ [key]: value }, ctx.style), place.column, ctx.style.eol) };
}

/** Replaces an entry's empty value (`key:`, `key: null`, `key: []`): block, or flow inside a flow map. */
export function setEntryValue(ctx: DocumentSource, entry: LEntry, value: unknown, inFlow = false): TextEdit {
  const { start, end, column } = blockValueReplacement(ctx, entry, Array.isArray(value));
  if (inFlow) return { start, end, newText: ` ${emitFlow(value)}` };
  return { start, end, newText: indentedLines(emitBlock(value, ctx.style), column, ctx.style.eol) };
}

/** Removes an entry from a map, leaving the rest of the map as it was. */
export function removeEntry(ctx: DocumentSource, map: LMap, entry: LEntry): TextEdit {
  const i = map.entries.indexOf(entry);
  const next = map.entries[i + 1];
  const prev = map.entries[i - 1];
  if (next) return { start: entry.keySpan.start, end: next.keySpan.start, newText: '' };
  if (prev) {
    if (map.flow) return { start: prev.span.end, end: entry.span.end, newText: '' };
    return { start: lineEndOf(ctx.text, prev.span.end), end: lineEndOf(ctx.text, entry.span.end), newText: '' };
  }
  return { start: map.span.start, end: map.span.end, newText: '{}' };
}

/** Inserts a copy of a list item right after it, with some spans of the copy replaced. */
export function duplicateSeqItem(ctx: DocumentSource, seq: LSeq, item: LNode, replace: TextEdit[]): TextEdit {
  const from = seq.flow ? item.span.start : lineStartOf(ctx.text, item.span.start);
  let copy = ctx.text.slice(from, item.span.end);
  for (const r of [...replace].sort((a, b) => b.start - a.start)) {
    copy = copy.slice(0, r.start - from) + r.newText + copy.slice(r.end - from);
  }
  if (seq.flow) return { start: item.span.end, end: item.span.end, newText: `, ${copy}` };
  const at = afterNode(ctx, item.span);
  return { start: at, end: at, newText: ctx.style.eol + copy };
}

/** Inserts a new list item right before an existing one. */
export function insertSeqItemBefore(ctx: DocumentSource, seq: LSeq, item: LNode, value: unknown): TextEdit {
  if (seq.flow) return { start: item.span.start, end: item.span.start, newText: `${emitFlow(value)}, ` };
  const at = lineStartOf(ctx.text, item.span.start);
  const col = columnOf(ctx.text, seq.span.start);
  const lines = emitBlock([value], ctx.style).map((l) => ' '.repeat(col) + l + ctx.style.eol);
  return { start: at, end: at, newText: lines.join('') };
}

/** Inserts a new list item right after an existing one. */
export function insertSeqItemAfter(ctx: DocumentSource, seq: LSeq, item: LNode, value: unknown): TextEdit {
  if (seq.flow) return { start: item.span.end, end: item.span.end, newText: `, ${emitFlow(value)}` };
  const at = afterNode(ctx, item.span);
  return { start: at, end: at, newText: indentedLines(emitBlock([value], ctx.style), columnOf(ctx.text, seq.span.start), ctx.style.eol) };
}

/** Removes an item from a list, leaving the rest as it was. */
export function removeSeqItem(ctx: DocumentSource, seq: LSeq, item: LNode): TextEdit {
  const i = seq.items.indexOf(item);
  const next = seq.items[i + 1];
  const prev = seq.items[i - 1];
  if (seq.flow) {
    if (next) return { start: item.span.start, end: next.span.start, newText: '' };
    if (prev) return { start: prev.span.end, end: item.span.end, newText: '' };
    return { start: item.span.start, end: item.span.end, newText: '' };
  }
  if (next) return { start: lineStartOf(ctx.text, item.span.start), end: lineStartOf(ctx.text, next.span.start), newText: '' };
  if (prev) return { start: lineEndOf(ctx.text, prev.span.end), end: lineEndOf(ctx.text, item.span.end), newText: '' };
  return { start: seq.span.start, end: seq.span.end, newText: '[]' };
}
