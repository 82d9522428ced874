/** A minimal LSP client over stdio for tests: spawns the built server and speaks JSON-RPC to it. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import { pathToFileURL } from 'node:url';
import { spawn, type ChildProcess } from 'node:child_process';
import * as rpc from 'vscode-jsonrpc/node';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams, TextEdit } from 'vscode-languageserver-protocol';
import { LineIndex } from '../../server/src/core/index';
import { STATUS_NOTIFICATION, type StatusParams } from '../../server/src/shared/commands';
import { git } from '../helpers';

export const SERVER = join(__dirname, '../../dist/server.js');

/** A temporary workspace folder holding these files (name -> text); remove it with rmSync when done. */
export function tempFolder(prefix: string, files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

/** A temporary folder holding these files, as the one commit of a new git repository (for comparisons with HEAD). */
export function committedFolder(prefix: string, files: Record<string, string>): string {
  const dir = tempFolder(prefix, files);
  git(dir, 'init', '-q');
  git(dir, 'add', '.');
  git(dir, 'commit', '-qm', 'base');
  return dir;
}

/** A server whose workspace folder is a temporary folder, for the tests of one describe block. */
export interface ServerInFolder {
  client: TestClient;
  dir: string;
  /** The URI of a file of the folder. */
  uri(name: string): string;
}

/**
 * Registers, in the calling describe block, the hooks that make the folder (`makeDir`), start a
 * server on it, and stop the server and remove the folder at the end.
 */
export function serverInFolder(makeDir: () => string): ServerInFolder {
  const s: ServerInFolder = {
    client: undefined as unknown as TestClient,
    dir: '',
    uri: (name) => pathToFileURL(join(s.dir, name)).href,
  };
  before(async () => {
    s.dir = makeDir();
    s.client = new TestClient();
    await s.client.initialize(true, pathToFileURL(s.dir).href);
  });
  after(async () => {
    try {
      await s.client.close();
    } finally {
      rmSync(s.dir, { recursive: true, force: true });
    }
  });
  return s;
}

export class TestClient {
  readonly proc: ChildProcess;
  readonly conn: rpc.MessageConnection;
  private latest = new Map<string, PublishDiagnosticsParams>();
  private waiters: (() => void)[] = [];
  private versions = new Map<string, number>();
  readonly texts = new Map<string, string>();
  /** Settings answered to workspace/configuration. */
  settings: unknown = {};
  /** Methods the server registered dynamically. */
  readonly registrations: string[] = [];
  /** Set when the server process has exited (how). */
  exited: string | undefined;
  /** Every publishDiagnostics received, in order. */
  readonly publishes: PublishDiagnosticsParams[] = [];
  /** Kinds of the work-done progress notifications received (begin, report, end). */
  readonly progress: string[] = [];
  /** The window/logMessage lines received (the output channel's lines), in order. */
  readonly logs: { type: number; message: string }[] = [];
  /** The netpolLint/status notifications received, in order. */
  readonly statuses: StatusParams[] = [];

  /** `prefix`: a command that runs the server, such as setpriv dropping to another user (see unprivilegedPrefix); `server`: another copy of the bundle (see readableCopy). */
  constructor(args: string[] = ['--stdio'], options: { nodeArgs?: string[]; env?: NodeJS.ProcessEnv; prefix?: string[]; server?: string } = {}) {
    const [command, ...before] = [...(options.prefix ?? []), process.execPath];
    this.proc = spawn(command, [...before, ...(options.nodeArgs ?? []), options.server ?? SERVER, ...args], {
      stdio: ['pipe', 'pipe', 'inherit'],
      env: { ...process.env, ...options.env },
    });
    this.conn = rpc.createMessageConnection(new rpc.StreamMessageReader(this.proc.stdout!), new rpc.StreamMessageWriter(this.proc.stdin!));
    this.conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.publishes.push(p);
      this.latest.set(p.uri, p);
      for (const w of this.waiters.splice(0)) w();
    });
    this.conn.onRequest('workspace/configuration', (p: { items: { section?: string }[] }) => p.items.map(() => this.settings));
    this.conn.onRequest('client/registerCapability', (p: { registrations: { method: string }[] }) => {
      for (const r of p.registrations) this.registrations.push(r.method);
      return null;
    });
    this.conn.onRequest('window/workDoneProgress/create', () => null);
    this.conn.onNotification('$/progress', (p: { value: { kind: string } }) => {
      this.progress.push(p.value.kind);
    });
    this.conn.onNotification('window/logMessage', (p: { type: number; message: string }) => {
      this.logs.push(p);
    });
    this.conn.onNotification(STATUS_NOTIFICATION, (p: StatusParams) => {
      this.statuses.push(p);
    });
    this.proc.on('exit', (code, signal) => {
      this.exited = `code ${code}, signal ${signal}`;
    });
    this.conn.listen();
  }

  /** `workspaceFolder`: one folder, or several (then the client also says it reports folder changes). */
  async initialize(pullConfiguration = true, workspaceFolder?: string | string[]) {
    const folders = workspaceFolder === undefined ? [] : Array.isArray(workspaceFolder) ? workspaceFolder : [workspaceFolder];
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: null,
      workspaceFolders: folders.length > 0 ? folders.map((uri, i) => ({ uri, name: `ws${i || ''}` })) : null,
      capabilities: {
        workspace: {
          ...(Array.isArray(workspaceFolder) ? { workspaceFolders: true } : {}),
          configuration: pullConfiguration,
          didChangeConfiguration: { dynamicRegistration: true },
          didChangeWatchedFiles: { dynamicRegistration: true },
        },
        window: { workDoneProgress: true },
      },
    });
    await this.conn.sendNotification('initialized', {});
    return result as { capabilities: Record<string, unknown>; serverInfo: { name: string } };
  }

  /** Waits until the latest diagnostics for `uri` satisfy `accept`; fails with what it saw. */
  async diagnostics(uri: string, accept: (d: Diagnostic[], p: PublishDiagnosticsParams) => boolean, what: string, ms = 5000): Promise<Diagnostic[]> {
    const deadline = Date.now() + ms;
    for (;;) {
      const p = this.latest.get(uri);
      if (p && accept(p.diagnostics, p)) return p.diagnostics;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; last diagnostics: ${JSON.stringify(p?.diagnostics.map((d) => [d.code, d.message]))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  open(uri: string, text: string) {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
  }

  /** Sends LSP edits as incremental changes (as editors do) and keeps our copy of the text. */
  change(uri: string, edits: TextEdit[]) {
    const version = (this.versions.get(uri) ?? 0) + 1;
    this.versions.set(uri, version);
    let text = this.texts.get(uri)!;
    // apply from the end so earlier ranges stay valid; the server applies them in order, so send them that way too
    const sorted = [...edits].sort((a, b) => b.range.start.line - a.range.start.line || b.range.start.character - a.range.start.character);
    for (const e of sorted) {
      const idx = new LineIndex(text);
      text = text.slice(0, idx.offsetAt(e.range.start)) + e.newText + text.slice(idx.offsetAt(e.range.end));
    }
    this.texts.set(uri, text);
    return this.conn.sendNotification('textDocument/didChange', {
      textDocument: { uri, version },
      contentChanges: sorted.map((e) => ({ range: e.range, text: e.newText })),
    });
  }

  /** Closes a document (the server forgets its text: the workspace goes back to what is on disk). */
  closeDocument(uri: string) {
    this.texts.delete(uri);
    this.versions.delete(uri);
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  /** Closes every document this client opened, so that one test's policies do not cover another's. */
  async closeAll() {
    for (const uri of [...this.texts.keys()]) await this.closeDocument(uri);
  }

  /** Waits until a log line matches `pattern` (the first one that does is returned); fails with the lines seen. */
  async logLine(pattern: RegExp, ms = 5000): Promise<string> {
    const deadline = Date.now() + ms;
    for (;;) {
      const hit = this.logs.find((l) => pattern.test(l.message));
      if (hit) return hit.message;
      if (Date.now() > deadline) throw new Error(`no log line matching ${pattern}; saw ${JSON.stringify(this.logs.map((l) => l.message))}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  /** Waits until the latest netpolLint/status satisfies `accept`; fails with the statuses seen. */
  async status(accept: (s: StatusParams) => boolean, what: string, ms = 5000): Promise<StatusParams> {
    const deadline = Date.now() + ms;
    for (;;) {
      const last = this.statuses.at(-1);
      if (last && accept(last)) return last;
      if (Date.now() > deadline) throw new Error(`timed out waiting for the status ${what}; saw ${JSON.stringify(this.statuses)}`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }

  version(uri: string): number {
    return this.versions.get(uri) ?? 0;
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics },
    }) as Promise<CodeAction[]>;
  }

  /**
   * Shuts the server down. A server that is gone or does not answer within 5 s fails the test
   * instead of leaving it waiting forever (a pending request outlives a closed stream).
   */
  async close() {
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (this.exited) throw new Error(`the server exited before the shutdown request (${this.exited})`);
      const gone = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the server did not answer shutdown within 5 s${this.exited ? ` (it exited: ${this.exited})` : ''}`)), 5000);
      });
      await Promise.race([this.conn.sendRequest('shutdown'), gone]);
      await this.conn.sendNotification('exit');
    } finally {
      clearTimeout(timer);
      this.conn.dispose();
      this.proc.stdin?.destroy();
      this.proc.kill();
    }
  }
}
