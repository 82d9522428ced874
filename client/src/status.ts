/**
 * The language status items on YAML files ("{ }" in the status bar): the active file's findings, or
 * the indexing progress while the server reads the workspace, with the config in effect as detail
 * and a link to the output; and the server's version or state, with a link to restart it. The
 * server's part comes in the `netpolLint/status` notification; the counts are the diagnostics
 * VS Code holds for the active file. No analysis here.
 */
import * as vscode from 'vscode';
import { State, type LanguageClient } from 'vscode-languageclient/node';
import { RESTART_SERVER_COMMAND, SHOW_OUTPUT_COMMAND, STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/commands';

/** The `source` of the server's diagnostics. */
const SOURCE = 'netpol-lint';
const NAME = 'NetworkPolicy Lint';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export class StatusItem implements vscode.Disposable {
  readonly item: vscode.LanguageStatusItem;
  /** The server process: its version while it runs, a link to restart it. */
  readonly serverItem: vscode.LanguageStatusItem;
  private version: string | undefined;
  private server: StatusParams | undefined;
  private state: 'starting' | 'running' | 'stopped' = 'starting';
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor() {
    this.item = vscode.languages.createLanguageStatusItem('netpolLint.status', { language: 'yaml' });
    this.item.name = NAME;
    this.item.command = { title: 'Show output', command: SHOW_OUTPUT_COMMAND, tooltip: 'Show the NetworkPolicy Lint output' };
    this.serverItem = vscode.languages.createLanguageStatusItem('netpolLint.server', { language: 'yaml' });
    this.serverItem.name = `${NAME} server`;
    this.serverItem.command = { title: 'Restart', command: RESTART_SERVER_COMMAND, tooltip: 'NetworkPolicy Lint: Restart server' };
    this.subscriptions.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.render()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const active = vscode.window.activeTextEditor?.document.uri.toString();
        if (active && e.uris.some((u) => u.toString() === active)) this.render();
      }),
    );
    this.render();
  }

  /** Follows the client's server: its status notifications and whether it runs (a restart starts afresh). */
  listen(client: LanguageClient): void {
    this.subscriptions.push(
      client.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
        this.server = p;
        this.render();
      }),
      client.onDidChangeState((e) => {
        this.state = e.newState === State.Running ? 'running' : e.newState === State.Starting ? 'starting' : 'stopped';
        if (this.state !== 'running') this.server = undefined;
        this.version = client.initializeResult?.serverInfo?.version;
        this.render();
      }),
    );
  }

  private counts(): string {
    const uri = vscode.window.activeTextEditor?.document.uri;
    const ds = uri ? vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE) : [];
    const errors = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
    const warnings = ds.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
    return `${plural(errors, 'error')}, ${plural(warnings, 'warning')}`;
  }

  private render(): void {
    this.serverItem.text = this.state === 'running' ? `server ${this.version ?? ''}`.trim() : `server ${this.state}`;
    this.serverItem.severity = this.state === 'stopped' ? vscode.LanguageStatusSeverity.Error : vscode.LanguageStatusSeverity.Information;
    const s = this.server;
    const item = this.item;
    item.severity = vscode.LanguageStatusSeverity.Information;
    if (this.state === 'stopped') {
      item.busy = false;
      item.severity = vscode.LanguageStatusSeverity.Warning;
      item.text = `${NAME}: stopped`;
      item.detail = 'the server is not running: see the output';
      return;
    }
    if (!s) {
      item.busy = true;
      item.text = `${NAME}: starting`;
      item.detail = undefined;
      return;
    }
    item.busy = s.indexing !== null;
    item.text = s.indexing ? `${NAME}: indexing ${s.indexing.done}/${s.indexing.total}` : `${NAME}: ${this.counts()}`;
    const config = s.configFile ? vscode.workspace.asRelativePath(s.configFile) : 'none: defaults';
    const files = s.indexing ? '' : `, ${plural(s.indexedFiles, 'file')} indexed`;
    item.detail = `config ${config}, Kubernetes ${s.kubernetesVersion}${files}`;
  }

  dispose(): void {
    for (const d of this.subscriptions) d.dispose();
    this.item.dispose();
    this.serverItem.dispose();
  }
}
