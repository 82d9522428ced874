/**
 * The language server: a thin adapter from LSP to the analysis core. One Workspace holds the open
 * documents (their unsaved text) and the YAML files of the workspace folders (from disk, kept
 * current by file watching); an edit re-analyses only the YAML documents whose text changed, and
 * republishes the other open files whose namespace rules it affects.
 */
import {
  CodeActionKind,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ResponseError,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type InitializeResult,
} from 'vscode-languageserver';
import { defaultConfig, setInternalErrorHandler, Workspace, type Edit, type LintConfig } from '../core/index';
import { codeActions, fixAllAction, FIX_ALL_KIND, wantsFixAll } from './codeActions';
import { Converter, type PublicationPart } from './convert';
import { DiskIndex, fileKey, type Progress } from './diskIndex';
import { Documents, type EditorDocument } from './documents';
import { codeLenses, completion, documentSymbols, hover, isReachArgs, reach } from './features';
import { REACH_COMMAND } from '../shared/commands';
import { collectSoon, collectWhenIdle, scavengeWhenIdle } from '../node/memory';
import { ProjectConfig } from './projectConfig';
import { configOf, readEditorSettings, readSettings, type EditorSettings } from './settings';
import { URI } from 'vscode-uri';

export const SERVER_NAME = 'netpol-lint';
/** Lets the open documents' requests in between the slices of a background analysis. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** How long typing must pause before the other open files an edit affects are published again. */
const AFFECTED_DELAY_MS = 150;

/** How long the server must be idle after an update before it may clear the young generation. */
const SCAVENGE_IDLE_MS = 50;

/** Above this many characters an open (or full-text change) is a large analysis. */
const LARGE_TEXT = 1_000_000;
export const SERVER_VERSION = '0.1.0';

