/**
 * The small model the upstream Kubernetes e2e network-policy tests use: namespaces x, y, z with
 * pods a, b, c each, every pod serving TCP 80 ("serve-80-tcp"), TCP 81 ("serve-81-tcp") and UDP 80.
 * Tests add NetworkPolicies (as YAML, through the real parser) and compare full matrices.
 */
import assert from 'node:assert/strict';
import { Connectivity, defaultConfig, Workspace, type PortProtocol } from '../server/src/core/index';

export const NAMESPACES = ['x', 'y', 'z'];
export const PODS = ['a', 'b', 'c'];
/** Pod ids in matrix order: x/a x/b x/c y/a … z/c */
export const IDS = NAMESPACES.flatMap((ns) => PODS.map((p) => `${ns}/${p}`));

/** Pod x/a has IP 10.1.0.1, y/b 10.2.0.2, and so on. */
export function podIp(ns: string, pod: string): string {
  return `10.${NAMESPACES.indexOf(ns) + 1}.0.${PODS.indexOf(pod) + 1}`;
}

export function modelYaml(namespaceLabels: Record<string, Record<string, string>> = {}): string {
  const docs: string[] = [];
  for (const ns of NAMESPACES) {
    const labels = { ns, ...(namespaceLabels[ns] ?? {}) };
    docs.push(`apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "${ns}"\n  labels: ${JSON.stringify(labels)}\n`);
    for (const pod of PODS) {
      docs.push(
        `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${pod}\n  namespace: "${ns}"\n  labels: {pod: ${pod}}\n` +
          `spec:\n  containers:\n    - name: cont\n      image: agnhost\n      ports:\n` +
          `        - {containerPort: 80, name: serve-80-tcp, protocol: TCP}\n        - {containerPort: 81, name: serve-81-tcp, protocol: TCP}\n        - {containerPort: 80, name: serve-80-udp, protocol: UDP}\n` +
          `status:\n  podIP: ${podIp(ns, pod)}\n`,
      );
    }
  }
  return docs.join('---\n');
}

export function engineFor(policies: string, namespaceLabels?: Record<string, Record<string, string>>): Connectivity {
  const ws = new Workspace(defaultConfig());
  ws.update('model.yaml', modelYaml(namespaceLabels));
  if (policies) ws.update('policies.yaml', policies);
  return new Connectivity(ws.cluster());
}

/** The matrix as rows of "X" (allowed) and "." (denied), rows = from, columns = to, in IDS order. */
export function truthTable(engine: Connectivity, port: number, protocol: PortProtocol = 'TCP'): string[] {
  const m = engine.matrix(port, protocol);
  assert.deepEqual(m.pods, IDS);
  const rows = m.rows.map((row) => [...row].map((v) => (v ? 'X' : '.')).join(''));
  // the one-pair explainer must agree with the matrix, pair by pair
  const pods = IDS.map((id) => engine.pod(id)!);
  const slow = pods.map((from) => pods.map((to) => (engine.verdict(from, to, port, protocol).allowed ? 'X' : '.')).join(''));
  assert.deepEqual(slow, rows, 'verdict() and matrix() disagree');
  return rows;
}

/** A policy document. `spec` lines are indented under `spec:`. */
export function np(name: string, namespace: string, spec: string[]): string {
  return (
    [
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${name}`,
      `  namespace: "${namespace}"`,
      'spec:',
      ...spec.map((l) => `  ${l}`),
    ].join('\n') + '\n'
  );
}

export const docs = (...d: string[]) => d.join('---\n');
