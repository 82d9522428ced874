/**
 * Address patterns of `reach --from` / `--to`: a CIDR (`10.0.0.0/8`), an address (`8.8.8.8`) or a
 * range `first-last` of one family (`10.0.0.0-10.0.255.255`), read strictly; anything else is a
 * pod pattern.
 */
import { parseCidr } from '../core/analysis/cidr';
import { type AddressRange, cidrRange } from '../core/connectivity/addressRanges';
import { UsageError } from './files';

/** One address as a one-address range, strictly (four decimal parts, or IPv6 with colons). */
function addressRange(text: string): AddressRange | undefined {
  const cidr = parseCidr(`${text}/${text.includes(':') ? 128 : 32}`);
  return cidr && cidrRange(cidr);
}

/**
 * The addresses a pattern names (a CIDR, an address, or `first-last` of one family), undefined for
 * a pattern that is no address (a pod pattern); a malformed one is a usage error.
 */
export function addressPattern(pattern: string, flag: string): AddressRange | undefined {
  if (pattern.includes('/')) {
    const cidr = /^[0-9a-fA-F:.]+\/\d+$/.test(pattern) ? parseCidr(pattern) : undefined;
    if (!cidr && /^[0-9.]+\/|:.*\//.test(pattern)) throw new UsageError(`${flag} '${pattern}' is not a CIDR such as 10.0.0.0/8 or fd00::/8`);
    return cidr && cidrRange(cidr);
  }
  const dash = pattern.indexOf('-');
  if (dash > 0 && /^[0-9a-fA-F:.]*[.:][0-9a-fA-F:.]*-[0-9a-fA-F:.]*[.:][0-9a-fA-F:.]*$/.test(pattern)) {
    const first = addressRange(pattern.slice(0, dash));
    const last = addressRange(pattern.slice(dash + 1));
    if (!first || !last || first.family !== last.family || first.first > last.first)
      throw new UsageError(`${flag} '${pattern}' is not an address range first-last of one family, such as 10.0.0.0-10.255.255.255`);
    return { family: first.family, first: first.first, last: last.last };
  }
  return /^[0-9.]+$|:/.test(pattern) ? (addressRange(pattern) ?? badAddress(pattern, flag)) : undefined;
}

function badAddress(pattern: string, flag: string): never {
  throw new UsageError(`${flag} '${pattern}' is not an IP address, a CIDR or an address range`);
}
