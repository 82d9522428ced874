/** `netpol-lint diff`: two sides, text / JSON / Markdown, --fail-on, git:<ref>; as CI runs the built CLI. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { git } from '../helpers';
import { docs, np } from '../connectivityModel';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
const pod = (namespace: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: ${app}}\nspec:\n  containers: [{name: c, image: i}]\n`;
const CLUSTER = docs(
  ns('tenant-a'),
  ns('tenant-b'),
  pod('tenant-a', 'web', 'web-server'),
  pod('tenant-a', 'db', 'postgres-db'),
  pod('tenant-b', 'web', 'web-server'),
);
/** tenant-a's db: ingress on TCP 5432 from `peer`, egress only to 10.0.0.0/`bits`. */
const dbPolicy = (peer: string, bits = 8) =>
  np('db', 'tenant-a', [
    'podSelector: {matchLabels: {app: postgres-db}}',
    'policyTypes: [Ingress, Egress]',
    'ingress:',
    `  - from: [${peer}]`,
    '    ports: [{protocol: TCP, port: 5432}]',
    'egress:',
    `  - to: [{ipBlock: {cidr: 10.0.0.0/${bits}}}]`,
  ]);
const NARROW = '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}, podSelector: {matchLabels: {app: web-server}}}';
const WIDE = '{namespaceSelector: {}, podSelector: {matchLabels: {app: web-server}}}';

function tree(sides: Record<string, Record<string, string>>): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-diff-'));
  for (const [side, files] of Object.entries(sides)) {
    mkdirSync(join(d, side), { recursive: true });
    for (const [name, text] of Object.entries(files)) writeFileSync(join(d, side, name), text);
  }
  return d;
}

/** before/: narrow ingress, egress to 10/8; after/: ingress from any namespace, egress to 10.0/16, and a new pod. */
const sample = () =>
  tree({
    before: { 'cluster.yaml': CLUSTER, 'db.yaml': dbPolicy(NARROW) },
    after: { 'cluster.yaml': docs(CLUSTER, pod('tenant-a', 'cache', 'redis')), 'db.yaml': dbPolicy(WIDE, 16) },
  });

