/** `netpol-lint test`: the tests file over the paths, as CI runs it (exit 0 pass, 1 fail, 2 bad tests file). */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';

const CLI = join(__dirname, '../../dist/cli.js');
const EXAMPLE = join(__dirname, '../../docs/examples/tenancy');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A copy of the example: cluster.yaml and netpol-tests.yaml in a fresh folder. */
function example(): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-test-'));
  cpSync(EXAMPLE, d, { recursive: true });
  return d;
}

const mend = (d: string) => {
  const f = join(d, 'cluster.yaml');
  writeFileSync(
    f,
    readFileSync(f, 'utf8').replace(
      /(name: allow-web-to-orders-db[\s\S]*?)namespaceSelector: \{\}/,
      '$1namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: tenant-a }',
    ),
  );
};

describe('netpol-lint test', () => {
  it('fails (exit 1) on the example, naming the pair, the set and the rule with file and line', () => {
    const d = example();
    const r = run(['test', 'cluster.yaml'], d);
    assert.equal(r.code, 1, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'FAIL  tenant-isolation');
    assert.match(lines[1], /^ {8}Lets tenant-b reach tenant-a\/orders-db on TCP 5432: crosses tenants \(a pod of tenant-b labelled app=web-server/);
    // the rule's line: the `- from:` of allow-web-to-orders-db
    const text = readFileSync(join(d, 'cluster.yaml'), 'utf8').split('\n');
    const m = /^ {10}cluster\.yaml:(\d+) {2}tenant-a\/allow-web-to-orders-db ingress\[0\] allows TCP 5432$/.exec(lines[2]);
    assert.ok(m, lines[2]);
    assert.match(text[Number(m[1]) - 1], /^\s*- from:/);
    assert.ok(r.out.includes('ok    netpol-tests.yaml:12  web reaches the shared database: TCP 5432 allowed on 1 of 1 pair'));
    assert.match(r.out, /\n1 of 6 failed\.\n$/);
  });

  it('passes (exit 0) as written, and against a hostile tenant once the peer names its namespace', () => {
    const d = example();
    const asWritten = run(['test', '.', '--as-written'], d);
    assert.equal(asWritten.code, 0, asWritten.out);
    assert.match(asWritten.out, /^ok {4}tenant-isolation \(as written\)\n/);
    mend(d);
    const r = run(['test', '.'], d);
    assert.equal(r.code, 0, r.out);
    assert.match(r.out, /All 6 passed\.\n$/);
  });

  it('JSON: each invariant with its violations (pair, count, connections, causes with file and line), each test with its line', () => {
    const d = example();
    const r = run(['test', 'cluster.yaml', '--format', 'json'], d);
    assert.equal(r.code, 1);
    const j = JSON.parse(r.out);
    assert.equal(j.passed, false);
    assert.equal(j.asWritten, false);
    const ti = j.invariants.find((i: { name: string }) => i.name === 'tenant-isolation');
    assert.equal(ti.holds, false);
    assert.deepEqual(
      ti.violations.map((v: Record<string, unknown>) => [v.from, v.to, v.count, v.connections]),
      [['tenant-b/*', 'tenant-a/orders-db', 1, [{ protocol: 'TCP', ports: [[5432, 5432]] }]]],
    );
    const c = ti.violations[0].causes[0];
    assert.deepEqual([c.policy, c.direction, c.rule, c.file, typeof c.line], ['tenant-a/allow-web-to-orders-db', 'Ingress', 0, 'cluster.yaml', 'number']);
    assert.deepEqual(
      j.tests.map((t: Record<string, unknown>) => [t.name, t.line, t.passed]),
      [
        ['web reaches the shared database', 12, true],
        ["tenant-b's api cannot reach tenant-a's orders database", 17, true],
      ],
    );
    assert.deepEqual(j.unreadable, []);
  });

  it('JUnit: one test case per invariant and test, the failure with its reasons', () => {
    const d = example();
    const r = run(['test', 'cluster.yaml', '--format', 'junit'], d);
    assert.equal(r.code, 1);
    assert.match(r.out, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="netpol-lint test" tests="6" failures="1" errors="0">/);
    assert.equal((r.out.match(/<testcase /g) ?? []).length, 6);
    assert.match(r.out, /<testcase classname="invariants" name="tenant-isolation">\n {6}<failure message="1 violation: Lets tenant-b reach/);
    assert.ok(r.out.includes(`name="tenant-b's api cannot reach tenant-a's orders database (netpol-tests.yaml:17)"/>`));
    assert.match(r.out, /cluster\.yaml:\d+ {2}tenant-a\/allow-web-to-orders-db ingress\[0\] allows TCP 5432<\/failure>/);
  });

  it('finds netpol-tests.yaml in a folder above the working directory; --tests names another', () => {
    const d = example();
    mkdirSync(join(d, 'sub'));
    assert.equal(run(['test', '../cluster.yaml'], join(d, 'sub')).code, 1);
    writeFileSync(join(d, 'other.yaml'), 'invariants: [default-deny]\ntenants: { tenant-a: [tenant-a] }\n');
    const r = run(['test', 'cluster.yaml', '--tests', 'other.yaml'], d);
    assert.equal(r.code, 0, r.out);
    assert.equal(r.out, 'ok    default-deny\n\nAll 1 passed.\n');
  });

  it('a bad tests file is exit 2 and one line: where, the problem, did you mean', () => {
    const d = example();
    writeFileSync(join(d, 'netpol-tests.yaml'), 'tenants: { a: [a], b: [b] }\ninvariants: [tenant-isolation, dns-reachble]\n');
    const r = run(['test', 'cluster.yaml'], d);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.equal(
      r.err,
      'netpol-lint: bad tests file netpol-tests.yaml:2:32: Unknown invariant "dns-reachble": did you mean "dns-reachable"? Known: tenant-isolation, dns-reachable, metadata-blocked, default-deny (invariants)\n',
    );
  });

  it('reads the tests: section of .netpol-lint.yaml when there is no netpol-tests.yaml; a bad one is a bad config (exit 2)', () => {
    const d = example();
    const tests = readFileSync(join(d, 'netpol-tests.yaml'), 'utf8');
    rmSync(join(d, 'netpol-tests.yaml'));
    const section = tests
      .split('\n')
      .filter((l) => !l.startsWith('#'))
      .map((l) => (l ? `  ${l}` : l))
      .join('\n');
    writeFileSync(join(d, '.netpol-lint.yaml'), `rules:\n  implicit-protocol: off\ntests:\n${section}`);
    const r = run(['test', 'cluster.yaml'], d);
    assert.equal(r.code, 1, r.err);
    assert.match(r.out, /^FAIL {2}tenant-isolation\n {8}Lets tenant-b reach tenant-a\/orders-db on TCP 5432: crosses tenants/);
    // the test's line is its line in the config file
    assert.ok(r.out.includes('ok    .netpol-lint.yaml:14  web reaches the shared database: TCP 5432 allowed on 1 of 1 pair'), r.out);
    assert.match(r.out, /\n1 of 6 failed\.\n$/);
    // a netpol-tests.yaml wins over the section
    writeFileSync(join(d, 'netpol-tests.yaml'), 'invariants: [default-deny]\ntenants: { tenant-a: [tenant-a] }\n');
    assert.match(run(['test', 'cluster.yaml'], d).out, /^(ok|FAIL) {2}default-deny\n[\s\S]*of 1 failed\.\n$|All 1 passed/);
    rmSync(join(d, 'netpol-tests.yaml'));
    writeFileSync(join(d, '.netpol-lint.yaml'), 'tests:\n  tenants: { a: [a], b: [b] }\n  invariants: [tenant-isolation, dns-reachble]\n');
    const bad = run(['test', 'cluster.yaml'], d);
    assert.equal(bad.code, 2);
    assert.equal(
      bad.err,
      'netpol-lint: bad config .netpol-lint.yaml:3:34: Unknown invariant "dns-reachble": did you mean "dns-reachable"? Known: tenant-isolation, dns-reachable, metadata-blocked, default-deny (tests.invariants)\n',
    );
    // as for the rest of the config: lint refuses it too
    assert.equal(run(['lint', 'cluster.yaml'], d).code, 2);
  });

  it('no tests file, a missing one, or --tests on another command: exit 2 with one line', () => {
    const d = mkdtempSync(join(tmpdir(), 'netpol-test-none-'));
    writeFileSync(join(d, 'p.yaml'), 'kind: Namespace\napiVersion: v1\nmetadata: { name: a }\n');
    const none = run(['test', 'p.yaml'], d);
    assert.equal(none.code, 2);
    assert.match(none.err, /^netpol-lint: no tests file: no netpol-tests\.yaml in .* \(name one with --tests FILE\)\n$/);
    // a tests file outside the working directory is named by its whole path
    const outside = join(mkdtempSync(join(tmpdir(), 'netpol-test-out-')), 'netpol-tests.yaml');
    writeFileSync(outside, 'invariants: [default-denny]\n');
    assert.match(
      run(['test', 'p.yaml', '--tests', outside], d).err,
      new RegExp(
        `^netpol-lint: bad tests file ${outside.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:1:14: Unknown invariant "default-denny": did you mean "default-deny"\\?`,
      ),
    );
    const missing = run(['test', 'p.yaml', '--tests', 'nope.yaml'], d);
    assert.equal(missing.code, 2);
    assert.equal(missing.err, "netpol-lint: cannot read the tests file 'nope.yaml': no such file\n");
    assert.equal(run(['lint', 'p.yaml', '--tests', 'x.yaml'], d).err, 'netpol-lint: --tests and --as-written belong to test\n');
    assert.equal(run(['test', 'p.yaml', '--format', 'markdown'], d).err, "netpol-lint: unknown format 'markdown' for test: use text, json, junit or sarif\n");
  });

  it('SARIF: valid 2.1.0, the result on the rule that opens the cross-tenant path, a failed test on its line', () => {
    const d = example();
    const tests = join(d, 'netpol-tests.yaml');
    writeFileSync(
      tests,
      readFileSync(tests, 'utf8').replace(
        'workload: api }\n    to: { namespace: tenant-a, podSelector: { app: orders-db } }\n    expect: deny',
        'workload: api }\n    to: { namespace: tenant-a, podSelector: { app: orders-db } }\n    expect: allow',
      ),
    );
    const r = run(['test', 'cluster.yaml', '--format', 'sarif'], d);
    assert.equal(r.code, 1);
    const sarif = JSON.parse(r.out);
    const schema = JSON.parse(readFileSync(join(__dirname, '../data/sarif/sarif-schema-2.1.0.json'), 'utf8'));
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats(ajv);
    assert.ok(ajv.validate(schema, JSON.parse(r.out)), JSON.stringify(ajv.errors));
    const results = sarif.runs[0].results.map(
      (x: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) => [
        x.ruleId,
        x.locations[0].physicalLocation.artifactLocation.uri,
        x.locations[0].physicalLocation.region.startLine,
      ],
    );
    const text = readFileSync(join(d, 'cluster.yaml'), 'utf8').split('\n');
    const [iso, test] = results;
    assert.deepEqual(iso.slice(0, 2), ['tenant-isolation', 'cluster.yaml']);
    assert.match(text[iso[2] - 1], /^\s*- from:/);
    assert.deepEqual(test, ['connectivity-test', 'netpol-tests.yaml', 17]);
    assert.equal(results.length, 2);
  });

  it("the README's scenario is what the command prints", () => {
    const root = join(__dirname, '../..');
    const r = run(['test', 'docs/examples/tenancy/', '--tests', 'docs/examples/tenancy/netpol-tests.yaml'], root);
    assert.equal(r.code, 1);
    assert.ok(readFileSync(join(root, 'README.md'), 'utf8').includes(`\n${r.out}\`\`\``), r.out);
  });
});
