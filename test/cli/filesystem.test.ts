/**
 * The CLI against a hostile or broken file system: links in and out of the paths given, FIFOs and
 * devices, unreadable files and folders (as an unprivileged user), files replaced or deleted
 * between the walk and the read, and what --fix may and may not write. Each case: the one line
 * on stderr and the exit status.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import {
  chmodSync,
  chownSync,
  linkSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readlinkSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { listFiles, readFiles, UsageError } from '../../server/src/cli/files';
import { ALLOW_DNS, DENY_ALL, policy, readableCopy, unprivilegedPrefix } from '../helpers';

const CLI = join(__dirname, '../../dist/cli.js');

function run(args: string[], cwd: string) {
  // a timeout: a FIFO or a device that is read would block or never end
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 20_000, env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A folder anyone may traverse (mkdtemp makes it private), holding these files. */
function tree(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-fs-'));
  chmodSync(dir, 0o755);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const hasDnsFinding = (out: string, file: string) => new RegExp(`^${file.replace('.', '\\.')}:\\d+:\\d+ .*\\[missing-dns-egress\\]$`, 'm').test(out);

/** Words only the files outside the paths given contain. */
const SECRET = 'aws_secret_key_name_xyzzy';

describe('netpol-lint and symbolic links', () => {
  const outside = tree({ 'dns.yaml': `# OUTSIDE-MARKER\n${ALLOW_DNS}`, 'dir/dns.yaml': ALLOW_DNS, 'creds.yaml': `${SECRET}: hunter2\n` });

  it('a link out of the folder given is named on stderr and not read: the findings stay those of the tree', () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL });
    symlinkSync(join(outside, 'dns.yaml'), join(dir, 'ws/dns.yaml'));
    symlinkSync(join(outside, 'dir'), join(dir, 'ws/linked'));
    symlinkSync('gone.yaml', join(dir, 'ws/dangling.yaml'));
    const r = run(['ws'], dir);
    assert.equal(r.code, 0);
    assert.ok(hasDnsFinding(r.out, 'ws/deny.yaml'), `the outside DNS policy does not count:\n${r.out}`);
    assert.equal(
      r.err,
      "netpol-lint: skipping 'ws/dangling.yaml': a symbolic link to nothing (no such file or directory)\n" +
        "netpol-lint: skipping 'ws/dns.yaml': a symbolic link to a file outside the paths given\n" +
        "netpol-lint: skipping 'ws/linked': a symbolic link to a folder outside the paths given\n",
    );
    assert.match(r.out, / in 1 file\n$/);
    assert.ok(!`${r.out}${r.err}`.includes('OUTSIDE-MARKER'));
  });

  it('a link whose target is inside the paths given is followed and linted (each real file once)', () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL, 'ws/node_modules/dns.yaml': ALLOW_DNS });
    symlinkSync(join('node_modules', 'dns.yaml'), join(dir, 'ws/dns.yaml')); // node_modules itself is never walked
    symlinkSync('deny.yaml', join(dir, 'ws/again.yaml')); // the same file twice: read once
    symlinkSync('..', join(dir, 'ws/node_modules/up')); // a loop: walked once
    const r = run(['ws'], dir);
    assert.equal(r.err, '');
    assert.equal(r.code, 0);
    assert.ok(!hasDnsFinding(r.out, 'ws/deny.yaml'), `the linked DNS policy counts:\n${r.out}`);
    assert.match(r.out, / in 2 files\n$/, 'deny.yaml and the link dns.yaml; again.yaml is deny.yaml');
  });

  it('a file reached by its own path and by a linked folder is linted under its own path', () => {
    const dir = tree({ 'ws/zz-real/deny.yaml': DENY_ALL });
    symlinkSync('zz-real', join(dir, 'ws/a-link')); // sorted first, followed last
    const r = run(['ws'], dir);
    assert.equal(r.err, '');
    assert.ok(hasDnsFinding(r.out, 'ws/zz-real/deny.yaml'), r.out);
    assert.doesNotMatch(r.out, /a-link/);
    assert.doesNotMatch(r.out, /duplicate-policy/);
  });

  it('a target outside is read when it is itself one of the paths given', () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL });
    symlinkSync(join(outside, 'dns.yaml'), join(dir, 'ws/dns.yaml'));
    const r = run(['ws', join(outside, 'dns.yaml')], dir);
    assert.equal(r.code, 0);
    assert.ok(!hasDnsFinding(r.out, 'ws/deny.yaml'));
    assert.equal(r.err, '', 'the link leads inside a path given: followed (and the file read once)');
  });

  it('a .netpol-lint.yaml linking out of its folder is refused with one line (exit 2), never read', () => {
    const dir = tree({ 'deny.yaml': DENY_ALL });
    symlinkSync(join(outside, 'creds.yaml'), join(dir, '.netpol-lint.yaml'));
    const r = run(['deny.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(
      r.err,
      /^netpol-lint: the config file '.*\.netpol-lint\.yaml' is a symbolic link to outside its folder: not read \(name it with --config to use it\)\n$/,
    );
    assert.ok(!r.err.includes(SECRET), 'its key names are not echoed');
  });

  it('a dangling .netpol-lint.yaml link is reported (exit 2), not passed over for a config further up', () => {
    const dir = tree({ '.netpol-lint.yaml': 'rules: {implicit-protocol: off}\n', 'repo/deny.yaml': DENY_ALL });
    symlinkSync('gone.yaml', join(dir, 'repo/.netpol-lint.yaml'));
    const r = run(['deny.yaml'], join(dir, 'repo'));
    assert.equal(r.code, 2);
    assert.match(r.err, /^netpol-lint: cannot read the config file '.*repo\/\.netpol-lint\.yaml': a symbolic link to nothing\n$/);
  });

  it('a .netpol-lint.yaml linking to /dev/zero is refused at once (exit 2), not read without bound', () => {
    const dir = tree({ 'deny.yaml': DENY_ALL });
    symlinkSync('/dev/zero', join(dir, '.netpol-lint.yaml'));
    const r = run(['deny.yaml'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^netpol-lint: the config file .* is a symbolic link to outside its folder/);
    const named = run(['deny.yaml', '--config', '/dev/zero'], dir);
    assert.equal(named.code, 2);
    assert.equal(named.err, "netpol-lint: cannot read the config file '/dev/zero': not a regular file (a character device)\n");
  });
});

