/**
 * Properties of the connectivity engine on random policies over the x/y/z model: adding an
 * allow-only policy never removes a connection, a default deny removes every connection of its
 * namespace but self, and the one-pair explainer always agrees with the matrix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { docs, engineFor, IDS, NAMESPACES, np, truthTable } from '../connectivityModel';
import { Connectivity, defaultConfig, PROTOCOLS, Workspace, type PortProtocol } from '../../server/src/core/index';
import { selectsPod } from '../../server/src/core/connectivity/semantics';
import { bitSetMatrix } from '../singlePortOracle';

const podSel = fc.constantFrom(
  '{}',
  '{matchLabels: {pod: a}}',
  '{matchLabels: {pod: b}}',
  '{matchExpressions: [{key: pod, operator: In, values: [a, c]}]}',
  '{matchExpressions: [{key: pod, operator: NotIn, values: [b]}]}',
  '{matchExpressions: [{key: team, operator: DoesNotExist}]}',
  '{matchExpressions: [{key: pod, operator: Exists}]}',
);
const nsSel = fc.constantFrom(
  '{}',
  '{matchLabels: {ns: "x"}}',
  '{matchLabels: {kubernetes.io/metadata.name: "y"}}',
  '{matchExpressions: [{key: ns, operator: In, values: ["y", "z"]}]}',
);
const peer = fc.oneof(
  podSel.map((p) => `{podSelector: ${p}}`),
  nsSel.map((n) => `{namespaceSelector: ${n}}`),
  fc.tuple(nsSel, podSel).map(([n, p]) => `{namespaceSelector: ${n}, podSelector: ${p}}`),
  fc.constantFrom(
    '{ipBlock: {cidr: 10.0.0.0/8}}',
    '{ipBlock: {cidr: 10.2.0.0/16}}',
    '{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}',
    '{ipBlock: {cidr: 10.3.0.2/32}}',
  ),
);
const port = fc.constantFrom(
  '{port: 80}',
  '{protocol: UDP, port: 80}',
  '{port: serve-81-tcp}',
  '{protocol: TCP, port: 79, endPort: 81}',
  '{protocol: TCP}',
  '{protocol: UDP, port: serve-80-udp}',
  '{protocol: SCTP, port: 80, endPort: 90}',
  '{port: 81, endPort: 8080}',
  '{protocol: UDP}',
  '{port: serve-80-udp}',
);
const rule = (dir: 'from' | 'to') =>
  fc
    .record({ peers: fc.option(fc.array(peer, { maxLength: 2 }), { nil: undefined }), ports: fc.option(fc.array(port, { maxLength: 2 }), { nil: undefined }) })
    .map(({ peers, ports }) => {
      const parts = [...(peers ? [`${dir}: [${peers.join(', ')}]`] : []), ...(ports ? [`ports: [${ports.join(', ')}]`] : [])];
      return `{${parts.join(', ')}}`;
    });
const types = fc.constantFrom(undefined, '[Ingress]', '[Egress]', '[Ingress, Egress]');

/** Random policies named `${prefix}N`: two generators with different prefixes never name the same policy. */
function policyGen(namespaces: fc.Arbitrary<string>, explicitTypes = false, prefix = 'p') {
  return fc
    .record({
      ns: namespaces,
      sel: podSel,
      types: explicitTypes ? types.filter((t) => t !== undefined) : types,
      ingress: fc.array(rule('from'), { maxLength: 2 }),
      egress: fc.array(rule('to'), { maxLength: 2 }),
      n: fc.nat(1_000_000),
    })
    .map((p) =>
      np(`${prefix}${p.n}`, p.ns, [
        `podSelector: ${p.sel}`,
        ...(p.types ? [`policyTypes: ${p.types}`] : []),
        ...(p.ingress.length ? [`ingress: [${p.ingress.join(', ')}]`] : []),
        ...(p.egress.length ? [`egress: [${p.egress.join(', ')}]`] : []),
      ]),
    );
}

