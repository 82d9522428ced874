import { NAMESPACE_NAME_LABEL } from '../config';
import type { Report } from '../findings';
import { allPeers } from './paths';
import type { PolicyRule } from './types';

export const crossNamespaceLabelTrust: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'cross-namespace-label-trust',
    defaultSeverity: 'warning',
    category: 'B',
    description: '`namespaceSelector: {}` with a podSelector: any tenant that can label its own pods gets in.',
  },
  check(p) {
    const out: Report[] = [];
    for (const { peer, path } of allPeers(p)) {
      const ns = peer.namespaceSelector;
      if (!ns?.isEmpty || !peer.podSelector) continue;
      const span = ns.entry.value.span.end > ns.entry.value.span.start ? ns.entry.value.span : ns.entry.keySpan;
      out.push({
        message: `Pods of every namespace match: the namespaceSelector is empty, so pods with these labels in any namespace get in, and any tenant can label its own pods. Name the namespaces with ${NAMESPACE_NAME_LABEL}.`,
        path: `${path}.namespaceSelector`,
        span,
        fixes: [
          {
            title: `Select namespaces by ${NAMESPACE_NAME_LABEL} (fill in the name)`,
            edits: [{ start: ns.entry.value.span.start, end: ns.entry.value.span.end, newText: `{ matchLabels: { ${NAMESPACE_NAME_LABEL}: CHANGE-ME } }` }],
          },
        ],
      });
    }
    return out;
  },
};
