/**
 * What each NetworkPolicy field means for traffic, its default and its gotcha, in our own words
 * (from the networking.k8s.io/v1 API reference, which each entry links to).
 */
const API = 'https://kubernetes.io/docs/reference/kubernetes-api/policy-resources/network-policy-v1/';

export interface FieldDoc {
  title: string;
  text: string;
  anchor: string;
}

const SELECTOR_NOTE = 'An empty selector (`{}`) selects everything; `matchLabels` and `matchExpressions` are ANDed.';

/** By the field's path with list items dropped, matched from the end (the longest suffix wins). */
const DOCS: [string, FieldDoc][] = [
  [
    'apiVersion',
    {
      title: 'apiVersion',
      text: "The API group and version: `networking.k8s.io/v1`. (`extensions/v1beta1` was removed in Kubernetes 1.16.) Only these documents are analysed; Calico's and Cilium's own kinds are left alone.",
      anchor: 'NetworkPolicy',
    },
  ],
  [
    'kind',
    {
      title: 'kind',
      text: '`NetworkPolicy`: pod-level firewall rules that a policy-capable CNI (Calico, Cilium, …) enforces. Plain Flannel enforces nothing.',
      anchor: 'NetworkPolicy',
    },
  ],
  [
    'metadata',
    { title: 'metadata', text: "The policy's name and namespace. A policy only ever selects pods of **its own namespace**.", anchor: 'NetworkPolicy' },
  ],
  [
    'metadata.name',
    {
      title: 'metadata.name',
      text: "The policy's name, unique per namespace: applying another policy with the same name **replaces** this one silently.",
      anchor: 'NetworkPolicy',
    },
  ],
  [
    'metadata.namespace',
    {
      title: 'metadata.namespace',
      text: 'The namespace the policy lives in and whose pods it selects. **Default:** the namespace of the current kubectl context, so a missing namespace lands wherever the file is applied.',
      anchor: 'NetworkPolicy',
    },
  ],
  [
    'metadata.labels',
    {
      title: 'metadata.labels',
      text: 'Labels of the policy object itself. They select nothing: pod selection is `spec.podSelector`.',
      anchor: 'NetworkPolicy',
    },
  ],
  [
    'spec',
    {
      title: 'spec',
      text: 'What the policy selects (`podSelector`), which directions it isolates (`policyTypes`), and what it allows (`ingress`, `egress`). Policies are **additive**: traffic is allowed if any policy selecting the pod allows it.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'spec.podSelector',
    {
      title: 'spec.podSelector',
      text: `The pods of this namespace the policy applies to. \`{}\` selects **every pod** of the namespace (the default-deny pattern). ${SELECTOR_NOTE} Required.`,
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'spec.policyTypes',
    {
      title: 'spec.policyTypes',
      text: 'The directions this policy **isolates**: `Ingress`, `Egress` or both. A selected pod is isolated in a direction as soon as one policy lists it; then only what some policy allows gets through. **Default when omitted:** `[Ingress]`, plus `Egress` only if `egress` has rules — so egress rules are ignored if you list only `Ingress`.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'spec.ingress',
    {
      title: 'spec.ingress',
      text: 'Allow rules for incoming traffic, ORed. **An empty list** (with `Ingress` in policyTypes) **allows no ingress**; `- {}` (a rule with no `from` and no `ports`) allows **all** ingress.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'spec.egress',
    {
      title: 'spec.egress',
      text: 'Allow rules for outgoing traffic, ORed. **An empty list** (with `Egress` in policyTypes) **allows no egress** — including DNS: add UDP *and* TCP 53 to the DNS pods or every lookup fails.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'ingress.from',
    {
      title: 'from',
      text: 'Who may connect: a list of peers, ORed. **Missing or empty: every source** (any pod, any namespace, any IP).',
      anchor: 'NetworkPolicyIngressRule',
    },
  ],
  [
    'egress.to',
    { title: 'to', text: 'Where the pods may connect: a list of peers, ORed. **Missing or empty: every destination.**', anchor: 'NetworkPolicyEgressRule' },
  ],
  [
    'ingress.ports',
    {
      title: 'ports',
      text: 'The destination ports this rule allows, ORed. **Missing or empty: all ports and protocols.** Ports are those of the selected pods (the destination).',
      anchor: 'NetworkPolicyIngressRule',
    },
  ],
  [
    'egress.ports',
    {
      title: 'ports',
      text: 'The destination ports this rule allows, ORed. **Missing or empty: all ports and protocols.** Named ports are resolved on the destination pod.',
      anchor: 'NetworkPolicyEgressRule',
    },
  ],
  [
    'ports.protocol',
    {
      title: 'protocol',
      text: '`TCP`, `UDP` or `SCTP`, exactly (case-sensitive). **Default: TCP** — so `port: 53` alone does not allow DNS over UDP.',
      anchor: 'NetworkPolicyPort',
    },
  ],
  [
    'ports.port',
    {
      title: 'port',
      text: 'A number (1–65535) or a container port **name** (`http`), resolved on the destination pod. A quoted number (`"8080"`) is read as a name and rejected. **`port:` with no value allows every port** of the protocol; missing allows every port too.',
      anchor: 'NetworkPolicyPort',
    },
  ],
  [
    'ports.endPort',
    {
      title: 'endPort',
      text: 'Makes `port`…`endPort` a range (inclusive). Needs a numeric `port` not larger than it; not allowed with a named port.',
      anchor: 'NetworkPolicyPort',
    },
  ],
  [
    'from.podSelector',
    {
      title: 'podSelector (peer)',
      text: `Pods that match. **Alone, it means pods of the policy's own namespace.** With a \`namespaceSelector\` in the same peer: those pods in those namespaces (AND). ${SELECTOR_NOTE}`,
      anchor: 'NetworkPolicyPeer',
    },
  ],
  [
    'to.podSelector',
    {
      title: 'podSelector (peer)',
      text: `Pods that match. **Alone, it means pods of the policy's own namespace.** With a \`namespaceSelector\` in the same peer: those pods in those namespaces (AND). ${SELECTOR_NOTE}`,
      anchor: 'NetworkPolicyPeer',
    },
  ],
  [
    'from.namespaceSelector',
    {
      title: 'namespaceSelector (peer)',
      text: 'Namespaces that match; alone, **every pod** in them. `{}` is every namespace. Select by `kubernetes.io/metadata.name` (set by the API server) rather than a hand-made `name` label. In the same peer as a `podSelector`: AND; as two list items: OR.',
      anchor: 'NetworkPolicyPeer',
    },
  ],
  [
    'to.namespaceSelector',
    {
      title: 'namespaceSelector (peer)',
      text: 'Namespaces that match; alone, **every pod** in them. `{}` is every namespace. Select by `kubernetes.io/metadata.name` (set by the API server) rather than a hand-made `name` label. In the same peer as a `podSelector`: AND; as two list items: OR.',
      anchor: 'NetworkPolicyPeer',
    },
  ],
  [
    'ipBlock',
    {
      title: 'ipBlock',
      text: 'IP addresses (a CIDR, minus `except`). Meant for traffic from or to outside the cluster: pod IPs are ephemeral, and a peer with `ipBlock` may not also have selectors.',
      anchor: 'IPBlock',
    },
  ],
  [
    'ipBlock.cidr',
    {
      title: 'cidr',
      text: 'A CIDR such as `10.0.0.0/16` or `2001:db8::/64`. Host bits set (`10.0.0.5/24`) mean the network; strict validation rejects them. `0.0.0.0/0` includes the cloud metadata address 169.254.169.254.',
      anchor: 'IPBlock',
    },
  ],
  [
    'ipBlock.except',
    {
      title: 'except',
      text: 'CIDRs inside `cidr` to leave out, each a strict subset of it. Add `169.254.169.254/32` to keep pods away from the cloud metadata service.',
      anchor: 'IPBlock',
    },
  ],
  [
    'matchLabels',
    {
      title: 'matchLabels',
      text: 'Label key/value pairs that must all be present (AND). Equivalent to `In` expressions with one value.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'matchExpressions',
    {
      title: 'matchExpressions',
      text: 'Requirements on labels, ANDed with each other and with `matchLabels`. `NotIn` and `DoesNotExist` also match objects **without** the label.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'matchExpressions.key',
    {
      title: 'key',
      text: 'The label key the requirement is about (a qualified name such as `app` or `kubernetes.io/metadata.name`).',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'matchExpressions.operator',
    {
      title: 'operator',
      text: '`In`, `NotIn`, `Exists` or `DoesNotExist` (case-sensitive). `In`/`NotIn` need `values`; `Exists`/`DoesNotExist` must have none.',
      anchor: 'NetworkPolicySpec',
    },
  ],
  [
    'matchExpressions.values',
    { title: 'values', text: 'The label values for `In`/`NotIn` (at least one); must be empty for `Exists`/`DoesNotExist`.', anchor: 'NetworkPolicySpec' },
  ],
];

/** The documentation of the field at `path` (keys of the policy, list indices dropped), if any. */
export function fieldDoc(path: readonly string[]): FieldDoc | undefined {
  const joined = path.join('.');
  let best: FieldDoc | undefined;
  let bestLength = -1;
  for (const [suffix, doc] of DOCS) {
    const ok = joined === suffix || joined.endsWith(`.${suffix}`);
    // the spec.* entries and metadata.* are anchored at the root
    const rooted = suffix.startsWith('spec') || suffix.startsWith('metadata') || suffix === 'apiVersion' || suffix === 'kind';
    if (ok && (!rooted || joined === suffix) && suffix.length > bestLength) {
      best = doc;
      bestLength = suffix.length;
    }
  }
  return best;
}

export function fieldDocMarkdown(doc: FieldDoc): string {
  return `**${doc.title}** — ${doc.text}\n\n[API reference](${API}#${doc.anchor})`;
}
