// `npm run fuzz -- --runs 100000 [--seed N]`: the long fuzzing run. Prints runs per second; a
// counterexample (shrunk by fast-check) is saved under test/fuzz/regressions/, where the regression
// test (test/unit/fuzz.test.ts) replays it in every `npm test` from then on.
import * as fc from 'fast-check';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkInvariants, mutatedCrlfText, mutatedText, validCrlfText, validText } from './properties';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};
const runs = opt('--runs', 10_000);
const seed = opt('--seed', Date.now() % 2 ** 31);
// --only valid|mutated runs one half (all the runs on it), e.g. to use both cores
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;

let failed = 0;
const properties = (
  [
    ['valid policies', validText, true],
    ['valid policies, CRLF', validCrlfText, true],
    ['mutated policies and corpus files', mutatedText, false],
    ['mutated policies and corpus files, CRLF', mutatedCrlfText, false],
  ] as const
).filter(([, , valid]) => only === undefined || (only === 'valid') === valid);
for (const [name, arb, valid] of properties) {
  // the runs shared out: a quarter each (a half each with --only)
  const n = Math.ceil(runs / properties.length);
  const start = performance.now();
  const result = fc.check(
    fc.property(arb, (t) => checkInvariants(t, { valid })),
    { numRuns: n, seed },
  );
  const s = (performance.now() - start) / 1000;
  if (result.failed) {
    failed++;
    const text = result.counterexample![0];
    const dir = join(__dirname, 'regressions');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `seed-${seed}-${valid ? 'valid' : 'mutated'}${name.endsWith('CRLF') ? '-crlf' : ''}.yaml`);
    writeFileSync(file, text);
    console.log(`not ok - ${name}: counterexample after ${result.numRuns} runs (seed ${seed}, path ${result.counterexamplePath}), saved to ${file}`);
    console.log(String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance).slice(0, 2000));
  } else {
    console.log(`ok - ${name}: ${n} runs in ${s.toFixed(1)} s (${(n / s).toFixed(0)} runs/s), seed ${seed}`);
  }
}
console.log(`${properties.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
