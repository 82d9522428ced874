/**
 * Cluster policies linted with CRD parity, table-driven: a valid object of each kind gives no
 * finding (but the v1alpha1 deprecation), and each constraint of the CRDs (test/data/network-policy-api)
 * has a failing case that gives exactly its code, at the value or key it is about, in the API
 * server's words, and no other error. Near misses (what the CRD accepts) give no error.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type FileFinding, type LintConfig } from '../../server/src/core/index';
import { applyFix, lint, messagePath, pointed, problemFirstViolation, yaml } from '../helpers';

type Kind = 'ClusterNetworkPolicy' | 'AdminNetworkPolicy' | 'BaselineAdminNetworkPolicy';
const API: Record<Kind, string> = {
  ClusterNetworkPolicy: 'policy.networking.k8s.io/v1alpha2',
  AdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
  BaselineAdminNetworkPolicy: 'policy.networking.k8s.io/v1alpha1',
};

/** A cluster policy around a spec body (lines indented under `spec:`). */
function cluster(specLines: string[], kind: Kind = 'ClusterNetworkPolicy', name = kind === 'BaselineAdminNetworkPolicy' ? 'default' : 'guardrails'): string {
  return yaml(`apiVersion: ${API[kind]}`, `kind: ${kind}`, 'metadata:', `  name: ${name}`, 'spec:', ...specLines.map((l) => `  ${l}`));
}

const channel = (c: 'standard' | 'experimental'): LintConfig => ({ ...defaultConfig(), clusterNetworkPolicy: { channel: c } });
const EXPERIMENTAL = channel('experimental');

/** The head of a valid Admin CNP, then its rules. */
const admin = (...rules: string[]) => cluster(['tier: Admin', 'priority: 10', 'subject:', '  namespaces: {}', ...rules]);
/** An Admin CNP with one egress rule: action, then the given `to` items and extra lines of the rule. */
const egress = (to: string[], more: string[] = [], action = 'Deny') =>
  admin('egress:', `  - action: ${action}`, '    to:', ...to.map((l) => `      ${l}`), ...more.map((l) => `    ${l}`));
const ingress = (from: string[], more: string[] = []) =>
  admin('ingress:', '  - action: Deny', '    from:', ...from.map((l) => `      ${l}`), ...more.map((l) => `    ${l}`));
/** An Admin CNP whose egress rule to all namespaces has these `protocols` items. */
const protocols = (...items: string[]) => egress(['- namespaces: {}'], ['protocols:', ...items.map((l) => `  ${l}`)]);
const anp = (...specLines: string[]) => cluster(specLines, 'AdminNetworkPolicy');
const banp = (...specLines: string[]) => cluster(specLines, 'BaselineAdminNetworkPolicy');

const VALID: { what: string; text: string; config?: LintConfig }[] = [
  {
    what: 'an Admin ClusterNetworkPolicy (tenant isolation: pass, deny, accept DNS)',
    text: cluster([
      'tier: Admin',
      'priority: 10',
      'subject:',
      '  namespaces:',
      '    matchExpressions:',
      '      - {key: tenant, operator: Exists}',
      'ingress:',
      '  - name: pass-same-tenant',
      '    action: Pass',
      '    from:',
      '      - namespaces:',
      '          matchLabels: {tenant: a}',
      '  - name: deny-other-tenants',
      '    action: Deny',
      '    from:',
      '      - namespaces:',
      '          matchExpressions:',
      '            - {key: tenant, operator: Exists}',
      'egress:',
      '  - name: allow-dns',
      '    action: Accept',
      '    to:',
      '      - pods:',
      '          namespaceSelector:',
      '            matchLabels: {kubernetes.io/metadata.name: kube-system}',
      '          podSelector:',
      '            matchLabels: {k8s-app: kube-dns}',
      '    protocols:',
      '      - udp: {destinationPort: {number: 53}}',
      '      - tcp: {destinationPort: {range: {start: 53, end: 54}}}',
      '      - sctp: {destinationPort: {number: 9}}',
      '      - destinationNamedPort: dns',
      '  - action: Deny',
      '    to:',
      '      - networks: ["10.0.0.0/8", "fd00::/8", "10.0.0.5/24", "::ffff:10.0.0.0/104"]',
    ]),
  },
  {
    what: 'a Baseline ClusterNetworkPolicy (default deny with DNS), pods subject without namespaceSelector',
    text: cluster([
      'tier: Baseline',
      'priority: 0',
      'subject:',
      '  pods:',
      '    podSelector: {}',
      'egress:',
      '  - action: Accept',
      '    to:',
      '      - namespaces: {}',
      '    protocols:',
      '      - udp: {destinationPort: {number: 53}}',
      '  - action: Deny',
      '    to:',
      '      - networks: ["0.0.0.0/0", "::/0"]',
      'ingress:',
      '  - action: Deny',
      '    from:',
      '      - namespaces: {}',
    ]),
  },
  {
    what: 'an experimental ClusterNetworkPolicy with nodes and domainNames',
    config: EXPERIMENTAL,
    text: egress(['- nodes:', '    matchLabels: {role: infra}', '- domainNames: ["*.example.com", "registry.example.com."]'], [], 'Accept'),
  },
  {
    what: 'a ClusterNetworkPolicy from `kubectl get -o yaml` (status, metadata fields)',
    text: yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      'metadata:',
      '  name: guardrails',
      '  uid: 0b5f2c1e',
      '  resourceVersion: "42"',
      '  generation: 1',
      '  labels: {team: platform}',
      'spec:',
      '  tier: Admin',
      '  priority: 1000',
      '  subject: {namespaces: {}}',
      'status:',
      '  conditions: []',
    ),
  },
];

