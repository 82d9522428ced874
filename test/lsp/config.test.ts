/** The language server and .netpol-lint.yaml: found in the workspace, applied, re-read as it is edited, its problems shown on it. */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { DENY_ALL } from '../helpers';
import { serverInFolder, tempFolder, TestClient } from './client';

const OPENSHIFT = 'dns:\n  namespace: openshift-dns\n  ports: [5353]\n';
const dnsMessage = (ds: Diagnostic[]) => String(ds.find((d) => d.code === 'missing-dns-egress')?.message ?? '');

describe('language server: .netpol-lint.yaml', () => {
  const folder = serverInFolder(() => tempFolder('netpol-cfg-', { '.netpol-lint.yaml': OPENSHIFT, 'deny.yaml': DENY_ALL }));
  const uri = folder.uri;

  it('applies the DNS profile to the finding and to what its fixes write', async () => {
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    const ds = await folder.client.diagnostics(uri('deny.yaml'), (d) => /5353/.test(dnsMessage(d)), 'the OpenShift DNS finding');
    const actions = await folder.client.codeActions(
      uri('deny.yaml'),
      ds.filter((d) => d.code === 'missing-dns-egress'),
    );
    const rule = actions.find((a) => a.title.startsWith('Add a DNS egress rule'))!;
    const text = rule.edit!.changes![uri('deny.yaml')].map((e) => e.newText).join('');
    assert.match(text, /kubernetes\.io\/metadata\.name: openshift-dns/);
    assert.match(text, /port: 5353/);
  });

  it('re-lints open documents as the config file is edited, and shows its problems on it', async () => {
    await folder.client.open(uri('.netpol-lint.yaml'), OPENSHIFT);
    await folder.client.change(uri('.netpol-lint.yaml'), [{ range: { start: { line: 2, character: 10 }, end: { line: 2, character: 14 } }, newText: '9953' }]);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => /UDP 9953 to openshift-dns/.test(dnsMessage(d)), 'the finding for the edited profile');
    // a misspelt key: shown on the config file, and that part falls back to the default
    await folder.client.change(uri('.netpol-lint.yaml'), [{ range: { start: { line: 2, character: 2 }, end: { line: 2, character: 7 } }, newText: 'port' }]);
    const own = await folder.client.diagnostics(
      uri('.netpol-lint.yaml'),
      (d) => d.some((x) => x.code === 'invalid-config'),
      'invalid-config on the config file',
    );
    assert.deepEqual(
      own.map((d) => [d.code, d.range.start, d.range.end]),
      [['invalid-config', { line: 2, character: 2 }, { line: 2, character: 6 }]],
    );
    assert.match(String(own[0].message), /^Unknown key "port": did you mean "ports"\? .* \(dns\)$/);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => /UDP 53 to openshift-dns/.test(dnsMessage(d)), 'the default port back, the namespace kept');
  });

  it('closing the config file goes back to the saved one', async () => {
    await folder.client.closeDocument(uri('.netpol-lint.yaml'));
    await folder.client.diagnostics(uri('deny.yaml'), (d) => /UDP 5353 to openshift-dns/.test(dnsMessage(d)), 'the saved profile');
  });

  it('editor settings with the same keys override the file', async () => {
    folder.client.settings = { dns: { ports: [1053] } };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('deny.yaml'), (d) => /UDP 1053 to openshift-dns/.test(dnsMessage(d)), 'the editor port with the file namespace');
    folder.client.settings = {};
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('deny.yaml'), (d) => /UDP 5353/.test(dnsMessage(d)), 'the file again');
  });

  it('picks up a change of the saved file from file watching', async () => {
    writeFileSync(join(folder.dir, '.netpol-lint.yaml'), 'rules:\n  missing-dns-egress: off\n');
    await folder.client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('.netpol-lint.yaml'), type: 2 }] });
    await folder.client.diagnostics(uri('deny.yaml'), (d) => d.every((x) => x.code !== 'missing-dns-egress'), 'the rule turned off by the file');
  });
});

