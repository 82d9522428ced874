/** Builds the typed NetworkPolicy model from a located map. */
import { parseCidr } from '../analysis/cidr';
import { asMap, asSeq, getEntry, isNull, type LEntry, type LMap, type LNode, type LScalar } from './located';
import type {
  CidrValue,
  Direction,
  IpBlockModel,
  MatchExpression,
  NetworkPolicyModel,
  PeerModel,
  PortModel,
  RuleListModel,
  RuleModel,
  SelectorModel,
  SpecModel,
} from './networkPolicy';

function stringScalar(node: LNode | undefined): { value: string; node: LScalar } | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? { value: node.value, node } : undefined;
}

function intValue(node: LNode | undefined): number | undefined {
  if (node?.kind !== 'scalar') return undefined;
  if (typeof node.value === 'bigint') return Number(node.value);
  return typeof node.value === 'number' && Number.isInteger(node.value) ? node.value : undefined;
}

export function buildSelector(entry: LEntry | undefined): SelectorModel | undefined {
  if (!entry) return undefined;
  const map = asMap(entry.value);
  const labelsMap = asMap(getEntry(map, 'matchLabels')?.value);
  const matchLabels = (labelsMap?.entries ?? []).map((e) => ({
    key: e.key,
    // `app:` with nothing after it is null, which the API server decodes as the empty value ""
    value: e.value.kind === 'scalar' && typeof e.value.value === 'string' ? e.value.value : isNull(e.value) ? '' : undefined,
    entry: e,
  }));
  const exprSeq = asSeq(getEntry(map, 'matchExpressions')?.value);
  const matchExpressions: MatchExpression[] = (exprSeq?.items ?? []).map((node, index) => {
    const m = asMap(node);
    const keyEntry = getEntry(m, 'key');
    const operatorEntry = getEntry(m, 'operator');
    const valuesEntry = getEntry(m, 'values');
    const valueNodes = (asSeq(valuesEntry?.value)?.items ?? []).flatMap((v) => (v.kind === 'scalar' && typeof v.value === 'string' ? [v] : []));
    return {
      node,
      index,
      keyEntry,
      key: stringScalar(keyEntry?.value)?.value,
      operatorEntry,
      operator: stringScalar(operatorEntry?.value)?.value,
      valuesEntry,
      values: valueNodes.map((v) => v.value as string),
      valueNodes,
    };
  });
  return { entry, map, matchLabels, matchExpressions, isEmpty: matchLabels.length === 0 && matchExpressions.length === 0 };
}

function buildIpBlock(entry: LEntry | undefined): IpBlockModel | undefined {
  if (!entry) return undefined;
  const map = asMap(entry.value);
  const except = asSeq(getEntry(map, 'except')?.value);
  const cidr = stringScalar(getEntry(map, 'cidr')?.value);
  return {
    entry,
    cidr: cidr && cidrValue(cidr),
    except: (except?.items ?? []).flatMap((n) => {
      const s = stringOrNull(n);
      return s ? [cidrValue(s)] : [];
    }),
  };
}

/** A CIDR text read once, with the document (the rules and the engine all read the parsed form). */
function cidrValue(s: { value: string; node: LScalar }): CidrValue {
  return { value: s.value, node: s.node, parsed: parseCidr(s.value) };
}

/**
 * A string list item, or a null one (a bare `-`, `null`, `~`) as the API server decodes it: the
 * zero value "" (so it is reported, and later items keep their indexes).
 */
function stringOrNull(n: LNode): { value: string; node: LScalar } | undefined {
  if (n.kind === 'scalar' && isNull(n)) return { value: '', node: n };
  return stringScalar(n);
}

/** A peer's field set to null is not set at all (the API server decodes it to nil). */
function present(entry: LEntry | undefined): LEntry | undefined {
  return entry && !isNull(entry.value) ? entry : undefined;
}

function buildPeer(node: LNode, index: number): PeerModel {
  const map = asMap(node);
  return {
    index,
    node,
    map,
    podSelector: buildSelector(present(getEntry(map, 'podSelector'))),
    namespaceSelector: buildSelector(present(getEntry(map, 'namespaceSelector'))),
    ipBlock: buildIpBlock(present(getEntry(map, 'ipBlock'))),
  };
}

function buildPort(node: LNode, index: number): PortModel {
  const map = asMap(node);
  const protocolEntry = getEntry(map, 'protocol');
  const portEntry = getEntry(map, 'port');
  const endPortEntry = getEntry(map, 'endPort');
  let port: number | string | null | undefined;
  if (portEntry && portEntry.value.kind === 'scalar') {
    const v = portEntry.value.value;
    if (v === null) port = null;
    else if (typeof v === 'string') port = v;
    else port = intValue(portEntry.value);
  }
  return {
    index,
    node,
    map,
    protocolEntry,
    protocol: stringScalar(protocolEntry?.value)?.value,
    portEntry,
    port,
    endPortEntry,
    endPort: intValue(endPortEntry?.value),
  };
}

function buildRules(entry: LEntry | undefined, direction: Direction): RuleListModel | undefined {
  if (!entry) return undefined;
  const seq = asSeq(entry.value);
  const peerKey = direction === 'Ingress' ? 'from' : 'to';
  const rules: RuleModel[] = (seq?.items ?? []).map((node, index) => {
    const map = asMap(node);
    const peersEntry = getEntry(map, peerKey);
    const portsEntry = getEntry(map, 'ports');
    const peerSeq = asSeq(peersEntry?.value);
    const portSeq = asSeq(portsEntry?.value);
    return {
      direction,
      index,
      node,
      map,
      peersEntry,
      peers: peerSeq ? peerSeq.items.map(buildPeer) : undefined,
      portsEntry,
      ports: portSeq ? portSeq.items.map(buildPort) : undefined,
    };
  });
  return { entry, seq, rules };
}

function buildSpec(entry: LEntry | undefined): SpecModel | undefined {
  if (!entry) return undefined;
  const map = asMap(entry.value);
  const ptEntry = getEntry(map, 'policyTypes');
  const ptSeq = asSeq(ptEntry?.value);
  return {
    entry,
    map,
    podSelector: buildSelector(getEntry(map, 'podSelector')),
    policyTypes: ptEntry
      ? {
          entry: ptEntry,
          seq: ptSeq,
          items: (ptSeq?.items ?? []).flatMap((n) => {
            const s = stringOrNull(n);
            return s ? [s] : [];
          }),
        }
      : undefined,
    ingress: buildRules(getEntry(map, 'ingress'), 'Ingress'),
    egress: buildRules(getEntry(map, 'egress'), 'Egress'),
  };
}

export function buildPolicy(root: LMap, apiVersion: string, pathPrefix: string): NetworkPolicyModel {
  const metadata = asMap(getEntry(root, 'metadata')?.value);
  return {
    root,
    pathPrefix,
    apiVersion,
    metadata,
    name: stringScalar(getEntry(metadata, 'name')?.value),
    namespace: stringScalar(getEntry(metadata, 'namespace')?.value),
    spec: buildSpec(getEntry(root, 'spec')),
  };
}