const VALID_V1ALPHA1: { what: string; text: string; config?: LintConfig }[] = [
  {
    what: 'an AdminNetworkPolicy',
    text: anp(
      'priority: 10',
      'subject:',
      '  pods:',
      '    namespaceSelector: {}',
      '    podSelector: {matchLabels: {app: web}}',
      'ingress:',
      '  - action: Allow',
      '    from:',
      '      - namespaces: {matchLabels: {team: platform}}',
      '    ports:',
      '      - portNumber: {port: 80}',
      '      - portNumber: {port: 53, protocol: UDP}',
      '      - portRange: {start: 8000, end: 9000, protocol: TCP}',
      'egress:',
      '  - action: Pass',
      '    to:',
      '      - networks: ["10.0.0.0/8"]',
    ),
  },
  {
    what: 'a BaselineAdminNetworkPolicy named default',
    text: banp(
      'subject:',
      '  namespaces: {}',
      'egress:',
      '  - action: Deny',
      '    to:',
      '      - pods:',
      '          namespaceSelector: {}',
      '          podSelector: {}',
    ),
  },
  {
    what: 'an experimental AdminNetworkPolicy with namedPort, nodes and domainNames',
    config: EXPERIMENTAL,
    text: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'egress:',
      '  - action: Allow',
      '    to: [{nodes: {}}, {domainNames: ["*.example.com"]}]',
      '  - action: Allow',
      '    to: [{namespaces: {}}]',
      '    ports: [{namedPort: http}]',
    ),
  },
];

interface Case {
  code: string;
  what: string;
  wrong: string;
  /** The text each finding of the code points at, in order. */
  at: string[];
  message: RegExp;
  config?: LintConfig;
  /** Other error codes the same text rightly has too. */
  also?: string[];
}

