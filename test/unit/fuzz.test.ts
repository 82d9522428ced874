/** A short fuzzing run in every test run; `npm run fuzz -- --runs 100000` is the long one. */
import { describe, it } from 'node:test';
import * as fc from 'fast-check';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvariants, mutatedCrlfText, mutatedText, validCrlfText, validText } from '../fuzz/properties';

describe('fuzzing (short run)', () => {
  it('valid generated policies: no error, ranges inside, deterministic, every fix works', () => {
    fc.assert(
      fc.property(validText, (t) => checkInvariants(t, { valid: true })),
      { numRuns: 150, seed: 42 },
    );
  });

  it('mutated policies and corpus files: never throws, ranges inside, fixes keep YAML valid', () => {
    fc.assert(
      fc.property(mutatedText, (t) => checkInvariants(t)),
      { numRuns: 150, seed: 7 },
    );
  });

  it('the same with CRLF line breaks: no range or fix edit boundary between a CR and its LF', () => {
    fc.assert(
      fc.property(validCrlfText, (t) => checkInvariants(t, { valid: true })),
      { numRuns: 100, seed: 42 },
    );
    fc.assert(
      fc.property(mutatedCrlfText, (t) => checkInvariants(t)),
      { numRuns: 150, seed: 7 },
    );
  });
});

describe('fuzzing regressions (counterexamples found by npm run fuzz)', () => {
  const dir = join(__dirname, '../fuzz/regressions');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith('.yaml')) : [];
  for (const f of files) {
    it(f, () => checkInvariants(readFileSync(join(dir, f), 'utf8'), { valid: f.includes('-valid') }));
  }
});
