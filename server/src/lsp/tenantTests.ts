/**
 * The tests file in the editor: every `netpol-tests.yaml` of the workspace (or, with none, the
 * `tests:` section of `.netpol-lint.yaml`) run on the workspace index, as `netpol-lint test` runs it.
 * Its answers become diagnostics (on the tests file: each violated invariant and failing test at its
 * line, and the file's own problems; on the policy rule that causes each: the CLI's text) and code
 * lenses on each invariant and test. A run follows the workspace's updates once they pause (after
 * the ordinary diagnostics of an edit are out), and only when the engine or a tests file changed;
 * after a policy edit it re-checks only the edited namespaces (core/tenancy/incremental.ts).
 *
 * A file's answers belong to the snapshot they were computed on: once the file changes they are
 * left out of its publishes (their offsets are the old text's) until the next run, which the same
 * change schedules.
 */
import { basename, dirname, relative } from 'node:path';
import type { CodeLens } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import {
  type Cause,
  type Connectivity,
  engineFinding,
  type FileFinding,
  type LintConfig,
  type PlacedFileFinding,
  parseTestsFile,
  rerunTestsFile,
  type Severity,
  TESTS_FILE_NAME,
  type TestsOutcome,
  unreadableCaveat,
  type TestsRun,
  type TestsSpec,
  type Workspace,
} from '../core/index';
import type { PolicyRef } from '../core/rules/types';
import type { Span } from '../core/text/span';
import { SHOW_TEST_REPORT_COMMAND } from '../shared/commands';
import type { PublicationPart } from './convert';
import type { ProjectConfig } from './projectConfig';

/** The codes of the tests file's answers: no suppression comment silences them (`netpol-lint test` reads none), so the editor offers no "Disable … for this line" for them. */
export const TESTS_FILE_CODES: ReadonlySet<string> = new Set(['tenant-invariant-violated', 'tenant-test-failed', 'invalid-tests-file']);

/** How long the workspace's updates must pause before the tests run again (as the publisher waits for the other open files)... */
const RUN_DELAY_MS = 150;
/** ...but they run at most this long after the first such update. */
const RUN_MAX_WAIT_MS = 1000;
/** The violations of one invariant shown on the tests file (and in its report); the CLI lists them all. */
const MAX_PER_ITEM = 10;

type Code = 'tenant-invariant-violated' | 'tenant-test-failed' | 'invalid-tests-file';

interface TenantTestsHost {
  workspace: Workspace;
  project: ProjectConfig;
  /** Must the run wait (publishes held while fix all holds the workspace on a fixed text, or the workspace still being read)? */
  held(): boolean;
  /** Publishes these files again (each only if its diagnostics changed). */
  republish(keys: Iterable<string>): void;
  /** The code lenses changed: the client should ask again. */
  lensesChanged(): void;
  log(message: string): void;
}

/** One source of tests: a netpol-tests.yaml, or the config file's section. */
interface Source {
  key: string;
  text: string;
  spec: TestsSpec;
  problems: { message: string; span: Span }[];
}

/** What one file gets from the last run: its findings, for the snapshot they were placed on. */
interface FileAnswers {
  snapshot: unknown;
  placed: PlacedFileFinding[];
  lines: PublicationPart['lines'];
}

/** A cause's place: its file, its span there (file offsets) and its line (1-based). */
interface Placed {
  file: string;
  span: Span;
  line: number;
}

/** A report the code lens opens (the client shows it like the other reports). */
export interface TestReport {
  title: string;
  markdown: string;
}

/** The tests-file answers of one server: owned by it, rebuilt by each run. */
export class TenantTests {
  private answers = new Map<string, FileAnswers>();
  private lenses = new Map<string, { snapshot: unknown; lenses: CodeLens[] }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private since = 0;
  /** What the last run read: the engine object and the sources' texts (unchanged: nothing to do). */
  private lastEngine: Connectivity | undefined;
  private lastSources = '';
  private lastConfig: LintConfig | undefined;
  private waiters: (() => void)[] = [];
  /** Per tests file, its text read (the same spec object while the text is the same) and its last run (the next one starts from it). */
  private readonly parsed = new Map<string, { text: string; spec: TestsSpec; problems: Source['problems'] }>();
  private runs = new Map<string, TestsRun>();

  constructor(private readonly host: TenantTestsHost) {}

