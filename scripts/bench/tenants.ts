// Part of `npm run bench`: issue #24's sizes, measured, not asserted. 200 tenants (5 namespaces
// each: 1,000 namespaces, 10,000 pods, 2,000 policies: a default deny and one baseline policy per
// namespace: traffic within the namespace, DNS egress, egress to the shared database; one namespace
// in ten also admits `namespaceSelector: {}` + `podSelector: {app: web-server}`, hostile-looking),
// plus a shared-services namespace every tenant may reach on TCP 5432.
//  1. `netpol-lint test`'s work in process: the four invariants over the workspace (goal ≤ 2 s,
//     ≤ 1 GB peak RSS), hostile and --as-written;
//  2. an edit of one policy, then the invariants again as a full run: the edit's workspace update
//     (pods kept) plus runTestsFile (the editor re-checks incrementally instead: part 4);
//  3. `diff` of two such trees (one baseline policy changed in 20 namespaces) against one full
//     analysis (goal ≤ 2×);
//  4. the editor's re-check after an edit of one policy: rerunTestsFile from the previous run (only
//     the edited namespace re-checked), and the language server's whole step (lsp/tenantTests.ts:
//     the re-run, its diagnostics on the tests file and the causing rules, the code lenses).
//   node scripts/bench/bundled.mjs scripts/bench/tenants.ts (as shipped; or node --import tsx …, slower)
import {
  Connectivity,
  defaultConfig,
  diffConnectivity,
  parseTestsFile,
  rerunTestsFile,
  runTestsFile,
  type TestsRun,
  Workspace,
} from '../../server/src/core/index';
import type { ProjectConfig } from '../../server/src/lsp/projectConfig';
import { TenantTests } from '../../server/src/lsp/tenantTests';

const TENANTS = 200;
const NS_PER_TENANT = 5;
const PODS_PER_NS = 10;
const tenant = (t: number) => `t${String(t).padStart(3, '0')}`;
const nsOf = (t: number, k: number) => `${tenant(t)}-ns${k}`;

function namespaceFile(t: number, k: number, variant: boolean): string {
  const ns = nsOf(t, k);
  const docs = [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {tenant: ${tenant(t)}}}\n`];
  for (let i = 0; i < PODS_PER_NS; i++)
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, namespace: ${ns}, labels: {app: ${i % 3 === 0 ? 'web-server' : `app-${i % 5}`}, tier: t${i % 3}}}\nspec:\n  containers: [{name: main, image: app, ports: [{containerPort: 8080, name: http}]}]\n`,
    );
  docs.push(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: default-deny, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n`,
  );
  const hostile = (t * NS_PER_TENANT + k) % 10 === 0 ? '\n        - namespaceSelector: {}\n          podSelector: {matchLabels: {app: web-server}}' : '';
  const port = variant ? 8081 : 8080;
  docs.push(
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: baseline, namespace: ${ns}}\nspec:\n  podSelector: {}\n  policyTypes: [Ingress, Egress]\n  ingress:\n    - from:\n        - podSelector: {}${hostile}\n      ports: [{protocol: TCP, port: ${port}}]\n  egress:\n    - to: [{podSelector: {}}]\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shared-services}}, podSelector: {matchLabels: {app: postgres-db}}}]\n      ports: [{protocol: TCP, port: 5432}]\n`,
  );
  return docs.join('---\n');
}

/** The tree; `changed` namespaces (by index) get the variant baseline (port 8081 for 8080). */
function tree(changed: ReadonlySet<number> = new Set()): Record<string, string> {
  const files: Record<string, string> = {};
  files['system.yaml'] = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nspec:\n  containers: [{name: dns, image: coredns, ports: [{containerPort: 53, protocol: UDP}, {containerPort: 53, protocol: TCP}]}]\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: shared-services}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: postgres, namespace: shared-services, labels: {app: postgres-db}}\nspec:\n  containers: [{name: pg, image: postgres, ports: [{containerPort: 5432}]}]\n',
    'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: db-from-tenants, namespace: shared-services}\nspec:\n  podSelector: {matchLabels: {app: postgres-db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {}}]\n      ports: [{protocol: TCP, port: 5432}]\n',
  ].join('---\n');
  for (let t = 0; t < TENANTS; t++)
    for (let k = 0; k < NS_PER_TENANT; k++) files[`${nsOf(t, k)}.yaml`] = namespaceFile(t, k, changed.has(t * NS_PER_TENANT + k));
  return files;
}