const CASES: Case[] = [
  // required fields
  {
    code: 'missing-required',
    what: 'spec.tier, spec.priority (required)',
    wrong: cluster(['subject: {namespaces: {}}']),
    at: ['spec', 'spec'],
    message: /^Required value: the API server rejects this ClusterNetworkPolicy \(spec\.priority\)$/,
  },
  {
    code: 'missing-required',
    what: 'spec.subject (required)',
    wrong: cluster(['tier: Admin', 'priority: 1']),
    at: ['spec'],
    message: /^Required value.* \(spec\.subject\)$/,
  },
  {
    code: 'missing-required',
    what: 'spec (required)',
    wrong: yaml(`apiVersion: ${API.ClusterNetworkPolicy}`, 'kind: ClusterNetworkPolicy', 'metadata:', '  name: x'),
    at: ['apiVersion: policy.networking.k8s.io/v1alpha2'],
    message: /^Required value.* \(spec\)$/,
  },
  {
    code: 'missing-required',
    what: 'metadata.name',
    wrong: yaml(
      `apiVersion: ${API.ClusterNetworkPolicy}`,
      'kind: ClusterNetworkPolicy',
      'metadata:',
      '  generateName: x-',
      'spec:',
      '  tier: Admin',
      '  priority: 1',
      '  subject: {namespaces: {}}',
    ),
    at: ['metadata'],
    message: /^No name: kubectl apply needs a name \(generateName is not enough\): the API server rejects this ClusterNetworkPolicy \(metadata\.name\)$/,
  },
  {
    code: 'missing-required',
    what: "a rule's action",
    wrong: admin('ingress:', '  - from: [{namespaces: {}}]'),
    at: ['from: [{namespaces: {}}]'],
    message: /^Required value.* \(spec\.ingress\[0\]\.action\)$/,
  },
  {
    code: 'missing-required',
    what: "an ingress rule's from",
    wrong: admin('ingress:', '  - action: Deny'),
    at: ['action: Deny'],
    message: /^Required value.* \(spec\.ingress\[0\]\.from\)$/,
  },
  {
    code: 'missing-required',
    what: "an egress rule's to",
    wrong: admin('egress:', '  - action: Deny'),
    at: ['action: Deny'],
    message: /^Required value.* \(spec\.egress\[0\]\.to\)$/,
  },
  {
    code: 'missing-required',
    what: 'pods.podSelector',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject:', '  pods:', '    namespaceSelector: {}']),
    at: ['pods'],
    message: /^Required value.* \(spec\.subject\.pods\.podSelector\)$/,
  },
  {
    code: 'missing-required',
    what: "a match expression's operator",
    wrong: ingress(['- namespaces:', '    matchExpressions:', '      - key: tenant']),
    at: ['key: tenant'],
    message: /^Required value.* \(\S*matchExpressions\[0\]\.operator\)$/,
  },
  {
    code: 'missing-required',
    what: "a port range's end",
    wrong: protocols('- tcp: {destinationPort: {range: {start: 80}}}'),
    at: ['range'],
    message: /^Required value.* \(\S*range\.end\)$/,
  },
  {
    code: 'missing-required',
    what: 'v1alpha1: pods.namespaceSelector',
    wrong: anp('priority: 1', 'subject:', '  pods:', '    podSelector: {}'),
    at: ['pods'],
    message: /^Required value.* \(spec\.subject\.pods\.namespaceSelector\)$/,
    also: [],
  },
  {
    code: 'missing-required',
    what: 'v1alpha1: AdminNetworkPolicy priority',
    wrong: anp('subject: {namespaces: {}}'),
    at: ['spec'],
    message: /^Required value: the API server rejects this AdminNetworkPolicy.* \(spec\.priority\)$/,
  },
  {
    code: 'missing-required',
    what: 'v1alpha1: portRange.start',
    wrong: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'ingress:',
      '  - action: Deny',
      '    from: [{namespaces: {}}]',
      '    ports: [{portRange: {end: 90}}]',
    ),
    at: ['portRange'],
    message: /^Required value.* \(\S*portRange\.start\)$/,
  },
  // enums
  {
    code: 'unsupported-value',
    what: 'a tier in the wrong case',
    wrong: cluster(['tier: admin', 'priority: 1', 'subject: {namespaces: {}}']),
    at: ['admin'],
    message: /^Unsupported value: "admin": supported values: "Admin", "Baseline".* \(spec\.tier\)$/,
  },
  {
    code: 'unsupported-value',
    what: "v1alpha1's Allow in a ClusterNetworkPolicy",
    wrong: admin('ingress:', '  - action: Allow', '    from: [{namespaces: {}}]'),
    at: ['Allow'],
    message: /^Unsupported value: "Allow": supported values: "Accept", "Deny", "Pass".* \(spec\.ingress\[0\]\.action\)$/,
  },
  {
    code: 'unsupported-value',
    what: "v1alpha2's Accept in an AdminNetworkPolicy",
    wrong: anp('priority: 1', 'subject: {namespaces: {}}', 'egress:', '  - action: Accept', '    to: [{namespaces: {}}]'),
    at: ['Accept'],
    message: /supported values: "Allow", "Deny", "Pass"/,
  },
  {
    code: 'unsupported-value',
    what: 'Pass in a BaselineAdminNetworkPolicy',
    wrong: banp('subject: {namespaces: {}}', 'egress:', '  - action: Pass', '    to: [{namespaces: {}}]'),
    at: ['Pass'],
    message: /supported values: "Allow", "Deny"$|supported values: "Allow", "Deny":/,
  },
  // bounds
  {
    code: 'out-of-bounds',
    what: 'priority above 1000',
    wrong: cluster(['tier: Admin', 'priority: 1001', 'subject: {namespaces: {}}']),
    at: ['1001'],
    message: /^Invalid value: 1001: should be less than or equal to 1000.* \(spec\.priority\)$/,
  },
  {
    code: 'out-of-bounds',
    what: 'a negative priority',
    wrong: cluster(['tier: Baseline', 'priority: -1', 'subject: {namespaces: {}}']),
    at: ['-1'],
    message: /greater than or equal to 0/,
  },
  {
    code: 'out-of-bounds',
    what: 'an empty from',
    wrong: ingress([]).replace('    from:\n', '    from: []\n'),
    at: ['from'],
    message: /^Invalid value: 0: should have at least 1 items.* \(spec\.ingress\[0\]\.from\)$/,
  },
  {
    code: 'out-of-bounds',
    what: 'empty protocols',
    wrong: egress(['- namespaces: {}'], ['protocols: []']),
    at: ['protocols'],
    message: /^Invalid value: 0: should have at least 1 items.* \(\S*protocols\)$/,
  },
  {
    code: 'out-of-bounds',
    what: 'empty networks',
    wrong: egress(['- networks: []']),
    at: ['networks'],
    message: /^Invalid value: 0: should have at least 1 items.* \(\S*networks\)$/,
  },
  {
    code: 'out-of-bounds',
    what: '26 egress rules',
    wrong: admin('egress:', ...Array.from({ length: 26 }, (_, i) => `  - {action: Deny, name: r${i}, to: [{namespaces: {}}]}`)),
    at: ['{action: Deny, name: r25, to: [{namespaces: {}}]}'],
    message: /^Too many: 26: must have at most 25 items.* \(spec\.egress\)$/,
  },
  {
    code: 'out-of-bounds',
    what: '26 networks',
    wrong: egress([`- networks: [${Array.from({ length: 26 }, (_, i) => `10.0.${i}.0/24`).join(', ')}]`]),
    at: ['10.0.25.0/24'],
    message: /^Too many: 26: must have at most 25 items.* \(\S*networks\)$/,
  },
  {
    code: 'out-of-bounds',
    what: 'a rule name over 100 bytes',
    wrong: admin('ingress:', `  - name: ${'n'.repeat(101)}`, '    action: Deny', '    from: [{namespaces: {}}]'),
    at: ['n'.repeat(101)],
    message: /^Too long: may not be more than 100 bytes.* \(\S*name\)$/,
  },
  {
    code: 'out-of-bounds',
    what: 'v1alpha1: 101 ports',
    wrong: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'ingress:',
      '  - action: Deny',
      '    from: [{namespaces: {}}]',
      `    ports: [${Array.from({ length: 101 }, (_, i) => `{portNumber: {port: ${i + 1}}}`).join(', ')}]`,
    ),
    at: ['{portNumber: {port: 101}}'],
    message: /^Too many: 101: must have at most 100 items.* \(\S*ports\)$/,
  },
  // exactly one of
  {
    code: 'exactly-one-of',
    what: 'a subject with namespaces and pods',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject:', '  namespaces: {}', '  pods: {podSelector: {}}']),
    at: ['pods'],
    message: /^Too many: 2: must have at most 1 items.* \(spec\.subject\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'an empty subject',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject: {}']),
    at: ['subject'],
    message: /^Invalid value: "object": should have at least 1 properties.* \(spec\.subject\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'an empty peer',
    wrong: ingress(['- {}']),
    at: ['{}'],
    message: /^Invalid value: "object": should have at least 1 properties: set exactly one of namespaces, pods.* \(\S*from\[0\]\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'a peer with namespaces and networks',
    wrong: egress(['- namespaces: {}', '  networks: ["10.0.0.0/8"]']),
    at: ['networks'],
    message: /^Too many: 2.* \(\S*to\[0\]\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'a protocol entry with tcp and udp',
    wrong: protocols('- tcp: {destinationPort: {number: 80}}', '  udp: {destinationPort: {number: 80}}'),
    at: ['udp'],
    message: /^Too many: 2.* \(\S*protocols\[0\]\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'a destinationPort with number and range',
    wrong: protocols('- tcp: {destinationPort: {number: 80, range: {start: 1, end: 2}}}'),
    at: ['range'],
    message: /^Too many: 2.* \(\S*destinationPort\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'tcp without a destinationPort',
    wrong: protocols('- tcp: {}'),
    at: ['tcp'],
    message: /^Invalid value: "object": should have at least 1 properties.* \(\S*protocols\[0\]\.tcp\)$/,
  },
  {
    code: 'exactly-one-of',
    what: 'v1alpha1: portNumber and portRange',
    wrong: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'ingress:',
      '  - action: Deny',
      '    from: [{namespaces: {}}]',
      '    ports: [{portNumber: {port: 80}, portRange: {start: 1, end: 2}}]',
    ),
    at: ['portRange'],
    message: /^Too many: 2.* \(\S*ports\[0\]\)$/,
  },
  // sets
  {
    code: 'duplicate-value',
    what: 'the same network twice',
    wrong: egress(['- networks:', '    - 10.0.0.0/8', '    - 10.0.0.0/8']),
    at: ['10.0.0.0/8'],
    message: /^Duplicate value: "10\.0\.0\.0\/8".* \(\S*networks\[1\]\)$/,
  },
  {
    code: 'duplicate-value',
    what: 'the same domain name twice (experimental)',
    config: EXPERIMENTAL,
    wrong: egress(['- domainNames: [a.example.com, a.example.com]'], [], 'Accept'),
    at: ['a.example.com'],
    message: /^Duplicate value.* \(\S*domainNames\[1\]\)$/,
  },
  // isCIDR
  {
    code: 'invalid-cidr',
    what: 'a network without a prefix length',
    wrong: egress(['- networks: ["10.0.0.1"]']),
    at: ['"10.0.0.1"'],
    message: /^Invalid value: "string": Invalid CIDR format provided.* \(\S*networks\[0\]\)$/,
  },
  {
    code: 'invalid-cidr',
    what: 'a prefix longer than 32',
    wrong: egress(['- networks: ["10.0.0.0/33"]']),
    at: ['"10.0.0.0/33"'],
    message: /Invalid CIDR format provided/,
  },
  {
    code: 'invalid-cidr',
    what: 'leading zeros (netip.ParsePrefix)',
    wrong: egress(['- networks: ["10.01.0.0/16", "10.0.0.0/08"]']),
    at: ['"10.01.0.0/16"', '"10.0.0.0/08"'],
    message: /Invalid CIDR format provided/,
  },
  {
    code: 'invalid-cidr',
    what: 'an IPv6 zone',
    wrong: egress(['- networks: ["fe80::1%eth0/64"]']),
    at: ['"fe80::1%eth0/64"'],
    message: /Invalid CIDR format provided/,
  },
  {
    code: 'invalid-cidr',
    what: 'v1alpha1 networks',
    wrong: anp('priority: 1', 'subject: {namespaces: {}}', 'egress:', '  - action: Deny', '    to: [{networks: [not-a-cidr]}]'),
    at: ['not-a-cidr'],
    message: /Invalid CIDR format provided/,
  },
  {
    code: 'out-of-bounds',
    what: 'a network longer than 43 characters',
    wrong: egress(['- networks: ["2001:0db8:0000:0000:0000:0000:0000:0000/0128"]']),
    at: ['"2001:0db8:0000:0000:0000:0000:0000:0000/0128"'],
    message: /Too long: may not be more than 43 bytes/,
    also: ['invalid-cidr'],
  },
  // ports
  {
    code: 'port-out-of-range',
    what: 'port 0',
    wrong: protocols('- tcp: {destinationPort: {number: 0}}'),
    at: ['0'],
    message: /^Invalid value: 0: should be greater than or equal to 1.* \(\S*destinationPort\.number\)$/,
  },
  {
    code: 'port-out-of-range',
    what: 'a range end above 65535',
    wrong: protocols('- udp: {destinationPort: {range: {start: 1, end: 65536}}}'),
    at: ['65536'],
    message: /^Invalid value: 65536: should be less than or equal to 65535.* \(\S*range\.end\)$/,
  },
  {
    code: 'port-out-of-range',
    what: 'v1alpha1 portNumber.port 70000',
    wrong: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'ingress:',
      '  - action: Deny',
      '    from: [{namespaces: {}}]',
      '    ports: [{portNumber: {port: 70000}}]',
    ),
    at: ['70000'],
    message: /^Invalid value: 70000.* \(\S*portNumber\.port\)$/,
  },
  {
    code: 'invalid-end-port',
    what: 'start equal to end',
    wrong: protocols('- tcp: {destinationPort: {range: {start: 80, end: 80}}}'),
    at: ['range'],
    message: /^Invalid value: "object": Start port must be less than End port.* \(\S*range\)$/,
  },
  {
    code: 'invalid-end-port',
    what: 'start after end',
    wrong: protocols('- sctp:', '    destinationPort:', '      range:', '        start: 90', '        end: 80'),
    at: ['range'],
    message: /Start port must be less than End port/,
  },
  // types and fields
  {
    code: 'wrong-type',
    what: 'a quoted priority',
    wrong: cluster(['tier: Admin', 'priority: "10"', 'subject: {namespaces: {}}']),
    at: ['"10"'],
    message: /^Must be an integer, not a string.* \(spec\.priority\)$/,
  },
  {
    code: 'wrong-type',
    what: 'a subject list',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject: [namespaces]']),
    at: ['[namespaces]'],
    message: /^Must be a map, not a list.* \(spec\.subject\)$/,
  },
  {
    code: 'wrong-type',
    what: 'a YAML 1.1 boolean rule name',
    wrong: admin('ingress:', '  - name: on', '    action: Deny', '    from: [{namespaces: {}}]'),
    at: ['on'],
    message: /^Must be a string, not a boolean: Kubernetes reads YAML 1\.1.* \(\S*name\)$/,
  },
  {
    code: 'unknown-field',
    what: 'a NetworkPolicy habit: podSelector in a peer',
    wrong: ingress(['- podSelector: {}']),
    at: ['podSelector'],
    message: /^Unknown field "podSelector": kubectl's strict field validation rejects this ClusterNetworkPolicy.* \(\S*from\[0\]\.podSelector\)$/,
  },
  {
    code: 'unknown-field',
    what: 'a typo',
    wrong: cluster(['tier: Admin', 'priorty: 1', 'subject: {namespaces: {}}']),
    at: ['priorty'],
    message: /did you mean "priority"\?/,
    also: ['missing-required'],
  },
  {
    code: 'unknown-field',
    what: 'nodes in the standard channel',
    wrong: egress(['- nodes: {}']),
    at: ['nodes'],
    message: /"nodes" is a field of the experimental channel's CRD only/,
  },
  {
    code: 'unknown-field',
    what: 'domainNames in the standard channel',
    wrong: egress(['- domainNames: [example.com]']),
    at: ['domainNames'],
    message: /experimental channel's CRD only/,
  },
  {
    code: 'unknown-field',
    what: 'v1alpha1 namedPort in the standard channel',
    wrong: anp('priority: 1', 'subject: {namespaces: {}}', 'ingress:', '  - action: Deny', '    from: [{namespaces: {}}]', '    ports: [{namedPort: http}]'),
    at: ['namedPort'],
    message: /experimental channel's CRD only/,
  },
  {
    code: 'unknown-field',
    what: 'domainNames in a BaselineAdminNetworkPolicy, even experimental',
    config: EXPERIMENTAL,
    wrong: banp('subject: {namespaces: {}}', 'egress:', '  - action: Deny', '    to: [{domainNames: [example.com]}]'),
    at: ['domainNames'],
    message: /^Unknown field "domainNames".* \(\S*domainNames\)$/,
  },
  // experimental channel
  {
    code: 'invalid-domain-name',
    what: 'a wildcard in the middle',
    config: EXPERIMENTAL,
    wrong: egress(['- domainNames: ["registry.*.example.com"]'], [], 'Accept'),
    at: ['"registry.*.example.com"'],
    message: /^Invalid value: "registry\.\*\.example\.com": should match '\^.* \(\S*domainNames\[0\]\)$/,
  },
  {
    code: 'invalid-domain-name',
    what: 'a single label',
    config: EXPERIMENTAL,
    wrong: egress(['- domainNames: [localhost]'], [], 'Accept'),
    at: ['localhost'],
    message: /should match/,
  },
  {
    code: 'named-port-with-networks',
    what: 'networks with destinationNamedPort (experimental CEL)',
    config: EXPERIMENTAL,
    wrong: egress(['- networks: ["203.0.113.0/24"]'], ['protocols: [{destinationNamedPort: https}]'], 'Accept'),
    at: ['destinationNamedPort'],
    message: /^Invalid value: "object": networks\/nodes\/domainNames peer cannot be set with namedPorts.* \(spec\.egress\[0\]\)$/,
  },
  {
    code: 'named-port-with-networks',
    what: 'v1alpha1 BANP nodes with namedPort (its own CEL message)',
    config: EXPERIMENTAL,
    wrong: banp('subject: {namespaces: {}}', 'egress:', '  - action: Allow', '    to: [{nodes: {}}]', '    ports: [{namedPort: http}]'),
    at: ['namedPort'],
    message: /networks\/nodes peer cannot be set with namedPorts since there are no namedPorts for networks\/nodes:/,
  },
  // names
  {
    code: 'invalid-name',
    what: 'a BaselineAdminNetworkPolicy not named default',
    wrong: cluster(['subject: {namespaces: {}}'], 'BaselineAdminNetworkPolicy', 'baseline'),
    at: ['baseline'],
    message:
      /^Invalid name "baseline": only one baseline admin network policy can be created in the cluster, and it must be named "default": the API server rejects this BaselineAdminNetworkPolicy \(metadata\.name\)$/,
  },
  {
    code: 'invalid-name',
    what: 'a name that is not a DNS subdomain',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject: {namespaces: {}}'], 'ClusterNetworkPolicy', 'Guard_Rails'),
    at: ['Guard_Rails'],
    message: /^Invalid name "Guard_Rails": a lowercase RFC 1123 subdomain.* \(metadata\.name\)$/,
  },
  {
    code: 'invalid-label-key',
    what: 'a metadata label key (as on every object)',
    wrong: cluster(['tier: Admin', 'priority: 1', 'subject: {namespaces: {}}']).replace(
      '  name: guardrails\n',
      '  name: guardrails\n  labels: {"bad key": x}\n',
    ),
    at: ['"bad key"'],
    message: /^Invalid label key.* \(metadata\.labels\)$/,
  },
];

/** Near misses: what the CRDs accept, close to a case above. */
const ACCEPTED: { what: string; text: string; config?: LintConfig }[] = [
  {
    what: 'host bits and IPv4-mapped networks (isCIDR is netip.ParsePrefix)',
    text: egress(['- networks: ["10.0.0.5/24", "::ffff:10.0.0.0/104", "2001:db8::/32"]']),
  },
  {
    what: 'priority 0 and 1000',
    text:
      cluster(['tier: Admin', 'priority: 0', 'subject: {namespaces: {}}']) +
      '---\n' +
      cluster(['tier: Baseline', 'priority: 1000', 'subject: {namespaces: {}}']),
  },
  { what: '25 networks', text: egress([`- networks: [${Array.from({ length: 25 }, (_, i) => `10.0.${i}.0/24`).join(', ')}]`]) },
  { what: 'a 100-byte rule name', text: admin('ingress:', `  - name: ${'n'.repeat(100)}`, '    action: Deny', '    from: [{namespaces: {}}]') },
  { what: 'a range of two ports', text: protocols('- tcp: {destinationPort: {range: {start: 1, end: 2}}}') },
  { what: 'null fields are pruned, not errors', text: cluster(['tier: Admin', 'priority: 1', 'subject:', '  namespaces: {}', '  pods: null', 'egress: null']) },
  {
    what: 'networks with a named port in the standard channel (no such CEL rule there)',
    text: egress(['- networks: ["203.0.113.0/24"]'], ['protocols: [{destinationNamedPort: https}]'], 'Accept'),
  },
  {
    what: "v1alpha1 ports' protocol defaults to TCP (required, but defaulted)",
    text: anp(
      'priority: 1',
      'subject: {namespaces: {}}',
      'ingress:',
      '  - action: Deny',
      '    from: [{namespaces: {}}]',
      '    ports: [{portNumber: {port: 80}}]',
    ),
  },
];

/** Problem first, the field path last (messages.test.ts), for every finding but a YAML error (about no field). */
function assertProblemFirst(found: readonly FileFinding[], context = ''): void {
  for (const f of found) {
    if (f.code === 'yaml-syntax') continue;
    assert.equal(problemFirstViolation(f.message, true), undefined, `${f.code}: ${f.message}\n${context}`);
  }
}

describe('cluster policies: valid objects', () => {
  for (const { what, text, config } of VALID) {
    it(`${what}: no finding`, () => {
      assert.deepEqual(
        lint(text, config).map((f) => `${f.code}: ${f.message}`),
        [],
      );
    });
  }
  for (const { what, text, config } of VALID_V1ALPHA1) {
    it(`${what}: only the deprecation`, () => {
      assert.deepEqual(
        lint(text, config).map((f) => `${f.code}/${f.severity}`),
        ['deprecated-api-version/warning'],
      );
    });
  }
  for (const { what, text, config } of ACCEPTED) {
    it(`accepted: ${what}`, () => {
      assert.deepEqual(
        lint(text, config)
          .filter((f) => f.severity === 'error')
          .map((f) => `${f.code}: ${f.message}`),
        [],
      );
    });
  }
});

describe('cluster policies: each CRD constraint', () => {
  for (const c of CASES) {
    it(`${c.code}: ${c.what}`, () => {
      const found = lint(c.wrong, c.config);
      const mine = found.filter((f) => f.code === c.code);
      assert.deepEqual(
        mine.map((f) => pointed(c.wrong, f)),
        c.at,
        mine.map((f) => f.message).join('\n'),
      );
      for (const f of mine) assert.equal(f.severity, 'error');
      assert.match(mine[0].message, c.message);
      assertProblemFirst(found);
      const others = found.filter((f) => f.severity === 'error' && f.code !== c.code && !(c.also ?? []).includes(f.code));
      assert.deepEqual(
        others.map((f) => `${f.code}: ${f.message}`),
        [],
      );
    });
  }
});

describe('cluster policies: fixes and channels', () => {
  it('unsupported-value writes the value meant (case, v1alpha1 Allow), and the result is accepted', () => {
    // from one namespace: an Accept from every namespace would rightly be admin-accept-all-namespaces
    const from = '    from: [{namespaces: {matchLabels: {kubernetes.io/metadata.name: monitoring}}}]';
    const text = cluster(['tier: admin', 'priority: 1', 'subject: {namespaces: {}}', 'ingress:', '  - action: Allow', from]);
    let fixed = text;
    for (const title of ['Change it to Admin', 'Change it to Accept']) {
      const f = lint(fixed).find((x) => x.code === 'unsupported-value' && x.fixes?.some((y) => y.title === title));
      assert.ok(f, title);
      fixed = applyFix(fixed, f, title);
    }
    assert.deepEqual(
      lint(fixed).map((f) => f.code),
      [],
    );
  });

  it('unsupported-value offers no fix when no value is meant unambiguously', () => {
    const f = lint(cluster(['tier: Middle', 'priority: 1', 'subject: {namespaces: {}}'])).find((x) => x.code === 'unsupported-value');
    assert.ok(f);
    assert.deepEqual(f.fixes ?? [], []);
  });

  it('duplicate-value removes the repeated item, block or flow', () => {
    const block = egress(['- networks:', '    - 10.0.0.0/8', '    - 10.0.0.0/8', '    - 192.168.0.0/16']);
    const flow = egress(['- networks: ["10.0.0.0/8", "10.0.0.0/8"]']);
    for (const text of [block, flow]) {
      const f = lint(text).find((x) => x.code === 'duplicate-value')!;
      const fixed = applyFix(text, f, 'Remove the duplicate');
      assert.deepEqual(
        lint(fixed).map((x) => x.code),
        [],
        fixed,
      );
      assert.equal(fixed.split('10.0.0.0/8').length - 1, 1, fixed);
    }
  });

  it('the channel decides nodes / domainNames / the named-port rule: one text, two answers', () => {
    const text = egress(['- nodes: {}', '- domainNames: [example.com]'], [], 'Accept');
    assert.deepEqual(
      lint(text, channel('standard')).map((f) => f.code),
      ['unknown-field', 'unknown-field'],
    );
    assert.deepEqual(
      lint(text, EXPERIMENTAL).map((f) => f.code),
      [],
    );
  });

  it("Antrea's crd.antrea.io ClusterNetworkPolicy is someone else's", () => {
    const antrea = yaml(
      'apiVersion: crd.antrea.io/v1beta1',
      'kind: ClusterNetworkPolicy',
      'metadata:',
      '  name: x',
      'spec:',
      '  priority: 5.5',
      '  tier: securityops',
      '  appliedTo: [{podSelector: {}}]',
    );
    assert.deepEqual(lint(antrea), []);
  });

  it('items of a List and of a typed list are checked with their path', () => {
    const item = [
      '  - apiVersion: policy.networking.k8s.io/v1alpha2',
      '    kind: ClusterNetworkPolicy',
      '    metadata: {name: a}',
      '    spec: {tier: admin, priority: 1, subject: {namespaces: {}}}',
    ];
    const list = yaml('apiVersion: v1', 'kind: List', 'items:', ...item);
    const typed = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicyList',
      'items:',
      '  - metadata: {name: a}',
      '    spec: {tier: admin, priority: 1, subject: {namespaces: {}}}',
    );
    for (const text of [list, typed]) {
      const f = lint(text).filter((x) => x.severity === 'error');
      assert.deepEqual(
        f.map((x) => messagePath(x.message)),
        ['items[0].spec.tier'],
        text,
      );
    }
  });

  it('an item of a v1alpha1 typed list without its own kind is deprecated too (never an internal error)', () => {
    const text = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha1',
      'kind: AdminNetworkPolicyList',
      'items:',
      '  - metadata: {name: a}',
      '    spec: {priority: 1, subject: {namespaces: {}}}',
    );
    const found = lint(text);
    assert.deepEqual(
      found.map((f) => `${f.code}@${pointed(text, f)}`),
      ['deprecated-api-version@metadata'],
    );
    assert.match(
      found[0].message,
      /^Deprecated API version: network-policy-api v0\.2\.0 replaced AdminNetworkPolicy \(policy\.networking\.k8s\.io\/v1alpha1\) .* \(items\[0\]\.apiVersion\)$/,
    );
  });

  it('a broken cluster policy document is ours: its YAML error is reported', () => {
    const text = yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      'metadata:',
      '  name: x',
      'spec:',
      '  tier: "Admin',
      '  priority: 1',
    );
    assert.deepEqual(
      lint(text).map((f) => f.code),
      ['yaml-syntax'],
    );
  });
});

