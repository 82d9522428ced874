// Reads the log of harness-gc.cjs and prints, per LSP session of the shared harness (in the order
// of its --server options, corpus size by corpus size), its keystrokes (didChange -> the next
// publish, as the harness measures them) with the harness' own garbage collections that fell
// inside each one, and how much the harness' heap grew per keystroke.
//   node scripts/bench/harness-gc-report.mjs harness-gc.log [--keystrokes 50]   (the harness' --keystrokes)
import fs from 'node:fs';

const args = process.argv.slice(2);
const k = args.indexOf('--keystrokes');
const KEYSTROKES = k >= 0 ? Number(args[k + 1]) : 50;
const file = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--keystrokes') ?? 'harness-gc.log';
const sessions = [];
let keystroke;
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  const [t, type, a, b, c] = line.split(' ');
  if (type === 'session') {
    sessions.push({ keys: [], heap: [] });
    keystroke = undefined;
  }
  const s = sessions.at(-1);
  if (!s) continue;
  if (type === 'change') keystroke = { start: Number(t), version: a, gcs: [] };
  else if (type === 'gc' && keystroke) keystroke.gcs.push({ kind: a, ms: Number(b) });
  else if (type === 'publish' && keystroke) {
    s.keys.push({ ...keystroke, ms: Number(t) - keystroke.start });
    s.heap.push(Number(c));
    keystroke = undefined;
  }
}

const median = (xs) => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const p95 = (xs) => [...xs].sort((x, y) => x - y)[Math.ceil(0.95 * xs.length) - 1];
const f = (x) => x.toFixed(1);
sessions.forEach((s, i) => {
  const keys = s.keys.slice(0, KEYSTROKES); // the harness' measured keystrokes come first, then its burst
  if (keys.length === 0) return;
  const ms = keys.map((k) => k.ms);
  const withGc = keys.filter((k) => k.gcs.some((g) => g.kind === 'major' || g.ms >= 2));
  const growth = s.heap.slice(1, keys.length).map((h, j) => h - s.heap[j]).filter((d) => d > 0);
  console.log(`session ${i + 1}: ${keys.length} keystrokes, median ${f(median(ms))} ms, p95 ${f(p95(ms))} ms (${(p95(ms) / median(ms)).toFixed(2)}x); ` +
    `harness heap +${f(median(growth) / 2 ** 20)} MB per keystroke (median, between its collections)`);
  console.log(`  keystrokes with a harness collection inside: ${withGc.length}${withGc.length ? '; their times: ' : ''}` +
    withGc.map((k) => `#${keys.indexOf(k) + 1} ${f(k.ms)} ms (${k.gcs.map((g) => `${g.kind} ${f(g.ms)}`).join(', ')})`).join('; '));
  const without = keys.filter((k) => !withGc.includes(k)).map((k) => k.ms);
  if (without.length) console.log(`  the others: median ${f(median(without))} ms, largest ${f(Math.max(...without))} ms`);
});
