// Part of `npm run bench`: the sizes issue #21 found hangs at, measured (not asserted), with the
// goal that none takes more than a few seconds (here: 3 s):
//  1. fix all on 3,000 policies (0.87 MB, 9,000 safe fixes), in process;
//  2. "Who can reach this workload?" over 5,000 Deployments and 5,000 policies of one namespace;
//  3. the code lenses' selections of those 5,000 policies;
//  4. closing 400 open files of one namespace through the built server: publishes and time.
//   node scripts/bench/bundled.mjs scripts/bench/hostile.ts (as shipped; or node --import tsx …, slower)
import { join } from 'node:path';
import { defaultConfig, fixAll, reachReport, selectedWorkloads, workloadAt, Workspace } from '../../server/src/core/index';
import { TestClient } from '../../test/lsp/client';

const GOAL_MS = 3000;
const goal = (ms: number) => (ms < GOAL_MS ? 'met' : 'NOT met');

function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const r = f();
  return [r, performance.now() - start];
}

function fixAllBench(): void {
  const text = Array.from(
    { length: 3000 },
    (_, i) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-${i}\n  namespace: tenant-${i % 5}\nspec:\n  podSelector:\n    matchLabels:\n      app: w${i}\n  ingress:\n    - from:\n        - podSelector: {}\n      ports:\n        - port: 8080\n        - port: 9090\n          protocol: tcp\n`,
  ).join('---\n');
  const ws = new Workspace(defaultConfig());
  const [, open] = time(() => {
    ws.update('f', text);
    return ws.result('f');
  });
  const [r, ms] = time(() => fixAll(ws, 'f')!);
  console.log(
    `fix all on 3,000 policies (${(text.length / 1e6).toFixed(2)} MB, ${r.applied.length} fixes): ${ms.toFixed(0)} ms (the open: ${open.toFixed(0)} ms); goal under ${GOAL_MS} ms: ${goal(ms)}`,
  );
}

function reachBench(): void {
  const n = 5000;
  const deployments = Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d${i}\n  namespace: t\nspec:\n  template:\n    metadata:\n      labels: {app: w${i}}\n    spec:\n      containers: [{name: c, image: x, ports: [{containerPort: 8080}]}]\n`,
  ).join('---\n');
  const policies = Array.from(
    { length: n },
    (_, i) =>
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p${i}\n  namespace: t\nspec:\n  podSelector:\n    matchLabels: {app: w${i}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {app: w${(i + 1) % n}}}}]\n      ports: [{port: 8080, protocol: TCP}]\n`,
  ).join('---\n');
  const ws = new Workspace(defaultConfig());
  ws.update('deployments.yaml', deployments);
  ws.update('policies.yaml', policies);
  const [, engine] = time(() => ws.connectivity());
  const [report, ms] = time(() => reachReport(ws, workloadAt(ws, 'deployments.yaml', 10)!, 'to')!);
  console.log(
    `reach report over ${n.toLocaleString('en-US')} Deployments and ${n.toLocaleString('en-US')} policies (${report.connections.length} rows): ${ms.toFixed(0)} ms (the engine built in ${engine.toFixed(0)} ms); goal under ${GOAL_MS} ms: ${goal(ms)}`,
  );
  const [, lens] = time(() => {
    for (const ref of ws.snapshot('policies.yaml')!.policies) selectedWorkloads(ws, ref);
  });
  console.log(`code lenses' selections of those ${n.toLocaleString('en-US')} policies: ${lens.toFixed(0)} ms; goal under ${GOAL_MS} ms: ${goal(lens)}`);
}

async function closeAllBench(): Promise<void> {
  const n = 400;
  const client = new TestClient(['--stdio'], { nodeArgs: [] });
  try {
    await client.initialize();
    const uris = Array.from({ length: n }, (_, i) => `file:///bench/p${i}.yaml`);
    for (const [i, uri] of uris.entries())
      await client.open(
        uri,
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: allow-w${i}\n  namespace: tenant-a\nspec:\n  podSelector:\n    matchLabels:\n      app: w${i}\n  policyTypes: [Ingress]\n  ingress:\n    - from:\n        - podSelector: {}\n`,
      );
    for (const uri of uris) await client.diagnostics(uri, () => true, uri, 60_000);
    await new Promise((r) => setTimeout(r, 1500)); // the publishes of the opens, once they pause
    const from = client.publishes.length;
    const start = performance.now();
    for (const uri of uris) await client.closeDocument(uri);
    for (const uri of uris) await client.diagnostics(uri, (d, p) => d.length === 0 && p.version === undefined, `${uri} cleared`, 120_000);
    const ms = performance.now() - start;
    await new Promise((r) => setTimeout(r, 1500)); // anything sent late
    const sent = client.publishes.length - from;
    console.log(
      `closing ${n} open files of one namespace: ${sent} publishes (${n} at best), all cleared after ${ms.toFixed(0)} ms; goal under ${GOAL_MS} ms: ${goal(ms)}`,
    );
  } finally {
    await client.close();
  }
}

async function main(): Promise<void> {
  console.log(`issue #21's sizes (${join('scripts', 'bench', 'hostile.ts')}):`);
  fixAllBench();
  reachBench();
  await closeAllBench();
}

void main();
