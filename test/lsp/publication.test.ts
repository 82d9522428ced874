/** The JSON a publish is written as (copied together from kept UTF-8 pieces) is the JSON of its parameters. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { publication } from '../../server/src/lsp/convert';
import { messageBytes } from '../../server/src/lsp/publishEncoder';

const EXAMPLE = join(__dirname, '../../examples/classic-mistakes.yaml');

describe('publish encoding', () => {
  it('writes a publication as JSON.stringify writes its parameters, version after version', () => {
    const ws = new Workspace(defaultConfig());
    let text = readFileSync(EXAMPLE, 'utf8');
    // a message with quotes, a backslash and non-ASCII characters must survive the assembly
    text = text.replace('name: ', 'name: "x\\\\y-é" # ');
    for (const version of [1, 2]) {
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

  it('leaves every other message to JSON.stringify', () => {
    const msg = { jsonrpc: '2.0', id: 1, result: { contents: 'a "quoted" hover' } };
    assert.equal(messageBytes(msg).toString('utf8'), JSON.stringify(msg));
  });
});