describe('language server: kubernetesVersion', () => {
  const hostBits = DENY_ALL.replace('  policyTypes:', '  ingress:\n    - from:\n        - ipBlock: {cidr: 10.0.0.5/24}\n  policyTypes:');
  const folder = serverInFolder(() => tempFolder('netpol-k8s-', { '.netpol-lint.yaml': 'kubernetesVersion: "1.35"\n', 'p.yaml': hostBits }));
  const uri = folder.uri;
  const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).filter((c) => String(c).endsWith('-cidr'));

  it('checks CIDRs as the configured version does, and again when the editor setting changes it', async () => {
    await folder.client.open(uri('p.yaml'), hostBits);
    await folder.client.diagnostics(uri('p.yaml'), (d) => codes(d).join() === 'non-canonical-cidr', 'a warning under 1.35 (the file)');
    folder.client.settings = { kubernetesVersion: '1.36' };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('p.yaml'), (d) => codes(d).join() === 'invalid-cidr', 'an error under 1.36 (the editor setting)');
    folder.client.settings = { kubernetesVersion: null };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('p.yaml'), (d) => codes(d).join() === 'non-canonical-cidr', 'the file again once the setting is unset');
  });
});

describe('language server: clusterNetworkPolicy.channel', () => {
  const nodes = [
    'apiVersion: policy.networking.k8s.io/v1alpha2',
    'kind: ClusterNetworkPolicy',
    'metadata:',
    '  name: infra-egress',
    'spec:',
    '  tier: Admin',
    '  priority: 5',
    '  subject: {namespaces: {}}',
    '  egress:',
    '    - action: Accept',
    '      to:',
    '        - nodes: {matchLabels: {role: infra}}',
    '',
  ].join('\n');
  const folder = serverInFolder(() =>
    tempFolder('netpol-cnp-', { '.netpol-lint.yaml': 'clusterNetworkPolicy:\n  channel: experimental\n', 'cnp.yaml': nodes }),
  );
  const uri = folder.uri;
  const codes = (ds: Diagnostic[]) => ds.map((d) => d.code).join();

  it('checks cluster policies against the configured channel, and again when the editor setting changes it', async () => {
    await folder.client.open(uri('cnp.yaml'), nodes);
    await folder.client.diagnostics(uri('cnp.yaml'), (d) => codes(d) === '', 'nodes is a field of the experimental channel (the file)');
    folder.client.settings = { clusterNetworkPolicy: { channel: 'standard' } };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('cnp.yaml'), (d) => codes(d) === 'unknown-field', 'an unknown field in the standard channel (the editor setting)');
    folder.client.settings = { clusterNetworkPolicy: { channel: null } };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('cnp.yaml'), (d) => codes(d) === '', 'the file again once the setting is unset');
  });
});

describe('language server: removing the workspace folder whose config is in force', () => {
  it("puts the next folder's config (here: none, the defaults) in force", async () => {
    const first = tempFolder('netpol-cfg-first-', { '.netpol-lint.yaml': OPENSHIFT });
    const second = tempFolder('netpol-cfg-second-', { 'deny.yaml': DENY_ALL });
    const client = new TestClient();
    try {
      await client.initialize(true, [pathToFileURL(first).href, pathToFileURL(second).href]);
      const deny = pathToFileURL(join(second, 'deny.yaml')).href;
      await client.open(deny, DENY_ALL);
      await client.diagnostics(deny, (d) => /5353/.test(dnsMessage(d)), "the first folder's OpenShift profile");
      await client.conn.sendNotification('workspace/didChangeWorkspaceFolders', {
        event: { added: [], removed: [{ uri: pathToFileURL(first).href, name: 'ws' }] },
      });
      await client.diagnostics(deny, (d) => /UDP 53 to kube-system/.test(dnsMessage(d)), 'the default DNS profile once the folder is gone');
    } finally {
      await client.close();
      rmSync(first, { recursive: true, force: true });
      rmSync(second, { recursive: true, force: true });
    }
  });
});
