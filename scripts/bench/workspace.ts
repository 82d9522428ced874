// Part of `npm run bench`: the workspace and the connectivity engine, measured, not asserted.
//  1. `reach` over 1,000 pods in 50 namespaces with 500 policies: the full matrix on one port
//     (goal: under 1 s), engine alone and the CLI end to end.
//  2. A 2,000-file workspace: editing one file re-checks only the namespaces it touches.
//   node scripts/bench/bundled.mjs scripts/bench/workspace.ts (as shipped; or node --import tsx …, slower)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { completeAt, Connectivity, defaultConfig, Workspace } from '../../server/src/core/index';
// @ts-expect-error: a plain ES module of the benchmark (no types)
import { corpus } from './corpus.mjs';

const ROOT = resolve(__dirname, '../..');
const NS = 50;
const PODS_PER_NS = 20;
const POLICIES_PER_NS = 10;
const TIERS = ['web', 'api', 'db'];

const ns = (i: number) => `tenant-${String(i).padStart(2, '0')}`;

function pod(n: string, i: number): string {
  const tier = TIERS[i % 3];
  const labels = `{app: app-${i % 10}, tier: ${tier}}`;
  const ports = `[{containerPort: 8080, name: http}, {containerPort: 5432, name: pg}, {containerPort: 9090, name: metrics}]`;
  if (i % 2 === 0) {
    return `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, namespace: ${n}, labels: ${labels}}\nspec:\n  containers: [{name: main, image: app, ports: ${ports}}]\nstatus: {podIP: 10.${Number(n.slice(-2)) + 1}.0.${i + 1}}\n`;
  }
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: deploy-${i}, namespace: ${n}}\nspec:\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: main, image: app, ports: ${ports}}]\n`;
}

function policies(n: string, k: number): string[] {
  const np = (name: string, spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${n}}\nspec:\n${spec}`;
  const other = ns((k + 1) % NS);
  const out = [
    np('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'),
    np(
      'allow-dns',
      '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n',
    ),
    np('intra', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {}}]\n'),
    np(
      'web-from-other',
      `  podSelector: {matchLabels: {tier: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${other}}}, podSelector: {matchLabels: {tier: web}}}]\n      ports: [{port: http}]\n`,
    ),
    np(
      'api-from-web',
      '  podSelector: {matchLabels: {tier: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {tier: web}}}]\n      ports: [{protocol: TCP, port: 8000, endPort: 8100}]\n',
    ),
    np(
      'db-from-api',
      '  podSelector: {matchLabels: {tier: db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchExpressions: [{key: tier, operator: In, values: [api]}]}}]\n      ports: [{port: pg}]\n',
    ),
    np(
      'egress-out',
      '  podSelector: {matchLabels: {tier: web}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}]\n      ports: [{port: 8080}]\n',
    ),
    np(
      'metrics',
      '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n      ports: [{port: metrics}]\n',
    ),
    np(
      'egress-web',
      '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {tier: web}}}]\n      ports: [{port: 8080}]\n',
    ),
    np(
      'app-notin',
      '  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [app-1, app-2]}]}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [' +
        other +
        ']}]}}]\n',
    ),
  ];
  return out.slice(0, POLICIES_PER_NS);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const time = (fn: () => void, runs = 5) => {
  fn();
  const ts: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    ts.push(performance.now() - t);
  }
  return median(ts);
};

function reachBench() {
  const files: Record<string, string> = {};
  for (let k = 0; k < NS; k++) {
    const n = ns(k);
    files[`${n}-workloads.yaml`] = Array.from({ length: PODS_PER_NS }, (_, i) => pod(n, i)).join('---\n');
    files[`${n}-policies.yaml`] = policies(n, k).join('---\n');
  }
  let ws!: Workspace;
  const index = time(() => {
    ws = new Workspace(defaultConfig());
    for (const [f, t] of Object.entries(files)) ws.update(f, t);
  }, 3);
  const engine = new Connectivity(ws.cluster());
  const pods = engine.cluster.pods.length;
  const policyCount = engine.cluster.policies.length;
  let allowed = 0;
  const matrix = time(() => {
    const m = engine.matrix(8080, 'TCP');
    allowed = 0;
    for (const row of m.rows) for (const v of row) allowed += v;
  });
  const dir = mkdtempSync(join(tmpdir(), 'netpol-reach-bench-'));
  for (const [f, t] of Object.entries(files)) writeFileSync(join(dir, f), t);
  const cli = time(() => {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'reach', dir, '--port', '8080', '--format', 'json'], {
      encoding: 'utf8',
      maxBuffer: 1 << 30,
    });
    if (r.status !== 0) throw new Error(r.stderr);
  }, 3);
  rmSync(dir, { recursive: true, force: true });
  console.log(`reach: ${pods} pods in ${NS} namespaces, ${policyCount} policies, full matrix on TCP 8080 (${allowed} of ${pods * pods} pairs allowed)`);
  console.log(
    `| step | ms |\n|---|---:|\n| parse + index ${Object.keys(files).length} files | ${index.toFixed(1)} |\n| engine: full matrix | ${matrix.toFixed(1)} |\n| CLI end to end (\`reach --format json\`, incl. Node start-up) | ${cli.toFixed(1)} |`,
  );
  console.log(
    `- goal: full matrix on one port under 1 s: the engine ${matrix.toFixed(0)} ms, ${matrix < 1000 ? 'met' : 'NOT met'}; the CLI end to end (with parsing and Node start-up) ${cli.toFixed(0)} ms, ${cli < 1000 ? 'met' : 'NOT met'}\n`,
  );
}

