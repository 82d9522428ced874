/** The built `netpol-lint` command: formats, exit codes, folders, stdin, bad input. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALLOW_DNS, DENY_ALL, policy } from '../helpers';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[], input?: string, cwd?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { input, cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const ERROR_POLICY = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80']);

describe('netpol-lint into a pipe that closes early', () => {
  it("stops quietly when the reader goes away (| head), with the lint's exit status", () => {
    const dir = workspace({ 'many.yaml': Array.from({ length: 1500 }, (_, i) => DENY_ALL.replace('default-deny-all', `deny-${i}`)).join('---\n') });
    const r = spawnSync(
      'bash',
      ['-c', `"${process.execPath}" "${CLI}" many.yaml --format json | head -c 100 >/dev/null; echo "status \${PIPESTATUS[0]}" >&2`],
      { cwd: dir, encoding: 'utf8' },
    );
    assert.equal(r.stderr, 'status 0\n', 'no stack trace, the status of a run without errors');
  });
});

describe('netpol-lint text output', () => {
  it('prints path:line:col  severity  message  [code] with 1-based positions, and a summary', () => {
    const dir = workspace({ 'deny.yaml': DENY_ALL });
    const r = run(['deny.yaml'], undefined, dir);
    assert.equal(r.code, 0, 'warnings alone exit 0');
    const lines = r.out.trim().split('\n');
    assert.match(lines[0], /^deny\.yaml:10:7 {2}warning {2}No DNS egress: .* \(spec\.policyTypes\[1\]\) {2}\[missing-dns-egress\]$/);
    assert.equal(lines.at(-1), '0 errors, 1 warning in 1 file');
  });

  it('prints control characters from the repository escaped: a YAML value cannot forge or hide a line', () => {
    // an invalid protocol whose value holds CR, LF and an escape sequence: a forged "clean" line
    const forged = policy([
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - protocol: "x\\r\\nall.yaml:1:1  hint  fine  [ok]\\u001b[2K"',
      '        port: 80',
    ]);
    const dir = workspace({ 'p\u001b[31m.yaml': forged });
    const r = run(['.'], undefined, dir);
    assert.ok(!r.out.includes('\u001b') && !r.out.includes('\r'), 'no raw escape or carriage return in the output');
    const lines = r.out.trim().split('\n');
    assert.ok(!lines.some((l) => l.startsWith('all.yaml:1:1')), 'no forged finding line');
    const line = lines.find((l) => l.includes('[invalid-protocol]'))!;
    assert.ok(line.startsWith('./p\\u001b[31m.yaml:') || line.startsWith('p\\u001b[31m.yaml:'), line);
    assert.match(line, /x\\u000d\\u000aall\.yaml:1:1 {2}hint {2}fine {2}\[ok\]\\u001b\[2K/);
  });

  it('--fix names a fixed file with control characters escaped (the "fixed …" line too)', () => {
    const dir = workspace({ 'p\u001b[2K\r\nFORGED.yaml': ERROR_POLICY });
    for (const format of ['text', 'json']) {
      const r = run(['.', '--fix', '--format', format], undefined, dir);
      const said = format === 'text' ? r.out : r.err;
      assert.ok(!said.includes('\u001b') && !said.includes('\r'), `${format}: no raw escape or carriage return`);
      assert.ok(!said.split('\n').some((l) => l.startsWith('FORGED')), `${format}: no line of the file name's own`);
      if (format === 'text') assert.match(said, /^fixed \d+ problems? in (\.\/)?p\\u001b\[2K\\u000d\\u000aFORGED\.yaml \(.*invalid-protocol/m);
      writeFileSync(join(dir, 'p\u001b[2K\r\nFORGED.yaml'), ERROR_POLICY);
    }
  });

  it('the summary counts every severity it printed: information and hints too', () => {
    const dir = workspace({ 'web.yaml': policy(['podSelector: {}', 'ingress:', '  - ports:', '      - port: 80']) });
    const r = run(['web.yaml'], undefined, dir);
    assert.equal(r.code, 0);
    const lines = r.out.trim().split('\n');
    const printed = (sev: string) => lines.filter((l) => l.split('  ')[1] === sev).length;
    assert.deepEqual([printed('information'), printed('hint')], [3, 1]);
    assert.equal(lines.at(-1), '0 errors, 0 warnings, 3 information, 1 hint in 1 file');
    // the JSON summary says the same
    assert.deepEqual(JSON.parse(run(['web.yaml', '--format', 'json'], undefined, dir).out).summary, {
      errors: 0,
      warnings: 0,
      information: 3,
      hints: 1,
      files: 1,
    });
  });

  it('exits 1 on an error-severity finding', () => {
    const dir = workspace({ 'bad.yml': ERROR_POLICY });
    const r = run(['lint', 'bad.yml'], undefined, dir);
    assert.equal(r.code, 1);
    assert.match(r.out, /bad\.yml:10:21 {2}error {2}.*\[invalid-protocol\]/);
  });

  it('walks folders for .yaml and .yml, skipping node_modules and .git, and other extensions', () => {
    const dir = workspace({
      'a/deny.yaml': DENY_ALL,
      'a/b/deny.yml': DENY_ALL,
      'a/notes.txt': DENY_ALL,
      'node_modules/x/deny.yaml': DENY_ALL,
      '.git/deny.yaml': DENY_ALL,
    });
    const r = run(['.'], undefined, dir);
    // both copies lack DNS, and each is the other's duplicate (one workspace over all paths)
    assert.match(r.out, /4 warnings in 2 files/);
    assert.match(r.out, /a\/deny\.yaml:4:9 {2}warning {2}.*defined in deny\.yml.*\[duplicate-policy-name\]/);
    assert.doesNotMatch(r.out, /node_modules|\.git\/|notes/);
  });

  it('walks folders for .json too (kubectl get -o json): the same pipeline reads them, as one workspace', () => {
    const list = JSON.stringify(
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'NetworkPolicy',
            metadata: { name: 'allow-dns', namespace: 'tenant-a' },
            spec: {
              podSelector: {},
              policyTypes: ['Egress'],
              egress: [
                {
                  to: [
                    {
                      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
                      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
                    },
                  ],
                  ports: [
                    { protocol: 'UDP', port: 53 },
                    { protocol: 'TCP', port: 53 },
                  ],
                },
              ],
            },
          },
        ],
      },
      null,
      '\t',
    );
    const dir = workspace({ 'deny.yaml': DENY_ALL, 'kubectl/dns.json': list, 'package.json': '{"name": "x"}' });
    const r = run(['.', '--format', 'json'], undefined, dir);
    const out = JSON.parse(r.out);
    assert.deepEqual(
      out.files.map((f: { path: string }) => f.path),
      ['deny.yaml', 'kubectl/dns.json', 'package.json'],
    );
    const codes = out.files[0].findings.map((f: { code: string }) => f.code);
    assert.ok(!codes.includes('missing-dns-egress'), `the DNS policy of the JSON list covers the default deny: ${codes}`);
    assert.deepEqual(out.files[2].findings, [], 'a JSON file that is no manifest costs nothing and says nothing');
  });

  it('honours suppression comments, as the editor does', () => {
    const dir = workspace({
      'deny.yaml': DENY_ALL.replace('    - Egress', '    # netpol-lint-disable-next-line missing-dns-egress -- DNS lives in dns.yaml\n    - Egress'),
    });
    const r = run(['deny.yaml'], undefined, dir);
    assert.equal(r.out.trim(), '0 errors, 0 warnings in 1 file');
  });

  it('honours --max-warnings, and says so on stderr when it is exceeded', () => {
    const dir = workspace({ 'deny.yaml': DENY_ALL });
    const within = run(['deny.yaml', '--max-warnings', '1'], undefined, dir);
    assert.equal(within.code, 0);
    assert.equal(within.err, '');
    const over = run(['deny.yaml', '--max-warnings', '0'], undefined, dir);
    assert.equal(over.code, 1);
    assert.equal(over.err, 'netpol-lint: too many warnings (1, maximum 0)\n');
    assert.match(over.out, /^0 errors, 1 warning in 1 file$/m, 'the findings are still printed');
    const json = run(['deny.yaml', '--max-warnings=0', '--format', 'json'], undefined, dir);
    assert.equal(json.err, 'netpol-lint: too many warnings (1, maximum 0)\n');
    assert.equal(JSON.parse(json.out).summary.warnings, 1, 'stdout stays one JSON object');
  });
});

describe('netpol-lint --format json', () => {
  it('writes one object with 0-based ranges, document indexes and a summary', () => {
    const dir = workspace({ 'p/two.yaml': ALLOW_DNS + '---\n' + ERROR_POLICY });
    const r = run(['p/two.yaml', '--format', 'json'], undefined, dir);
    assert.equal(r.code, 1);
    const json = JSON.parse(r.out);
    assert.equal(json.files[0].path, 'p/two.yaml');
    const f = json.files[0].findings.find((x: { code: string }) => x.code === 'invalid-protocol');
    assert.deepEqual(f, {
      code: 'invalid-protocol',
      severity: 'error',
      message: f.message,
      document: 1,
      range: { start: { line: 32, character: 20 }, end: { line: 32, character: 23 } },
    });
    const count = (sev: string) => json.files[0].findings.filter((x: { severity: string }) => x.severity === sev).length;
    assert.deepEqual(json.summary, { errors: 1, warnings: 0, information: count('information'), hints: count('hint'), files: 1 });
  });

  it('reads standard input for "-"', () => {
    const r = run(['-', '--format', 'json'], DENY_ALL);
    assert.equal(r.code, 0);
    const json = JSON.parse(r.out);
    assert.equal(json.files[0].path, '-');
    assert.equal(json.files[0].findings[0].code, 'missing-dns-egress');
  });

  it('reports a clean file with no findings', () => {
    const json = JSON.parse(run(['-', '--format', 'json'], DENY_ALL + '---\n' + ALLOW_DNS).out);
    assert.deepEqual(json.files[0].findings, []);
  });
});

describe('netpol-lint usage errors exit 2 with a one-line message', () => {
  const cases: [string, string[], RegExp][] = [
    ['a missing path', ['does-not-exist.yaml'], /^netpol-lint: cannot read 'does-not-exist.yaml': no such file or directory\n$/],
    ['no paths', [], /no paths given/],
    ['an unknown format', ['-', '--format', 'xml'], /unknown format 'xml'/],
    ['an unknown option', ['-', '--frobnicate'], /^netpol-lint: unknown option --frobnicate \(see --help\)\n$/],
    ['a mistyped option', ['-', '--frmat', 'json'], /^netpol-lint: unknown option --frmat; did you mean --format\? \(see --help\)\n$/],
    ['a mistyped option with its value', ['-', '--max-warning=0'], /^netpol-lint: unknown option --max-warning; did you mean --max-warnings\? /],
    ['a long option with one dash', ['-', '-format', 'json'], /^netpol-lint: unknown option -format; did you mean --format\? /],
    ['an unknown short option', ['-', '-x'], /^netpol-lint: unknown option -x \(see --help\)\n$/],
    ['an option missing its value', ['-', '--format'], /^netpol-lint: option --format needs a value: text, json or sarif \(see --help\)\n$/],
    ['an option whose value is another option', ['-', '--max-warnings', '--fix'], /^netpol-lint: option --max-warnings needs a value: a whole number /],
    ['a value given to a flag', ['-', '--fix=yes'], /^netpol-lint: option --fix takes no value \(see --help\)\n$/],
    ['a mistyped command', ['rech', '.', '--port', '80'], /^netpol-lint: cannot read 'rech': no such file or directory; did you mean the command reach\? /],
    ['a bad --max-warnings', ['-', '--max-warnings', 'many'], /--max-warnings takes a whole number/],
  ];
  for (const [what, args, message] of cases) {
    it(what, () => {
      const r = run(args, '');
      assert.equal(r.code, 2);
      assert.match(r.err, message);
      assert.equal(r.err.trim().split('\n').length, 1);
      assert.equal(r.out, '');
    });
  }

  it("never shows Node's own parseArgs text", () => {
    for (const args of [
      ['-', '--frmat'],
      ['-', '--port'],
      ['-', '--max-warnings', '--fix'],
      ['-', '--help=1'],
    ]) {
      const r = run(args, '');
      assert.equal(r.code, 2, args.join(' '));
      assert.doesNotMatch(r.err, /Unknown option '|argument missing|argument is ambiguous|does not take an argument/, args.join(' '));
    }
  });

  it('lints binary garbage without crashing', () => {
    const r = run(['-'], '\u0000\u0001kind: NetworkPolicy\n\u00ff\u0000: [');
    assert.ok(r.code === 0 || r.code === 1, r.err);
    assert.equal(r.err, '');
  });
});

describe('netpol-lint help', () => {
  it('help, --help and -h print the same usage on stdout, exit 0', () => {
    const dir = workspace({});
    const help = run(['help'], undefined, dir);
    assert.equal(help.code, 0);
    assert.equal(help.err, '');
    assert.match(help.out, /^Usage: netpol-lint \[lint\] <paths…>/);
    assert.match(help.out, /--max-warnings N/);
    assert.deepEqual(run(['--help'], undefined, dir), help);
    assert.deepEqual(run(['-h'], undefined, dir), help);
    assert.deepEqual(run(['help', 'reach'], undefined, dir), help, 'help on a command is the same text');
  });

  it('a folder named help is still linted when the command is explicit', () => {
    const dir = workspace({ 'help/deny.yaml': DENY_ALL });
    const r = run(['lint', 'help'], undefined, dir);
    assert.match(r.out, /^help\/deny\.yaml:10:7 {2}warning/);
  });
});

describe('netpol-lint configuration (.netpol-lint.yaml, --config)', () => {
  const OPENSHIFT = 'dns:\n  namespace: openshift-dns\n  ports: [5353]\n';

  it('finds .netpol-lint.yaml walking up from the working directory', () => {
    const dir = workspace({ '.netpol-lint.yaml': OPENSHIFT, 'policies/deny.yaml': DENY_ALL });
    const r = run(['deny.yaml', '--format', 'json'], undefined, join(dir, 'policies'));
    const [f] = JSON.parse(r.out).files[0].findings;
    assert.equal(f.code, 'missing-dns-egress');
    assert.match(f.message, /UDP 5353 to openshift-dns pods/);
  });

  it('lints ClusterNetworkPolicies against the channel of .netpol-lint.yaml, errors exit 1', () => {
    const cnp = [
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      'metadata: {name: infra}',
      'spec:',
      '  tier: Admin',
      '  priority: 5',
      '  subject: {namespaces: {}}',
      '  egress:',
      '    - action: Accept',
      '      to: [{nodes: {}}]',
      '',
    ].join('\n');
    const standard = run(['cnp.yaml', '--format', 'json'], undefined, workspace({ 'cnp.yaml': cnp }));
    assert.equal(standard.code, 1);
    const [f] = JSON.parse(standard.out).files[0].findings;
    assert.equal(f.code, 'unknown-field');
    assert.match(f.message, /^Unknown field "nodes": .*experimental channel's CRD only \(spec\.egress\[0\]\.to\[0\]\.nodes\)$/);
    const experimental = run(['cnp.yaml'], undefined, workspace({ '.netpol-lint.yaml': 'clusterNetworkPolicy:\n  channel: experimental\n', 'cnp.yaml': cnp }));
    assert.equal(experimental.code, 0);
    assert.match(experimental.out, /0 errors, 0 warnings in 1 file/);
  });

  it('--config names the file explicitly; rules set there apply', () => {
    const dir = workspace({ 'conf/netpol.yaml': 'rules:\n  missing-dns-egress: off\n', 'deny.yaml': DENY_ALL });
    const r = run(['deny.yaml', '--config', 'conf/netpol.yaml'], undefined, dir);
    assert.equal(r.code, 0);
    assert.match(r.out, /0 errors, 0 warnings in 1 file/);
  });

  it('a bad config is exit 2 with one line naming the key and where it is', () => {
    const dir = workspace({ '.netpol-lint.yaml': 'dns:\n  port: [5353]\n', 'deny.yaml': DENY_ALL });
    const r = run(['deny.yaml'], undefined, dir);
    assert.equal(r.code, 2);
    assert.equal(r.err.trim().split('\n').length, 1);
    assert.match(r.err, /^netpol-lint: bad config \.netpol-lint\.yaml:2:3: Unknown key "port": did you mean "ports"\? .* \(dns\)\n$/);
    assert.equal(r.out, '');
  });

  it('an unreadable --config is exit 2', () => {
    const dir = workspace({ 'deny.yaml': DENY_ALL });
    const r = run(['deny.yaml', '--config', 'missing.yaml'], undefined, dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /cannot read the config file 'missing\.yaml': no such file/);
  });
});

describe('netpol-lint --fix', () => {
  const examples = join(__dirname, '../../examples');
  const copyExamples = () =>
    workspace({
      'classic-mistakes.yaml': readFileSync(join(examples, 'classic-mistakes.yaml'), 'utf8'),
      'tenant-a-baseline.yaml': readFileSync(join(examples, 'tenant-a-baseline.yaml'), 'utf8'),
    });

  it('applies the safe fixes in place, reports what remains, and leaves unchanged files untouched', () => {
    const dir = copyExamples();
    const baseline = statSync(join(dir, 'tenant-a-baseline.yaml'));
    const r = run(['.', '--fix'], undefined, dir);
    assert.equal(r.code, 1, 'errors only a person can fix remain');
    assert.match(r.out, /2 errors, 5 warnings, 7 information in 2 files\n$/);
    const text = readFileSync(join(dir, 'classic-mistakes.yaml'), 'utf8');
    assert.match(text, /protocol: TCP\n {10}port: 80/);
    assert.match(text, /port: 9090/);
    assert.doesNotMatch(text, /protocol: tcp/);
    const after = statSync(join(dir, 'tenant-a-baseline.yaml'));
    assert.deepEqual([after.ino, after.mtimeMs], [baseline.ino, baseline.mtimeMs], 'a file without fixes is not rewritten');
    assert.deepEqual(
      readdirSync(dir).filter((f) => f.includes('.tmp')),
      [],
      'no temporary file left behind',
    );
  });

  const FIXABLE = policy([
    'podSelector: {}',
    'policyTypes: [Ingress]',
    'ingress:',
    '  - ports:',
    '      - port: 80',
    '      - protocol: udp',
    '        port: 53',
    '      - port: 443',
  ]);

  it('says what it fixed in each changed file, and nothing for the others', () => {
    const dir = workspace({ 'web.yaml': FIXABLE, 'deny.yaml': DENY_ALL + '---\n' + ALLOW_DNS });
    const r = run(['.', '--fix'], undefined, dir);
    assert.equal(r.code, 0, r.err);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'fixed 3 problems in web.yaml (implicit-protocol x2, invalid-protocol)');
    assert.doesNotMatch(r.out, /fixed .* in deny\.yaml/, 'an unchanged file is not mentioned');
    assert.equal(lines.filter((l) => l.startsWith('fixed ')).length, 1);
    assert.match(readFileSync(join(dir, 'web.yaml'), 'utf8'), /protocol: UDP/);
    const again = run(['.', '--fix'], undefined, dir);
    assert.doesNotMatch(again.out, /^fixed /m, 'nothing left to fix, nothing said');
  });

  it('reaches the fixpoint in one run over 150 namespaces: a second --fix changes nothing', () => {
    const many = Array.from({ length: 150 }, (_, i) => DENY_ALL.replace('tenant-a', `tenant-${i}`)).join('---\n');
    const dir = workspace({ 'many.yaml': many });
    const r = run(['many.yaml', '--fix'], undefined, dir);
    assert.match(r.out, /^fixed 150 problems in many\.yaml \(missing-dns-egress x150\)$/m);
    assert.doesNotMatch(r.out, /\[missing-dns-egress\]/, 'no DNS finding remains');
    const once = readFileSync(join(dir, 'many.yaml'), 'utf8');
    const again = run(['many.yaml', '--fix'], undefined, dir);
    assert.doesNotMatch(again.out, /^fixed /m, 'nothing left to fix');
    assert.equal(readFileSync(join(dir, 'many.yaml'), 'utf8'), once, 'the second run changes nothing');
  });

  it('with --format json, says it on stderr: stdout stays one JSON object', () => {
    const dir = workspace({ 'web.yaml': FIXABLE });
    const r = run(['web.yaml', '--fix', '--format', 'json'], undefined, dir);
    assert.equal(r.err, 'fixed 3 problems in web.yaml (implicit-protocol x2, invalid-protocol)\n');
    assert.equal(JSON.parse(r.out).files[0].path, 'web.yaml');
  });

  it('is idempotent: a second --fix writes nothing', () => {
    const dir = copyExamples();
    run(['.', '--fix'], undefined, dir);
    const first = statSync(join(dir, 'classic-mistakes.yaml'));
    const text = readFileSync(join(dir, 'classic-mistakes.yaml'), 'utf8');
    run(['.', '--fix'], undefined, dir);
    const second = statSync(join(dir, 'classic-mistakes.yaml'));
    assert.equal(readFileSync(join(dir, 'classic-mistakes.yaml'), 'utf8'), text);
    assert.deepEqual([second.ino, second.mtimeMs], [first.ino, first.mtimeMs]);
  });

  it('refuses standard input and the other commands', () => {
    assert.match(run(['-', '--fix'], DENY_ALL).err, /standard input is not a file/);
    assert.match(run(['explain', '.', '--fix'], undefined, copyExamples()).err, /--fix belongs to lint/);
  });
});