describe('netpol-lint and special files', () => {
  it('a FIFO named *.yaml in a folder is named on stderr and skipped; the rest is linted', () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL });
    execFileSync('mkfifo', [join(dir, 'ws/fifo.yaml')]);
    const r = run(['ws'], dir);
    assert.equal(r.err, "netpol-lint: skipping 'ws/fifo.yaml': not a regular file (a FIFO)\n");
    assert.equal(r.code, 0);
    assert.match(r.out, / in 1 file\n$/);
  });

  it('a FIFO or a device given on the command line is a usage error (exit 2)', () => {
    const dir = tree();
    execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
    const fifo = run(['fifo.yaml'], dir);
    assert.equal(fifo.code, 2);
    assert.equal(fifo.err, "netpol-lint: cannot read 'fifo.yaml': not a regular file or a folder (a FIFO; use '-' for standard input)\n");
    const dev = run(['/dev/zero'], dir);
    assert.equal(dev.code, 2);
    assert.equal(dev.err, "netpol-lint: cannot read '/dev/zero': not a regular file or a folder (a character device; use '-' for standard input)\n");
  });

  it('a .netpol-lint.yaml that is a FIFO, or larger than 1 MiB, is refused with one line (exit 2)', () => {
    const dir = tree({ 'deny.yaml': DENY_ALL, 'big.yaml': `# ${'x'.repeat(1024 * 1024)}\n` });
    execFileSync('mkfifo', [join(dir, '.netpol-lint.yaml')]);
    const fifo = run(['deny.yaml'], dir);
    assert.equal(fifo.code, 2);
    assert.match(fifo.err, /^netpol-lint: cannot read the config file '.*\.netpol-lint\.yaml': not a regular file \(a FIFO\)\n$/);
    const big = run(['deny.yaml', '--config', 'big.yaml'], dir);
    assert.equal(big.code, 2);
    assert.equal(big.err, "netpol-lint: cannot read the config file 'big.yaml': too large (1048579 bytes; the limit is 1 MiB)\n");
  });
});

