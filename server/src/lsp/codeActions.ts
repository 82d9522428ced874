/**
 * Code actions straight from the diagnostics' `data`: no re-analysis, no message matching.
 * Fixes computed for an older version of the document are not offered (they would not fit).
 * One kind of fix needs the workspace, which a per-document rule cannot see: the container ports
 * offered for an empty `port:` (workspaceFixes, asked in the file's queue by the server).
 */
import { CodeActionKind, type CodeAction, type CodeActionParams, type Diagnostic, type TextEdit as LspTextEdit } from 'vscode-languageserver';
import type { EditorDocument } from './documents';
import { unpackRecipe } from './recipeData';
import {
  disableNextLineFix,
  emptyPortFixes,
  fixAllSteps,
  minimalEdit,
  recipeEdits,
  recipeTitle,
  type Steps,
  type TextEdit,
  type Workspace,
} from '../core/index';
import { SOURCE, type DiagnosticData } from './convert';
import { appendAll } from '../core/arrays';
import { TESTS_FILE_CODES } from './tenantTests';

/** Every safe fix of the document at once (on save with editor.codeActionsOnSave, or from the Source Action menu). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.netpol-lint`;

/** Was fix-all asked for (`source`, `source.fixAll` or our own kind)? */
export function wantsFixAll(only: readonly string[] | undefined): boolean {
  return only?.some((k) => k === FIX_ALL_KIND || FIX_ALL_KIND.startsWith(`${k}.`)) ?? false;
}

/**
 * The fix-all action for a document: one edit from its text to the fixed text, or none when nothing
 * is safe to fix. May pause between documents (core/steps.ts); the workspace must hold the
 * document's text, and holds it again at the end (also when closed early).
 */
export function* fixAllActionSteps(ws: Workspace, key: string, doc: EditorDocument): Steps<CodeAction | undefined> {
  const result = yield* fixAllSteps(ws, key);
  if (!result) return undefined;
  const edit = minimalEdit(doc.getText(), result.text);
  if (!edit) return undefined;
  return {
    title: `Fix all safe netpol-lint problems (${result.applied.length})`,
    kind: FIX_ALL_KIND,
    edit: { changes: { [doc.uri]: [lspEdit(doc, edit)] } },
  };
}

/** An edit in offsets of the document's text, as LSP has it. */
function lspEdit(doc: EditorDocument, e: TextEdit): LspTextEdit {
  return { range: { start: doc.positionAt(e.start), end: doc.positionAt(e.end) }, newText: e.newText };
}

function isData(d: unknown): d is DiagnosticData {
  const fixes = (d as Partial<DiagnosticData> | null)?.fixes;
  return typeof d === 'object' && d !== null && (fixes === undefined || Array.isArray(fixes)) && typeof (d as DiagnosticData).version === 'number';
}

/** Is this one of our diagnostics for the text the document has now (its `data` says which version)? */
function current(d: Diagnostic, doc: EditorDocument): boolean {
  return d.source === SOURCE && isData(d.data) && d.data.version === doc.version;
}

/** A current empty-port diagnostic among those asked about: its fixes need the workspace (see {@link workspaceFixes}). */
export function needsWorkspace(params: CodeActionParams, doc: EditorDocument | undefined): boolean {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return false;
  return doc !== undefined && params.context.diagnostics.some((d) => d.code === 'empty-port' && current(d, doc));
}

/**
 * The fixes a per-document rule cannot write, from the workspace (which must hold the document's
 * current text): for an empty-port diagnostic, recognised by its code and the version in its data,
 * "Set port: N" for each container port of the rule's destination. Keyed by diagnostic.
 */
export function workspaceFixes(ws: Workspace, key: string, params: CodeActionParams, doc: EditorDocument): Map<Diagnostic, CodeAction[]> {
  const out = new Map<Diagnostic, CodeAction[]>();
  for (const d of params.context.diagnostics) {
    if (d.code !== 'empty-port' || !current(d, doc)) continue;
    // a port the rule's own fix already sets (its twin in the other protocol) is offered once
    const own = new Set(((d.data as DiagnosticData).fixes ?? []).flatMap((f) => (f.edits ?? []).map((e) => JSON.stringify(e))));
    const actions = emptyPortFixes(ws, key, doc.offsetAt(d.range.start))
      .map((f) => ({ title: f.title, edits: f.edits.map((e) => lspEdit(doc, e)) }))
      .filter((f) => !f.edits.every((e) => own.has(JSON.stringify(e))))
      .map(
        (f): CodeAction => ({
          title: f.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          isPreferred: false,
          edit: { changes: { [params.textDocument.uri]: f.edits } },
        }),
      );
    if (actions.length) out.set(d, actions);
  }
  return out;
}

export function codeActions(params: CodeActionParams, doc: EditorDocument | undefined, extra?: ReadonlyMap<Diagnostic, CodeAction[]>): CodeAction[] {
  const only = params.context.only;
  if (only && !only.some((k) => k === CodeActionKind.QuickFix || CodeActionKind.QuickFix.startsWith(`${k}.`))) return [];
  const actions: CodeAction[] = [];
  let text: string | undefined;
  for (const d of params.context.diagnostics) {
    if (!doc || !current(d, doc)) continue;
    const fix = (title: string, edits: LspTextEdit[], preferred?: boolean): CodeAction => ({
      title,
      kind: CodeActionKind.QuickFix,
      diagnostics: [d],
      isPreferred: preferred === true,
      edit: { changes: { [params.textDocument.uri]: edits } },
    });
    for (const f of d.data.fixes ?? []) {
      const recipe = Array.isArray(f.edits) ? undefined : unpackRecipe(f.recipe, (p) => doc.offsetAt(p));
      if (Array.isArray(f.edits)) {
        if (typeof f.title === 'string') actions.push(fix(f.title, f.edits, f.preferred));
      }
      // written from the recipe, in the text the diagnostic was made for (same version)
      else if (recipe)
        actions.push(
          fix(
            recipeTitle(recipe),
            recipeEdits(recipe).map((e) => lspEdit(doc, e)),
            f.preferred,
          ),
        );
    }
    appendAll(actions, extra?.get(d) ?? []);
    // "Disable <code> for this line": a comment above the diagnostic's line, written from the document's text
    // (not for the tests file's answers: no comment silences them)
    if (typeof d.code === 'string' && !TESTS_FILE_CODES.has(d.code)) {
      text ??= doc.getText();
      const disable = disableNextLineFix(text, {
        code: d.code,
        severity: 'hint',
        message: '',
        span: { start: doc.offsetAt(d.range.start), end: doc.offsetAt(d.range.end) },
      });
      actions.push(
        fix(
          disable.title,
          disable.edits.map((e) => lspEdit(doc, e)),
        ),
      );
    }
  }
  return actions;
}
