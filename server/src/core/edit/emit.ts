/** Writes plain values as YAML text in a given indentation style (for quick fixes). */
import { Document, isMap, isSeq, Pair, stringify, YAMLSeq } from 'yaml';
import type { EditStyle } from './style';

type Plain = unknown;
type Context = NonNullable<Parameters<Pair['toString']>[0]>;

function isObject(v: Plain): v is Record<string, Plain> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A scalar as YAML 1.1 reads it back unchanged ("53" and "yes" stay strings). */
function scalarText(v: Plain): string {
  if (v === null || v === undefined) return 'null';
  return stringify(v, { version: '1.1', lineWidth: 0 }).trimEnd();
}

/** A scalar inside a flow collection, where `[]{},` end a plain scalar: quote those. */
function flowScalar(v: Plain): string {
  const text = scalarText(v);
  return typeof v === 'string' && /[[\]{},]/.test(text) && !/^["']/.test(text) ? JSON.stringify(v) : text;
}

/** Flow YAML on one line: `[a, b]`, `{ k: v }` (yaml's own flow style pads lists: `[ a, b ]`). */
export function emitFlow(v: Plain): string {
  if (Array.isArray(v)) return `[${v.map(emitFlow).join(', ')}]`;
  if (isObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${flowScalar(k)}: ${emitFlow(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return flowScalar(v);
}

/**
 * Block YAML lines for a value, starting at column 0 (the caller indents them): yaml's own
 * stringify with the style's indentation, under YAML 1.1 so that `yes`, `on`, `~` or "53" are
 * quoted and stay strings, with no line folding. An object used twice is written twice (no
 * anchors), an undefined value as `null`.
 */
export function emitBlock(v: Plain, style: EditStyle): string[] {
  const doc = new Document(v, { version: '1.1', keepUndefined: true, aliasDuplicateObjects: false });
  if (!style.seqIndent && style.indent !== 2) listsAtKeyColumn(doc.contents, ' '.repeat(style.indent));
  return doc.toString({ indent: style.indent, indentSeq: style.seqIndent, lineWidth: 0 }).slice(0, -1).split('\n');
}

/**
 * The shim for the one style yaml does not write: lists at their key's column (kubectl's style) in
 * a document indented by other than 2. With `indentSeq: false` yaml puts a list `indent - 2`
 * columns right of its key (it counts the `- ` as indentation), which is the key's column only for
 * an indent of 2. Such a pair is written with a step of 2, and its list restores the style's step.
 */
function listsAtKeyColumn(node: unknown, step: string): void {
  if (isSeq(node)) {
    for (const item of node.items) listsAtKeyColumn(item, step);
  } else if (isMap(node)) {
    node.items = node.items.map((pair) => {
      listsAtKeyColumn(pair.value, step);
      if (!isSeq(pair.value) || pair.value.items.length === 0) return pair;
      return new PairWithListAtKeyColumn(pair.key, new ListWithStep(step, pair.value.items));
    });
  }
}

class PairWithListAtKeyColumn extends Pair {
  override toString(ctx?: Context, onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx && { ...ctx, indentStep: '  ' }, onComment, onChompKeep);
  }
}

class ListWithStep extends YAMLSeq {
  constructor(
    private readonly step: string,
    items: unknown[],
  ) {
    super();
    this.items = items;
  }

  override toString(ctx?: Context, onComment?: () => void, onChompKeep?: () => void): string {
    return super.toString(ctx && { ...ctx, indentStep: this.step }, onComment, onChompKeep);
  }
}

/** Block lines indented to `column`, each preceded by the end-of-line (for insertion after a line). */
export function indentedLines(lines: string[], column: number, eol: string): string {
  const pad = ' '.repeat(column);
  return lines.map((l) => eol + pad + l).join('');
}
