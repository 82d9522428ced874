/**
 * What a hostile tenant can make of a peer. A tenant owns its namespaces: its pods may carry any
 * labels, its own egress policies are its to delete, and its namespaces' labels are its to set,
 * except `kubernetes.io/metadata.name` (the API server sets it) and the keys the tests file says
 * the platform sets (`trustedNamespaceLabels`). So a peer admits "some pod the tenant can run in
 * namespace N" when its namespaceSelector can match N with the untrusted labels chosen freely and
 * its podSelector can match some label set at all (an ipBlock: see peerAdmitsHostile). Pure.
 */
import { cidrContains, type IpAddress } from '../analysis/cidr';
import type { MatchExpression, PeerModel, RuleModel, SelectorModel } from '../model/networkPolicy';

/** A key's state on an object: absent (undefined) or a value. */
type State = string | undefined;

/** Does one label state satisfy one requirement? (The same meaning as selectorMatches.) */
function labelOk(value: string | undefined, state: State): boolean {
  return value !== undefined && state === value;
}

function expressionOk(e: MatchExpression, state: State): boolean {
  switch (e.operator) {
    case 'In':
      return state !== undefined && e.values.includes(state);
    case 'NotIn':
      return state === undefined || !e.values.includes(state);
    case 'Exists':
      return state !== undefined;
    case 'DoesNotExist':
      return state === undefined;
    default:
      return false; // the API server rejects other operators
  }
}

/** A label value no selector names (not a valid label value, so it equals none of theirs). */
const FRESH = '\0fresh';

/**
 * Can some object satisfy the selector, when `fixed(key)` gives the keys whose state is not the
 * attacker's to choose (their actual state) and every other key is free? Each requirement is about
 * one key, so the selector is satisfiable exactly when each key has one state meeting all of its
 * requirements: absent, one of the values named, or a value none names.
 */
export function satisfiable(sel: SelectorModel | undefined, fixed: (key: string) => { state: State } | undefined = () => undefined): boolean {
  if (!sel) return true;
  const byKey = new Map<string, { labels: (string | undefined)[]; exprs: MatchExpression[] }>();
  const of = (k: string) => {
    let g = byKey.get(k);
    if (!g) byKey.set(k, (g = { labels: [], exprs: [] }));
    return g;
  };
  for (const m of sel.matchLabels) of(m.key).labels.push(m.value);
  for (const e of sel.matchExpressions) {
    if (e.key === undefined) return false;
    of(e.key).exprs.push(e);
  }
  for (const [key, g] of byKey) {
    const f = fixed(key);
    const candidates: State[] = f ? [f.state] : [undefined, FRESH, ...g.labels.filter((v) => v !== undefined), ...g.exprs.flatMap((e) => e.values)];
    if (!candidates.some((s) => g.labels.every((v) => labelOk(v, s)) && g.exprs.every((e) => expressionOk(e, s)))) return false;
  }
  return true;
}

export interface HostileNamespace {
  name: string;
  /** Its labels as declared (with kubernetes.io/metadata.name). */
  labels: Readonly<Record<string, string>>;
  /** The addresses of its pods as declared (`status.podIP`): an ipBlock that holds one admits them. */
  addresses: readonly IpAddress[];
}

/**
 * Does the peer admit some pod the tenant can run in this namespace? An ipBlock admits it when it
 * holds a declared pod address of the namespace (pod addresses are not the tenant's to choose, so
 * no other), as the engine reads ipBlocks against pods: whatever a declared pod can do, it can.
 */
export function peerAdmitsHostile(peer: PeerModel, policyNamespace: string, ns: HostileNamespace, trusted: ReadonlySet<string>): boolean {
  if (peer.ipBlock) {
    const cidr = peer.ipBlock.cidr?.parsed;
    if (!cidr) return false;
    return ns.addresses.some((a) => cidrContains(cidr, a) && !peer.ipBlock!.except.some((e) => e.parsed !== undefined && cidrContains(e.parsed, a)));
  }
  if (peer.namespaceSelector) {
    const fixed = (key: string) => (trusted.has(key) ? { state: Object.hasOwn(ns.labels, key) ? ns.labels[key] : undefined } : undefined);
    return satisfiable(peer.namespaceSelector, fixed) && satisfiable(peer.podSelector);
  }
  if (peer.podSelector) return ns.name === policyNamespace && satisfiable(peer.podSelector);
  return false; // an empty peer: the API server rejects it
}

/** Does the rule's peer list admit some pod the tenant can run in this namespace? No `from`/`to` admits every pod. */
export function rulePeersAdmitHostile(rule: RuleModel, policyNamespace: string, ns: HostileNamespace, trusted: ReadonlySet<string>): boolean {
  return !rule.peers || rule.peers.length === 0 || rule.peers.some((p) => peerAdmitsHostile(p, policyNamespace, ns, trusted));
}

/**
 * Labels that satisfy a satisfiable selector, for the message (`app=web-server`): for each key it
 * names, the first state meeting its requirements (absent keys left out; a free value is `x`).
 * Keys `skip` says are fixed are left out.
 */
export function witness(sel: SelectorModel | undefined, skip: (key: string) => boolean = () => false): Record<string, string> {
  const out: Record<string, string> = {};
  if (!sel) return out;
  const keys = new Set<string>([...sel.matchLabels.map((m) => m.key), ...sel.matchExpressions.flatMap((e) => (e.key === undefined ? [] : [e.key]))]);
  for (const key of keys) {
    if (skip(key)) continue;
    const labels = sel.matchLabels.filter((m) => m.key === key).map((m) => m.value);
    const exprs = sel.matchExpressions.filter((e) => e.key === key);
    const candidates: State[] = [undefined, ...labels.filter((v) => v !== undefined), ...exprs.flatMap((e) => e.values), 'x'];
    const state = candidates.find((s) => labels.every((v) => labelOk(v, s)) && exprs.every((e) => expressionOk(e, s)));
    if (state !== undefined) out[key] = state;
  }
  return out;
}

/** The first peer of the rule that admits some pod of the namespace, with labels that get it through. */
export function hostileWitness(
  rule: RuleModel,
  policyNamespace: string,
  ns: HostileNamespace,
  trusted: ReadonlySet<string>,
): { podLabels: Record<string, string>; namespaceLabels: Record<string, string> } | undefined {
  if (!rule.peers || rule.peers.length === 0) return { podLabels: {}, namespaceLabels: {} };
  const peer = rule.peers.find((p) => peerAdmitsHostile(p, policyNamespace, ns, trusted));
  if (!peer) return undefined;
  const namespaceLabels = peer.namespaceSelector ? witness(peer.namespaceSelector, (k) => trusted.has(k)) : {};
  // labels the namespace already carries need no setting
  for (const [k, v] of Object.entries(namespaceLabels)) if (ns.labels[k] === v) delete namespaceLabels[k];
  return { podLabels: witness(peer.podSelector), namespaceLabels };
}
