/**
 * The server gives memory back after large files: node/memory.ts asks V8 for a full collection
 * (with the gc of --expose-gc, which the server is started with, or else by turning the flag on at
 * run time). These tests run without --expose-gc, so they check the run-time fallback, and allocate
 * nothing meanwhile, so nothing else would collect the garbage.
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { constants, PerformanceObserver, type PerformanceEntry } from 'node:perf_hooks';
import { getHeapSpaceStatistics } from 'node:v8';
import { collectSoon, collectWhenIdle, scavengeWhenIdle } from '../../server/src/node/memory';

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

  it('clears the young generation once idle, when it is more than half full (scavengeWhenIdle)', async () => {
    const young = () => getHeapSpaceStatistics().find((x) => x.space_name === 'new_space')!;
    const scavenges: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries())
        if ((e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MINOR) scavenges.push(e.startTime);
    });
    observer.observe({ entryTypes: ['gc'] });
    try {
      // fill the young generation past half with short-lived garbage (stopping before V8 would scavenge)
      let sink: unknown[] = [];
      for (let i = 0; young().space_used_size <= young().space_available_size && i < 1e7; i++) {
        sink.push({ i });
        if (sink.length > 1000) sink = [];
      }
      void sink;
      const full = young().space_used_size;
      await sleep(10); // (gc entries are delivered asynchronously)
      const before = scavenges.length;
      scavengeWhenIdle(300);
      await sleep(50);
      assert.equal(scavenges.length, before, 'not yet: the server was not idle for 300 ms');
      await sleep(500);
      assert.equal(scavenges.length, before + 1, 'one scavenge once idle');
      assert.ok(young().space_used_size < full / 2, `cleared (${young().space_used_size} of ${full} bytes left)`);
      // nearly empty now: another idle wait leaves it alone
      scavengeWhenIdle(10);
      await sleep(60);
      assert.equal(scavenges.length, before + 1, 'no scavenge of a young generation less than half full');
    } finally {
      observer.disconnect();
    }
  });
});