describe('cluster policies: bad input is reported, never a crash', () => {
  // values of every shape where any value may sit, and lines dropped: never an internal error
  const VALUES = ['null', '~', '[]', '{}', '"x"', '0', '-1', '1.5', 'yes', '[1, {a: b}]', '{tcp: {}}', '*a', '"10.0.0.0/8"'];
  it('survives every value replaced and every line dropped, in each valid object, and says what is wrong first', () => {
    let checked = 0;
    for (const { text, config } of [...VALID, ...VALID_V1ALPHA1]) {
      const lines = text.split('\n');
      for (let i = 0; i < lines.length; i++) {
        const variants = [lines.filter((_, j) => j !== i).join('\n')];
        const m = /^(\s*(?:- )?[\w.-]+:)\s+(.+)$/.exec(lines[i]);
        if (m) for (const v of VALUES) variants.push([...lines.slice(0, i), `${m[1]} ${v}`, ...lines.slice(i + 1)].join('\n'));
        for (const variant of variants) {
          const found = lint(variant, config);
          assert.deepEqual(
            found.filter((f) => f.code === 'internal-error'),
            [],
            variant,
          );
          assertProblemFirst(found, variant);
          checked++;
        }
      }
    }
    assert.ok(checked > 500, `${checked}`);
  });
});
