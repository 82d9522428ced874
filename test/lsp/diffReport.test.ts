/** The server's "What does my change open?" (netpol-lint.diffReport): the workspace, unsaved edits included, against git HEAD. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { committedFolder, serverInFolder, tempFolder } from './client';
import { docs, np } from '../connectivityModel';

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
const pod = (namespace: string, name: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: web-server}\nspec:\n  containers: [{name: c, image: i}]\n`;
const CLUSTER = docs(ns('tenant-a'), ns('tenant-b'), pod('tenant-a', 'db'), pod('tenant-a', 'web'), pod('tenant-b', 'web'));
const dbPolicy = (peer: string) =>
  np('db', 'tenant-a', ['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', `  - from: [${peer}]`, '    ports: [{protocol: TCP, port: 5432}]']);
const NARROW = dbPolicy('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}}');
const WIDE = dbPolicy('{namespaceSelector: {}}');

type Report = { title: string; markdown: string };

describe('language server: what does my change open?', () => {
  const folder = serverInFolder(() => committedFolder('netpol-diff-lsp-', { 'cluster.yaml': CLUSTER, 'db.yaml': NARROW }));
  const report = () => folder.client.conn.sendRequest('workspace/executeCommand', { command: 'netpol-lint.diffReport', arguments: [] }) as Promise<Report>;
  const waitIndexed = async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  };

  it('no change: the report says so', async () => {
    await waitIndexed();
    const r = await report();
    assert.equal(r.title, 'What does my change open?');
    assert.match(r.markdown, /^### What does my change open\?$/m);
    assert.match(r.markdown, /\*\*no changes\*\*/);
  });

  it('an unsaved edit that widens a policy shows the cross-tenant pair it opens, in the table between namespaces', async () => {
    await folder.client.open(folder.uri('db.yaml'), WIDE);
    const r = await report();
    assert.match(r.markdown, /\*\*2 added\*\*/);
    assert.match(r.markdown, /#### Between namespaces/);
    assert.match(r.markdown, /^\| added \| `tenant-b\/web` \| `tenant-a\/db` \| {2}\| `TCP 5432` \|/m);
    assert.match(r.markdown, /^\| added \| `tenant-b\/web` \| `tenant-a\/web` \|/m);
  });
});

describe('language server: what does my change open? outside a git repository', () => {
  const folder = serverInFolder(() => tempFolder('netpol-diff-nogit-', { 'db.yaml': NARROW }));
  it('fails with a message that says what it needs', async () => {
    await assert.rejects(
      folder.client.conn.sendRequest('workspace/executeCommand', { command: 'netpol-lint.diffReport', arguments: [] }),
      /compares the workspace with its last commit \(git HEAD\): .*not in one/,
    );
  });
});
