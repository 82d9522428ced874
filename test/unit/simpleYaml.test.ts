/**
 * The fast reader of simple block YAML against the full `yaml` parser: whenever the fast reader
 * accepts a document, the full parser reads it without errors and builds the same located tree,
 * range for range (test/simpleYamlOracle.ts). Anything else must be declined, not guessed.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ScalarResolver } from '../../server/src/core/parse/simpleScalars';
import { readSimpleYaml } from '../../server/src/core/parse/simpleYaml';
import { splitDocuments } from '../../server/src/core/parse/splitDocuments';
import { corpusFiles } from '../corpus';
import { mutatedText, validText } from '../fuzz/properties';
import { yamlShapes } from '../fuzz/yamlShapes';
import { lint } from '../helpers';
import { compareWithYaml } from '../simpleYamlOracle';

const EXAMPLES = join(__dirname, '../../examples');

function compareDocuments(text: string): { same: number; fallback: number } {
  const n = { same: 0, fallback: 0 };
  for (const chunk of splitDocuments(text)) n[compareWithYaml(chunk.text) === 'same' ? 'same' : 'fallback']++;
  return n;
}

describe('fast YAML reader', () => {
  it("reads every document of the bundled examples itself, with the full parser's tree", () => {
    for (const f of readdirSync(EXAMPLES).filter((n) => n.endsWith('.yaml'))) {
      const { same, fallback } = compareDocuments(readFileSync(join(EXAMPLES, f), 'utf8'));
      assert.equal(fallback, 0, f);
      assert.ok(same > 0, f);
    }
  });

  it('agrees with the full parser on every document of the real-world corpus', () => {
    let same = 0;
    let fallback = 0;
    for (const f of corpusFiles()) {
      const n = compareDocuments(readFileSync(f, 'utf8'));
      same += n.same;
      fallback += n.fallback;
    }
    // most real manifests are simple YAML: the fast path must not quietly decline them all
    assert.ok(same > 4 * fallback, `${same} read, ${fallback} left to the full parser`);
  });

  it('reads files saved with CRLF line ends as well as the same files with LF', () => {
    let lf = 0;
    let crlf = 0;
    for (const f of corpusFiles()) {
      const text = readFileSync(f, 'utf8').replace(/\r\n/g, '\n');
      lf += compareDocuments(text).same;
      crlf += compareDocuments(text.replace(/\n/g, '\r\n')).same;
    }
    assert.equal(crlf, lf);
  });

  it('places the comment lines after a collection where the full parser does', () => {
    const cases = [
      'a:\n  b: 1\n  # under b\nc: 2\n',
      'a:\n  b: 1\n    # deeper than b\nc: 2\n',
      'a:\n  b:\n    c: 1\n  # at b\n# at a\nd: 2\n',
      'a:\n  - x\n  # in the list\n  - y\n# after\n',
      'a:\n  b: 1 # same line\n',
      'a:\n  b:\n  # after an empty value\nc: 1\n',
      'a:\n- x\n  # after a compact list\nb: 1\n',
      'spec:\n  podSelector: {}\n  policyTypes:\n    - Egress\n# trailing\n',
    ];
    for (const text of cases) assert.equal(compareWithYaml(text), 'same', text);
  });

  it('resolves scalars as YAML 1.1 does, like kubectl', () => {
    const root = readSimpleYaml('a: yes\nb: 0x1F\nc: ~\nd: "80"\ne: 017\nf: 1_000\n')?.root;
    assert.ok(root && root.kind === 'map');
    assert.deepEqual(
      root.entries.map((e) => [e.key, e.value.kind === 'scalar' ? e.value.value : undefined]),
      [
        ['a', true],
        ['b', 31],
        ['c', null],
        ['d', '80'],
        ['e', 15],
        ['f', 1000],
      ],
    );
  });

  it('reads documents that share one scalar resolver as it reads each alone', () => {
    const shared = new ScalarResolver();
    const texts = ['a: <<\nb: yes\n', '<<: {a: 1}\n', 'yes: on\n"yes": 1\n', 'x: [~, 0x1F, "80"]\n', 'a: <<\nb: yes\n'];
    for (const text of texts) assert.deepEqual(readSimpleYaml(text, shared), readSimpleYaml(text), text);
    // `<<` read as a value (a string) first is still a merge key, declined, at a key
    assert.equal(readSimpleYaml('<<: {a: 1}\n', shared), undefined);
  });

  it('declines what is not simple, and the full parser reports it', () => {
    for (const text of [
      'a: 1\na: 2\n', // a duplicate key
      'a: &x 1\nb: *x\n', // anchors and aliases
      'a: |\n  text\n', // a block scalar
      'a: one\n  two\n', // a multi-line plain scalar
      'a:\n\t b: 1\n', // a tab
      'a: "x\\ny"\n', // an escape
      '? a\n: b\n', // an explicit key
      '<<: {a: 1}\n', // a merge key
      'a: 1\n---\nb: 2\n', // two documents
    ]) {
      assert.equal(readSimpleYaml(text), undefined, text);
    }
    // and a duplicate key is still an error in a policy
    const findings = lint('apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nkind: NetworkPolicy\nmetadata:\n  name: x\nspec:\n  podSelector: {}\n');
    assert.ok(findings.some((f) => f.code === 'yaml-syntax' && /unique/.test(f.message)));
  });

  it('agrees with the full parser on generated YAML of every shape (fast-check)', () => {
    const check = (text: string) => void compareDocuments(text);
    fc.assert(fc.property(yamlShapes, check), { numRuns: 600, seed: 1126 });
    fc.assert(fc.property(validText, check), { numRuns: 150, seed: 1127 });
    fc.assert(fc.property(mutatedText, check), { numRuns: 150, seed: 1128 });
  });
});
