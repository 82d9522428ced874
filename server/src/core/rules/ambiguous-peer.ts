import { addMapEntry, removeSeqItem } from '../edit/yamlEdits';
import { fixIf } from '../edit/fixes';
import type { Report } from '../findings';
import { asSeq, toPlain } from '../model/located';
import type { PeerModel } from '../model/networkPolicy';
import { allRules, peerPath } from './paths';
import type { PolicyRule } from './types';

const nsOnly = (x: PeerModel) => x.namespaceSelector && !x.podSelector && !x.ipBlock;
const podOnly = (x: PeerModel) => x.podSelector && !x.namespaceSelector && !x.ipBlock;

export const ambiguousPeer: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'ambiguous-peer',
    defaultSeverity: 'warning',
    category: 'B',
    description: 'A namespaceSelector-only peer next to a podSelector-only peer: two peers are OR, usually meant as one AND peer.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const rule of allRules(p)) {
      const peers = rule.peers ?? [];
      const ns = peers.find(nsOnly);
      const pod = peers.find(podOnly);
      const seq = asSeq(rule.peersEntry?.value);
      if (!ns || !pod || !seq || !ns.map) continue;
      const key = rule.direction === 'Ingress' ? 'from' : 'to';
      out.push({
        message: `Two peers, so OR: this namespaceSelector and ${key}[${pod.index}] admit every pod of the selected namespaces, or the selected pods of this namespace. For "these pods in those namespaces", put both selectors in one peer.`,
        path: peerPath(p, rule, ns),
        span: ns.namespaceSelector!.entry.keySpan,
        fixes: fixIf(
          'Merge into one peer (namespaceSelector AND podSelector)',
          [addMapEntry(ctx.source, ns.map, 'podSelector', toPlain(pod.podSelector!.entry.value)), removeSeqItem(ctx.source, seq, pod.node)],
          true,
        ),
      });
    }
    return out;
  },
};
