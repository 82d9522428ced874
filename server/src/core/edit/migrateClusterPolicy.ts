/**
 * The rewrite of a v1alpha1 AdminNetworkPolicy / BaselineAdminNetworkPolicy into the equivalent
 * ClusterNetworkPolicy (policy.networking.k8s.io/v1alpha2), as plain data: `tier` from the kind,
 * `Allow` -> `Accept`, `ports` -> `protocols` (`portNumber` -> `<tcp|udp|sctp>.destinationPort.number`,
 * `portRange` -> `…destinationPort.range`, `namedPort` -> `destinationNamedPort`), and for the
 * Baseline singleton a name and a priority. Peers and the subject have the same shape in both
 * versions and are kept as written. Undefined when the object holds something the rewrite would have
 * to guess at (a ports item of another shape, a value it cannot read): then no fix is offered.
 */
import type { LNode } from '../model/located';
import { BASELINE_PRIORITY } from '../model/clusterPolicy';

export { BASELINE_PRIORITY };

type Plain = unknown;
type Obj = Record<string, Plain>;

/** The name a BaselineAdminNetworkPolicy (always named `default`, no priority) gets; its priority is where the engine ranks it. */
export const BASELINE_NAME = 'baseline-default';

const isObj = (v: Plain): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A located node as plain data; undefined for what cannot be followed (an opaque alias). */
export function plainOf(node: LNode): Plain {
  switch (node.kind) {
    case 'scalar':
      return typeof node.value === 'bigint' ? Number(node.value) : node.value;
    case 'seq': {
      const out = node.items.map(plainOf);
      return out.includes(undefined) ? undefined : out;
    }
    case 'map': {
      const out: Obj = {};
      for (const e of node.entries) {
        const v = plainOf(e.value);
        if (v === undefined) return undefined;
        out[e.key] = v;
      }
      return out;
    }
    default:
      return undefined;
  }
}

/** A v1alpha1 `ports` item as a v1alpha2 `protocols` item. */
function protocolOf(port: Plain): Plain {
  if (!isObj(port) || Object.keys(port).length !== 1) return undefined;
  const [[key, v]] = Object.entries(port);
  if (key === 'namedPort') return typeof v === 'string' ? { destinationNamedPort: v } : undefined;
  if (!isObj(v)) return undefined;
  const protocol = v.protocol ?? 'TCP';
  if (protocol !== 'TCP' && protocol !== 'UDP' && protocol !== 'SCTP') return undefined;
  const p = protocol.toLowerCase();
  if (key === 'portNumber' && Object.keys(v).every((k) => k === 'protocol' || k === 'port')) return { [p]: { destinationPort: { number: v.port } } };
  if (key === 'portRange' && Object.keys(v).every((k) => k === 'protocol' || k === 'start' || k === 'end'))
    return { [p]: { destinationPort: { range: { start: v.start, end: v.end } } } };
  return undefined;
}

function ruleOf(rule: Plain): Plain {
  if (!isObj(rule)) return undefined;
  const out: Obj = {};
  for (const [k, v] of Object.entries(rule)) {
    if (k === 'action') out.action = v === 'Allow' ? 'Accept' : v;
    else if (k === 'ports') {
      if (!Array.isArray(v)) return undefined;
      const protocols = v.map(protocolOf);
      if (protocols.includes(undefined)) return undefined;
      out.protocols = protocols;
    } else out[k] = v;
  }
  return out;
}

/** The ClusterNetworkPolicy equivalent to a v1alpha1 object (its plain data), or undefined. */
export function migrateClusterPolicy(object: Plain): Obj | undefined {
  if (!isObj(object) || !isObj(object.spec)) return undefined;
  const baseline = object.kind === 'BaselineAdminNetworkPolicy';
  if (!baseline && object.kind !== 'AdminNetworkPolicy') return undefined;
  const spec: Obj = { tier: baseline ? 'Baseline' : 'Admin' };
  if (baseline) spec.priority = BASELINE_PRIORITY;
  for (const [k, v] of Object.entries(object.spec)) {
    if (k === 'ingress' || k === 'egress') {
      if (!Array.isArray(v)) return undefined;
      const rules = v.map(ruleOf);
      if (rules.includes(undefined)) return undefined;
      spec[k] = rules;
    } else spec[k] = v;
  }
  const out: Obj = {};
  for (const [k, v] of Object.entries(object)) {
    if (k === 'status') continue; // written by the implementation, not the user
    if (k === 'apiVersion') out.apiVersion = 'policy.networking.k8s.io/v1alpha2';
    else if (k === 'kind') out.kind = 'ClusterNetworkPolicy';
    else if (k === 'spec') out.spec = spec;
    else if (k === 'metadata' && baseline && isObj(v) && v.name === 'default') out.metadata = { ...v, name: BASELINE_NAME };
    else out[k] = v;
  }
  return out;
}
