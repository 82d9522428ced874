import type { Report } from '../findings';
import { isNull } from '../model/located';
import { allPeers, visibleSpan } from './paths';
import type { PolicyRule } from './types';

export const emptyPeer: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'empty-peer',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A peer with none of podSelector, namespaceSelector, ipBlock (`from: [{}]`): "must specify a peer".',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { peer, path } of allPeers(p)) {
      // a map without any of them, or a bare `-` (null), which the API server decodes as the empty peer {}
      if (!(peer.node.kind === 'map' || isNull(peer.node)) || peer.podSelector || peer.namespaceSelector || peer.ipBlock) continue;
      out.push({
        message: `Empty peer: must specify a peer (podSelector, namespaceSelector or ipBlock); to allow every peer, leave out the whole \`${path.includes('.from[') ? 'from' : 'to'}\`.`,
        path,
        span: visibleSpan(peer.node.span, ctx.source.text),
      });
    }
    return out;
  },
};
