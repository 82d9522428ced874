/**
 * The endpoints of `reach` without `--port`: pods, and external address ranges (`first-last`, the
 * ranges the workspace's ipBlocks cut the IPv4 and IPv6 spaces into). `--from` / `--to` take pod
 * patterns (as for the matrix) and address patterns: a CIDR (`10.0.0.0/8`), an address
 * (`8.8.8.8`) or a range (`10.0.0.0-10.0.255.255`), which choose every external range that
 * overlaps it (all addresses of a range are alike to every policy, so a range that overlaps is
 * the answer for the addresses asked about). Without the flag, every pod and every range.
 */
import { parseCidr } from '../core/analysis/cidr';
import { type AddressRange, cidrRange } from '../core/connectivity/addressRanges';
import type { ExternalRange, Pod } from '../core/index';
import { rangeCidrs } from '../core/index';
import { UsageError } from './files';
import { selectPods } from './connectivity';

/** An endpoint of the JSON: what `from` and `to` name. */
export type EndpointJson =
  | {
      /** `<namespace>/<name>`, as the single-port matrix names pods. */
      id: string;
      kind: 'pod';
      namespace: string;
      name: string;
      /** Pod, Deployment, StatefulSet, … */
      workloadKind: string;
    }
  | {
      /** `first-last`, as netpol-analyzer names an external endpoint. */
      id: string;
      kind: 'external';
      family: 'ipv4' | 'ipv6';
      /** The range as the fewest CIDRs, in address order. */
      cidrs: string[];
    };

export function podEndpoint(p: Pod): EndpointJson {
  return { id: p.id, kind: 'pod', namespace: p.namespace, name: p.name, workloadKind: p.kind };
}

export function rangeEndpoint(r: ExternalRange): EndpointJson {
  return { id: r.name, kind: 'external', family: r.family, cidrs: rangeCidrs(r) };
}

/** The pods (indexes) and the external ranges (ids) one side of the answer covers. */
export interface Side {
  pods: number[];
  ranges: number[];
}

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

/** What `--from` or `--to` chooses: pod patterns name pods (none named is a usage error), address patterns the overlapping ranges. */
export function chooseSide(ids: readonly string[], ranges: readonly ExternalRange[], patterns: readonly string[] | undefined, flag: '--from' | '--to'): Side {
  if (patterns === undefined) return { pods: ids.map((_id, i) => i), ranges: ranges.map((r) => r.id) };
  const podPatterns: string[] = [];
  const chosen = new Uint8Array(ranges.length);
  for (const pattern of patterns) {
    const wanted = addressPattern(pattern, flag);
    if (!wanted) podPatterns.push(pattern);
    else for (const r of ranges) if (r.family === wanted.family && r.first <= wanted.last && wanted.first <= r.last) chosen[r.id] = 1;
  }
  return { pods: podPatterns.length > 0 ? selectPods(ids, podPatterns, flag) : [], ranges: ranges.filter((r) => chosen[r.id]).map((r) => r.id) };
}
