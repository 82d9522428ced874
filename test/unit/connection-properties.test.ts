/**
 * Every pair's connection set on generated clusters: random namespaces, pods with random labels and
 * named ports whose numbers differ from pod to pod, random policies. The class matrix must equal the
 * one-pair answer computed straight from the policies, and contain (P, Q) exactly when the
 * single-port matrix allows the pair.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Connectivity, defaultConfig, PROTOCOLS, Workspace } from '../../server/src/core/index';
import { bitSetMatrix } from '../singlePortOracle';

const NS = ['p', 'q', 'r'];
const label = (key: string, values: string[]) => fc.option(fc.constantFrom(...values), { nil: undefined }).map((v) => (v === undefined ? {} : { [key]: v }));
const containerPort = fc.record({
  name: fc.constantFrom('http', 'pg', undefined),
  port: fc.constantFrom(80, 81, 5432, 8080),
  protocol: fc.constantFrom('TCP', 'UDP'),
});
const podArb = fc.record({
  ns: fc.constantFrom(...NS),
  app: label('app', ['a', 'b']),
  tier: label('tier', ['web', 'db']),
  ports: fc.array(containerPort, { maxLength: 3 }),
});

const sel = fc.constantFrom(
  '{}',
  '{matchLabels: {app: a}}',
  '{matchLabels: {tier: db}}',
  '{matchExpressions: [{key: app, operator: NotIn, values: [b]}]}',
  '{matchExpressions: [{key: tier, operator: Exists}]}',
);
const nsSel = fc.constantFrom('{}', '{matchLabels: {env: prod}}', '{matchLabels: {kubernetes.io/metadata.name: "q"}}');
const peer = fc.oneof(
  sel.map((s) => `{podSelector: ${s}}`),
  nsSel.map((n) => `{namespaceSelector: ${n}}`),
  fc.tuple(nsSel, sel).map(([n, s]) => `{namespaceSelector: ${n}, podSelector: ${s}}`),
  fc.constantFrom('{ipBlock: {cidr: 10.0.0.0/29}}', '{ipBlock: {cidr: 10.0.0.0/24, except: [10.0.0.4/30]}}'),
);
const portEntry = fc.constantFrom(
  '{port: http}',
  '{protocol: UDP, port: http}',
  '{port: pg}',
  '{port: 80}',
  '{port: 80, endPort: 5432}',
  '{port: 5000, endPort: 9000}',
  '{protocol: UDP}',
  '{protocol: TCP, port: 8080}',
);
const rule = (dir: 'from' | 'to') =>
  fc
    .record({
      peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }),
      ports: fc.option(fc.array(portEntry, { maxLength: 3 }), { nil: undefined }),
    })
    .map(({ peers, ports }) => `{${[...(peers ? [`${dir}: [${peers.join(', ')}]`] : []), ...(ports ? [`ports: [${ports.join(', ')}]`] : [])].join(', ')}}`);
const policyArb = fc.record({
  ns: fc.constantFrom(...NS),
  sel,
  types: fc.constantFrom(undefined, '[Ingress]', '[Egress]', '[Ingress, Egress]'),
  ingress: fc.array(rule('from'), { maxLength: 2 }),
  egress: fc.array(rule('to'), { maxLength: 2 }),
});

type PodGen = { ns: string; app: Record<string, string>; tier: Record<string, string>; ports: { name?: string; port: number; protocol: string }[] };
type PolicyGen = { ns: string; sel: string; types?: string; ingress: string[]; egress: string[] };

function clusterYaml(env: boolean[], pods: PodGen[], policies: PolicyGen[]): string {
  const docs: string[] = NS.map((ns, i) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: "${ns}"\n  labels: {env: ${env[i] ? 'prod' : 'dev'}}\n`);
  pods.forEach((p, i) => {
    const ports = p.ports.map((c) => `{containerPort: ${c.port}, protocol: ${c.protocol}${c.name ? `, name: ${c.name}` : ''}}`).join(', ');
    docs.push(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: pod${i}\n  namespace: "${p.ns}"\n  labels: ${JSON.stringify({ ...p.app, ...p.tier })}\nspec:\n  containers: [{name: c, image: i, ports: [${ports}]}]\nstatus:\n  podIP: 10.0.0.${i + 1}\n`,
    );
  });
  policies.forEach((p, i) => {
    const spec = [
      `podSelector: ${p.sel}`,
      ...(p.types ? [`policyTypes: ${p.types}`] : []),
      ...(p.ingress.length ? [`ingress: [${p.ingress.join(', ')}]`] : []),
      ...(p.egress.length ? [`egress: [${p.egress.join(', ')}]`] : []),
    ];
    docs.push(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: np${i}\n  namespace: "${p.ns}"\nspec:\n${spec.map((l) => `  ${l}\n`).join('')}`,
    );
  });
  return docs.join('---\n');
}

const PROBES = [1, 80, 81, 5432, 5433, 8080, 9000, 9001];

describe('connection sets on generated clusters', () => {
  it('the class matrix equals the one-pair answer and the single-port matrix, on every pair', () => {
    fc.assert(
      fc.property(
        fc.array(fc.boolean(), { minLength: 3, maxLength: 3 }),
        fc.array(podArb, { minLength: 1, maxLength: 10 }),
        fc.array(policyArb, { maxLength: 5 }),
        fc.array(fc.boolean(), { minLength: 1, maxLength: 4 }),
        (env, pods, policies, pick) => {
          const ws = new Workspace(defaultConfig());
          ws.update('cluster.yaml', clusterYaml(env, pods, policies));
          const engine = new Connectivity(ws.cluster());
          const all = engine.cluster.pods;
          assert.equal(all.length, pods.length);
          const m = engine.connections();
          // some sources only: their rows as in the whole matrix, and no answer for the others
          const sources = all.map((_p, i) => i).filter((i) => pick[i % pick.length]);
          const part = new Connectivity(engine.cluster).connectionsFrom(sources);
          for (let i = 0; i < all.length; i++) {
            if (!part.hasSource(i)) {
              // (a pod to itself needs no row: it is always all)
              if (all.length > 1) assert.throws(() => part.get(i, (i + 1) % all.length), /not computed/);
              continue;
            }
            for (let j = 0; j < all.length; j++) assert.ok(part.get(i, j).equals(m.get(i, j)), `from ${all[i].id} only: ${all[i].id} -> ${all[j].id}`);
          }
          for (const i of sources) assert.ok(part.hasSource(i));
          for (let i = 0; i < all.length; i++)
            for (let j = 0; j < all.length; j++) {
              const direct = engine.connectionsBetween(all[i], all[j]).allowed;
              assert.ok(m.get(i, j).equals(direct), `${all[i].id} -> ${all[j].id}: class matrix ${m.get(i, j)}, one pair ${direct}`);
            }
          for (const protocol of PROTOCOLS)
            for (const port of PROBES) {
              const single = engine.matrix(port, protocol);
              // the matrix is a read of the sets: the bit-set computation it replaced is the independent answer
              assert.deepEqual(single.rows, bitSetMatrix(engine.cluster, port, protocol), `${protocol} ${port}`);
              for (let i = 0; i < all.length; i++)
                for (let j = 0; j < all.length; j++)
                  assert.equal(
                    m.get(i, j).contains(port, protocol),
                    single.rows[i][j] === 1,
                    `${all[i].id} -> ${all[j].id} ${protocol} ${port}: ${m.get(i, j)}`,
                  );
            }
        },
      ),
      { numRuns: 150, seed: 20261204 },
    );
  });
});
