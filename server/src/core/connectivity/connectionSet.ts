/**
 * A set of connections: per protocol (TCP, UDP, SCTP) the destination ports allowed, as a
 * normalised list of disjoint, non-adjacent, sorted inclusive ranges within 1..65535. "all" and
 * "none" are the full and the empty value, not special cases. Immutable: every operation returns a
 * new value (or one of its operands, when that is the answer). Normalised, so two sets are equal
 * exactly when their ranges are equal, and `toString()` is a canonical key.
 */
import type { PortProtocol } from '../model/inventory';

export const PROTOCOLS: readonly PortProtocol[] = ['TCP', 'UDP', 'SCTP'];
export const MIN_PORT = 1;
export const MAX_PORT = 65535;

/** An inclusive port range [start, end], start ≤ end. */
export type PortRange = readonly [number, number];

/** The JSON form: `"all"`, or each protocol with ports (in TCP, UDP, SCTP order; `[]` is none). */
export type ConnectionSetJson = 'all' | { protocol: PortProtocol; ports: [number, number][] }[];

/** Flat [start0, end0, start1, end1, …], sorted, disjoint and non-adjacent. */
type Flat = readonly number[];

const EMPTY: Flat = [];
const FULL: Flat = [MIN_PORT, MAX_PORT];

function isFull(f: Flat): boolean {
  return f.length === 2 && f[0] === MIN_PORT && f[1] === MAX_PORT;
}

function sameFlat(a: Flat, b: Flat): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Appends [s, e] to a normalised list being built in order of start, merging overlap and adjacency. */
function push(out: number[], s: number, e: number): void {
  const n = out.length;
  if (n > 0 && s <= out[n - 1] + 1) {
    if (e > out[n - 1]) out[n - 1] = e;
  } else out.push(s, e);
}

function unionFlat(a: Flat, b: Flat): Flat {
  if (a.length === 0 || isFull(b)) return b;
  if (b.length === 0 || isFull(a)) return a;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    if (j >= b.length || (i < a.length && a[i] <= b[j])) {
      push(out, a[i], a[i + 1]);
      i += 2;
    } else {
      push(out, b[j], b[j + 1]);
      j += 2;
    }
  }
  return sameFlat(out, a) ? a : sameFlat(out, b) ? b : out;
}

function intersectFlat(a: Flat, b: Flat): Flat {
  if (a.length === 0 || isFull(b)) return a;
  if (b.length === 0 || isFull(a)) return b;
  const out: number[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const s = Math.max(a[i], b[j]);
    const e = Math.min(a[i + 1], b[j + 1]);
    if (s <= e) out.push(s, e);
    if (a[i + 1] < b[j + 1]) i += 2;
    else j += 2;
  }
  return sameFlat(out, a) ? a : sameFlat(out, b) ? b : out;
}

function complementFlat(a: Flat): Flat {
  if (a.length === 0) return FULL;
  const out: number[] = [];
  let next = MIN_PORT;
  for (let i = 0; i < a.length; i += 2) {
    if (a[i] > next) out.push(next, a[i] - 1);
    next = a[i + 1] + 1;
  }
  if (next <= MAX_PORT) out.push(next, MAX_PORT);
  return out;
}

function containsFlat(a: Flat, port: number): boolean {
  // binary search over the range starts
  let lo = 0;
  let hi = a.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    if (port < a[2 * mid]) hi = mid - 1;
    else if (port > a[2 * mid + 1]) lo = mid + 1;
    else return true;
  }
  return false;
}

function printFlat(a: Flat): string {
  const parts: string[] = [];
  for (let i = 0; i < a.length; i += 2) parts.push(a[i] === a[i + 1] ? String(a[i]) : `${a[i]}-${a[i + 1]}`);
  return parts.join(',');
}

export class ConnectionSet {
  static readonly NONE = new ConnectionSet(EMPTY, EMPTY, EMPTY);
  static readonly ALL = new ConnectionSet(FULL, FULL, FULL);

  private text: string | undefined;

  private constructor(
    private readonly tcp: Flat,
    private readonly udp: Flat,
    private readonly sctp: Flat,
  ) {}

  private static make(tcp: Flat, udp: Flat, sctp: Flat): ConnectionSet {
    if (tcp.length === 0 && udp.length === 0 && sctp.length === 0) return ConnectionSet.NONE;
    if (isFull(tcp) && isFull(udp) && isFull(sctp)) return ConnectionSet.ALL;
    return new ConnectionSet(tcp, udp, sctp);
  }

  /**
   * The ports start..end of one protocol, clipped to 1..65535 (non-integer bounds rounded inwards);
   * none when nothing is left (start > end, or wholly outside).
   */
  static range(protocol: PortProtocol, start: number, end = start): ConnectionSet {
    const s = Math.max(MIN_PORT, Math.ceil(start));
    const e = Math.min(MAX_PORT, Math.floor(end));
    if (!(s <= e)) return ConnectionSet.NONE;
    const f: Flat = [s, e];
    return ConnectionSet.make(protocol === 'TCP' ? f : EMPTY, protocol === 'UDP' ? f : EMPTY, protocol === 'SCTP' ? f : EMPTY);
  }

