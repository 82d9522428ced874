import { insertSeqItemAfter, removeEntry } from '../edit/yamlEdits';
import type { Report } from '../findings';
import { asSeq, toPlain } from '../model/located';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const ipblockWithSelector: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'ipblock-with-selector',
    defaultSeverity: 'error',
    category: 'A',
    description: 'A peer with an ipBlock and a selector: "may not specify both ipBlock and another peer".',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const { rule, peer, path } of allPeers(p)) {
      if (!peer.ipBlock || !(peer.podSelector || peer.namespaceSelector) || !peer.map) continue;
      const seq = asSeq(rule.peersEntry?.value);
      out.push({
        message: 'Both ipBlock and a selector in one peer: may not specify both ipBlock and another peer; to allow either, make them two peers.',
        path,
        span: peer.ipBlock.entry.keySpan,
        fixes: seq
          ? [
              {
                title: 'Split into two peers (the ipBlock, and the selectors)',
                edits: [
                  removeEntry(ctx.source, peer.map, peer.ipBlock.entry),
                  insertSeqItemAfter(ctx.source, seq, peer.node, { ipBlock: toPlain(peer.ipBlock.entry.value) }),
                ],
                preferred: true,
              },
            ]
          : undefined,
      });
    }
    return out;
  },
};