const testsText = [
  'tenants:',
  ...Array.from({ length: TENANTS }, (_, t) => `  ${tenant(t)}: ["${tenant(t)}-*"]`),
  'shared:',
  '  - name: shared-db',
  '    namespace: shared-services',
  '    podSelector: { app: postgres-db }',
  '    ports: [{ protocol: TCP, port: 5432 }]',
  'invariants: [tenant-isolation, dns-reachable, metadata-blocked, default-deny]',
  '',
].join('\n');

function workspaceOf(files: Record<string, string>): Workspace {
  const config = defaultConfig();
  config.limits = { maxFileBytes: Number.POSITIVE_INFINITY, maxDocuments: Number.POSITIVE_INFINITY };
  const ws = new Workspace(config, () => undefined, 'models');
  for (const [f, t] of Object.entries(files)) ws.update(f, t);
  return ws;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const mb = (b: number) => (b / 2 ** 20).toFixed(0);
function time<T>(f: () => T): [T, number] {
  const start = performance.now();
  const r = f();
  return [r, performance.now() - start];
}

const { spec, problems } = parseTestsFile(testsText);
if (problems.length > 0) throw new Error(`bad tests file: ${problems[0].message}`);
const dns = defaultConfig().dns;
console.log(`tenant isolation at issue #24's sizes (scripts/bench/tenants.ts), node ${process.version}`);

const files = tree();
const [ws, read] = time(() => workspaceOf(files));
const c = ws.cluster();
console.log(`${TENANTS} tenants: ${c.namespaces.size} namespaces, ${c.pods.length} pods, ${c.policies.length} policies; read in ${read.toFixed(0)} ms`);

// 1. the invariants over a fresh engine each run
console.log('\n1. the four invariants, full run (a fresh engine each run; median of 3)');
console.log('| mode | ms | violations | peak RSS MB |\n|---|---:|---:|---:|');
const full: Record<string, number> = {};
for (const asWritten of [false, true]) {
  const times: number[] = [];
  let violations = 0;
  for (let r = 0; r < 3; r++) {
    const [o, ms] = time(() => runTestsFile(new Connectivity(ws.cluster()), spec, dns, { asWritten }));
    times.push(ms);
    violations = o.invariants.reduce((n, i) => n + i.violations.length, 0);
  }
  const mode = asWritten ? '--as-written' : 'hostile';
  full[mode] = median(times);
  console.log(`| ${mode} | ${full[mode].toFixed(0)} | ${violations} | ${mb(process.resourceUsage().maxRSS * 1024)} |`);
}
console.log(
  `- goal ≤ 2 s and ≤ 1 GB: hostile ${full.hostile.toFixed(0)} ms, --as-written ${full['--as-written'].toFixed(0)} ms, peak RSS ${mb(process.resourceUsage().maxRSS * 1024)} MB: ${Math.max(full.hostile, full['--as-written']) <= 2000 && process.resourceUsage().maxRSS * 1024 <= 2 ** 30 ? 'met' : 'NOT met'}`,
);

// 2. an edit of one baseline policy (its port turned back and forth), then the invariants again
{
  const file = `${nsOf(7, 0)}.yaml`;
  let text = files[file];
  const totals: number[] = [];
  for (let i = 0; i < 10; i++) {
    const from = text.includes('port: 8080}') ? '8080' : '8081';
    const to = from === '8080' ? '8081' : '8080';
    const at = text.indexOf(`port: ${from}}`) + 6;
    const edited = text.slice(0, at) + to + text.slice(at + 4);
    const [, ms] = time(() => {
      ws.update(file, edited, { start: at, end: at + 4, newLength: 4, newText: to });
      return runTestsFile(ws.connectivity(), spec, dns);
    });
    totals.push(ms);
    text = edited;
  }
  console.log('\n2. an edit of one policy, then the invariants again as a full run (the update, pods kept, and runTestsFile; the editor: part 4)');
  console.log(
    `- median ${median(totals).toFixed(0)} ms (first ${totals[0].toFixed(0)}, max ${Math.max(...totals).toFixed(0)}): the cost without the incremental path (the ≤ 100 ms goal is part 4's)`,
  );
}

// 3. diff of two trees against one full analysis: one side's whole connectivity (the connection
// matrix and the pods' connections outside the cluster, what the diff reads of each side), engines
// built fresh, median of 5 each; the diff's own comparison is printed apart
{
  const changed = new Set(Array.from({ length: 20 }, (_, i) => i * 50));
  const after = workspaceOf(tree(changed));
  const analysis = (w: Workspace) => {
    const engine = new Connectivity(w.cluster());
    const ext = engine.externalConnections(engine.connections());
    // the outside's sets are computed lazily: ask each pod's, both ways, as the diff does
    for (let i = 0; i < engine.cluster.pods.length; i++) for (let r = 0; r < ext.ranges.length; r++) ext.egressId(i, r) + ext.ingressId(r, i);
  };
  const ones: number[] = [];
  const diffs: number[] = [];
  let pairs = 0;
  for (let k = 0; k < 5; k++) {
    ones.push(time(() => analysis(ws))[1]);
    const [d, ms] = time(() => diffConnectivity(new Connectivity(ws.cluster()), new Connectivity(after.cluster())));
    diffs.push(ms);
    pairs = d.changes.length;
  }
  const one = median(ones);
  const ms = median(diffs);
  console.log('\n3. diff of two such trees (the baseline of 20 namespaces changed), engines built fresh, median of 5');
  console.log(
    `- one full analysis (connection matrix and outside): ${one.toFixed(0)} ms; diff: ${ms.toFixed(0)} ms (two sides' analyses and ${(ms - 2 * one).toFixed(0)} ms of comparison), ${pairs} changed pairs`,
  );
  console.log(`- goal ≤ 2× one analysis: ${(ms / one).toFixed(2)}×, ${ms <= 2 * one ? 'met' : 'NOT met'}`);
}

// 4. the editor's re-check: incremental from the previous run, then the server's whole step
{
  const file = `${nsOf(11, 0)}.yaml`;
  let text = files[file];
  const edit = () => {
    const from = text.includes('port: 8080}') ? '8080' : '8081';
    const to = from === '8080' ? '8081' : '8080';
    const at = text.indexOf(`port: ${from}}`) + 6;
    text = text.slice(0, at) + to + text.slice(at + 4);
    ws.update(file, text, { start: at, end: at + 4, newLength: 4, newText: to });
  };
  let run: TestsRun = rerunTestsFile(ws.connectivity(), spec, dns);
  const core: number[] = [];
  for (let i = 0; i < 10; i++) {
    const [r, ms] = time(() => {
      edit();
      return rerunTestsFile(ws.connectivity(), spec, dns, run);
    });
    if (!r.rechecked) throw new Error('the edit did not re-check incrementally');
    run = r;
    core.push(ms);
  }
  ws.update('file:///bench/netpol-tests.yaml', testsText);
  let published = 0;
  const server = new TenantTests({
    workspace: ws,
    project: { key: undefined, layer: undefined } as unknown as ProjectConfig,
    held: () => false,
    republish: (keys) => {
      published = [...keys].length;
    },
    lensesChanged: () => undefined,
    log: (m) => console.error(m),
  });
  const [, first] = time(() => server.run());
  const step: number[] = [];
  for (let i = 0; i < 10; i++)
    step.push(
      time(() => {
        edit();
        server.run();
      })[1],
    );
  console.log('\n4. the editor: an edit of one policy, re-checked incrementally (the edited namespace only)');
  console.log(
    `- rerunTestsFile (the update and the re-check): median ${median(core).toFixed(0)} ms (max ${Math.max(...core).toFixed(0)}); goal ≤ 100 ms: ${median(core) <= 100 ? 'met' : 'NOT met'}`,
  );
  console.log(
    `- the server's step (lsp/tenantTests.ts: the update, the re-check, diagnostics and lenses, ${published} files republished): first run ${first.toFixed(0)} ms, then median ${median(step).toFixed(0)} ms (max ${Math.max(...step).toFixed(0)})`,
  );
}
