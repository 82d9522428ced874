// Part of `npm run bench` (issue #25): `netpol-lint graph --format svg` on 500 workloads in 50
// namespaces (scripts/bench/clusters.ts: 10 workloads and 10 policies a namespace, plus
// kube-system and monitoring), through the built CLI (dist/cli.js with dist/graphviz.js), as a
// user runs it. Goal: the SVG in at most 3 s. The DOT is timed beside it: the difference is
// Graphviz's layout. Measured (median of 3 runs), not asserted; figures go to docs/performance.md.
// Beside the wall time, the CLI's own CPU time (user + system, reported by a preloaded hook at
// exit): on a shared machine the wall time is mostly waiting for a core.
//   npm run build:production && node --import tsx scripts/bench/graph.ts
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { cluster } from './clusters';

const GOAL_MS = 3000;
const CLI = join(__dirname, '../../dist/cli.js');

const dir = mkdtempSync(join(tmpdir(), 'netpol-bench-graph-'));
const files = join(dir, 'yaml');
mkdirSync(files);
for (const [name, text] of Object.entries(cluster(50, 10, 10))) writeFileSync(join(files, name), text);
const cpuHook = join(dir, 'cpu.cjs');
writeFileSync(
  cpuHook,
  "process.on('exit', () => { const u = process.cpuUsage(); process.stderr.write('\\ncpu-ms ' + (u.user + u.system) / 1000 + '\\n'); });\n",
);

function run(format: string): { ms: number; cpuMs: number; bytes: number } {
  const times: number[] = [];
  const cpu: number[] = [];
  let bytes = 0;
  for (let k = 0; k < 3; k++) {
    const start = performance.now();
    const r = spawnSync(process.execPath, ['--require', cpuHook, CLI, 'graph', files, '--format', format], { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(performance.now() - start);
    if (r.status !== 0) throw new Error(`graph --format ${format} exited ${r.status}: ${r.stderr}`);
    cpu.push(Number(/cpu-ms ([\d.]+)/.exec(r.stderr)?.[1] ?? Number.NaN));
    bytes = Buffer.byteLength(r.stdout);
  }
  const median = (xs: number[]) => xs.sort((a, b) => a - b)[1];
  return { ms: median(times), cpuMs: median(cpu), bytes };
}

try {
  const dot = run('dot');
  const svg = run('svg');
  console.log('graph: 500 workloads in 50 namespaces, the built CLI, median of 3');
  const line = (name: string, r: { ms: number; cpuMs: number; bytes: number }) =>
    `  ${name}  ${(r.ms / 1000).toFixed(2)} s (CPU ${(r.cpuMs / 1000).toFixed(2)} s)  ${(r.bytes / 1024).toFixed(0)} kB`;
  console.log(line('dot', dot));
  console.log(`${line('svg', svg)}  (goal <= ${GOAL_MS / 1000} s: ${svg.ms <= GOAL_MS ? 'met' : 'NOT met'})`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
