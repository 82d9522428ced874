/**
 * Aliases resolve to the anchor the `yaml` package's own Alias.resolve finds (the last one of that
 * name before the alias), in one walk of the document instead of one per alias.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments, visit, type Alias, type Document } from 'yaml';
import { AliasTargets } from '../../server/src/core/model/located';
import { PARSE_OPTIONS } from '../../server/src/core/parse/parseOptions';

function aliasesOf(doc: Document.Parsed): Alias[] {
  const out: Alias[] = [];
  visit(doc, { Alias: (_k, node) => void out.push(node) });
  return out;
}

function agree(text: string): number {
  let n = 0;
  for (const doc of parseAllDocuments(text, PARSE_OPTIONS)) {
    const targets = new AliasTargets(doc);
    for (const alias of aliasesOf(doc)) {
      assert.equal(targets.resolve(alias), alias.resolve(doc), `*${alias.source} at ${alias.range?.[0]}`);
      n++;
    }
  }
  return n;
}

describe('alias targets', () => {
  it('agree with the yaml package: redefined anchors, nesting, forward references, unknown names', () => {
    const n = agree(
      ['a: &x 1', 'b: *x', 'c: &x [2, *x]', 'd: *x', 'e: *nowhere', 'f: &y {g: &x 3, h: *x}', 'i: [*y, *x]', 'j: *later', 'k: &later 4'].join('\n'),
    );
    assert.equal(n, 8);
  });

  it('agree on many anchors redefined and aliased in turn', () => {
    const lines: string[] = [];
    for (let i = 0; i < 300; i++) lines.push(`k${i}: ${i % 7 === 0 ? `&a${i % 5} ` : ''}{v: ${i}, w: ${i % 3 === 0 ? `*a${i % 5}` : i}}`);
    assert.ok(agree(lines.join('\n')) > 50);
  });
});
