/**
 * Giving memory back after a large analysis. Opening a 5,000-document file leaves a heap full of
 * the parser's garbage, and V8 only shrinks it (and the process's resident memory) after a full
 * collection, which may not come for a long while when the user only types. So after a large
 * analysis, once the server is idle, one full collection is asked for.
 *
 * `global.gc` exists only with --expose-gc; the flag can also be set at run time (a documented V8
 * flag), which is what this does when the server was started without it. That collection also
 * compacts (V8's --compact-on-every-full-gc, set for it alone): without compaction, after 600
 * keystrokes in a 5,000-document file the old generation kept 108 MB of pages for 51 MB of objects
 * (RSS idle 233 MB); with it, 53 MB (RSS 179). An unknown flag would only be reported on stderr.
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(): a full collection, or with `{ type: 'minor' }` a scavenge of the young generation. */
type Gc = (options?: { type: 'minor' | 'major' }) => void;

let collect: Gc | undefined;

function collector(): Gc | undefined {
  if (collect) return collect;
  const existing = (globalThis as { gc?: Gc }).gc;
  if (existing) return (collect = existing);
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Gc;
  } catch {
    collect = () => undefined; // not available: V8 collects on its own schedule
  }
  return collect;
}

let timer: NodeJS.Timeout | undefined;

/** One full collection that also compacts, so the heap's freed pages go back to the system. */
function collectAndCompact(): void {
  clearTimeout(timer);
  const gc = collector();
  if (!gc) return;
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

/** Asks for one full collection when nothing has happened for `idleMs` (each call restarts the wait). */
export function collectWhenIdle(idleMs = 1_500): void {
  clearTimeout(timer);
  timer = setTimeout(collectAndCompact, idleMs).unref();
}

/**
 * Asks for one full collection once the message being handled is done: for when a large file was
 * closed. Everything it held is garbage then, and waiting for the server to be idle may wait for
 * ever while the user types in another large file (in the shared benchmark, after three opens of a
 * 5,000-document file and two closes, RSS stayed at 198 MB through typing, against 145 after one
 * open; now ~151). Collecting at once, while there is little else to collect, keeps the peak low
 * too: the same collection run after the next large open raised RSS to 240 MB while compacting.
 * A message that arrives meanwhile waits for it (~90 ms at 5,000 documents).
 */
export function collectSoon(): void {
  setImmediate(collectAndCompact).unref(); // (which also cancels a pending idle collection)
}

let scavengeTimer: NodeJS.Timeout | undefined;

/**
 * A young-generation collection (scavenge) once the server has been idle for `idleMs`, if the young
 * generation is more than half full. V8 scavenges when it is full, in the middle of whatever
 * allocates next: with a workspace of 11,000 documents a scavenge took 8-11 ms, which the keystroke
 * that met it waited for (medians of 3 ms, p95 above 10). Between keystrokes nobody waits, and the
 * next keystrokes find room. (Browsers do the same with V8's idle tasks, which Node does not run.)
 */
export function scavengeWhenIdle(idleMs: number): void {
  clearTimeout(scavengeTimer);
  scavengeTimer = setTimeout(scavengeIfFilling, idleMs).unref();
}

function scavengeIfFilling(): void {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young || young.space_used_size < young.space_available_size) return;
  collector()?.({ type: 'minor' });
}
