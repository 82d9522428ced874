/**
 * The connection-set value type against a naive model: one bit per (protocol, port). Every
 * operation, the printed form and the JSON form must agree with the model on random sets whose
 * ranges overlap, touch and reach the ends of the port space.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { ConnectionSet, PROTOCOLS } from '../../server/src/core/connectivity/connectionSet';
import type { PortProtocol } from '../../server/src/core/index';

const SIZE = 65536;
type Bits = Record<PortProtocol, Uint8Array>;

const emptyBits = (): Bits => ({ TCP: new Uint8Array(SIZE), UDP: new Uint8Array(SIZE), SCTP: new Uint8Array(SIZE) });

type Piece = { protocol: PortProtocol; start: number; end: number };

/** Ports near each other (so ranges overlap and touch), and the ends of the space. */
const portArb = fc.oneof(fc.integer({ min: 1, max: 40 }), fc.integer({ min: 65500, max: 65535 }), fc.integer({ min: 1, max: 65535 }));
const pieceArb: fc.Arbitrary<Piece> = fc
  .record({ protocol: fc.constantFrom(...PROTOCOLS), a: portArb, b: portArb, whole: fc.boolean() })
  .map(({ protocol, a, b, whole }) => (whole && a % 7 === 0 ? { protocol, start: 1, end: 65535 } : { protocol, start: Math.min(a, b), end: Math.max(a, b) }));
const setArb = fc.array(pieceArb, { maxLength: 6 });

function build(pieces: Piece[]): { set: ConnectionSet; bits: Bits } {
  const bits = emptyBits();
  let set = ConnectionSet.NONE;
  for (const p of pieces) {
    set = set.union(ConnectionSet.range(p.protocol, p.start, p.end));
    bits[p.protocol].fill(1, p.start, p.end + 1);
  }
  return { set, bits };
}

function rangesOf(bits: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let p = 1; p < SIZE; p++) {
    if (!bits[p]) continue;
    const s = p;
    while (p + 1 < SIZE && bits[p + 1]) p++;
    out.push([s, p]);
  }
  return out;
}

function assertModel(set: ConnectionSet, bits: Bits, what: string): void {
  for (const proto of PROTOCOLS) assert.deepEqual(set.ranges(proto), rangesOf(bits[proto]), `${what}: ${proto}`);
  const all = PROTOCOLS.every((p) => bits[p].subarray(1).every((b) => b === 1));
  const none = PROTOCOLS.every((p) => bits[p].every((b) => b === 0));
  assert.equal(set.isAll(), all, `${what}: isAll`);
  assert.equal(set.isEmpty(), none, `${what}: isEmpty`);
}

const combine = (a: Bits, b: Bits, f: (x: number, y: number) => number): Bits => {
  const out = emptyBits();
  for (const p of PROTOCOLS) for (let i = 1; i < SIZE; i++) out[p][i] = f(a[p][i], b[p][i]);
  return out;
};

