/**
 * Findings -> LSP diagnostics. Offsets become positions here, at the edge, and only here.
 *
 * A keystroke changes one document of the file; every other finding keeps its object (see
 * FileAnalyzer.finish) and, unless lines were added or removed above it, its positions. So each
 * finding's diagnostic is converted once and reused while its document starts at the same position;
 * only the version in `data` is new.
 */
import type { Diagnostic, DiagnosticSeverity, Position as LspPosition, Range, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { docsUrl, type Finding, type PlacedFileFinding, type Position, type Severity } from '../core/index';

export const SOURCE = 'netpol-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

export interface FixData {
  title: string;
  edits: LspTextEdit[];
  preferred?: boolean;
}

/**
 * What every diagnostic of ours carries in `data`: the fixes, ready to apply, and the version they
 * fit. ("Disable <code> for this line" is not in it: the code action handler writes that comment
 * from the diagnostic's line, which keeps every publish smaller.)
 */
export interface DiagnosticData {
  version: number;
  fixes: FixData[];
}

export interface Positions {
  positionAt(offset: number): Position;
}

interface Converted {
  /** Where the finding's document started when converted. */
  origin: LspPosition;
  diagnostic: Omit<Diagnostic, 'data'>;
  fixes: FixData[];
}

const converted = new WeakMap<Finding, Converted>();

const isDisable = (title: string) => title.startsWith('Disable ');

function convert(p: PlacedFileFinding, lines: Positions, origin: LspPosition): Converted {
  const { finding: f, start } = p;
  const range = (a: number, b: number): Range => ({ start: lines.positionAt(start + a), end: lines.positionAt(start + b) });
  return {
    origin,
    diagnostic: {
      range: range(f.span.start, f.span.end),
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.code,
      codeDescription: { href: docsUrl(f.code) },
      message: f.message,
    },
    fixes: (f.fixes ?? [])
      .filter((fix) => !isDisable(fix.title) && fix.edits.length > 0)
      .map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
        ...(fix.preferred ? { preferred: true } : {}),
      })),
  };
}

export function toDiagnostics(placed: readonly PlacedFileFinding[], lines: Positions, version: number): Diagnostic[] {
  const origins = new Map<number, LspPosition>();
  return placed.map((p) => {
    let origin = origins.get(p.start);
    if (!origin) origins.set(p.start, (origin = lines.positionAt(p.start)));
    let c = converted.get(p.finding);
    if (!c || c.origin.line !== origin.line || c.origin.character !== origin.character) {
      c = convert(p, lines, origin);
      converted.set(p.finding, c);
    }
    const data: DiagnosticData = { version, fixes: c.fixes };
    return { ...c.diagnostic, data };
  });
}
