/**
 * The language server and a hostile folder: symbolic links out of the workspace, a config that
 * links to a credentials file, a FIFO and a device named *.yaml. Nothing outside the folder may
 * change a finding or reach the log; special files are named once and never block the index.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { ALLOW_DNS, DENY_ALL, readableCopy, unprivilegedPrefix } from '../helpers';
import { SERVER, serverInFolder, TestClient } from './client';

const hasDns = (ds: { code?: unknown }[]) => ds.some((d) => d.code === 'missing-dns-egress');
const ns = (text: string, namespace: string) => text.replace('namespace: tenant-a', `namespace: ${namespace}`);

/** Words that exist only in the files outside the folder: the log must never show them. */
const SECRETS = ['OUTSIDE-MARKER', 'aws_secret_key_name_xyzzy', 'hunter2'];

const outside = mkdtempSync(join(tmpdir(), 'netpol-outside-'));
after(() => rmSync(outside, { recursive: true, force: true }));

function hostileFolder(): string {
  mkdirSync(join(outside, 'dir'), { recursive: true });
  writeFileSync(join(outside, 'dns.yaml'), `# OUTSIDE-MARKER\n${ALLOW_DNS}`);
  writeFileSync(join(outside, 'dir', 'dns2.yaml'), `# OUTSIDE-MARKER\n${ALLOW_DNS}`);
  writeFileSync(join(outside, 'creds.yaml'), 'aws_secret_key_name_xyzzy: hunter2\n');
  const dir = mkdtempSync(join(tmpdir(), 'netpol-hostile-'));
  writeFileSync(join(dir, 'deny.yaml'), DENY_ALL);
  symlinkSync(join(outside, 'dns.yaml'), join(dir, 'dns.yaml'));
  symlinkSync(join(outside, 'dir'), join(dir, 'linked-dir'));
  symlinkSync(join(outside, 'creds.yaml'), join(dir, '.netpol-lint.yaml'));
  symlinkSync('/dev/zero', join(dir, 'zero.yaml'));
  execFileSync('mkfifo', [join(dir, 'fifo.yaml')]);
  symlinkSync('loop-b.yaml', join(dir, 'loop-a.yaml'));
  symlinkSync('loop-a.yaml', join(dir, 'loop-b.yaml'));
  // inside links are followed: node_modules is never walked, but a link into it is read
  writeFileSync(join(dir, 'deny-b.yaml'), ns(DENY_ALL, 'tenant-b'));
  mkdirSync(join(dir, 'node_modules'));
  writeFileSync(join(dir, 'node_modules', 'dns-b.yaml'), ns(ALLOW_DNS, 'tenant-b'));
  symlinkSync(join('node_modules', 'dns-b.yaml'), join(dir, 'dns-b.yaml'));
  // a folder reached by its own path and by a link (sorted first): indexed under its own path
  mkdirSync(join(dir, 'zz-real'));
  writeFileSync(join(dir, 'zz-real', 'deny-d.yaml'), ns(DENY_ALL, 'tenant-d'));
  symlinkSync('zz-real', join(dir, 'a-link'));
  // the barrier of the watch-event test: a namespace whose DNS policy arrives by an event
  writeFileSync(join(dir, 'deny-c.yaml'), ns(DENY_ALL, 'tenant-c'));
  return dir;
}

