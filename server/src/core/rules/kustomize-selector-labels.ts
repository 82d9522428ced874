/**
 * The kustomize label trap (kustomize issue 5912, open): `commonLabels`, and `labels[]` items with
 * `includeSelectors: true`, write their labels into every NetworkPolicy selector that has a
 * `matchLabels` map, the peers' `podSelector`s of `ingress[].from` and `egress[].to` included
 * (a peer with only `matchExpressions`, or `podSelector: {}`, is left alone). A peer then admits
 * only pods carrying the kustomization's labels: pods deployed by anything else, in another
 * namespace or the same one, silently lose access. And `spec.podSelector.matchLabels: {}` (every
 * pod) becomes "the pods with these labels". Read from the kustomization and its resource files.
 */
import type { Fix } from '../findings';
import type { KustomizationModel, SelectorLabels } from '../kustomize';
import { asMap, getEntry, type LMap } from '../model/located';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import { allPeers } from './paths';
import type { KustomizationRule } from './types';

/** What the labels would change in one policy. */
interface Narrowed {
  policy: NetworkPolicyModel;
  /** The peers whose podSelector gets the labels (field paths). */
  peers: string[];
  /** Of them, the peers in other namespaces (with a namespaceSelector): never pods of this kustomization. */
  elsewhere: number;
  /** spec.podSelector is `matchLabels: {}` (every pod), which the labels narrow. */
  allPods: boolean;
}

/** Does kustomize write labels into this selector (it has a `matchLabels` map, even an empty one)? */
function writesInto(selector: { map?: LMap } | undefined): boolean {
  return asMap(getEntry(selector?.map, 'matchLabels')?.value) !== undefined;
}

function narrowed(policy: NetworkPolicyModel): Narrowed | undefined {
  const peers: string[] = [];
  let elsewhere = 0;
  for (const { peer, path } of allPeers(policy)) {
    if (!writesInto(peer.podSelector)) continue;
    peers.push(path);
    if (peer.namespaceSelector) elsewhere++;
  }
  const sel = policy.spec?.podSelector;
  const allPods = writesInto(sel) && sel!.matchLabels.length === 0 && sel!.matchExpressions.length === 0;
  return peers.length > 0 || allPods ? { policy, peers, elsewhere, allPods } : undefined;
}

function policyName(p: NetworkPolicyModel): string {
  return `${p.namespace ? `${p.namespace.value}/` : ''}${p.name?.value ?? '(unnamed)'}`;
}

/** The fix that keeps the labels on the objects and out of the selectors. */
function fixOf(k: KustomizationModel, labels: SelectorLabels): Fix | undefined {
  const { text } = k;
  if (labels.source !== 'commonLabels') {
    const v = labels.entry.value;
    return {
      title: 'Set includeSelectors: false (the labels stay out of every selector; add includeTemplates: true to keep them on pod templates)',
      edits: [{ start: v.span.start, end: v.span.end, newText: 'false' }],
    };
  }
  // commonLabels -> a labels item without selectors: only when there is no labels key to merge with
  if (k.labelsEntry || k.root.flow) return undefined;
  const { start } = labels.entry.keySpan;
  const column = start - (text.lastIndexOf('\n', start - 1) + 1);
  if (column !== 0) return undefined;
  let end = labels.entry.span.end;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const pairs = labels.pairs.map((p) => `      ${text.slice(p.keySpan.start, p.keySpan.end)}: ${text.slice(p.valueSpan.start, p.valueSpan.end)}`);
  return {
    title: 'Replace commonLabels with labels (pairs, includeSelectors: false, includeTemplates: true)',
    edits: [{ start, end, newText: ['labels:', '  - pairs:', ...pairs, '    includeSelectors: false', '    includeTemplates: true'].join('\n') }],
  };
}

export const kustomizeSelectorLabels: KustomizationRule = {
  scope: 'kustomization',
  meta: {
    code: 'kustomize-selector-labels',
    defaultSeverity: 'warning',
    category: 'B',
    description:
      'commonLabels or labels[].includeSelectors: true in a kustomization adds its labels to the peer selectors of the NetworkPolicies it builds: pods from outside the kustomization lose access.',
  },
  check(k, policies) {
    const hits = policies.map(narrowed).filter((n): n is Narrowed => n !== undefined);
    if (hits.length === 0) return [];
    return k.selectorLabels.map((labels) => {
      const pairs = labels.pairs.map((p) => `${p.key}=${p.value}`).join(', ');
      const what = labels.source === 'commonLabels' ? 'commonLabels' : `labels[${labels.source}] (includeSelectors: true)`;
      const peers = hits.reduce((n, h) => n + h.peers.length, 0);
      const elsewhere = hits.reduce((n, h) => n + h.elsewhere, 0);
      const shown = hits
        .slice(0, 3)
        .map((h) => `${policyName(h.policy)}: ${[...(h.allPods ? ['spec.podSelector'] : []), ...h.peers.map((p) => `${p}.podSelector`)].join(', ')}`)
        .join('; ');
      const more = hits.length > 3 ? `; and ${hits.length - 3} more` : '';
      const parts: string[] = [];
      if (peers > 0)
        parts.push(
          `${peers === 1 ? 'that peer then admits' : `those ${peers} peers then admit`} only pods labelled ${pairs}, so pods deployed by anything else lose access` +
            (elsewhere > 0 ? ` (${elsewhere === 1 ? 'one peer is' : `${elsewhere} peers are`} in another namespace, never part of this kustomization)` : ''),
        );
      if (hits.some((h) => h.allPods)) parts.push(`a policy's own matchLabels: {} (every pod) then selects only the pods labelled ${pairs}`);
      const fix = fixOf(k, labels);
      return {
        message:
          `Kustomize labels in peer selectors: ${what} writes ${pairs} into the pod selectors of the NetworkPolicies this kustomization builds (${shown}${more}): ${parts.join('; and ')}. ` +
          'Keep the labels out of selectors: a labels item with includeSelectors: false (kustomize issue 5912).',
        span: labels.source === 'commonLabels' ? labels.entry.keySpan : labels.entry.span,
        ...(fix ? { fixes: [fix] } : {}),
      };
    });
  },
};
