/**
 * `netpol-lint test <paths…> [--tests FILE] [--as-written] [--format text|json|junit|sarif]`: the tests
 * file's invariants and connectivity tests over the workspace the paths form. Exit 0 when every
 * one holds, 1 when one fails (or a document could not be read, unless --allow-unreadable), 2 on a
 * bad or missing tests file (one line: where, the problem, "did you mean"). The tests file is
 * `--tests FILE`, else `netpol-tests.yaml` in the working directory or the nearest folder above,
 * else the `tests:` section of the config file (`--config`, or the `.netpol-lint.yaml` found).
 */
import { lstatSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import {
  type Cause,
  type DnsProfile,
  LineIndex,
  MAX_TESTS_BYTES,
  parseTestsFile,
  runTestsFile,
  TESTS_FILE_NAME,
  type TestsOutcome,
  type TestsSpec,
  type UnreadableDocument,
  type Workspace,
} from '../core/index';
import { printable } from '../core/text/printable';
import { decode, describeError, readRegularFileSync } from '../node/safeFiles';
import { unreadableJson } from './connectivity';
import { UsageError } from './files';
import type { TestsSection } from './config';
import { formatTestSarif, type SarifItem, type SarifRegion } from './testSarif';

export type TestFormat = 'text' | 'json' | 'junit' | 'sarif';

/** The nearest `netpol-tests.yaml`: in the folder or the nearest one above it. */
function findTestsFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, TESTS_FILE_NAME);
    if (lstatSync(candidate, { throwIfNoEntry: false })) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The tests file read and checked; any problem is a usage error (exit 2) naming the first, with its line and column. */
export function loadTestsFile(explicit: string | undefined, cwd: string, section?: TestsSection) {
  const file = explicit !== undefined ? resolve(cwd, explicit) : (findTestsFile(cwd) ?? section?.file);
  if (!file)
    throw new UsageError(
      `no tests file: no ${TESTS_FILE_NAME} in '${cwd}' or a folder above it, and no tests: section in .netpol-lint.yaml (name one with --tests FILE)`,
    );
  // as the user would name it: relative when inside the working directory, else the whole path
  const rel = relative(cwd, file);
  const name = rel === '' || rel.startsWith('..') || isAbsolute(rel) ? file : rel;
  // the config file's section: read and checked with the config (a problem there is a bad config, exit 2)
  if (explicit === undefined && section && file === section.file) return checked(section.spec, file, name, section.text);
  let text: string;
  try {
    text = decode(readRegularFileSync(file, MAX_TESTS_BYTES)).text;
  } catch (e) {
    const why = (e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : describeError(e);
    throw new UsageError(`cannot read the tests file '${name}': ${why}`);
  }
  const { spec, problems } = parseTestsFile(text);
  if (problems.length > 0) {
    const p = problems[0];
    const at = new LineIndex(text).positionAt(p.span.start);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`bad tests file ${name}:${at.line + 1}:${at.character + 1}: ${p.message}${more}`);
  }
  return checked(spec, file, name, text);
}

function checked(spec: TestsSpec, file: string, name: string, text: string) {
  if (spec.invariants.length === 0 && spec.tests.length === 0)
    throw new UsageError(`the tests file ${name} has nothing to check: list invariants or tests (see schemas/netpol-tests.schema.json)`);
  return { spec, file, name, lines: new LineIndex(text) };
}

interface CauseJson {
  policy: string;
  direction: string;
  rule?: number;
  file?: string;
  line?: number;
  allows?: unknown;
}

