/**
 * A file's findings come out in file order (by offset, the shorter first, then by code): the
 * counting sort by document that finishing uses must give the very order a full sort gives.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { PlacedFileFinding } from '../../server/src/core/index';
import { byFileOrder, inFileOrder } from '../../server/src/core/pipeline/fileOrder';

/** Findings of `documents` documents laid out one after the other, 40 characters each. */
const placedFindings = (documents: number) =>
  fc
    .array(
      fc.record({
        document: fc.integer({ min: 0, max: documents - 1 }),
        from: fc.integer({ min: 0, max: 30 }),
        length: fc.integer({ min: 0, max: 9 }),
        code: fc.constantFrom('empty-port', 'allow-all', 'missing-dns-egress', 'unknown-field'),
        id: fc.nat(),
      }),
      { minLength: 64, maxLength: 300 }, // below 64 findings a plain sort is used
    )
    .map((xs) =>
      xs.map(
        ({ document, from, length, code, id }): PlacedFileFinding => ({
          finding: { code, severity: 'warning', message: String(id), span: { start: from, end: from + length } },
          start: document * 40,
          line: document * 4,
          document,
        }),
      ),
    );

describe('file order of findings', () => {
  it('is the order of a full sort, ties included, for any findings of any documents', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 80 }).chain((n) => fc.tuple(fc.constant(n), placedFindings(n))),
        ([documents, placed]) => {
          const expected = [...placed].sort(byFileOrder);
          assert.deepEqual(
            inFileOrder([...placed], documents).map((p) => p.finding.message),
            expected.map((p) => p.finding.message),
          );
        },
      ),
      { numRuns: 500 },
    );
  });

  it('falls back to a full sort when a finding lies outside the documents', () => {
    const p = (document: number, start: number): PlacedFileFinding => ({
      finding: { code: 'x', severity: 'error', message: `${document}`, span: { start: 0, end: 1 } },
      start,
      line: 0,
      document,
    });
    const placed = Array.from({ length: 70 }, (_, i) => p(69 - i, (69 - i) * 10));
    placed.push(p(99, 5)); // a document index past the count, early in the text
    assert.deepEqual(
      inFileOrder(placed, 70).map((x) => x.start),
      [...placed].sort(byFileOrder).map((x) => x.start),
    );
  });
});
