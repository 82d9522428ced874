/**
 * External endpoints: the disjoint address ranges that the workspace's ipBlocks cut the IPv4 and
 * IPv6 spaces into, so that traffic to and from outside the cluster can be paired like pods.
 *
 * Addresses are bigints (IPv4 in [0, 2^32), IPv6 in [0, 2^128)); a range is the closed interval
 * [first, last] of one family. CIDR texts are never read here: the model's `CidrValue.parsed`
 * (read by `parseCidr`, as the API server reads it) is the only input, so a non-canonical CIDR
 * (`10.0.0.1/8`) means its network (`10.0.0.0/8`), and an IPv4-mapped IPv6 CIDR
 * (`::ffff:10.0.0.0/104`) is a range of the IPv6 space, as the engine's `cidrContains` matches it.
 *
 * An ipBlock means `cidr` minus every `except` of the same family (so an `except` outside its
 * `cidr` changes nothing, and one equal to or around it leaves nothing: the API server rejects such
 * a policy, and except-not-in-cidr reports it); without a readable `cidr` it means no address. That
 * is exactly the set of pod addresses `peerMatches` admits for the peer.
 *
 * The partition is the coarsest cut into intervals in which every ipBlock is a union of whole
 * ranges: a range ends only where some ipBlock starts or ends, so two adjacent ranges are always
 * told apart by some ipBlock, and ranges no ipBlock reaches stay one range (with no ipBlock at all,
 * each family is one range). Ranges are printed as np-guard's netpol-analyzer prints external
 * endpoints, `first-last` (`0.0.0.0-9.255.255.255`, also for a range that is one CIDR);
 * `rangeCidrs` gives the minimal CIDR list of a range.
 */
import ipaddr from 'ipaddr.js';
import type { Cidr, IpAddress } from '../analysis/cidr';
import { type IpBlockModel, type NetworkPolicyModel, rulesOf } from '../model/networkPolicy';

export type Family = 'ipv4' | 'ipv6';

/** The closed interval [first, last] of addresses of one family (first <= last). */
export interface AddressRange {
  readonly family: Family;
  readonly first: bigint;
  readonly last: bigint;
}

/** A range of the partition: `id` is its index in `AddressPartition.ranges`. */
export interface ExternalRange extends AddressRange {
  readonly id: number;
  /** `first-last`, as netpol-analyzer prints an external endpoint; unique within a partition. */
  readonly name: string;
}

/** What the partition needs of an ipBlock: the parsed `cidr` and `except` entries (the model's `IpBlockModel` fits). */
export interface IpBlockInput {
  readonly cidr?: { readonly parsed: Cidr | undefined };
  readonly except: readonly { readonly parsed: Cidr | undefined }[];
}

const BITS: Readonly<Record<Family, number>> = { ipv4: 32, ipv6: 128 };
const MAX: Readonly<Record<Family, bigint>> = { ipv4: (1n << 32n) - 1n, ipv6: (1n << 128n) - 1n };
const FAMILIES: readonly Family[] = ['ipv4', 'ipv6'];

/** The whole address space of a family: 0.0.0.0/0 or ::/0. */
export function familySpace(family: Family): AddressRange {
  return { family, first: 0n, last: MAX[family] };
}

/** An address as a number (IPv4 in 32 bits, IPv6, IPv4-mapped ones included, in 128). */
export function addressValue(address: IpAddress): bigint {
  if (address.kind() === 'ipv4') {
    const [a, b, c, d] = (address as ipaddr.IPv4).octets;
    return BigInt(a * 0x1000000 + b * 0x10000 + c * 0x100 + d);
  }
  // one parse of 32 hex digits instead of sixteen bigint shifts
  return BigInt(`0x${(address as ipaddr.IPv6).parts.map((part) => part.toString(16).padStart(4, '0')).join('')}`);
}

/** The text of an address given as a number of its family (`10.0.0.0`, `fd00::`). */
export function addressText(family: Family, value: bigint): string {
  if (value < 0n || value > MAX[family]) throw new RangeError(`${value} is not an ${family === 'ipv4' ? 'IPv4' : 'IPv6'} address`);
  const bytes: number[] = new Array(BITS[family] / 8);
  for (let i = bytes.length - 1, v = value; i >= 0; i--, v >>= 8n) bytes[i] = Number(v & 0xffn);
  return ipaddr.fromByteArray(bytes).toString();
}

/** The range a CIDR means: its network address to its last address (host bits, as written, ignored). */
export function cidrRange([address, bits]: Cidr): AddressRange {
  const family: Family = address.kind();
  const hostBits = BigInt(BITS[family] - bits);
  const first = (addressValue(address) >> hostBits) << hostBits;
  return { family, first, last: first + (1n << hostBits) - 1n };
}

/** `first-last`, the form netpol-analyzer prints (`0.0.0.0-9.255.255.255`, `fd00::-fdff:ffff:…`). */
export function formatRange(range: AddressRange): string {
  return `${addressText(range.family, range.first)}-${addressText(range.family, range.last)}`;
}

/** The minimal list of CIDRs whose union is the range, in address order (`['0.0.0.0/5', '8.0.0.0/7']`). */
export function rangeCidrs(range: AddressRange): string[] {
  const bits = BITS[range.family];
  const out: string[] = [];
  for (let start = range.first; start <= range.last; ) {
    // the largest block aligned at `start` that ends within the range
    let size = 0;
    while (size < bits && ((start >> BigInt(size)) & 1n) === 0n && start + (1n << BigInt(size + 1)) - 1n <= range.last) size++;
    out.push(`${addressText(range.family, start)}/${bits - size}`);
    start += 1n << BigInt(size);
  }
  return out;
}