/** Runs the tests and renders them; the exit status is the caller's (outcome.passed). */
export function runTestCommand(
  workspace: Workspace,
  texts: ReadonlyMap<string, string>,
  options: {
    tests?: string;
    /** The config file's `tests:` section, used when no tests file is named or found. */
    section?: TestsSection;
    asWritten: boolean;
    format: TestFormat;
    cwd: string;
    dns: DnsProfile;
    unreadable: readonly UnreadableDocument[];
    version: string;
  },
): { output: string; outcome: TestsOutcome } {
  const loaded = loadTestsFile(options.tests, options.cwd, options.section);
  const outcome = runTestsFile(workspace.connectivity(), loaded.spec, options.dns, { asWritten: options.asWritten });
  const indexes = new Map<string, LineIndex>();
  const where = (c: Cause): { file?: string; line?: number } => {
    if (!c.ref || !c.span) return {};
    const offset = workspace.offsetIn(c.ref, c.span);
    if (offset === undefined) return { file: c.ref.file };
    let lines = indexes.get(c.ref.file);
    if (!lines) indexes.set(c.ref.file, (lines = new LineIndex(texts.get(c.ref.file) ?? '')));
    return { file: c.ref.file, line: lines.positionAt(offset).line + 1 };
  };
  const causeJson = (c: Cause): CauseJson => ({
    policy: c.policy,
    direction: c.direction,
    ...(c.rule !== undefined ? { rule: c.rule } : {}),
    ...where(c),
    ...(c.allows ? { allows: c.allows.toJSON() } : {}),
  });
  const testLine = (start: number) => loaded.lines.positionAt(start).line + 1;
  if (options.format === 'sarif') {
    const region = (c: Cause): SarifRegion | undefined => {
      const start = c.ref && c.span ? workspace.offsetIn(c.ref, c.span) : undefined;
      if (start === undefined) return undefined;
      const lines = new LineIndex(texts.get(c.ref!.file) ?? '');
      return { file: c.ref!.file, start: lines.positionAt(start), end: lines.positionAt(start + c.span!.end - c.span!.start) };
    };
    const inTests = (span: { start: number; end: number }): SarifRegion => ({
      file: loaded.file,
      start: loaded.lines.positionAt(span.start),
      end: loaded.lines.positionAt(span.end),
    });
    const items: SarifItem[] = [
      ...outcome.invariants.flatMap((i) =>
        i.violations.map((v) => {
          const regions = v.causes.flatMap((c) => region(c) ?? []);
          return { ruleId: i.name, message: v.message, regions: regions.length > 0 ? regions : [inTests(i.span)] };
        }),
      ),
      ...outcome.tests.filter((t) => !t.passed).map((t) => ({ ruleId: 'connectivity-test', message: `${t.name}: ${t.message}`, regions: [inTests(t.span)] })),
    ];
    return { output: formatTestSarif(items, options.version, options.cwd), outcome };
  }
  if (options.format === 'json') {
    const json = {
      testsFile: loaded.name,
      asWritten: options.asWritten,
      passed: outcome.passed,
      invariants: outcome.invariants.map((i) => ({
        name: i.name,
        holds: i.holds,
        violations: i.violations.map((v) => ({
          from: v.from,
          to: v.to,
          count: v.count,
          connections: v.set.toJSON(),
          message: v.message,
          causes: v.causes.map(causeJson),
        })),
      })),
      tests: outcome.tests.map((t) => ({
        name: t.name,
        line: testLine(t.span.start),
        expect: t.expect,
        passed: t.passed,
        pairs: t.pairs,
        message: t.message,
        causes: t.causes.map(causeJson),
      })),
      unreadable: unreadableJson(options.unreadable),
    };
    return { output: `${JSON.stringify(json, null, 2)}\n`, outcome };
  }
  const causeText = (c: Cause) => {
    const w = where(c);
    const at = w.file ? `${printable(w.file)}${w.line !== undefined ? `:${w.line}` : ''}  ` : '';
    const what =
      c.rule !== undefined
        ? `${printable(c.policy)} ${c.direction.toLowerCase()}[${c.rule}]${c.allows ? ` allows ${c.allows}` : ''}`
        : `${printable(c.policy)} isolates ${c.direction.toLowerCase()}`;
    return `${at}${what}`;
  };
  if (options.format === 'junit') return { output: junit(outcome, loaded.name, testLine, causeText), outcome };
  const out: string[] = [];
  const mode = options.asWritten ? ' (as written)' : '';
  for (const i of outcome.invariants) {
    out.push(`${i.holds ? 'ok  ' : 'FAIL'}  ${i.name}${i.name === 'tenant-isolation' ? mode : ''}`);
    for (const v of i.violations) {
      out.push(`        ${printable(v.message)}`);
      for (const c of v.causes) out.push(`          ${causeText(c)}`);
    }
  }
  for (const t of outcome.tests) {
    out.push(`${t.passed ? 'ok  ' : 'FAIL'}  ${printable(loaded.name)}:${testLine(t.span.start)}  ${printable(t.name)}: ${printable(t.message)}`);
    for (const c of t.causes) out.push(`          ${causeText(c)}`);
  }
  const total = outcome.invariants.length + outcome.tests.length;
  const failed = outcome.invariants.filter((i) => !i.holds).length + outcome.tests.filter((t) => !t.passed).length;
  out.push('', failed === 0 ? `All ${total} passed.` : `${failed} of ${total} failed.`);
  return { output: `${out.join('\n')}\n`, outcome };
}

/** Text as XML character data: the markup characters escaped, the characters XML 1.0 forbids dropped. */
function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

/** JUnit XML: a test suite of invariants and one of tests, each a test case (a failure with its reasons). */
function junit(outcome: TestsOutcome, name: string, testLine: (start: number) => number, causeText: (c: Cause) => string): string {
  const cases = (suite: string, items: { name: string; ok: boolean; message: string; detail: string[] }[]) => {
    const failures = items.filter((i) => !i.ok).length;
    const body = items.map((i) =>
      i.ok
        ? `    <testcase classname="${xml(suite)}" name="${xml(i.name)}"/>`
        : `    <testcase classname="${xml(suite)}" name="${xml(i.name)}">\n      <failure message="${xml(i.message)}">${xml(i.detail.join('\n'))}</failure>\n    </testcase>`,
    );
    return `  <testsuite name="${xml(suite)}" tests="${items.length}" failures="${failures}" errors="0">\n${body.join('\n')}${body.length ? '\n' : ''}  </testsuite>`;
  };
  const invariants = outcome.invariants.map((i) => ({
    name: i.name,
    ok: i.holds,
    message: i.violations.length === 0 ? '' : `${i.violations.length} violation${i.violations.length === 1 ? '' : 's'}: ${i.violations[0].message}`,
    detail: i.violations.flatMap((v) => [v.message, ...v.causes.map((c) => `  ${causeText(c)}`)]),
  }));
  const tests = outcome.tests.map((t) => ({
    name: `${t.name} (${name}:${testLine(t.span.start)})`,
    ok: t.passed,
    message: t.message,
    detail: [t.message, ...t.causes.map((c) => `  ${causeText(c)}`)],
  }));
  const all = [...invariants, ...tests];
  const failures = all.filter((i) => !i.ok).length;
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="netpol-lint test" tests="${all.length}" failures="${failures}" errors="0">\n${cases('invariants', invariants)}\n${cases(`tests (${name})`, tests)}\n</testsuites>\n`;
}
