/**
 * Typing does not make memory grow: what a keystroke replaces can be collected. (A "disable" fix made
 * inside the pipeline's finish once held finish's whole scope, whose list of placed findings held the
 * previous keystroke's fixes, and so on back to the first: 0.5 MB per keystroke at 5,000 documents.)
 */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { DENY_ALL } from '../helpers';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Collects garbage after the current job (a WeakRef keeps its target alive until the job ends). */
async function collect(): Promise<void> {
  await new Promise((resolve) => setImmediate(resolve));
  gc();
  gc();
}

function typing(documents: number) {
  // each document with a finding of its own (an empty port) and one of its namespace's (no DNS)
  const doc = (i: number) =>
    DENY_ALL.replace('default-deny-all', `deny-${i}`).replace('tenant-a', `tenant-${i % 3}`) +
    '  ingress:\n    - ports:\n        - protocol: TCP\n          port:\n';
  const text = Array.from({ length: documents }, (_, i) => doc(i)).join('---\n');
  const ws = new Workspace(defaultConfig());
  ws.update('f', text);
  let current = text;
  const name = `deny-${documents >> 1}`;
  let at = current.indexOf(name) + name.length;
  return {
    ws,
    /** Types `times` characters; the placed findings of the last keystroke's result. */
    type(times: number) {
      let placed: unknown;
      for (let k = 0; k < times; k++) {
        current = current.slice(0, at) + 'x' + current.slice(at);
        ws.update('f', current, { start: at, end: at, newLength: 1, newText: 'x' });
        at++;
        placed = ws.result('f')!.placed;
      }
      return placed as object;
    },
  };
}

describe('memory while typing', () => {
  it("lets go of earlier keystrokes' results", async () => {
    const t = typing(20);
    t.type(3);
    const early = new WeakRef(t.type(1));
    t.type(10);
    await collect();
    assert.equal(early.deref(), undefined, 'the result of the first keystroke is still alive after ten more');
  });

  it("keeps only a few earlier versions of the edited document's analysis", async () => {
    const t = typing(100);
    t.type(1);
    // (no local variable holds the placed chunk: it would keep its analysis alive across the await)
    const snapshot = () => t.ws.snapshot('f')!;
    const early = new WeakRef(snapshot().chunkAt(snapshot().text.indexOf('deny-50x'))!.analysed);
    t.type(150);
    await collect();
    assert.equal(early.deref(), undefined, 'an analysis 150 keystrokes old is still kept');
  });
});
