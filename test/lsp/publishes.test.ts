/**
 * How many publishDiagnostics the server sends (issue #21): only for the files whose diagnostics
 * changed, the other files an edit affects once changes pause, so that closing N files of one
 * namespace sends O(N) publishes (it sent N²/2), and an edit that changes nothing for the other
 * open files republishes none of them.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DENY_ALL, yaml } from '../helpers';
import { serverInFolder, tempFolder, TestClient } from './client';

const N = 50;

/** An ingress policy of tenant-a for the pods app=w<i>. */
const ingressPolicy = (i: number) =>
  yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: allow-w${i}`,
    '  namespace: tenant-a',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    `      app: w${i}`,
    '  policyTypes: [Ingress]',
    '  ingress:',
    '    - from:',
    '        - podSelector: {}',
  );

/** Lets the server's pending publishes (those waiting for changes to pause) go out. */
const pause = () => new Promise((r) => setTimeout(r, 600));

describe('language server: publishes only what changed', () => {
  // an empty folder: the files exist only in the editor, so closing one removes its policy from
  // the namespace, which every other open file's namespace rules see
  const folder = serverInFolder(() => mkdtempSync(join(tmpdir(), 'netpol-publishes-')));
  const name = (i: number) => `p${String(i).padStart(2, '0')}.yaml`;
  const uris = () => Array.from({ length: N }, (_, i) => folder.uri(name(i)));
  const since = (from: number) => folder.client.publishes.slice(from);

  it('opens 50 files of one namespace', async () => {
    const { client } = folder;
    // p00 holds the namespace's default deny (which isolates egress without DNS: one finding there)
    await client.open(uris()[0], DENY_ALL);
    for (let i = 1; i < N; i++) await client.open(uris()[i], ingressPolicy(i));
    for (const uri of uris()) await client.diagnostics(uri, () => true, `the diagnostics of ${uri}`);
    const first = await client.diagnostics(uris()[0], (d) => d.length > 0, 'the DNS finding on the default deny');
    assert.deepEqual(
      first.map((d) => d.code),
      ['missing-dns-egress'],
    );
    await pause();
  });

  it('an edit that changes no other file’s findings republishes only the edited file', async () => {
    const { client } = folder;
    const from = client.publishes.length;
    const uri = uris()[7];
    // another label value for its pods: the namespace's members change, nobody's findings do
    await client.change(uri, [{ range: { start: { line: 8, character: 11 }, end: { line: 8, character: 13 } }, newText: 'web-7' }]);
    await client.diagnostics(uri, (_d, p) => p.version === 2, 'the edited version');
    await pause();
    assert.deepEqual(
      since(from).map((p) => p.uri),
      [uri],
    );
  });

  it('an edit that changes another file’s findings republishes that file, and no other', async () => {
    const { client } = folder;
    const from = client.publishes.length;
    const [deny, next] = uris();
    // the default deny is gone: no-default-deny now lands on the namespace's first policy (p01)
    await client.change(deny, [
      { range: { start: { line: 0, character: 0 }, end: { line: 10, character: 0 } }, newText: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\n' },
    ]);
    const moved = await client.diagnostics(next, (d) => d.some((x) => x.code === 'no-default-deny'), 'no-default-deny on p01');
    assert.equal(moved.length, 1);
    await pause();
    assert.deepEqual(
      since(from)
        .map((p) => p.uri)
        .sort(),
      [deny, next],
    );
  });

  it('closing all 50 sends O(N) publishes, not one per other open file per close', async () => {
    const { client } = folder;
    const from = client.publishes.length;
    for (const uri of uris()) await client.closeDocument(uri);
    for (const uri of uris()) await client.diagnostics(uri, (d) => d.length === 0, `${uri} cleared`);
    await pause();
    const sent = since(from);
    // one empty publish per closed file; a few rounds for the files still open at most (N²/2 = 1,250 before)
    assert.ok(sent.length <= 2 * N, `${sent.length} publishes for ${N} closes`);
    for (const uri of uris()) assert.equal(sent.filter((p) => p.uri === uri && p.diagnostics.length === 0).length, 1, `${uri} cleared once`);
    assert.ok(
      sent.every(
        (p) => p.diagnostics.length === 0 || !uris().includes(p.uri) || sent.findIndex((q) => q.uri === p.uri && q.diagnostics.length === 0) > sent.indexOf(p),
      ),
      'nothing is published to a file after it was closed',
    );
  });
});

describe('language server: valid JSON whatever version the client sends', () => {
  it('publishes without a version (never "version":undefined) when the client sends none or not a number, and its quick fixes still apply', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
      const uri = 'file:///no-version.yaml';
      const text = DENY_ALL.replace('- Egress', '- egress');
      // no version at all
      await client.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', text } });
      const opened = await client.diagnostics(uri, (d) => d.some((x) => x.code === 'invalid-policy-type'), 'the invalid policy type');
      const p = client.publishes.filter((x) => x.uri === uri).at(-1)!;
      assert.equal('version' in p, false, 'no version in the notification');
      const version = (opened[0].data as { version: unknown }).version;
      assert.equal(typeof version, 'number', 'the data still says which text the diagnostics are for');
      const fixes = await client.codeActions(
        uri,
        opened.filter((d) => d.code === 'invalid-policy-type'),
      );
      assert.ok(
        fixes.some((a) => /Egress/.test(a.title)),
        `a fix to Egress is offered: ${fixes.map((a) => a.title)}`,
      );
      // a version that is a string made of JSON, then a fraction: the edit is applied, the publish is valid JSON
      for (const bad of ['1}', 2.5] as const) {
        const before = client.publishes.length;
        await client.conn.sendNotification('textDocument/didChange', {
          textDocument: { uri, version: bad },
          contentChanges: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } }, text: 'x' }],
        });
        await client.diagnostics(uri, () => client.publishes.length > before, `a publish after the version ${JSON.stringify(bad)}`);
        const q = client.publishes.at(-1)!;
        assert.equal('version' in q, false);
        assert.ok(q.diagnostics.every((d) => typeof (d.data as { version: unknown }).version === 'number'));
      }
      // a valid version again: announced
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 7 },
        contentChanges: [{ range: { start: { line: 3, character: 8 }, end: { line: 3, character: 8 } }, text: 'y' }],
      });
      await client.diagnostics(uri, (_d, q) => q.version === 7, 'the publish of version 7');
      // a change without its text: ignored, with one line in the log, and the server goes on
      await client.conn.sendNotification('textDocument/didChange', {
        textDocument: { uri, version: 8 },
        contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: 'oops' }],
      });
      assert.match(await client.logLine(/ignored a didChange/), /no-version\.yaml with a malformed change/);
      assert.ok((await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 1, character: 1 } })) !== undefined);
      assert.equal(client.exited, undefined);
    } finally {
      await client.close();
    }
  });
});

describe('language server: a publish says the version whose text was analysed', () => {
  /** `n` policies of tenant-a, each with a port without its protocol (an implicit-protocol finding each). */
  const many = (n: number, port: number) =>
    Array.from({ length: n }, (_, i) =>
      yaml(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: p${i}`,
        '  namespace: tenant-a',
        'spec:',
        '  podSelector:',
        '    matchLabels:',
        `      app: w${i}`,
        '  policyTypes: [Ingress]',
        '  ingress:',
        `    - ports: [{port: ${port}}]`,
      ),
    ).join('---\n');
  const folder = serverInFolder(() => tempFolder('netpol-analysed-', { 'big.yaml': many(3000, 8080), 'small.yaml': ingressPolicy(1) }));

  it('never publishes an opened file with the findings of the disk text still being analysed', async () => {
    const { client } = folder;
    await client.logLine(/^Indexed 2 YAML and JSON files/, 60_000);
    const small = folder.uri('small.yaml');
    const big = folder.uri('big.yaml');
    await client.open(small, ingressPolicy(1));
    await client.diagnostics(small, () => true, 'small.yaml published');
    // big.yaml changes on disk: the index analyses it again, in slices (3,000 documents)
    writeFileSync(join(folder.dir, 'big.yaml'), many(3000, 9090));
    await client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: big, type: 2 }] });
    await new Promise((r) => setTimeout(r, 50));
    // meanwhile the editor opens it with other text (one policy, its ports with protocols), and an edit of
    // small.yaml in the same namespace asks for big.yaml to be published again once typing pauses
    const clean = ingressPolicy(2).replace('podSelector: {}', 'podSelector: {}\n      ports: [{port: 80, protocol: TCP}]');
    await client.open(big, clean);
    await client.change(small, [{ range: { start: { line: 8, character: 11 }, end: { line: 8, character: 13 } }, newText: 'web-1' }]);
    // the disk text's findings: thousands (the editor gets 1,000); the editor's text has one or two
    const stale = (d: unknown[]) => d.length > 10;
    await client.diagnostics(big, (d, p) => p.version === 1 && !stale(d), "the editor's text of big.yaml published", 30_000);
    await new Promise((r) => setTimeout(r, 600));
    const labelled = client.publishes.filter((p) => p.uri === big && p.version === 1);
    assert.ok(labelled.length >= 1);
    for (const p of labelled) assert.ok(!stale(p.diagnostics), `a publish of version 1 with ${p.diagnostics.length} diagnostics: the disk text's`);
  });
});
