/**
 * The tests file in the editor (issue #24): a violated invariant shows on the tests file and on the
 * policy rule that causes it, an edit that mends the policy clears both, the code lenses say which
 * test passes and which fails, and the tests file's own problems are errors on it.
 */
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeLens, Diagnostic } from 'vscode-languageserver-protocol';
import { serverInFolder, tempFolder } from './client';

const EXAMPLE = join(__dirname, '../../docs/examples/tenancy');
const CLUSTER = readFileSync(join(EXAMPLE, 'cluster.yaml'), 'utf8');
const TESTS = readFileSync(join(EXAMPLE, 'netpol-tests.yaml'), 'utf8');
const lineOf = (text: string, pattern: RegExp, from = 0) => text.split('\n').findIndex((l, i) => i >= from && pattern.test(l));
/** A diagnostic's message (ours are plain text). */
const msg = (d: Diagnostic) => String(d.message);
const violated = (ds: Diagnostic[]) => ds.filter((d) => d.code === 'tenant-invariant-violated');

describe('tenant tests in the editor', () => {
  const folder = serverInFolder(() => {
    const d = mkdtempSync(join(tmpdir(), 'netpol-tenancy-'));
    cpSync(EXAMPLE, d, { recursive: true });
    return d;
  });
  const lenses = async (name: string) =>
    (await folder.client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: folder.uri(name) } })) as CodeLens[];

  it('shows the violated tenant-isolation on the tests file and on the rule that opens the path', async () => {
    const { client, uri } = folder;
    await client.open(uri('netpol-tests.yaml'), TESTS);
    await client.open(uri('cluster.yaml'), CLUSTER);
    const onTests = violated(await client.diagnostics(uri('netpol-tests.yaml'), (d) => violated(d).length > 0, 'the invariant on the tests file'));
    assert.equal(onTests.length, 1);
    assert.equal(onTests[0].range.start.line, lineOf(TESTS, /^invariants:/));
    assert.equal(onTests[0].severity, 1);
    assert.match(msg(onTests[0]), /^tenant-isolation: Lets tenant-b reach tenant-a\/orders-db on TCP 5432: crosses tenants/);
    // it names the rule, with the file and line the CLI gives
    const ruleLine = lineOf(CLUSTER, /^ {4}- from:/, lineOf(CLUSTER, /name: allow-web-to-orders-db/));
    assert.ok(msg(onTests[0]).includes(`tenant-a/allow-web-to-orders-db ingress[0] allows TCP 5432 at cluster.yaml:${ruleLine + 1}`), msg(onTests[0]));
    const onRule = violated(await client.diagnostics(uri('cluster.yaml'), (d) => violated(d).length > 0, 'the invariant on the causing rule'));
    assert.equal(onRule.length, 1);
    assert.equal(onRule[0].range.start.line, ruleLine);
    assert.match(msg(onRule[0]), /^Lets tenant-b reach tenant-a\/orders-db on TCP 5432: crosses tenants .*\(tenant-isolation, netpol-tests\.yaml:10\)$/);
    assert.ok(String(onRule[0].codeDescription?.href).endsWith('/docs/rules/tenant-invariant-violated.md'));
  });

  it('puts a code lens on each invariant and test: holds / passes, or the first reason, with the report', async () => {
    const ls = await lenses('netpol-tests.yaml');
    const titles = ls.map((l) => [l.range.start.line, l.command?.title]);
    const inv = lineOf(TESTS, /^invariants:/);
    assert.deepEqual(
      titles.filter(([line]) => line === inv).map(([, t]) => String(t).replace(/:.*/, '')),
      ['✗ tenant-isolation violated', '✓ dns-reachable holds', '✓ metadata-blocked holds', '✓ default-deny holds'],
    );
    assert.match(String(titles.find(([line]) => line === inv)?.[1]), /violated: Lets tenant-b reach tenant-a\/orders-db on TCP 5432/);
    const test1 = lineOf(TESTS, /- name: web reaches the shared database/);
    const test2 = lineOf(TESTS, /- name: tenant-b's api cannot reach/);
    assert.deepEqual(
      titles.filter(([line]) => line === test1 || line === test2),
      [
        [test1, '✓ passes'],
        [test2, '✓ passes'],
      ],
    );
    const report = ls[0].command!.arguments![0] as { title: string; markdown: string };
    assert.equal(ls[0].command!.command, 'netpolLint.showTestReport');
    assert.equal(report.title, 'Invariant tenant-isolation');
    assert.match(report.markdown, /^# Invariant tenant-isolation\n/);
    assert.match(report.markdown, /\n- `tenant-a\/allow-web-to-orders-db ingress\[0\] allows TCP 5432 at cluster\.yaml:\d+`\n/);
  });

  it('offers no "Disable … for this line" for it (no comment silences it), but still for the other findings there', async () => {
    const { client, uri } = folder;
    const ds = await client.diagnostics(uri('cluster.yaml'), (d) => violated(d).length > 0, 'the invariant on the rule');
    const titles = (await client.codeActions(uri('cluster.yaml'), ds)).map((a) => a.title);
    assert.ok(!titles.some((t) => t.includes('tenant-invariant-violated')), JSON.stringify(titles));
    assert.ok(
      titles.some((t) => t === 'Disable cross-namespace-label-trust for this line'),
      JSON.stringify(titles),
    );
  });

  it('mending the policy (an edit) clears both diagnostics, and the lens says it holds', async () => {
    const { client, uri } = folder;
    const line = lineOf(CLUSTER, /^ {8}- namespaceSelector: \{\}/, lineOf(CLUSTER, /name: allow-web-to-orders-db/));
    const col = CLUSTER.split('\n')[line].indexOf('{}');
    await client.change(uri('cluster.yaml'), [
      {
        range: { start: { line, character: col }, end: { line, character: col + 2 } },
        newText: '{ matchLabels: { kubernetes.io/metadata.name: tenant-a } }',
      },
    ]);
    await client.diagnostics(uri('cluster.yaml'), (d, p) => p.version === 2 && violated(d).length === 0, 'the rule cleared');
    await client.diagnostics(uri('netpol-tests.yaml'), (d) => violated(d).length === 0, 'the tests file cleared');
    const ls = await lenses('netpol-tests.yaml');
    assert.ok(
      ls.some((l) => l.command?.title === '✓ tenant-isolation holds'),
      JSON.stringify(ls.map((l) => l.command?.title)),
    );
  });

  it('a failing test shows on its line, and its lens says why', async () => {
    const { client, uri } = folder;
    const text = client.texts.get(uri('netpol-tests.yaml'))!;
    const line = lineOf(text, /^ {4}expect: deny/);
    await client.change(uri('netpol-tests.yaml'), [{ range: { start: { line, character: 12 }, end: { line, character: 16 } }, newText: 'allow' }]);
    const ds = await client.diagnostics(uri('netpol-tests.yaml'), (d) => d.some((x) => x.code === 'tenant-test-failed'), 'the failing test');
    const failed = ds.filter((d) => d.code === 'tenant-test-failed');
    assert.equal(failed.length, 1);
    assert.equal(failed[0].range.start.line, lineOf(text, /- name: tenant-b's api cannot reach/));
    assert.match(msg(failed[0]), /^Test "tenant-b's api cannot reach tenant-a's orders database" fails: /);
    const ls = await lenses('netpol-tests.yaml');
    assert.match(String(ls.find((l) => l.range.start.line === failed[0].range.start.line)?.command?.title), /^✗ fails: /);
  });
});

describe('a bad tests file in the editor', () => {
  const folder = serverInFolder(() =>
    tempFolder('netpol-badtests-', {
      'netpol-tests.yaml': 'tenats:\n  a: [a]\ninvariants: [tenant-isolation]\n',
      'p.yaml': 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n',
    }),
  );

  it('shows its problem as an error on the key, with "did you mean"', async () => {
    const { client, uri } = folder;
    const text = readFileSync(join(folder.dir, 'netpol-tests.yaml'), 'utf8');
    await client.open(uri('netpol-tests.yaml'), text);
    const ds = await client.diagnostics(uri('netpol-tests.yaml'), (d) => d.some((x) => x.code === 'invalid-tests-file'), 'the bad key');
    const bad = ds.find((d) => d.code === 'invalid-tests-file')!;
    assert.equal(bad.severity, 1);
    assert.deepEqual(bad.range.start, { line: 0, character: 0 });
    assert.match(msg(bad), /^Unknown key "tenats": did you mean "tenants"\?/);
  });
});

describe("the config file's tests: section in the editor, the tests file closed", () => {
  // the example's tests file as the section (its lines indented under `tests:`)
  const config = `tests:\n${TESTS.split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => `  ${l}`)
    .join('\n')}\n`;
  const folder = serverInFolder(() => tempFolder('netpol-section-', { '.netpol-lint.yaml': config, 'cluster.yaml': CLUSTER }));

  it('runs the section on the workspace and shows the violation on the rule, naming the config file', async () => {
    const { client, uri } = folder;
    await client.open(uri('cluster.yaml'), CLUSTER);
    const ds = violated(await client.diagnostics(uri('cluster.yaml'), (d) => violated(d).length > 0, 'the invariant on the rule'));
    const ruleLine = lineOf(CLUSTER, /^ {4}- from:/, lineOf(CLUSTER, /name: allow-web-to-orders-db/));
    assert.deepEqual(
      ds.map((d) => d.range.start.line),
      [ruleLine],
    );
    const at = config.split('\n').findIndex((l) => l.startsWith('  invariants:')) + 1;
    assert.ok(msg(ds[0]).endsWith(`(tenant-isolation, .netpol-lint.yaml:${at})`), msg(ds[0]));
  });
});

describe('many violations in the editor', () => {
  const pods = Array.from(
    { length: 12 },
    (_, i) =>
      `apiVersion: v1\nkind: Pod\nmetadata: { name: db-${i}, namespace: tenant-a, labels: { app: db } }\nspec: { containers: [{ name: db, image: postgres }] }\n`,
  );
  const policy = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: { name: allow-web, namespace: tenant-a }',
    'spec:',
    '  podSelector: { matchLabels: { app: db } }',
    '  ingress:',
    '    - from: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: web } } }]',
    '',
  ].join('\n');
  const namespaces = ['tenant-a', 'tenant-b'].map((n) => `apiVersion: v1\nkind: Namespace\nmetadata: { name: ${n} }\n`);
  const tests = 'tenants: { tenant-a: [tenant-a], tenant-b: [tenant-b] }\ninvariants: [tenant-isolation]\n';
  const folder = serverInFolder(() => tempFolder('netpol-many-', { 'netpol-tests.yaml': tests, 'c.yaml': [...namespaces, ...pods, policy].join('---\n') }));

  it('lists 10 on the tests file and counts the rest; the rule gets one, with how many more it causes', async () => {
    const { client, uri } = folder;
    await client.open(uri('netpol-tests.yaml'), tests);
    await client.open(uri('c.yaml'), readFileSync(join(folder.dir, 'c.yaml'), 'utf8'));
    const onTests = violated(await client.diagnostics(uri('netpol-tests.yaml'), (d) => violated(d).length > 0, 'the violations'));
    assert.equal(onTests.length, 11);
    assert.match(msg(onTests[0]), /^tenant-isolation: Lets tenant-b reach tenant-a\/db-0 on all: crosses tenants/);
    assert.equal(msg(onTests[10]), 'tenant-isolation: 2 more violations (netpol-lint test lists them all)');
    const onRule = violated(await client.diagnostics(uri('c.yaml'), (d) => violated(d).length > 0, 'the rule'));
    assert.equal(onRule.length, 1);
    assert.match(msg(onRule[0]), /^Lets tenant-b reach tenant-a\/db-0 on all: .* \(and 11 more from this rule\)$/);
  });
});

describe('a tests file beside a manifest that cannot be read', () => {
  const tests = 'tenants: { tenant-a: [tenant-a], tenant-b: [tenant-b] }\ninvariants: [tenant-isolation]\n';
  const broken = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: { name: deny, namespace: tenant-a\nspec: {}\n';
  const folder = serverInFolder(() => tempFolder('netpol-unreadable-', { 'netpol-tests.yaml': tests, 'broken.yaml': broken }));

  it('says so in the code lens: the policy left out may change the answer', async () => {
    const { client, uri } = folder;
    await client.open(uri('netpol-tests.yaml'), tests);
    await client.diagnostics(uri('netpol-tests.yaml'), () => true, 'the first publish');
    let titles: (string | undefined)[] = [];
    for (const end = Date.now() + 5000; !titles.some((t) => t?.includes('could not be read')); await new Promise((r) => setTimeout(r, 100))) {
      titles = ((await client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('netpol-tests.yaml') } })) as CodeLens[]).map(
        (l) => l.command?.title,
      );
      assert.ok(Date.now() < end, JSON.stringify(titles));
    }
    assert.deepEqual(titles, ['✓ tenant-isolation holds (1 document of the workspace could not be read and is left out)']);
  });
});
