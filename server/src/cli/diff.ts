/**
 * `netpol-lint diff <before> <after>`, or `netpol-lint diff <before…> -- <after…>`: what a change
 * opens and closes. Each side is its own workspace, read from its paths (folders walked as for
 * lint, `-` standard input), or `git:<ref>` alone: the other side's paths as they are at that
 * commit, read with `git ls-tree` and `git cat-file` (nothing checked out). Output per pair whose
 * connection set differs (core/connectivity/diff.ts), in text, JSON or Markdown (a table for a
 * pull-request comment), grouped: between namespaces first, then with addresses outside the
 * cluster, then within each namespace. Exit status: 0, or 1 for a change `--fail-on` names (or a
 * document either side could not read, unless --allow-unreadable), 2 usage error.
 */
import { spawnSync } from 'node:child_process';
import { relative, resolve, sep } from 'node:path';
import {
  type ConnectivityDiff,
  type DiffEndpoint,
  type LintConfig,
  type PairChange,
  type UnreadableDocument,
  Connectivity,
  diffConnectivity,
  endpointName,
  isEmptyDiff,
  Workspace,
} from '../core/index';
import { parseCommandLine, type Values } from './args';
import { unreadableJson } from './connectivity';
import { podEndpoint } from './endpoints';
import { collectFiles, type InputFile, UsageError } from './files';
import { printable } from '../core/text/printable';
import { decode } from '../node/safeFiles';

export interface DiffIo {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  readStdin: () => string;
  cwd: string;
}

/** One side as given: its paths, or a commit whose version of the other side's paths it is. */
export interface SideSpec {
  /** `git:<ref>` alone: the ref; else undefined. */
  ref?: string;
  paths: string[];
  /** As the output names the side: the paths, or `git:<ref>`. */
  label: string;
}

const GIT = /^git:(.*)$/s;
/** The options diff takes; any other is a usage error naming them. */
const DIFF_OPTIONS = new Set(['format', 'fail-on', 'config', 'kubernetes-version', 'exclude', 'allow-unreadable']);
/** Markdown rows at most (a pull-request comment holds 65,536 characters); the rest are counted. */
export const MARKDOWN_ROWS = 200;

/**
 * The command line of `diff`: the first `--` separates the before paths from the after paths (not
 * the end of the options: they may come on either side). `split`: how many positionals (`diff`
 * included) came before it; undefined without a `--`.
 */
export function parseDiffCommandLine(argv: readonly string[]): { values: Values; positionals: string[]; split?: number } {
  const k = argv.indexOf('--');
  if (k < 0) return parseCommandLine(argv);
  const head = parseCommandLine(argv.slice(0, k));
  const tail = parseCommandLine(argv.slice(k + 1));
  const values: Record<string, unknown> = { ...head.values };
  for (const [name, v] of Object.entries(tail.values)) values[name] = Array.isArray(v) ? [...((values[name] as string[] | undefined) ?? []), ...v] : v;
  return { values: values as Values, positionals: [...head.positionals, ...tail.positionals], split: head.positionals.length };
}

/** Splits the words after `diff` into the two sides (`split`: the place of the `--` between them; else exactly two words). */
export function diffSides(positionals: readonly string[], split: number | undefined): [SideSpec, SideSpec] {
  let before: string[];
  let after: string[];
  if (split !== undefined) {
    before = positionals.slice(0, split);
    after = positionals.slice(split);
  } else if (positionals.length === 2) [before, after] = [[positionals[0]], [positionals[1]]];
  else
    throw new UsageError(
      positionals.length < 2
        ? 'diff needs two sides: netpol-lint diff <before> <after>, or <before…> -- <after…> (see --help)'
        : 'diff: more than two paths: separate the before paths from the after paths with -- (netpol-lint diff a/ b/ -- c/ d/)',
    );
  if (before.length === 0 || after.length === 0)
    throw new UsageError(`diff: no ${before.length === 0 ? 'before' : 'after'} paths (netpol-lint diff <before…> -- <after…>)`);
  const spec = (words: string[], name: string): SideSpec => {
    const refs = words.filter((w) => GIT.test(w));
    if (refs.length === 0) return { paths: words, label: words.join(' ') };
    if (words.length > 1) throw new UsageError(`diff: git:<ref> stands alone for the ${name} side (the other side's paths at that commit), not among paths`);
    const ref = GIT.exec(words[0])![1];
    if (ref === '' || ref.startsWith('-')) throw new UsageError(`diff: '${words[0]}' names no commit (git:HEAD, git:main, git:origin/main, …)`);
    return { ref, paths: [], label: words[0] };
  };
  const b = spec(before, 'before');
  const a = spec(after, 'after');
  if (b.ref !== undefined && a.ref !== undefined)
    throw new UsageError('diff: both sides are git:<ref>, so no side names the paths: give them on one side (netpol-lint diff git:main -- deploy/)');
  if (b.ref !== undefined) b.paths = a.paths;
  if (a.ref !== undefined) a.paths = b.paths;
  if (b.ref === undefined && a.ref === undefined && b.paths.includes('-') && a.paths.includes('-'))
    throw new UsageError('diff: standard input (-) can be one side only');
  return [b, a];
}

