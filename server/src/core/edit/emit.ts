/** Writes plain values as YAML text in a given indentation style (for quick fixes). */
import { stringify } from 'yaml';
import type { EditStyle } from './style';

type Plain = unknown;

function isObject(v: Plain): v is Record<string, Plain> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyCollection(v: Plain): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

const scalarCache = new Map<unknown, string>();

/** A scalar as YAML 1.1 reads it back unchanged ("53" and "yes" stay strings). Memoised: fixes repeat the same few. */
export function scalarText(v: Plain): string {
  if (v === null || v === undefined) return 'null';
  let out = scalarCache.get(v);
  if (out === undefined) {
    out = stringify(v, { version: '1.1', lineWidth: 0 }).trimEnd();
    if (scalarCache.size > 10_000) scalarCache.clear();
    scalarCache.set(v, out);
  }
  return out;
}

/** A scalar inside a flow collection, where `[]{},` end a plain scalar: quote those. */
function flowScalar(v: Plain): string {
  const text = scalarText(v);
  return typeof v === 'string' && /[[\]{},]/.test(text) && !/^["']/.test(text) ? JSON.stringify(v) : text;
}

export function emitFlow(v: Plain): string {
  if (Array.isArray(v)) return `[${v.map(emitFlow).join(', ')}]`;
  if (isObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${flowScalar(k)}: ${emitFlow(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return flowScalar(v);
}

/** Block YAML lines for a value, starting at column 0 (the caller indents them). */
export function emitBlock(v: Plain, style: EditStyle): string[] {
  if (isEmptyCollection(v) || (!Array.isArray(v) && !isObject(v))) return [emitFlow(v)];
  const pad = (n: number) => ' '.repeat(n);
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      const lines = emitBlock(item, style);
      out.push(`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`));
    }
    return out;
  }
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const key = scalarText(k);
    if (isEmptyCollection(x) || (!Array.isArray(x) && !isObject(x))) {
      out.push(`${key}: ${emitFlow(x)}`);
    } else {
      const step = Array.isArray(x) ? (style.seqIndent ? style.indent : 0) : style.indent;
      out.push(`${key}:`, ...emitBlock(x, style).map((l) => pad(step) + l));
    }
  }
  return out;
}

/** Block lines indented to `column`, each preceded by the end-of-line (for insertion after a line). */
export function indentedLines(lines: string[], column: number, eol: string): string {
  const pad = ' '.repeat(column);
  return lines.map((l) => eol + pad + l).join('');
}
