/**
 * The schemas of the cluster admin's policies as their CustomResourceDefinitions declare them
 * (kubernetes-sigs/network-policy-api, Apache-2.0): ClusterNetworkPolicy
 * (policy.networking.k8s.io/v1alpha2, bundle v0.2.0) and AdminNetworkPolicy /
 * BaselineAdminNetworkPolicy (v1alpha1, the last release that shipped them), each in the standard
 * and the experimental channel. Data, not code: the CRD check (clusterPolicyCheck.ts) walks it.
 *
 * Contract: for every kind and channel this is exactly the CRD's `openAPIV3Schema` (types, fields,
 * required fields, enums, bounds, list and string limits, list-type `set`, patterns, defaults and
 * the CEL `x-kubernetes-validations`), without descriptions and formats; `metadata` is the
 * ObjectMeta every object has, and `status` (a subresource, written by implementations) is left
 * out. test/unit/clusterPolicySchema.test.ts compares it with the CRDs in test/data.
 */

export interface CrdValidation {
  /** The CEL expression, as the CRD writes it (the check implements each one by this text). */
  rule: string;
  /** The API server's message when it is false. */
  message: string;
}

export interface CrdNode {
  type: 'object' | 'array' | 'string' | 'integer';
  /** An object's known fields (absent: any keys, or those of `values`). */
  fields?: Readonly<Record<string, CrdNode>>;
  /** `additionalProperties`: a map whose values are all of this type. */
  values?: CrdNode;
  items?: CrdNode;
  required?: readonly string[];
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  minProperties?: number;
  maxProperties?: number;
  pattern?: string;
  /** `x-kubernetes-list-type: set`: no two items may be equal. */
  set?: boolean;
  /** Filled in by the API server when absent (so a required field with a default may be left out). */
  default?: string;
  validations?: readonly CrdValidation[];
}

export type Channel = 'standard' | 'experimental';
export const CHANNELS: readonly Channel[] = ['standard', 'experimental'];

export type ClusterPolicyKind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';

const string: CrdNode = { type: 'string' };
const object = (fields: Record<string, CrdNode>, more: Omit<CrdNode, 'type' | 'fields'> = {}): CrdNode => ({ type: 'object', fields, ...more });
const array = (items: CrdNode, more: Omit<CrdNode, 'type' | 'items'> = {}): CrdNode => ({ type: 'array', items, ...more });
const port: CrdNode = { type: 'integer', minimum: 1, maximum: 65535 };
const oneOf = { minProperties: 1, maxProperties: 1 };

const LABEL_SELECTOR = object({
  matchExpressions: array(object({ key: string, operator: string, values: array(string) }, { required: ['key', 'operator'] })),
  matchLabels: { type: 'object', values: string },
});

export const START_BEFORE_END: CrdValidation = { rule: 'self.start < self.end', message: 'Start port must be less than End port' };
export const IS_CIDR: CrdValidation = { rule: 'isCIDR(self)', message: 'Invalid CIDR format provided' };
export const BANP_NAME: CrdValidation = {
  rule: "self.metadata.name == 'default'",
  message: 'Only one baseline admin network policy with metadata.name="default" can be created in the cluster',
};
const NAMED_PORT_RULES = {
  ClusterNetworkPolicy: {
    rule: '!(self.to.exists(peer, has(peer.networks) || has(peer.nodes) || has(peer.domainNames)) && has(self.protocols) && self.protocols.exists(protocol, has(protocol.destinationNamedPort)))',
    message: 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
  },
  AdminNetworkPolicy: {
    rule: '!(self.to.exists(peer, has(peer.networks) || has(peer.nodes) || has(peer.domainNames)) && has(self.ports) && self.ports.exists(port, has(port.namedPort)))',
    message: 'networks/nodes/domainNames peer cannot be set with namedPorts since there are no namedPorts for networks/nodes/domainNames',
  },
  BaselineAdminNetworkPolicy: {
    rule: '!(self.to.exists(peer, has(peer.networks) || has(peer.nodes)) && has(self.ports) && self.ports.exists(port, has(port.namedPort)))',
    message: 'networks/nodes peer cannot be set with namedPorts since there are no namedPorts for networks/nodes',
  },
} satisfies Record<ClusterPolicyKind, CrdValidation>;
/** The CEL rule of each kind that the named-port check implements (experimental channel only). */
export const NAMED_PORT_VALIDATIONS: readonly CrdValidation[] = Object.values(NAMED_PORT_RULES);

/** `domainNames` items (experimental): the CRD's pattern, `[a-zA-z0-9]` (sic) included. */
export const DOMAIN_NAME_PATTERN = '^(\\*\\.)?([a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.)+[a-zA-z0-9]([-a-zA-Z0-9_]*[a-zA-Z0-9])?\\.?$';

const NETWORKS = array({ type: 'string', maxLength: 43, validations: [IS_CIDR] }, { minItems: 1, maxItems: 25, set: true });
const DOMAIN_NAMES = array({ type: 'string', pattern: DOMAIN_NAME_PATTERN }, { minItems: 1, maxItems: 25, set: true });

