import type { Report } from '../findings';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const emptyPeer: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'empty-peer',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A peer with none of podSelector, namespaceSelector, ipBlock (`from: [{}]`): "must specify a peer".',
  },
  check(p) {
    const out: Report[] = [];
    for (const { peer, path } of allPeers(p)) {
      if (peer.node.kind !== 'map' || peer.podSelector || peer.namespaceSelector || peer.ipBlock) continue;
      out.push({
        message: `${path}: Required value: must specify a peer (podSelector, namespaceSelector or ipBlock); to allow every peer, leave out the whole \`${path.includes('.from[') ? 'from' : 'to'}\`.`,
        span: peer.node.span,
      });
    }
    return out;
  },
};
