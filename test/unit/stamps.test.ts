/** Every finding carries a registered rule's code and that rule's default severity. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { ruleMeta } from '../../server/src/core/index';
import { corpusFiles } from '../corpus';
import { lint } from '../helpers';

/** The documented exception (docs/rules.md): implicit-protocol is a warning on port 53, a hint elsewhere. */
const EXCEPTIONS: Record<string, string[]> = { 'implicit-protocol': ['warning'] };

describe('findings as rules stamp them', () => {
  it('carry their rule code and its default severity over the corpus', () => {
    const wrong: string[] = [];
    let seen = 0;
    for (const file of corpusFiles()) {
      for (const f of lint(readFileSync(file, 'utf8'))) {
        seen++;
        const meta = ruleMeta(f.code);
        if (!meta) wrong.push(`${file}: unknown code ${f.code}`);
        else if (f.severity !== meta.defaultSeverity && !EXCEPTIONS[f.code]?.includes(f.severity))
          wrong.push(`${file}: ${f.code} is ${f.severity}, meta says ${meta.defaultSeverity}`);
      }
    }
    assert.ok(seen > 0);
    assert.deepEqual(wrong, []);
  });
});
