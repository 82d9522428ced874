/** Resolves command-line paths to the files to lint: folders walked for *.yaml/*.yml/*.json, `-` = stdin. */
import { chmodSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface InputFile {
  /** As given on the command line (relative stays relative); `-` for standard input. */
  path: string;
  text: string;
}

export class UsageError extends Error {}

const SKIP = new Set(['node_modules', '.git']);
/** JSON is YAML: `kubectl get -o json` output goes through the same pipeline. */
const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (!SKIP.has(e.name)) walk(p, out);
    } else if (e.isFile() && MANIFEST_FILE.test(e.name)) {
      out.push(p);
    }
  }
}

function describe(e: unknown): string {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EACCES') return 'permission denied';
  return e instanceof Error ? e.message : String(e);
}

/**
 * The files of the paths, in order: folders walked (sorted), then read. `skip` names the files not
 * to read (the exclude globs): a folder's or one named on the command line alike.
 */
export function collectFiles(paths: readonly string[], readStdin: () => string, skip: (file: string) => boolean = () => false): InputFile[] {
  const files: InputFile[] = [];
  for (const p of paths) {
    if (p === '-') {
      files.push({ path: '-', text: readStdin() });
      continue;
    }
    let isDir: boolean;
    try {
      isDir = statSync(p).isDirectory();
    } catch (e) {
      throw new UsageError(`cannot read '${p}': ${describe(e)}`);
    }
    const list: string[] = [];
    if (isDir) walk(p, list);
    else list.push(p);
    for (const f of list) {
      if (skip(f)) continue;
      try {
        files.push({ path: f, text: readFileSync(f, 'utf8') });
      } catch (e) {
        throw new UsageError(`cannot read '${f}': ${describe(e)}`);
      }
    }
  }
  return files;
}

/** Replaces a file's content atomically: a temporary file in the same folder, then a rename (keeping the mode). */
export function writeAtomically(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.netpol-lint-${process.pid}.tmp`);
  try {
    writeFileSync(tmp, text, { encoding: 'utf8', flag: 'wx' });
    try {
      chmodSync(tmp, statSync(path).mode & 0o7777);
    } catch {
      /* keep the default mode */
    }
    renameSync(tmp, path);
  } catch (e) {
    try {
      unlinkSync(tmp);
    } catch {
      /* nothing to clean up */
    }
    throw new UsageError(`cannot write '${path}': ${describe(e)}`);
  }
}
