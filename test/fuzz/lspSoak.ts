/**
 * The random LSP operation soak (issue #21): a seeded sequence of opens, edits, closes, hovers,
 * completions, quick fixes, fix alls and reach reports, over corpus files, generated policies,
 * mutated YAML and random text (with CRLF line ends too), sent to the built server over stdio.
 * Every `checkEvery` operations, once the server is quiet, the diagnostics it last published for
 * each open file are compared with what the built CLI reports for the same texts (the same file
 * names, so the same workspace), and every range is checked to lie inside its document and never
 * between a CR and its LF; so is every range of an answer (hover, completion, code lens, quick
 * fix and fix-all edits), against the text the client has when it gets the answer. Throughout: every request is answered, never with an internal error, and
 * no diagnostic is an `internal-error`.
 *
 * A brief run is part of `npm test` (test/lsp/soak.test.ts); the long one is
 * `npm run fuzz -- --lsp [--runs OPERATIONS] [--seed N] [--check-every N] [--no-crlf]`.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import type {
  CodeAction,
  CodeLens,
  CompletionItem,
  CompletionList,
  Diagnostic,
  Hover,
  Position,
  PublishDiagnosticsParams,
  TextEdit,
} from 'vscode-languageserver-protocol';
import { ResponseError } from 'vscode-jsonrpc/node';
import { corpusFiles } from '../corpus';
import { TestClient } from '../lsp/client';
import { mutatedText, validText } from './properties';

const CLI = join(__dirname, '../../dist/cli.js');
const FILES = ['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml'];
const uriOf = (name: string) => `file:///soak/${name}`;

/** Errors a request may legitimately answer with: bad params (reach on no workload), content modified, cancelled. */
const EXPECTED_ERRORS = new Set([-32602, -32801, -32800]);

type Op =
  | { op: 'open'; file: number; text: string }
  | { op: 'edit'; file: number; at: number; length: number; insert: string }
  | { op: 'close'; file: number }
  | { op: 'hover' | 'completion'; file: number; line: number; character: number }
  | { op: 'quickfix'; file: number; pick: number }
  | { op: 'fixall'; file: number }
  | { op: 'lens'; file: number }
  | { op: 'reach'; file: number; line: number; character: number; direction: 'to' | 'from' };

const corpus = corpusFiles().map((f) => readFileSync(f, 'utf8'));
const crlf = (t: string) => t.replace(/\r?\n/g, '\r\n');

/**
 * Documents of two shared namespaces (a default deny, a DNS policy, an ingress policy, a workload,
 * a Namespace), so that the files' namespace rules see each other: what one file's edit changes in
 * another's findings (missing DNS, no default deny, duplicates, selectors matching nothing).
 */
const sharedDoc = fc
  .tuple(fc.constantFrom('tenant-a', 'tenant-b'), fc.constantFrom('web', 'db'), fc.nat(4))
  .map(
    ([ns, app, kind]) =>
      [
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: default-deny\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-dns\n  namespace: ${ns}\nspec:\n  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to:\n        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}\n          podSelector: {matchLabels: {k8s-app: kube-dns}}\n      ports:\n        - {protocol: UDP, port: 53}\n        - {protocol: TCP, port: 53}\n`,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-${app}\n  namespace: ${ns}\nspec:\n  podSelector:\n    matchLabels: {app: ${app}}\n  ingress:\n    - from: [{podSelector: {}}]\n      ports: [{port: 8080}]\n`,
        `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${app}\n  namespace: ${ns}\nspec:\n  template:\n    metadata:\n      labels: {app: ${app}}\n    spec:\n      containers: [{name: c, image: x, ports: [{name: http, containerPort: 8080}]}]\n`,
        `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n`,
      ][kind],
  );
const sharedText = fc.array(sharedDoc, { minLength: 1, maxLength: 4 }).map((docs) => docs.join('---\n'));

const text: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof(
      { weight: 12, arbitrary: sharedText },
      { weight: 3, arbitrary: fc.constantFrom(...corpus) },
      { weight: 3, arbitrary: validText },
      { weight: 3, arbitrary: mutatedText },
      { weight: 1, arbitrary: fc.string({ maxLength: 80, unit: fc.constantFrom('a', ':', ' ', '-', '\n', '\r\n', '{', '"', '#', '\t', 'é', '\u{1F600}') }) },
    ),
    fc.nat(3),
  )
  .map(([t, n]) => (n === 0 ? crlf(t) : t));

