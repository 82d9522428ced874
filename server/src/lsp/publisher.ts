/**
 * Publishing diagnostics: the file an edit changed at once, the other open files the edit affects
 * (the files of the namespaces it touched) once typing pauses, so their diagnostics do not race
 * every keystroke.
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
import { Converter, type PublicationPart } from './convert';
import type { Documents } from './documents';
import type { ProjectConfig } from './projectConfig';

/** How long typing must pause before the other open files an edit affects are published again. */
const AFFECTED_DELAY_MS = 150;

interface PublisherHost {
  documents: Documents;
  workspace: Workspace;
  /** The config file, whose own problems are published with its findings. */
  project: ProjectConfig;
  maxProblemsPerFile(): number;
  send(params: PublishDiagnosticsParams): void;
}

/** The open files and their diagnostics: one per server. */
export class Publisher {
  /** Open documents by workspace key (a normalised URI) -> the URI the client uses. */
  private readonly open = new Map<string, string>();
  private readonly converter = new Converter();
  /** Open files to publish again once typing pauses, and the timer waiting for the pause. */
  private readonly later = new Set<string>();
  private laterTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: PublisherHost) {}

  opened(key: string, uri: string): void {
    this.open.set(key, uri);
  }

  /** The file was closed: its diagnostics are cleared. */
  closed(key: string, uri: string): void {
    this.open.delete(key);
    this.host.send({ uri, diagnostics: [] });
  }

  isOpen(key: string): boolean {
    return this.open.has(key);
  }

  /** The editor's text of an open file. */
  openText(key: string): string | undefined {
    const uri = this.open.get(key);
    return uri ? this.host.documents.get(uri)?.getText() : undefined;
  }

  /** Publishes the file's current findings (and the config file's own problems on it), if it is open. */
  publish(key: string): void {
    const { documents, workspace, project } = this.host;
    const uri = this.open.get(key);
    const doc = uri ? documents.get(uri) : undefined;
    const result = workspace.result(key);
    if (!uri || !doc || !result) return;
    const parts: PublicationPart[] = [result];
    if (key === project.key) {
      const c = project.findings();
      parts.push({ placed: c.findings.map((f) => ({ finding: f, start: 0, line: 0, document: 0 })), lines: c.lines });
    }
    this.host.send(this.converter.publication(uri, doc.version, parts, this.host.maxProblemsPerFile()));
  }

  publishAll(): void {
    for (const key of this.open.keys()) this.publish(key);
  }

  /** Publishes those of these files that are open, now. */
  publishAffected(keys: Iterable<string>): void {
    for (const key of keys) if (this.open.has(key)) this.publish(key);
  }

  /**
   * An edit of the open file `key` was analysed: publishes it now (a republish of it still pending
   * is cancelled: this one is newer) and the other open files the edit affects once typing pauses
   * (each edit restarts the wait).
   */
  publishEdited(key: string, affected: Iterable<string>): void {
    this.publish(key);
    this.later.delete(key);
    for (const k of affected) if (this.open.has(k)) this.later.add(k);
    if (this.later.size === 0) return;
    if (this.laterTimer) clearTimeout(this.laterTimer);
    this.laterTimer = setTimeout(() => {
      this.laterTimer = undefined;
      const keys = [...this.later];
      this.later.clear();
      this.publishAffected(keys);
    }, AFFECTED_DELAY_MS);
  }
}
