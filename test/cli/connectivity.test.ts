/** `netpol-lint reach` and `netpol-lint explain`, as CI would run them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { docs, modelYaml, np } from '../connectivityModel';
import { runCli, tempTree } from '../cliRun';

const run = (args: string[], cwd: string) => runCli(args, { cwd });
const dir = (files: Record<string, string>) => tempTree('netpol-reach-', files);

const POLICIES = docs(
  np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']),
  np('web-from-y', 'x', [
    'podSelector: {matchLabels: {pod: a}}',
    'policyTypes: [Ingress]',
    'ingress:',
    '  - from:',
    '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}',
    '    ports:',
    '      - {protocol: TCP, port: serve-80-tcp}',
  ]),
);

describe('netpol-lint reach', () => {
  it('prints the JSON contract: port, protocol, pods, allowed[from][to], across files', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
    const r = run(['reach', '.', '--port', '80', '--protocol', 'TCP', '--format', 'json'], d);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.deepEqual(Object.keys(out), ['port', 'protocol', 'pods', 'allowed', 'unreadable']);
    assert.deepEqual(out.unreadable, []);
    assert.equal(r.err, '', 'nothing to warn about');
    assert.equal(out.port, 80);
    assert.equal(out.protocol, 'TCP');
    assert.deepEqual(out.pods, ['x/a', 'x/b', 'x/c', 'y/a', 'y/b', 'y/c', 'z/a', 'z/b', 'z/c']);
    assert.equal(out.allowed['y/b']['x/a'], true, 'y reaches x/a on its named port');
    assert.equal(out.allowed['z/b']['x/a'], false);
    assert.equal(out.allowed['x/b']['x/a'], false, 'the default deny covers intra-namespace traffic too');
    assert.equal(out.allowed['x/a']['x/a'], true);
    assert.equal(out.allowed['x/a']['z/c'], true, 'egress is not isolated');
  });

  it('resolves the named port per protocol: UDP 80 is not serve-80-tcp', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
    const out = JSON.parse(run(['reach', '.', '--port', '80', '--protocol', 'UDP', '--format', 'json'], d).out);
    assert.equal(out.allowed['y/b']['x/a'], false);
  });

  it('takes the protocol in any case, and names it upper case in the answer', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
    const upper = run(['reach', '.', '--port', '80', '--protocol', 'UDP', '--format', 'json'], d);
    for (const p of ['udp', 'Udp']) {
      const r = run(['reach', '.', '--port', '80', '--protocol', p, '--format', 'json'], d);
      assert.equal(r.code, 0, r.err);
      assert.equal(JSON.parse(r.out).protocol, 'UDP');
      assert.equal(r.out, upper.out);
    }
    const text = run(['reach', '.', '--port', '80', '--protocol', 'sctp'], d);
    assert.equal(text.code, 0, text.err);
    assert.match(text.out, /^SCTP 80: who can reach whom/);
  });

  it('prints a matrix, row = from, column = to, with a count', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
    const r = run(['reach', 'model.yaml', 'policies.yaml', '--port', '80'], d);
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.equal(lines[0], 'TCP 80: who can reach whom (row = from, column = to; yes = allowed, - = denied)', 'the legend names both symbols');
    assert.equal(lines[1], 'Columns are numbered as the rows. A pod can always reach itself.');
    assert.match(lines[3], /^ +1 +2 +3 +4 +5 +6 +7 +8 +9$/);
    const row = (id: string) =>
      lines
        .find((l) => new RegExp(`^\\d+ ${id} `).test(l))!
        .trim()
        .split(/\s+/)
        .slice(2);
    assert.deepEqual(row('y/a'), ['yes', '-', '-', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes']);
    assert.deepEqual(row('z/a'), ['-', '-', '-', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes']);
    assert.match(r.out, /\n51 of 72 connections between different pods allowed\.\n$/);
  });

  it('rejects a missing or bad --port and a bad --protocol with exit 2 and one line', () => {
    const d = dir({ 'model.yaml': modelYaml() });
    for (const [args, msg] of [
      [['reach', '.', '--protocol', 'UDP'], /--protocol goes with --port; without --port, reach lists every protocol and port/],
      [['reach', '.', '--port', '0'], /--port takes a port number from 1 to 65535, not '0'/],
      [['reach', '.', '--port', 'http'], /not 'http'/],
      [['reach', '.', '--port', '80', '--protocol', 'icmp'], /--protocol takes TCP, UDP or SCTP, not 'icmp'/],
      [['reach', '.', '--port', '80', '--format', 'sarif'], /reach writes text or json/],
      [['lint', '.', '--port', '80'], /--port and --protocol belong to reach/],
      [['explain', '.', '--allow-unreadable'], /--allow-unreadable belongs to reach/],
    ] as const) {
      const r = run([...args], d);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });
});

describe('netpol-lint reach --from / --to', () => {
  const d = () => dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
  const json = (cwd: string, ...args: string[]) => {
    const r = run(['reach', '.', '--port', '80', '--format', 'json', ...args], cwd);
    assert.equal(r.code, 0, r.err);
    return JSON.parse(r.out);
  };

  it('keeps the JSON shape, over the sources and destinations chosen: a namespace, a pod, a glob', () => {
    const cwd = d();
    const full = json(cwd);
    const out = json(cwd, '--from', 'y/*', '--to', 'x/a', '--to', '{x,z}/c');
    assert.deepEqual(Object.keys(out), ['port', 'protocol', 'pods', 'allowed', 'unreadable']);
    assert.deepEqual(out.pods, ['x/a', 'x/c', 'y/a', 'y/b', 'y/c', 'z/c'], 'sources and destinations, once each, in matrix order');
    assert.deepEqual(Object.keys(out.allowed), ['y/a', 'y/b', 'y/c']);
    for (const from of ['y/a', 'y/b', 'y/c']) {
      assert.deepEqual(Object.keys(out.allowed[from]), ['x/a', 'x/c', 'z/c']);
      for (const to of ['x/a', 'x/c', 'z/c']) assert.equal(out.allowed[from][to], full.allowed[from][to], `${from} -> ${to}`);
    }
    assert.equal(out.allowed['y/b']['x/a'], true);
    assert.equal(out.allowed['y/b']['x/c'], false);
  });

  it('prints only the chosen rows and columns, and names the columns that are not rows', () => {
    const r = run(['reach', '.', '--port', '80', '--from', 'z/*', '--to', 'x/*'], d());
    assert.equal(r.code, 0, r.err);
    assert.equal(
      r.out,
      [
        'TCP 80: who can reach whom (row = from, column = to; yes = allowed, - = denied)',
        'Columns:',
        '  1 x/a',
        '  2 x/b',
        '  3 x/c',
        '',
        '           1    2    3',
        '4 z/a      -    -    -',
        '5 z/b      -    -    -',
        '6 z/c      -    -    -',
        '',
        '0 of 9 connections between different pods allowed (of 3 sources and 3 destinations of 9 pods).',
        '',
      ].join('\n'),
    );
  });

  it('--from alone keeps every destination', () => {
    const r = run(['reach', '.', '--port', '80', '--from', 'y/b'], d());
    const lines = r.out.split('\n');
    assert.equal(lines[1], 'Columns are numbered as the rows, and:');
    assert.deepEqual(
      lines.filter((l) => /^\d+ [^ /]+\/\S+ /.test(l)).map((l) => l.trim().split(/\s+/)),
      [['5', 'y/b', 'yes', '-', '-', 'yes', 'yes', 'yes', 'yes', 'yes', 'yes']],
    );
    assert.equal(lines.at(-2), '6 of 8 connections between different pods allowed (of 1 source and 9 destinations of 9 pods).');
  });

  it('a filter that names no pod is exit 2 with one line that says how pods are named', () => {
    const cwd = d();
    for (const [args, msg] of [
      [
        ['--from', 'tenant-a'],
        /^netpol-lint: --from 'tenant-a' matches none of the 9 pods read; pods are named namespace\/name: for a namespace, tenant-a\/\*\n$/,
      ],
      [['--to', 'x/aa'], /^netpol-lint: --to 'x\/aa' matches none of the 9 pods read; did you mean x\/a\?\n$/],
      [['--to'], /^netpol-lint: option --to needs a value: a pod \(namespace\/name\), a namespace \(namespace\/\*\) or a glob/],
    ] as const) {
      const r = run(['reach', '.', '--port', '80', ...args], cwd);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.equal(r.out, '');
    }
    assert.match(run(['lint', '.', '--from', 'x/a'], cwd).err, /--from and --to belong to reach and graph/);
  });

  it('without any pod, says which paths to give, whatever the filters', () => {
    const r = run(['reach', 'policies.yaml', '--port', '80', '--from', 'x/a', '--why'], dir({ 'policies.yaml': POLICIES }));
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^No pods: give the paths of the Pods and workloads/);
  });

  it('keeps the compact JSON of a large matrix valid and equal to the full answer', () => {
    const pods = Array.from({ length: 60 }, (_, i) => `kind: Pod\nmetadata:\n  name: p${i}\n  namespace: "${i % 2 ? 'x' : 'y'}"\n`).join('---\n');
    const deny = np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress]']);
    const cwd = dir({ 'pods.yaml': pods, 'deny.yaml': deny });
    const full = json(cwd);
    const out = json(cwd, '--from', 'y/*', '--to', 'x/*');
    assert.equal(out.pods.length, 60);
    assert.equal(Object.keys(out.allowed).length, 30);
    for (const [from, row] of Object.entries(out.allowed as Record<string, Record<string, boolean>>)) {
      assert.equal(Object.keys(row).length, 30);
      for (const [to, v] of Object.entries(row)) assert.equal(v, full.allowed[from][to]);
    }
    assert.equal(out.allowed['y/p0']['x/p1'], false, 'the deny holds');
  });
});

describe('netpol-lint reach --why', () => {
  const EGRESS = np('to-x-only', 'z', [
    'podSelector: {matchLabels: {pod: b}}',
    'policyTypes: [Egress]',
    'egress:',
    '  - to:',
    '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "x"}}',
  ]);
  const d = () => dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES + '---\n' + EGRESS });

  it('prints the deciding policies and rules of each connection, after the matrix', () => {
    const r = run(['reach', '.', '--port', '80', '--from', 'y/a', '--from', 'z/b', '--to', 'x/a', '--to', 'y/c', '--why'], d());
    assert.equal(r.code, 0, r.err);
    const why = r.out.slice(r.out.indexOf('\nWhy'));
    assert.equal(
      why,
      [
        '',
        "Why (from => to; ingress[0] is a policy's first ingress rule):",
        'y/a => x/a  allowed: egress open (no policy isolates it); ingress allowed by x/web-from-y ingress[0]',
        'y/a => y/c  allowed: egress open (no policy isolates it); ingress open (no policy isolates it)',
        'z/b => x/a  denied: egress allowed by z/to-x-only egress[0]; ingress denied: isolated by x/deny, x/web-from-y and no rule allows it',
        'z/b => y/c  denied: egress denied: isolated by z/to-x-only and no rule allows it; ingress open (no policy isolates it)',
        '',
      ].join('\n'),
    );
    assert.ok(r.out.indexOf('connections between different pods allowed') < r.out.indexOf('\nWhy'), 'the matrix comes first');
  });

  it('agrees with the matrix, cell by cell, over every pair', () => {
    const cwd = d();
    const full = JSON.parse(run(['reach', '.', '--port', '80', '--format', 'json'], cwd).out);
    const r = run(['reach', '.', '--port', '80', '--why'], cwd);
    const cells = r.out
      .split('\n')
      .map((l) => /^(\S+) => (\S+) +(allowed|denied): /.exec(l))
      .filter((m) => m !== null);
    assert.equal(cells.length, 72, 'every pair of different pods, once');
    for (const [, from, to, verdict] of cells) assert.equal(verdict === 'allowed', full.allowed[from][to], `${from} => ${to}`);
  });

  it('is text only, and belongs to reach: exit 2 otherwise', () => {
    const cwd = d();
    const json = run(['reach', '.', '--port', '80', '--why', '--format', 'json'], cwd);
    assert.equal(json.code, 2);
    assert.match(json.err, /^netpol-lint: --why explains the text matrix \(the JSON stays allowed\[from\]\[to\]\)/);
    assert.match(run(['explain', '.', '--why'], cwd).err, /^netpol-lint: --why belongs to reach\n$/);
  });
});

/** A default deny for namespace x whose flow sequence is never closed: no parser reads it. */
const BROKEN_DENY = np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress']);

