/**
 * Giving memory back after a large analysis. Opening a large file leaves a heap full of the parser's
 * garbage, and V8 only shrinks the heap (and the process's resident memory) after a full
 * collection, which may not come for a long while when the user only types. So after a large
 * analysis, once the server is idle, one full collection is asked for.
 *
 * The server is started with `--expose-gc` (the VS Code client passes it, and so does the
 * `netpol-lint-server` bin's shebang), which gives `globalThis.gc`. Started without it, the flag is
 * set at run time instead (`v8.setFlagsFromString`), so the collections happen either way.
 * Figures: docs/performance.md, "Why the edge is shaped as it is".
 */
import { getHeapSpaceStatistics, setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** V8's gc(): a full collection, or with `{ type: 'minor' }` a scavenge of the young generation. */
type Gc = (options?: { type: 'minor' | 'major' }) => void;

let collect: Gc | undefined;

/** `gc` from --expose-gc, or (without the flag) the one the same flag set at run time makes. */
function collector(): Gc {
  if (collect) return collect;
  const launched = (globalThis as { gc?: Gc }).gc;
  if (launched) return (collect = launched);
  try {
    setFlagsFromString('--expose-gc');
    collect = runInNewContext('gc') as Gc;
  } catch {
    collect = () => undefined; // not available: V8 collects on its own schedule
  }
  return collect;
}

let timer: NodeJS.Timeout | undefined;

/**
 * One full collection that also compacts, so the heap's freed pages go back to the system. (Without
 * compaction a full collection leaves the old generation's pages half empty. The flag is set for
 * this collection alone: compacting in every collection of V8's own would slow typing down.)
 */
function collectAndCompact(): void {
  clearTimeout(timer);
  const gc = collector();
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
 * ever while the user types in another large file. Collecting at once, while there is little else
 * to collect, also keeps the peak lower than collecting after the next large open would. A message
 * that arrives meanwhile waits for it.
 */
export function collectSoon(): void {
  setImmediate(collectAndCompact).unref(); // (which also cancels a pending idle collection)
}

let scavengeTimer: NodeJS.Timeout | undefined;

/**
 * A young-generation collection (scavenge) once the server has been idle for `idleMs`, if the young
 * generation is more than half full. V8 scavenges when it is full, in the middle of whatever
 * allocates next, which with a large workspace is a keystroke waiting for it; between keystrokes
 * nobody waits, and the next keystrokes find room. (Browsers do the same with V8's idle tasks,
 * which Node does not run.)
 */
export function scavengeWhenIdle(idleMs: number): void {
  clearTimeout(scavengeTimer);
  scavengeTimer = setTimeout(scavengeIfFilling, idleMs).unref();
}

function scavengeIfFilling(): void {
  const young = getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  if (!young || young.space_used_size < young.space_available_size) return;
  collector()({ type: 'minor' });
}
