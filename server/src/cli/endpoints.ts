/**
 * The endpoints of `reach` without `--port`: pods, and external address ranges (`first-last`, the
 * ranges the workspace's ipBlocks cut the IPv4 and IPv6 spaces into). `--from` / `--to` take pod
 * patterns (as for the matrix) and address patterns: a CIDR (`10.0.0.0/8`), an address
 * (`8.8.8.8`) or a range (`10.0.0.0-10.0.255.255`), which choose every external range that
 * overlaps it (all addresses of a range are alike to every policy, so a range that overlaps is
 * the answer for the addresses asked about). Without the flag, every pod and every range.
 */
import type { ExternalRange, Pod } from '../core/index';
import { rangeCidrs } from '../core/index';
import { addressPattern } from './addresses';
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
