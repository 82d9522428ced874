/** The JSON a publish is written as (copied together from kept UTF-8 pieces) is the JSON of its parameters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { Converter } from '../../server/src/lsp/convert';
import { MessageEncoder } from '../../server/src/lsp/publishEncoder';
import { DENY_ALL } from '../helpers';
import { TestClient } from './client';

const messageBytes = (msg: Parameters<MessageEncoder['bytes']>[0]) => new MessageEncoder().bytes(msg);

const EXAMPLE = join(__dirname, '../../examples/classic-mistakes.yaml');

/** `n` default-deny policies in five namespaces without DNS: a missing-dns-egress finding each. */
function bigFile(n: number): string {
  return Array.from({ length: n }, (_, i) => DENY_ALL.replace('default-deny-all', `deny-${i}`).replace('tenant-a', `tenant-${i % 5}`)).join('---\n');
}

describe('publish encoding', () => {
  it('writes a publication as JSON.stringify writes its parameters, version after version', () => {
    const ws = new Workspace(defaultConfig());
    const converter = new Converter();
    let text = readFileSync(EXAMPLE, 'utf8');
    // a message with quotes, a backslash and non-ASCII characters must survive the assembly
    text = text.replace('name: ', 'name: "x\\\\y-é" # ');
    for (const version of [1, 2, 10, 1000]) {
      ws.update('f', text);
      const result = ws.result('f')!;
      const params = converter.publication('file:///tmp/a b.yaml', version, [result]);
      const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
      const fast = JSON.parse(messageBytes(msg).toString('utf8'));
      const plain = JSON.parse(JSON.stringify(msg));
      assert.deepEqual(fast, plain);
      assert.ok(plain.params.diagnostics.length > 5);
      assert.ok(plain.params.diagnostics.every((d: { data: { version: number } }) => d.data.version === version));
      text += '\n'; // the next version: same findings, kept pieces reused
    }
  });

  it('writes a publication without diagnostics as an empty list', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('f', 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n');
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: new Converter().publication('file:///c.yaml', 3, [ws.result('f')!]) };
    assert.deepEqual(JSON.parse(messageBytes(msg).toString('utf8')), {
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: { uri: 'file:///c.yaml', version: 3, diagnostics: [] },
    });
  });

  it('reuses a large publish buffer only once the stream has written it', () => {
    const encoder = new MessageEncoder();
    const converter = new Converter();
    const ws = new Workspace(defaultConfig());
    ws.update('f', bigFile(120));
    const msg = (version: number) => ({
      jsonrpc: '2.0',
      method: 'textDocument/publishDiagnostics',
      params: converter.publication('file:///big.yaml', version, [ws.result('f')!]),
    });
    const a = encoder.bytes(msg(1));
    assert.ok(a.length > 64 * 1024, `a large publish (${a.length} bytes)`);
    const b = encoder.bytes(msg(2));
    assert.notEqual(b.buffer, a.buffer, 'not written yet: a new buffer');
    assert.equal(JSON.parse(a.toString('utf8')).params.version, 1, 'the first publish intact');
    encoder.written(a);
    const c = encoder.bytes(msg(3));
    assert.equal(c.buffer, a.buffer, 'written: its memory is used again');
    assert.equal(JSON.parse(c.toString('utf8')).params.version, 3);
    const foreign = Buffer.alloc(4 << 20);
    encoder.written(foreign);
    assert.notEqual(encoder.bytes(msg(4)).buffer, foreign.buffer, 'never a buffer it did not make');
  });

  it('past the limit, sends the most severe findings in file order and a note counting the rest', () => {
    const ws = new Workspace(defaultConfig());
    // 40 default denies without DNS (a warning each); every tenth also misspells Egress (an error)
    const docs = bigFile(40)
      .split('---\n')
      .map((d, i) => (i % 10 === 9 ? d.replace('- Egress', '- Egres') : d));
    ws.update('f', docs.join('---\n'));
    const placed = ws.result('f')!.placed;
    const errors = placed.filter((p) => p.finding.severity === 'error');
    const warnings = placed.filter((p) => p.finding.severity === 'warning');
    assert.ok(errors.length >= 4 && warnings.length >= 36, `${errors.length} errors, ${warnings.length} warnings`);
    const limit = errors.length + 5;
    const converter = new Converter();
    const params = converter.publication('file:///f.yaml', 7, [ws.result('f')!], limit);
    const got = params.diagnostics;
    assert.equal(got.length, limit);
    assert.deepEqual(
      got.slice(0, errors.length).map((d) => d.severity),
      errors.map(() => 1),
      'errors first',
    );
    assert.deepEqual(
      got.slice(errors.length, -1).map((d) => d.message),
      warnings.slice(0, 4).map((p) => p.finding.message),
      'then the first warnings of the file',
    );
    const lines = got.slice(0, -1).map((d) => d.range.start.line);
    assert.deepEqual(
      lines.slice(0, errors.length),
      [...lines.slice(0, errors.length)].sort((a, b) => a - b),
      'errors in file order',
    );
    const note = got[got.length - 1];
    const more = placed.length - (limit - 1);
    assert.equal(note.severity, 3);
    assert.equal(note.code, undefined, 'no rule code: nothing to disable');
    assert.match(String(note.message), new RegExp(`^${more} more netpol-lint findings are not shown: .*netpolLint\\.limits\\.maxProblemsPerFile`));
    assert.deepEqual(note.range.start, { line: 0, character: 0 });
    // the bytes the encoder writes are still the JSON of the parameters
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params };
    assert.deepEqual(JSON.parse(messageBytes(msg).toString('utf8')), JSON.parse(JSON.stringify(msg)));
    // at or under the limit: every finding, no note
    assert.equal(converter.publication('file:///f.yaml', 7, [ws.result('f')!], placed.length).diagnostics.length, placed.length);
    assert.ok(converter.publication('file:///f.yaml', 7, [ws.result('f')!], placed.length).diagnostics.every((d) => d.code !== undefined));
  });

  it('leaves every other message to JSON.stringify', () => {
    const msg = { jsonrpc: '2.0', id: 1, result: { contents: 'a "quoted" hover' } };
    assert.equal(messageBytes(msg).toString('utf8'), JSON.stringify(msg));
  });
});