function git(args: string[], cwd: string, input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30 });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? 'diff: git:<ref> needs git, which is not installed (not on the PATH)' : `diff: git failed: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const err = r.stderr.toString('utf8').trim();
    if (/not a git repository/i.test(err)) throw new UsageError(`diff: git:<ref> reads a commit of a git repository, and ${cwd} is not in one`);
    throw new UsageError(`diff: git ${args[0]} failed: ${err.split('\n')[0] || `exit status ${r.status}`}`);
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
export function gitFiles(ref: string, paths: readonly string[], cwd: string, skip: (file: string) => boolean): InputFile[] {
  if (paths.includes('-')) throw new UsageError(`diff: git:${ref} reads the other side's paths at a commit, and standard input (-) is not a path`);
  git(['rev-parse', '--is-inside-work-tree'], cwd);
  const commit = spawnSync('git', ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], { cwd });
  if (commit.status !== 0) throw new UsageError(`diff: git:${ref} names no commit of this repository`);
  const oid = commit.stdout.toString('utf8').trim();
  const given = new Set(paths.map((p) => relative(cwd, resolve(cwd, p)).split(sep).join('/')));
  const names = git(['ls-tree', '-r', '-z', '--name-only', oid, '--', ...paths], cwd)
    .toString('utf8')
    .split('\0')
    .filter((n) => n !== '')
    .filter((n) => given.has(n) || (MANIFEST_FILE.test(n) && !n.split('/').some((s) => s === 'node_modules' || s === '.git')))
    .filter((n) => !n.includes('\n') && !skip(n));
  if (names.length === 0) return [];
  const out = git(['cat-file', '--batch'], cwd, names.map((n) => `${oid}:${n.startsWith('../') ? n : `./${n}`}\n`).join(''));
  const files: InputFile[] = [];
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
    files.push({ path: `${ref}:${name}`, text, utf8 });
  }
  return files;
}

type Scope = 'cross-namespace' | 'external' | 'namespace';

function scopeOf(c: PairChange): Scope {
  if (c.from.kind !== 'pod' || c.to.kind !== 'pod') return 'external';
  return c.from.pod.namespace === c.to.pod.namespace ? 'namespace' : 'cross-namespace';
}

interface Group {
  title: string;
  markdownTitle: string;
  changes: PairChange[];
}

/** Between namespaces, then with addresses outside the cluster, then each namespace (sorted); each in the diff's order. */
function groups(d: ConnectivityDiff): Group[] {
  const cross: PairChange[] = [];
  const external: PairChange[] = [];
  const within = new Map<string, PairChange[]>();
  for (const c of d.changes) {
    const s = scopeOf(c);
    if (s === 'cross-namespace') cross.push(c);
    else if (s === 'external') external.push(c);
    else {
      const ns = (c.from as Extract<DiffEndpoint, { kind: 'pod' }>).pod.namespace;
      const list = within.get(ns);
      if (list) list.push(c);
      else within.set(ns, [c]);
    }
  }
  const out: Group[] = [];
  if (cross.length > 0) out.push({ title: 'Between namespaces:', markdownTitle: 'Between namespaces', changes: cross });
  if (external.length > 0) out.push({ title: 'With addresses outside the cluster:', markdownTitle: 'With addresses outside the cluster', changes: external });
  for (const ns of [...within.keys()].sort())
    out.push({ title: `Within namespace ${printable(ns)}:`, markdownTitle: `Within namespace ${code(ns)}`, changes: within.get(ns)! });
  return out;
}

function counts(d: ConnectivityDiff) {
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const c of d.changes) {
    if (c.kind === 'added') added++;
    else if (c.kind === 'removed') removed++;
    else changed++;
  }
  return { added, removed, changed };
}

