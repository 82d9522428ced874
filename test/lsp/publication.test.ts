/** The JSON a publish is written as (copied together from kept UTF-8 pieces) is the JSON of its parameters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { publication } from '../../server/src/lsp/convert';
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
    let text = readFileSync(EXAMPLE, 'utf8');
    // a message with quotes, a backslash and non-ASCII characters must survive the assembly
    text = text.replace('name: ', 'name: "x\\\\y-é" # ');
    for (const version of [1, 2, 10, 1000]) {
      ws.update('f', text);
      const result = ws.result('f')!;
      const params = publication('file:///tmp/a b.yaml', version, [result]);
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
    const msg = { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: publication('file:///c.yaml', 3, [ws.result('f')!]) };
    assert.deepEqual(JSON.parse(messageBytes(msg).toString('utf8')), { jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: { uri: 'file:///c.yaml', version: 3, diagnostics: [] } });
  });

  it('reuses a large publish buffer only once the stream has written it', () => {
    const encoder = new MessageEncoder();
    const ws = new Workspace(defaultConfig());
    ws.update('f', bigFile(120));
    const msg = (version: number) => ({ jsonrpc: '2.0', method: 'textDocument/publishDiagnostics', params: publication('file:///big.yaml', version, [ws.result('f')!]) });
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

  it('leaves every other message to JSON.stringify', () => {
    const msg = { jsonrpc: '2.0', id: 1, result: { contents: 'a "quoted" hover' } };
    assert.equal(messageBytes(msg).toString('utf8'), JSON.stringify(msg));
  });
});

describe('large publishes over stdio', () => {
  it('arrive whole and in order while the user types fast (the output buffer is reused)', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
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
        assert.ok(p.diagnostics.every((d) => d.code === 'missing-dns-egress' && (d.data as { version: number }).version === p.version), `publish of version ${p.version}`);
      }
      assert.deepEqual(mine.map((p) => p.version), [...mine.map((p) => p.version!)].sort((a, b) => a - b), 'in version order');
      assert.match(String(mine[mine.length - 1].diagnostics[0].message), /namespace "tenant-0"/);
    } finally {
      await client.close();
    }
  });
});