function peers(v1alpha1: boolean, egress: boolean, kind: ClusterPolicyKind, channel: Channel): CrdNode {
  const pods = object(
    { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR },
    { required: v1alpha1 ? ['namespaceSelector', 'podSelector'] : ['podSelector'] },
  );
  const fields: Record<string, CrdNode> = { namespaces: LABEL_SELECTOR, pods };
  if (egress) {
    fields.networks = NETWORKS;
    if (channel === 'experimental') {
      fields.nodes = LABEL_SELECTOR;
      if (kind !== 'BaselineAdminNetworkPolicy') fields.domainNames = DOMAIN_NAMES;
    }
  }
  return array(object(fields, oneOf), { minItems: 1, maxItems: v1alpha1 ? 100 : 25 });
}

/** v1alpha2 `protocols`: one of tcp / udp / sctp (with a destination port) or a destination named port. */
const PROTOCOLS = (() => {
  const destinationPort = object(
    { number: port, range: object({ end: port, start: port }, { required: ['end', 'start'], validations: [START_BEFORE_END] }) },
    oneOf,
  );
  const proto = object({ destinationPort }, { minProperties: 1 });
  return array(object({ destinationNamedPort: string, sctp: proto, tcp: proto, udp: proto }, oneOf), { minItems: 1, maxItems: 25 });
})();

/** v1alpha1 `ports`: one of portNumber / portRange (and, experimental, namedPort). */
function ports(channel: Channel): CrdNode {
  const protocol: CrdNode = { type: 'string', default: 'TCP' };
  const fields: Record<string, CrdNode> = {
    portNumber: object({ port, protocol }, { required: ['port', 'protocol'] }),
    portRange: object({ end: port, protocol, start: port }, { required: ['end', 'start'] }),
  };
  if (channel === 'experimental') fields.namedPort = string;
  return array(object(fields, oneOf), { minItems: 1, maxItems: 100 });
}

function build(kind: ClusterPolicyKind, channel: Channel): CrdNode {
  const v1alpha1 = kind !== 'ClusterNetworkPolicy';
  const actions = kind === 'ClusterNetworkPolicy' ? ['Accept', 'Deny', 'Pass'] : kind === 'AdminNetworkPolicy' ? ['Allow', 'Deny', 'Pass'] : ['Allow', 'Deny'];
  const action: CrdNode = { type: 'string', enum: actions };
  const name: CrdNode = { type: 'string', maxLength: 100 };
  const matches: Record<string, CrdNode> = v1alpha1 ? { ports: ports(channel) } : { protocols: PROTOCOLS };
  const rule = (peerKey: 'from' | 'to') =>
    object(
      { action, name, ...matches, [peerKey]: peers(v1alpha1, peerKey === 'to', kind, channel) },
      {
        required: ['action', peerKey],
        ...(peerKey === 'to' && channel === 'experimental' ? { validations: [NAMED_PORT_RULES[kind]] } : {}),
      },
    );
  const subject = object(
    {
      namespaces: LABEL_SELECTOR,
      pods: object(
        { namespaceSelector: LABEL_SELECTOR, podSelector: LABEL_SELECTOR },
        { required: v1alpha1 ? ['namespaceSelector', 'podSelector'] : ['podSelector'] },
      ),
    },
    oneOf,
  );
  const specFields: Record<string, CrdNode> = {
    egress: array(rule('to'), { maxItems: v1alpha1 ? 100 : 25 }),
    ingress: array(rule('from'), { maxItems: v1alpha1 ? 100 : 25 }),
    subject,
  };
  if (kind !== 'BaselineAdminNetworkPolicy') specFields.priority = { type: 'integer', minimum: 0, maximum: 1000 };
  if (kind === 'ClusterNetworkPolicy') specFields.tier = { type: 'string', enum: ['Admin', 'Baseline'] };
  const required = kind === 'ClusterNetworkPolicy' ? ['priority', 'subject', 'tier'] : kind === 'AdminNetworkPolicy' ? ['priority', 'subject'] : ['subject'];
  return object(
    { apiVersion: string, kind: string, metadata: { type: 'object' }, spec: object(specFields, { required }) },
    { required: ['metadata', 'spec'], ...(kind === 'BaselineAdminNetworkPolicy' ? { validations: [BANP_NAME] } : {}) },
  );
}

const SCHEMAS = new Map<string, CrdNode>();

/** The CRD schema of a kind in a channel (built once). */
export function clusterPolicySchema(kind: ClusterPolicyKind, channel: Channel): CrdNode {
  const key = `${kind}/${channel}`;
  let s = SCHEMAS.get(key);
  if (!s) SCHEMAS.set(key, (s = build(kind, channel)));
  return s;
}

/** The API version each kind is served at. */
export const CLUSTER_POLICY_API_VERSION: Readonly<Record<ClusterPolicyKind, string>> = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
};