/** Runs `test` against a server of its own, stopped afterwards whatever happens. */
async function withServer(test: (client: TestClient) => Promise<void>): Promise<void> {
  const client = new TestClient();
  try {
    await client.initialize();
    await test(client);
  } finally {
    await client.close();
  }
}

describe('large publishes over stdio', () => {
  it('arrive whole and in order while the user types fast (the output buffer is reused)', () =>
    withServer(async (client) => {
      const uri = 'file:///big.yaml';
      await client.open(uri, bigFile(300));
      await client.diagnostics(uri, (d) => d.length === 300, 'a finding per policy');
      // ten keystrokes without waiting: each publish is written while the next is being made
      for (let k = 0; k < 10; k++) {
        const at = { line: 3, character: 9 + k };
        await client.change(uri, [{ range: { start: at, end: at }, newText: 'x' }]);
      }
      await client.diagnostics(uri, (_, p) => p.version === 11, 'the last version');
      const mine = client.publishes.filter((p) => p.uri === uri);
      assert.ok(mine.length >= 2);
      for (const p of mine) {
        assert.equal(p.diagnostics.length, 300);
        assert.ok(
          p.diagnostics.every((d) => d.code === 'missing-dns-egress' && (d.data as { version: number }).version === p.version),
          `publish of version ${p.version}`,
        );
      }
      assert.deepEqual(
        mine.map((p) => p.version),
        [...mine.map((p) => p.version!)].sort((a, b) => a - b),
        'in version order',
      );
      assert.match(String(mine[mine.length - 1].diagnostics[0].message), /namespace "tenant-0"/);
    }));

  it('send at most 1,000 diagnostics a file, as VS Code shows, or what netpolLint.limits.maxProblemsPerFile says', () =>
    withServer(async (client) => {
      const uri = 'file:///many.yaml';
      await client.open(uri, bigFile(1200));
      const all = await client.diagnostics(uri, (d) => d.length > 0, 'the findings');
      assert.equal(all.length, 1000);
      assert.match(String(all[999].message), /^201 more netpol-lint findings are not shown/);
      client.settings = { limits: { maxProblemsPerFile: 50 } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      const some = await client.diagnostics(uri, (d) => d.length === 50, '50 diagnostics');
      assert.match(String(some[49].message), /^1,151 more netpol-lint findings are not shown/);
      assert.ok(some.slice(0, 49).every((d) => d.code === 'missing-dns-egress'));
      client.settings = { limits: { maxProblemsPerFile: 5000 } };
      await client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
      await client.diagnostics(uri, (d) => d.length === 1200, 'every finding');
    }));
});
