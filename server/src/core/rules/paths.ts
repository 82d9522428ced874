/** Field paths for messages (`spec.egress[0].ports[1].port`) and iteration helpers. */
import type { MetadataSite } from '../model/objectMeta';
import type { CidrValue, NetworkPolicyModel, PeerModel, PortModel, RuleModel, SelectorModel } from '../model/networkPolicy';
import type { Span } from '../text/span';

export function rulePath(p: NetworkPolicyModel, r: RuleModel): string {
  return `${p.pathPrefix}spec.${r.direction === 'Ingress' ? 'ingress' : 'egress'}[${r.index}]`;
}

export function portPath(p: NetworkPolicyModel, r: RuleModel, port: PortModel): string {
  return `${rulePath(p, r)}.ports[${port.index}]`;
}

export function* allRules(p: NetworkPolicyModel): Generator<RuleModel> {
  yield* p.spec?.ingress?.rules ?? [];
  yield* p.spec?.egress?.rules ?? [];
}

export function* allPorts(p: NetworkPolicyModel): Generator<{ rule: RuleModel; port: PortModel }> {
  for (const rule of allRules(p)) for (const port of rule.ports ?? []) yield { rule, port };
}

export function peerPath(p: NetworkPolicyModel, r: RuleModel, peer: PeerModel): string {
  return `${rulePath(p, r)}.${r.direction === 'Ingress' ? 'from' : 'to'}[${peer.index}]`;
}

export function* allPeers(p: NetworkPolicyModel): Generator<{ rule: RuleModel; peer: PeerModel; path: string }> {
  for (const rule of allRules(p)) for (const peer of rule.peers ?? []) yield { rule, peer, path: peerPath(p, rule, peer) };
}

/** Every label selector of the policy with its field path: spec.podSelector and the peers' selectors. */
export function* allSelectors(p: NetworkPolicyModel): Generator<{ selector: SelectorModel; path: string; kind: 'pod' | 'namespace' }> {
  if (p.spec?.podSelector) yield { selector: p.spec.podSelector, path: `${p.pathPrefix}spec.podSelector`, kind: 'pod' };
  for (const { peer, path } of allPeers(p)) {
    if (peer.podSelector) yield { selector: peer.podSelector, path: `${path}.podSelector`, kind: 'pod' };
    if (peer.namespaceSelector) yield { selector: peer.namespaceSelector, path: `${path}.namespaceSelector`, kind: 'namespace' };
  }
}

/** The CIDRs of every ipBlock (its `cidr`, then each `except`) with their field paths. */
export function* allCidrs(p: NetworkPolicyModel): Generator<{ path: string } & CidrValue> {
  for (const { peer, path } of allPeers(p)) {
    const ip = peer.ipBlock;
    if (!ip) continue;
    if (ip.cidr && ip.cidr.value !== '') yield { path: `${path}.ipBlock.cidr`, ...ip.cidr };
    for (let i = 0; i < ip.except.length; i++) yield { path: `${path}.ipBlock.except[${i}]`, ...ip.except[i] };
  }
}

/**
 * A span a reader can see: an empty list item (a bare `-`, whose null value has no characters) is
 * reported on its dash.
 */
export function visibleSpan(span: Span, text: string): Span {
  if (span.end > span.start) return span;
  let i = span.start;
  while (i > 0 && (text[i - 1] === ' ' || text[i - 1] === '\t')) i--;
  return text[i - 1] === '-' ? { start: i - 1, end: i } : span;
}

/** The policy's metadata as a site the metadata checks read (none when `metadata` is not a map). */
export function policyMetadata(p: NetworkPolicyModel): MetadataSite[] {
  return p.metadata ? [{ path: `${p.pathPrefix}metadata`, map: p.metadata }] : [];
}
