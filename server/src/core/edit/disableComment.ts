/** The "Disable <code> for this line" fix: a suppression comment on the line above. */
import type { Finding, Fix } from '../findings';
import { detectEol, indentOfLine, lineStartOf } from '../text/lineIndex';

const EXISTING = /^([ \t]*#[ \t]*netpol-lint-disable-next-line[ \t]+)([^\r\n]*?)([ \t]*(?:--[^\r\n]*)?)$/;

export function disableNextLineFix(text: string, f: Finding): Fix {
  const lineStart = lineStartOf(text, f.span.start);
  const title = `Disable ${f.code} for this line`;
  if (lineStart > 0) {
    const prevStart = lineStartOf(text, lineStart - 1);
    const prevLine = text.slice(prevStart, lineStart).replace(/[\r\n]+$/, '');
    const m = EXISTING.exec(prevLine);
    if (m) {
      const at = prevStart + m[1].length + m[2].length;
      return { title, edits: [{ start: at, end: at, newText: `, ${f.code}` }] };
    }
  }
  // a YAML error's line may be inside an unclosed flow collection, where the `yaml` package reads a
  // comment at column 0 as an error of its own: one space keeps the comment a comment everywhere
  const indent = indentOfLine(text, f.span.start) || (f.code === 'yaml-syntax' ? ' ' : '');
  return { title, edits: [{ start: lineStart, end: lineStart, newText: `${indent}# netpol-lint-disable-next-line ${f.code}${detectEol(text)}` }] };
}
