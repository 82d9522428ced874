// The generated clusters of scripts/bench/connections.ts (issue #22): per namespace `podsPerNs`
// workloads and `policiesPerNs` of ten kinds of policy, as tenants write them; one file a namespace.
const TIERS = ['web', 'api', 'db'];
export const nsName = (i: number) => `tenant-${String(i).padStart(4, '0')}`;

/** Pods are Pods and Deployments in turn, with an app (10 per namespace) and a tier label; ports named http, pg, metrics. */
function workload(ns: string, k: number, i: number): string {
  const labels = `{app: app-${i % 10}, tier: ${TIERS[i % 3]}}`;
  // the db tier declares pg on 5432 or, in one namespace in five, 5433: a named port that resolves per pod
  const ports = `[{containerPort: 8080, name: http}, {containerPort: ${i % 3 === 2 && k % 5 === 0 ? 5433 : 5432}, name: pg}, {containerPort: 9090, name: metrics}]`;
  if (i % 2 === 0)
    return `apiVersion: v1\nkind: Pod\nmetadata: {name: pod-${i}, namespace: ${ns}, labels: ${labels}}\nspec:\n  containers: [{name: main, image: app, ports: ${ports}}]\n`;
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: deploy-${i}, namespace: ${ns}}\nspec:\n  template:\n    metadata: {labels: ${labels}}\n    spec:\n      containers: [{name: main, image: app, ports: ${ports}}]\n`;
}

/** Ten kinds of policy, as tenants write them; namespace k gets `count` of them, starting at a kind that turns with k. */
function policies(k: number, nsCount: number, count: number): string[] {
  const ns = nsName(k);
  const other = nsName((k + 1) % nsCount);
  const np = (name: string, spec: string) =>
    `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec}`;
  const kinds = [
    () => np('default-deny', '  podSelector: {}\n  policyTypes: [Ingress, Egress]\n'),
    () =>
      np(
        'allow-dns',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}, podSelector: {matchLabels: {k8s-app: kube-dns}}}]\n      ports: [{protocol: UDP, port: 53}, {protocol: TCP, port: 53}]\n',
      ),
    () => np('intra', '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {}}]\n'),
    () =>
      np(
        'web-from-other',
        `  podSelector: {matchLabels: {tier: web}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ${other}}}, podSelector: {matchLabels: {tier: web}}}]\n      ports: [{port: http}]\n`,
      ),
    () =>
      np(
        'api-from-web',
        '  podSelector: {matchLabels: {tier: api}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchLabels: {tier: web}}}]\n      ports: [{protocol: TCP, port: 8000, endPort: 8100}, {port: http}]\n',
      ),
    () =>
      np(
        'db-from-api',
        '  podSelector: {matchLabels: {tier: db}}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{podSelector: {matchExpressions: [{key: tier, operator: In, values: [api]}]}}]\n      ports: [{port: pg}]\n',
      ),
    () =>
      np(
        'egress-team',
        `  podSelector: {matchLabels: {tier: web}}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {matchLabels: {team: team-${k % 20}}}}]\n      ports: [{port: 8080}, {protocol: UDP, port: 5000, endPort: 5100}]\n`,
      ),
    () =>
      np(
        'metrics',
        '  podSelector: {}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]\n      ports: [{port: metrics}]\n',
      ),
    () =>
      np(
        'egress-web',
        '  podSelector: {}\n  policyTypes: [Egress]\n  egress:\n    - to: [{namespaceSelector: {}, podSelector: {matchLabels: {tier: web}}}]\n      ports: [{port: 8080}]\n',
      ),
    () =>
      np(
        'app-notin',
        `  podSelector: {matchExpressions: [{key: app, operator: NotIn, values: [app-1, app-2]}]}\n  policyTypes: [Ingress]\n  ingress:\n    - from: [{namespaceSelector: {matchExpressions: [{key: env, operator: In, values: [prod]}]}}]\n`,
      ),
  ];
  return Array.from({ length: count }, (_x, j) => kinds[(k * 3 + j) % kinds.length]());
}

export function cluster(nsCount: number, podsPerNs: number, policiesPerNs: number): Record<string, string> {
  const files: Record<string, string> = {};
  files['system.yaml'] = [
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: kube-system}\n',
    'apiVersion: v1\nkind: Namespace\nmetadata: {name: monitoring}\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}\nspec:\n  containers: [{name: dns, image: coredns, ports: [{containerPort: 53, protocol: UDP, name: dns}]}]\n',
    'apiVersion: v1\nkind: Pod\nmetadata: {name: prometheus, namespace: monitoring, labels: {app: prometheus}}\nspec:\n  containers: [{name: p, image: prom}]\n',
  ].join('---\n');
  for (let k = 0; k < nsCount; k++) {
    const ns = nsName(k);
    const docs = [`apiVersion: v1\nkind: Namespace\nmetadata: {name: ${ns}, labels: {team: team-${k % 20}, env: ${k % 3 === 0 ? 'prod' : 'staging'}}}\n`];
    for (let i = 0; i < podsPerNs; i++) docs.push(workload(ns, k, i));
    docs.push(...policies(k, nsCount, policiesPerNs));
    files[`${ns}.yaml`] = docs.join('---\n');
  }
  return files;
}
