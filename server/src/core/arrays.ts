/**
 * Array helpers that hold at any length: a spread into call arguments (`out.push(...items)`,
 * `Math.max(...values)`) passes every item on the stack and throws a RangeError past about a
 * hundred thousand of them (a 130,000-policy file crashed the CLI).
 */

/** Appends every item of `items` to `out`; returns `out`. */
export function appendAll<T>(out: T[], items: readonly T[]): T[] {
  for (let i = 0; i < items.length; i++) out.push(items[i]);
  return out;
}

/** The largest of `values`, or `empty` when there is none. */
export function maxOf(values: readonly number[], empty = Number.NEGATIVE_INFINITY): number {
  let max = empty;
  for (const v of values) if (v > max) max = v;
  return max;
}
