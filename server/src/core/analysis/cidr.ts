/** IP/CIDR helpers on top of ipaddr.js (no hand-written address parsing). */
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** The address and prefix length of a CIDR text, split at its first "/" (undefined without one). */
function partsOf(text: string): { address: string; bits: string; v6: boolean } | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const address = text.slice(0, slash);
  return { address, bits: text.slice(slash + 1), v6: address.includes(':') };
}

const DIGITS = /^[0-9]+$/;

/**
 * Reads a CIDR as every API server version does (Go's net.ParseCIDR with leading zeros allowed and
 * read as decimal: `ParseCIDRSloppy`); undefined when no version accepts it: no prefix length, a bad
 * address, an IPv6 zone (`%eth0`), an IPv4 address not of four decimal parts, a prefix too long.
 */
export function parseCidr(text: string): Cidr | undefined {
  const parts = partsOf(text);
  if (!parts || !DIGITS.test(parts.bits)) return undefined;
  const bits = Number(parts.bits);
  if (parts.v6) {
    // ipaddr.js reads the deprecated IPv4-compatible form `::1.2.3.4` as IPv4-mapped (`::ffff:1.2.3.4`);
    // Go reads it as what it says, `::102:304`, as ipaddr.js reads the same address written `::0:1.2.3.4`
    const address = /^::[0-9]+(\.[0-9]+){3}$/.test(parts.address) ? `::0:${parts.address.slice(2)}` : parts.address;
    if (address.includes('%') || !ipaddr.IPv6.isValid(address) || bits > 128) return undefined;
    return [ipaddr.IPv6.parse(address), bits];
  }
  const octets = parts.address.split('.');
  if (octets.length !== 4 || !octets.every((o) => DIGITS.test(o) && Number(o) <= 255) || bits > 32) return undefined;
  // decimal, leading zeros and all (ipaddr.js alone would read "010" as octal)
  return [ipaddr.IPv4.parse(octets.map((o) => String(Number(o))).join('.')), bits];
}

/** Why no API server accepts a CIDR text that `parseCidr` rejects (after the API's "must be a valid CIDR value"). */
function unreadable(text: string): string {
  const parts = partsOf(text);
  if (!parts) return 'an address with a prefix length, such as 10.0.0.0/16';
  const { address, bits, v6 } = parts;
  if (!DIGITS.test(bits)) return `the prefix length "${bits}" is not a number`;
  if (v6 && address.includes('%')) return `"${address}" has an IPv6 zone, which a CIDR cannot have`;
  if (v6 && !ipaddr.IPv6.isValid(address)) return `"${address}" is not an IPv6 address`;
  if (!v6 && !/^[0-9]+(\.[0-9]+){3}$/.test(address)) return `"${address}" is not an IPv4 address of four decimal parts`;
  if (!v6 && address.split('.').some((o) => Number(o) > 255)) return `"${address}" is not an IPv4 address: each part is at most 255`;
  return `the prefix length ${bits} is longer than ${v6 ? 128 : 32}`;
}

/** A form of CIDR that every API server reads, but strict validation (Kubernetes 1.36+) rejects. */
export type NonStandardForm = 'leading-zeros' | 'ipv4-mapped' | 'host-bits';

/** The forms of `text` (read as `parsed`) that strict validation rejects, in that order. */
export function nonStandardForms(text: string, parsed: Cidr): NonStandardForm[] {
  const out: NonStandardForm[] = [];
  const parts = partsOf(text);
  const zeros = (n: string) => n.length > 1 && n.startsWith('0');
  if (parts && (zeros(parts.bits) || (!parts.v6 && parts.address.split('.').some(zeros)))) out.push('leading-zeros');
  if (isMapped(parsed)) out.push('ipv4-mapped');
  if (networkOf(parsed).toString() !== parsed[0].toString()) out.push('host-bits');
  return out;
}

function isMapped(cidr: Cidr): boolean {
  return cidr[0].kind() === 'ipv6' && (cidr[0] as ipaddr.IPv6).isIPv4MappedAddress();
}

function networkOf([addr, bits]: Cidr): ipaddr.IPv4 | ipaddr.IPv6 {
  return addr.kind() === 'ipv4'
    ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`)
    : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${bits}`);
}

/**
 * The network a CIDR means, written as the API server writes it back (Go's IPNet.String): the
 * network address, in IPv4 form for an IPv4-mapped address with a prefix of at least 96.
 */
export function canonicalCidr(cidr: Cidr): string {
  const network = networkOf(cidr);
  if (isMapped(cidr) && cidr[1] >= 96) return `${(network as ipaddr.IPv6).toIPv4Address().toString()}/${cidr[1] - 96}`;
  return `${network.toString()}/${cidr[1]}`;
}

