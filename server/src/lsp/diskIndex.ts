/**
 * The files of the workspace folders that no editor has open: found by walking the folders for
 * *.yaml/*.yml/*.json (skipping node_modules, .git and the `netpolLint.exclude` globs), read from disk,
 * and kept current from file-watch events. Reads nothing outside the workspace folders, follows no
 * symbolic links, and yields between files so the open documents' diagnostics never wait long.
 */
import { type Dirent, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { excludeMatcher, namesConnectivityKind } from '../core/index';

const SKIP_DIRS = new Set(['node_modules', '.git']);
/** JSON is YAML: `kubectl get -o json` output counts for reach and the workspace rules (editing JSON is not supported). */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/** The files the client is asked to watch: the same names. */
export const MANIFEST_GLOB = '**/*.{yaml,yml,json}';

interface DiskIndexHost {
  /** Is the file open in the editor (its unsaved text wins over the disk)? */
  isOpen(key: string): boolean;
  /** Sets a file's text in the workspace (through the file's queue), or removes it (text undefined). */
  apply(key: string, text: string | undefined): Promise<void>;
  maxFileBytes(): number;
  log(message: string): void;
}

export interface Progress {
  report(done: number, total: number): void;
  done(): void;
}

/** A normalised URI string: the workspace's key for a file. */
export function fileKey(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export class DiskIndex {
  private folders: string[] = [];
  private exclude: ((relative: string) => boolean) | undefined;
  /** Keys this index put into the workspace (so a stale one can be removed). */
  private readonly known = new Set<string>();

  constructor(private readonly host: DiskIndexHost) {}

  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((u) => {
      const parsed = URI.parse(u);
      return parsed.scheme === 'file' ? [path.resolve(parsed.fsPath)] : [];
    });
  }

  /** The folders as workspace keys (URIs). */
  foldersList(): string[] {
    return this.folders.map((f) => URI.file(f).toString());
  }

  /** Would a refresh read this URI from disk (a covered file: URI)? */
  coversUri(uri: string): boolean {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' && this.covers(path.resolve(parsed.fsPath));
  }

  setExclude(globs: readonly string[]): void {
    this.exclude = excludeMatcher(globs);
  }

  /** The folder holding an absolute path, if any (the only places we read). */
  private folderOf(file: string): string | undefined {
    return this.folders.find((f) => file === f || file.startsWith(f.endsWith(path.sep) ? f : f + path.sep));
  }

  /** Is this path one the index covers: a YAML or JSON file inside a folder, not skipped, not excluded? */
  covers(file: string): boolean {
    const folder = this.folderOf(file);
    if (!folder || !MANIFEST_FILE.test(file)) return false;
    const rel = path.relative(folder, file).split(path.sep);
    if (rel.some((part) => SKIP_DIRS.has(part))) return false;
    return !this.exclude?.(rel.join('/'));
  }

  private async walk(dir: string, out: string[]): Promise<void> {
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable: skip quietly (permissions, a folder deleted meanwhile)
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory() && !SKIP_DIRS.has(e.name)) await this.walk(p, out);
      else if (e.isFile() && this.covers(p)) out.push(p);
    }
  }

  /** Reads every covered file (again) and drops files that are gone or now excluded; returns how many it read. */
  async indexAll(progress?: Progress): Promise<number> {
    const files: string[] = [];
    for (const f of this.folders) await this.walk(f, files);
    const keys = new Set(files.map((f) => URI.file(f).toString()));
    for (const k of [...this.known]) {
      if (!keys.has(k)) {
        this.known.delete(k);
        if (!this.host.isOpen(k)) await this.host.apply(k, undefined);
      }
    }
    let done = 0;
    progress?.report(0, files.length);
    for (const f of files) {
      await this.load(f);
      progress?.report(++done, files.length);
      await new Promise((r) => setImmediate(r)); // let open documents' work in between
    }
    progress?.done();
    return files.length;
  }

  private async load(file: string): Promise<void> {
    const key = URI.file(file).toString();
    if (this.host.isOpen(key)) return;
    let text: string | undefined;
    try {
      const st = await fs.stat(file);
      text = await fs.readFile(file, 'utf8');
      // too large to analyse: kept (unparsed) only when it names a kind the connectivity answers
      // read, so that they can say it was not read; otherwise not worth holding
      if (st.size > this.host.maxFileBytes() && !namesConnectivityKind(text)) text = undefined;
    } catch {
      text = undefined;
    }
    if (text === undefined) this.known.delete(key);
    else this.known.add(key);
    await this.host.apply(key, text);
  }

  /** A file-watch event (or a document closed): read the file again, or drop it. */
  async refresh(uri: string): Promise<void> {
    const parsed = URI.parse(uri);
    if (parsed.scheme !== 'file') return;
    const file = path.resolve(parsed.fsPath);
    const key = URI.file(file).toString();
    if (this.host.isOpen(key)) return;
    if (this.covers(file)) await this.load(file);
    else if (this.known.delete(key)) await this.host.apply(key, undefined);
  }
}
