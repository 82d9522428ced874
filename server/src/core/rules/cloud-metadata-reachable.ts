import { cidrContains, parseIp } from '../analysis/cidr';
import { addMapEntry, appendSeqItems } from '../edit/yamlEdits';
import type { Report } from '../findings';
import { asMap, asSeq, getEntry } from '../model/located';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const METADATA_IP = '169.254.169.254';
const METADATA_ADDRESS = parseIp(METADATA_IP);

export const cloudMetadataReachable: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'cloud-metadata-reachable',
    fixAll: true,
    defaultSeverity: 'warning',
    category: 'B',
    description: 'An egress ipBlock wider than /32 that contains the cloud metadata address 169.254.169.254 without excepting it.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { rule, peer, path } of allPeers(p)) {
      if (rule.direction !== 'Egress' || !peer.ipBlock?.cidr) continue;
      const cidr = peer.ipBlock.cidr.parsed;
      // an explicit /32 to the metadata address is deliberate (GKE Workload Identity needs it)
      if (!cidr || !cidrContains(cidr, METADATA_ADDRESS) || cidr[1] === 32) continue;
      if (
        peer.ipBlock.except.some((e) => {
          return e.parsed !== undefined && cidrContains(e.parsed, METADATA_ADDRESS);
        })
      )
        continue;
      const map = asMap(peer.ipBlock.entry.value);
      const exceptSeq = asSeq(getEntry(map, 'except')?.value);
      const edit = exceptSeq
        ? appendSeqItems(ctx.source, exceptSeq, [`${METADATA_IP}/32`])
        : map
          ? addMapEntry(ctx.source, map, 'except', [`${METADATA_IP}/32`])
          : undefined;
      out.push({
        message: `Cloud metadata reachable: ${peer.ipBlock.cidr.value} includes ${METADATA_IP}, the cloud metadata service, where a compromised pod can read node credentials. Except it.`,
        path: `${path}.ipBlock`,
        span: peer.ipBlock.cidr.node.span,
        fixes: edit ? [{ title: `Add ${METADATA_IP}/32 to except`, edits: [edit], preferred: true }] : undefined,
      });
    }
    return out;
  },
};