describe('netpol-lint and unreadable files and folders', () => {
  const prefix = unprivilegedPrefix();
  const runUnprivileged = (args: string[], cwd: string) => {
    const p = prefix as string[];
    const [cmd, ...rest] = p.length > 0 ? [...p, process.execPath] : [process.execPath];
    // as another user, a copy of the bundle it can read (the checkout may be closed to it)
    const r = spawnSync(cmd, [...rest, p.length > 0 ? readableCopy(CLI) : CLI, ...args], {
      cwd,
      encoding: 'utf8',
      timeout: 20_000,
      env: { ...process.env, NO_COLOR: '1' },
    });
    return { code: r.status, err: r.stderr };
  };

  it('an unreadable sub-folder is one line and exit 2, not a stack trace', { skip: typeof prefix === 'string' ? prefix : false }, () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL, 'ws/locked/dns.yaml': ALLOW_DNS });
    chmodSync(join(dir, 'ws/locked'), 0o000);
    const r = runUnprivileged(['ws'], dir);
    assert.equal(r.err, "netpol-lint: cannot read the folder 'ws/locked': permission denied\n");
    assert.equal(r.code, 2);
  });

  it('an unreadable file is one line and exit 2', { skip: typeof prefix === 'string' ? prefix : false }, () => {
    const dir = tree({ 'ws/deny.yaml': DENY_ALL });
    chmodSync(join(dir, 'ws/deny.yaml'), 0o000);
    const r = runUnprivileged(['ws'], dir);
    assert.equal(r.err, "netpol-lint: cannot read 'ws/deny.yaml': permission denied\n");
    assert.equal(r.code, 2);
  });
});

describe('files that change between the walk and the read', () => {
  const warnings = () => {
    const lines: string[] = [];
    return { lines, warn: (l: string) => lines.push(l) };
  };

  it('a file deleted after the walk: "no such file or directory", a usage error (exit 2)', () => {
    const dir = tree({ 'a.yaml': DENY_ALL, 'b.yaml': ALLOW_DNS });
    const w = warnings();
    const listed = listFiles([dir], w.warn);
    rmSync(join(dir, 'b.yaml'));
    assert.throws(
      () => readFiles(listed, () => '', w.warn),
      (e: unknown) => e instanceof UsageError && e.message === `cannot read '${join(dir, 'b.yaml')}': no such file or directory`,
    );
  });

  it('a file replaced by a folder, or by a FIFO, after the walk: named and skipped, never read', () => {
    const dir = tree({ 'a.yaml': DENY_ALL, 'b.yaml': ALLOW_DNS, 'c.yaml': ALLOW_DNS });
    const w = warnings();
    const listed = listFiles([dir], w.warn);
    rmSync(join(dir, 'b.yaml'));
    mkdirSync(join(dir, 'b.yaml'));
    rmSync(join(dir, 'c.yaml'));
    execFileSync('mkfifo', [join(dir, 'c.yaml')]);
    const files = readFiles(listed, () => '', w.warn);
    assert.deepEqual(
      files.map((f) => f.path),
      [join(dir, 'a.yaml')],
    );
    assert.deepEqual(w.lines, [
      `skipping '${join(dir, 'b.yaml')}': not a regular file (a folder)`,
      `skipping '${join(dir, 'c.yaml')}': not a regular file (a FIFO)`,
    ]);
  });
});