  /** Every port of one protocol. */
  static protocol(protocol: PortProtocol): ConnectionSet {
    return ConnectionSet.range(protocol, MIN_PORT, MAX_PORT);
  }

  /** Reads the JSON form back; undefined when it is not one (unknown protocol, bad range, not sorted is fine). */
  static fromJson(json: unknown): ConnectionSet | undefined {
    if (json === 'all') return ConnectionSet.ALL;
    if (!Array.isArray(json)) return undefined;
    let out = ConnectionSet.NONE;
    for (const item of json) {
      if (typeof item !== 'object' || item === null || !PROTOCOLS.includes(item.protocol) || !Array.isArray(item.ports)) return undefined;
      for (const r of item.ports) {
        if (!Array.isArray(r) || r.length !== 2 || !r.every((p) => Number.isInteger(p) && p >= MIN_PORT && p <= MAX_PORT) || r[0] > r[1]) return undefined;
        out = out.union(ConnectionSet.range(item.protocol, r[0], r[1]));
      }
    }
    return out;
  }

  /** Reads the printed form back (`TCP 80,8080-8090; UDP 53`, `all`, `none`); undefined when it is not one. */
  static parse(text: string): ConnectionSet | undefined {
    const t = text.trim();
    if (t === 'all') return ConnectionSet.ALL;
    if (t === 'none') return ConnectionSet.NONE;
    let out = ConnectionSet.NONE;
    for (const part of t.split(';')) {
      const m = /^\s*(TCP|UDP|SCTP) (\d+(?:-\d+)?(?:,\d+(?:-\d+)?)*)\s*$/.exec(part);
      if (!m) return undefined;
      for (const r of m[2].split(',')) {
        const [s, e = s] = r.split('-').map(Number);
        if (s < MIN_PORT || e > MAX_PORT || s > e) return undefined;
        out = out.union(ConnectionSet.range(m[1] as PortProtocol, s, e));
      }
    }
    return out;
  }

  /** The ranges of one protocol, sorted, disjoint and non-adjacent. */
  ranges(protocol: PortProtocol): PortRange[] {
    const f = this.flat(protocol);
    const out: PortRange[] = [];
    for (let i = 0; i < f.length; i += 2) out.push([f[i], f[i + 1]]);
    return out;
  }

  private flat(protocol: PortProtocol): Flat {
    return protocol === 'TCP' ? this.tcp : protocol === 'UDP' ? this.udp : this.sctp;
  }

  isEmpty(): boolean {
    return this === ConnectionSet.NONE;
  }

  isAll(): boolean {
    return this === ConnectionSet.ALL;
  }

  contains(port: number, protocol: PortProtocol): boolean {
    return containsFlat(this.flat(protocol), port);
  }

  union(other: ConnectionSet): ConnectionSet {
    if (this === other || other.isEmpty() || this.isAll()) return this;
    if (this.isEmpty() || other.isAll()) return other;
    return ConnectionSet.make(unionFlat(this.tcp, other.tcp), unionFlat(this.udp, other.udp), unionFlat(this.sctp, other.sctp));
  }

  intersect(other: ConnectionSet): ConnectionSet {
    if (this === other || this.isEmpty() || other.isAll()) return this;
    if (other.isEmpty() || this.isAll()) return other;
    return ConnectionSet.make(intersectFlat(this.tcp, other.tcp), intersectFlat(this.udp, other.udp), intersectFlat(this.sctp, other.sctp));
  }

  /** What this set has and `other` has not. */
  difference(other: ConnectionSet): ConnectionSet {
    if (other.isEmpty() || this.isEmpty()) return this;
    if (other.isAll() || this === other) return ConnectionSet.NONE;
    return ConnectionSet.make(
      intersectFlat(this.tcp, complementFlat(other.tcp)),
      intersectFlat(this.udp, complementFlat(other.udp)),
      intersectFlat(this.sctp, complementFlat(other.sctp)),
    );
  }

  equals(other: ConnectionSet): boolean {
    return this === other || (sameFlat(this.tcp, other.tcp) && sameFlat(this.udp, other.udp) && sameFlat(this.sctp, other.sctp));
  }

  /** `TCP 80,8080-8090; UDP 53`, `all` or `none`: protocols in TCP, UDP, SCTP order, each range once. */
  toString(): string {
    if (this.text !== undefined) return this.text;
    if (this.isAll()) return (this.text = 'all');
    if (this.isEmpty()) return (this.text = 'none');
    const parts: string[] = [];
    for (const p of PROTOCOLS) {
      const f = this.flat(p);
      if (f.length > 0) parts.push(`${p} ${printFlat(f)}`);
    }
    return (this.text = parts.join('; '));
  }

  toJSON(): ConnectionSetJson {
    if (this.isAll()) return 'all';
    const out: { protocol: PortProtocol; ports: [number, number][] }[] = [];
    for (const p of PROTOCOLS) {
      const ports = this.ranges(p) as [number, number][];
      if (ports.length > 0) out.push({ protocol: p, ports });
    }
    return out;
  }
}
