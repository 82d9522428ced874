/**
 * Long work written once, run two ways: a generator that yields (`yield`) wherever it may pause,
 * run to its end at once by the CLI (`runAtOnce`), or by the language server in slices of a few
 * milliseconds with its other requests in between (`runInSlices`, whose `pause` may throw to
 * cancel: the generator's `finally` blocks then run, so it can put the workspace back).
 */

/** Work that may pause at each `yield`, and returns a T. */
export type Steps<T> = Generator<void, T, void>;

/** How long a slice runs before it pauses. */
export const SLICE_MS = 8;

export function runAtOnce<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/**
 * Runs `steps`, calling `pause` whenever a slice has run `sliceMs`. If `pause` throws (the work was
 * cancelled), the generator is closed: its `finally` blocks run, in slices too if they yield (fix
 * all puts the original text back that way), and the error is thrown on.
 */
export async function runInSlices<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs = SLICE_MS): Promise<T> {
  let slice = performance.now();
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    if (performance.now() - slice > sliceMs) {
      try {
        await pause();
      } catch (e) {
        await windDown(steps, pause, sliceMs);
        throw e;
      }
      slice = performance.now();
    }
  }
}

/** Closes `steps`, running what its `finally` blocks yield in slices (a pause that throws still gives the turn). */
async function windDown<T>(steps: Steps<T>, pause: () => Promise<void>, sliceMs: number): Promise<void> {
  let slice = performance.now();
  for (let r = steps.return(undefined as T); !r.done; r = steps.next()) {
    if (performance.now() - slice > sliceMs) {
      await pause().catch(() => undefined);
      slice = performance.now();
    }
  }
}