describe('netpol-lint diff', () => {
  it('text: the cross-namespace change first, then outside the cluster, then within namespaces; exit 0 without --fail-on', () => {
    const r = run(['diff', 'before', 'after'], sample());
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /Pods added: tenant-a\/cache \(Pod\)/);
    const order = [
      'Between namespaces:',
      '  + tenant-b/web => tenant-a/db : TCP 5432',
      'With addresses outside the cluster:',
      '  - tenant-a/db => 10.1.0.0-10.255.255.255 : all',
      'Within namespace tenant-a:',
    ];
    let at = -1;
    for (const line of order) {
      const i = r.out.indexOf(`${line}\n`);
      assert.ok(i > at, `'${line}' after the lines before it:\n${r.out}`);
      at = i;
    }
    // the new pod is open to its namespace neighbours
    assert.match(r.out, /\+ tenant-a\/cache => tenant-a\/web : all/);
    assert.match(r.out, /pairs? added, 1 pair removed, 0 pairs changed\.\n$/);
  });

  it('--fail-on: added and any fail on an opened pair, removed on a closed one; each says so on stderr', () => {
    const d = sample();
    for (const failOn of ['added', 'removed', 'any']) {
      const r = run(['diff', 'before', 'after', '--fail-on', failOn], d);
      assert.equal(r.code, 1, failOn);
      assert.match(r.err, new RegExp(`--fail-on ${failOn}`));
    }
    // only a narrowing: nothing opened
    const narrowing = tree({ before: { 'c.yaml': CLUSTER, 'db.yaml': dbPolicy(WIDE) }, after: { 'c.yaml': CLUSTER, 'db.yaml': dbPolicy(NARROW) } });
    assert.equal(run(['diff', 'before', 'after', '--fail-on', 'added'], narrowing).code, 0);
    assert.equal(run(['diff', 'before', 'after', '--fail-on', 'removed'], narrowing).code, 1);
    // the same tree both sides: nothing to fail on
    const same = run(['diff', 'before', 'before', '--fail-on', 'any'], d);
    assert.equal(same.code, 0, same.err);
    assert.match(same.out, /No changes/);
  });

  it('JSON: sides, summary, endpoints added and removed, each change with both sets and what was added and removed', () => {
    const r = run(['diff', 'before', '--', 'after', '--format', 'json'], sample());
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.deepEqual(Object.keys(out), ['before', 'after', 'summary', 'endpoints', 'changes', 'unreadable']);
    assert.deepEqual(out.before, { side: 'before', paths: ['before'] });
    assert.deepEqual(
      out.endpoints.added.map((e: { id: string }) => e.id),
      ['tenant-a/cache'],
    );
    assert.deepEqual(out.endpoints.removed, []);
    const cross = out.changes.find((c: { from: string; to: string }) => c.from === 'tenant-b/web' && c.to === 'tenant-a/db');
    assert.deepEqual(cross, {
      from: 'tenant-b/web',
      to: 'tenant-a/db',
      scope: 'cross-namespace',
      kind: 'added',
      before: [],
      after: [{ protocol: 'TCP', ports: [[5432, 5432]] }],
      added: [{ protocol: 'TCP', ports: [[5432, 5432]] }],
      removed: [],
    });
    const lost = out.changes.filter((c: { scope: string }) => c.scope === 'external');
    assert.ok(lost.some((c: { from: string; kind: string }) => c.from === 'tenant-a/db' && c.kind === 'removed'));
    assert.equal(out.summary.added + out.summary.removed + out.summary.changed, out.changes.length);
    assert.deepEqual(out.unreadable, { before: [], after: [] });
  });

  it('Markdown: a heading, the counts, and a table per group, between namespaces first', () => {
    const r = run(['diff', 'before', 'after', '--format', 'markdown'], sample());
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^### NetworkPolicy connectivity diff\n/);
    assert.match(r.out, /\*\*\d+ added\*\*, \*\*1 removed\*\*, \*\*0 changed\*\*/);
    const headings = [...r.out.matchAll(/^#### (.*)$/gm)].map((m) => m[1]);
    assert.deepEqual(headings, ['Between namespaces', 'With addresses outside the cluster', 'Within namespace `tenant-a`']);
    assert.match(r.out, /\| added \| `tenant-b\/web` \| `tenant-a\/db` \| {2}\| `TCP 5432` \| `TCP 5432` \| {2}\|/);
    // every table row has the header's seven columns
    for (const line of r.out.split('\n').filter((l) => /^\| (added|removed|changed) \|/.test(l))) assert.equal(line.split(/(?<!\\)\|/).length - 2, 7, line);
  });

  it('Markdown stays a comment: at most 200 rows, the rest counted', () => {
    // 16 pods no policy isolates: 16 x 15 pairs, and each with both IP spaces both ways, all added
    const pods = docs(ns('tenant-a'), ...Array.from({ length: 16 }, (_x, i) => pod('tenant-a', `p${i}`, 'web')));
    const d = tree({ before: { 'ns.yaml': ns('tenant-a') }, after: { 'pods.yaml': pods } });
    const r = run(['diff', 'before', 'after', '--format', 'markdown'], d);
    assert.equal(r.code, 0, r.err);
    assert.equal(r.out.split('\n').filter((l) => l.startsWith('| added |')).length, 200);
    assert.match(r.out, new RegExp(`… and ${16 * 15 + 16 * 4 - 200} more pairs`));
  });

  it('a document either side cannot read is named on stderr and makes the exit status 1, unless --allow-unreadable', () => {
    const broken = 'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: x, namespace: tenant-a\nspec: {}\n';
    const d = tree({ before: { 'c.yaml': CLUSTER }, after: { 'c.yaml': CLUSTER, 'broken.yaml': broken } });
    const r = run(['diff', 'before', 'after', '--format', 'json'], d);
    assert.equal(r.code, 1);
    assert.match(r.err, /warning: after[\\/]broken\.yaml:\d+: .*diff cannot see what this document declares/);
    assert.equal(JSON.parse(r.out).unreadable.after.length, 1);
    assert.equal(run(['diff', 'before', 'after', '--allow-unreadable'], d).code, 0);
  });

  it('--help documents diff, its two syntaxes and --fail-on; a typo of the command names it', () => {
    const r = run(['--help'], tmpdir());
    assert.match(r.out, /netpol-lint diff <before> <after> \[--format text\|json\|markdown\] \[--fail-on added\|removed\|any\]/);
    assert.match(r.out, /netpol-lint diff <before…> -- <after…>/);
    assert.match(r.out, /--fail-on CHANGE/);
    const typo = run(['dif', 'a', 'b'], tmpdir());
    assert.equal(typo.code, 2);
    assert.match(typo.err, /did you mean the command diff\?/);
  });

  it('usage errors exit 2 with one line', () => {
    const d = sample();
    const cases: [string[], RegExp][] = [
      [['diff', 'before'], /diff needs two sides/],
      [['diff', 'before', 'after', 'x'], /separate the before paths from the after paths with --/],
      [['diff', 'before', '--'], /no after paths/],
      [['diff', 'git:HEAD', 'git:main'], /both sides are git:<ref>/],
      [['diff', 'before', 'after', '--format', 'sarif'], /use text, json or markdown/],
      [['diff', 'before', 'after', '--fail-on', 'opened'], /--fail-on takes added, removed or any/],
      [['diff', 'before', 'after', '--port', '80'], /--port does not belong to diff/],
      [['reach', 'before', '--fail-on', 'any'], /--fail-on belongs to diff/],
      [['diff', 'before', 'nope'], /nope/],
    ];
    for (const [args, message] of cases) {
      const r = run(args, d);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message, args.join(' '));
      assert.equal(r.err.trim().split('\n').length, 1, r.err);
      assert.equal(r.out, '');
    }
  });

  it("git:<ref> is the other side's paths at a commit (nothing checked out); outside a repository, a clear error", () => {
    const d = tree({ deploy: { 'cluster.yaml': CLUSTER, 'db.yaml': dbPolicy(NARROW) } });
    const outside = run(['diff', 'git:HEAD', 'deploy'], d);
    assert.equal(outside.code, 2);
    assert.match(outside.err, /not in one/);
    git(d, 'init', '-q');
    git(d, 'add', '.');
    git(d, 'commit', '-qm', 'narrow');
    // the working tree widens the policy; the commit keeps the narrow one
    writeFileSync(join(d, 'deploy', 'db.yaml'), dbPolicy(WIDE));
    const r = run(['diff', 'git:HEAD', 'deploy', '--format', 'json'], d);
    assert.equal(r.code, 0, r.err);
    const out = JSON.parse(r.out);
    assert.deepEqual(out.before, { side: 'git:HEAD', ref: 'HEAD', paths: ['deploy'] });
    assert.deepEqual(
      out.changes.map((c: { from: string; to: string; kind: string }) => `${c.kind} ${c.from} => ${c.to}`),
      ['added tenant-b/web => tenant-a/db'],
    );
    // the other way round, from a subfolder, with the paths relative to it
    const sub = run(['diff', '.', '--', 'git:HEAD'], join(d, 'deploy'));
    assert.equal(sub.code, 0, sub.err);
    assert.match(sub.out, /- tenant-b\/web => tenant-a\/db : TCP 5432/);
    // a second commit: git:HEAD~1 against git:HEAD's content in the tree
    git(d, 'commit', '-qam', 'wide');
    const both = run(['diff', 'git:HEAD~1', 'deploy', '--fail-on', 'added'], d);
    assert.equal(both.code, 1);
    assert.match(both.out, /\+ tenant-b\/web => tenant-a\/db : TCP 5432/);
    const none = run(['diff', 'git:HEAD', 'deploy', '--fail-on', 'any'], d);
    assert.equal(none.code, 0, none.out);
    // an absolute path names the same files
    const abs = run(['diff', 'git:HEAD~1', '--', join(d, 'deploy')], d);
    assert.match(abs.out, /\+ tenant-b\/web => tenant-a\/db : TCP 5432/);
    const bad = run(['diff', 'git:no-such-branch', 'deploy'], d);
    assert.equal(bad.code, 2);
    assert.match(bad.err, /git:no-such-branch names no commit/);
  });
});
