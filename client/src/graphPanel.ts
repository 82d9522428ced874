/**
 * "NetworkPolicy Lint: Show connectivity graph": a webview panel drawing the server's graph of the
 * workspace (netpolLint/graph), redrawn (debounced) on the server's netpolLint/workspaceChanged.
 * A click on an edge asks for its deciding rules (netpolLint/graphEdge); links and nodes open the
 * manifest at the rule or the workload. "Compare with git HEAD" asks for the graph compared with the
 * folders' last commit (netpolLint/graph with { compare: "HEAD" }). Scripts only with this page's nonce, resources only from
 * the extension's dist/ and media/, nothing remote. No analysis here.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { GRAPH_EDGE_REQUEST, GRAPH_REQUEST, SHOW_GRAPH_COMMAND, WORKSPACE_CHANGED_NOTIFICATION } from '../../server/src/shared/commands';
import type { GraphData, Location } from './graph/model';

/** How long the panel waits after the last change signal before it asks for the graph again. */
const REFRESH_DEBOUNCE_MS = 400;

export const GRAPH_VIEW_TYPE = 'netpolLint.graph';

/** The namespace of the policy (or object) around the cursor: the last `namespace:` above it, else the file's first. */
export function namespaceAround(text: string, offset: number): string | undefined {
  const re = /^\s+namespace:\s*["']?([a-z0-9][a-z0-9-]*)["']?\s*$/gm;
  let before: string | undefined;
  let first: string | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    first ??= m[1];
    if (m.index <= offset) before = m[1];
  }
  return before ?? first;
}

class GraphPanel {
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly subs: vscode.Disposable[] = [];
  /** "compare with git HEAD" is on: the graph of the change from HEAD to the workspace. */
  private compare = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly client: LanguageClient,
    extensionUri: vscode.Uri,
    private namespace: string | undefined,
    private readonly closed: () => void,
  ) {
    const webview = panel.webview;
    webview.html = html(webview, vscode.Uri.joinPath(extensionUri, 'dist', 'graphView.js'));
    this.subs.push(
      webview.onDidReceiveMessage((m) => void this.received(m)),
      client.onNotification(WORKSPACE_CHANGED_NOTIFICATION, () => this.refreshSoon()),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  show(namespace: string | undefined): void {
    this.namespace = namespace;
    this.panel.reveal(undefined, false);
    void this.refresh();
  }

  private refreshSoon(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_DEBOUNCE_MS);
  }

  private async refresh(): Promise<void> {
    try {
      const data = (await (this.compare ? this.client.sendRequest(GRAPH_REQUEST, { compare: 'HEAD' }) : this.client.sendRequest(GRAPH_REQUEST))) as GraphData;
      await this.panel.webview.postMessage({ type: 'graph', data, namespace: this.namespace });
      this.namespace = undefined; // chosen once; the person's filter wins afterwards
    } catch (e) {
      await this.panel.webview.postMessage({ type: 'error', error: e instanceof Error ? e.message : String(e) });
    }
  }

  private async received(m: { type?: string; from?: string; to?: string; toMembers?: string[]; location?: Location; on?: boolean }): Promise<void> {
    if (m.type === 'ready') return this.refresh();
    if (m.type === 'compare') {
      this.compare = m.on === true;
      return this.refresh();
    }
    if (m.type === 'edge' && typeof m.from === 'string' && typeof m.to === 'string') {
      try {
        const explanation = await this.client.sendRequest(GRAPH_EDGE_REQUEST, { from: m.from, to: m.to, toMembers: m.toMembers });
        await this.panel.webview.postMessage({ type: 'explanation', explanation });
      } catch (e) {
        await this.panel.webview.postMessage({ type: 'error', error: e instanceof Error ? e.message : String(e) });
      }
      return;
    }
    if (m.type === 'open' && m.location) {
      const r = m.location.range;
      // beside the graph, which stays open
      await vscode.window.showTextDocument(vscode.Uri.parse(m.location.uri), {
        selection: new vscode.Range(r.start.line, r.start.character, r.end.line, r.end.character),
        viewColumn: vscode.ViewColumn.One,
      });
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const s of this.subs.splice(0)) s.dispose();
    this.closed();
  }
}

function html(webview: vscode.Webview, script: vscode.Uri): string {
  const nonce = randomBytes(16).toString('base64');
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource} data:`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Connectivity graph</title>
<style nonce="${nonce}">
  body { padding: 0; margin: 0; color: var(--vscode-foreground); background: var(--vscode-editor-background); font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); }
  #bar { display: flex; gap: 12px; align-items: center; flex-wrap: wrap; padding: 6px 10px; border-bottom: 1px solid var(--vscode-panel-border); }
  select, input[type=text] { background: var(--vscode-input-background); color: var(--vscode-input-foreground); border: 1px solid var(--vscode-input-border, transparent); padding: 2px 4px; }
  #main { display: flex; height: calc(100vh - 40px); }
  #graph { flex: 1; min-width: 0; }
  #details { width: 30%; max-width: 380px; overflow: auto; padding: 0 10px; border-left: 1px solid var(--vscode-panel-border); }
  a { color: var(--vscode-textLink-foreground); }
  .error { color: var(--vscode-errorForeground); }
</style>
</head>
<body>
<div id="bar">
  <label>Namespace <select id="f-namespace"><option value="">every namespace</option></select></label>
  <label>Port <input id="f-port" type="text" size="6" placeholder="any"></label>
  <label>Protocol <select id="f-protocol"><option value="">any</option><option>TCP</option><option>UDP</option><option>SCTP</option></select></label>
  <label><input id="f-cross" type="checkbox"> only cross-namespace</label>
  <label><input id="f-external" type="checkbox"> only external</label>
  <label title="Added edges green, removed red and dashed, changed amber (the set at HEAD -> now)"><input id="f-compare" type="checkbox"> compare with git HEAD</label>
</div>
<div id="main"><div id="graph"></div><div id="details"><p>Click an edge for the rules that decide it, a workload for its manifest.</p></div></div>
<pre id="graph-state" hidden></pre>
<script nonce="${nonce}" src="${webview.asWebviewUri(script)}"></script>
</body>
</html>`;
}

/** Registers the command; it opens the panel (one at a time) or brings it forward, for the namespace of the policy under the cursor when run from an editor. */
export function registerGraphView(context: vscode.ExtensionContext, client: () => LanguageClient | undefined): void {
  let open: GraphPanel | undefined;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, (uri?: vscode.Uri) => {
      const c = client();
      if (!c) {
        void vscode.window.showErrorMessage('The NetworkPolicy Lint server is not running.');
        return undefined;
      }
      const editor = vscode.window.activeTextEditor;
      // from the editor's context menu (a URI) or the palette with a YAML file open: its namespace
      const doc = editor && (!uri || editor.document.uri.toString() === uri.toString()) ? editor.document : undefined;
      const namespace = doc?.languageId === 'yaml' ? namespaceAround(doc.getText(), doc.offsetAt(editor!.selection.active)) : undefined;
      if (open) open.show(namespace);
      else {
        const dist = vscode.Uri.joinPath(context.extensionUri, 'dist');
        const media = vscode.Uri.joinPath(context.extensionUri, 'media');
        const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Connectivity graph', vscode.ViewColumn.Beside, {
          enableScripts: true,
          localResourceRoots: [dist, media],
        });
        open = new GraphPanel(panel, c, context.extensionUri, namespace, () => {
          open = undefined;
        });
      }
      return open.panel;
    }),
  );
}
