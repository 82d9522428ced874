/**
 * The language server: a thin adapter from LSP to the analysis core. Each open document keeps a
 * FileAnalyzer, so an edit re-analyses only the YAML documents whose text changed.
 */
import { CodeActionKind, DidChangeConfigurationNotification, TextDocumentSyncKind, type Connection, type InitializeResult } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { defaultConfig, setInternalErrorHandler, Workspace, type ChunkAnalysisPool, type Edit, type LintConfig } from '../core/index';
import { codeActions } from './codeActions';
import { toDiagnostics } from './convert';
import { Documents } from './documents';
import { toLintConfig } from './settings';

export const SERVER_NAME = 'netpol-lint';
export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection, pool?: ChunkAnalysisPool): void {
  const documents = new Documents();
  let config: LintConfig = defaultConfig();
  const workspace = new Workspace(config);
  let pullConfiguration = false;
  setInternalErrorHandler((what, error) => connection.console.error(`netpol-lint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));

  // one queue per document: analyses run in order of versions (each edit hint is relative to the
  // text analysed before it), and a large open may await the worker without being overtaken
  const queues = new Map<string, Promise<void>>();
  const validate = (doc: TextDocument, edit?: Edit): void => {
    const { uri, version } = doc;
    const text = doc.getText();
    const run = async () => {
      if (!documents.get(uri)) return; // closed before its turn
      try {
        await workspace.updateAsync(uri, text, edit, pool);
        if (!documents.get(uri)) return; // closed meanwhile
        const result = workspace.result(uri)!;
        void connection.sendDiagnostics({ uri, version, diagnostics: toDiagnostics(result.findings, result.lines, version) });
      } catch (e) {
        workspace.remove(uri); // its state may be half-updated: start afresh next time
        connection.console.error(`netpol-lint: analysis of ${uri} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
    };
    const next = (queues.get(uri) ?? Promise.resolve()).then(run);
    queues.set(uri, next);
    void next.then(() => {
      if (queues.get(uri) === next) queues.delete(uri);
    });
  };
  const validateAll = () => documents.all().forEach((d) => validate(d));

  const applySettings = (raw: unknown) => {
    config = toLintConfig(raw, (m) => connection.console.warn(m));
    workspace.setConfig(config);
    validateAll();
  };

  connection.onInitialize((params): InitializeResult => {
    pullConfiguration = params.capabilities.workspace?.configuration === true;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) workspace.setConfig((config = toLintConfig(init.settings, (m) => connection.console.warn(m))));
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix], resolveProvider: false },
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (!pullConfiguration) return;
    void connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLint' }).catch(() => undefined);
    try {
      applySettings(await connection.workspace.getConfiguration('netpolLint'));
    } catch {
      /* the client may not answer configuration requests; keep the defaults */
    }
  });

  connection.onDidChangeConfiguration(async (change) => {
    if (pullConfiguration) {
      try {
        applySettings(await connection.workspace.getConfiguration('netpolLint'));
        return;
      } catch {
        /* fall back to the pushed settings */
      }
    }
    const pushed = (change.settings as { netpolLint?: unknown } | null)?.netpolLint;
    applySettings(pushed ?? {});
  });

  documents.listen(
    connection,
    ({ document, edit }) => validate(document, edit),
    (uri) => {
      workspace.remove(uri);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
    },
  );

  connection.onCodeAction((params) => codeActions(params, documents.get(params.textDocument.uri)?.version));

  connection.listen();
}
