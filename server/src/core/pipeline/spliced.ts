/**
 * A list made of `before`'s first `head` items, `middle`'s items, and `before`'s items from
 * `tailFrom` on: how a file's lists (chunks, placements, policies…) are rebuilt around an edit.
 * Allocated at its final size, in one copy (docs/performance.md, "Why the code is shaped as it is").
 */
export function spliced<T>(before: readonly T[], head: number, middle: readonly (readonly T[])[], tailFrom: number): T[] {
  let length = head + Math.max(0, before.length - tailFrom);
  for (const m of middle) length += m.length;
  const out = new Array<T>(length);
  let at = 0;
  for (let i = 0; i < head; i++) out[at++] = before[i];
  for (const m of middle) for (let i = 0; i < m.length; i++) out[at++] = m[i];
  for (let i = tailFrom; i < before.length; i++) out[at++] = before[i];
  return out;
}
