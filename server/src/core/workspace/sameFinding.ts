/**
 * Is a freshly computed finding the one a cache already holds? The workspace's rule caches keep
 * the earlier object for an equal finding, so that publishing can tell unchanged diagnostics by
 * identity.
 */
import type { Finding, Fix } from '../findings';
import { samePlainData } from '../plainData';

const NO_FIXES: readonly Fix[] = [];

/** The same finding: code, severity, message, span and fixes (a re-run keeps the earlier object for it). */
export function sameFinding(a: Finding, b: Finding): boolean {
  if (a.code !== b.code || a.severity !== b.severity || a.message !== b.message || a.span.start !== b.span.start || a.span.end !== b.span.end) return false;
  const fa = a.fixes ?? NO_FIXES;
  const fb = b.fixes ?? NO_FIXES;
  return fa.length === fb.length && fa.every((x, i) => sameFix(x, fb[i]));
}

/** Fixes with the same title and recipe, or the same plain edits (a lazy fix's edits are not read: that would write them). */
function sameFix(a: Fix, b: Fix): boolean {
  if (a.title !== b.title || Boolean(a.preferred) !== Boolean(b.preferred)) return false;
  if (a.recipe || b.recipe) return samePlainData(a.recipe, b.recipe);
  const plain = (f: Fix) => Object.getOwnPropertyDescriptor(f, 'edits')?.get === undefined;
  return plain(a) && plain(b) && samePlainData(a.edits, b.edits);
}
