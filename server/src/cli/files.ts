/**
 * Resolves command-line paths to the files to lint: folders walked for *.yaml/*.yml/*.json, `-` = stdin.
 *
 * What is read, precisely:
 * - A path given on the command line is read (or walked) whatever links lead to it, if it is a
 *   regular file or a folder; anything else (a FIFO, a device, a socket) is a usage error.
 * - In a folder walk, a symbolic link (to a file or a folder) is followed when its target's real
 *   path is inside one of the paths given (their real paths); a link that leads outside them is
 *   named on stderr and not followed. Nothing outside the paths given is opened.
 * - Only regular files are read: a FIFO, socket or device found in a walk is named on stderr and
 *   skipped (see ../node/safeFiles.ts). Each real file is read once: under its own path when the
 *   walk reaches it without links (links are followed after the folders' own files), else under
 *   the first link that reaches it (a link to a file in the tree does not lint it twice).
 * - An unreadable file or folder, or one that vanished since the walk, is a usage error (exit 2).
 */
import {
  type Dirent,
  type Stats,
  chmodSync,
  closeSync,
  constants,
  fchownSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  openSync,
  readdirSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { decode, describeError, insideAny, kindOf, RefusedError, readRegularFileSync } from '../node/safeFiles';

export interface InputFile {
  /** As given on the command line (relative stays relative); `-` for standard input. */
  path: string;
  text: string;
  /** Were its bytes UTF-8? (If not, `text` has U+FFFD in their place, and --fix refuses to write it.) */
  utf8: boolean;
}

/** A file the walk found, before it is read: its path as printed, and its real path. */
export interface ListedFile {
  path: string;
  real: string;
}

export class UsageError extends Error {}

const SKIP = new Set(['node_modules', '.git']);
/** JSON is YAML: `kubectl get -o json` output goes through the same pipeline. */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

type Warn = (line: string) => void;

class Walker {
  readonly out: (ListedFile | '-')[] = [];
  private readonly seenFiles = new Set<string>();
  private readonly seenDirs = new Set<string>();
  /** Links found by the walk, followed once the folders' own files are listed (so a file is listed under its own path before a link's). */
  private readonly links: { path: string; name: string }[] = [];

  constructor(
    private readonly roots: readonly string[],
    private readonly warn: Warn,
  ) {}

  file(p: string, real: string): void {
    if (this.seenFiles.has(real)) return;
    this.seenFiles.add(real);
    this.out.push({ path: p, real });
  }

  dir(dir: string, real: string): void {
    if (this.seenDirs.has(real)) return; // a link back up the tree, or a folder reached twice
    this.seenDirs.add(real);
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch (e) {
      throw new UsageError(`cannot read the folder '${dir}': ${describeError(e)}`);
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) {
        if (!SKIP.has(e.name)) this.dir(p, join(real, e.name));
      } else if (e.isSymbolicLink()) {
        this.links.push({ path: p, name: e.name });
      } else if (MANIFEST_FILE.test(e.name)) {
        // a regular file, or a FIFO, socket or device with a manifest's name: the read refuses those
        this.file(p, join(real, e.name));
      }
    }
  }

  /** Follows the links found (and those found through them). */
  drain(): void {
    for (let i = 0; i < this.links.length; i++) this.link(this.links[i].path, this.links[i].name);
  }

  private link(p: string, name: string): void {
    const manifest = MANIFEST_FILE.test(name);
    let target: Stats;
    let real: string;
    try {
      real = realpathSync(p);
      target = statSync(real);
    } catch (e) {
      if (manifest) this.warn(`skipping '${p}': a symbolic link to nothing (${describeError(e)})`);
      return;
    }
    const isDir = target.isDirectory();
    if (!manifest && (!isDir || SKIP.has(name))) return; // not something the walk reads
    if (!insideAny(real, this.roots)) {
      this.warn(`skipping '${p}': a symbolic link to ${isDir ? 'a folder' : target.isFile() ? 'a file' : kindOf(target)} outside the paths given`);
      return;
    }
    if (isDir) this.dir(p, real);
    else this.file(p, real);
  }
}

/** The files the paths name, in order (`-` where standard input goes), deduplicated by real path. */
export function listFiles(paths: readonly string[], warn: Warn): (ListedFile | '-')[] {
  const operands: { path: string; real: string; isDir: boolean }[] = [];
  for (const p of paths) {
    if (p === '-') continue;
    try {
      const st = statSync(p);
      if (!st.isFile() && !st.isDirectory()) throw new RefusedError(`not a regular file or a folder (${kindOf(st)}; use '-' for standard input)`);
      operands.push({ path: p, real: realpathSync(p), isDir: st.isDirectory() });
    } catch (e) {
      throw new UsageError(`cannot read '${p}': ${describeError(e)}`);
    }
  }
  const walker = new Walker(
    operands.map((o) => o.real),
    warn,
  );
  let next = 0;
  for (const p of paths) {
    if (p === '-') {
      walker.out.push('-');
      continue;
    }
    const o = operands[next++];
    if (o.isDir) walker.dir(o.path, o.real);
    else walker.file(o.path, o.real);
  }
  walker.drain();
  return walker.out;
}

