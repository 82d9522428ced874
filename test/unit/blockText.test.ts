/**
 * The server's open-document text (kept in blocks of lines) answers exactly as
 * vscode-languageserver-textdocument does: text, line count, offset -> position and back, after
 * random edits with every kind of line end, surrogate pairs, and positions past line ends or the text.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { BlockText } from '../../server/src/core/text/blockText';
import { EditorDocument } from '../../server/src/lsp/documents';

const piece = fc.constantFrom('a', 'bc', ' ', '\n', '\r', '\r\n', '\n\n', 'é', '😀', 'kind: NetworkPolicy\n', '- x\r\n');
const text = fc.array(piece, { maxLength: 60 }).map((a) => a.join(''));
const position = fc.record({ line: fc.integer({ min: -1, max: 40 }), character: fc.integer({ min: -1, max: 30 }) });
const change = fc.oneof(
  { weight: 9, arbitrary: fc.record({ range: fc.record({ start: position, end: position }), text }) },
  { weight: 1, arbitrary: fc.record({ text }) },
);

function same(doc: EditorDocument, want: TextDocument, label: string) {
  const t = want.getText();
  assert.equal(doc.getText(), t, `${label}: text`);
  assert.equal(doc.lineCount, want.lineCount, `${label}: line count`);
  for (let o = -1; o <= t.length + 1; o++) assert.deepEqual(doc.positionAt(o), want.positionAt(o), `${label}: positionAt(${o})`);
  for (let line = -1; line <= want.lineCount; line++) {
    for (let character = -1; character <= 12; character++)
      assert.equal(doc.offsetAt({ line, character }), want.offsetAt({ line, character }), `${label}: offsetAt(${line}:${character})`);
  }
}

type Change = { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string } | { text: string };

function check(initial: string, changes: Change[], blockSize: number) {
  const doc = new EditorDocument('file:///a.yaml', 'yaml', 1, initial);
  // tiny blocks: edits cross block boundaries, cut "\r\n" pairs and empty blocks out
  Object.assign(doc, { text: new BlockText(initial, blockSize) });
  let want = TextDocument.create('file:///a.yaml', 'yaml', 1, initial);
  same(doc, want, 'initial');
  changes.forEach((c, i) => {
    const edit = doc.apply([c], i + 2);
    // the reference edits a fresh document each time: its own line table goes wrong after a
    // range on lines past the end (offsetAt then answers undefined), ours must not
    TextDocument.update(want, [c], i + 2);
    want = TextDocument.create('file:///a.yaml', 'yaml', i + 2, want.getText());
    same(doc, want, `after change ${i} ${JSON.stringify(c)}`);
    if ('range' in c) assert.equal(edit?.newText, c.text);
  });
}

describe('open document text', () => {
  it('agrees with vscode-languageserver-textdocument after random edits', () => {
    fc.assert(fc.property(text, fc.array(change, { maxLength: 8 }), fc.integer({ min: 1, max: 24 }), check), { numRuns: 1500 });
  });

  it('joins a "\\r" ending one block and a "\\n" starting the next into one line end', () => {
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    check(
      '',
      [
        { range: at(0), text: '\n' },
        { range: at(1), text: '\ra' },
        { range: at(2), text: '\n\n' },
      ],
      1,
    );
    check('ab\r', [{ range: at(1), text: '\nc' }], 2);
  });

  it('keeps a large file in blocks: an edit in the middle leaves the rest alone', () => {
    const lines = Array.from({ length: 20000 }, (_, i) => `line ${i}`);
    const doc = new EditorDocument('file:///big.yaml', 'yaml', 1, lines.join('\n'));
    const edit = doc.apply([{ range: { start: { line: 10000, character: 4 }, end: { line: 10000, character: 4 } }, text: 'X\nY' }], 2);
    assert.deepEqual(edit, {
      start: doc.offsetAt({ line: 10000, character: 4 }),
      end: doc.offsetAt({ line: 10000, character: 4 }),
      newLength: 3,
      newText: 'X\nY',
    });
    assert.equal(doc.lineCount, 20001);
    assert.deepEqual(doc.positionAt(doc.getText().indexOf('line 15000')), { line: 15001, character: 0 });
    assert.equal(doc.offsetAt({ line: 10001, character: 0 }), doc.getText().indexOf('Y 10000'));
  });
});