const file = fc.nat(FILES.length - 1);
const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ op: fc.constant('open' as const), file, text }) },
  {
    weight: 8,
    arbitrary: fc.record({
      op: fc.constant('edit' as const),
      file,
      at: fc.nat(),
      length: fc.nat(12),
      insert: fc.oneof(
        fc.constantFrom('', 'x', ' ', '\n', '\r\n', ': ', '- ', '  ', 'port: 80', 'protocol: TCP', '---\n', '{}', '"', '#', '\t', '*a', '&a '),
        fc.string({ maxLength: 6 }),
      ),
    }),
  },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('close' as const), file }) },
  {
    weight: 3,
    arbitrary: fc.record({ op: fc.constantFrom('hover' as const, 'completion' as const), file, line: fc.nat(80), character: fc.nat(40) }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('quickfix' as const), file, pick: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('fixall' as const), file }) },
  { weight: 1, arbitrary: fc.record({ op: fc.constant('lens' as const), file }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('reach' as const),
      file,
      line: fc.nat(80),
      character: fc.nat(20),
      direction: fc.constantFrom('to' as const, 'from' as const),
    }),
  },
);

export interface SoakOptions {
  operations: number;
  seed: number;
  /** false: no CR in any text (the operations of the same seed, with their CRs taken out). */
  crlf?: boolean;
  /** Compare with the CLI and check the ranges every this many operations (and at the end). */
  checkEvery: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  operations: number;
  checks: number;
  /** Diagnostics compared with the CLI's, over all checks. */
  compared: number;
}

/** The lines of a text and where each ends (before its line break), as LSP counts them. */
function lineEnds(t: string): number[] {
  const ends: number[] = [];
  const re = /\r\n|\r|\n/g;
  let start = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    ends.push(m.index - start);
    start = m.index + m[0].length;
  }
  ends.push(t.length - start);
  return ends;
}

/** Why this position is not inside the text (past a line's end would be inside its CRLF or beyond), or undefined. */
function outside(p: Position, ends: number[]): string | undefined {
  if (p.line < 0 || p.line >= ends.length) return `line ${p.line} of ${ends.length}`;
  if (p.character < 0 || p.character > ends[p.line]) return `character ${p.character} of line ${p.line}, which has ${ends[p.line]}`;
  return undefined;
}

/** An offset of `t` moved off the middle of a CRLF pair and of a surrogate pair (no editor sends those). */
function whole(t: string, at: number): number {
  let o = Math.max(0, Math.min(at, t.length));
  if (o > 0 && o < t.length && t[o - 1] === '\r' && t[o] === '\n') o--;
  const c = t.charCodeAt(o - 1);
  if (o > 0 && c >= 0xd800 && c <= 0xdbff) o--;
  return o;
}

function positionAt(t: string, offset: number): Position {
  const before = t.slice(0, offset);
  const lines = before.split(/\r\n|\r|\n/);
  return { line: lines.length - 1, character: lines[lines.length - 1].length };
}

const SEVERITY = ['', 'error', 'warning', 'information', 'hint'];
const key = (d: { range: { start: Position; end: Position }; code?: unknown; severity?: unknown; message: string }, severity: string) =>
  `${d.range.start.line}:${d.range.start.character}-${d.range.end.line}:${d.range.end.character} ${String(d.code)} ${severity} ${d.message}`;

