/**
 * The server gives memory back after large files: node/memory.ts asks V8 for a full collection
 * (the server runs without --expose-gc, so it turns the flag on itself). These tests run without
 * --expose-gc too, and allocate nothing meanwhile, so nothing else would collect the garbage.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { collectSoon, collectWhenIdle } from '../../server/src/node/memory';

const tick = () => new Promise((resolve) => setImmediate(resolve));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A WeakRef to garbage (a WeakRef keeps its target alive until the current job ends). */
function garbage(): WeakRef<object> {
  return new WeakRef({ payload: new Array(1000).fill('x') });
}

describe('collecting garbage after large files', () => {
  it('collects right after the current message when a large file was closed (collectSoon)', async () => {
    const ref = garbage();
    await tick();
    await tick();
    assert.ok(ref.deref(), 'nothing collected it on its own');
    collectSoon();
    await tick();
    await tick();
    assert.equal(ref.deref(), undefined);
  });

  it('collects once idle, and each call restarts the wait (collectWhenIdle)', async () => {
    const ref = garbage();
    await tick();
    collectWhenIdle(150);
    await sleep(100);
    collectWhenIdle(150); // typing again: the wait starts over
    await sleep(100);
    assert.ok(ref.deref(), 'not yet: the server was not idle for 150 ms');
    await sleep(150);
    assert.equal(ref.deref(), undefined);
  });
});