/** Reads what listFiles found: a file that is no longer a regular file is named on stderr and skipped. */
export function readFiles(listed: readonly (ListedFile | '-')[], readStdin: () => string, warn: Warn): InputFile[] {
  const files: InputFile[] = [];
  for (const f of listed) {
    if (f === '-') {
      files.push({ path: '-', text: readStdin(), utf8: true });
      continue;
    }
    try {
      files.push({ path: f.path, ...decode(readRegularFileSync(f.real)) });
    } catch (e) {
      if (e instanceof RefusedError) warn(`skipping '${f.path}': ${e.message}`);
      else throw new UsageError(`cannot read '${f.path}': ${describeError(e)}`);
    }
  }
  return files;
}

/**
 * The files of the paths, read. `skip` names the files not to read (the exclude globs), by the
 * path they are listed under: a folder's or one named on the command line alike.
 */
export function collectFiles(paths: readonly string[], readStdin: () => string, warn: Warn, skip: (file: string) => boolean = () => false): InputFile[] {
  return readFiles(
    listFiles(paths, warn).filter((f) => f === '-' || !skip(f.path)),
    readStdin,
    warn,
  );
}

/**
 * `--fix` writes a file: through a symbolic link to its target (the link stays a link), keeping the
 * target's owner, group, mode and hard links. Normally atomically (a temporary file in the target's
 * folder with the same owner and mode, then a rename); in place when the file has other hard links
 * (a rename would split them) or its owner cannot be given to the temporary file. Never a file
 * whose mode has no write permission, even as root (RefusedError), nor one that is not regular.
 */
export function writeFixed(file: string, text: string): void {
  let real: string;
  let st: Stats;
  try {
    real = realpathSync(file);
    st = statSync(real);
  } catch (e) {
    throw new UsageError(`cannot write '${file}': ${describeError(e)}`);
  }
  if (!st.isFile()) throw new RefusedError(`not a regular file (${kindOf(st)})`);
  // root may write anything: the mode says whether the file is meant to be written
  if ((st.mode & 0o222) === 0) throw new RefusedError('read-only (its mode has no write permission)');
  const uid = process.getuid?.();
  if (uid !== undefined && uid !== 0 && !writableBy(st, uid)) throw new RefusedError('permission denied (its mode does not let you write it)');
  const bytes = Buffer.from(text, 'utf8');
  try {
    if (st.nlink > 1 || !replaceAtomically(real, bytes, st)) writeInPlace(real, bytes, st);
  } catch (e) {
    if (e instanceof RefusedError) throw e;
    throw new UsageError(`cannot write '${file}': ${describeError(e)}`);
  }
}

function writableBy(st: Stats, uid: number): boolean {
  if (st.uid === uid) return (st.mode & 0o200) !== 0;
  const gids = process.getgroups?.() ?? [];
  if (st.gid === process.getgid?.() || gids.includes(st.gid)) return (st.mode & 0o020) !== 0;
  return (st.mode & 0o002) !== 0;
}

/** Temporary file + rename; false (nothing changed) when the temporary file cannot get the file's owner. */
function replaceAtomically(real: string, bytes: Buffer, st: Stats): boolean {
  const tmp = join(dirname(real), `.${basename(real)}.netpol-lint-${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL, 0o600);
  } catch {
    return false; // a folder we may not create in (the file itself is writable): in place
  }
  let renamed = false;
  try {
    if (process.getuid?.() !== st.uid || process.getgid?.() !== st.gid) {
      try {
        fchownSync(fd, st.uid, st.gid);
      } catch {
        return false; // not ours to give away: written in place instead, which keeps the owner
      }
    }
    writeAll(fd, bytes);
    fsyncSync(fd);
    chmodSync(tmp, st.mode & 0o7777); // after the chown, which clears set-id bits
    closeSync(fd);
    renameSync(tmp, real);
    renamed = true;
    return true;
  } finally {
    if (!renamed) {
      try {
        closeSync(fd);
      } catch {
        /* closed already */
      }
      try {
        unlinkSync(tmp);
      } catch {
        /* nothing to clean up */
      }
    }
  }
}

function writeInPlace(real: string, bytes: Buffer, st: Stats): void {
  const fd = openSync(real, constants.O_WRONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0));
  try {
    const now = fstatSync(fd);
    if (!now.isFile() || now.ino !== st.ino || now.dev !== st.dev) throw new RefusedError('it was replaced while being fixed');
    writeAll(fd, bytes);
    ftruncateSync(fd, bytes.length);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at, bytes.length - at, at);
}
