// Part of `npm run bench`: every pair's connection set (issue #22), measured, not asserted.
//  1. `reach --format json` without --port through the CLI: 1,000 workloads in 100 namespaces with
//     1,000 policies (goal: ≤ 3 s end to end, JSON written).
//  2. The class matrix in the engine: 10,000 pods in 1,000 namespaces with 2,000 policies (goal:
//     ≤ 2 s and ≤ 1 GB), then pods × 2 and policies × 2; and `reach --from <one namespace>` end to
//     end at that size (goal: ≤ 1 s), and how it grows.
//  3. An edit of one policy in the editor updates an open reach report: at 10,000 pods, in process,
//     the workspace's update of the edited policy file plus the report of one workload (goal:
//     ≤ 200 ms), and how it grows.
//   node scripts/bench/bundled.mjs --expose-gc scripts/bench/connections.ts [--quick] (as shipped; or node --expose-gc --import tsx …, slower)
import { spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Connectivity, defaultConfig, reachReport, Workspace } from '../../server/src/core/index';
import { cluster, nsName } from './clusters';

const ROOT = resolve(__dirname, '../..');
const quick = process.argv.includes('--quick');

function workspaceOf(files: Record<string, string>, reading: 'lint' | 'models' = 'lint'): Workspace {
  const config = defaultConfig();
  config.limits = { maxFileBytes: Number.POSITIVE_INFINITY, maxDocuments: Number.POSITIVE_INFINITY };
  const ws = new Workspace(config, () => undefined, reading);
  for (const [f, t] of Object.entries(files)) ws.update(f, t);
  return ws;
}

const gc = (globalThis as { gc?: () => void }).gc;
const mb = (b: number) => (b / 2 ** 20).toFixed(0);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

/** The class matrix of a cluster: median time of `runs`, the memory it holds (heap + array buffers), and its size. */
function engineRun(nsCount: number, podsPerNs: number, policiesPerNs: number, runs = 3) {
  const files = cluster(nsCount, podsPerNs, policiesPerNs);
  let t = performance.now();
  const ws = workspaceOf(files);
  const c = ws.cluster();
  const parse = performance.now() - t;
  const times: number[] = [];
  let held = 0;
  let last: ReturnType<Connectivity['connections']> | undefined;
  for (let r = 0; r < runs; r++) {
    last = undefined;
    gc?.();
    const before = process.memoryUsage();
    t = performance.now();
    last = new Connectivity(c).connections();
    times.push(performance.now() - t);
    const after = process.memoryUsage();
    held = Math.max(held, after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers);
  }
  const m = last!;
  let nonEmpty = 0;
  const n = m.pods.length;
  const t2 = performance.now();
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (i !== j && m.idOf(i, j) !== 0) nonEmpty++;
  const expand = performance.now() - t2;
  return {
    pods: c.pods.length,
    policies: c.policies.length,
    classes: m.classCount,
    sets: m.table.sets.length,
    parse,
    engine: median(times),
    expand,
    heldMb: held,
    rss: process.memoryUsage().rss,
    nonEmpty,
  };
}

/** `reach --from <one namespace>` in process: the models read (no rules, as the CLI), the cluster, and the rows of the namespace's pods. */
function fromRun(files: Record<string, string>) {
  let t = performance.now();
  const ws = workspaceOf(files, 'models');
  const read = performance.now() - t;
  t = performance.now();
  const c = ws.cluster();
  const clusterMs = performance.now() - t;
  const sources: number[] = [];
  c.pods.forEach((p, i) => p.namespace === nsName(7) && sources.push(i));
  t = performance.now();
  new Connectivity(c).connectionsFrom(sources);
  return { read, cluster: clusterMs, rows: performance.now() - t };
}

/**
 * The editor's case: a workspace (lint reading) with a reach report open on tenant-0007's first
 * workload; then edits of one of that namespace's policies (a port number changed back and forth,
 * as an editor sends it: the change and its text), each followed by the report again.
 */
function editRun(files: Record<string, string>, edits = 20) {
  const file = `${nsName(7)}.yaml`;
  let t = performance.now();
  const ws = workspaceOf(files);
  const read = performance.now() - t;
  t = performance.now();
  const subject = ws.snapshot(file)!.workloads[0];
  if (!reachReport(ws, subject, 'to')) throw new Error('no report');
  const first = performance.now() - t;
  let text = files[file];
  const updates: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < edits; i++) {
    // the last numeric port of the file (its last policy)
    const m = [...text.matchAll(/\bport: (\d+)/g)].pop()!;
    const at = m.index + 6;
    const old = m[1];
    const port = old === '8080' ? '8081' : '8080';
    const edited = text.slice(0, at) + port + text.slice(at + old.length);
    const t0 = performance.now();
    ws.update(file, edited, { start: at, end: at + old.length, newLength: port.length, newText: port });
    const t1 = performance.now();
    const r = reachReport(ws, ws.snapshot(file)!.workloads[0], 'to');
    const t2 = performance.now();
    if (!r || r.connections.length < ws.cluster().pods.length - 1) throw new Error('the report lost its peers');
    updates.push(t1 - t0);
    total.push(t2 - t0);
    text = edited;
  }
  return { read, first, edits, update: median(updates), total };
}

