/** Findings -> LSP diagnostics. Offsets become positions here, at the edge, and only here. */
import type { Diagnostic, DiagnosticSeverity, TextEdit as LspTextEdit } from 'vscode-languageserver';
import { docsUrl, type FileFinding, type Position, type Severity } from '../core/index';

export const SOURCE = 'netpol-lint';

const SEVERITY: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, information: 3, hint: 4 };

export interface FixData {
  title: string;
  edits: LspTextEdit[];
  preferred?: boolean;
}

/** What every diagnostic of ours carries in `data`: the fixes, ready to apply, and the version they fit. */
export interface DiagnosticData {
  version: number;
  fixes: FixData[];
}

export interface Positions {
  positionAt(offset: number): Position;
}

export function toDiagnostics(findings: readonly FileFinding[], lines: Positions, version: number): Diagnostic[] {
  const range = (start: number, end: number) => ({ start: lines.positionAt(start), end: lines.positionAt(end) });
  return findings.map((f) => {
    const data: DiagnosticData = {
      version,
      fixes: (f.fixes ?? []).map((fix) => ({
        title: fix.title,
        edits: fix.edits.map((e) => ({ range: range(e.start, e.end), newText: e.newText })),
        ...(fix.preferred ? { preferred: true } : {}),
      })),
    };
    return {
      range: range(f.span.start, f.span.end),
      severity: SEVERITY[f.severity],
      source: SOURCE,
      code: f.code,
      codeDescription: { href: docsUrl(f.code) },
      message: f.message,
      data,
    };
  });
}
