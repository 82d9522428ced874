/** Long work as generators (core/steps.ts): at once for the CLI, in slices for the server, cancellable. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runAtOnce, runInSlices, type Steps } from '../../server/src/core/index';

/** Counts to `n`, pausing after each number; its `finally` also pauses `cleanup` times and records that it ran. */
function* counting(n: number, log: string[], cleanup = 0): Steps<number> {
  let i = 0;
  try {
    for (; i < n; i++) yield;
    return i;
  } finally {
    for (let k = 0; k < cleanup; k++) yield;
    log.push(`cleaned up after ${i}`);
  }
}

describe('steps', () => {
  it('run at once or in slices, to the same result', async () => {
    const log: string[] = [];
    assert.equal(runAtOnce(counting(1000, log)), 1000);
    let pauses = 0;
    assert.equal(
      await runInSlices(
        counting(1000, log),
        async () => {
          pauses++;
        },
        -1, // a pause after every step
      ),
      1000,
    );
    assert.equal(pauses, 1000);
    assert.deepEqual(log, ['cleaned up after 1000', 'cleaned up after 1000']);
  });

  it('cancelled by a pause that throws: the work stops there, its finally runs to its end, in slices, and the error is thrown on', async () => {
    const log: string[] = [];
    let pauses = 0;
    const cancel = new Error('cancelled');
    const run = runInSlices(
      counting(1000, log, 50),
      async () => {
        pauses++;
        await new Promise((r) => setImmediate(r));
        if (pauses >= 10) throw cancel;
      },
      -1,
    );
    await assert.rejects(run, (e) => e === cancel);
    assert.deepEqual(log, ['cleaned up after 9']);
    assert.ok(pauses >= 10 + 50, `the cleanup's 50 steps paused too (${pauses} pauses)`);
  });
});
