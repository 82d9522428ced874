/** Connection sets interned as small integers, so a matrix of them is a typed array and set operations are memoised. */
import { ConnectionSet } from './connectionSet';

export const NONE_ID = 0;
export const ALL_ID = 1;
/** Id pairs below this are memoised in a dense table; others in a map. */
const DENSE = 256;

/** Connection sets by id (0 none, 1 all), with memoised union and intersection. */
export class SetTable {
  readonly sets: ConnectionSet[] = [ConnectionSet.NONE, ConnectionSet.ALL];
  private readonly ids = new Map<string, number>([
    ['none', NONE_ID],
    ['all', ALL_ID],
  ]);
  private readonly denseUnion = new Int32Array(DENSE * DENSE).fill(-1);
  private readonly denseIntersect = new Int32Array(DENSE * DENSE).fill(-1);
  private readonly sparse = new Map<number, number>();

  id(s: ConnectionSet): number {
    const key = s.toString();
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.sets.length;
      this.sets.push(s);
      this.ids.set(key, id);
    }
    return id;
  }

  /** The id of a set equal to `s` if this table holds one (interns nothing). */
  find(s: ConnectionSet): number | undefined {
    return this.ids.get(s.toString());
  }

  union(a: number, b: number): number {
    if (a === b || b === NONE_ID || a === ALL_ID) return a;
    if (a === NONE_ID || b === ALL_ID) return b;
    return this.memo(Math.min(a, b), Math.max(a, b), this.denseUnion, 0, (x, y) => x.union(y));
  }

  intersect(a: number, b: number): number {
    if (a === b || b === ALL_ID || a === NONE_ID) return a;
    if (a === ALL_ID || b === NONE_ID) return b;
    return this.memo(Math.min(a, b), Math.max(a, b), this.denseIntersect, 1, (x, y) => x.intersect(y));
  }

  private memo(a: number, b: number, dense: Int32Array, op: number, f: (x: ConnectionSet, y: ConnectionSet) => ConnectionSet): number {
    if (b < DENSE) {
      const k = a * DENSE + b;
      let r = dense[k];
      if (r < 0) dense[k] = r = this.id(f(this.sets[a], this.sets[b]));
      return r;
    }
    // a < b < 2^26 ids: the key stays an exact integer
    const key = (a * 67108864 + b) * 2 + op;
    let r = this.sparse.get(key);
    if (r === undefined) this.sparse.set(key, (r = this.id(f(this.sets[a], this.sets[b]))));
    return r;
  }
}
