/** Completion, field hover and the outline through the server, as an editor asks for them. */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, DocumentSymbol, Hover, TextEdit } from 'vscode-languageserver-protocol';
import { DENY_ALL } from '../helpers';
import { TestClient } from './client';

describe('language server: completion, hover documentation, outline', () => {
  let client: TestClient;
  const uri = 'file:///ws-intel/policy.yaml';
  const list = async (line: number, character: number) =>
    (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionList;
  const complete = async (line: number, character: number) => (await list(line, character)).items;

  before(async () => {
    client = new TestClient();
    await client.initialize();
  });
  after(() => client.close());

  it('completes keys inside a list item, after "- ", and at the end of the document', async () => {
    const text = DENY_ALL + '  egress:\n    - to:\n        - \n    - \n';
    await client.open(uri, text);
    await client.diagnostics(uri, () => true, 'the first analysis');
    const afterDash = await complete(12, 10);
    assert.deepEqual(
      afterDash.map((c) => c.label),
      ['podSelector', 'namespaceSelector', 'ipBlock'],
    );
    const edit = afterDash[1].textEdit as TextEdit;
    assert.deepEqual(edit.range, { start: { line: 12, character: 10 }, end: { line: 12, character: 10 } });
    assert.equal(edit.newText, 'namespaceSelector:\n            ');
    assert.deepEqual(
      (await complete(13, 6)).map((c) => c.label),
      ['to', 'ports'],
    );
    const end = await complete(14, 0);
    assert.deepEqual(
      end.map((c) => c.label),
      [],
      'apiVersion, kind, metadata and spec are all there',
    );
  });

  it('completes enum values with their kind', async () => {
    const text = DENY_ALL.replace('    - Egress\n', '    - Egress\n    - \n');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 15, character: 0 } }, newText: text }]);
    const items = await complete(10, 6);
    assert.deepEqual(
      items.map((c) => c.label),
      [],
    );
    await client.change(uri, [
      { range: { start: { line: 0, character: 0 }, end: { line: 11, character: 0 } }, newText: DENY_ALL.replace('    - Ingress\n', '') + '    - \n' },
    ]);
    const types = await complete(9, 6);
    assert.deepEqual(
      types.map((c) => [c.label, c.kind]),
      [['Ingress', 20]],
    );
  });

  it('documents a field on hover, with the API reference link', async () => {
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }, newText: DENY_ALL }]);
    await client.diagnostics(uri, (_d, p) => p.version === client.version(uri), 'the new text');
    const h = (await client.conn.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line: 7, character: 4 } })) as Hover;
    assert.match((h.contents as { value: string }).value, /^\*\*spec\.policyTypes\*\* — The directions this policy \*\*isolates\*\*/);
  });

  it('outlines each policy as namespace/name with its rules', async () => {
    const two =
      DENY_ALL +
      '---\n' +
      DENY_ALL.replace('default-deny-all', 'web').replace('  podSelector: {}', '  podSelector: {matchLabels: {app: web}}') +
      '  ingress:\n    - from:\n        - podSelector: {}\n';
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 20, character: 0 } }, newText: two }]);
    await client.diagnostics(uri, (_d, p) => p.version === client.version(uri), 'the new text');
    const symbols = (await client.conn.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
    assert.deepEqual(
      symbols.map((s) => [s.name, s.detail, s.children?.map((c) => c.name)]),
      [
        ['tenant-a/default-deny-all', 'NetworkPolicy (Ingress, Egress)', []],
        ['tenant-a/web', 'NetworkPolicy (Ingress, Egress)', ['ingress[0]']],
      ],
    );
    assert.equal(symbols[1].selectionRange.start.line, 14, 'the name of the second policy');
    assert.match(symbols[1].children![0].detail!, /allows all ports and protocols from every pod in namespace "tenant-a"/);
  });
});
