/** Builds the typed cluster policy model (clusterPolicy.ts) from a located map. */
import { parseCidr } from '../analysis/cidr';
import { buildSelector } from './buildPolicy';
import type {
  ClusterAction,
  ClusterPeerModel,
  ClusterPolicyModel,
  ClusterProtocolModel,
  ClusterRuleModel,
  ClusterSubjectModel,
  Located,
  PodsSelectorModel,
} from './clusterPolicy';
import type { ClusterPolicyKind } from './clusterPolicySchema';
import type { PortProtocol } from './inventory';
import { asMap, asSeq, getEntry, isNull, type LEntry, type LMap, type LNode } from './located';
import type { Direction } from './networkPolicy';

function str(node: LNode | undefined): Located<string> | undefined {
  return node && node.kind === 'scalar' && typeof node.value === 'string' ? { value: node.value, node } : undefined;
}

function int(node: LNode | undefined): Located<number> | undefined {
  if (node?.kind !== 'scalar') return undefined;
  const v = node.value;
  if (typeof v === 'bigint') return { value: Number(v), node };
  return typeof v === 'number' && Number.isInteger(v) ? { value: v, node } : undefined;
}

/** A field set to null is not set (the API server prunes it). */
function field(map: LMap | undefined, key: string): LEntry | undefined {
  const e = getEntry(map, key);
  return e && !isNull(e.value) ? e : undefined;
}

function selector(map: LMap | undefined, key: string) {
  const e = field(map, key);
  return e && e.value.kind === 'map' ? buildSelector(e) : undefined;
}

function pods(map: LMap | undefined): PodsSelectorModel | undefined {
  const entry = field(map, 'pods');
  const m = asMap(entry?.value);
  if (!entry || !m) return undefined;
  return { entry, namespaceSelector: selector(m, 'namespaceSelector'), podSelector: selector(m, 'podSelector') };
}

function buildPeer(node: LNode, index: number): ClusterPeerModel {
  const map = asMap(node);
  const networks = asSeq(field(map, 'networks')?.value);
  const domains = asSeq(field(map, 'domainNames')?.value);
  return {
    index,
    node,
    map,
    namespaces: selector(map, 'namespaces'),
    pods: pods(map),
    networks: networks?.items.flatMap((n) => {
      const s = str(n);
      return s ? [{ value: s.value, node: s.node, parsed: parseCidr(s.value) }] : [];
    }),
    nodes: selector(map, 'nodes'),
    domainNames: domains?.items.flatMap((n) => {
      const s = str(n);
      return s ? [s] : [];
    }),
  };
}

const PROTOCOL_KEYS: readonly [string, PortProtocol][] = [
  ['tcp', 'TCP'],
  ['udp', 'UDP'],
  ['sctp', 'SCTP'],
];

/** A v1alpha2 `protocols` item: `tcp` / `udp` / `sctp` with a destination port, or `destinationNamedPort`. */
function buildProtocol(node: LNode, index: number): ClusterProtocolModel {
  const map = asMap(node);
  const out: ClusterProtocolModel = { index, node, map };
  const named = str(field(map, 'destinationNamedPort')?.value);
  if (named) out.namedPort = named;
  for (const [key, protocol] of PROTOCOL_KEYS) {
    const p = asMap(field(map, key)?.value);
    if (!p) continue;
    out.protocol = protocol;
    const dest = asMap(field(p, 'destinationPort')?.value);
    const number = int(field(dest, 'number')?.value);
    const range = asMap(field(dest, 'range')?.value);
    const start = int(field(range, 'start')?.value);
    const end = int(field(range, 'end')?.value);
    if (number) out.port = { number: number.value };
    else if (start && end) out.port = { start: start.value, end: end.value };
    break;
  }
  return out;
}

/** The protocol of a v1alpha1 port entry: its value, TCP when absent (the CRD's default). */
function protocolOf(map: LMap | undefined): PortProtocol | undefined {
  const e = field(map, 'protocol');
  if (!e) return 'TCP';
  const s = str(e.value)?.value;
  return s === 'TCP' || s === 'UDP' || s === 'SCTP' ? s : undefined;
}

