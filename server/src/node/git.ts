/**
 * Files as they are at a commit, read with `git ls-tree` and `git cat-file --batch` (nothing
 * checked out, nothing written): for `netpol-lint diff git:<ref>` and the editor's "What does my
 * change open?". Failures (no git, not a repository, no such commit) are a GitError with one line.
 */
import { spawnSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import { decode } from './safeFiles';

export class GitError extends Error {}

export interface GitFile {
  /** `<ref>:<path>`, the path relative to the working directory given. */
  path: string;
  /** The path relative to that directory, `/`-separated. */
  name: string;
  text: string;
  utf8: boolean;
}

function run(args: string[], cwd: string, input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === 'ENOENT' ? 'git:<ref> needs git, which is not installed (not on the PATH)' : `git failed: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const err = r.stderr.toString('utf8').trim();
    if (/not a git repository/i.test(err)) throw new GitError(`git:<ref> reads a commit of a git repository, and ${cwd} is not in one`);
    throw new GitError(`git ${args[0]} failed: ${err.split('\n')[0] || `exit status ${r.status}`}`);
  }
  return r.stdout;
}

const MANIFEST_FILE = /\.(?:ya?ml|json)$/i;

/**
 * The files of `paths` at commit `ref`, named `<ref>:<path>` (paths relative to the working
 * directory, as given): folders give their *.yaml/*.yml/*.json files (not under node_modules or
 * .git), a path naming a file gives it. A path the commit does not have gives nothing (it is new
 * since). Outside a git repository, or for a ref that names no commit, a usage error.
 */
export function gitFiles(ref: string, paths: readonly string[], cwd: string, skip: (file: string) => boolean = () => false): GitFile[] {
  run(['rev-parse', '--is-inside-work-tree'], cwd);
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd });
  if (commit.status !== 0) throw new GitError(`git:${ref} names no commit of this repository`);
  const oid = commit.stdout.toString('utf8').trim();
  const given = new Set(paths.map((p) => relative(cwd, resolve(cwd, p)).split(sep).join('/')));
  const names = run(['ls-tree', '-r', '-z', '--name-only', oid, '--', ...paths], cwd)
    .toString('utf8')
    .split('\0')
    .filter((n) => n !== '')
    .filter((n) => given.has(n) || (MANIFEST_FILE.test(n) && !n.split('/').some((s) => s === 'node_modules' || s === '.git')))
    .filter((n) => !n.includes('\n') && !skip(n));
  if (names.length === 0) return [];
  const out = run(['cat-file', '--batch'], cwd, names.map((n) => `${oid}:${n.startsWith('../') ? n : `./${n}`}\n`).join(''));
  const files: GitFile[] = [];
  let at = 0;
  for (const name of names) {
    const eol = out.indexOf(0x0a, at);
    const header = out.subarray(at, eol).toString('utf8');
    at = eol + 1;
    const m = /^\S+ (\S+) (\d+)$/.exec(header);
    if (!m) continue; // "missing": not a file at that commit
    const size = Number(m[2]);
    const bytes = out.subarray(at, at + size);
    at += size + 1;
    if (m[1] !== 'blob') continue;
    const { text, utf8 } = decode(Buffer.from(bytes));
    files.push({ path: `${ref}:${name}`, name, text, utf8 });
  }
  return files;
}
