/** `netpol-lint reach` and `netpol-lint explain`, as CI would run them. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docs, modelYaml, np } from '../connectivityModel';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-reach-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

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
    assert.deepEqual(Object.keys(out), ['port', 'protocol', 'pods', 'allowed']);
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

  it('prints a matrix, row = from, column = to, with a count', () => {
    const d = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICIES });
    const r = run(['reach', 'model.yaml', 'policies.yaml', '--port', '80'], d);
    assert.equal(r.code, 0);
    const lines = r.out.split('\n');
    assert.match(lines[0], /^TCP 80: who can reach whom \(row = from, column = to/);
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
      [['reach', '.'], /reach needs --port/],
      [['reach', '.', '--port', '0'], /--port takes a port number from 1 to 65535, not '0'/],
      [['reach', '.', '--port', 'http'], /not 'http'/],
      [['reach', '.', '--port', '80', '--protocol', 'tcp'], /--protocol takes TCP, UDP or SCTP, not 'tcp'/],
      [['reach', '.', '--port', '80', '--format', 'sarif'], /reach writes text or json/],
      [['lint', '.', '--port', '80'], /--port and --protocol belong to reach/],
    ] as const) {
      const r = run([...args], d);
      assert.equal(r.code, 2, args.join(' '));
      assert.match(r.err, msg);
      assert.equal(r.err.trim().split('\n').length, 1);
    }
  });
});

describe('netpol-lint explain', () => {
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