function cliRun(files: Record<string, string>, args: string[]): { ms: number; bytes: number; code: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-sets-bench-'));
  try {
    for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
    const outFile = join(dir, 'out.json');
    const times: number[] = [];
    let code: number | null = 0;
    for (let r = 0; r < 3; r++) {
      const fd = openSync(outFile, 'w');
      const t = performance.now();
      const res = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'reach', dir, '--format', 'json', ...args], { stdio: ['ignore', fd, 'inherit'] });
      times.push(performance.now() - t);
      closeSync(fd);
      code = res.status;
    }
    return { ms: median(times), bytes: statSync(outFile).size, code };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`connection sets: node ${process.version}${gc ? '' : ' (run with --expose-gc for the memory figures)'}`);

// 1. the CLI, every pair's set as JSON
{
  const files = cluster(100, 10, 10);
  const r = cliRun(files, []);
  const e = engineRun(100, 10, 10);
  console.log(
    `\n1. reach --format json (no --port): ${e.pods} pods in 102 namespaces, ${e.policies} policies; ${e.classes} classes, ${e.sets} distinct sets, ${e.nonEmpty} pairs listed`,
  );
  console.log(
    `| step | ms |\n|---|---:|\n| parse + index (in process) | ${e.parse.toFixed(0)} |\n| engine: class matrix | ${e.engine.toFixed(1)} |\n| CLI end to end (Node start-up, parse, matrix, ${mb(r.bytes)} MB of JSON written) | ${r.ms.toFixed(0)} |`,
  );
  console.log(`- goal ≤ 3 s end to end: ${r.ms.toFixed(0)} ms, ${r.ms <= 3000 ? 'met' : 'NOT met'} (exit ${r.code})`);
}

// 2. the class matrix at 10,000 pods, and how it grows
{
  const sizes: [string, number, number, number][] = quick
    ? [['base', 1000, 10, 2]]
    : [
        ['base', 1000, 10, 2],
        ['pods × 2', 1000, 20, 2],
        ['policies × 2', 1000, 10, 4],
      ];
  console.log('\n2. the class matrix in the engine');
  console.log(
    '| cluster | pods | policies | classes | distinct sets | parse ms | class matrix ms | held MB | every pod pair read ms |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|',
  );
  let base: ReturnType<typeof engineRun> | undefined;
  for (const [what, ns, pods, pol] of sizes) {
    const e = engineRun(ns, pods, pol);
    base ??= e;
    console.log(
      `| ${what} | ${e.pods} | ${e.policies} | ${e.classes} | ${e.sets} | ${e.parse.toFixed(0)} | ${e.engine.toFixed(0)} | ${gc ? mb(e.heldMb) : '?'} | ${e.expand.toFixed(0)} |`,
    );
  }
  console.log(`- goal ≤ 2 s and ≤ 1 GB for the base: ${base!.engine.toFixed(0)} ms, ${gc ? `${mb(base!.heldMb)} MB` : '?'} held (rss ${mb(base!.rss)} MB)`);
  console.log(`\n   reach --from ${nsName(7)}/* --format json: in process (models read as the CLI reads them) and end to end`);
  console.log('| cluster | read (models) ms | cluster ms | rows of one namespace ms | CLI end to end ms |\n|---|---:|---:|---:|---:|');
  let goal = '';
  for (const [what, ns, pods, pol] of sizes) {
    const files = cluster(ns, pods, pol);
    const p = fromRun(files);
    const r = cliRun(files, ['--from', `${nsName(7)}/*`]);
    console.log(`| ${what} | ${p.read.toFixed(0)} | ${p.cluster.toFixed(0)} | ${p.rows.toFixed(0)} | ${r.ms.toFixed(0)} |`);
    if (what === 'base') goal = `- goal ≤ 1 s end to end at the base size: ${r.ms.toFixed(0)} ms, ${r.ms <= 1000 ? 'met' : 'NOT met'} (exit ${r.code})`;
  }
  console.log(goal);
}

// 3. an edit of one policy, then the open reach report again (the editor's workspace: lint reading)
{
  const sizes: [string, number, number, number][] = quick
    ? [['base', 1000, 10, 2]]
    : [
        ['base', 1000, 10, 2],
        ['pods × 2', 1000, 20, 2],
        ['policies × 2', 1000, 10, 4],
      ];
  console.log('\n3. an edit of one policy, then the open reach report (who can reach one workload), in process');
  console.log(
    '| cluster | open: read ms | first report ms | edits | update median ms | update + report: first / median / max ms |\n|---|---:|---:|---:|---:|---:|',
  );
  let goal = '';
  for (const [what, ns, pods, pol] of sizes) {
    const e = editRun(cluster(ns, pods, pol));
    console.log(
      `| ${what} | ${e.read.toFixed(0)} | ${e.first.toFixed(0)} | ${e.edits} | ${e.update.toFixed(1)} | ${e.total[0].toFixed(0)} / ${median(e.total).toFixed(0)} / ${Math.max(...e.total).toFixed(0)} |`,
    );
    if (what === 'base')
      goal = `- goal ≤ 200 ms at the base size: median ${median(e.total).toFixed(0)} ms, ${median(e.total) <= 200 ? 'met' : 'NOT met'} (slowest ${Math.max(...e.total).toFixed(0)} ms)`;
  }
  console.log(goal);
}