function summaryLine(d: ConnectivityDiff): string {
  const n = counts(d);
  const pairs = (k: number) => `${k} pair${k === 1 ? '' : 's'}`;
  return `${pairs(n.added)} added, ${pairs(n.removed)} removed, ${pairs(n.changed)} changed.`;
}

const podList = (pods: ConnectivityDiff['podsAdded']) => pods.map((p) => `${printable(p.id)} (${p.kind})`).join(', ');

function* text(d: ConnectivityDiff, before: SideSpec, after: SideSpec): Generator<string> {
  yield [
    `Before: ${printable(before.label)}`,
    `After:  ${printable(after.label)}`,
    'Each pair whose connections differ: + added (none before), - removed (none after),',
    '~ changed (before -> after, then what was added and removed).',
    '',
  ].join('\n');
  if (d.podsAdded.length > 0) yield `Pods added: ${podList(d.podsAdded)}\n`;
  if (d.podsRemoved.length > 0) yield `Pods removed: ${podList(d.podsRemoved)}\n`;
  if (isEmptyDiff(d)) {
    yield '\nNo changes: every pair of pods, and every pod with every address outside the cluster, allows the same connections.\n';
    return;
  }
  for (const g of groups(d)) {
    const lines = ['', g.title];
    for (const c of g.changes) {
      const pair = `${printable(endpointName(c.from))} => ${printable(endpointName(c.to))}`;
      if (c.kind === 'added') lines.push(`  + ${pair} : ${c.after}`);
      else if (c.kind === 'removed') lines.push(`  - ${pair} : ${c.before}`);
      else {
        const what = [...(c.added.isEmpty() ? [] : [`added ${c.added}`]), ...(c.removed.isEmpty() ? [] : [`removed ${c.removed}`])].join(' / ');
        lines.push(`  ~ ${pair} : ${c.before} -> ${c.after} (${what})`);
      }
      if (lines.length >= 1000) {
        yield `${lines.join('\n')}\n`;
        lines.length = 0;
      }
    }
    if (lines.length > 0) yield `${lines.join('\n')}\n`;
  }
  yield `\n${summaryLine(d)}\n`;
}

function endpointJson(e: DiffEndpoint) {
  return e.kind === 'pod' ? e.pod.id : e.name;
}

function* json(
  d: ConnectivityDiff,
  before: SideSpec,
  after: SideSpec,
  unreadable: [readonly UnreadableDocument[], readonly UnreadableDocument[]],
): Generator<string> {
  const head = {
    before: { side: before.label, ...(before.ref !== undefined ? { ref: before.ref } : {}), paths: before.paths },
    after: { side: after.label, ...(after.ref !== undefined ? { ref: after.ref } : {}), paths: after.paths },
    summary: counts(d),
    endpoints: { added: d.podsAdded.map(podEndpoint), removed: d.podsRemoved.map(podEndpoint) },
  };
  yield `${JSON.stringify(head).slice(0, -1)},"changes":[`;
  let parts: string[] = [];
  let first = true;
  for (const c of d.changes) {
    parts.push(
      JSON.stringify({
        from: endpointJson(c.from),
        to: endpointJson(c.to),
        scope: scopeOf(c),
        kind: c.kind,
        before: c.before.toJSON(),
        after: c.after.toJSON(),
        added: c.added.toJSON(),
        removed: c.removed.toJSON(),
      }),
    );
    if (parts.length >= 1000) {
      yield (first ? '' : ',') + parts.join(',');
      first = false;
      parts = [];
    }
  }
  if (parts.length > 0) yield (first ? '' : ',') + parts.join(',');
  yield `],"unreadable":${JSON.stringify({ before: unreadableJson(unreadable[0]), after: unreadableJson(unreadable[1]) })}}\n`;
}