/**
 * The addresses an ipBlock admits, as sorted, disjoint, non-adjacent ranges: `cidr` minus each
 * `except` of the same family; none without a readable `cidr`. Unreadable `except` entries are
 * skipped, as the engine skips them.
 */
export function ipBlockRanges(block: IpBlockInput): AddressRange[] {
  const cidr = block.cidr?.parsed;
  if (!cidr) return [];
  const whole = cidrRange(cidr);
  const holes = block.except
    .flatMap((e) => (e.parsed ? [cidrRange(e.parsed)] : []))
    .filter((h) => h.family === whole.family && h.last >= whole.first && h.first <= whole.last)
    .sort((a, b) => compare(a.first, b.first));
  const out: AddressRange[] = [];
  let next = whole.first; // the first address not yet placed or cut
  let done = false; // `next` is past the end of the space (a hole reached its last address)
  for (const hole of holes) {
    if (done) break;
    if (hole.first > next) out.push({ family: whole.family, first: next, last: hole.first - 1n });
    if (hole.last >= next) {
      if (hole.last >= whole.last) done = true;
      else next = hole.last + 1n;
    }
  }
  if (!done) out.push({ family: whole.family, first: next, last: whole.last });
  return out;
}

/** Every ipBlock peer of the policies, ingress and egress, in order. */
export function policyIpBlocks(policies: Iterable<NetworkPolicyModel>): IpBlockModel[] {
  const out: IpBlockModel[] = [];
  for (const p of policies)
    for (const d of ['Ingress', 'Egress'] as const)
      for (const rule of rulesOf(p, d)) for (const peer of rule.peers ?? []) if (peer.ipBlock) out.push(peer.ipBlock);
  return out;
}

/** The external endpoints of a workspace, built once from all its ipBlocks. */
export interface AddressPartition {
  /** Every range, IPv4 first, each family in address order; together they cover both spaces exactly once. */
  readonly ranges: readonly ExternalRange[];
  /** The ids of the ranges an ipBlock admits (ascending); the block must be one the partition was built from. */
  covering(block: IpBlockInput): number[];
  /** The same as runs of consecutive ids, `[firstId, lastId]`, one per interval of the block (no list as long as the partition). */
  coveringSpans(block: IpBlockInput): [number, number][];
  /** The id of the range an address lies in (a pod IP lies in some range: external endpoints are the rest of the space). */
  rangeOf(address: IpAddress): number;
}

function compare(a: bigint, b: bigint): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The index of the last entry of the ascending `starts` that is <= value (starts[0] is 0). */
function lastAtOrBelow(starts: readonly bigint[], value: bigint): number {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Cuts 0.0.0.0/0 and ::/0 at every start and end of every ipBlock's ranges. Ids and names depend
 * only on where the cuts are, not on the order of the blocks. Lookups are binary searches.
 */
export function partitionAddresses(blocks: Iterable<IpBlockInput>): AddressPartition {
  const cuts: Record<Family, bigint[]> = { ipv4: [0n], ipv6: [0n] };
  // each block's ranges, read once here and again only for a block from elsewhere (owned by this partition)
  const known = new Map<IpBlockInput, AddressRange[]>();
  for (const block of blocks) {
    let ranges = known.get(block);
    if (ranges) continue;
    known.set(block, (ranges = ipBlockRanges(block)));
    for (const r of ranges) {
      cuts[r.family].push(r.first);
      if (r.last < MAX[r.family]) cuts[r.family].push(r.last + 1n);
    }
  }
  const starts = {} as Record<Family, bigint[]>;
  const base = {} as Record<Family, number>;
  const ranges: ExternalRange[] = [];
  for (const family of FAMILIES) {
    const sorted = cuts[family].sort(compare);
    const unique = sorted.filter((v, i) => i === 0 || v !== sorted[i - 1]);
    starts[family] = unique;
    base[family] = ranges.length;
    unique.forEach((first, i) => {
      const last = i + 1 < unique.length ? unique[i + 1] - 1n : MAX[family];
      const range = { family, first, last };
      ranges.push({ ...range, id: ranges.length, name: formatRange(range) });
    });
  }
  const coveringSpans = (block: IpBlockInput): [number, number][] =>
    (known.get(block) ?? ipBlockRanges(block)).map((r) => {
      const s = starts[r.family];
      const i = lastAtOrBelow(s, r.first);
      const j = lastAtOrBelow(s, r.last);
      const endsAtCut = r.last === MAX[r.family] ? j === s.length - 1 : s[j + 1] === r.last + 1n;
      if (s[i] !== r.first || !endsAtCut) throw new Error(`the ipBlock range ${formatRange(r)} is not one the address partition was built from`);
      return [base[r.family] + i, base[r.family] + j];
    });
  return {
    ranges,
    coveringSpans,
    covering(block) {
      const out: number[] = [];
      for (const [from, to] of coveringSpans(block)) for (let id = from; id <= to; id++) out.push(id);
      return out;
    },
    rangeOf(address) {
      const family: Family = address.kind();
      return base[family] + lastAtOrBelow(starts[family], addressValue(address));
    },
  };
}
