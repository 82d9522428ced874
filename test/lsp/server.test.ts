/** The language server as an editor sees it: spawned over stdio, spoken to in LSP. */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { ALLOW_DNS, DENY_ALL } from '../helpers';
import { SERVER, TestClient } from './client';

const codes = (d: Diagnostic[]) => d.map((x) => x.code);

async function applyAction(client: TestClient, uri: string, action: CodeAction) {
  const edits = action.edit?.changes?.[uri];
  assert.ok(edits && edits.length > 0, `action "${action.title}" has no edit for the document`);
  await client.change(uri, edits);
}

describe('language server over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = new TestClient();
  });
  after(async () => {
    await client.close();
  });
  // documents open in one editor form one workspace: close each test's documents after it
  afterEach(() => client.closeAll());

  it('initializes with incremental sync and quick fixes', async () => {
    const init = await client.initialize();
    assert.equal(init.serverInfo.name, 'netpol-lint');
    assert.deepEqual(init.capabilities.textDocumentSync, { openClose: true, change: 2 });
    assert.ok(init.capabilities.codeActionProvider);
  });

  it('publishes missing-dns-egress for the seed default-deny-all, with source, code, docs link and fix data', async () => {
    const uri = 'file:///ws/deny.yaml';
    await client.open(uri, DENY_ALL);
    const [d, ...rest] = await client.diagnostics(uri, (x) => x.length > 0, 'a diagnostic');
    assert.equal(rest.length, 0);
    assert.equal(d.source, 'netpol-lint');
    assert.equal(d.code, 'missing-dns-egress');
    assert.equal(d.severity, 2);
    assert.deepEqual(d.range, { start: { line: 9, character: 6 }, end: { line: 9, character: 12 } });
    assert.match(d.codeDescription!.href, /docs\/rules\/missing-dns-egress\.md$/);
    const data = d.data as { version: number; fixes: { title?: string; recipe?: { kind: string }; edits?: unknown }[] };
    assert.equal(data.version, 1);
    // the two DNS fixes ("Disable …" is written by the code action handler); whole YAML blocks travel
    // as recipes (a few values; the handler writes title and edits from them): publishes stay small
    assert.deepEqual(
      data.fixes.map((f) => [f.recipe?.kind, f.title, f.edits]),
      [
        ['dns-egress-policy', undefined, undefined],
        ['dns-egress-rule', undefined, undefined],
      ],
    );
  });

  it('offers nothing for fix data it cannot read, and keeps serving', async () => {
    const uri = 'file:///ws/tampered.yaml';
    await client.open(uri, DENY_ALL);
    const [d] = await client.diagnostics(uri, (x) => x.length > 0, 'the DNS finding');
    const tampered = {
      ...d,
      data: {
        version: 1,
        fixes: [
          { title: 'Broken recipe', recipe: { kind: 'dns-egress-rule', start: 'x' } },
          { title: 'Unknown', recipe: { kind: 'rm -rf' } },
        ],
      },
    };
    const actions = await client.codeActions(uri, [tampered]);
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Disable missing-dns-egress for this line'],
    );
    await client.closeDocument(uri);
  });

  it('sends a finding without fixes with its version only, and still offers to disable it, in that version', async () => {
    const uri = 'file:///ws/open-web.yaml';
    const text = [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: open-web',
      '  namespace: tenant-a',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Ingress]',
      '  ingress:',
      '    - ports:',
      '        - port: 80',
      '',
    ].join('\n');
    await client.open(uri, text);
    const diags = await client.diagnostics(uri, (x) => x.some((d) => d.code === 'allow-all'), 'the allow-all finding');
    const d = diags.find((x) => x.code === 'allow-all')!;
    assert.deepEqual(d.data, { version: 1 });
    assert.deepEqual(
      (await client.codeActions(uri, [d])).map((a) => a.title),
      ['Disable allow-all for this line'],
    );
    assert.deepEqual(await client.codeActions(uri, [{ ...d, data: { version: 0 } }]), [], 'made for another version: nothing');
    await client.closeDocument(uri);
  });

  it('updates diagnostics on an incremental edit (adding the DNS policy clears the finding)', async () => {
    const uri = 'file:///ws/deny.yaml';
    await client.open(uri, DENY_ALL);
    await client.diagnostics(uri, (x, p) => p.version === 1 && x.length > 0, 'the DNS finding');
    const end = { line: DENY_ALL.split('\n').length - 1, character: 0 };
    await client.change(uri, [{ range: { start: end, end }, newText: '---\n' + ALLOW_DNS }]);
    await client.diagnostics(uri, (x, p) => p.version === 2 && x.length === 0, 'no diagnostics after adding DNS');
  });

  it('answers code actions from the diagnostic data; each DNS fix clears the finding', async () => {
    for (const title of ['Add a separate "allow-dns-egress" policy', 'Add a DNS egress rule', 'Disable missing-dns-egress for this line']) {
      const uri = `file:///ws/fix-${title.length}.yaml`;
      await client.open(uri, DENY_ALL);
      const diags = await client.diagnostics(uri, (x) => x.length > 0, 'the DNS finding');
      const actions = await client.codeActions(uri, diags);
      const action = actions.find((a) => a.title.startsWith(title));
      assert.ok(action, `no action "${title}" among ${JSON.stringify(actions.map((a) => a.title))}`);
      assert.equal(action.kind, 'quickfix');
      await applyAction(client, uri, action);
      const after = await client.diagnostics(uri, (_x, p) => p.version === 2, 'diagnostics after the fix');
      assert.deepEqual(codes(after), [], `after "${title}":\n${client.texts.get(uri)}`);
      await client.closeDocument(uri);
    }
  });

  it('writes the DNS fixes at the right place after typing in an earlier document (no lines added)', async () => {
    for (const title of ['Add a separate "allow-dns-egress" policy', 'Add a DNS egress rule']) {
      const uri = `file:///ws/typed-above-${title.length}.yaml`;
      const other = DENY_ALL.replace('default-deny-all', 'first').replace('tenant-a', 'tenant-z');
      await client.open(uri, other + '---\n' + DENY_ALL);
      await client.diagnostics(uri, (x) => x.length === 2, 'a DNS finding in each document');
      // three characters typed into the first document's name: every later offset moves, no line does
      for (const k of [0, 1, 2]) {
        const at = { line: 3, character: 13 + k };
        await client.change(uri, [{ range: { start: at, end: at }, newText: 'x' }]);
      }
      const diags = await client.diagnostics(uri, (x, p) => p.version === 4 && x.length === 2, 'both findings at version 4');
      const second = diags.filter((d) => d.range.start.line > 12);
      assert.equal(second.length, 1);
      const action = (await client.codeActions(uri, second)).find((a) => a.title.startsWith(title));
      assert.ok(action, title);
      await applyAction(client, uri, action);
      const after = await client.diagnostics(uri, (_x, p) => p.version === 5, 'diagnostics after the fix');
      assert.deepEqual(
        after.map((d) => d.range.start.line),
        [9],
        `only the first document's finding is left after "${title}":\n${client.texts.get(uri)}`,
      );
      await client.closeDocument(uri);
    }
  });

  it("fixes the seed DNS policy's empty TCP port through the server", async () => {
    const uri = 'file:///ws/empty-port.yaml';
    const text = DENY_ALL + '---\n' + ALLOW_DNS.replace(/TCP\n {10}port: 53/, 'TCP\n          port:');
    await client.open(uri, text);
    const diags = await client.diagnostics(uri, (x) => x.some((d) => d.code === 'empty-port'), 'empty-port');
    const target = diags.filter((d) => d.code === 'empty-port');
    for (const title of ['Set the port to 53', 'Remove the empty']) {
      const actions = await client.codeActions(uri, target);
      const action = actions.find((a) => a.title.startsWith(title));
      assert.ok(action, title);
      assert.ok(action.edit);
    }
    const [set] = (await client.codeActions(uri, target)).filter((a) => a.isPreferred);
    assert.equal(set.title, 'Set the port to 53');
    await applyAction(client, uri, set);
    await client.diagnostics(uri, (x, p) => p.version === 2 && x.length === 0, 'clean after the fix');
  });

  it('offers no fixes computed for an older version of the document', async () => {
    const uri = 'file:///ws/stale.yaml';
    await client.open(uri, DENY_ALL);
    const diags = await client.diagnostics(uri, (x) => x.length > 0, 'the DNS finding');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: '# edited\n' }]);
    await client.diagnostics(uri, (_x, p) => p.version === 2, 'the new version');
    assert.deepEqual(await client.codeActions(uri, diags), []);
  });

  it('publishes nothing for other YAML', async () => {
    const uri = 'file:///ws/deployment.yaml';
    await client.open(uri, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n');
    await client.diagnostics(uri, (x, p) => p.version === 1 && x.length === 0, 'an empty diagnostics list');
  });

  it('applies settings pulled with workspace/configuration, without reopening', async () => {
    const uri = 'file:///ws/settings.yaml';
    await client.open(uri, DENY_ALL);
    await client.diagnostics(uri, (x) => x.length === 1, 'the DNS finding');
    client.settings = { rules: { 'missing-dns-egress': 'off' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (x) => x.length === 0, 'no diagnostics once the rule is off');
    client.settings = { rules: { 'missing-dns-egress': 'error' } };
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await client.diagnostics(uri, (x) => x.length === 1 && x[0].severity === 1, 'the finding as an error');
    client.settings = {};
    await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
  });

  it('answers requests for unknown documents and out-of-range positions, and keeps serving', async () => {
    const far = { start: { line: 9999, character: 9999 }, end: { line: 99999, character: 0 } };
    const none = await client.conn.sendRequest('textDocument/codeAction', {
      textDocument: { uri: 'file:///ws/never-opened.yaml' },
      range: far,
      context: { diagnostics: [] },
    });
    assert.deepEqual(none, []);
    const uri = 'file:///ws/eof.yaml';
    await client.open(uri, DENY_ALL);
    await client.diagnostics(uri, (x) => x.length === 1, 'the finding');
    assert.deepEqual(await client.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: far, context: { diagnostics: [] } }), []);
    const end = { line: DENY_ALL.split('\n').length - 1, character: 0 };
    await client.change(uri, [{ range: { start: end, end }, newText: '---\n' + ALLOW_DNS }]);
    await client.diagnostics(uri, (x, p) => p.version === 2 && x.length === 0, 'the server still analyses');
  });

  it('survives hostile documents and answers the next one', async () => {
    let bomb =
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: b, namespace: b}\nspec:\n  podSelector: {}\n  x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n';
    for (let i = 1; i < 10; i++)
      bomb += `  x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    await client.open('file:///ws/bomb.yaml', bomb);
    await client.diagnostics('file:///ws/bomb.yaml', (x) => x.some((d) => d.code === 'yaml-syntax'), 'the alias-bomb finding');
    await client.open('file:///ws/huge.yaml', (DENY_ALL + '---\n').repeat(45_000));
    await client.diagnostics('file:///ws/huge.yaml', (x) => x.length === 1 && x[0].code === 'file-too-large', 'one file-too-large finding');
    await client.open('file:///ws/after.yaml', DENY_ALL);
    await client.diagnostics('file:///ws/after.yaml', (x) => x.length === 1, 'the next document analysed');
  });

  it('clears diagnostics when a document closes', async () => {
    const uri = 'file:///ws/deny.yaml';
    await client.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    await client.diagnostics(uri, (x, p) => p.version === undefined && x.length === 0, 'cleared diagnostics');
  });
});

describe('language server with pushed settings (no workspace/configuration)', () => {
  it('reads settings from didChangeConfiguration', async () => {
    const client = new TestClient([]);
    try {
      await client.initialize(false);
      const uri = 'file:///ws/push.yaml';
      await client.open(uri, DENY_ALL);
      await client.diagnostics(uri, (x) => x.length === 1, 'the DNS finding');
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: { netpolLint: { rules: { 'missing-dns-egress': 'hint' } } } });
      await client.diagnostics(uri, (x) => x.length === 1 && x[0].severity === 4, 'the finding as a hint');
    } finally {
      await client.close();
    }
  });
});

describe('language server without a network', () => {
  it('serves a whole session without a single socket, HTTP request or DNS lookup', async () => {
    const log = join(mkdtempSync(join(tmpdir(), 'netpol-net-')), 'attempts.log');
    const client = new TestClient(['--stdio'], { nodeArgs: ['--require', join(__dirname, 'no-network.cjs')], env: { NETPOL_NETWORK_LOG: log } });
    try {
      await client.initialize();
      const uri = 'file:///ws/offline.yaml';
      // big enough to be shared with the worker thread, which must not need the network either
      const big = Array.from({ length: 250 }, (_, i) => DENY_ALL.replace('tenant-a', `t${i}`)).join('---\n');
      await client.open(uri, big);
      const diags = await client.diagnostics(uri, (x) => x.length === 250, 'a finding per namespace', 20_000);
      await client.codeActions(uri, diags.slice(0, 1));
      client.settings = { rules: { 'missing-dns-egress': 'off' } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (x) => x.length === 0, 'no findings with the rule off');
      assert.equal(existsSync(log) ? readFileSync(log, 'utf8') : '', '', 'network access attempted');
      assert.equal(client.proc.exitCode, null, 'the server is still running');
    } finally {
      await client.close();
    }
  });
});

describe('the netpol-lint-server bin', () => {
  it('starts Node.js with --expose-gc from its shebang, and runs as a program', { skip: process.platform === 'win32' }, () => {
    assert.equal(readFileSync(SERVER, 'utf8').split('\n', 1)[0], '#!/usr/bin/env -S node --expose-gc');
    const dir = mkdtempSync(join(tmpdir(), 'netpol-bin-'));
    try {
      const bin = join(dir, 'netpol-lint-server');
      copyFileSync(SERVER, bin);
      chmodSync(bin, 0o755);
      const env = { ...process.env, PATH: `${dirname(process.execPath)}${delimiter}${process.env.PATH ?? ''}` };
      const { version } = JSON.parse(readFileSync(join(__dirname, '../../package.json'), 'utf8')) as { version: string };
      assert.equal(execFileSync(bin, ['--version'], { env, encoding: 'utf8' }), `${version}\n`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