const FORM_TEXT: Record<NonStandardForm, string> = {
  'leading-zeros': 'has leading zeros',
  'ipv4-mapped': 'is an IPv4-mapped IPv6 address',
  'host-bits': 'has host bits set',
};

/** How a CIDR's non-standard forms read in a message: "has leading zeros and has host bits set". */
export function formsText(forms: readonly NonStandardForm[]): string {
  const words = forms.map((f) => FORM_TEXT[f]);
  return words.length < 2 ? (words[0] ?? '') : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The API server's words for a form that strict validation rejects (IsValidCIDRForLegacyField). */
const STRICT_ERROR: Record<NonStandardForm, string> = {
  'leading-zeros': 'must not have leading 0s',
  'ipv4-mapped': 'must not have an IPv4-mapped IPv6 address',
  'host-bits': 'must not have bits set beyond the prefix length',
};

/**
 * Why an API server rejects a CIDR, in its words where it has them, or undefined when it accepts
 * it. With `strict` (Kubernetes 1.36+, strict IP/CIDR validation), the non-standard forms are
 * rejected too.
 */
export function cidrProblem({ value, parsed }: { value: string; parsed: Cidr | undefined }, strict: boolean): string | undefined {
  if (!parsed) return `must be a valid CIDR value: ${unreadable(value)}`;
  if (!strict) return undefined;
  const forms = nonStandardForms(value, parsed);
  if (forms.length === 0) return undefined;
  return `${forms.map((f) => STRICT_ERROR[f]).join('; ')} (it means ${canonicalCidr(parsed)}; strict validation, on by default from Kubernetes 1.36)`;
}

/**
 * Is `inner` a strict subset of `outer`, as the API server decides it for an `except` entry
 * (ValidateIPBlock): `outer` contains the network address of `inner` (Go's IPNet.Contains) and
 * `inner`'s prefix length, as written, is longer. Go reads a network whose address is IPv4-mapped
 * (`::ffff:10.0.0.0/104`) as IPv4 for the containment but compares the prefix lengths as written: so
 * `::ffff:10.1.0.0/112` is inside `10.0.0.0/8`, no IPv4 network is inside `::ffff:10.0.0.0/104`, and
 * no IPv4-mapped network is inside `::/0`. (Strict validation, 1.36+, rejects mapped forms anyway.)
 */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  if (inner[1] <= outer[1]) return false;
  const [address, outerAddress] = [goNetwork(inner), goNetwork(outer)];
  if (address.kind() !== outerAddress.kind()) return false;
  return address.match(outerAddress, goBits(outer));
}

/** The network address of a CIDR as Go compares it: IPv4 when it is IPv4-mapped. */
function goNetwork(cidr: Cidr): IpAddress {
  const network = networkOf(cidr);
  return network.kind() === 'ipv6' && (network as ipaddr.IPv6).isIPv4MappedAddress() ? (network as ipaddr.IPv6).toIPv4Address() : network;
}

/** The prefix length Go masks with in IPNet.Contains: of the IPv4 part for an IPv4-mapped network. */
function goBits(cidr: Cidr): number {
  return goNetwork(cidr).kind() !== cidr[0].kind() ? cidr[1] - 96 : cidr[1];
}

/** An IP address, or undefined when the text is not one. */
export function parseIp(ip: string): IpAddress | undefined {
  try {
    return ipaddr.parse(ip);
  } catch {
    return undefined;
  }
}

/** Is the address inside the CIDR (same family)? */
export function cidrContains(cidr: Cidr, addr: IpAddress | undefined): boolean {
  return addr !== undefined && addr.kind() === cidr[0].kind() && addr.match(cidr);
}

/** 0.0.0.0/0 or ::/0: every address of the family. */
export function isMatchAll(cidr: Cidr): boolean {
  return cidr[1] === 0;
}

/**
 * Why CEL's `isCIDR` (the Kubernetes CEL library: Go's netip.ParsePrefix, no zone) is false for a
 * text, or undefined when it is true. Unlike a NetworkPolicy's ipBlock, host bits set and an
 * IPv4-mapped address are accepted; leading zeros (in the address or the prefix length) are not.
 */
export function cidrProblemForCel(text: string): string | undefined {
  const parsed = parseCidr(text);
  if (!parsed) return unreadable(text);
  if (nonStandardForms(text, parsed).includes('leading-zeros')) return `"${text}" has leading zeros`;
  return undefined;
}
