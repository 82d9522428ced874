/** Fix behaviour: lazily written fixes, recipe fixes, moving fixes and findings, applying edits. */
import { contain } from '../analysis/contain';
import type { FileFinding, Finding, Fix, FixRecipe, TextEdit } from '../findings';
import { recipeEdits, recipeTitle, shiftRecipe } from './recipes';

/**
 * A fix whose edits are computed when first read (then kept): the CLI reports most findings
 * without ever looking at their fixes, and some fixes write whole policies.
 */
export function lazyFix(title: string, compute: () => TextEdit[], preferred?: boolean): Fix {
  let edits: TextEdit[] | undefined;
  return {
    title,
    get edits() {
      // a failing fix is contained like a failing rule: logged, and offered with no edit (so not at all)
      return (edits ??= contain(`the quick fix "${title}"`, compute, () => []));
    },
    ...(preferred ? { preferred } : {}),
  };
}

/** A fix written from a recipe (its edits are written when first read). */
export function recipeFix(recipe: FixRecipe, preferred?: boolean): Fix {
  // (not `{ ...lazyFix(…), recipe }`: spreading reads the `edits` getter, writing them at once)
  const fix = lazyFix(recipeTitle(recipe), () => recipeEdits(recipe), preferred);
  fix.recipe = recipe;
  return fix;
}

/** A fix moved by `by` (from its document's to its file's coordinates). */
export function shiftFix(fix: Fix, by: number): Fix {
  if (fix.recipe) return recipeFix(shiftRecipe(fix.recipe, by), fix.preferred);
  return lazyFix(fix.title, () => fix.edits.map((e) => ({ start: e.start + by, end: e.end + by, newText: e.newText })), fix.preferred);
}

export function shiftFinding(f: Finding, by: number, document: number): FileFinding {
  // a literal, not a spread: one literal per kind of finding (docs/performance.md, "Why the code is shaped as it is")
  return {
    code: f.code,
    severity: f.severity,
    message: f.message,
    span: { start: f.span.start + by, end: f.span.end + by },
    fixes: f.fixes?.map((fix) => shiftFix(fix, by)),
    document,
  };
}

/**
 * Apply non-overlapping edits to a text (edits at the same offset apply in the given order: their
 * texts appear in that order). In one pass over the text, from its pieces: a slice of the string
 * built so far per edit copied the whole text per edit, so fix all on a file of thousands of fixes
 * cost the square of its size.
 */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => a.e.start - b.e.start || a.i - b.i);
  const pieces: string[] = [];
  let at = 0;
  for (const { e } of sorted) {
    if (e.start >= at) pieces.push(text.slice(at, e.start));
    pieces.push(e.newText);
    at = Math.max(at, e.end);
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

/** A fix made of edits that may not all be possible: none (empty list) unless every edit is. */
export function fixIf(title: string, edits: (TextEdit | undefined)[], preferred?: boolean): Fix[] {
  if (edits.some((e) => e === undefined)) return [];
  return [{ title, edits: edits as TextEdit[], ...(preferred ? { preferred } : {}) }];
}