export function startServer(connection: Connection): void {
  const documents = new Documents();
  let config: LintConfig = defaultConfig();
  const workspace = new Workspace(config);
  /** Open documents by workspace key (a normalised URI) -> the URI the client uses. */
  const openByKey = new Map<string, string>();
  let pullConfiguration = false;
  let watchDynamically = false;
  let progressSupported = false;
  let foldersChange = false;
  let exclude: string[] = [];
  let editor: EditorSettings = readEditorSettings({}, () => undefined);
  let firstFolder: string | undefined;
  const log = (m: string) => connection.console.error(m);
  const project = new ProjectConfig((m) => connection.console.warn(m));
  const converter = new Converter();
  setInternalErrorHandler((what, error) => log(`netpol-lint: ${what} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));

  const publish = (key: string) => {
    const uri = openByKey.get(key);
    const doc = uri ? documents.get(uri) : undefined;
    const result = workspace.result(key);
    if (!uri || !doc || !result) return;
    const parts: PublicationPart[] = [result];
    if (key === project.key) {
      const c = project.findings();
      parts.push({ placed: c.findings.map((f) => ({ finding: f, start: 0, line: 0, document: 0 })), lines: c.lines });
    }
    void connection.sendDiagnostics(converter.publication(uri, doc.version, parts, editor.maxProblemsPerFile));
  };
  const publishAll = () => {
    for (const key of openByKey.keys()) publish(key);
  };

  /** Settings or the config file changed: recompute the configuration and re-lint the open files. */
  const reconfigure = () => {
    config = configOf(editor, project.layer);
    workspace.setConfig(config);
    publishAll();
  };
  const openText = (key: string) => {
    const uri = openByKey.get(key);
    return uri ? documents.get(uri)?.getText() : undefined;
  };
  const relocateConfig = async () => {
    if (await project.locate(firstFolder, openText)) reconfigure();
    else if (project.key && openByKey.has(project.key)) publish(project.key);
  };
  const publishAffected = (affected: Iterable<string>) => {
    for (const key of affected) if (openByKey.has(key)) publish(key);
  };
  // while the user types, the file being edited is published at once and the other open files it
  // affects (its namespace's) once typing pauses: their diagnostics do not race every keystroke
  const later = new Set<string>();
  let laterTimer: ReturnType<typeof setTimeout> | undefined;
  const publishAffectedSoon = (affected: Iterable<string>) => {
    for (const key of affected) if (openByKey.has(key)) later.add(key);
    if (later.size === 0) return;
    if (laterTimer) clearTimeout(laterTimer);
    laterTimer = setTimeout(() => {
      laterTimer = undefined;
      const keys = [...later];
      later.clear();
      publishAffected(keys);
    }, AFFECTED_DELAY_MS);
  };

  // one queue per file: updates run in order (each edit hint is relative to the text analysed
  // before it), and a file of the index analysed in slices is not overtaken by an older update
  const queues = new Map<string, Promise<void>>();
  const enqueue = (key: string, work: () => Promise<void>): Promise<void> => {
    const next = (queues.get(key) ?? Promise.resolve()).then(work).catch((e) => {
      workspace.remove(key); // its state may be half-updated: start afresh next time
      log(`netpol-lint: analysis of ${key} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    });
    queues.set(key, next);
    void next.then(() => {
      if (queues.get(key) === next) queues.delete(key);
    });
    return next;
  };
  /** Resolves once every queued update of the file has run (requests answer on current text). */
  const settled = (key: string) => queues.get(key) ?? Promise.resolve();

  const validate = (doc: EditorDocument, edit?: Edit): void => {
    const { uri } = doc;
    const key = fileKey(uri);
    const text = doc.getText();
    void enqueue(key, async () => {
      if (!documents.get(uri)) return; // closed before its turn
      const affected = workspace.update(key, text, edit);
      // a large file leaves garbage behind (the parser's, each publish's): collect it once the
      // server has been idle for a second (each update restarts the wait, so typing is never paused)
      if (text.length > LARGE_TEXT) collectWhenIdle();
      if (!documents.get(uri)) return; // closed meanwhile
      if (key === project.key && project.read(text)) reconfigure();
      publish(key);
      later.delete(key);
      publishAffectedSoon(affected);
      scavengeWhenIdle(SCAVENGE_IDLE_MS);
    });
  };

  const disk = new DiskIndex({
    isOpen: (key) => openByKey.has(key),
    apply: (key, text) =>
      enqueue(key, async () => {
        if (openByKey.has(key)) return; // opened meanwhile: the editor's text wins
        // a large file is analysed in slices, so the open documents never wait long for the index
        publishAffected(text === undefined ? workspace.remove(key) : await workspace.updateInBackground(key, text, nextTurn));
      }),
    maxFileBytes: () => config.limits.maxFileBytes,
    log,
  });

  const reindex = async () => {
    let progress: Progress | undefined;
    if (progressSupported) {
      const p = await connection.window.createWorkDoneProgress();
      p.begin('netpol-lint: indexing the workspace', 0, undefined, false);
      progress = { report: (done, total) => p.report(Math.floor((100 * done) / Math.max(1, total)), `${done}/${total} YAML files`), done: () => p.done() };
    }
    await disk.indexAll(progress);
  };

  const warn = (m: string) => connection.console.warn(m);
  const applySettings = (raw: unknown) => {
    const read = readSettings(raw, warn);
    editor = read.editor;
    reconfigure();
    const nextExclude = read.exclude;
    if (nextExclude.join('\n') !== exclude.join('\n')) {
      exclude = nextExclude;
      disk.setExclude(exclude);
      void reindex();
    }
  };

  connection.onInitialize((params): InitializeResult => {
    const caps = params.capabilities;
    pullConfiguration = caps.workspace?.configuration === true;
    watchDynamically = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    progressSupported = caps.window?.workDoneProgress === true;
    foldersChange = caps.workspace?.workspaceFolders === true;
    const folders = params.workspaceFolders?.map((f) => f.uri) ?? (params.rootUri ? [params.rootUri] : []);
    disk.setFolders(folders);
    const first = folders.map((f) => URI.parse(f)).find((u) => u.scheme === 'file');
    firstFolder = first?.fsPath;
    const init = params.initializationOptions as { settings?: unknown } | undefined;
    if (init?.settings) {
      ({ editor, exclude } = readSettings(init.settings, warn));
      workspace.setConfig((config = configOf(editor)));
      disk.setExclude(exclude);
    }
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND], resolveProvider: false },
        hoverProvider: true,
        documentSymbolProvider: { label: 'NetworkPolicies' },
        completionProvider: { triggerCharacters: [' ', ':', '-'], resolveProvider: false },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [REACH_COMMAND] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: SERVER_NAME, version: SERVER_VERSION },
    };
  });

  connection.onInitialized(async () => {
    if (watchDynamically)
      void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] }).catch(() => undefined);
    if (foldersChange) {
      connection.workspace.onDidChangeWorkspaceFolders((e) => {
        const now = new Set(disk.foldersList());
        for (const f of e.removed) now.delete(fileKey(f.uri));
        for (const f of e.added) now.add(fileKey(f.uri));
        disk.setFolders([...now]);
        void reindex();
      });
    }
    if (pullConfiguration) {
      void connection.client.register(DidChangeConfigurationNotification.type, { section: 'netpolLint' }).catch(() => undefined);
      try {
        const raw = await connection.workspace.getConfiguration('netpolLint');
        ({ editor, exclude } = readSettings(raw, warn));
        disk.setExclude(exclude);
      } catch {
        /* the client may not answer configuration requests; keep the defaults */
      }
    }
    await project.locate(firstFolder, openText).catch(() => false);
    reconfigure();
    void reindex();
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

  connection.onDidChangeWatchedFiles(({ changes }) => {
    for (const c of changes) {
      void disk.refresh(c.uri);
      if (ProjectConfig.isConfigUri(c.uri)) void relocateConfig();
    }
  });

  documents.listen(
    connection,
    ({ document, edit }) => {
      openByKey.set(fileKey(document.uri), document.uri);
      validate(document, edit);
    },
    (uri, length) => {
      const key = fileKey(uri);
      openByKey.delete(key);
      void connection.sendDiagnostics({ uri, diagnostics: [] });
      if (key === project.key) void relocateConfig(); // back to the saved config
      // the workspace goes back to what is on disk (or forgets a file that is not there);
      // both go through the file's queue (the disk index's updates do), after its pending edits
      const closed = disk.coversUri(uri)
        ? disk.refresh(uri)
        : enqueue(key, async () => {
            if (!openByKey.has(key)) publishAffected(workspace.remove(key));
          });
      // what a large file held is garbage now: give it back before the user types elsewhere
      if (length > LARGE_TEXT) void closed.then(collectSoon);
    },
  );

  connection.onCodeAction(async (params) => {
    const doc = documents.get(params.textDocument.uri);
    const actions = codeActions(params, doc);
    if (doc && wantsFixAll(params.context.only)) {
      const key = fileKey(doc.uri);
      let action: CodeAction | undefined;
      // in the file's queue: the workspace briefly holds the fixed text, then the original again
      await enqueue(key, async () => {
        if (documents.get(doc.uri)?.version !== doc.version) return; // stale request
        action = fixAllAction(workspace, key, doc);
      });
      if (action) actions.push(action);
    }
    return actions;
  });

  const current = async (uri: string) => {
    const doc = documents.get(uri);
    const key = fileKey(uri);
    await settled(key);
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

  connection.onCodeLens(async ({ textDocument }) => {
    const { doc, key } = await current(textDocument.uri);
    if (!doc || !workspace.has(key)) return [];
    return codeLenses(workspace, key);
  });

  connection.onExecuteCommand(async ({ command, arguments: args }) => {
    const a = args?.[0];
    if (command !== REACH_COMMAND || !isReachArgs(a)) throw new ResponseError(-32602, `unknown command or arguments: ${command}`);
    const { doc, key } = await current(a.uri);
    if (!workspace.has(key)) throw new ResponseError(-32602, 'netpol-lint does not know this file: open a YAML file of the workspace.');
    const offset = doc && a.position ? doc.offsetAt(a.position) : 0;
    return reach(workspace, key, offset, a.direction);
  });

  connection.listen();
}
