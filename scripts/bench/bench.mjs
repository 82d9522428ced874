// `npm run bench`: how fast netpol-lint answers, measured, not asserted.
// For each corpus size: our language server over stdio (open -> first diagnostics, keystroke ->
// diagnostics, RSS), the CLI on the same file, and `yaml`'s parseAllDocuments on the same text in
// the same run (the floor), with the ratios the performance goals are stated in.
//   node scripts/bench/bench.mjs [--sizes 1,100,1000,5000] [--keystrokes 50] [--gap-ms 100] [--open-reps 3] [--no-folder] [--samples]
//   --gap-ms is the pause after each keystroke's diagnostics before the next keystroke: 100 ms is a
//   fast typist (ten characters a second); 0 types back to back, as no person does
//   --samples prints every keystroke's time, in order (to see what makes a p95)
//   --peer DIR also measures yaml-language-server, from a copy of ../shared/bench where npm install
//   has run, on the same files with the same client, and prints it beside us (see peer.mjs)
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { corpus, typingPosition } from './corpus.mjs';
import { yamlLanguageServer } from './peer.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const require = createRequire(path.join(ROOT, 'package.json'));
const rpc = require('vscode-jsonrpc/node');
const YAML = require('yaml');

const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const SIZES = opt('--sizes', '1,100,1000,5000').split(',').map(Number);
const KEYSTROKES = Number(opt('--keystrokes', '50'));
const GAP_MS = Number(opt('--gap-ms', '100'));
const PEER = opt('--peer', undefined) && yamlLanguageServer(path.resolve(opt('--peer')));
const OPEN_REPS = Number(opt('--open-reps', '3'));
const SERVER = path.join(ROOT, 'dist/server.js');
const CLI = path.join(ROOT, 'dist/cli.js');

const median = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a.length % 2 ? a[a.length >> 1] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
};
const p95 = (xs) => {
  const a = [...xs].sort((x, y) => x - y);
  return a[Math.min(a.length - 1, Math.ceil(0.95 * a.length) - 1)];
};
const fmt = (x, d = 1) => (x === undefined || x === null ? '-' : x.toFixed(d));

function floor(text, runs = 5) {
  for (let i = 0; i < 2; i++) YAML.parseAllDocuments(text);
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    YAML.parseAllDocuments(text);
    times.push(performance.now() - t);
  }
  return median(times);
}

/** The process's resident memory now (or, with `field` VmHWM, at its highest so far). */
function rssMb(pid, field = 'VmRSS') {
  try {
    const m = new RegExp(`${field}:\\s+(\\d+) kB`).exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** Our server, as startServer() takes a server (see peer.mjs for the other one). */
const OURS = { name: 'netpol-lint', argv: [process.execPath, '--expose-gc', SERVER, '--stdio'], capabilities: {} };

/** Where the file under test is opened (the peer validates netpol-*.yaml against its schema). */
const OPEN_URI = 'file:///bench/netpol-open.yaml';

/** A fresh server over stdio, initialised and warmed up on a small document. */
async function startServer(kind) {
  const proc = spawn(kind.argv[0], kind.argv.slice(1), { stdio: ['pipe', 'pipe', 'inherit'] });
  const conn = rpc.createMessageConnection(new rpc.StreamMessageReader(proc.stdout), new rpc.StreamMessageWriter(proc.stdin));
  const waiting = new Map();
  const server = { proc, conn, lastCount: 0 };
  conn.onNotification('textDocument/publishDiagnostics', (p) => {
    const w = waiting.get(p.uri);
    // (a server that does not say which version it checked: its first publish after the change)
    if (w && (w.version === undefined || p.version == null || p.version === w.version)) {
      waiting.delete(p.uri);
      server.lastCount = p.diagnostics.length;
      w.resolve(performance.now());
    }
  });
  conn.onRequest('workspace/configuration', (params) => params.items.map((item) => kind.settings?.[item.section] ?? null));
  conn.onRequest(() => null); // client/registerCapability and the like
  conn.listen();
  server.published = (uri, version) => new Promise((resolve) => waiting.set(uri, { version, resolve }));
  await conn.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: kind.capabilities });
  await conn.sendNotification('initialized', {});
  if (kind.settings) await conn.sendNotification('workspace/didChangeConfiguration', { settings: kind.settings });
  const warm = 'file:///bench/netpol-warm.yaml';
  const done = server.published(warm, 1);
  await conn.sendNotification('textDocument/didOpen', { textDocument: { uri: warm, languageId: 'yaml', version: 1, text: corpus(3) } });
  await done;
  return server;
}

