/**
 * A small multi-tenant cluster for the tier scenarios (ClusterNetworkPolicy around NetworkPolicy):
 * tenants a and b, a monitoring namespace and kube-system, one pod each but two in tenant-a. Named
 * ports differ by pod: `http` is TCP 8080 on tenant-a/web but TCP 9090 on tenant-b/web, so a named
 * port resolves against the destination. Tests add policies as YAML, through the real parser, and
 * compare full matrices (rows = from, columns = to, in IDS order; X = allowed, . = denied).
 */
import assert from 'node:assert/strict';
import { Connectivity, defaultConfig, Workspace, type PortProtocol } from '../server/src/core/index';

interface ModelPod {
  ns: string;
  name: string;
  labels: Record<string, string>;
  ip: string;
  ports: { name: string; port: number; protocol: PortProtocol }[];
}

export const NAMESPACE_LABELS: Record<string, Record<string, string>> = {
  'tenant-a': { tenant: 'a' },
  'tenant-b': { tenant: 'b' },
  monitoring: { role: 'monitoring' },
  'kube-system': { role: 'system' },
};

export const MODEL_PODS: ModelPod[] = [
  { ns: 'tenant-a', name: 'web', labels: { app: 'web' }, ip: '10.0.1.1', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }] },
  { ns: 'tenant-a', name: 'db', labels: { app: 'db' }, ip: '10.0.1.2', ports: [{ name: 'pg', port: 5432, protocol: 'TCP' }] },
  { ns: 'tenant-b', name: 'web', labels: { app: 'web' }, ip: '10.0.2.1', ports: [{ name: 'http', port: 9090, protocol: 'TCP' }] },
  { ns: 'monitoring', name: 'prom', labels: { app: 'prom' }, ip: '10.0.3.1', ports: [{ name: 'ui', port: 9090, protocol: 'TCP' }] },
  {
    ns: 'kube-system',
    name: 'dns',
    labels: { 'k8s-app': 'kube-dns' },
    ip: '10.0.4.1',
    ports: [
      { name: 'dns', port: 53, protocol: 'UDP' },
      { name: 'dns-tcp', port: 53, protocol: 'TCP' },
    ],
  },
];

/** Pod ids in matrix order: tenant-a/web tenant-a/db tenant-b/web monitoring/prom kube-system/dns */
export const IDS = MODEL_PODS.map((p) => `${p.ns}/${p.name}`);

export function modelYaml(): string {
  const docs: string[] = [];
  for (const [ns, labels] of Object.entries(NAMESPACE_LABELS))
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${ns}\n  labels: ${JSON.stringify(labels)}\n`);
  for (const p of MODEL_PODS) {
    const ports = p.ports.map((c) => `        - {containerPort: ${c.port}, name: ${c.name}, protocol: ${c.protocol}}`).join('\n');
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${p.name}\n  namespace: ${p.ns}\n  labels: ${JSON.stringify(p.labels)}\n` +
        `spec:\n  containers:\n    - name: main\n      image: app\n      ports:\n${ports}\nstatus:\n  podIP: ${p.ip}\n`,
    );
  }
  return docs.join('---\n');
}

export function workspaceFor(policies: string): Workspace {
  const ws = new Workspace(defaultConfig());
  ws.update('model.yaml', modelYaml());
  if (policies) ws.update('policies.yaml', policies);
  return ws;
}

export function engineFor(policies: string): Connectivity {
  return new Connectivity(workspaceFor(policies).cluster());
}

/**
 * The matrix on one port as rows of X and .; the per-port verdict and the one-pair connection set
 * must agree with it, pair by pair (three ways through the engine, one answer).
 */
export function truthTable(engine: Connectivity, port: number, protocol: PortProtocol = 'TCP'): string[] {
  const m = engine.matrix(port, protocol);
  assert.deepEqual(m.pods, IDS);
  const rows = m.rows.map((row) => [...row].map((v) => (v ? 'X' : '.')).join(''));
  const pods = IDS.map((id) => engine.pod(id)!);
  const slow = pods.map((from) => pods.map((to) => (engine.verdict(from, to, port, protocol).allowed ? 'X' : '.')).join(''));
  assert.deepEqual(slow, rows, 'verdict() and matrix() disagree');
  const sets = pods.map((from) => pods.map((to) => (engine.connectionsBetween(from, to).allowed.contains(port, protocol) ? 'X' : '.')).join(''));
  assert.deepEqual(sets, rows, 'connectionsBetween() and matrix() disagree');
  return rows;
}

/** A ClusterNetworkPolicy (v1alpha2); `spec` lines are indented under `spec:`. */
export function cnp(name: string, tier: 'Admin' | 'Baseline', priority: number, spec: string[]): string {
  return [
    'apiVersion: policy.networking.k8s.io/v1alpha2',
    'kind: ClusterNetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    `  tier: ${tier}`,
    `  priority: ${priority}`,
    ...spec.map((l) => `  ${l}`),
    '',
  ].join('\n');
}

/** A NetworkPolicy; `spec` lines are indented under `spec:`. */
export function np(name: string, namespace: string, spec: string[]): string {
  return [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    ...spec.map((l) => `  ${l}`),
    '',
  ].join('\n');
}

export const docs = (...d: string[]) => d.join('---\n');
