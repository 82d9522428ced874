/**
 * Properties of the connectivity engine on random policies over the x/y/z model: adding an
 * allow-only policy never removes a connection, a default deny removes every connection of its
 * namespace but self, and the one-pair explainer always agrees with the matrix.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { docs, engineFor, IDS, NAMESPACES, np, truthTable } from '../connectivityModel';
import { PROTOCOLS, type PortProtocol } from '../../server/src/core/index';
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

function policyGen(namespaces: fc.Arbitrary<string>, explicitTypes = false) {
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
      np(`p${p.n}`, p.ns, [
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
          fc.property(policyGen(fc.constant(ns), true), (extra) => {
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
