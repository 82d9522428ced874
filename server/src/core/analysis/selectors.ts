/** Label-selector semantics (matchLabels AND matchExpressions), as Kubernetes evaluates them. */
import type { MatchExpression, SelectorModel } from '../model/networkPolicy';

/** Does the selector select an object with these labels? An absent or null selector selects all. */
export function selectorMatches(sel: SelectorModel | undefined, labels: Readonly<Record<string, string>>): boolean {
  if (!sel) return true;
  for (const m of sel.matchLabels) if (m.value === undefined || labels[m.key] !== m.value) return false;
  for (const e of sel.matchExpressions) if (!expressionMatches(e, labels)) return false;
  return true;
}

function expressionMatches(e: MatchExpression, labels: Readonly<Record<string, string>>): boolean {
  if (e.key === undefined) return false;
  const has = Object.hasOwn(labels, e.key);
  switch (e.operator) {
    case 'In':
      return has && e.values.includes(labels[e.key]);
    case 'NotIn':
      return !has || !e.values.includes(labels[e.key]);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    default:
      return false; // the API server rejects other operators
  }
}

function sameExpression(a: MatchExpression, b: MatchExpression): boolean {
  return a.key === b.key && a.operator === b.operator && a.values.length === b.values.length && a.values.every((v) => b.values.includes(v));
}

/** The same requirements, in any order (a selector always covers itself, even one that selects nothing). */
function sameSelector(a: SelectorModel, b: SelectorModel): boolean {
  if (a.matchLabels.length !== b.matchLabels.length || a.matchExpressions.length !== b.matchExpressions.length) return false;
  return (
    a.matchLabels.every((m) => b.matchLabels.some((n) => n.key === m.key && n.value === m.value)) &&
    a.matchExpressions.every((e) => b.matchExpressions.some((f) => sameExpression(e, f)))
  );
}

/**
 * The value a pod that `specific` selects must have for `key`, if the selector fixes one: its
 * matchLabels entry (the last one, as a map of them would keep), else an `In` with a single value.
 * (Looked up in place: the DNS rules ask this for every pair of a namespace's policies, and a map of
 * the labels per pair was most of their time.)
 */
export function fixedValue(specific: SelectorModel, key: string): string | undefined {
  const labels = specific.matchLabels;
  for (let i = labels.length - 1; i >= 0; i--) if (labels[i].key === key && labels[i].value !== undefined) return labels[i].value;
  for (const e of specific.matchExpressions) if (e.operator === 'In' && e.key === key && e.values.length === 1) return e.values[0];
  return undefined;
}

/**
 * Does `general` select every pod that `specific` selects? Decided from the selectors alone, so it
 * answers "yes" only when that follows from their requirements (a safe under-approximation).
 */
export function selectorCovers(general: SelectorModel | undefined, specific: SelectorModel | undefined): boolean {
  if (!general || general.isEmpty) return true;
  if (!specific) return false;
  if (sameSelector(general, specific)) return true;
  for (const m of general.matchLabels) if (m.value === undefined || fixedValue(specific, m.key) !== m.value) return false;
  for (const e of general.matchExpressions) {
    if (specific.matchExpressions.some((s) => sameExpression(s, e))) continue;
    if (e.key === undefined) return false;
    const v = fixedValue(specific, e.key);
    const ok =
      (e.operator === 'In' && v !== undefined && e.values.includes(v)) ||
      (e.operator === 'NotIn' && v !== undefined && !e.values.includes(v)) ||
      (e.operator === 'Exists' &&
        (v !== undefined || specific.matchExpressions.some((s) => s.key === e.key && (s.operator === 'In' || s.operator === 'Exists'))));
    if (!ok) return false;
  }
  return true;
}
