// Reads the log of harness-gc.cjs and prints, per LSP session of the shared harness (in the order
// of its --server options, corpus size by corpus size), its keystrokes (didChange -> the next
// publish, as the harness measures them), with the harness' own garbage collections that overlap
// each one, and how much the harness' heap grew per keystroke.
//   node scripts/bench/harness-gc-report.mjs harness-gc.log [--keystrokes 50]   (the harness' --keystrokes)
import fs from 'node:fs';

const args = process.argv.slice(2);
const k = args.indexOf('--keystrokes');
const KEYSTROKES = k >= 0 ? Number(args[k + 1]) : 50;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--keystrokes') ?? 'harness-gc.log';

// (a collection is logged when the observer hears of it, after the fact: order by time first)
const events = fs
  .readFileSync(file, 'utf8')
  .split('\n')
  .filter(Boolean)
  .map((line) => {
    const [t, type, a, b, c] = line.split(' ');
    return { t: Number(t), type, a, b, c };
  })
  .sort((x, y) => x.t - y.t);

const sessions = [];
const gcs = events.filter((e) => e.type === 'gc').map((e) => ({ start: e.t, end: e.t + Number(e.b), kind: e.a, ms: Number(e.b) }));
let keystroke;
for (const e of events) {
  if (e.type === 'session') {
    sessions.push({ keys: [], heap: [] });
    keystroke = undefined;
  }
  const s = sessions.at(-1);
  if (!s) continue;
  if (e.type === 'change') keystroke = { start: e.t };
  else if (e.type === 'publish' && keystroke) {
    const end = e.t;
    s.keys.push({ ms: end - keystroke.start, gcs: gcs.filter((g) => g.start < end && g.end > keystroke.start) });
    s.heap.push(Number(e.c));
    keystroke = undefined;
  }
}

const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.ceil(0.95 * xs.length) - 1];
const f = (x) => x.toFixed(1);
sessions.forEach((s, i) => {
  const keys = s.keys.slice(0, KEYSTROKES); // the harness' measured keystrokes come first, then its burst
  if (keys.length === 0) return;
  const ms = keys.map((x) => x.ms);
  const withGc = keys.filter((x) => x.gcs.length > 0);
  const growth = s.heap
    .slice(1, keys.length)
    .map((h, j) => h - s.heap[j])
    .filter((d) => d > 0);
  console.log(
    `session ${i + 1}: ${keys.length} keystrokes, median ${f(median(ms))} ms, p95 ${f(p95(ms))} ms (${(p95(ms) / median(ms)).toFixed(2)}x); ` +
      `harness heap +${f(median(growth) / 2 ** 20)} MB per keystroke (median, between its collections)`,
  );
  console.log(
    `  keystrokes with a harness collection in them: ${withGc.length}${withGc.length ? '; ' : ''}` +
      withGc.map((x) => `#${keys.indexOf(x) + 1} ${f(x.ms)} ms (${x.gcs.map((g) => `${g.kind} ${f(g.ms)}`).join(', ')})`).join('; '),
  );
  const without = keys.filter((x) => !withGc.includes(x)).map((x) => x.ms);
  if (without.length) console.log(`  the others: median ${f(median(without))} ms, largest ${f(Math.max(...without))} ms`);
});
