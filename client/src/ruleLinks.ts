/**
 * Offline rule pages: the .vsix holds docs/rules/*.md, and the code link of each netpol-lint
 * diagnostic is pointed at the packaged page instead of the repository's. No vscode import here, so
 * that the rewrite is tested without an editor.
 */
import { docsUrl } from '../../server/src/core/docs';

/** The `source` of the server's diagnostics. */
const SOURCE = 'netpol-lint';

/** The part of a vscode.Diagnostic this reads and writes. */
export interface LinkedDiagnostic<T> {
  source?: string;
  code?: string | number | { value: string | number; target: T };
}

/**
 * Points the code link of each netpol-lint diagnostic at `local(code)` when its rule has a page in
 * `pages` and the link is the server's link to that rule's page; every other diagnostic and link
 * stays as it is. In place: a diagnostic keeps its identity and its `data` (the fixes the code
 * actions read), and only its link target changes.
 */
export function useLocalRulePages<T extends { toString(): string }>(
  diagnostics: readonly LinkedDiagnostic<T>[],
  pages: ReadonlySet<string>,
  local: (code: string) => T,
): void {
  for (const d of diagnostics) {
    if (d.source !== SOURCE || typeof d.code !== 'object') continue;
    const code = String(d.code.value);
    if (pages.has(code) && d.code.target.toString() === docsUrl(code)) d.code = { value: d.code.value, target: local(code) };
  }
}