describe('netpol-lint --fix and the file system', () => {
  const FIXABLE = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80']);
  /** What --fix makes of FIXABLE in an ordinary file: the reference the other cases must match. */
  const FIXED = (() => {
    const dir = tree({ 'p.yaml': FIXABLE });
    run(['p.yaml', '--fix'], dir);
    return readFileSync(join(dir, 'p.yaml'), 'utf8');
  })();
  it('(the reference: an ordinary file is fixed)', () => assert.match(FIXED, /protocol: TCP/));
  const identity = (p: string) => {
    const s = lstatSync(p);
    return { ino: s.ino, mode: s.mode, uid: s.uid, gid: s.gid, nlink: s.nlink };
  };

  it('writes through a symbolic link to its target: the link stays a link', () => {
    const dir = tree({ 'real/p.yaml': FIXABLE });
    symlinkSync(join('real', 'p.yaml'), join(dir, 'p.yaml'));
    const r = run(['p.yaml', '--fix'], dir);
    assert.equal(r.code, 0, r.err);
    assert.ok(lstatSync(join(dir, 'p.yaml')).isSymbolicLink(), 'still a link');
    assert.equal(readlinkSync(join(dir, 'p.yaml')), join('real', 'p.yaml'));
    assert.equal(readFileSync(join(dir, 'real/p.yaml'), 'utf8'), FIXED, 'the target has the fixed text');
  });

  it('keeps hard links one file (written in place), with its inode, mode and owner', () => {
    const dir = tree({ 'p.yaml': FIXABLE });
    linkSync(join(dir, 'p.yaml'), join(dir, 'q.yaml'));
    chmodSync(join(dir, 'p.yaml'), 0o640);
    const before = identity(join(dir, 'p.yaml'));
    const r = run(['p.yaml', '--fix'], dir);
    assert.equal(r.code, 0, r.err);
    assert.deepEqual(identity(join(dir, 'p.yaml')), before);
    assert.equal(readFileSync(join(dir, 'q.yaml'), 'utf8'), FIXED, 'the other name sees the fix');
  });

  it("keeps a file's owner, group and mode (run as root on another user's file)", {
    skip: process.getuid?.() !== 0 ? 'needs root to give the file to another user' : false,
  }, () => {
    const dir = tree({ 'p.yaml': FIXABLE });
    chownSync(join(dir, 'p.yaml'), 65534, 65534);
    chmodSync(join(dir, 'p.yaml'), 0o604);
    const before = identity(join(dir, 'p.yaml'));
    const r = run(['p.yaml', '--fix'], dir);
    assert.equal(r.code, 0, r.err);
    const after = identity(join(dir, 'p.yaml'));
    assert.deepEqual({ ...after, ino: 0 }, { ...before, ino: 0 }, 'owner, group, mode and link count kept (the inode may change: an atomic rename)');
    assert.equal(readFileSync(join(dir, 'p.yaml'), 'utf8'), FIXED);
  });

  it('never writes a read-only file, even as root: one line, exit 2, bytes and inode unchanged', () => {
    const dir = tree({ 'p.yaml': FIXABLE });
    chmodSync(join(dir, 'p.yaml'), 0o444);
    const before = identity(join(dir, 'p.yaml'));
    const r = run(['p.yaml', '--fix'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.err, "netpol-lint: not fixing 'p.yaml': read-only (its mode has no write permission)\n");
    assert.match(r.out, /\[implicit-protocol\]|\[invalid-protocol\]/, 'its findings are still reported');
    assert.doesNotMatch(r.out, /^fixed /m);
    assert.deepEqual(identity(join(dir, 'p.yaml')), before);
    assert.equal(readFileSync(join(dir, 'p.yaml'), 'utf8'), FIXABLE);
  });

  it('refuses a file that is not UTF-8 (no U+FFFD written): one line, exit 2, bytes unchanged', () => {
    const dir = tree();
    const latin1 = Buffer.concat([Buffer.from('# caf'), Buffer.from([0xe9]), Buffer.from(`\n${FIXABLE}`)]);
    writeFileSync(join(dir, 'p.yaml'), latin1);
    const before = identity(join(dir, 'p.yaml'));
    const r = run(['p.yaml', '--fix'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.err, "netpol-lint: not fixing 'p.yaml': not UTF-8 text (writing it would replace the bytes that are not)\n");
    assert.deepEqual(readFileSync(join(dir, 'p.yaml')), latin1);
    assert.deepEqual(identity(join(dir, 'p.yaml')), before);
  });

  it('fixes the other files when one is refused', () => {
    const dir = tree({ 'a.yaml': FIXABLE, 'b.yaml': FIXABLE.replace('name: p', 'name: q') });
    chmodSync(join(dir, 'a.yaml'), 0o444);
    const r = run(['.', '--fix'], dir);
    assert.equal(r.code, 2);
    assert.equal(readFileSync(join(dir, 'a.yaml'), 'utf8'), FIXABLE);
    assert.equal(readFileSync(join(dir, 'b.yaml'), 'utf8'), FIXED.replace('name: p', 'name: q'));
    assert.match(r.out, /^fixed \d+ problems? in b\.yaml /m);
    assert.equal(statSync(join(dir, 'a.yaml')).mode & 0o777, 0o444);
  });
});