describe('connection sets', () => {
  it('union, intersection and difference agree with a bit per port', () => {
    fc.assert(
      fc.property(setArb, setArb, (pa, pb) => {
        const a = build(pa);
        const b = build(pb);
        assertModel(a.set, a.bits, 'a');
        assertModel(
          a.set.union(b.set),
          combine(a.bits, b.bits, (x, y) => x | y),
          'a ∪ b',
        );
        assertModel(
          a.set.intersect(b.set),
          combine(a.bits, b.bits, (x, y) => x & y),
          'a ∩ b',
        );
        assertModel(
          a.set.difference(b.set),
          combine(a.bits, b.bits, (x, y) => x & (1 - y)),
          'a − b',
        );
        assertModel(
          b.set.difference(a.set),
          combine(a.bits, b.bits, (x, y) => y & (1 - x)),
          'b − a',
        );
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it('equality is equality of the ports, whatever order the pieces came in', () => {
    fc.assert(
      fc.property(setArb, setArb, (pa, pb) => {
        const a = build(pa);
        const b = build(pb);
        const same = PROTOCOLS.every((p) => a.bits[p].every((v, i) => v === b.bits[p][i]));
        assert.equal(a.set.equals(b.set), same);
        assert.equal(a.set.toString() === b.set.toString(), same, 'the printed form is canonical');
        assert.ok(a.set.equals(build([...pa].reverse()).set), 'order of union does not matter');
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it('contains(port, protocol) is the bit', () => {
    fc.assert(
      fc.property(setArb, fc.array(fc.tuple(portArb, fc.constantFrom(...PROTOCOLS)), { minLength: 1, maxLength: 20 }), (pa, probes) => {
        const a = build(pa);
        for (const [port, proto] of probes) assert.equal(a.set.contains(port, proto), a.bits[proto][port] === 1, `${proto} ${port} in ${a.set}`);
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it('the printed and the JSON form read back to the same set', () => {
    fc.assert(
      fc.property(setArb, (pa) => {
        const { set } = build(pa);
        assert.ok(ConnectionSet.parse(set.toString())?.equals(set), set.toString());
        const json = JSON.parse(JSON.stringify(set));
        assert.ok(ConnectionSet.fromJson(json)?.equals(set), JSON.stringify(json));
      }),
      { numRuns: 150, seed: 20261204 },
    );
  });

  it('prints `TCP 80,8080-8090; UDP 53`, `all` and `none`, and merges touching ranges', () => {
    const s = ConnectionSet.range('UDP', 53)
      .union(ConnectionSet.range('TCP', 8080, 8085))
      .union(ConnectionSet.range('TCP', 80))
      .union(ConnectionSet.range('TCP', 8086, 8090));
    assert.equal(s.toString(), 'TCP 80,8080-8090; UDP 53');
    assert.deepEqual(s.toJSON(), [
      {
        protocol: 'TCP',
        ports: [
          [80, 80],
          [8080, 8090],
        ],
      },
      { protocol: 'UDP', ports: [[53, 53]] },
    ]);
    assert.equal(ConnectionSet.ALL.toString(), 'all');
    assert.equal(JSON.stringify(ConnectionSet.ALL), '"all"');
    assert.equal(ConnectionSet.NONE.toString(), 'none');
    assert.deepEqual(ConnectionSet.NONE.toJSON(), []);
    const every = PROTOCOLS.reduce((acc, p) => acc.union(ConnectionSet.protocol(p)), ConnectionSet.NONE);
    assert.ok(every.isAll(), 'every port of every protocol is all');
    assert.equal(ConnectionSet.ALL.difference(ConnectionSet.protocol('SCTP')).toString(), 'TCP 1-65535; UDP 1-65535');
  });

  it('clips to 1-65535 and is empty for an inverted range', () => {
    assert.equal(ConnectionSet.range('TCP', 0, 70000).toString(), 'TCP 1-65535');
    assert.ok(ConnectionSet.range('TCP', 90, 80).isEmpty());
    assert.ok(ConnectionSet.range('TCP', 70000).isEmpty());
    assert.equal(ConnectionSet.range('TCP', 79.5, 81.5).toString(), 'TCP 80-81');
  });

  it('rejects what is not a printed or JSON form', () => {
    for (const bad of ['TCP', 'tcp 80', 'TCP 80-', 'TCP 0', 'TCP 70000', 'TCP 90-80', 'ICMP 1', 'TCP 80;'])
      assert.equal(ConnectionSet.parse(bad), undefined, bad);
    for (const bad of ['none', [{ protocol: 'ICMP', ports: [[1, 2]] }], [{ protocol: 'TCP', ports: [[2, 1]] }], [{ protocol: 'TCP', ports: [[0, 1]] }], {}])
      assert.equal(ConnectionSet.fromJson(bad), undefined, JSON.stringify(bad));
  });
});