async function stopServer({ proc, conn }) {
  await conn.sendRequest('shutdown');
  await conn.sendNotification('exit');
  conn.dispose();
  proc.kill();
}

async function measureServer(kind, text) {
  // each open in a fresh server: a second open of the same text in one server reuses the analyses
  // of the first (documents are shared by text), which would measure a cache, not an open
  const opens = [];
  const uri = OPEN_URI;
  let server;
  for (let r = 0; r < OPEN_REPS; r++) {
    if (server) await stopServer(server);
    server = await startServer(kind);
    const done = server.published(uri, 1);
    const t = performance.now();
    await server.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    opens.push((await done) - t);
  }
  const { proc, conn, published } = server;
  let done;
  const rssPeak = rssMb(proc.pid);
  // with the file open and the server idle (it collects the parser's garbage after a large open)
  await new Promise((r) => setTimeout(r, 2000));
  const rssOpen = rssMb(proc.pid);
  const pos = typingPosition(text);
  const keys = [];
  for (let k = 0; k < KEYSTROKES; k++) {
    const version = k + 2;
    const at = { line: pos.line, character: pos.character + k };
    done = published(uri, version);
    const t = performance.now();
    await conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ range: { start: at, end: at }, text: 'x' }] });
    keys.push((await done) - t);
    if (GAP_MS > 0) await new Promise((r) => setTimeout(r, GAP_MS));
  }
  if (args.includes('--samples'))
    console.log(`${kind.name}: keystrokes at ${text.split('\n').length} lines, ms in order: ${keys.map((k) => k.toFixed(1)).join(' ')}`);
  const rssTypedNow = rssMb(proc.pid);
  await new Promise((r) => setTimeout(r, 2000));
  const rssTyped = rssMb(proc.pid);
  const rssHighest = rssMb(proc.pid, 'VmHWM');
  const diagnostics = server.lastCount;
  await stopServer(server);
  return { open: median(opens), keyMedian: median(keys), keyP95: p95(keys), rssPeak, rssOpen, rssTypedNow, rssTyped, rssHighest, diagnostics };
}

function measureCli(target, runs = 3) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = spawnSync(process.execPath, [CLI, target, '--format', 'json'], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - t);
    if (r.status === 2) throw new Error(`CLI failed: ${r.stderr}`);
  }
  return median(times);
}

function nodeStartup(runs = 5) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    spawnSync(process.execPath, ['-e', '0']);
    times.push(performance.now() - t);
  }
  return median(times);
}

const verdict = (ok) => (ok ? 'met' : 'NOT met');