/** Cluster policies for the edit benchmark: an Admin DNS guard, a tenant Pass, a Baseline default deny (the DNS rules read them for every namespace). */
function clusterPolicies(marker: string): string {
  const dnsPeer = '{pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}}';
  return [
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: dns-guard${marker}}\nspec:\n  tier: Admin\n  priority: 10\n  subject: {namespaces: {}}\n  egress:\n    - {name: allow-dns, action: Accept, to: [${dnsPeer}], protocols: [{udp: {destinationPort: {number: 53}}}, {tcp: {destinationPort: {number: 53}}}]}\n`,
    `apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: tenants}\nspec:\n  tier: Admin\n  priority: 20\n  subject: {pods: {namespaceSelector: {matchExpressions: [{key: kubernetes.io/metadata.name, operator: NotIn, values: [kube-system]}]}, podSelector: {matchLabels: {app: a-7}}}}\n  egress:\n    - {name: pass, action: Pass, to: [{namespaces: {}}]}\n`,
    'apiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: default-deny}\nspec:\n  tier: Baseline\n  priority: 100\n  subject: {namespaces: {}}\n  egress:\n    - {name: deny, action: Deny, to: [{networks: [0.0.0.0/0]}]}\n',
  ].join('---\n');
}

function editBench(withClusterPolicies = false) {
  const FILES = 2000;
  const ws = new Workspace(defaultConfig());
  if (withClusterPolicies) ws.update('cluster.yaml', clusterPolicies(''));
  const text = (i: number, marker: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p-${i}, namespace: ${ns(i % NS)}}\nspec:\n  podSelector: {matchLabels: {app: a-${i}${marker}}}\n  policyTypes: [Ingress, Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n`;
  const t0 = performance.now();
  for (let i = 0; i < FILES; i++) ws.update(`f${i}.yaml`, text(i, ''));
  for (let i = 0; i < FILES; i++) ws.result(`f${i}.yaml`);
  const initial = performance.now() - t0;
  const times: number[] = [];
  let affected = 0;
  for (let e = 0; e < 50; e++) {
    const t = performance.now();
    const others = ws.update('f7.yaml', text(7, `-${e}`));
    ws.result('f7.yaml');
    for (const f of others) ws.result(f);
    times.push(performance.now() - t);
    affected = others.size;
  }
  const cnp = withClusterPolicies ? ' and 3 ClusterNetworkPolicies' : '';
  console.log(`workspace: ${FILES} files of one policy in ${NS} namespaces${cnp}; index + all results ${initial.toFixed(0)} ms`);
  console.log(
    `- editing one file: ${affected} other files re-checked (its namespace's, of ${FILES}); median ${median(times).toFixed(2)} ms per edit incl. their results`,
  );
  if (!withClusterPolicies) return;
  const cluster: number[] = [];
  for (let e = 0; e < 5; e++) {
    const t = performance.now();
    for (const f of ws.update('cluster.yaml', clusterPolicies(`-${e}`))) ws.result(f);
    cluster.push(performance.now() - t);
  }
  console.log(`- editing the cluster policies: every file re-checked; median ${median(cluster).toFixed(0)} ms per edit incl. their results`);
}

function completionBench() {
  const text: string = corpus(1000);
  const ws = new Workspace(defaultConfig());
  ws.update('big.yaml', text);
  // a key position inside a rule in the middle of the file ("        - " of a peer list), and a value
  const mid = text.indexOf('\n        - ', text.length >> 1);
  const keyAt = text.indexOf('- ', mid) + 2;
  const protoAt = text.indexOf('protocol: ', text.length >> 1) + 'protocol: '.length;
  // a label value under matchLabels: reads the workspace's labels (the cluster is rebuilt after an edit)
  const labelLine = text.indexOf('matchLabels:\n', text.length >> 1);
  const labelAt = text.indexOf(': ', text.indexOf('\n', labelLine + 13) + 1) + 2;
  const run = (offset: number) => {
    const ts: number[] = [];
    let n = 0;
    for (let i = 0; i < 50; i++) {
      const t = performance.now();
      n = completeAt(ws, 'big.yaml', offset).length;
      ts.push(performance.now() - t);
    }
    return { median: median(ts), max: Math.max(...ts), n };
  };
  const key = run(keyAt);
  const value = run(protoAt);
  // after a keystroke the workspace changes, so the first completion rebuilds the label index too
  const typed: number[] = [];
  for (let i = 0; i < 20; i++) {
    const at = text.length >> 1;
    ws.update('big.yaml', text.slice(0, at) + '#' + text.slice(at), { start: at, end: at, newLength: 1 });
    const t = performance.now();
    completeAt(ws, 'big.yaml', labelAt + 1);
    typed.push(performance.now() - t);
    ws.update('big.yaml', text, { start: at, end: at + 1, newLength: 0 });
  }
  console.log(`completion on a ${text.split('\n').length}-line file of 1,000 documents (goal: under 50 ms):`);
  console.log(`- keys after "- " (${key.n} items): median ${key.median.toFixed(2)} ms, max ${key.max.toFixed(2)} ms`);
  console.log(`- protocol values (${value.n} items): median ${value.median.toFixed(2)} ms, max ${value.max.toFixed(2)} ms`);
  console.log(
    `- label values right after a keystroke (the workspace's label index rebuilt): median ${median(typed).toFixed(2)} ms, max ${Math.max(...typed).toFixed(2)} ms`,
  );
  const worst = Math.max(key.max, value.max, ...typed);
  console.log(`- goal under 50 ms: ${worst < 50 ? 'met' : 'NOT met'} (worst ${worst.toFixed(1)} ms)\n`);
}

reachBench();
completionBench();
editBench();
editBench(true);
