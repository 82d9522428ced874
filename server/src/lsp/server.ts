/**
 * The language server: a thin adapter from LSP to the analysis core. One Workspace holds the open
 * documents (their unsaved text) and the YAML files of the workspace folders (from disk, kept
 * current by file watching); an edit re-analyses only the YAML documents whose text changed, and
 * republishes the other open files whose namespace rules it affects. This file wires the handlers
 * to the parts: Publisher (diagnostics), ServerSettings (settings and configuration), FileQueues
 * (the order of a file's updates), DiskIndex (the folders' files), ProjectConfig (.netpol-lint.yaml).
 */
import {
  CodeActionKind,
  CodeLensRefreshRequest,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  LSPErrorCodes,
  ResponseError,
  TextDocumentSyncKind,
  type CodeAction,
  type Diagnostic,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { setInternalErrorHandler, Workspace, type TextChange } from '../core/index';
import { nextTurn, sliced } from './slices';
import { TenantTests } from './tenantTests';
import { codeActions, fixAllActionSteps, FIX_ALL_KIND, needsWorkspace, wantsFixAll, workspaceFixes } from './codeActions';
import { DiskIndex, fileKey, MANIFEST_GLOB, type Progress } from './diskIndex';
import { Documents, type EditorDocument } from './documents';
import { codeLensSteps, completion, documentSymbols, hover, isReachArgs, reachSteps } from './features';
import { FileQueues } from './fileQueues';
import { DIFF_COMMAND, GRAPH_EDGE_REQUEST, GRAPH_REQUEST, REACH_COMMAND, STATUS_NOTIFICATION, WORKSPACE_CHANGED_NOTIFICATION } from '../shared/commands';
import { graphEdgeAnswer, graphRequestAnswer } from './graphRequest';
import { changeReport } from './diffReport';
import { GitError } from '../node/git';
import { collectSoon, collectWhenIdle, scavengeWhenIdle } from '../node/memory';
import { ProjectConfig } from './projectConfig';
import { Publisher } from './publisher';
import { ServerSettings } from './settings';
import { ServerStatus } from './status';
import { URI } from 'vscode-uri';
import { isAbsolute, relative } from 'node:path';
import { ChartFinder } from '../node/charts';

const SERVER_NAME = 'netpol-lint';
export const SERVER_VERSION = '0.1.0';

/** How long the server must be idle after an update before it may clear the young generation. */
const SCAVENGE_IDLE_MS = 50;

/** Above this many characters an open (or full-text change) is a large analysis. */
const LARGE_TEXT = 1_000_000;

/** What the client said at `initialize` that later handlers need. */
interface ClientSupport {
  watchesFilesDynamically: boolean;
  reportsProgress: boolean;
  changesFolders: boolean;
  /** workspace/codeLens/refresh (the tests file's lenses change when a policy does). */
  refreshesCodeLenses: boolean;
  /** The first workspace folder on disk: where the config file is looked for. */
  firstFolder: string | undefined;
}

const errorText = (e: unknown) => (e instanceof Error ? (e.stack ?? e.message) : String(e));

export function startServer(connection: Connection): void {
  const log = (m: string) => connection.console.error(m);
  const warn = (m: string) => connection.console.warn(m);
  const status = new ServerStatus({
    info: (m) => connection.console.info(m),
    notify: (params) => void connection.sendNotification(STATUS_NOTIFICATION, params),
  });
  setInternalErrorHandler((what, error) => log(`netpol-lint: ${what} failed: ${errorText(error)}`));

  const documents = new Documents();
  const settings = new ServerSettings(() => connection.workspace.getConfiguration('netpolLint'), warn);
  const charts = new ChartFinder();
  let client: ClientSupport = {
    watchesFilesDynamically: false,
    reportsProgress: false,
    changesFolders: false,
    refreshesCodeLenses: false,
    firstFolder: undefined,
  };
  // a template under a chart's templates/ is never parsed (no YAML errors in the editor either);
  // the chart is named relative to the first workspace folder
  const workspace = new Workspace(settings.config, (key) => {
    const uri = URI.parse(key);
    const chart = uri.scheme === 'file' ? charts.chartOf(uri.fsPath) : undefined;
    if (chart === undefined) return undefined;
    const rel = client.firstFolder ? relative(client.firstFolder, chart) : chart;
    return rel === '' ? '.' : rel.startsWith('..') || isAbsolute(rel) ? chart : rel;
  });
  const project = new ProjectConfig(warn);
  const publisher: Publisher = new Publisher({
    documents,
    workspace,
    project,
    maxProblemsPerFile: () => settings.maxProblemsPerFile,
    extra: (key) => tests.part(key),
    send: (params) => void connection.sendDiagnostics(params),
  });
  // the tests file's answers: after the workspace's updates pause, so an edit's own diagnostics go first
  const tests: TenantTests = new TenantTests({
    workspace,
    project,
    held: () => publisher.isHeld() || status.isIndexing, // (while indexing, each file would start a run over a partial workspace)
    republish: (keys) => publisher.publishEach(keys),
    lensesChanged: () => void (client.refreshesCodeLenses && connection.sendRequest(CodeLensRefreshRequest.type).catch(() => undefined)),
    log,
  });
  const queues = new FileQueues((key, e) => {
    workspace.remove(key); // its state may be half-updated: start afresh next time
    log(`netpol-lint: analysis of ${key} failed: ${errorText(e)}`);
  });
  /** The exclude globs the disk index skips now: `netpolLint.exclude` and the config file's `exclude`. */
  let excluding = '';
  const excludes = () => (excluding === '' ? [] : excluding.split('\n'));
  /** Set once the first index started: later exclude changes index again. */
  let indexing = false;

  /**
   * Settings or the config file changed: recompute the configuration, re-lint the open files, and
   * say so (`why`: what changed, undefined at start; `edited`: in the config file's editor).
   */
  const reconfigure = (why?: string, edited = false) => {
    const config = settings.configure(project.layer);
    workspace.setConfig(config);
    publisher.publishAll();
    tests.schedule();
    const exclude = [...settings.exclude, ...(project.layer?.exclude ?? [])];
    if (exclude.join('\n') !== excluding) {
      excluding = exclude.join('\n');
      disk.setExclude(exclude);
      if (indexing) void reindex();
    }
    status.configured(config, project.key ? URI.parse(project.key).fsPath : null, why, edited);
  };
  const relocateConfig = async (why: string) => {
    if (await project.locate(client.firstFolder, (key) => publisher.openText(key))) reconfigure(why);
    else if (project.key && publisher.isOpen(project.key)) publisher.publish(project.key);
  };

  /** Tells the client the manifests changed (the graph view refreshes, debounced on its side). */
  const changed = () => void connection.sendNotification(WORKSPACE_CHANGED_NOTIFICATION);

  const validate = (doc: EditorDocument, edit?: TextChange): void => {
    const { uri } = doc;
    const key = fileKey(uri);
    const text = doc.getText();
    const version = doc.version;
    void queues.enqueue(key, async () => {
      if (documents.get(uri) !== doc) return; // closed (or reopened) before its turn
      const affected = workspace.update(key, text, edit);
      publisher.analysed(key, doc, version);
      // a large file leaves garbage behind (the parser's, each publish's): collect it once the
      // server has been idle for a second (each update restarts the wait, so typing is never paused)
      if (text.length > LARGE_TEXT) collectWhenIdle();
      if (documents.get(uri) !== doc) return; // closed meanwhile
      if (key === project.key && project.read(text)) reconfigure('.netpol-lint.yaml edited', true);
      publisher.publishEdited(key, affected);
      tests.schedule();
      changed();
      scavengeWhenIdle(SCAVENGE_IDLE_MS);
    });
  };

  const disk = new DiskIndex({
    isOpen: (key) => publisher.isOpen(key),
    apply: (key, text) =>
      queues.enqueue(key, async () => {
        if (publisher.isOpen(key)) return; // opened meanwhile: the editor's text wins
        // a large file is analysed in slices, so the open documents never wait long for the index
        publisher.publishAffected(text === undefined ? workspace.remove(key) : await workspace.updateInBackground(key, text, nextTurn));
        tests.schedule();
        changed();
      }),
    maxFileBytes: () => settings.config.limits.maxFileBytes,
    log,
  });

  const reindex = async () => {
    const started = Date.now();
    let work: Progress | undefined;
    if (client.reportsProgress) {
      const p = await connection.window.createWorkDoneProgress();
      p.begin('NetworkPolicy Lint: indexing the workspace', 0, undefined, false);
      work = {
        report: (done, total) => p.report(Math.floor((100 * done) / Math.max(1, total)), `${done}/${total} YAML and JSON files`),
        done: () => p.done(),
      };
    }
    const progress: Progress = {
      report: (done, total) => {
        work?.report(done, total);
        status.indexing(done, total);
      },
      done: () => work?.done(),
    };
    const files = await disk.indexAll(progress);
    status.indexed(files, Date.now() - started);
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    disk.setFolders(folders);
    client = {
      watchesFilesDynamically: caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true,
      reportsProgress: caps.window?.workDoneProgress === true,
      changesFolders: caps.workspace?.workspaceFolders === true,
      refreshesCodeLenses: caps.workspace?.codeLens?.refreshSupport === true,
      firstFolder: folders.map((f) => URI.parse(f)).find((u) => u.scheme === 'file')?.fsPath,
    };
    if (settings.initialize(params)) workspace.setConfig(settings.config);
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'NetworkPolicies' },
        // ':' opens the values of a key; never ' ' or '-', which a person types in the middle of a
        // line (an open list turns the Enter that ends it into accepting an item)
        completionProvider: { triggerCharacters: [':'], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [REACH_COMMAND, DIFF_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(async () => {
    status.started(SERVER_VERSION);
    if (client.watchesFilesDynamically)
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: MANIFEST_GLOB }] }).catch(() => undefined);
    if (client.changesFolders) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const now = new Set(disk.foldersList());
        for (const f of e.removed) now.delete(fileKey(f.uri));
        for (const f of e.added) now.add(fileKey(f.uri));
        disk.setFolders([...now]);
        // the config file is the first folder's: a removed folder's is no longer in force
        const first = [...now].map((f) => URI.parse(f)).find((u) => u.scheme === 'file')?.fsPath;
        if (first !== client.firstFolder) {
          client.firstFolder = first;
          void relocateConfig('the workspace folders changed');
        }
        void reindex();
      });
    }
    if (settings.pullsConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLint' }).catch(() => undefined);
      await settings.load();
    }
    await project.locate(client.firstFolder, (key) => publisher.openText(key)).catch(() => false);
    reconfigure();
    indexing = true;
    void reindex();
  });

  connection.onDidChangeConfiguration(async (change) => {
    await settings.changed(change.settings);
    reconfigure('editor settings changed'); // and indexes again when the exclude globs changed
  });

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) {
      void disk.refresh(c.uri);
      if (ProjectConfig.isConfigUri(c.uri)) void relocateConfig('.netpol-lint.yaml changed on disk');
    }
  });

  documents.listen(
    connection,
    ({ document, edit }) => {
      publisher.opened(fileKey(document.uri), document.uri);
      validate(document, edit);
    },
    (uri, length) => {
      const key = fileKey(uri);
      publisher.closed(key, uri);
      if (key === project.key) void relocateConfig('.netpol-lint.yaml closed, the saved file is in force'); // back to the saved config
      // the workspace goes back to what is on disk (or forgets a file that is not there);
      // both go through the file's queue (the disk index's updates do), after its pending edits
      const closed = disk.coversUri(uri)
        ? disk.refresh(uri)
        : queues.enqueue(key, async () => {
            if (!publisher.isOpen(key)) publisher.publishAffected(workspace.remove(key));
            tests.schedule();
          });
      // what a large file held is garbage now: give it back before the user types elsewhere
      if (length > LARGE_TEXT) void closed.then(collectSoon);
    },
    warn,
  );

  connection.onCodeAction(async (params, token) => {
    const doc = documents.get(params.textDocument.uri);
    let extra: Map<Diagnostic, CodeAction[]> | undefined;
    if (doc && needsWorkspace(params, doc)) {
      const version = doc.version;
      // in the file's queue, after its pending edits: the workspace then holds the document's text
      // (unless it was edited since the request: then the diagnostics asked about are stale)
      await queues.enqueue(fileKey(doc.uri), async () => {
        if (documents.get(doc.uri) === doc && doc.version === version) extra = workspaceFixes(workspace, fileKey(doc.uri), params, doc);
      });
    }
    const actions = codeActions(params, doc, extra);
    if (doc && wantsFixAll(params.context.only)) {
      const key = fileKey(doc.uri);
      const version = doc.version;
      let action: CodeAction | undefined;
      let failure: unknown;
      // in the file's queue: the workspace holds the fixed text for a while, then the original
      // again; in slices, so that other requests are answered meanwhile; the other files'
      // publishes wait for it (they would see the fixed text of this one)
      await queues.enqueue(key, async () => {
        if (documents.get(doc.uri) !== doc || doc.version !== version) return; // stale request
        const release = publisher.hold();
        try {
          action = await sliced(fixAllActionSteps(workspace, key, doc), token);
        } catch (e) {
          // a cancellation is the request's answer; anything else is the file's failure (the queue
          // logs it and drops the file's state, which may be half-updated)
          if (e instanceof ResponseError && e.code === LSPErrorCodes.RequestCancelled) failure = e;
          else throw e;
        } finally {
          release();
        }
      });
      if (failure) throw failure;
      if (documents.get(doc.uri) !== doc || doc.version !== version) return actions; // edited meanwhile: the fix would not fit
      if (action) actions.push(action);
    }
    return actions;
  });

  const current = async (uri: string) => {
    const doc = documents.get(uri);
    const key = fileKey(uri);
    await queues.settled(key);
    return { doc, key };
  };

  connection.onHover(async ({ textDocument, position }) => {
    const { doc, key } = await current(textDocument.uri);
    if (!doc || !workspace.has(key)) return null;
    return hover(workspace, key, doc.offsetAt(position));
  });

  connection.onCompletion(async ({ textDocument, position }) => {
    const { doc, key } = await current(textDocument.uri);
    if (!doc || !workspace.has(key)) return [];
    return completion(workspace, key, doc.offsetAt(position));
  });

  connection.onDocumentSymbol(async ({ textDocument }) => {
    const { doc, key } = await current(textDocument.uri);
    if (!doc || !workspace.has(key)) return [];
    return documentSymbols(workspace, key);
  });

  connection.onCodeLens(async ({ textDocument }, token) => {
    const { doc, key } = await current(textDocument.uri);
    if (!doc || !workspace.has(key)) return [];
    await tests.settled(); // a tests file's lenses are those of its current text
    const snapshot = workspace.snapshot(key);
    const lenses = [...(await sliced(codeLensSteps(workspace, key), token)), ...tests.codeLenses(key)];
    // the file changed while they were computed: the client asks again
    if (workspace.snapshot(key) !== snapshot) throw new ResponseError(LSPErrorCodes.ContentModified, 'netpol-lint: the document changed');
    return lenses;
  });

  connection.onExecuteCommand(async ({ command, arguments: args }, token) => {
    const a = args?.[0];
    if (command === DIFF_COMMAND) {
      try {
        return changeReport(workspace, disk.foldersList(), excludes());
      } catch (e) {
        if (e instanceof GitError) throw new ResponseError(-32603, e.message);
        throw e;
      }
    }
    if (command !== REACH_COMMAND || !isReachArgs(a)) throw new ResponseError(-32602, `unknown command or arguments: ${command}`);
    const { doc, key } = await current(a.uri);
    if (!workspace.has(key)) throw new ResponseError(-32602, 'netpol-lint does not know this file: open a YAML file of the workspace.');
    const offset = doc && a.position ? doc.offsetAt(a.position) : 0;
    return sliced(reachSteps(workspace, key, offset, a.direction), token);
  });

  // the graph view: after the pending updates, so that it shows what the open files hold
  connection.onRequest(GRAPH_REQUEST, (params: unknown) =>
    queues.allSettled().then(() => graphRequestAnswer(workspace, params, disk.foldersList(), excludes())),
  );
  connection.onRequest(GRAPH_EDGE_REQUEST, (args: unknown) => queues.allSettled().then(() => graphEdgeAnswer(workspace, args)));

  connection.listen();
}