  /** The workspace changed: run again once changes pause. */
  schedule(): void {
    const now = Date.now();
    if (this.timer) clearTimeout(this.timer);
    else this.since = now;
    const wait = Math.max(0, Math.min(RUN_DELAY_MS, this.since + RUN_MAX_WAIT_MS - now));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.host.held()) return this.schedule();
      try {
        this.run();
      } catch (e) {
        this.host.log(`netpol-lint: running the tests file failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      for (const w of this.waiters.splice(0)) w();
    }, wait);
  }

  /** Resolves once no run is pending (at once when none is). */
  settled(): Promise<void> {
    return this.timer ? new Promise((resolve) => this.waiters.push(resolve)) : Promise.resolve();
  }

  /** The file's answers for its publish, if they were computed on its current text. */
  part(key: string): PublicationPart | undefined {
    const a = this.answers.get(key);
    return a && a.snapshot === this.host.workspace.snapshot(key) ? a : undefined;
  }

  /** The code lenses of a tests file (none for another file, or for a text changed since the run). */
  codeLenses(key: string): CodeLens[] {
    const l = this.lenses.get(key);
    return l && l.snapshot === this.host.workspace.snapshot(key) ? l.lenses : [];
  }

  private sources(): Source[] {
    const ws = this.host.workspace;
    const files = ws.fileKeys().filter((k) => k.endsWith(`/${TESTS_FILE_NAME}`));
    const out: Source[] = [];
    for (const key of files) {
      const text = ws.snapshot(key)?.text ?? '';
      let p = this.parsed.get(key);
      if (p?.text !== text) this.parsed.set(key, (p = { text, ...parseTestsFile(text) }));
      out.push({ key, ...p });
    }
    for (const key of this.parsed.keys()) if (!files.includes(key)) this.parsed.delete(key);
    const { project } = this.host;
    // the config file's section, when no netpol-tests.yaml: its problems are invalid-config already
    if (out.length === 0 && project.key && project.layer?.tests)
      out.push({ key: project.key, text: ws.snapshot(project.key)?.text ?? '', spec: project.layer.tests, problems: [] });
    return out;
  }

  /** Runs every source on the workspace now and republishes the files whose answers may have changed. */
  run(): void {
    const ws = this.host.workspace;
    this.placed = new Map();
    this.names = new Map();
    const sources = this.sources();
    const engine = sources.some((s) => s.spec.invariants.length + s.spec.tests.length > 0) ? ws.connectivity() : undefined;
    const sourcesText = sources.map((s) => `${s.key}\0${s.text}`).join('\0');
    if (engine === this.lastEngine && sourcesText === this.lastSources && ws.configuration === this.lastConfig) return;
    this.lastEngine = engine;
    this.lastSources = sourcesText;
    this.lastConfig = ws.configuration;
    const byFile = new Map<string, FileFinding[]>();
    const add = (file: string, f: FileFinding | undefined) => {
      if (!f) return;
      const list = byFile.get(file);
      if (!list) byFile.set(file, [f]);
      else if (!list.some((g) => g.span.start === f.span.start && g.code === f.code && g.message === f.message)) list.push(f);
    };
    const lenses = new Map<string, { snapshot: unknown; lenses: CodeLens[] }>();
    const runs = new Map<string, TestsRun>();
    for (const s of sources) {
      for (const p of s.problems) add(s.key, this.finding('invalid-tests-file', p.message, p.span));
      if (!engine || s.spec.invariants.length + s.spec.tests.length === 0) continue;
      const r = rerunTestsFile(engine, s.spec, ws.configuration.dns, this.runs.get(s.key));
      runs.set(s.key, r);
      const outcome = r.outcome;
      this.answersOf(s, outcome, add);
      lenses.set(s.key, { snapshot: ws.snapshot(s.key), lenses: this.lensesOf(s, outcome) });
    }
    this.runs = runs;
    const before = this.answers;
    this.answers = new Map();
    for (const [file, findings] of byFile) {
      const snapshot = ws.snapshot(file);
      if (!snapshot) continue;
      findings.sort((a, b) => a.span.start - b.span.start);
      this.answers.set(file, { snapshot, lines: snapshot.lines, placed: findings.map((finding) => ({ finding, start: 0, line: 0, document: 0 })) });
    }
    const lensesBefore = JSON.stringify([...this.lenses].map(([k, v]) => [k, v.lenses]));
    this.lenses = lenses;
    this.host.republish(new Set([...before.keys(), ...this.answers.keys()]));
    if (JSON.stringify([...lenses].map(([k, v]) => [k, v.lenses])) !== lensesBefore) this.host.lensesChanged();
  }

  /** A finding of ours with the configured severity (none when the code is off); spans are file offsets. */
  private finding(code: Code, message: string, span: Span): FileFinding | undefined {
    const setting = this.host.workspace.configuration.rules[code];
    if (setting === 'off') return undefined;
    const f = engineFinding(code, message, span);
    return { ...f, ...(setting ? { severity: setting as Severity } : {}), document: 0 };
  }

  /**
   * The answers of one source: on the tests file at each failing item's first line (at most
   * MAX_PER_ITEM violations each, then one that counts the rest), and one on each cause (its first
   * violation's text, with how many more it causes).
   */
  private answersOf(s: Source, outcome: TestsOutcome, add: (file: string, f: FileFinding | undefined) => void): void {
    const where = (c: Cause) => this.where(s, c);
    const firstLine = (span: Span): Span => {
      const nl = s.text.indexOf('\n', span.start);
      return { start: span.start, end: nl === -1 ? span.end : Math.min(span.end, nl) };
    };
    const testsName = basename(URI.parse(s.key).path);
    const onCauses = new Map<Placed, Map<Code, { message: () => string; more: number }>>();
    /** (the message is made for the first violation of each place only: there may be hundreds of thousands) */
    const onCause = (place: Placed, code: Code, message: () => string) => {
      let byCode = onCauses.get(place);
      if (!byCode) onCauses.set(place, (byCode = new Map()));
      const seen = byCode.get(code);
      if (seen) seen.more++;
      else byCode.set(code, { message, more: 0 });
    };
    const by = (causes: Cause[]) => {
      const texts = causes.map((c) => where(c)?.text).filter((t) => t !== undefined);
      return texts.length > 0 ? ` — ${texts.join('; ')}` : '';
    };
    for (const i of outcome.invariants) {
      const at = `${i.name}, ${testsName}:${lineOf(s.text, i.span.start)}`;
      i.violations.forEach((v, n) => {
        if (n < MAX_PER_ITEM) add(s.key, this.finding('tenant-invariant-violated', `${i.name}: ${v.message}${by(v.causes)}`, firstLine(i.span)));
        for (const c of v.causes) {
          const w = this.place(c);
          if (w) onCause(w, 'tenant-invariant-violated', () => `${v.message} (${at})`);
        }
      });
      const rest = i.violations.length - MAX_PER_ITEM;
      if (rest > 0)
        add(
          s.key,
          this.finding(
            'tenant-invariant-violated',
            `${i.name}: ${rest.toLocaleString('en-US')} more violations (netpol-lint test lists them all)`,
            firstLine(i.span),
          ),
        );
    }
    for (const t of outcome.tests) {
      if (t.passed) continue;
      add(s.key, this.finding('tenant-test-failed', `Test "${t.name}" fails: ${t.message}${by(t.causes)}`, firstLine(t.span)));
      const at = `${testsName}:${lineOf(s.text, t.span.start)}`;
      for (const c of t.causes) {
        const w = this.place(c);
        if (w) onCause(w, 'tenant-test-failed', () => `Test "${t.name}" (${at}) fails: ${t.message}`);
      }
    }
    for (const [place, byCode] of onCauses)
      for (const [code, c] of byCode)
        add(
          place.file,
          this.finding(code, c.more > 0 ? `${c.message()} (and ${c.more.toLocaleString('en-US')} more from this rule)` : c.message(), place.span),
        );
  }

  /** Per run: where each cause is (see place), by its policy's ref and its rule; and each file's name as the tests file names it. */
  private placed = new Map<PolicyRef, Map<string, Placed | null>>();
  private names = new Map<string, string>();

  /** Where a cause is, as file offsets: a rule at its list item, a policy that isolates at its name. */
  private place(c: Cause): Placed | undefined {
    const ref = c.ref;
    if (!ref) return undefined;
    const key = c.rule !== undefined ? `${c.direction}${c.rule}` : c.direction;
    let byRule = this.placed.get(ref);
    if (!byRule) this.placed.set(ref, (byRule = new Map()));
    let p = byRule.get(key);
    if (p === undefined) {
      const ws = this.host.workspace;
      const span = c.rule !== undefined ? c.span : (ref.policy.name?.node.span ?? c.span);
      const start = span ? ws.offsetIn(ref, span) : undefined;
      const snapshot = ws.snapshot(ref.file);
      p =
        start === undefined || !span || !snapshot
          ? null
          : { file: ref.file, span: { start, end: start + span.end - span.start }, line: snapshot.lines.positionAt(start).line + 1 };
      byRule.set(key, p);
    }
    return p ?? undefined;
  }

  /** How the tests file names a cause: `tenant-a/allow-db ingress[0] allows TCP 5432 at policies.yaml:12`. */
  private where(s: Source, c: Cause): { file: string; span: Span; text: string } | undefined {
    const p = this.place(c);
    if (!p) return undefined;
    const nameKey = `${s.key}\0${p.file}`;
    let file = this.names.get(nameKey);
    if (file === undefined) this.names.set(nameKey, (file = relative(dirname(URI.parse(s.key).fsPath), URI.parse(p.file).fsPath)));
    const what =
      c.rule !== undefined
        ? `${c.policy} ${c.direction.toLowerCase()}[${c.rule}]${c.allows ? ` allows ${c.allows}` : ''}`
        : `${c.policy} isolates ${c.direction.toLowerCase()}`;
    return { file: p.file, span: p.span, text: `${what} at ${file}:${p.line}` };
  }

  /** A lens on each invariant and each test: holds / passes, or the first reason; a click opens the reasons. */
  private lensesOf(s: Source, outcome: TestsOutcome): CodeLens[] {
    const lines = this.host.workspace.snapshot(s.key)?.lines;
    if (!lines) return [];
    const lens = (span: Span, title: string, report: TestReport): CodeLens => {
      const p = lines.positionAt(span.start);
      const full = { ...report, markdown: caveat ? `${report.markdown}\n_Caveat:_${caveat}\n` : report.markdown };
      return { range: { start: p, end: p }, command: { title: title + caveat, command: SHOW_TEST_REPORT_COMMAND, arguments: [full] } };
    };
    // a document that could not be read is left out of the cluster: every answer says so
    const caveat = unreadableCaveat(this.host.workspace);
    const causeLines = (causes: Cause[]) => causes.map((c) => `- \`${(this.where(s, c)?.text ?? c.policy).replace(/`/g, "'")}\``);
    const out: CodeLens[] = [];
    for (const i of outcome.invariants) {
      const first = i.violations[0]?.message ?? '';
      const title = i.holds
        ? `✓ ${i.name} holds`
        : `✗ ${i.name} violated: ${short(first)}${i.violations.length > 1 ? ` (+${i.violations.length - 1} more)` : ''}`;
      const body = i.holds
        ? [`**${i.name} holds** over the workspace.`]
        : [
            ...i.violations.slice(0, MAX_PER_ITEM * 5).flatMap((v) => [`### ${md(v.message)}`, '', ...causeLines(v.causes), '']),
            ...(i.violations.length > MAX_PER_ITEM * 5
              ? [`${(i.violations.length - MAX_PER_ITEM * 5).toLocaleString('en-US')} more: \`netpol-lint test\` lists them all.`]
              : []),
          ];
      out.push(lens(i.span, title, { title: `Invariant ${i.name}`, markdown: `# Invariant ${i.name}\n\n${body.join('\n')}\n` }));
    }
    for (const t of outcome.tests) {
      const title = t.passed ? '✓ passes' : `✗ fails: ${short(t.message)}`;
      const body = [`**${t.passed ? 'Passes' : 'Fails'}** (expect ${t.expect}): ${md(t.message)}`, '', ...causeLines(t.causes)];
      out.push(lens(t.span, title, { title: `Test ${t.name}`, markdown: `# Test: ${md(t.name)}\n\n${body.join('\n')}\n` }));
    }
    return out;
  }
}

function lineOf(text: string, offset: number): number {
  let n = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** A reason short enough for a code lens title. */
function short(s: string, max = 90): string {
  return s.length <= max ? s : `${s.slice(0, max - 1)}…`;
}

/** Text for Markdown: the characters that would start markup escaped. */
function md(s: string): string {
  return s.replace(/([\\`*_[\]<>#|])/g, '\\$1');
}