describe('netpol-lint reach over documents it cannot read', () => {
  it('names each one on stderr (file:line), lists it in the JSON, and exits 1', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'deny.yaml': BROKEN_DENY });
    const r = run(['reach', '.', '--port', '80', '--format', 'json'], d);
    assert.equal(r.code, 1);
    const lines = r.err.trim().split('\n');
    assert.equal(lines.length, 1);
    assert.match(lines[0], /^netpol-lint: warning: deny\.yaml:9: YAML syntax error: .* \(reach cannot see what this document declares\)$/);
    const out = JSON.parse(r.out);
    assert.equal(out.unreadable.length, 1);
    assert.deepEqual(Object.keys(out.unreadable[0]), ['file', 'line', 'message']);
    assert.equal(out.unreadable[0].file, 'deny.yaml');
    assert.equal(out.unreadable[0].line, 8, '0-based, as every line of the JSON');
    assert.match(out.unreadable[0].message, /^YAML syntax error: /);
    // the answer itself is over what could be read (the deny is not there)
    assert.equal(out.allowed['y/a']['x/a'], true);
  });

  it('says so in text too, and the same answer exits 0 with --allow-unreadable', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'deny.yaml': BROKEN_DENY });
    const strict = run(['reach', '.', '--port', '80'], d);
    assert.equal(strict.code, 1);
    assert.match(strict.err, /deny\.yaml:9: YAML syntax error/);
    const allowed = run(['reach', '.', '--port', '80', '--allow-unreadable'], d);
    assert.equal(allowed.code, 0);
    assert.equal(allowed.err, strict.err, 'still named');
    assert.equal(allowed.out, strict.out);
  });

  it('counts a broken workload (which lint does not report) and keeps the compact JSON of a large matrix valid', () => {
    const pods = Array.from({ length: 60 }, (_, i) => `kind: Pod\nmetadata:\n  name: p${i}\n  namespace: "x"\n`).join('---\n');
    const broken = 'kind: Deployment\nmetadata:\n  name: web\n  namespace: "x"\nspec:\n  template: {metadata: {labels: {app: web}}\n';
    const d = dir({ 'pods.yaml': pods, 'web.yaml': broken });
    assert.equal(run(['lint', '.'], d).code, 0);
    const r = run(['reach', '.', '--port', '80', '--format', 'json'], d);
    assert.equal(r.code, 1);
    const out = JSON.parse(r.out);
    assert.equal(out.pods.length, 60);
    assert.deepEqual(
      out.unreadable.map((u: { file: string; line: number }) => `${u.file}:${u.line}`),
      ['web.yaml:6'],
    );
  });

  it('a broken ConfigMap changes no answer: no warning, exit 0', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'cm.yaml': 'kind: ConfigMap\nmetadata: {name: [x}\n' });
    const r = run(['reach', '.', '--port', '80'], d);
    assert.equal(r.code, 0);
    assert.equal(r.err, '');
  });
});

