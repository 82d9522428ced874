/**
 * Plain English for a cluster admin's policy (ClusterNetworkPolicy, AdminNetworkPolicy,
 * BaselineAdminNetworkPolicy), in the words `explain.ts` uses for NetworkPolicies: its tier and
 * priority, whom it applies to, and what each rule does, in the order the engine decides. The
 * CLI's `explain` prints it and the editor's hover shows it.
 */
import type { ClusterPeerModel, ClusterPolicyModel, ClusterProtocolModel, ClusterRuleModel, PodsSelectorModel } from '../model/clusterPolicy';
import type { Direction } from '../model/networkPolicy';
import { printable } from '../text/printable';
import { describeNamespaces, describeSelector, type RuleExplanation } from './explain';

export interface ClusterPolicyExplanation {
  /** `metadata.name` (cluster-scoped). */
  policy: string;
  kind: string;
  tier?: 'Admin' | 'Baseline';
  priority?: number;
  applies: string;
  rules: RuleExplanation[];
  /** The whole explanation, one sentence a line (control characters written as `\u000a`). */
  text: string;
}

function describePods(p: PodsSelectorModel): string {
  const pods = describeSelector(p.podSelector);
  const ns = p.namespaceSelector ? describeNamespaces(p.namespaceSelector) : 'every namespace';
  return pods ? `pods with ${pods} in ${ns}` : `every pod in ${ns}`;
}

export function describeClusterPeer(peer: ClusterPeerModel): string {
  if (peer.namespaces) return `every pod in ${describeNamespaces(peer.namespaces)}`;
  if (peer.pods) return describePods(peer.pods);
  if (peer.networks) return `IP addresses in ${peer.networks.map((c) => c.value).join(', ') || '(no CIDR)'} (pod IPs included)`;
  if (peer.nodes) return `nodes${describeSelector(peer.nodes) ? ` with ${describeSelector(peer.nodes)}` : ''} (matches no pod)`;
  if (peer.domainNames) return `domain names ${peer.domainNames.map((d) => d.value).join(', ')} (matches no pod)`;
  return 'a peer with no known field (matches nothing for Accept, everything for Deny and Pass)';
}

function describeProtocol(e: ClusterProtocolModel): string {
  if (e.namedPort) return `the port named "${e.namedPort.value}" of the destination pod`;
  if (!e.protocol) return 'nothing (an entry without a protocol)';
  if (!e.port) return `every ${e.protocol} port`;
  return 'number' in e.port ? `${e.protocol} ${e.port.number}` : `${e.protocol} ${e.port.start}-${e.port.end}`;
}

const VERBS = { Accept: 'accepts (final for this direction)', Deny: 'denies', Pass: 'passes to the next tier' } as const;

export function explainClusterRule(rule: ClusterRuleModel): string {
  const verb = rule.action ? VERBS[rule.action.value] : 'does nothing (no valid action)';
  const what = rule.protocols ? rule.protocols.map(describeProtocol).join(', ') : 'all ports and protocols';
  const fromTo = rule.direction === 'Ingress' ? 'from' : 'to';
  const peers = rule.peers.length === 0 ? 'no peer (none listed)' : rule.peers.map(describeClusterPeer).join('; or ');
  return printable(`${verb} ${what} ${fromTo} ${peers}`);
}

export function explainClusterPolicy(p: ClusterPolicyModel): ClusterPolicyExplanation {
  const name = p.name?.value ?? '(unnamed)';
  const tier = p.tier?.value;
  const priority = p.priority?.value;
  const s = p.subject;
  const applies = s?.namespaces ? `every pod in ${describeNamespaces(s.namespaces)}` : s?.pods ? describePods(s.pods) : 'no pod (no subject)';
  const lines = [
    `${p.kind}, tier ${tier ?? '? (none: the engine ignores it)'}${priority === undefined ? '' : `, priority ${priority}`} (${tier === 'Baseline' ? 'decides after NetworkPolicy, only in a direction no NetworkPolicy isolates' : 'decides before NetworkPolicy'}; lower priorities first).`,
    `Applies to ${applies}.`,
    'It isolates nothing: traffic its rules do not match goes on to the next tier.',
  ];
  const rules: RuleExplanation[] = [];
  for (const d of ['Ingress', 'Egress'] as Direction[]) {
    for (const rule of d === 'Ingress' ? p.ingress : p.egress) {
      const text = explainClusterRule(rule);
      rules.push({ direction: d, index: rule.index, text });
      lines.push(`${d} rule ${rule.index + 1}${rule.name ? ` (${rule.name.value})` : ''} ${text}.`);
    }
  }
  return {
    policy: name,
    kind: p.kind,
    ...(tier ? { tier } : {}),
    ...(priority !== undefined ? { priority } : {}),
    applies: printable(applies),
    rules,
    text: lines.map(printable).join('\n'),
  };
}