/** Inline code in a table cell: pipes escaped, backticks (not in a pod id Kubernetes accepts) replaced. */
function code(s: string): string {
  return `\`${printable(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

function* markdown(d: ConnectivityDiff, before: SideSpec, after: SideSpec): Generator<string> {
  const n = counts(d);
  const lines = [
    '### NetworkPolicy connectivity diff',
    '',
    `${code(before.label)} → ${code(after.label)}: ${isEmptyDiff(d) ? '**no changes**' : `**${n.added} added**, **${n.removed} removed**, **${n.changed} changed** (pairs)`}`,
  ];
  if (d.podsAdded.length > 0) lines.push('', `Pods added: ${d.podsAdded.map((p) => `${code(p.id)} (${p.kind})`).join(', ')}`);
  if (d.podsRemoved.length > 0) lines.push('', `Pods removed: ${d.podsRemoved.map((p) => `${code(p.id)} (${p.kind})`).join(', ')}`);
  let rows = 0;
  const cell = (s: { isEmpty(): boolean; toString(): string }) => (s.isEmpty() ? '' : code(s.toString()));
  for (const g of groups(d)) {
    if (rows >= MARKDOWN_ROWS) break;
    lines.push('', `#### ${g.markdownTitle}`, '', '| | From | To | Before | After | Added | Removed |', '|---|---|---|---|---|---|---|');
    for (const c of g.changes) {
      if (rows >= MARKDOWN_ROWS) break;
      rows++;
      const mark = c.kind === 'added' ? '➕ added' : c.kind === 'removed' ? '➖ removed' : '✏️ changed';
      lines.push(
        `| ${mark} | ${code(endpointName(c.from))} | ${code(endpointName(c.to))} | ${cell(c.before)} | ${cell(c.after)} | ${cell(c.added)} | ${cell(c.removed)} |`,
      );
    }
  }
  if (d.changes.length > rows) lines.push('', `… and ${d.changes.length - rows} more pairs (\`netpol-lint diff --format json\` lists every pair).`);
  yield `${lines.join('\n')}\n`;
}

export type FailOn = 'added' | 'removed' | 'any';

/** Does the diff hold a change `--fail-on` names? added: some pair allows something new; removed: some pair lost something; any: anything differs. */
export function failsOn(d: ConnectivityDiff, failOn: FailOn): boolean {
  if (failOn === 'any') return !isEmptyDiff(d);
  return d.changes.some((c) => !(failOn === 'added' ? c.added : c.removed).isEmpty());
}

/** Runs `diff` (the words after it, the options read); the exit status. */
export function runDiff(
  values: Values,
  positionals: readonly string[],
  split: number | undefined,
  io: DiffIo,
  config: LintConfig,
  skip: (file: string) => boolean,
): number {
  for (const name of Object.keys(values))
    if (!DIFF_OPTIONS.has(name))
      throw new UsageError(`--${name} does not belong to diff (diff takes --format, --fail-on, --config, --kubernetes-version, --exclude, --allow-unreadable)`);
  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json' && format !== 'markdown') throw new UsageError(`unknown format '${format}' for diff: use text, json or markdown`);
  const failOn = values['fail-on'];
  if (failOn !== undefined && failOn !== 'added' && failOn !== 'removed' && failOn !== 'any')
    throw new UsageError(`--fail-on takes added, removed or any, not '${failOn}'`);
  const [before, after] = diffSides(positionals, split === undefined ? undefined : split - 1);
  const warn = (line: string) => io.stderr(`netpol-lint: ${printable(line)}\n`);
  const read = (s: SideSpec) => (s.ref !== undefined ? gitFiles(s.ref, s.paths, io.cwd, skip) : collectFiles(s.paths, io.readStdin, warn, skip));
  const engines = [before, after].map((s) => {
    const workspace = new Workspace(config);
    for (const f of read(s)) workspace.update(f.path, f.text);
    return { workspace, engine: new Connectivity(workspace.cluster()) };
  });
  const unreadable: [readonly UnreadableDocument[], readonly UnreadableDocument[]] = [engines[0].workspace.unreadable(), engines[1].workspace.unreadable()];
  for (const list of unreadable)
    for (const u of list)
      io.stderr(`netpol-lint: warning: ${printable(u.file)}:${u.line + 1}: ${printable(u.message)} (diff cannot see what this document declares)\n`);
  const d = diffConnectivity(engines[0].engine, engines[1].engine);
  const out = format === 'json' ? json(d, before, after, unreadable) : format === 'markdown' ? markdown(d, before, after) : text(d, before, after);
  for (const piece of out) io.stdout(piece);
  if (failOn !== undefined && failsOn(d, failOn)) {
    io.stderr(
      `netpol-lint: ${failOn === 'any' ? 'the connectivity changes' : `the change ${failOn === 'added' ? 'opens' : 'closes'} connections`} (--fail-on ${failOn})\n`,
    );
    return 1;
  }
  return unreadable[0].length + unreadable[1].length > 0 && !values['allow-unreadable'] ? 1 : 0;
}
