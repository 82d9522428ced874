/**
 * The client's commands: "Who can reach this workload?" / "What can this workload reach?" and
 * "What does my change open?" (the
 * server computes a Markdown report; it opens here rendered, in VS Code's Markdown preview of a
 * read-only virtual document), the code lens'
 * list of selected workloads, the tests file's lens report, "Restart server" and "Show output". No analysis here.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type LanguageClient } from 'vscode-languageclient/node';
import {
  DIFF_COMMAND,
  REACH_COMMAND,
  RESTART_SERVER_COMMAND,
  SHOW_OUTPUT_COMMAND,
  SHOW_TEST_REPORT_COMMAND,
  SHOW_WORKLOADS_COMMAND,
  WHAT_DOES_MY_CHANGE_OPEN_COMMAND,
} from '../../server/src/shared/commands';

const REPORT_SCHEME = 'netpol-lint-report';
/** VS Code's built-in Markdown preview, beside the manifest (the extension vscode.markdown-language-features). */
const PREVIEW_COMMAND = 'markdown.showPreviewToSide';

interface Report {
  title: string;
  markdown: string;
}

interface WorkloadItem {
  label: string;
  detail: string;
  uri: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
}

/** Serves the reports as virtual read-only documents. */
class ReportProvider implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(uri: vscode.Uri, text: string): void {
    this.texts.set(uri.toString(), text);
    this.changed.fire(uri);
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.toString()) ?? '';
  }
}

/** Resolves when a Markdown preview tab is opened or becomes active (at the latest after `ms`). */
function previewShown(ms = 3000): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
      resolve();
    };
    const isPreview = (t: vscode.Tab) => t.isActive && t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType);
    // a new preview opens (tabs); one already open is revealed (its group becomes the active one)
    const tabs = vscode.window.tabGroups.onDidChangeTabs((e) => {
      if ([...e.opened, ...e.changed].some(isPreview)) done();
    });
    const groups = vscode.window.tabGroups.onDidChangeTabGroups(() => {
      const t = vscode.window.tabGroups.activeTabGroup.activeTab;
      if (t && isPreview(t)) done();
    });
    const sub = vscode.Disposable.from(tabs, groups);
    const timer = setTimeout(done, ms);
  });
}

export function registerCommands(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  const reports = new ReportProvider();
  context.subscriptions.push(vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports));

  /** Opens a report rendered in the Markdown preview beside the editor (the focus back in it), or as source when the preview is unavailable. */
  const show = async (report: Report, editor: vscode.TextEditor | undefined): Promise<vscode.Uri> => {
    const uri = vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${report.title.replace(/[?/\\]/g, ' ').trim()}.md` });
    reports.set(uri, report.markdown);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
    // rendered, never as Markdown source: the built-in preview styles it with the editor's theme and
    // follows the document (a second report of the same title updates the open preview)
    // (executed, not looked up first: running it activates the Markdown extension if it is not yet)
    try {
      const shown = previewShown();
      await vscode.commands.executeCommand(PREVIEW_COMMAND, uri);
      // the focus back in the manifest, as before, once the preview has taken it (its panel opens
      // after the command returns): the cursor stays where it was, the other question can be asked
      await shown;
      if (editor) await vscode.window.showTextDocument(editor.document, { viewColumn: editor.viewColumn, preserveFocus: false });
    } catch {
      // the Markdown extension disabled: the source is still readable
      await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: true, preserveFocus: true });
    }
    return uri;
  };

  const reach = async (direction: 'to' | 'from'): Promise<(Report & { uri: string }) | undefined> => {
    const editor = vscode.window.activeTextEditor;
    const c = client();
    if (!editor || !c) {
      void vscode.window.showErrorMessage('Open a Pod or workload manifest (Deployment, StatefulSet, …) first.');
      return undefined;
    }
    const p = editor.selection.active;
    let report: Report;
    try {
      report = await c.sendRequest(ExecuteCommandRequest.type, {
        command: REACH_COMMAND,
        arguments: [{ uri: editor.document.uri.toString(), position: { line: p.line, character: p.character }, direction }],
      });
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return undefined;
    }
    const uri = await show(report, editor);
    return { ...report, uri: uri.toString() };
  };

  const whatDoesMyChangeOpen = async (): Promise<(Report & { uri: string }) | undefined> => {
    const c = client();
    if (!c) {
      void vscode.window.showErrorMessage('The NetworkPolicy Lint server is not running.');
      return undefined;
    }
    let report: Report;
    try {
      report = await c.sendRequest(ExecuteCommandRequest.type, { command: DIFF_COMMAND, arguments: [] });
    } catch (e) {
      void vscode.window.showErrorMessage(e instanceof Error ? e.message : String(e));
      return undefined;
    }
    const uri = await show(report, vscode.window.activeTextEditor);
    return { ...report, uri: uri.toString() };
  };

  context.subscriptions.push(
    // a fresh server process: it reads the settings, the config file and the workspace again
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      const c = client();
      if (!c) return;
      c.outputChannel.info('Restarting the server (command "NetworkPolicy Lint: Restart server")');
      await c.restart();
    }),
    vscode.commands.registerCommand(SHOW_OUTPUT_COMMAND, () => client()?.outputChannel.show(true)),
    vscode.commands.registerCommand('netpolLint.whoCanReach', () => reach('to')),
    vscode.commands.registerCommand('netpolLint.whatCanReach', () => reach('from')),
    vscode.commands.registerCommand(WHAT_DOES_MY_CHANGE_OPEN_COMMAND, () => whatDoesMyChangeOpen()),
    // the tests file's code lens: the reasons of a test or an invariant, computed by the server with the lens
    vscode.commands.registerCommand(SHOW_TEST_REPORT_COMMAND, async (report?: Report) => {
      if (!report || typeof report.markdown !== 'string') return undefined;
      const uri = await show(report, vscode.window.activeTextEditor);
      return { ...report, uri: uri.toString() };
    }),
    vscode.commands.registerCommand(SHOW_WORKLOADS_COMMAND, async (arg?: { title: string; items: WorkloadItem[] }) => {
      if (!arg || arg.items.length === 0) {
        void vscode.window.showInformationMessage(arg?.title ?? 'This policy selects no workload of the workspace.');
        return undefined;
      }
      const pick = await vscode.window.showQuickPick(
        arg.items.map((i) => ({ label: i.label, description: i.detail, item: i })),
        { title: arg.title, placeHolder: 'Go to a workload this policy selects' },
      );
      if (!pick) return undefined;
      const r = pick.item.range;
      await vscode.window.showTextDocument(vscode.Uri.parse(pick.item.uri), {
        selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
      });
      return pick.item.label;
    }),
  );
}
