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
import {
  type ConnectivityDiff,
  type DiffEndpoint,
  type LintConfig,
  type UnreadableDocument,
  Connectivity,
  diffConnectivity,
  endpointName,
  diffMarkdown,
  isEmptyDiff,
  Workspace,
} from '../core/index';
import { parseCommandLine, type Values } from './args';
import { unreadableJson } from './connectivity';
import { podEndpoint } from './endpoints';
import { collectFiles, UsageError } from './files';
import { printable } from '../core/text/printable';
import { diffCounts as counts, diffGroups, diffScope as scopeOf } from '../core/index';
import { GitError, gitFiles } from '../node/git';

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

/**
 * One side's words: paths, or `git:<ref>` alone (its paths are then the other side's: the caller
 * sets them). `command` names the command in messages (`diff`, `graph --diff`).
 */
export function sideSpec(words: readonly string[], name: 'before' | 'after', command = 'diff'): SideSpec {
  const refs = words.filter((w) => GIT.test(w));
  if (refs.length === 0) return { paths: [...words], label: words.join(' ') };
  if (words.length > 1)
    throw new UsageError(`${command}: git:<ref> stands alone for the ${name} side (the other side's paths at that commit), not among paths`);
  const ref = GIT.exec(words[0])![1];
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`${command}: '${words[0]}' names no commit (git:HEAD, git:main, git:origin/main, …)`);
  return { ref, paths: [], label: words[0] };
}

/**
 * The files of one side: its paths (folders walked as for lint, `-` standard input), or those
 * paths as they are at its commit (git, nothing checked out). A git problem is a usage error.
 */
export function readSide(
  s: SideSpec,
  io: Pick<DiffIo, 'readStdin' | 'cwd'>,
  warn: (line: string) => void,
  skip: (file: string) => boolean,
  command = 'diff',
): ReturnType<typeof collectFiles> {
  if (s.ref === undefined) return collectFiles(s.paths, io.readStdin, warn, skip);
  if (s.paths.includes('-')) throw new UsageError(`${command}: git:${s.ref} reads the other side's paths at a commit, and standard input (-) is not a path`);
  try {
    return gitFiles(s.ref, s.paths, io.cwd, skip);
  } catch (e) {
    if (e instanceof GitError) throw new UsageError(`${command}: ${e.message}`);
    throw e;
  }
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
  const b = sideSpec(before, 'before');
  const a = sideSpec(after, 'after');
  if (b.ref !== undefined && a.ref !== undefined)
    throw new UsageError('diff: both sides are git:<ref>, so no side names the paths: give them on one side (netpol-lint diff git:main -- deploy/)');
  if (b.ref !== undefined) b.paths = a.paths;
  if (a.ref !== undefined) a.paths = b.paths;
  if (b.ref === undefined && a.ref === undefined && b.paths.includes('-') && a.paths.includes('-'))
    throw new UsageError('diff: standard input (-) can be one side only');
  return [b, a];
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
  for (const g of diffGroups(d)) {
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
  const engines = [before, after].map((s) => {
    const workspace = new Workspace(config);
    for (const f of readSide(s, io, warn, skip)) workspace.update(f.path, f.text);
    return { workspace, engine: new Connectivity(workspace.cluster()) };
  });
  const unreadable: [readonly UnreadableDocument[], readonly UnreadableDocument[]] = [engines[0].workspace.unreadable(), engines[1].workspace.unreadable()];
  for (const list of unreadable)
    for (const u of list)
      io.stderr(`netpol-lint: warning: ${printable(u.file)}:${u.line + 1}: ${printable(u.message)} (diff cannot see what this document declares)\n`);
  const d = diffConnectivity(engines[0].engine, engines[1].engine);
  const out =
    format === 'json' ? json(d, before, after, unreadable) : format === 'markdown' ? [diffMarkdown(d, before.label, after.label)] : text(d, before, after);
  for (const piece of out) io.stdout(piece);
  if (failOn !== undefined && failsOn(d, failOn)) {
    io.stderr(
      `netpol-lint: ${failOn === 'any' ? 'the connectivity changes' : `the change ${failOn === 'added' ? 'opens' : 'closes'} connections`} (--fail-on ${failOn})\n`,
    );
    return 1;
  }
  return unreadable[0].length + unreadable[1].length > 0 && !values['allow-unreadable'] ? 1 : 0;
}