const PROBES: [number, PortProtocol][] = [
  [80, 'TCP'],
  [81, 'TCP'],
  [80, 'UDP'],
];
const denyAll = (ns: string) => np(`deny-all-${ns}`, ns, ['podSelector: {}', 'policyTypes: [Ingress, Egress]']);

describe('connectivity engine: properties', () => {
  it('adding an allow-only policy never removes an allowed connection', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMESPACES), fc.array(policyGen(fc.constantFrom(...NAMESPACES)), { maxLength: 4 }), fc.context(), (ns, base, ctx) => {
        // with a default deny in ns, every pod there is isolated both ways: a new policy in ns can only allow
        return fc.assert(
          // named apart from the base policies: a same-named one would replace a base policy, not add to it
          fc.property(policyGen(fc.constant(ns), true, 'extra-'), (extra) => {
            const before = engineFor(docs(denyAll(ns), ...base));
            const after = engineFor(docs(denyAll(ns), ...base, extra));
            for (const [p, proto] of PROBES) {
              const b = truthTable(before, p, proto);
              const a = truthTable(after, p, proto);
              ctx.log(`${proto} ${p}`);
              b.forEach((row, i) =>
                [...row].forEach(
                  (c, j) =>
                    c === 'X' && assert.equal(a[i][j], 'X', `${IDS[i]} -> ${IDS[j]} ${proto} ${p} was allowed, and the extra policy removed it:\n${extra}`),
                ),
              );
            }
          }),
          { numRuns: 3 },
        );
      }),
      { numRuns: 40, seed: 20261126 },
    );
  });

  it('a default deny removes every connection from or to its namespace, except a pod to itself', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAMESPACES), fc.array(policyGen(fc.constantFrom(...NAMESPACES)), { maxLength: 4 }), (ns, all) => {
        const others = all.filter((d) => !d.includes(`namespace: "${ns}"`));
        const before = engineFor(docs(...others));
        const after = engineFor(docs(...others, denyAll(ns)));
        for (const [p, proto] of PROBES) {
          const b = truthTable(before, p, proto);
          const a = truthTable(after, p, proto);
          IDS.forEach((from, i) =>
            IDS.forEach((to, j) => {
              const touches = from.startsWith(`${ns}/`) || to.startsWith(`${ns}/`);
              const want = i === j ? 'X' : touches ? '.' : b[i][j];
              assert.equal(a[i][j], want, `${from} -> ${to} ${proto} ${p}`);
            }),
          );
        }
      }),
      { numRuns: 60, seed: 20261126 },
    );
  });

  it('the single-port matrix (a read of the sets) agrees cell for cell with the bit-set computation it replaced', () => {
    const ports = [1, 53, 79, 80, 81, 82, 8080, 65535];
    fc.assert(
      fc.property(fc.array(policyGen(fc.constantFrom(...NAMESPACES)), { maxLength: 5 }), (all) => {
        const engine = engineFor(docs(...all));
        for (const proto of PROTOCOLS)
          for (const port of ports) {
            const m = engine.matrix(port, proto);
            const oracle = bitSetMatrix(engine.cluster, port, proto);
            IDS.forEach((from, i) => IDS.forEach((to, j) => assert.equal(m.rows[i][j], oracle[i][j], `${from} -> ${to} ${proto} ${port}`)));
          }
      }),
      { numRuns: 80, seed: 20261205 },
    );
  });

  it("a pair's connection set contains (P, Q) exactly when the single-port engine allows the pair", () => {
    const ports = [1, 53, 79, 80, 81, 82, 90, 91, 8080, 8081, 65535];
    fc.assert(
      fc.property(fc.array(policyGen(fc.constantFrom(...NAMESPACES)), { maxLength: 5 }), (all) => {
        const engine = engineFor(docs(...all));
        const sets = engine.connections();
        const pods = IDS.map((id) => engine.pod(id)!);
        IDS.forEach((from, i) =>
          IDS.forEach((to, j) => {
            const set = sets.get(i, j);
            // the class matrix and the one-pair answer straight from the policies agree
            const direct = engine.connectionsBetween(pods[i], pods[j]).allowed;
            assert.ok(set.equals(direct), `${from} -> ${to}: matrix ${set}, one pair ${direct}`);
          }),
        );
        for (const proto of PROTOCOLS)
          for (const port of ports) {
            const m = engine.matrix(port, proto);
            IDS.forEach((from, i) =>
              IDS.forEach((to, j) =>
                assert.equal(sets.get(i, j).contains(port, proto), m.rows[i][j] === 1, `${from} -> ${to} ${proto} ${port}: set ${sets.get(i, j)}`),
              ),
            );
          }
      }),
      { numRuns: 120, seed: 20261204 },
    );
  });
});

