/** IP/CIDR helpers on top of ipaddr.js (no hand-written address parsing). */
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];
export type IpAddress = ipaddr.IPv4 | ipaddr.IPv6;

/** Parses a CIDR leniently (as old API servers stored it); undefined when it is not a CIDR at all. */
export function parseCidr(text: string): Cidr | undefined {
  try {
    return ipaddr.parseCIDR(text.trim());
  } catch {
    return undefined;
  }
}

/**
 * Why a CIDR is invalid under the API server's strict validation, or undefined when it is valid
 * (host bits set is not invalid here: see `non-canonical-cidr`). `parsed` is `parseCidr(text)`.
 */
export function cidrProblem({ value: text, parsed }: { value: string; parsed: Cidr | undefined }): string | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return 'must be a CIDR: an address with a prefix length, such as 10.0.0.0/16';
  const addr = text.slice(0, slash);
  const bits = text.slice(slash + 1);
  if (!/^(0|[1-9][0-9]*)$/.test(bits)) return `the prefix length "${bits}" is not a number without leading zeros`;
  const isV6 = addr.includes(':');
  if (!isV6 && !ipaddr.IPv4.isValidFourPartDecimal(addr)) return `"${addr}" is not an IPv4 address of four decimal parts without leading zeros`;
  if (isV6 && !ipaddr.IPv6.isValid(addr)) return `"${addr}" is not an IPv6 address`;
  const max = isV6 ? 128 : 32;
  if (Number(bits) > max) return `the prefix length ${bits} is longer than ${max}`;
  if (!parsed) return 'is not a valid CIDR';
  if (parsed[0].kind() === 'ipv6' && (parsed[0] as ipaddr.IPv6).isIPv4MappedAddress()) return 'IPv4-mapped IPv6 addresses are not allowed; use the IPv4 form';
  return undefined;
}

/** The network address form of a CIDR (`10.0.0.5/24` -> `10.0.0.0/24`), or undefined if it already is. */
export function canonicalCidr(cidr: Cidr): string | undefined {
  const [addr, bits] = cidr;
  const network =
    addr.kind() === 'ipv4'
      ? ipaddr.IPv4.networkAddressFromCIDR(`${addr.toString()}/${bits}`)
      : ipaddr.IPv6.networkAddressFromCIDR(`${addr.toString()}/${bits}`);
  return network.toString() === addr.toString() ? undefined : `${network.toString()}/${bits}`;
}

/** Is `inner` a strict subset of `outer` (same family, longer prefix, inside)? */
export function isStrictSubset(inner: Cidr, outer: Cidr): boolean {
  if (inner[0].kind() !== outer[0].kind()) return false;
  return inner[1] > outer[1] && inner[0].match(outer);
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
