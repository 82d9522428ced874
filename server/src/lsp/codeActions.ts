/**
 * Code actions straight from the diagnostics' `data`: no re-analysis, no message matching.
 * Fixes computed for an older version of the document are not offered (they would not fit).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams } from 'vscode-languageserver';
import { SOURCE, type DiagnosticData } from './convert';

function isData(d: unknown): d is DiagnosticData {
  return typeof d === 'object' && d !== null && Array.isArray((d as DiagnosticData).fixes) && typeof (d as DiagnosticData).version === 'number';
}

export function codeActions(params: CodeActionParams, currentVersion: number | undefined): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
  const actions: CodeAction[] = [];
  for (const d of params.context.diagnostics) {
    if (d.source !== SOURCE || !isData(d.data) || d.data.version !== currentVersion) continue;
    for (const fix of d.data.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        isPreferred: fix.preferred === true,
        edit: { changes: { [params.textDocument.uri]: fix.edits } },
      });
    }
  }
  return actions;
}
