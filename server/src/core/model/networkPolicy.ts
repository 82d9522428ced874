/**
 * The typed NetworkPolicy model. Every part keeps the located node (and the entry, with the key's
 * range) it came from, so rules can point at the exact key or value. Parts whose YAML has the
 * wrong shape are left out here (the shape check reports them), so rules see only well-typed data.
 */
import { getEntry, isNull, type LEntry, type LMap, type LNode, type LScalar, type LSeq } from './located';
import type { Cidr } from '../analysis/cidr';

export type Direction = 'Ingress' | 'Egress';

export interface LabelMatch {
  key: string;
  value: string | undefined;
  entry: LEntry;
}

export interface MatchExpression {
  node: LNode;
  index: number;
  keyEntry?: LEntry;
  key?: string;
  operatorEntry?: LEntry;
  operator?: string;
  valuesEntry?: LEntry;
  values: string[];
  valueNodes: LScalar[];
}

export interface SelectorModel {
  entry: LEntry;
  /** Absent when the selector is `null`. */
  map?: LMap;
  matchLabels: LabelMatch[];
  matchExpressions: MatchExpression[];
  /** Selects everything: no labels and no expressions. */
  isEmpty: boolean;
}

/** An ipBlock's `cidr` or one of its `except` entries: its text, where it is, and what it means. */
export interface CidrValue {
  value: string;
  node: LScalar;
  /** The CIDR read leniently (as old API servers stored it); undefined when the text is not one. */
  parsed: Cidr | undefined;
}

export interface IpBlockModel {
  entry: LEntry;
  cidr?: CidrValue;
  except: CidrValue[];
}

export interface PeerModel {
  index: number;
  node: LNode;
  map?: LMap;
  podSelector?: SelectorModel;
  namespaceSelector?: SelectorModel;
  ipBlock?: IpBlockModel;
}

export interface PortModel {
  index: number;
  node: LNode;
  map?: LMap;
  protocolEntry?: LEntry;
  /** The protocol string as written (`undefined` when absent or not a string). */
  protocol?: string;
  portEntry?: LEntry;
  /** number, name, or null for `port:` with no value; undefined when absent or of the wrong type. */
  port?: number | string | null;
  endPortEntry?: LEntry;
  endPort?: number;
}

export interface RuleModel {
  direction: Direction;
  index: number;
  node: LNode;
  map?: LMap;
  /** `from` (ingress) or `to` (egress). */
  peersEntry?: LEntry;
  /** undefined: no `from`/`to` key (or null) = every peer. */
  peers?: PeerModel[];
  portsEntry?: LEntry;
  /** undefined: no `ports` key (or null) = every port. */
  ports?: PortModel[];
}

export interface RuleListModel {
  entry: LEntry;
  seq?: LSeq;
  rules: RuleModel[];
}

export interface PolicyTypesModel {
  entry: LEntry;
  seq?: LSeq;
  items: { value: string; node: LScalar }[];
}

export interface SpecModel {
  entry: LEntry;
  map?: LMap;
  podSelector?: SelectorModel;
  policyTypes?: PolicyTypesModel;
  ingress?: RuleListModel;
  egress?: RuleListModel;
}

export interface NetworkPolicyModel {
  /** The policy's own map (the document root, or an item of a List). */
  root: LMap;
  /** Field-path prefix for messages: '' or `items[3].` for an item of a List. */
  pathPrefix: string;
  apiVersion: string;
  metadata?: LMap;
  name?: { value: string; node: LScalar };
  namespace?: { value: string; node: LScalar };
  spec?: SpecModel;
}

/** The policy types the API server uses: the listed ones, or Ingress plus Egress if egress rules exist. */
export function effectivePolicyTypes(p: NetworkPolicyModel): Set<Direction> {
  const pt = p.spec?.policyTypes;
  if (pt?.seq) {
    const out = new Set<Direction>();
    for (const it of pt.items) if (it.value === 'Ingress' || it.value === 'Egress') out.add(it.value);
    return out;
  }
  const out = new Set<Direction>(['Ingress']);
  if (p.spec?.egress && p.spec.egress.rules.length > 0) out.add('Egress');
  return out;
}

export function rulesOf(p: NetworkPolicyModel, d: Direction): RuleModel[] {
  return (d === 'Ingress' ? p.spec?.ingress?.rules : p.spec?.egress?.rules) ?? [];
}

/**
 * The API server can place the policy: its metadata is a map and its name and namespace, where
 * given, are strings. One with `namespace: y` (YAML 1.1: the boolean true) is rejected, and is in
 * no namespace at all: the workspace leaves it out rather than counting it where one without a
 * namespace would land.
 */
export function placeable(p: NetworkPolicyModel): boolean {
  const meta = getEntry(p.root, 'metadata')?.value;
  if (meta === undefined || isNull(meta)) return true;
  if (!p.metadata) return meta.kind === 'opaque';
  for (const key of ['name', 'namespace']) {
    const v = getEntry(p.metadata, key)?.value;
    if (v && !isNull(v) && v.kind !== 'opaque' && !(v.kind === 'scalar' && typeof v.value === 'string')) return false;
  }
  return true;
}
