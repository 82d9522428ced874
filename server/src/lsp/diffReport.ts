/**
 * "What does my change open?": the workspace as the editor holds it (unsaved edits included)
 * against the same folders' manifests at git HEAD, as the Markdown diff report (the CLI's `diff
 * git:HEAD <folders>` table). HEAD is read with git (nothing checked out); a folder outside a git
 * repository is left out, and with none in one the request fails with a clear message. The graph
 * view's "compare with git HEAD" reads HEAD the same way (`headWorkspace`).
 */
import { join } from 'node:path';
import { URI } from 'vscode-uri';
import { Connectivity, diffConnectivity, diffMarkdown, excludeMatcher, Workspace } from '../core/index';
import { GitError, gitFiles } from '../node/git';

export const DIFF_REPORT_TITLE = 'What does my change open?';

export interface DiffReport {
  title: string;
  markdown: string;
}

/**
 * The workspace folders' manifests at git HEAD, as a workspace of the same configuration; `left`
 * counts the folders left out (not in a git repository). None in one: a GitError saying so,
 * `what` naming the feature that needs it.
 */
export function headWorkspace(
  workspace: Workspace,
  folders: readonly string[],
  exclude: readonly string[],
  what = DIFF_REPORT_TITLE,
): { before: Workspace; left: number } {
  const skip = excludeMatcher(exclude) ?? (() => false);
  const before = new Workspace(workspace.configuration);
  const used: string[] = [];
  const problems: string[] = [];
  for (const folder of folders) {
    const uri = URI.parse(folder);
    if (uri.scheme !== 'file') continue;
    try {
      for (const f of gitFiles('HEAD', ['.'], uri.fsPath, skip)) before.update(URI.file(join(uri.fsPath, f.name)).toString(), f.text);
      used.push(uri.fsPath);
    } catch (e) {
      if (!(e instanceof GitError)) throw e;
      problems.push(e.message);
    }
  }
  if (used.length === 0) throw new GitError(`${what} compares the workspace with its last commit (git HEAD): ${problems[0] ?? 'no workspace folder on disk'}`);
  return { before, left: problems.length };
}

/** The report; `folders` are the workspace folders' URIs, `exclude` the globs the index skips (relative to each folder). */
export function changeReport(workspace: Workspace, folders: readonly string[], exclude: readonly string[]): DiffReport {
  const { before, left } = headWorkspace(workspace, folders, exclude);
  const d = diffConnectivity(new Connectivity(before.cluster()), new Connectivity(workspace.cluster()));
  let markdown = diffMarkdown(d, 'git HEAD', 'the workspace (unsaved edits included)', DIFF_REPORT_TITLE);
  if (left > 0) markdown += `\nLeft out (not in a git repository): ${left} workspace folder${left === 1 ? '' : 's'}.\n`;
  return { title: DIFF_REPORT_TITLE, markdown };
}
