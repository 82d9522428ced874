/**
 * Pods' connection sets to and from external address ranges (#22): the set of a pod and a range
 * contains (P, Q) exactly when the single-port answer allows it for an address A of the range.
 * Two oracles: the single-port external verdict (`ExternalEndpoints.verdict`), for any policies;
 * and the pod-pair engine itself, with a pod at IP A that no selector can match (in a namespace no
 * policy lives in, with no labels and no ports), for policies whose namespaceSelectors name a
 * label that namespace lacks: then a pod there is admitted exactly where an outside address is.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIp } from '../../server/src/core/analysis/cidr';
import { addressText } from '../../server/src/core/connectivity/addressRanges';
import type { Pod } from '../../server/src/core/connectivity/cluster';
import { Connectivity, type PortProtocol } from '../../server/src/core/index';
import { docs, engineFor, IDS, NAMESPACES, np } from '../connectivityModel';

const PROBES: [number, PortProtocol][] = [
  [80, 'TCP'],
  [81, 'TCP'],
  [79, 'TCP'],
  [443, 'TCP'],
  [80, 'UDP'],
  [53, 'UDP'],
  [80, 'SCTP'],
];

const ipBlock = fc.constantFrom(
  '{ipBlock: {cidr: 10.0.0.0/8}}',
  '{ipBlock: {cidr: 10.1.0.0/16, except: [10.1.0.0/30]}}',
  '{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8, 192.168.0.0/16]}}',
  '{ipBlock: {cidr: 10.2.0.3/8}}',
  '{ipBlock: {cidr: "fd00::/8", except: ["fd00::/64"]}}',
  '{ipBlock: {cidr: "::/0"}}',
);
/** Selectors a pod in a namespace labelled only kubernetes.io/metadata.name cannot match from elsewhere. */
const narrowSelector = fc.constantFrom(
  '{podSelector: {}}',
  '{podSelector: {matchLabels: {pod: a}}}',
  '{namespaceSelector: {matchLabels: {ns: "y"}}}',
  '{namespaceSelector: {matchLabels: {ns: "z"}}, podSelector: {matchLabels: {pod: b}}}',
);
const anySelector = fc.oneof(narrowSelector, fc.constant('{namespaceSelector: {}}'));
const port = fc.constantFrom(
  '{port: 80}',
  '{protocol: UDP, port: 53}',
  '{port: 79, endPort: 81}',
  '{protocol: TCP}',
  '{port: serve-80-tcp}',
  '{protocol: UDP, port: serve-80-udp}',
);

function policies(selector: fc.Arbitrary<string>) {
  const peer = fc.oneof(ipBlock, selector);
  const rule = (dir: 'from' | 'to') =>
    fc
      .record({
        peers: fc.option(fc.array(peer, { maxLength: 3 }), { nil: undefined }),
        ports: fc.option(fc.array(port, { maxLength: 2 }), { nil: undefined }),
      })
      .map(({ peers, ports }) => `{${[...(peers ? [`${dir}: [${peers.join(', ')}]`] : []), ...(ports ? [`ports: [${ports.join(', ')}]`] : [])].join(', ')}}`);
  const policy = fc.record({
    ns: fc.constantFrom(...NAMESPACES),
    select: fc.constantFrom('{}', '{matchLabels: {pod: a}}', '{matchLabels: {pod: b}}'),
    types: fc.constantFrom('[Ingress]', '[Egress]', '[Ingress, Egress]'),
    ingress: fc.array(rule('from'), { maxLength: 2 }),
    egress: fc.array(rule('to'), { maxLength: 2 }),
  });
  return fc
    .array(policy, { maxLength: 4 })
    .map((list) =>
      docs(
        ...list.map((p, i) =>
          np(`p${i}`, p.ns, [`podSelector: ${p.select}`, `policyTypes: ${p.types}`, `ingress: [${p.ingress.join(', ')}]`, `egress: [${p.egress.join(', ')}]`]),
        ),
      ),
    );
}

/** Addresses of each range to probe: its first, its last and one between. */
function probeAddresses(first: bigint, last: bigint): bigint[] {
  return [...new Set([first, first + (last - first) / 2n, last])];
}

