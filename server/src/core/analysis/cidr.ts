/** IP/CIDR helpers on top of ipaddr.js (no hand-written address parsing). */
import ipaddr from 'ipaddr.js';

export type Cidr = [ipaddr.IPv4 | ipaddr.IPv6, number];

export function parseCidr(text: string): Cidr | undefined {
  try {
    return ipaddr.parseCIDR(text.trim());
  } catch {
    return undefined;
  }
}

export function cidrContainsIp(cidr: Cidr, ip: string): boolean {
  try {
    const addr = ipaddr.parse(ip);
    return addr.kind() === cidr[0].kind() && addr.match(cidr);
  } catch {
    return false;
  }
}

/** 0.0.0.0/0 or ::/0: every address of the family. */
export function isMatchAll(cidr: Cidr): boolean {
  return cidr[1] === 0;
}
