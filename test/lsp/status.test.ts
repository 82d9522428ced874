/** The language server tells a person what it is doing: its log lines (the output channel) and the netpolLint/status notification. */
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALLOW_DNS, DENY_ALL } from '../helpers';
import { serverInFolder, tempFolder } from './client';

const OPENSHIFT = 'dns:\n  namespace: openshift-dns\n  ports: [5353]\nkubernetesVersion: "1.35"\n';
const INFO = 3;

describe('language server: the log and the status, with a config file', () => {
  const folder = serverInFolder(() => tempFolder('netpol-log-', { '.netpol-lint.yaml': OPENSHIFT, 'deny.yaml': DENY_ALL, 'dns.yaml': ALLOW_DNS }));
  const uri = folder.uri;
  const messages = () => folder.client.logs.map((l) => l.message);

  it('logs the version, the config file, the DNS profile, the Kubernetes version, the CRD channel and the index, one line each', async () => {
    await folder.client.logLine(/^Indexed 3 YAML and JSON files of the workspace in \d+ ms$/);
    const log = messages();
    assert.deepEqual(
      log.filter((m) => !m.startsWith('Indexed')),
      [
        `NetworkPolicy Lint server 0.1.0 started (Node.js ${process.version})`,
        `Config file: ${join(folder.dir, '.netpol-lint.yaml')}`,
        'DNS profile: pods k8s-app=kube-dns in namespace openshift-dns, UDP and TCP port 5353',
        'Kubernetes version: 1.35',
        'ClusterNetworkPolicy CRDs: standard channel',
      ],
    );
    assert.ok(
      folder.client.logs.every((l) => l.type === INFO),
      JSON.stringify(folder.client.logs),
    );
  });

  it('sends the status: indexing progress, then the files indexed and the config in effect', async () => {
    const last = await folder.client.status((s) => s.indexing === null && s.indexedFiles > 0, 'after the index');
    const statuses = folder.client.statuses;
    assert.deepEqual(last, { configFile: join(folder.dir, '.netpol-lint.yaml'), kubernetesVersion: '1.35', indexing: null, indexedFiles: 3 });
    assert.ok(
      statuses.some((s) => s.indexing?.total === 3),
      `an indexing status before the end: ${JSON.stringify(statuses)}`,
    );
  });

  it('logs nothing while a policy is typed', async () => {
    const before = messages().length;
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    for (let i = 0; i < 5; i++)
      await folder.client.change(uri('deny.yaml'), [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '#' }]);
    await folder.client.diagnostics(uri('deny.yaml'), (_, p) => p.version === 6, 'the last edit analysed');
    assert.deepEqual(messages().slice(before), []);
  });

  it('logs each reload: editor settings, the config file changed on disk, a reindex', async () => {
    let before = messages().length;
    folder.client.settings = { dns: { ports: [1053] } };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.logLine(/port 1053$/);
    assert.deepEqual(messages().slice(before), [
      'Configuration reloaded: editor settings changed',
      'DNS profile: pods k8s-app=kube-dns in namespace openshift-dns, UDP and TCP port 1053',
    ]);

    before = messages().length;
    writeFileSync(join(folder.dir, '.netpol-lint.yaml'), 'kubernetesVersion: "1.30"\n');
    await folder.client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.netpol-lint.yaml'), type: 2 }] });
    await folder.client.logLine(/^Kubernetes version: 1\.30$/);
    assert.deepEqual(messages().slice(before), [
      'Configuration reloaded: .netpol-lint.yaml changed on disk',
      'DNS profile: pods k8s-app=kube-dns in namespace kube-system, UDP and TCP port 1053',
      'Kubernetes version: 1.30',
    ]);
    await folder.client.status((s) => s.kubernetesVersion === '1.30', 'with Kubernetes 1.30');

    // a changed exclude list rebuilds the index: logged with its new count
    before = messages().length;
    folder.client.settings = { dns: { ports: [1053] }, exclude: ['dns.yaml'] };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.logLine(/^Indexed 2 YAML and JSON files/);
    assert.deepEqual(
      messages()
        .slice(before)
        .map((m) => m.replace(/\d+ ms$/, 'N ms')),
      ['Configuration reloaded: editor settings changed', 'Indexed 2 YAML and JSON files of the workspace in N ms'],
    );
    await folder.client.status((s) => s.indexing === null && s.indexedFiles === 2, 'with 2 files indexed');
  });

  it('logs an edit of the config file in its editor once, when the edits pause', async () => {
    const before = messages().length;
    const text = 'kubernetesVersion: "1.30"\n';
    await folder.client.open(uri('.netpol-lint.yaml'), text);
    // "1.30" -> "1.31" -> "1.32", key by key
    for (const digit of ['1', '2'])
      await folder.client.change(uri('.netpol-lint.yaml'), [{ range: { start: { line: 0, character: 23 }, end: { line: 0, character: 24 } }, newText: digit }]);
    await folder.client.logLine(/^Kubernetes version: 1\.32$/, 3000);
    assert.deepEqual(messages().slice(before), ['Configuration reloaded: .netpol-lint.yaml edited', 'Kubernetes version: 1.32']);
    await folder.client.closeAll();
  });
});

describe('language server: the log without a config file', () => {
  const folder = serverInFolder(() => tempFolder('netpol-log-none-', { 'deny.yaml': DENY_ALL }));

  it('says the defaults are in force', async () => {
    await folder.client.logLine(/^Indexed 1 YAML and JSON file of the workspace/);
    const log = folder.client.logs.map((l) => l.message);
    assert.ok(log.includes('Config file: none: defaults'), JSON.stringify(log));
    assert.ok(log.includes('DNS profile: pods k8s-app=kube-dns in namespace kube-system, UDP and TCP port 53'), JSON.stringify(log));
    const last = await folder.client.status((s) => s.indexing === null && s.indexedFiles > 0, 'after the index');
    assert.deepEqual(last, { configFile: null, kubernetesVersion: '1.36', indexing: null, indexedFiles: 1 });
  });
});