describe('language server: symbolic links, FIFOs and devices in the workspace folder', () => {
  const folder = serverInFolder(hostileFolder);
  const uri = folder.uri;
  const noSecretsLogged = () => {
    const leaked = folder.client.logs.filter((l) => SECRETS.some((s) => l.message.toLowerCase().includes(s.toLowerCase())));
    assert.deepEqual(leaked, [], 'nothing of the files outside the folder reaches the log');
  };

  it('indexes the folder without blocking on the FIFO, naming it and the outside links once each', async () => {
    const deadline = Date.now() + 10_000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(folder.client.progress.at(-1), 'end', 'indexing finished (a FIFO named *.yaml did not block it)');
    await folder.client.logLine(/not reading .*fifo\.yaml: not a regular file \(a FIFO\)/);
    await folder.client.logLine(/not reading .*dns\.yaml: a symbolic link to outside the workspace folders/);
    await folder.client.logLine(/not reading .*zero\.yaml: a symbolic link to outside the workspace folders/);
    await folder.client.logLine(/not reading .*linked-dir: a symbolic link to outside the workspace folders/);
    await folder.client.logLine(/not reading .*\.netpol-lint\.yaml: a symbolic link to outside the workspace folder; the defaults are in force/);
    await folder.client.logLine(/not reading .*loop-a\.yaml: a symbolic link to nothing \(too many levels of symbolic links\)/);
    const fifoLines = folder.client.logs.filter((l) => l.message.includes('fifo.yaml'));
    assert.equal(fifoLines.length, 1, 'one line for the FIFO');
    noSecretsLogged();
  });

  it('a DNS policy behind a link out of the folder does not count; one behind a link inside does', async () => {
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress: the outside DNS policy is not read');
    await folder.client.open(uri('deny-b.yaml'), ns(DENY_ALL, 'tenant-b'));
    await folder.client.diagnostics(uri('deny-b.yaml'), (d) => !hasDns(d), 'no missing-dns-egress: the link into node_modules is followed');
  });

  it('a file reached through a linked folder too is indexed once, under its own path', async () => {
    const deadline = Date.now() + 10_000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await folder.client.open(uri('zz-real/deny-d.yaml'), ns(DENY_ALL, 'tenant-d'));
    const ds = await folder.client.diagnostics(uri('zz-real/deny-d.yaml'), (d) => hasDns(d), 'the open file analysed');
    assert.deepEqual(
      ds.filter((d) => d.code === 'duplicate-policy-name'),
      [],
      'no copy of it under a-link/',
    );
  });

  it('file-watch events on outside links read nothing outside', async () => {
    await folder.client.open(uri('deny-c.yaml'), ns(DENY_ALL, 'tenant-c'));
    await folder.client.diagnostics(uri('deny-c.yaml'), (d) => hasDns(d), 'missing-dns-egress in tenant-c before its DNS policy');
    writeFileSync(join(folder.dir, 'dns-c.yaml'), ns(ALLOW_DNS, 'tenant-c'));
    await folder.client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri('dns.yaml'), type: 2 },
        { uri: uri('linked-dir/dns2.yaml'), type: 1 },
        { uri: uri('.netpol-lint.yaml'), type: 2 },
        { uri: uri('dns-c.yaml'), type: 1 },
      ],
    });
    // the inside file's event has been handled: the outside ones, sent before it, too
    await folder.client.diagnostics(uri('deny-c.yaml'), (d) => !hasDns(d), 'the barrier: dns-c.yaml read');
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress still: no outside file was read', 500);
    noSecretsLogged();
  });

  it('closing the editor of an outside link goes back to the disk, which it does not read', async () => {
    await folder.client.open(uri('dns.yaml'), ALLOW_DNS);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), "the editor's text counts while open");
    await folder.client.closeDocument(uri('dns.yaml'));
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress again: the outside file behind the link is not read');
    noSecretsLogged();
  });

  it('a file replaced by a folder after its event is named and dropped; one deleted is dropped quietly', async () => {
    rmSync(join(folder.dir, 'dns-c.yaml'));
    mkdirSync(join(folder.dir, 'dns-c.yaml'));
    rmSync(join(folder.dir, 'node_modules', 'dns-b.yaml')); // the target of the link dns-b.yaml
    const logged = folder.client.logs.length;
    await folder.client.conn.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: uri('dns-c.yaml'), type: 2 },
        { uri: uri('dns-b.yaml'), type: 2 },
      ],
    });
    await folder.client.logLine(/not reading .*dns-c\.yaml: not a regular file \(a folder\)/);
    await folder.client.diagnostics(uri('deny-c.yaml'), (d) => hasDns(d), 'tenant-c without its DNS policy');
    await folder.client.diagnostics(uri('deny-b.yaml'), (d) => hasDns(d), 'tenant-b without its DNS policy');
    assert.deepEqual(
      folder.client.logs.slice(logged).filter((l) => l.message.includes('dns-b')),
      [],
      'a vanished file is not an error',
    );
  });
});

describe('language server: a .netpol-lint.yaml that is a FIFO', () => {
  const folder = serverInFolder(() => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-fifo-config-'));
    writeFileSync(join(dir, 'deny.yaml'), DENY_ALL);
    execFileSync('mkfifo', [join(dir, '.netpol-lint.yaml')]);
    return dir;
  });

  it('is named in one log line, and the folder is still indexed', async () => {
    await folder.client.logLine(/not reading .*\.netpol-lint\.yaml: not a regular file \(a FIFO\); the defaults are in force/);
    const deadline = Date.now() + 10_000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.equal(folder.client.progress.at(-1), 'end');
    await folder.client.open(folder.uri('deny.yaml'), DENY_ALL);
    await folder.client.diagnostics(folder.uri('deny.yaml'), (d) => hasDns(d), 'the defaults in force: missing-dns-egress');
  });
});

describe('language server: unreadable files and folders (as an unprivileged user)', () => {
  const prefix = unprivilegedPrefix();
  it('are named in the log, once each, instead of skipped silently; the rest is indexed', { skip: typeof prefix === 'string' ? prefix : false }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-unreadable-'));
    chmodSync(dir, 0o755);
    writeFileSync(join(dir, 'deny.yaml'), DENY_ALL);
    writeFileSync(join(dir, 'dns.yaml'), ALLOW_DNS);
    chmodSync(join(dir, 'dns.yaml'), 0o000);
    mkdirSync(join(dir, 'locked'));
    writeFileSync(join(dir, 'locked', 'dns.yaml'), ALLOW_DNS);
    chmodSync(join(dir, 'locked'), 0o000);
    const p = prefix as string[];
    // as another user, a copy of the bundle it can read (the checkout may be closed to it)
    const client = new TestClient(['--stdio'], { prefix: p, ...(p.length > 0 ? { server: readableCopy(SERVER) } : {}) });
    try {
      await client.initialize(true, pathToFileURL(dir).href);
      await client.logLine(/not reading .*dns\.yaml: permission denied/);
      await client.logLine(/not indexing the folder .*locked: permission denied/);
      const uri = pathToFileURL(join(dir, 'deny.yaml')).href;
      await client.open(uri, DENY_ALL);
      await client.diagnostics(uri, (d) => hasDns(d), 'missing-dns-egress: neither DNS policy could be read');
      assert.equal(client.logs.filter((l) => /dns\.yaml: permission denied/.test(l.message)).length, 1);
    } finally {
      await client.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