/** Runs the soak; throws with the seed, the operation and the recent operations when something is wrong. */
export async function soak(options: SoakOptions): Promise<SoakResult> {
  // without CRLF: the same operations with every CR taken out of their texts
  const lf = (o: Op): Op =>
    o.op === 'open' ? { ...o, text: o.text.replace(/\r\n?/g, '\n') } : o.op === 'edit' ? { ...o, insert: o.insert.replace(/\r/g, '') } : o;
  const ops = fc.sample(op, { numRuns: options.operations, seed: options.seed }).map((o) => (options.crlf === false ? lf(o) : o));
  const client = new TestClient();
  const dir = mkdtempSync(join(tmpdir(), 'netpol-soak-'));
  const recent: string[] = [];
  let index = 0;
  let checks = 0;
  let compared = 0;
  const fail = (why: string): never => {
    throw new Error(
      `LSP soak (seed ${options.seed}) failed at operation ${index}: ${why}\nlast operations:\n${recent.map((r) => `  ${r.slice(0, 300)}`).join('\n')}`,
    );
  };
  /** A request, whose error is a failure unless LSP allows it here. */
  const ask = async <T>(method: string, params: unknown): Promise<T | undefined> => {
    try {
      return (await client.conn.sendRequest(method, params)) as T;
    } catch (e) {
      if (e instanceof ResponseError && EXPECTED_ERRORS.has(e.code)) return undefined;
      return fail(`${method} answered ${e instanceof ResponseError ? `error ${e.code}: ${e.message}` : String(e)}`);
    }
  };
  /** A range of an answer about `name` must lie inside the text the client has (the server answers on it). */
  const inside = (what: string, name: string, range: Diagnostic['range']) => {
    const t = client.texts.get(uriOf(name));
    if (t === undefined) return;
    const ends = lineEnds(t);
    const bad = outside(range.start, ends) ?? outside(range.end, ends);
    if (bad) fail(`${what} on ${name} has a range outside its text (${bad}): ${JSON.stringify(range)}`);
  };
  /**
   * How many times each file was closed: a reopened file counts its versions from 1 again, so the
   * publishes of its current opening are those after the server's answer to its last close (one
   * publish without a version, with no diagnostics, per close).
   */
  const closes = new Map<string, number>();
  const close = (uri: string) => {
    closes.set(uri, (closes.get(uri) ?? 0) + 1);
    return client.closeDocument(uri);
  };
  /** Each publish's opening of its file (the closes answered before it), counted as they arrive. */
  const opening = new WeakMap<PublishDiagnosticsParams, number>();
  const answered = new Map<string, number>();
  let scanned = 0;
  /** Is this publish of the file's current opening? */
  const ofThisOpening = (p: PublishDiagnosticsParams) => {
    for (; scanned < client.publishes.length; scanned++) {
      const q = client.publishes[scanned];
      if (q.version === undefined) answered.set(q.uri, (answered.get(q.uri) ?? 0) + 1);
      else opening.set(q, answered.get(q.uri) ?? 0);
    }
    return opening.get(p) === (closes.get(p.uri) ?? 0);
  };
  /** Waits for the publish of the file's current version (of this opening). */
  const current = (uri: string) =>
    client.diagnostics(uri, (_d, p) => p.version === client.version(uri) && ofThisOpening(p), `the publish of ${uri} version ${client.version(uri)}`, 20_000);
  const settle = async () => {
    for (const name of FILES) {
      const uri = uriOf(name);
      if (!client.texts.has(uri)) continue;
      await current(uri);
    }
    await new Promise((r) => setTimeout(r, 400)); // the other files' publishes, once changes pause
  };
  const latest = (uri: string): Diagnostic[] => {
    for (let i = client.publishes.length - 1; i >= 0; i--) if (client.publishes[i].uri === uri) return client.publishes[i].diagnostics;
    return [];
  };

  /** Compares every open file's last published diagnostics with the CLI's, and checks their ranges. */
  const check = async () => {
    await settle();
    checks++;
    const open = FILES.filter((n) => client.texts.has(uriOf(n)));
    // the open files, and only those, under the same names: the CLI sees the server's workspace
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    for (const n of open) writeFileSync(join(dir, n), client.texts.get(uriOf(n))!);
    const cli = new Map<string, string[]>();
    if (open.length > 0) {
      const r = spawnSync(process.execPath, [CLI, ...open, '--format', 'json'], { cwd: dir, encoding: 'utf8', maxBuffer: 1 << 28 });
      if (r.status !== 0 && r.status !== 1) fail(`the CLI exited ${r.status}: ${r.stderr}`);
      const out = JSON.parse(r.stdout) as {
        files: { path: string; findings: { code: string; severity: string; message: string; range: Diagnostic['range'] }[] }[];
      };
      for (const f of out.files) cli.set(f.path, f.findings.map((x) => key(x, x.severity)).sort());
    }
    for (const n of open) {
      const uri = uriOf(n);
      const t = client.texts.get(uri)!;
      const ends = lineEnds(t);
      const ds = latest(uri);
      for (const d of ds) {
        if (d.code === 'internal-error') fail(`an internal-error diagnostic on ${n}: ${d.message}`);
        const bad = outside(d.range.start, ends) ?? outside(d.range.end, ends);
        if (bad) {
          const line = t.split(/(?<=\r\n|\r(?!\n)|\n)/)[Math.min(d.range.end.line, ends.length - 1)] ?? '';
          fail(`a range of ${n} outside its text (${bad}): ${JSON.stringify(d.range)} ${d.code}; the line: ${JSON.stringify(line)}`);
        }
      }
      const expected = cli.get(n) ?? [];
      if (expected.length >= 1000) continue; // the editor gets at most 1,000 a file (and a note)
      const got = ds.map((d) => key({ ...d, message: typeof d.message === 'string' ? d.message : d.message.value }, SEVERITY[d.severity ?? 0])).sort();
      compared += got.length;
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        const missing = expected.filter((x) => !got.includes(x));
        const extra = got.filter((x) => !expected.includes(x));
        fail(`${n}: the server and the CLI disagree\n  only the CLI: ${JSON.stringify(missing)}\n  only the server: ${JSON.stringify(extra)}`);
      }
    }
  };

  try {
    await client.initialize(false);
    for (const o of ops) {
      index++;
      const name = FILES[o.file];
      const uri = uriOf(name);
      const t = client.texts.get(uri);
      recent.push(JSON.stringify(o));
      if (recent.length > 12) recent.shift();
      switch (o.op) {
        case 'open':
          if (t !== undefined) await close(uri);
          await client.open(uri, o.text);
          break;
        case 'close':
          if (t !== undefined) await close(uri);
          break;
        case 'edit': {
          if (t === undefined) break;
          const start = whole(t, t.length === 0 ? 0 : o.at % (t.length + 1));
          const end = whole(t, start + o.length);
          await client.change(uri, [{ range: { start: positionAt(t, start), end: positionAt(t, end) }, newText: o.insert }]);
          break;
        }
        case 'hover': {
          const h = await ask<Hover | null>('textDocument/hover', { textDocument: { uri }, position: { line: o.line, character: o.character } });
          if (h?.range) inside('a hover', name, h.range);
          break;
        }
        case 'completion': {
          const r = await ask<CompletionList | CompletionItem[] | null>('textDocument/completion', {
            textDocument: { uri },
            position: { line: o.line, character: o.character },
          });
          for (const item of Array.isArray(r) ? r : (r?.items ?? []))
            if (item.textEdit && 'range' in item.textEdit) inside('a completion', name, item.textEdit.range);
          break;
        }
        case 'lens': {
          const lenses = await ask<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
          for (const l of lenses ?? []) inside('a code lens', name, l.range);
          break;
        }
        case 'quickfix': {
          if (t === undefined) break;
          await current(uri);
          const ds = latest(uri);
          if (ds.length === 0) break;
          const d = ds[o.pick % ds.length];
          const actions = await ask<CodeAction[]>('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d] } });
          for (const a of actions ?? []) for (const e of a.edit?.changes?.[uri] ?? []) inside(`the quick fix "${a.title}"`, name, e.range);
          const edits = actions?.[o.pick % Math.max(1, actions.length)]?.edit?.changes?.[uri];
          if (edits?.length) await client.change(uri, edits as TextEdit[]);
          break;
        }
        case 'fixall': {
          if (t === undefined) break;
          const actions = await ask<CodeAction[]>('textDocument/codeAction', {
            textDocument: { uri },
            range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
            context: { diagnostics: [], only: ['source.fixAll'] },
          });
          const edits = actions?.find((a) => a.kind === 'source.fixAll.netpol-lint')?.edit?.changes?.[uri];
          for (const e of edits ?? []) inside('fix all', name, e.range);
          if (edits?.length) await client.change(uri, edits as TextEdit[]);
          break;
        }
        case 'reach':
          await ask('workspace/executeCommand', {
            command: 'netpol-lint.reachReport',
            arguments: [{ uri, position: { line: o.line, character: o.character }, direction: o.direction }],
          });
          break;
      }
      if (client.exited) fail(`the server exited (${client.exited})`);
      if (index % options.checkEvery === 0) {
        await check();
        options.log?.(`${index} operations, ${checks} checks, ${compared} diagnostics compared with the CLI`);
      }
    }
    await check();
    const failures = client.logs.filter((l) => /failed: /.test(l.message));
    if (failures.length > 0) fail(`the server logged a failure: ${failures[0].message.slice(0, 500)}`);
    return { operations: ops.length, checks, compared };
  } finally {
    await client.close().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}
