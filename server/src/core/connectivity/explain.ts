/**
 * Plain English for a NetworkPolicy: which pods it selects, which directions it isolates, and what
 * each rule allows. The CLI's `explain` prints it and the editor's hover shows it.
 */
import { NAMESPACE_NAME_LABEL } from '../config';
import {
  effectivePolicyTypes,
  rulesOf,
  type Direction,
  type NetworkPolicyModel,
  type PeerModel,
  type PortModel,
  type RuleModel,
  type SelectorModel,
} from '../model/networkPolicy';
import { printable } from '../text/printable';

export interface RuleExplanation {
  direction: Direction;
  index: number;
  text: string;
}

export interface PolicyExplanation {
  /** `<namespace>/<name>` */
  policy: string;
  namespace: string;
  name: string;
  selects: string;
  isolates: Direction[];
  rules: RuleExplanation[];
  /**
   * The whole explanation, one sentence a line. Every sentence stays one line whatever the YAML
   * holds: control characters in values (a line break in a label value) are written as `\u000a`.
   */
  text: string;
}

const quoteList = (vs: readonly string[]) => vs.map((v) => `"${v}"`).join(', ');

/** `app=web and tier in (a, b)`; undefined for an empty selector (it selects everything). */
export function describeSelector(sel: SelectorModel | undefined): string | undefined {
  if (!sel || sel.isEmpty) return undefined;
  const parts = sel.matchLabels.map((m) => (m.value === '' ? `${m.key}="" (the label set to the empty value)` : `${m.key}=${m.value ?? '?'}`));
  for (const e of sel.matchExpressions) {
    const key = e.key ?? '?';
    if (e.operator === 'In') parts.push(`${key} in (${e.values.join(', ')})`);
    else if (e.operator === 'NotIn') parts.push(`${key} not in (${e.values.join(', ')}) or without it`);
    else if (e.operator === 'Exists') parts.push(`a ${key} label`);
    else if (e.operator === 'DoesNotExist') parts.push(`no ${key} label`);
    else parts.push(`${key} ${e.operator ?? '?'} (an invalid operator: matches nothing)`);
  }
  return parts.join(' and ');
}

export function describeNamespaces(sel: SelectorModel): string {
  if (sel.isEmpty) return 'every namespace';
  // by name: the label the API server sets on every namespace
  if (sel.matchExpressions.length === 0 && sel.matchLabels.length === 1 && sel.matchLabels[0].key === NAMESPACE_NAME_LABEL)
    return sel.matchLabels[0].value === '' ? 'no namespace (the name is empty)' : `namespace "${sel.matchLabels[0].value ?? '?'}"`;
  if (sel.matchLabels.length === 0 && sel.matchExpressions.length === 1) {
    const e = sel.matchExpressions[0];
    if (e.key === NAMESPACE_NAME_LABEL && e.operator === 'In') return `namespaces ${quoteList(e.values)}`;
  }
  return `namespaces with ${describeSelector(sel)}`;
}

export function describePeer(peer: PeerModel, policyNamespace: string): string {
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr?.value ?? '(no cidr)';
    const except = peer.ipBlock.except.map((e) => e.value || '"" (an empty entry, which the API server rejects)');
    return `IP addresses in ${cidr}${except.length ? ` except ${except.join(', ')}` : ''}`;
  }
  const pods = describeSelector(peer.podSelector);
  if (peer.namespaceSelector) {
    const ns = describeNamespaces(peer.namespaceSelector);
    return pods ? `pods with ${pods} in ${ns}` : `every pod in ${ns}`;
  }
  if (peer.podSelector) return pods ? `pods with ${pods} in namespace "${policyNamespace}"` : `every pod in namespace "${policyNamespace}"`;
  return 'nothing (an empty peer, which the API server rejects)';
}

export function describePort(p: PortModel): string {
  const proto = p.protocol ?? 'TCP';
  if (p.port === undefined || p.port === null) return `every ${proto} port`;
  if (typeof p.port === 'string') return `${proto} port named "${p.port}"`;
  return p.endPort !== undefined ? `${proto} ${p.port}-${p.endPort}` : `${proto} ${p.port}`;
}

export function explainRule(rule: RuleModel, policyNamespace: string): string {
  const ports = !rule.ports || rule.ports.length === 0 ? 'all ports and protocols' : rule.ports.map(describePort).join(', ');
  const fromTo = rule.direction === 'Ingress' ? 'from' : 'to';
  const peers =
    !rule.peers || rule.peers.length === 0
      ? 'anywhere (every pod of every namespace, and every IP address)'
      : rule.peers.map((p) => describePeer(p, policyNamespace)).join('; or ');
  return printable(`allows ${ports} ${fromTo} ${peers}`);
}

export function explainPolicy(p: NetworkPolicyModel, fallbackNamespace = 'default'): PolicyExplanation {
  const namespace = p.namespace?.value ?? fallbackNamespace;
  const name = p.name?.value ?? '(unnamed)';
  const sel = describeSelector(p.spec?.podSelector);
  const selects = sel ? `pods with ${sel} in namespace "${namespace}"` : `every pod in namespace "${namespace}"`;
  const isolates = [...effectivePolicyTypes(p)].sort() as Direction[];
  const rules: RuleExplanation[] = [];
  const lines = [`Selects ${selects}.`];
  if (isolates.length === 0) lines.push('Isolates them in no direction (policyTypes is empty): it has no effect.');
  else
    lines.push(
      `Isolates them for ${isolates.map((d) => d.toLowerCase()).join(' and ')}${isolates.length === 1 ? ` (${isolates[0] === 'Ingress' ? 'egress' : 'ingress'} is not affected)` : ''}.`,
    );
  for (const d of ['Ingress', 'Egress'] as const) {
    const list = rulesOf(p, d);
    if (isolates.includes(d) && list.length === 0)
      lines.push(`${d}: no rules, so it allows no ${d.toLowerCase()} (other policies selecting the same pods may).`);
    for (const rule of list) {
      const text = explainRule(rule, namespace);
      rules.push({ direction: d, index: rule.index, text });
      const ignored = isolates.includes(d) ? '' : ` — ignored: ${d} is not in policyTypes`;
      lines.push(`${d} rule ${rule.index + 1} ${text}${ignored}.`);
    }
  }
  return { policy: `${namespace}/${name}`, namespace, name, selects: printable(selects), isolates, rules, text: lines.map(printable).join('\n') };
}