describe('netpol-lint explain', () => {
  it('names the policies it could not read on stderr and in the JSON, with exit 0', () => {
    const d = dir({ 'policies.yaml': POLICIES, 'deny.yaml': BROKEN_DENY });
    const text = run(['explain', '.'], d);
    assert.equal(text.code, 0);
    assert.match(text.err, /^netpol-lint: warning: deny\.yaml:9: YAML syntax error: .* \(explain cannot see what this document declares\)\n$/);
    const json = run(['explain', '.', '--format', 'json'], d);
    const out = JSON.parse(json.out);
    assert.deepEqual(
      out.policies.map((p: { policy: string }) => p.policy),
      ['x/deny', 'x/web-from-y'],
    );
    assert.deepEqual(
      out.unreadable.map((u: { file: string; line: number }) => [u.file, u.line]),
      [['deny.yaml', 8]],
    );
  });

  it('says what an empty label value means (the API reads it as ""), never "undefined"', () => {
    const d = dir({
      'empty.yaml': docs(
        np('empty', 'x', [
          'podSelector:',
          '  matchLabels:',
          '    app:',
          'policyTypes: [Ingress]',
          'ingress:',
          '  - from:',
          '      - namespaceSelector:',
          '          matchLabels:',
          '            kubernetes.io/metadata.name:',
        ]),
      ),
    });
    const r = run(['explain', 'empty.yaml'], d);
    assert.doesNotMatch(r.out, /undefined/);
    assert.match(r.out, /Selects pods with app="" \(the label set to the empty value\) in namespace "x"/);
    assert.match(r.out, /from every pod in no namespace \(the name is empty\)/);
  });

  it('explains each policy in plain English, with its place', () => {
    const d = dir({ 'policies.yaml': POLICIES });
    const r = run(['explain', 'policies.yaml'], d);
    assert.equal(r.code, 0);
    assert.equal(
      r.out,
      [
        'policies.yaml:1  x/deny',
        '  Selects every pod in namespace "x".',
        '  Isolates them for ingress (egress is not affected).',
        '  Ingress: no rules, so it allows no ingress (other policies selecting the same pods may).',
        '',
        'policies.yaml:10  x/web-from-y',
        '  Selects pods with pod=a in namespace "x".',
        '  Isolates them for ingress (egress is not affected).',
        '  Ingress rule 1 allows TCP port named "serve-80-tcp" from every pod in namespace "y".',
        '',
      ].join('\n'),
    );
  });

  it('writes JSON with the same text and the parts', () => {
    const d = dir({ 'policies.yaml': POLICIES });
    const out = JSON.parse(run(['explain', 'policies.yaml', '--format', 'json'], d).out);
    const [, web] = out.policies;
    assert.equal(web.policy, 'x/web-from-y');
    assert.equal(web.path, 'policies.yaml');
    assert.equal(web.document, 1);
    assert.deepEqual(web.isolates, ['Ingress']);
    assert.deepEqual(web.rules, [{ direction: 'Ingress', index: 0, text: 'allows TCP port named "serve-80-tcp" from every pod in namespace "y"' }]);
  });
});

