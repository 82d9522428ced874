/**
 * Suppression comments:
 *   # netpol-lint-disable-next-line <code>[, <code>…]   silences those codes on the next line
 *   # netpol-lint-disable <code>[, <code>…]             silences those codes in the whole document
 * Text after "--" is a free-form reason. An unknown code is itself a finding (`unknown-rule`).
 */
import type { Finding } from './findings';
import { engineFinding } from './rules/engine-rules';
import { lineStartOf } from './text/lineIndex';

export interface Suppressions {
  /** Start offset of a silenced line -> the codes silenced there. */
  nextLine: Map<number, Set<string>>;
  document: Set<string>;
  unknown: Finding[];
}

const DIRECTIVE = /(^|[ \t])#[ \t]*netpol-lint-(disable-next-line|disable)(?=$|[ \t])/;

export const EMPTY_SUPPRESSIONS: Suppressions = { nextLine: new Map(), document: new Set(), unknown: [] };

export function readSuppressions(text: string, knownCodes: ReadonlySet<string>): Suppressions {
  if (!text.includes('netpol-lint-disable')) return EMPTY_SUPPRESSIONS;
  const out: Suppressions = { nextLine: new Map(), document: new Set(), unknown: [] };
  const lineRe = /[^\r\n]*(\r\n|\r|\n|$)/g;
  let m: RegExpExecArray | null;
  while ((m = lineRe.exec(text)) && m[0] !== '') {
    const lineStart = m.index;
    const line = m[0].replace(/[\r\n]+$/, '');
    const d = DIRECTIVE.exec(line);
    if (d) {
      const restStart = d.index + d[0].length;
      let rest = line.slice(restStart);
      const reason = rest.indexOf('--');
      if (reason >= 0) rest = rest.slice(0, reason);
      const codes = new Set<string>();
      const codeRe = /[^\s,]+/g;
      let c: RegExpExecArray | null;
      while ((c = codeRe.exec(rest))) {
        const code = c[0];
        if (knownCodes.has(code)) codes.add(code);
        else {
          const start = lineStart + restStart + c.index;
          out.unknown.push(
            engineFinding('unknown-rule', `Unknown rule "${code}" in a netpol-lint suppression comment: it silences nothing.`, {
              start,
              end: start + code.length,
            }),
          );
        }
      }
      if (d[2] === 'disable') for (const code of codes) out.document.add(code);
      else {
        const next = lineStart + m[0].length;
        const set = out.nextLine.get(next) ?? new Set<string>();
        for (const code of codes) set.add(code);
        out.nextLine.set(next, set);
      }
    }
    if (lineRe.lastIndex >= text.length) break;
  }
  return out;
}

export function isSuppressed(s: Suppressions, text: string, f: Finding): boolean {
  if (s.document.has(f.code)) return true;
  if (s.nextLine.size === 0) return false;
  return s.nextLine.get(lineStartOf(text, f.span.start))?.has(f.code) ?? false;
}
