/**
 * Fix all: every safe fix of a file, applied until none is left (so applying it twice changes
 * nothing). Safe = the rule's `fixAll` flag: the fix changes no traffic, or changing it is exactly
 * the rule's point. The editor's `source.fixAll.netpol-lint` and `netpol-lint --fix` both use this,
 * so they produce the same text.
 */
import { applyEdits } from '../edit/fixes';
import type { FileFinding, Fix, TextEdit } from '../findings';
import { RULES } from '../rules/index';
import type { Workspace } from '../workspace/workspace';
import { appendAll } from '../arrays';
import { runAtOnce, type Steps } from '../steps';

const SAFE: ReadonlySet<string> = new Set(RULES.filter((r) => r.meta.fixAll).map((r) => r.meta.code));
/**
 * Namespace rules whose fixes add DNS: one per namespace per pass, then look again (the next of
 * that namespace may be covered by it). Namespaces are independent, so a file of 150 namespaces
 * takes one pass, not 150.
 */
const ONE_PER_NAMESPACE: ReadonlySet<string> = new Set(['missing-dns-egress', 'dns-tcp-missing']);
/**
 * Fix all stops when no safe fix is left: the passes it may take are this many more than the
 * safe findings it started with (each pass applies at least one fix), a guard against fixes that
 * never settle, not a limit any real file reaches.
 */
const SPARE_PASSES = 100;

function chosenFix(f: FileFinding): Fix | undefined {
  if (!SAFE.has(f.code)) return undefined;
  const fixes = f.fixes ?? [];
  return fixes.find((x) => x.preferred) ?? fixes[0];
}

function overlaps(a: TextEdit, b: TextEdit): boolean {
  if (a.start === a.end && b.start === b.end) return a.start === b.start; // two insertions at one place
  return (
    (a.start < b.end && b.start < a.end) ||
    (a.start === a.end && a.start > b.start && a.start < b.end) ||
    (b.start === b.end && b.start > a.start && b.start < a.end)
  );
}

/**
 * The namespace of each document of the file that holds policies of one namespace; a document of
 * none or of several (a List) is left out, and its findings share one key (the cautious order).
 */
function documentNamespaces(ws: Workspace, file: string): Map<number, string> {
  const out = new Map<number, string>();
  const mixed = new Set<number>();
  for (const ref of ws.snapshot(file)?.policies ?? []) {
    const ns = ref.policy.namespace?.value;
    if (ns === undefined || mixed.has(ref.document)) continue;
    const seen = out.get(ref.document);
    if (seen === undefined) out.set(ref.document, ns);
    else if (seen !== ns) {
      out.delete(ref.document);
      mixed.add(ref.document);
    }
  }
  return out;
}

/** The first index of `sorted` (edits by start, pairwise not overlapping) whose end is at or after `offset`. */
function firstEndingFrom(sorted: readonly TextEdit[], offset: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].end < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Does `e` overlap one of `sorted` (the edits taken so far, by start then end, pairwise not
 * overlapping, so their ends rise too)? Only the edits ending at or after its start and starting
 * at or before its end can: a binary search and a few comparisons, not one per edit taken.
 */
function overlapsAny(sorted: readonly TextEdit[], e: TextEdit): boolean {
  for (let i = firstEndingFrom(sorted, e.start); i < sorted.length && sorted[i].start <= e.end; i++) if (overlaps(e, sorted[i])) return true;
  return false;
}

/** Inserts `e` into `sorted`, keeping it ordered by start then end. */
function insertSorted(sorted: TextEdit[], e: TextEdit): void {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid].start < e.start || (sorted[mid].start === e.start && sorted[mid].end <= e.end)) lo = mid + 1;
    else hi = mid;
  }
  sorted.splice(lo, 0, e);
}

