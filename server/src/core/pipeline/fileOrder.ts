/** The order a file's findings are reported in: by start, the shorter first, then by code. */
import type { PlacedFileFinding } from './fileResult';

/** File order: by start, the shorter first, then by code (ASCII: a plain comparison, not localeCompare's collation). */
export function byFileOrder(a: PlacedFileFinding, b: PlacedFileFinding): number {
  const d = a.start + a.finding.span.start - (b.start + b.finding.span.start);
  if (d !== 0) return d;
  const l = a.finding.span.end - a.finding.span.start - (b.finding.span.end - b.finding.span.start);
  if (l !== 0) return l;
  return a.finding.code < b.finding.code ? -1 : a.finding.code > b.finding.code ? 1 : 0;
}

/**
 * `placed` in file order (the same order as `placed.sort(byFileOrder)`). Documents follow each other
 * in the text, so the order is document by document, then `byFileOrder` within each: a counting sort
 * by document, then small sorts (a large file has a few findings per document).
 */
export function inFileOrder(placed: PlacedFileFinding[], documents: number): PlacedFileFinding[] {
  if (placed.length < 64 || !placed.every((p) => p.document >= 0 && p.document < documents)) return placed.sort(byFileOrder);
  const starts = new Int32Array(documents + 1);
  for (const p of placed) starts[p.document + 1]++;
  for (let d = 0; d < documents; d++) starts[d + 1] += starts[d];
  const next = starts.slice(0, documents);
  const out = new Array<PlacedFileFinding>(placed.length);
  for (const p of placed) out[next[p.document]++] = p;
  for (let d = 0; d < documents; d++) {
    const from = starts[d];
    const to = starts[d + 1];
    if (to - from > 16) {
      const part = out.slice(from, to).sort(byFileOrder);
      for (let i = from; i < to; i++) out[i] = part[i - from];
    } else {
      // a document's few findings: an insertion sort in place, without a copy per document
      for (let i = from + 1; i < to; i++) {
        const p = out[i];
        let j = i - 1;
        for (; j >= from && byFileOrder(out[j], p) > 0; j--) out[j + 1] = out[j];
        out[j + 1] = p;
      }
    }
  }
  return out;
}
