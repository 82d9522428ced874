/**
 * The files of the workspace folders that no editor has open: found by walking the folders for
 * *.yaml/*.yml/*.json (skipping node_modules, .git and the `netpolLint.exclude` globs), read from disk,
 * and kept current from file-watch events. Yields between files so the open documents' diagnostics
 * never wait long.
 *
 * What is read: a path (from the walk, a file-watch event, or a document closed) only when its real
 * path (fs.realpath) is inside a workspace folder's real path — a symbolic link that stays inside
 * is followed (files and folders alike), one that leads outside is named in the log, once, and not
 * read. Only regular files are read (see ../node/safeFiles.ts); a FIFO, device or socket, or a file
 * that cannot be read, is named in the log, once. Each real file is indexed once: under its own
 * path when the walk reaches it without links (links are followed after the folders' own files),
 * else under the first link that reaches it.
 */
import { type Dirent, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { excludeMatcher, namesConnectivityKind } from '../core/index';
import { decode, describeError, insideAny, RefusedError, readRegularFile } from '../node/safeFiles';

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

interface Listed {
  file: string;
  real: string;
}

export class DiskIndex {
  private folders: string[] = [];
  /** The folders' real paths (a folder that does not exist has none): the roots nothing is read outside. */
  private roots: Promise<string[]> = Promise.resolve([]);
  private exclude: ((relative: string) => boolean) | undefined;
  /** Keys this index put into the workspace (so a stale one can be removed), with their real paths. */
  private readonly known = new Map<string, string>();
  /** Per real path, the key it is indexed under. */
  private readonly owner = new Map<string, string>();
  /** What the log last said about a path: each refusal is said once, until it changes. */
  private readonly said = new Map<string, string>();

  constructor(private readonly host: DiskIndexHost) {}

  setFolders(uris: readonly string[]): void {
    this.folders = uris.flatMap((u) => {
      const parsed = URI.parse(u);
      return parsed.scheme === 'file' ? [path.resolve(parsed.fsPath)] : [];
    });
    const folders = this.folders;
    this.roots = Promise.all(folders.map((f) => fs.realpath(f).catch(() => undefined))).then((r) => r.filter((x) => x !== undefined));
  }

  /** Logs a line about a path, unless it was the last thing said about it. */
  private note(file: string, message: string): void {
    if (this.said.get(file) === message) return;
    this.said.set(file, message);
    this.host.log(`netpol-lint: ${message}`);
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

  private async walk(dir: string, real: string, out: Listed[], seen: Set<string>, links: string[]): Promise<void> {
    if (seen.has(real)) return; // a link back up the tree, or a folder reached twice
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (e) {
      // deleted meanwhile: nothing to say; unreadable: its files are not indexed, say so once
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.note(dir, `not indexing the folder ${dir}: ${describeError(e)}`);
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) await this.walk(p, path.join(real, e.name), out, seen, links);
      } else if (e.isSymbolicLink()) {
        if (!SKIP_DIRS.has(e.name)) links.push(p);
      } else if (this.covers(p)) {
        // a regular file, or a FIFO, socket or device with a manifest's name: load refuses those
        out.push({ file: p, real: path.join(real, e.name) });
      }
    }
  }

  /** A link the walk found: followed when its real path is inside a folder (a folder walked, a file listed). */
  private async follow(p: string, roots: readonly string[], out: Listed[], seen: Set<string>, links: string[]): Promise<void> {
    let target: string;
    let isDir: boolean;
    try {
      target = await fs.realpath(p);
      isDir = (await fs.stat(target)).isDirectory();
    } catch (e) {
      // a link to nothing (or a loop of links): worth a line only where a manifest was meant
      if (this.covers(p)) this.note(p, `not reading ${p}: a symbolic link to nothing (${describeError(e)})`);
      return;
    }
    if (!isDir && !this.covers(p)) return;
    if (!insideAny(target, roots)) this.note(p, `not reading ${p}: a symbolic link to outside the workspace folders`);
    else if (isDir) await this.walk(p, target, out, seen, links);
    else out.push({ file: p, real: target });
  }

  /** Reads every covered file (again) and drops files that are gone or now excluded; returns how many it read. */
  async indexAll(progress?: Progress): Promise<number> {
    const roots = await this.roots;
    const listed: Listed[] = [];
    const seen = new Set<string>();
    const links: string[] = [];
    for (const f of this.folders) {
      const real = await fs.realpath(f).catch(() => undefined);
      if (real !== undefined) await this.walk(f, real, listed, seen, links);
    }
    // links after the folders' own files: a file is indexed under its own path rather than a link's
    for (let i = 0; i < links.length; i++) await this.follow(links[i], roots, listed, seen, links);
    const reals = new Set<string>();
    const files = listed.filter((l) => !reals.has(l.real) && reals.add(l.real));
    const keys = new Set(files.map((f) => URI.file(f.file).toString()));
    for (const k of [...this.known.keys()]) {
      if (!keys.has(k)) {
        this.forget(k);
        if (!this.host.isOpen(k)) await this.host.apply(k, undefined);
      }
    }
    // this walk decides which path a real file is indexed under
    this.owner.clear();
    for (const f of files) this.owner.set(f.real, URI.file(f.file).toString());
    let done = 0;
    progress?.report(0, files.length);
    for (const f of files) {
      await this.load(f.file, f.real);
      progress?.report(++done, files.length);
      await new Promise((r) => setImmediate(r)); // let open documents' work in between
    }
    progress?.done();
    return files.length;
  }

  private forget(key: string): void {
    const real = this.known.get(key);
    this.known.delete(key);
    if (real !== undefined && this.owner.get(real) === key) this.owner.delete(real);
  }

  /** The text to index for a file, or undefined (gone, refused, or another path's), with the reason logged once. */
  private async read(file: string, key: string, real: string | undefined): Promise<{ text: string; real: string; bytes: number } | undefined> {
    try {
      real ??= await fs.realpath(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') this.note(file, `not reading ${file}: ${describeError(e)}`);
      return undefined;
    }
    if (!insideAny(real, await this.roots)) {
      this.note(file, `not reading ${file}: a symbolic link to outside the workspace folders`);
      return undefined;
    }
    const other = this.owner.get(real);
    if (other !== undefined && other !== key && (this.known.has(other) || this.host.isOpen(other))) return undefined; // read under its other path
    try {
      const bytes = await readRegularFile(real);
      this.said.delete(file);
      return { text: decode(bytes).text, real, bytes: bytes.length };
    } catch (e) {
      if (e instanceof RefusedError || (e as NodeJS.ErrnoException).code !== 'ENOENT') this.note(file, `not reading ${file}: ${describeError(e)}`);
      return undefined;
    }
  }

  private async load(file: string, real?: string): Promise<void> {
    const key = URI.file(file).toString();
    if (this.host.isOpen(key)) return;
    const read = await this.read(file, key, real);
    let text: string | undefined = read?.text;
    // too large to analyse: kept (unparsed) only when it names a kind the connectivity answers
    // read, so that they can say it was not read; otherwise not worth holding
    if (read && read.bytes > this.host.maxFileBytes() && !namesConnectivityKind(read.text)) text = undefined;
    if (text === undefined || !read) this.forget(key);
    else {
      this.known.set(key, read.real);
      this.owner.set(read.real, key);
    }
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
    else if (this.known.has(key)) {
      this.forget(key);
      await this.host.apply(key, undefined);
    }
  }
}