/** A v1alpha1 `ports` item: `portNumber`, `portRange` or `namedPort`. */
function buildPort(node: LNode, index: number): ClusterProtocolModel {
  const map = asMap(node);
  const out: ClusterProtocolModel = { index, node, map };
  const named = str(field(map, 'namedPort')?.value);
  if (named) out.namedPort = named;
  const number = asMap(field(map, 'portNumber')?.value);
  const range = asMap(field(map, 'portRange')?.value);
  if (number) {
    out.protocol = protocolOf(number);
    const port = int(field(number, 'port')?.value);
    if (port) out.port = { number: port.value };
  } else if (range) {
    out.protocol = protocolOf(range);
    const start = int(field(range, 'start')?.value);
    const end = int(field(range, 'end')?.value);
    if (start && end) out.port = { start: start.value, end: end.value };
  }
  return out;
}

const ACTIONS: Readonly<Record<ClusterPolicyKind, Readonly<Record<string, ClusterAction>>>> = {
  ClusterNetworkPolicy: { Accept: 'Accept', Deny: 'Deny', Pass: 'Pass' },
  AdminNetworkPolicy: { Allow: 'Accept', Deny: 'Deny', Pass: 'Pass' },
  BaselineAdminNetworkPolicy: { Allow: 'Accept', Deny: 'Deny' },
};

function buildRules(kind: ClusterPolicyKind, spec: LMap | undefined, direction: Direction): ClusterRuleModel[] {
  const seq = asSeq(field(spec, direction === 'Ingress' ? 'ingress' : 'egress')?.value);
  const v1alpha1 = kind !== 'ClusterNetworkPolicy';
  return (seq?.items ?? []).map((node, index) => {
    const map = asMap(node);
    const peersEntry = field(map, direction === 'Ingress' ? 'from' : 'to');
    const protocolsEntry = field(map, v1alpha1 ? 'ports' : 'protocols');
    const action = str(field(map, 'action')?.value);
    const normal = action && Object.hasOwn(ACTIONS[kind], action.value) ? ACTIONS[kind][action.value] : undefined;
    const protocols = asSeq(protocolsEntry?.value);
    return {
      direction,
      index,
      node,
      map,
      name: str(field(map, 'name')?.value),
      action: action && normal ? { value: normal, node: action.node } : undefined,
      peersEntry,
      peers: (asSeq(peersEntry?.value)?.items ?? []).map(buildPeer),
      protocolsEntry,
      protocols: protocols ? protocols.items.map(v1alpha1 ? buildPort : buildProtocol) : undefined,
    };
  });
}

function buildSubject(spec: LMap | undefined): ClusterSubjectModel | undefined {
  const entry = field(spec, 'subject');
  if (!entry) return undefined;
  const map = asMap(entry.value);
  return { entry, map, namespaces: selector(map, 'namespaces'), pods: pods(map) };
}

export function buildClusterPolicy(root: LMap, kind: ClusterPolicyKind, apiVersion: string, pathPrefix: string): ClusterPolicyModel {
  const metadata = asMap(getEntry(root, 'metadata')?.value);
  const specEntry = field(root, 'spec');
  const spec = asMap(specEntry?.value);
  let tier: ClusterPolicyModel['tier'];
  if (kind === 'AdminNetworkPolicy') tier = { value: 'Admin' };
  else if (kind === 'BaselineAdminNetworkPolicy') tier = { value: 'Baseline' };
  else {
    const t = str(field(spec, 'tier')?.value);
    if (t && (t.value === 'Admin' || t.value === 'Baseline')) tier = { value: t.value, node: t.node };
  }
  return {
    kind,
    apiVersion,
    root,
    pathPrefix,
    metadata,
    name: str(getEntry(metadata, 'name')?.value),
    spec: specEntry ? { entry: specEntry, map: spec } : undefined,
    tier,
    priority: kind === 'BaselineAdminNetworkPolicy' ? undefined : int(field(spec, 'priority')?.value),
    subject: buildSubject(spec),
    ingress: buildRules(kind, spec, 'Ingress'),
    egress: buildRules(kind, spec, 'Egress'),
  };
}