async function main() {
  if (!fs.existsSync(SERVER) || !fs.existsSync(CLI)) throw new Error('build first: npm run build:production');
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-bench-'));
  console.log(
    `netpol-lint benchmark: node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`,
  );
  console.log(
    `${KEYSTROKES} keystrokes, ${GAP_MS} ms apart (after each one's diagnostics); open = median of ${OPEN_REPS} opens, each in a fresh server; times in ms\n`,
  );
  const rows = [];
  for (const n of SIZES) {
    const text = corpus(n);
    const file = path.join(tmp, `netpol-${n}.yaml`);
    fs.writeFileSync(file, text);
    const f = floor(text);
    const s = await measureServer(OURS, text);
    const cli = measureCli(file);
    const peer = PEER && (await measureServer(PEER, text));
    rows.push({ n, lines: text.split('\n').length, floor: f, ...s, cli, peer });
  }
  const startup = nodeStartup();
  console.log(
    '| docs | lines | yaml parse | open | open/parse | key median | key p95 | p95/median | RSS just opened MB | RSS open, idle MB | RSS just typed MB | RSS typed, idle MB | CLI | CLI/parse | diagnostics |',
  );
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    console.log(
      `| ${r.n} | ${r.lines} | ${fmt(r.floor)} | ${fmt(r.open)} | ${fmt(r.open / r.floor, 2)} | ${fmt(r.keyMedian)} | ${fmt(r.keyP95)} | ${fmt(r.keyP95 / r.keyMedian, 2)} | ${fmt(r.rssPeak, 0)} | ${fmt(r.rssOpen, 0)} | ${fmt(r.rssTypedNow, 0)} | ${fmt(r.rssTyped, 0)} | ${fmt(r.cli)} | ${fmt(r.cli / r.floor, 2)} | ${r.diagnostics} |`,
    );
  }
  console.log(`\nCLI times include Node.js start-up (${fmt(startup)} ms for 'node -e 0' here).`);
  if (PEER) {
    console.log(`\nBeside ${PEER.name} (same run, same files, same client; RSS after the open and after typing, both idle, and the highest):\n`);
    console.log(
      `| docs | yaml parse | ${PEER.name} open | key median / p95 | RSS MB | diagnostics | netpol-lint open | key median / p95 | RSS MB | diagnostics |`,
    );
    console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    const rss = (r) => `${fmt(r.rssOpen, 0)} / ${fmt(r.rssTyped, 0)} / ${fmt(r.rssHighest, 0)}`;
    for (const r of rows) {
      console.log(
        `| ${r.n} | ${fmt(r.floor)} | ${fmt(r.peer.open)} | ${fmt(r.peer.keyMedian)} / ${fmt(r.peer.keyP95)} | ${rss(r.peer)} | ${r.peer.diagnostics} | ${fmt(r.open)} | ${fmt(r.keyMedian)} / ${fmt(r.keyP95)} | ${rss(r)} | ${r.diagnostics} |`,
      );
    }
  }

  let folder;
  if (!args.includes('--no-folder')) {
    const dir = path.join(tmp, 'folder');
    fs.mkdirSync(dir);
    let all = 0;
    for (let i = 0; i < 1000; i++) {
      const text = corpus(5).replaceAll('policy-', `f${i}-policy-`);
      fs.writeFileSync(path.join(dir, `policies-${i}.yaml`), text);
      all += floor(text, 1);
    }
    folder = { parse: all, cli: measureCli(dir) };
    console.log(
      `\nfolder of 1000 files x 5 policies: yaml parse of every file ${fmt(folder.parse)} ms, CLI ${fmt(folder.cli)} ms (${fmt(folder.cli / folder.parse, 2)}x)`,
    );
  }

  console.log('\nGoals (issue "Faster than the keystroke"):');
  const at = (n) => rows.find((r) => r.n === n);
  for (const r of rows.filter((x) => x.n <= 1000))
    console.log(`- keystroke median <= 10 ms at ${r.n} docs: ${fmt(r.keyMedian)} ms, ${verdict(r.keyMedian <= 10)}`);
  if (at(5000)) console.log(`- keystroke median <= 25 ms at 5000 docs: ${fmt(at(5000).keyMedian)} ms, ${verdict(at(5000).keyMedian <= 25)}`);
  for (const r of rows) console.log(`- p95 <= 3x median at ${r.n} docs: ${fmt(r.keyP95 / r.keyMedian, 2)}x, ${verdict(r.keyP95 <= 3 * r.keyMedian)}`);
  if (at(1000)) console.log(`- open <= 2x parse at 1000 docs: ${fmt(at(1000).open / at(1000).floor, 2)}x, ${verdict(at(1000).open <= 2 * at(1000).floor)}`);
  if (at(5000)) {
    console.log(`- open <= 1.2x parse at 5000 docs: ${fmt(at(5000).open / at(5000).floor, 2)}x, ${verdict(at(5000).open <= 1.2 * at(5000).floor)}`);
    console.log(
      `- RSS <= 200 MB at 5000 docs (open and idle / after typing): ${fmt(at(5000).rssOpen, 0)} / ${fmt(at(5000).rssTyped, 0)} MB, ${verdict(Math.max(at(5000).rssOpen, at(5000).rssTyped) <= 200)} (measured after 2 s idle; right after the open / the last keystroke: ${fmt(at(5000).rssPeak, 0)} / ${fmt(at(5000).rssTypedNow, 0)} MB)`,
    );
    console.log(`- CLI <= 1.5x parse at 5000 docs: ${fmt(at(5000).cli / at(5000).floor, 2)}x, ${verdict(at(5000).cli <= 1.5 * at(5000).floor)}`);
  }
  if (folder)
    console.log(`- CLI on 1000 files x 5 policies <= 1.5x parse: ${fmt(folder.cli / folder.parse, 2)}x, ${verdict(folder.cli <= 1.5 * folder.parse)}`);
  fs.rmSync(tmp, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