/** One pass: the safe fixes of these findings that do not overlap, in text order, with their codes. */
function safeEdits(findings: readonly FileFinding[], namespaces: () => Map<number, string>): { edits: TextEdit[]; codes: string[] } {
  const edits: TextEdit[] = [];
  const taken: TextEdit[] = [];
  const codes: string[] = [];
  const onePerNamespace = new Set<string>();
  for (const f of findings) {
    const fix = chosenFix(f);
    if (!fix || fix.edits.length === 0) continue;
    let key: string | undefined;
    if (ONE_PER_NAMESPACE.has(f.code)) {
      const ns = namespaces().get(f.document);
      key = `${f.code}\n${ns === undefined ? '' : `ns:${ns}`}`;
      if (onePerNamespace.has(key)) continue;
    }
    // (a fix's own edits do not overlap each other: each is checked against the others' only)
    if (fix.edits.some((e) => overlapsAny(taken, e))) continue;
    appendAll(edits, fix.edits);
    for (const e of fix.edits) insertSorted(taken, e);
    codes.push(f.code);
    if (key !== undefined) onePerNamespace.add(key);
  }
  return { edits, codes };
}

export interface FixAllResult {
  text: string;
  /** Codes of the fixes applied, in order (a code once per fix). */
  applied: string[];
}

/**
 * Applies the safe fixes of `file` until none is left. With `keep` false the workspace is put back
 * to the original text afterwards (the editor applies the edit itself); with `keep` it holds the
 * fixed text (the CLI goes on to the next file and reports what remains).
 */
export function fixAll(ws: Workspace, file: string, keep = false): FixAllResult | undefined {
  return runAtOnce(fixAllSteps(ws, file, keep));
}

/**
 * `fixAll` that may pause between documents of each pass (core/steps.ts): the language server runs
 * it in slices. Closed early (cancelled), it puts the workspace back to the original text, in steps.
 */
export function* fixAllSteps(ws: Workspace, file: string, keep = false): Steps<FixAllResult | undefined> {
  const original = ws.snapshot(file)?.text;
  if (original === undefined) return undefined;
  let text = original;
  let done = false;
  let restored = false;
  const applied: string[] = [];
  let passes = SPARE_PASSES + (ws.result(file)?.findings.filter((f) => chosenFix(f)).length ?? 0);
  try {
    for (; passes > 0; passes--) {
      const result = ws.result(file);
      if (!result) break;
      let namespaces: Map<number, string> | undefined;
      const { edits, codes } = safeEdits(result.findings, () => (namespaces ??= documentNamespaces(ws, file)));
      if (edits.length === 0) break;
      appendAll(applied, codes);
      const next = applyEdits(text, edits);
      if (next === text) break;
      text = next;
      yield* ws.updateSteps(file, text);
      yield;
    }
    done = true;
    // back to the original text, in steps too (its documents are analysed again)
    if (!keep && text !== original) {
      yield* ws.updateSteps(file, original);
      restored = true;
    }
  } finally {
    // closed early (cancelled): back to the original text, still in steps (core/steps.ts runs them)
    if (!restored && (!keep || !done) && text !== original) yield* ws.updateSteps(file, original);
  }
  return { text, applied };
}

/** The smallest single edit turning `from` into `to` (common prefix and suffix kept). */
export function minimalEdit(from: string, to: string): TextEdit | undefined {
  if (from === to) return undefined;
  let start = 0;
  while (start < from.length && start < to.length && from.charCodeAt(start) === to.charCodeAt(start)) start++;
  // never split a surrogate pair or a CRLF
  if (start > 0 && (isHigh(from.charCodeAt(start - 1)) || (from[start - 1] === '\r' && from[start] === '\n'))) start--;
  let endFrom = from.length;
  let endTo = to.length;
  while (endFrom > start && endTo > start && from.charCodeAt(endFrom - 1) === to.charCodeAt(endTo - 1)) {
    endFrom--;
    endTo--;
  }
  if (endFrom < from.length && (isLow(from.charCodeAt(endFrom)) || (from[endFrom] === '\n' && from[endFrom - 1] === '\r'))) {
    endFrom++;
    endTo++;
  }
  return { start, end: endFrom, newText: to.slice(start, endTo) };
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;
