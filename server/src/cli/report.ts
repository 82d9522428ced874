/** The CLI's results and their formats: text (1-based positions) and JSON (0-based, LSP-style). */
import { LineIndex, type FileFinding, type Severity } from '../core/index';
import { printable } from '../core/text/printable';

export interface FileReport {
  path: string;
  text: string;
  findings: FileFinding[];
}

export interface Summary {
  errors: number;
  warnings: number;
  information: number;
  hints: number;
  files: number;
}

export function summarize(reports: readonly FileReport[]): Summary {
  const s: Summary = { errors: 0, warnings: 0, information: 0, hints: 0, files: reports.length };
  const key: Record<Severity, keyof Summary> = { error: 'errors', warning: 'warnings', information: 'information', hint: 'hints' };
  for (const r of reports) for (const f of r.findings) s[key[f.severity]]++;
  return s;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/**
 * `N errors, M warnings in K files`, with the information and hint findings counted too when any
 * were printed (`…, 8 information, 1 hint in 2 files`): the summary adds up to the lines above it.
 */
export function summaryLine(s: Summary): string {
  const counts = [plural(s.errors, 'error'), plural(s.warnings, 'warning')];
  if (s.information > 0) counts.push(`${s.information} information`);
  if (s.hints > 0) counts.push(plural(s.hints, 'hint'));
  return `${counts.join(', ')} in ${plural(s.files, 'file')}`;
}

export function formatJson(reports: readonly FileReport[]): string {
  const files = reports.map((r) => {
    const lines = new LineIndex(r.text);
    return {
      path: r.path,
      findings: r.findings.map((f) => ({
        code: f.code,
        severity: f.severity,
        message: f.message,
        document: f.document,
        range: { start: lines.positionAt(f.span.start), end: lines.positionAt(f.span.end) },
      })),
    };
  });
  return JSON.stringify({ files, summary: summarize(reports) }, null, 2) + '\n';
}

const COLORS: Record<Severity, string> = { error: '\x1b[31m', warning: '\x1b[33m', information: '\x1b[36m', hint: '\x1b[2m' };

export function formatText(reports: readonly FileReport[], color: boolean): string {
  const out: string[] = [];
  const paint = (sev: Severity, s: string) => (color ? `${COLORS[sev]}${s}\x1b[0m` : s);
  for (const r of reports) {
    const lines = new LineIndex(r.text);
    for (const f of r.findings) {
      const p = lines.positionAt(f.span.start);
      out.push(`${printable(r.path)}:${p.line + 1}:${p.character + 1}  ${paint(f.severity, f.severity)}  ${printable(f.message)}  [${f.code}]`);
    }
  }
  out.push(summaryLine(summarize(reports)));
  return out.join('\n') + '\n';
}