describe('connectivity engine: the selector index', () => {
  // pods with 0-3 labels from a small alphabet; selectors requiring one or two pairs, expressions, nothing
  const label = fc.tuple(fc.constantFrom('app', 'tier', 'k'), fc.constantFrom('a', 'b', 'c'));
  const pod = fc.record({ ns: fc.constantFrom('x', 'y'), labels: fc.array(label, { maxLength: 3 }), n: fc.nat(1_000_000) });
  const selector = fc.oneof(
    fc.constant('{}'),
    fc.array(label, { minLength: 1, maxLength: 2 }).map((ls) => `{matchLabels: {${ls.map(([k, v]) => `${k}: ${v}`).join(', ')}}}`),
    fc.tuple(label, label).map(([[k, v], [k2, v2]]) => `{matchLabels: {${k}: ${v}}, matchExpressions: [{key: ${k2}, operator: NotIn, values: [${v2}]}]}`),
    label.map(([k]) => `{matchExpressions: [{key: ${k}, operator: Exists}]}`),
    label.map(([k]) => `{matchLabels: {${k}: }}`),
  );
  const policy = fc.record({ ns: fc.constantFrom('x', 'y'), sel: selector, n: fc.nat(1_000_000) });

  it('finds exactly the policies a brute-force scan finds, in the same order, and the pods each selects', () => {
    fc.assert(
      fc.property(fc.array(pod, { maxLength: 8 }), fc.array(policy, { maxLength: 8 }), (pods, policies) => {
        const podDocs = pods.map(
          (p, i) =>
            `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p${i}-${p.n}\n  namespace: ${p.ns}\n  labels: {${p.labels.map(([k, v]) => `${k}: ${v}`).join(', ')}}\nspec:\n  containers: [{name: c, image: x}]\n`,
        );
        const policyDocs = policies.map((p, i) => np(`np${i}-${p.n}`, p.ns, [`podSelector: ${p.sel}`, 'policyTypes: [Ingress]']));
        const ws = new Workspace(defaultConfig());
        ws.update('pods.yaml', docs(...podDocs));
        ws.update('policies.yaml', docs(...policyDocs));
        const engine = new Connectivity(ws.cluster());
        const { pods: all, policies: cps } = engine.cluster;
        for (const p of all) {
          const brute = cps.filter((cp) => selectsPod(cp, p)).map((cp) => cp.id);
          assert.deepEqual(
            engine.policiesSelecting(p).map((cp) => cp.id),
            brute,
            `policies selecting ${p.id} ${JSON.stringify(p.labels)}`,
          );
        }
        for (const cp of cps) {
          assert.deepEqual(
            engine.podsSelectedBy(cp).map((p) => p.id),
            all.filter((p) => selectsPod(cp, p)).map((p) => p.id),
            `pods selected by ${cp.id}`,
          );
        }
      }),
      { numRuns: 300, seed: 21 },
    );
  });
});