describe('connection sets with external ranges (fast-check)', () => {
  it('contain (P, Q) exactly when the single-port external verdict allows it at an address of the range', () => {
    fc.assert(
      fc.property(policies(anySelector), (text) => {
        const engine = engineFor(text);
        const matrix = engine.connections();
        const sets = engine.externalConnections(matrix);
        const ext = engine.externalEndpoints();
        const pods = engine.cluster.pods;
        for (const range of ext.ranges)
          for (const a of probeAddresses(range.first, range.last)) {
            const r = ext.partition.rangeOf(parseIp(addressText(range.family, a))!);
            assert.equal(r, range.id);
            pods.forEach((pod, i) => {
              for (const [p, q] of PROBES) {
                const out = sets.toRange(i, r);
                const into = sets.fromRange(r, i);
                assert.equal(out.contains(p, q), ext.verdict(pod, r, 'Egress', p, q).allowed, `${pod.id} -> ${range.name} ${q} ${p}: ${out}`);
                assert.equal(into.contains(p, q), ext.verdict(pod, r, 'Ingress', p, q).allowed, `${range.name} -> ${pod.id} ${q} ${p}: ${into}`);
              }
            });
          }
      }),
      { numRuns: 60, seed: 20261204 },
    );
  });

  it('contain (P, Q) exactly when the pod engine allows a pod at IP A that no selector matches', () => {
    fc.assert(
      fc.property(policies(narrowSelector), (text) => {
        const engine = engineFor(text);
        const sets = engine.externalConnections(engine.connections());
        const ext = engine.externalEndpoints();
        const cluster = engine.cluster;
        for (const range of ext.ranges)
          for (const a of probeAddresses(range.first, range.last)) {
            const ip = addressText(range.family, a);
            const stranger: Pod = {
              id: 'outside/stranger',
              namespace: 'outside',
              name: 'stranger',
              kind: 'Pod',
              labels: {},
              ports: [],
              ip,
              address: parseIp(ip),
            };
            const oracle = new Connectivity({ ...cluster, pods: [...cluster.pods, stranger] });
            cluster.pods.forEach((pod, i) => {
              for (const [p, q] of PROBES) {
                assert.equal(sets.toRange(i, range.id).contains(p, q), oracle.verdict(pod, stranger, p, q).allowed, `${pod.id} -> ${ip} ${q} ${p}`);
                assert.equal(sets.fromRange(range.id, i).contains(p, q), oracle.verdict(stranger, pod, p, q).allowed, `${ip} -> ${pod.id} ${q} ${p}`);
              }
            });
          }
      }),
      { numRuns: 60, seed: 22 },
    );
  });

  it('are the same read through the rows of some sources only (reach --from)', () => {
    fc.assert(
      fc.property(policies(anySelector), fc.integer({ min: 0, max: IDS.length - 1 }), (text, source) => {
        const engine = engineFor(text);
        const all = engine.externalConnections(engine.connections());
        const some = new Connectivity(engine.cluster);
        const part = some.externalConnections(some.connectionsFrom([source]));
        for (const range of all.ranges)
          for (let i = 0; i < IDS.length; i++) {
            assert.ok(part.toRange(i, range.id).equals(all.toRange(i, range.id)));
            assert.ok(part.fromRange(range.id, i).equals(all.fromRange(range.id, i)));
          }
      }),
      { numRuns: 30, seed: 7 },
    );
  });
});

describe('connection sets with external ranges: scenarios', () => {
  it('with no ipBlock, an unisolated pod is open to and from both IP spaces whole; an isolated one is not', () => {
    const engine = engineFor(np('deny', 'x', ['podSelector: {}', 'policyTypes: [Ingress, Egress]']));
    const sets = engine.externalConnections(engine.connections());
    assert.deepEqual(
      sets.ranges.map((r) => r.name),
      ['0.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    );
    const xa = IDS.indexOf('x/a');
    const ya = IDS.indexOf('y/a');
    assert.equal(sets.toRange(xa, 0).toString(), 'none');
    assert.equal(sets.fromRange(1, xa).toString(), 'none');
    assert.equal(sets.toRange(ya, 1).toString(), 'all');
    assert.equal(sets.fromRange(0, ya).toString(), 'all');
  });

  it('a named port admits from outside what the pod declares, and nothing to outside', () => {
    const engine = engineFor(
      np('named', 'x', [
        'podSelector: {matchLabels: {pod: a}}',
        'policyTypes: [Ingress, Egress]',
        'ingress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: serve-81-tcp}, {protocol: UDP, port: serve-80-udp}]}]',
        'egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}], ports: [{port: serve-81-tcp}, {port: 8080, endPort: 8090}]}]',
      ]),
    );
    const sets = engine.externalConnections(engine.connections());
    const xa = IDS.indexOf('x/a');
    assert.equal(sets.fromRange(0, xa).toString(), 'TCP 81; UDP 80');
    assert.equal(sets.toRange(xa, 0).toString(), 'TCP 8080-8090');
    assert.equal(sets.toRange(xa, 1).toString(), 'none', 'no IPv6 ipBlock');
  });
});