describe('netpol-lint reach and explain with control characters in the repository', () => {
  // YAML double-quoted escapes: an escape sequence, CR and LF in names and label values, each
  // trying to print a line of its own ("FORGED …") or to erase the one before
  const evil = '\\u001b[2K\\r\\nFORGED  \\u001b[31m';
  const files = {
    'p\u001b[31m\r.yaml': docs(
      `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "ns${evil}"\n  labels: {team: "t${evil}"}\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "web${evil}"\n  namespace: "ns${evil}"\n  labels: {app: "a${evil}"}\n`,
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: "client${evil}"\n  namespace: "ns${evil}"\n`,
      np(`"deny${evil}"`, `ns${evil}`, [
        `podSelector: {matchLabels: {app: "a${evil}"}}`,
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from:',
        `      - namespaceSelector: {matchLabels: {team: "t${evil}"}}`,
        `        podSelector: {matchExpressions: [{key: app, operator: In, values: ["x${evil}"]}]}`,
        '    ports:',
        `      - port: "http${evil}"`,
      ]),
    ),
  };
  const clean = (r: { out: string; err: string }, what: string) => {
    for (const [stream, text] of [
      ['stdout', r.out],
      ['stderr', r.err],
    ]) {
      assert.ok(!text.includes('\u001b') && !text.includes('\r'), `${what}: no raw escape or CR on ${stream}`);
      assert.ok(!text.split('\n').some((l) => l.startsWith('FORGED')), `${what}: no line of the YAML's own on ${stream}`);
    }
  };

  it('explain prints the file name, the policy name and every value escaped, one sentence a line', () => {
    const r = run(['explain', '.'], dir(files));
    assert.equal(r.code, 0, r.err);
    clean(r, 'explain');
    const lines = r.out.trimEnd().split('\n');
    assert.equal(lines.length, 4, r.out);
    assert.match(lines[0], /p\\u001b\[31m\\u000d\.yaml:\d+ {2}ns\\u001b\[2K\\u000d\\u000aFORGED {2}\\u001b\[31m\/deny/);
    assert.match(lines[3], /^ {2}Ingress rule 1 allows TCP port named "http\\u001b\[2K\\u000d\\u000aFORGED/);
    assert.ok(
      lines.slice(1).every((l) => l.startsWith('  ')),
      'each sentence indented under its policy',
    );
  });

  it('explain --format json keeps the values as they are (JSON escapes them itself)', () => {
    const out = JSON.parse(run(['explain', '.', '--format', 'json'], dir(files)).out);
    assert.equal(out.policies[0].name, 'deny\u001b[2K\r\nFORGED  \u001b[31m');
  });

  it('reach and explain name an unreadable document on stderr with its file name escaped', () => {
    const broken = { ...files, 'b\u001b[2K\r\nFORGED.yaml': 'kind: NetworkPolicy\nmetadata: {name: [x}\n' };
    for (const command of ['reach', 'explain']) {
      const r = run(command === 'reach' ? ['reach', '.', '--port', '80'] : ['explain', '.'], dir(broken));
      clean(r, command);
      assert.match(r.err, /^netpol-lint: warning: (\.\/)?b\\u001b\[2K\\u000d\\u000aFORGED\.yaml:2: YAML syntax error/m, command);
    }
  });

  it('reach prints pod names and the reasons escaped, the matrix still aligned', () => {
    const r = run(['reach', '.', '--port', '80', '--why'], dir(files));
    assert.equal(r.code, 0, r.err);
    clean(r, 'reach');
    const row = r.out.split('\n').find((l) => l.startsWith('1 '))!;
    assert.match(row, /^1 ns\\u001b\[2K\\u000d\\u000aFORGED {2}\\u001b\[31m\/web\\u001b/);
    assert.match(r.out, /denied: egress open \(no policy isolates it\); ingress denied: isolated by ns\\u001b\[2K\\u000d\\u000aFORGED/);
  });
});
