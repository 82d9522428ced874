/** `netpol-lint graph --diff` as CI would run it: the goldens, git:<ref> as the before side, bad --diff input, an unreadable before side. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { git } from '../helpers';

const CLI = join(__dirname, '../../dist/cli.js');
const ROOT = join(__dirname, '../..');
const DIFF = join(ROOT, 'test/data/graph/diff');

function run(args: string[], cwd: string, input?: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, input, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder with deploy/shop.yaml as the before side, committed, then changed to the after side (not committed). */
function repository(): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-graph-diff-'));
  mkdirSync(join(d, 'deploy'));
  copyFileSync(join(DIFF, 'before/shop.yaml'), join(d, 'deploy/shop.yaml'));
  git(d, 'init', '-q');
  git(d, 'add', '.');
  git(d, 'commit', '-qm', 'before');
  copyFileSync(join(DIFF, 'after/shop.yaml'), join(d, 'deploy/shop.yaml'));
  return d;
}

describe('netpol-lint graph --diff', () => {
  it('writes the golden DOT, Mermaid and JSON of the shop change, exit 0', () => {
    for (const [format, ext] of [
      ['dot', 'dot'],
      ['mermaid', 'mmd'],
      ['json', 'json'],
    ] as const) {
      const r = run(['graph', '--diff', 'test/data/graph/diff/before', 'test/data/graph/diff/after', '--format', format], ROOT);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '');
      assert.equal(r.out, readFileSync(join(ROOT, `test/data/graph/diff-shop.${ext}`), 'utf8'));
    }
  });

  it('git:<ref> is the graph’s own paths at that commit: the same edges as the two folders', () => {
    const d = repository();
    const r = run(['graph', 'deploy', '--diff', 'git:HEAD', '--format', 'json'], d);
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out);
    assert.deepEqual(g.before, { side: 'git:HEAD', ref: 'HEAD', paths: ['deploy'] });
    const folders = JSON.parse(readFileSync(join(ROOT, 'test/data/graph/diff-shop.json'), 'utf8'));
    assert.deepEqual(g.changes, { added: 4, removed: 3, changed: 1 });
    assert.deepEqual(g.edges, folders.edges);
    // the working tree committed: nothing left to mark
    git(d, 'commit', '-qam', 'after');
    const same = JSON.parse(run(['graph', 'deploy', '--diff', 'git:HEAD', '--format', 'json'], d).out);
    assert.deepEqual(same.changes, { added: 0, removed: 0, changed: 0 });
    assert.ok(same.edges.every((e: { change?: string }) => e.change === undefined));
  });

  it('bad --diff input is one line on stderr, nothing on stdout, exit 2', () => {
    const d = repository();
    const outside = mkdtempSync(join(tmpdir(), 'netpol-graph-diff-none-'));
    writeFileSync(join(outside, 'shop.yaml'), readFileSync(join(DIFF, 'after/shop.yaml'), 'utf8'));
    for (const [cwd, args, message] of [
      [d, ['graph', 'deploy', '--diff'], /^netpol-lint: option --diff needs a value: the before side/],
      [
        d,
        ['graph', 'deploy', '--diff', 'no-such-dir'],
        /^netpol-lint: graph --diff \(the before side\): cannot read 'no-such-dir': no such file or directory\n$/,
      ],
      [d, ['graph', 'deploy', '--diff', 'git:'], /^netpol-lint: graph --diff: 'git:' names no commit/],
      [d, ['graph', 'deploy', '--diff', 'git:no-such-branch'], /^netpol-lint: graph --diff: git:no-such-branch names no commit/],
      [d, ['graph', 'deploy', '--diff', 'git:HEAD', '--diff', 'deploy'], /^netpol-lint: graph --diff: git:<ref> stands alone for the before side/],
      [d, ['graph', '-', '--diff', '-'], /^netpol-lint: graph --diff: standard input \(-\) can be one side only\n$/],
      [
        d,
        ['graph', '-', '--diff', 'git:HEAD'],
        /^netpol-lint: graph --diff: git:HEAD reads the other side's paths at a commit, and standard input \(-\) is not a path\n$/,
      ],
      [outside, ['graph', '.', '--diff', 'git:HEAD'], /^netpol-lint: graph --diff: git:<ref> reads a commit of a git repository/],
      [d, ['lint', 'deploy', '--diff', 'deploy'], /^netpol-lint: --diff belongs to graph/],
      [d, ['reach', 'deploy', '--diff', 'deploy'], /^netpol-lint: --diff belongs to graph/],
      [d, ['diff', 'deploy', 'deploy', '--diff', 'deploy'], /^netpol-lint: --diff does not belong to diff/],
    ] as const) {
      const r = run([...args], cwd, '');
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 2, r.err);
      assert.equal(r.out, '', args.join(' '));
    }
  });

  it('a document the before side cannot read is named on stderr, exit 1 (0 with --allow-unreadable)', () => {
    const d = mkdtempSync(join(tmpdir(), 'netpol-graph-diff-bad-'));
    mkdirSync(join(d, 'old'));
    writeFileSync(join(d, 'old/broken.yaml'), 'kind: NetworkPolicy\nmetadata: {name: x\n');
    copyFileSync(join(DIFF, 'after/shop.yaml'), join(d, 'shop.yaml'));
    const r = run(['graph', 'shop.yaml', '--diff', 'old'], d);
    assert.equal(r.code, 1);
    assert.match(r.err, /^netpol-lint: warning: old\/broken\.yaml:\d+: .* \(graph --diff cannot see what this document declared before\)\n$/);
    assert.match(r.out, /^digraph/m);
    assert.equal(run(['graph', 'shop.yaml', '--diff', 'old', '--allow-unreadable'], d).code, 0);
  });
});
