/**
 * Publishing diagnostics: the file an edit changed at once, the other open files the edit affects
 * (the files of the namespaces it touched) once typing pauses, so their diagnostics do not race
 * every keystroke; and a file only when what it would be sent differs from what it was sent last
 * (the same URI, version and diagnostic JSON is not sent again). So closing N files sends N empty
 * publishes and at most a few rounds for the files left open, not N²/2, and a keystroke pause
 * republishes only the other files whose findings did change.
 *
 * Push, not pull. LSP 3.17's pull diagnostics (`textDocument/diagnostic`, with
 * `interFileDependencies: true` because a file's namespace rules see the other files) were weighed
 * against what the server needs, and not adopted:
 * - The server knows which open files an edit affects (`Workspace.update` returns them) and pushes
 *   exactly those. A pull client cannot know them: our VS Code client (vscode-languageclient 11, on
 *   VS Code 1.100), after each change it pulls for, re-pulls every other document open in a tab, one
 *   request at a time in the background, and `workspace/diagnostic/refresh` re-pulls them all. The
 *   server would answer most of them "unchanged": a round trip per open file instead of a publish
 *   per affected file.
 * - Every client supports push (Neovim, Helix, Emacs, …); pull is optional, so the server would need
 *   both paths, with the same ordering and limits.
 * - The stdio encoder (publishEncoder.ts) writes publishDiagnostics notifications from kept bytes;
 *   pull answers are responses and would be serialised again each time.
 * Pull would pay off for diagnostics of files that are not open (`workspace/diagnostic`), which the
 * server does not report.
 */
import type { PublishDiagnosticsParams } from 'vscode-languageserver';
import type { Workspace } from '../core/index';
import { Converter, samePublication, type Publication, type PublicationPart } from './convert';
import type { Documents, EditorDocument } from './documents';
import type { ProjectConfig } from './projectConfig';

/** How long typing (or a burst of closes, file events, indexing) must pause before the other open files it affects are published again. */
const AFFECTED_DELAY_MS = 150;
/** ...but they wait at most this long after the first such change (a long indexing run still shows its effect). */
const AFFECTED_MAX_WAIT_MS = 1000;

interface PublisherHost {
  documents: Documents;
  workspace: Workspace;
  /** The config file, whose own problems are published with its findings. */
  project: ProjectConfig;
  maxProblemsPerFile(): number;
  /** More findings of the file from outside its own analysis (the tests file's answers, see tenantTests.ts). */
  extra?(key: string): PublicationPart | undefined;
  send(params: PublishDiagnosticsParams): void;
}

/** The open files and their diagnostics: one per server. */
export class Publisher {
  /** Open documents by workspace key (a normalised URI) -> the URI the client uses. */
  private readonly open = new Map<string, string>();
  /** What each open file was sent last (a publish that would send the same is left out). */
  private readonly sent = new Map<string, Publication>();
  private readonly converter = new Converter();
  /** Open files to publish again once changes pause, the timer waiting for the pause, and when the first of them was asked. */
  private readonly later = new Set<string>();
  private laterTimer: ReturnType<typeof setTimeout> | undefined;
  private laterSince = 0;
  /** While above 0, publishes wait (see hold). */
  private held = 0;
  /**
   * Per open file, the document and version whose text the workspace holds: a publish says the
   * document's version, so it waits until the workspace has analysed that version (an edit still
   * queued behind other work would otherwise be published with the old text's findings and the
   * new version, and its fixes applied to the wrong text).
   */
  private readonly current = new Map<string, { doc: EditorDocument; version: number }>();

  constructor(private readonly host: PublisherHost) {}

  opened(key: string, uri: string): void {
    this.open.set(key, uri);
    this.sent.delete(key); // (re)opened: its first publish is always sent
    this.current.delete(key);
  }

  /** The workspace now holds the text of this version of the open document. */
  analysed(key: string, doc: EditorDocument, version: number): void {
    this.current.set(key, { doc, version });
  }

  /** The file was closed: its diagnostics are cleared. */
  closed(key: string, uri: string): void {
    this.open.delete(key);
    this.sent.delete(key);
    this.current.delete(key);
    this.later.delete(key);
    this.host.send({ uri, diagnostics: [] });
  }

  /** Are publishes held (see hold)? */
  isHeld(): boolean {
    return this.held > 0;
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** The editor's text of an open file. */
  openText(key: string): string | undefined {
    const uri = this.open.get(key);
    return uri ? this.host.documents.get(uri)?.getText() : undefined;
  }

  /**
   * Publishes the file's current findings (and the config file's own problems on it), if it is
   * open and they differ from what it was sent last; returns whether it sent.
   */
  publish(key: string): boolean {
    const { documents, workspace, project } = this.host;
    if (this.held > 0) {
      if (this.open.has(key)) this.later.add(key);
      return false;
    }
    const uri = this.open.get(key);
    const doc = uri ? documents.get(uri) : undefined;
    const analysed = this.current.get(key);
    if (!uri || !doc || analysed?.doc !== doc || analysed.version !== doc.version) return false; // its own publish follows
    const result = workspace.result(key);
    if (!result) return false;
    const parts: PublicationPart[] = [result];
    if (key === project.key) {
      const c = project.findings();
      parts.push({ placed: c.findings.map((f) => ({ finding: f, start: 0, line: 0, document: 0 })), lines: c.lines });
    }
    const extra = this.host.extra?.(key);
    if (extra) parts.push(extra);
    const publication = this.converter.publication(uri, doc.version, parts, this.host.maxProblemsPerFile(), doc.clientVersion !== undefined);
    const last = this.sent.get(key);
    if (last && samePublication(last, publication)) return false;
    this.sent.set(key, publication);
    this.host.send(publication);
    return true;
  }

  /**
   * Holds every publish until the returned function is called (then they go out once changes
   * pause): while fix all runs, the workspace holds the file's fixed text, which no other file's
   * diagnostics may be made from.
   */
  hold(): () => void {
    this.held++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.held--;
      if (this.held === 0) this.publishAffected([]);
    };
  }

  /** Those of these files that are open, now; each only if its diagnostics changed. */
  publishEach(keys: Iterable<string>): void {
    for (const key of keys) this.publish(key);
  }

  /** Every open file, now (the configuration changed); each only if its diagnostics changed. */
  publishAll(): void {
    for (const key of this.open.keys()) this.publish(key);
  }

  /** Those of these files that are open, once changes pause (each only if its diagnostics changed). */
  publishAffected(keys: Iterable<string>): void {
    for (const k of keys) if (this.open.has(k)) this.later.add(k);
    if (this.later.size === 0) return;
    const now = Date.now();
    if (this.laterTimer) clearTimeout(this.laterTimer);
    else this.laterSince = now;
    const wait = Math.max(0, Math.min(AFFECTED_DELAY_MS, this.laterSince + AFFECTED_MAX_WAIT_MS - now));
    this.laterTimer = setTimeout(() => {
      this.laterTimer = undefined;
      const keys = [...this.later];
      this.later.clear();
      for (const key of keys) this.publish(key);
    }, wait);
  }

  /**
   * An edit of the open file `key` was analysed: publishes it now (a republish of it still pending
   * is cancelled: this one is newer) and the other open files the edit affects once typing pauses
   * (each edit restarts the wait).
   */
  publishEdited(key: string, affected: Iterable<string>): void {
    this.later.delete(key);
    this.publish(key); // (held: it goes back among those waiting)
    this.publishAffected(affected);
  }
}
