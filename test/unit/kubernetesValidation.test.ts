/**
 * Ground truth: every case of Kubernetes' own NetworkPolicy validation test, written as a manifest.
 * A success case must get no error-severity finding (warnings are the product's advice, not a
 * rejection); an error case must get at least one error. Each runs under every modelled Kubernetes
 * version, since none of these cases is one where versions differ (their CIDRs are canonical or
 * invalid in both generations, their selector values are valid, `endPort` is GA before 1.27).
 *
 * The cases are TestValidateNetworkPolicy's `successCases` and `errorCases` in kubernetes/kubernetes
 * pkg/apis/networking/validation/validation_test.go (Apache-2.0, Copyright 2014 The Kubernetes
 * Authors; read at commit 9556096b1b6f716a1ed482cba3ec6cce1e70074d). Every case starts from
 * makeValidNetworkPolicy (`foo` in namespace `bar`, podSelector `a: b`) and applies the "tweak"
 * helpers named with it, in order (a later tweak may replace what an earlier one set, as
 * setIngressEmptyPorts replaces the ingress rules). The success cases have no names upstream: they
 * are named here by their index and their tweaks. makePort(proto, 0, endPort) leaves `port` unset
 * and a nil proto leaves `protocol` unset; both are written that way here.
 *
 * TestValidateNetworkPolicyUpdate is left out: its cases compare an old and a new object (a renamed
 * policy is rejected as an update), which no single manifest expresses.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { KUBERNETES_VERSIONS, LATEST_KUBERNETES_VERSION } from '../../server/src/core/kubernetes';
import { lint, policy, yaml } from '../helpers';

interface UpstreamCase {
  /** The upstream case name (or, for an unnamed success case, its index and tweaks). */
  name: string;
  /** The spec, as lines under `spec:`. */
  spec: string[];
}

interface UpstreamErrorCase extends UpstreamCase {
  /** The rule that owns the rejected field: every error is this rule's (upstream asserts only that there is one). */
  rule: string;
}

/** makeValidNetworkPolicy: the pod selector every case starts from (unless a tweak replaces the spec). */
const POD_SELECTOR = ['podSelector:', '  matchLabels: {a: b}'];

/** The port lists of success cases 2 and 10 (setIngressPorts / setEgressPorts with five ports). */
const FIVE_PORTS = [
  '  - ports:',
  '      - port: 80',
  '      - protocol: TCP',
  '      - {protocol: TCP, port: 443}',
  '      - {protocol: UDP, port: dns}',
  '      - {protocol: SCTP, port: 7777}',
];

const IPV4_BLOCK = 'ipBlock: {cidr: 192.168.0.0/16, except: [192.168.3.0/24, 192.168.4.0/24]}';
const IPV6_BLOCK = 'ipBlock: {cidr: "fd00:192:168::/48", except: ["fd00:192:168:3::/64", "fd00:192:168:4::/64"]}';
/** invalidSelector: a label key the API server rejects. */
const INVALID_SELECTOR = 'matchLabels: {"NoUppercaseOrSpecialCharsLike=Equals": b}';

const SUCCESS_CASES: UpstreamCase[] = [
  { name: 'successCases[0]: setIngressEmptyFirstElement', spec: [...POD_SELECTOR, 'ingress:', '  - {}'] },
  {
    // setIngressEmptyPorts replaces the ingress rules setIngressFromEmptyFirstElement made
    name: 'successCases[1]: setIngressFromEmptyFirstElement, setIngressEmptyPorts',
    spec: [...POD_SELECTOR, 'ingress:', '  - ports:', '      - {}'],
  },
  { name: 'successCases[2]: setIngressPorts(five ports)', spec: [...POD_SELECTOR, 'ingress:', ...FIVE_PORTS] },
  {
    name: 'successCases[3]: setIngressFromPodSelector("c", "d")',
    spec: [...POD_SELECTOR, 'ingress:', '  - from:', '      - podSelector: {matchLabels: {c: d}}'],
  },
  {
    name: 'successCases[4]: setIngressFromNamespaceSelector',
    spec: [...POD_SELECTOR, 'ingress:', '  - from:', '      - namespaceSelector: {matchLabels: {c: d}}'],
  },
  {
    name: 'successCases[5]: setIngressFromPodSelector("e", "f"), setIngressFromNamespaceSelector',
    spec: [...POD_SELECTOR, 'ingress:', '  - from:', '      - podSelector: {matchLabels: {e: f}}', '        namespaceSelector: {matchLabels: {c: d}}'],
  },
  {
    name: 'successCases[6]: setEgressToNamespaceSelector, setIngressFromIPBlockIPV4',
    spec: [...POD_SELECTOR, 'ingress:', '  - from:', `      - ${IPV4_BLOCK}`, 'egress:', '  - to:', '      - namespaceSelector: {matchLabels: {c: d}}'],
  },
  { name: 'successCases[7]: setIngressFromIPBlockIPV4', spec: [...POD_SELECTOR, 'ingress:', '  - from:', `      - ${IPV4_BLOCK}`] },
  {
    name: 'successCases[8]: setEgressToIPBlockIPV4, setPolicyTypesEgress',
    spec: [...POD_SELECTOR, 'egress:', '  - to:', `      - ${IPV4_BLOCK}`, 'policyTypes: [Egress]'],
  },
  {
    name: 'successCases[9]: setEgressToIPBlockIPV4, setPolicyTypesIngressEgress',
    spec: [...POD_SELECTOR, 'egress:', '  - to:', `      - ${IPV4_BLOCK}`, 'policyTypes: [Ingress, Egress]'],
  },
  { name: 'successCases[10]: setEgressPorts(five ports)', spec: [...POD_SELECTOR, 'egress:', ...FIVE_PORTS] },
  {
    name: 'successCases[11]: setEgressToNamespaceSelector, setIngressFromIPBlockIPV6',
    spec: [...POD_SELECTOR, 'ingress:', '  - from:', `      - ${IPV6_BLOCK}`, 'egress:', '  - to:', '      - namespaceSelector: {matchLabels: {c: d}}'],
  },
  { name: 'successCases[12]: setIngressFromIPBlockIPV6', spec: [...POD_SELECTOR, 'ingress:', '  - from:', `      - ${IPV6_BLOCK}`] },
  {
    name: 'successCases[13]: setEgressToIPBlockIPV6, setPolicyTypesEgress',
    spec: [...POD_SELECTOR, 'egress:', '  - to:', `      - ${IPV6_BLOCK}`, 'policyTypes: [Egress]'],
  },
  {
    name: 'successCases[14]: setEgressToIPBlockIPV6, setPolicyTypesIngressEgress',
    spec: [...POD_SELECTOR, 'egress:', '  - to:', `      - ${IPV6_BLOCK}`, 'policyTypes: [Ingress, Egress]'],
  },
  {
    name: 'successCases[15]: setEgressPorts(32000-32768, UDP dns)',
    spec: [...POD_SELECTOR, 'egress:', '  - ports:', '      - {port: 32000, endPort: 32768}', '      - {protocol: UDP, port: dns}'],
  },
  {
    name: 'successCases[16]: setEgressToNamespaceSelector, setEgressPorts(30000-32768, 32000-32768), setIngressFromPodSelector("e", "f"), setIngressPorts(TCP 32768-32768)',
    spec: [
      ...POD_SELECTOR,
      'egress:',
      '  - to:',
      '      - namespaceSelector: {matchLabels: {c: d}}',
      '    ports:',
      '      - {port: 30000, endPort: 32768}',
      '      - {port: 32000, endPort: 32768}',
      'ingress:',
      '  - from:',
      '      - podSelector: {matchLabels: {e: f}}',
      '    ports:',
      '      - {protocol: TCP, port: 32768, endPort: 32768}',
    ],
  },
];

/** An ingress rule from one peer (setIngressFromEmptyFirstElement and the tweak after it). */
const ingressFrom = (...peer: string[]) => [...POD_SELECTOR, 'ingress:', '  - from:', ...peer.map((l, i) => (i === 0 ? `      - ${l}` : `        ${l}`))];
/** An egress rule to one peer. */
const egressTo = (...peer: string[]) => [...POD_SELECTOR, 'egress:', '  - to:', ...peer.map((l, i) => (i === 0 ? `      - ${l}` : `        ${l}`))];
/** An egress rule to namespaceSelector c: d with the given ports (setEgressToNamespaceSelector, setEgressPorts). */
const egressToNamespaceWithPorts = (...ports: string[]) => [
  ...egressTo('namespaceSelector: {matchLabels: {c: d}}'),
  '    ports:',
  ...ports.map((p) => `      - ${p}`),
];
/** An ingress rule with the given ports only (setIngressPorts). */
const ingressPorts = (...ports: string[]) => [...POD_SELECTOR, 'ingress:', '  - ports:', ...ports.map((p) => `      - ${p}`)];
const egressPorts = (...ports: string[]) => [...POD_SELECTOR, 'egress:', '  - ports:', ...ports.map((p) => `      - ${p}`)];

const ERROR_CASES: UpstreamErrorCase[] = [
  { name: 'namespaceSelector and ipBlock', rule: 'ipblock-with-selector', spec: ingressFrom('namespaceSelector: {matchLabels: {c: d}}', IPV4_BLOCK) },
  { name: 'podSelector and ipBlock', rule: 'ipblock-with-selector', spec: egressTo('podSelector: {matchLabels: {c: d}}', IPV4_BLOCK) },
  { name: 'missing from and to type', rule: 'empty-peer', spec: [...POD_SELECTOR, 'ingress:', '  - from: [{}]', 'egress:', '  - to: [{}]'] },
  // the tweak replaces the whole spec: no ingress is left
  { name: 'invalid spec.podSelector', rule: 'invalid-label-key', spec: ['podSelector:', `  ${INVALID_SELECTOR}`] },
  { name: 'invalid ingress.ports.protocol', rule: 'invalid-protocol', spec: ingressPorts('{protocol: ICMP, port: 80}') },
  { name: 'invalid ingress.ports.port (int)', rule: 'port-out-of-range', spec: ingressPorts('{protocol: TCP, port: 123456789}') },
  { name: 'invalid ingress.ports.port (str)', rule: 'invalid-port-name', spec: ingressPorts('{protocol: TCP, port: "!@#$"}') },
  { name: 'invalid ingress.from.podSelector', rule: 'invalid-label-key', spec: ingressFrom(`podSelector: {${INVALID_SELECTOR}}`) },
  { name: 'invalid egress.to.podSelector', rule: 'invalid-label-key', spec: egressTo(`podSelector: {${INVALID_SELECTOR}}`) },
  { name: 'invalid egress.ports.protocol', rule: 'invalid-protocol', spec: egressPorts('{protocol: ICMP, port: 80}') },
  { name: 'invalid egress.ports.port (int)', rule: 'port-out-of-range', spec: egressPorts('{protocol: TCP, port: 123456789}') },
  { name: 'invalid egress.ports.port (str)', rule: 'invalid-port-name', spec: egressPorts('{protocol: TCP, port: "!@#$"}') },
  { name: 'invalid ingress.from.namespaceSelector', rule: 'invalid-label-key', spec: ingressFrom(`namespaceSelector: {${INVALID_SELECTOR}}`) },
  { name: 'missing cidr field', rule: 'missing-required', spec: ingressFrom('ipBlock: {cidr: "", except: [192.168.3.0/24, 192.168.4.0/24]}') },
  { name: 'invalid cidr format', rule: 'invalid-cidr', spec: ingressFrom('ipBlock: {cidr: 192.168.5.6, except: [192.168.3.0/24, 192.168.4.0/24]}') },
  {
    name: 'invalid ipv6 cidr format',
    rule: 'invalid-cidr',
    spec: ingressFrom('ipBlock: {cidr: "fd00:192:168::", except: ["fd00:192:168:3::/64", "fd00:192:168:4::/64"]}'),
  },
  { name: 'except field is an empty string', rule: 'invalid-cidr', spec: ingressFrom('ipBlock: {cidr: 192.168.0.0/16, except: [""]}') },
  { name: 'except field is an space string', rule: 'invalid-cidr', spec: ingressFrom('ipBlock: {cidr: 192.168.0.0/16, except: [" "]}') },
  { name: 'except field is an invalid ip', rule: 'invalid-cidr', spec: ingressFrom('ipBlock: {cidr: 192.168.0.0/16, except: [300.300.300.300]}') },
  { name: 'except IP is outside of CIDR range', rule: 'except-not-in-cidr', spec: ingressFrom('ipBlock: {cidr: 192.168.8.0/24, except: [192.168.9.1/32]}') },
  {
    name: 'except IP is not strictly within CIDR range',
    rule: 'except-not-in-cidr',
    spec: ingressFrom('ipBlock: {cidr: 192.168.0.0/24, except: [192.168.0.0/24]}'),
  },
  {
    name: 'except IPv6 is outside of CIDR range',
    rule: 'except-not-in-cidr',
    spec: ingressFrom('ipBlock: {cidr: "fd00:192:168:1::/64", except: ["fd00:192:168:2::/64"]}'),
  },
  { name: 'invalid policyTypes', rule: 'invalid-policy-type', spec: [...egressTo(IPV4_BLOCK), 'policyTypes: [foo, bar]'] },
  { name: 'too many policyTypes', rule: 'invalid-policy-type', spec: [...egressTo(IPV4_BLOCK), 'policyTypes: [foo, bar, baz]'] },
  {
    name: 'multiple ports defined, one port range is invalid',
    rule: 'invalid-end-port',
    spec: egressToNamespaceWithPorts('{protocol: UDP, port: 35000, endPort: 32768}', '{port: 32000, endPort: 32768}'),
  },
  {
    name: 'endPort defined with named/string port',
    rule: 'invalid-end-port',
    spec: egressToNamespaceWithPorts('{protocol: UDP, port: dns, endPort: 32768}', '{port: 32000, endPort: 32768}'),
  },
  { name: 'endPort defined without port defined', rule: 'invalid-end-port', spec: egressToNamespaceWithPorts('{protocol: TCP, endPort: 32768}') },
  { name: 'port is greater than endPort', rule: 'invalid-end-port', spec: egressToNamespaceWithPorts('{protocol: SCTP, port: 35000, endPort: 32768}') },
  {
    name: 'multiple invalid port ranges defined',
    rule: 'invalid-end-port',
    spec: egressToNamespaceWithPorts(
      '{protocol: UDP, port: 35000, endPort: 32768}',
      '{protocol: TCP, endPort: 32768}',
      '{protocol: TCP, port: https, endPort: 32768}',
    ),
  },
  { name: 'invalid endport range defined', rule: 'port-out-of-range', spec: egressToNamespaceWithPorts('{protocol: TCP, port: 30000, endPort: 65537}') },
];

const config = (kubernetesVersion: string): LintConfig => ({ ...defaultConfig(), kubernetesVersion });
const errors = (c: UpstreamCase, version: string) => lint(policy(c.spec, 'foo', 'bar'), config(version)).filter((f) => f.severity === 'error');

describe('NetworkPolicies as the API server validates them (upstream TestValidateNetworkPolicy)', () => {
  for (const version of KUBERNETES_VERSIONS) {
    describe(`Kubernetes ${version}`, () => {
      for (const c of SUCCESS_CASES) {
        it(`${c.name}: accepted`, () => {
          assert.deepEqual(
            errors(c, version).map((f) => `${f.code}: ${f.message}`),
            [],
          );
        });
      }
      for (const c of ERROR_CASES) {
        it(`${c.name}: rejected`, () => {
          const codes = errors(c, version).map((f) => f.code);
          assert.ok(codes.length > 0, policy(c.spec, 'foo', 'bar'));
          assert.deepEqual([...new Set(codes)], [c.rule]);
        });
      }
    });
  }
});

/**
 * Not a case of the upstream table but of the code it tests: ValidateIPBlock in
 * pkg/apis/networking/validation/validation.go rejects an `except` entry unless
 * `cidr.Contains(except.IP)` (Go's net.IPNet.Contains on the entry's network address) and the entry's
 * prefix length is longer, compared as written. Go reads an IPv4-mapped network as IPv4 for the
 * containment. Without strict validation (1.35 and older) mapped forms reach that check, so these
 * hold there; from 1.36 a mapped entry is an invalid CIDR of its own.
 */
describe('except entries in IPv4-mapped form, as ValidateIPBlock compares them (Kubernetes 1.35 and older)', () => {
  const MAPPED: { cidr: string; except: string; rejected: boolean }[] = [
    { cidr: '10.0.0.0/8', except: '::ffff:10.1.0.0/112', rejected: false },
    { cidr: '10.0.0.5/24', except: '::ffff:10.0.0.0/120', rejected: false },
    // 104 is longer than 8, as written, though both mean 10.0.0.0/8
    { cidr: '10.0.0.0/8', except: '::ffff:10.0.0.0/104', rejected: false },
    // its network (prefix 100, 4 bits of IPv4) is 0.0.0.0, outside 10.0.0.0/8
    { cidr: '10.0.0.0/8', except: '::ffff:10.1.0.0/100', rejected: true },
    { cidr: '::/0', except: '::ffff:10.0.0.0/104', rejected: true },
    { cidr: '::/64', except: '::ffff:10.0.0.0/104', rejected: true },
    { cidr: '::ffff:10.0.0.0/104', except: '10.1.0.0/16', rejected: true },
    { cidr: '::ffff:0.0.0.0/96', except: '10.0.0.0/8', rejected: true },
    { cidr: '::ffff:10.0.0.0/104', except: '::ffff:10.1.0.0/112', rejected: false },
    // a prefix shorter than 96 drops the ffff: an IPv6 network (::/80)
    { cidr: '::/0', except: '::ffff:0:0/80', rejected: false },
  ];
  for (const c of MAPPED) {
    it(`cidr ${c.cidr}, except ${c.except}: ${c.rejected ? 'rejected' : 'accepted'}`, () => {
      const text = policy([...POD_SELECTOR, 'ingress:', '  - from:', `      - ipBlock: {cidr: "${c.cidr}", except: ["${c.except}"]}`], 'foo', 'bar');
      const codes = lint(text, config('1.35'))
        .filter((f) => f.severity === 'error')
        .map((f) => f.code);
      assert.deepEqual(codes, c.rejected ? ['except-not-in-cidr'] : []);
    });
  }

  it('says why a mapped entry that looks inside is not', () => {
    const text = policy([...POD_SELECTOR, 'ingress:', '  - from:', '      - ipBlock: {cidr: "::/0", except: ["::ffff:10.0.0.0/104"]}'], 'foo', 'bar');
    const f = lint(text, config('1.35')).find((x) => x.code === 'except-not-in-cidr');
    assert.match(f?.message ?? '', /must be a strict subset of the cidr ::\/0 \(the API server compares an IPv4-mapped IPv6 address as IPv4/);
  });
});

/**
 * The deprecated IPv4-compatible form `::1.2.3.4` is the IPv6 address `::102:304` to Go (both
 * parsers the API server uses: ParseCIDRSloppy, and netip.ParsePrefix under strict validation), not
 * the IPv4-mapped `::ffff:1.2.3.4`: neither generation rejects it, and it does not mean 1.2.3.4.
 */
describe('CIDRs in the IPv4-compatible form ::a.b.c.d, as Go reads them', () => {
  for (const version of ['1.35', '1.36']) {
    it(`Kubernetes ${version}: ::1.2.3.0/120 is accepted as an IPv6 network, with no rewrite to IPv4`, () => {
      const text = policy([...POD_SELECTOR, 'ingress:', '  - from:', '      - ipBlock: {cidr: "::1.2.3.0/120", except: ["::1.2.3.4/128"]}'], 'foo', 'bar');
      const found = lint(text, config(version)).filter((f) => f.code.endsWith('-cidr'));
      assert.deepEqual(
        found.map((f) => `${f.code}: ${f.message}`),
        [],
      );
    });
  }

  it('is inside an IPv6 cidr and outside an IPv4 one', () => {
    const inside = policy([...POD_SELECTOR, 'ingress:', '  - from:', '      - ipBlock: {cidr: "::/64", except: ["::1.2.3.4/128"]}'], 'foo', 'bar');
    const outside = policy([...POD_SELECTOR, 'ingress:', '  - from:', '      - ipBlock: {cidr: 1.2.3.0/24, except: ["::1.2.3.4/128"]}'], 'foo', 'bar');
    const codes = (text: string) =>
      lint(text, config('1.35'))
        .filter((f) => f.severity === 'error')
        .map((f) => f.code);
    assert.deepEqual(codes(inside), []);
    assert.deepEqual(codes(outside), ['except-not-in-cidr']);
  });
});

/**
 * The helpers ValidateNetworkPolicy calls, with their own test vectors: TestIsDNS1123Subdomain
 * (metadata.name, through NameIsDNSSubdomain), TestIsDNS1123Label (metadata.namespace, through
 * ValidateObjectMeta's namespace check), TestIsValidPortNum and TestIsValidPortName (ports[].port) in
 * kubernetes/kubernetes staging/src/k8s.io/apimachinery/pkg/util/validation/validation_test.go
 * (Apache-2.0, Copyright 2014 The Kubernetes Authors; read at commit
 * 008b3652959ca58af8be3fb5b6ecfe9ae7638282). Each value is written as a JSON string (every value
 * quoted, so that YAML 1.1 reads `0`, `01` or `1.2` as the string it is), a port number as a number.
 */
describe('names and ports as the validation helpers check them (upstream util/validation tests)', () => {
  const A = (n: number) => 'a'.repeat(n);
  const DNS1123_LABEL_OK = ['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', A(63)];
  // biome-ignore format: the upstream table, row by row
  const DNS1123_LABEL_BAD = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a.b', '1.', '.1', '1.2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    A(64),
  ];
  // biome-ignore format: the upstream table, row by row
  const DNS1123_SUBDOMAIN_OK = [
    'a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b',
    '0', '01', '012', '1a', '1-a', '1--a--b--2',
    'a.a', 'ab.a', 'abc.a', 'a1.a', 'a-1.a', 'a--1--2--b.a',
    'a.1', 'ab.1', 'abc.1', 'a1.1', 'a-1.1', 'a--1--2--b.1',
    '0.a', '01.a', '012.a', '1a.a', '1-a.a', '1--a--b--2',
    '0.1', '01.1', '012.1', '1a.1', '1-a.1', '1--a--b--2.1',
    'a.b.c.d.e', 'aa.bb.cc.dd.ee', '1.2.3.4.5', '11.22.33.44.55',
    A(253),
  ];
  // biome-ignore format: the upstream table, row by row
  const DNS1123_SUBDOMAIN_BAD = [
    '', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A',
    '-', 'a-', '-a', '1-', '-1',
    '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2',
    '.', 'a.', '.a', 'a..b', '1.', '.1', '1..2',
    ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2',
    'A.a', 'aB.a', 'ab.A', 'A1.a', 'a1.A',
    'A.1', 'aB.1', 'A1.1', '1A.1',
    '0.A', '01.A', '012.A', '1A.a', '1a.A',
    'A.B.C.D.E', 'AA.BB.CC.DD.EE', 'a.B.c.d.e', 'aa.bB.cc.dd.ee',
    'a@b', 'a,b', 'a_b', 'a;b',
    'a:b', 'a%b', 'a?b', 'a$b',
    A(254),
  ];
  const PORT_NUM_OK = [1, 2, 1000, 16384, 32768, 65535];
  const PORT_NUM_BAD = [0, -1, 65536, 100000];
  const PORT_NAME_OK = ['telnet', 're-mail-ck', 'pop3', 'a', 'a-1', '1-a', 'a-1-b-2-c', '1-a-2-b-3'];
  const PORT_NAME_BAD = ['longerthan15characters', '', A(16), '12345', '1-2-3-4', '-begin', 'end-', 'two--hyphens', 'whois++'];

  const named = (name: string, namespace = 'bar') =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${JSON.stringify(name)}`,
      `  namespace: ${JSON.stringify(namespace)}`,
      'spec:',
      '  podSelector: {}',
    );
  const withPort = (port: string | number) =>
    policy([...POD_SELECTOR, 'ingress:', '  - ports:', `      - {protocol: TCP, port: ${JSON.stringify(port)}}`], 'foo', 'bar');
  const errorCodes = (text: string) =>
    lint(text, config(LATEST_KUBERNETES_VERSION))
      .filter((f) => f.severity === 'error')
      .map((f) => f.code);

  const table: { what: string; values: (string | number)[]; text: (v: never) => string; rejected: boolean }[] = [
    { what: 'TestIsDNS1123Subdomain goodValues, as metadata.name', values: DNS1123_SUBDOMAIN_OK, text: (v: string) => named(v), rejected: false },
    { what: 'TestIsDNS1123Subdomain badValues, as metadata.name', values: DNS1123_SUBDOMAIN_BAD, text: (v: string) => named(v), rejected: true },
    { what: 'TestIsDNS1123Label goodValues, as metadata.namespace', values: DNS1123_LABEL_OK, text: (v: string) => named('foo', v), rejected: false },
    // but "": an empty namespace is no namespace, which kubectl and the API server fill in from the
    // request (the context's namespace), so no manifest is rejected for it
    {
      what: 'TestIsDNS1123Label badValues but "", as metadata.namespace',
      values: DNS1123_LABEL_BAD.filter((v) => v !== ''),
      text: (v: string) => named('foo', v),
      rejected: true,
    },
    { what: 'TestIsValidPortNum goodValues, as ports[].port', values: PORT_NUM_OK, text: (v: number) => withPort(v), rejected: false },
    { what: 'TestIsValidPortNum badValues, as ports[].port', values: PORT_NUM_BAD, text: (v: number) => withPort(v), rejected: true },
    { what: 'TestIsValidPortName goodValues, as ports[].port', values: PORT_NAME_OK, text: (v: string) => withPort(v), rejected: false },
    { what: 'TestIsValidPortName badValues, as ports[].port', values: PORT_NAME_BAD, text: (v: string) => withPort(v), rejected: true },
  ];
  for (const row of table) {
    it(`${row.what}: ${row.rejected ? 'rejected' : 'accepted'}`, () => {
      const wrong = row.values.filter((v) => errorCodes(row.text(v as never)).length > 0 !== row.rejected);
      assert.deepEqual(wrong, []);
    });
  }
});

/**
 * Labels and selectors as ValidateObjectMeta and ValidateLabelSelector check them: TestValidateLabels
 * (metadata.labels) and TestLabelSelectorMatchExpression (a selector, here spec.podSelector, with
 * label values validated: AllowInvalidLabelValueInSelector false, the API server's choice on create
 * in every modelled version) in kubernetes/kubernetes
 * staging/src/k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation_test.go (Apache-2.0,
 * Copyright 2016 The Kubernetes Authors; read at commit 10c505b1d34700ef7c2b18b7c4c1ace24d6c4c76).
 */
describe('labels and selectors (upstream TestValidateLabels, TestLabelSelectorMatchExpression)', () => {
  const labelled = (labels: Record<string, string>) =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: foo',
      '  namespace: bar',
      `  labels: ${JSON.stringify(labels)}`,
      'spec:',
      ...POD_SELECTOR.map((l) => `  ${l}`),
    );
  const LABELS_OK: Record<string, string>[] = [
    { simple: 'bar' },
    { 'now-with-dashes': 'bar' },
    { '1-starts-with-num': 'bar' },
    { '1234': 'bar' },
    { 'simple/simple': 'bar' },
    { 'now-with-dashes/simple': 'bar' },
    { 'now-with-dashes/now-with-dashes': 'bar' },
    { 'now.with.dots/simple': 'bar' },
    { 'now-with.dashes-and.dots/simple': 'bar' },
    { '1-num.2-num/3-num': 'bar' },
    { '1234/5678': 'bar' },
    { '1.2.3.4/5678': 'bar' },
    { UpperCaseAreOK123: 'bar' },
    { goodvalue: '123_-.BaR' },
  ];
  /** labelNameErrorCases, then labelValueErrorCases, with the rule that owns each. */
  const LABELS_BAD: { labels: Record<string, string>; rule: string }[] = [
    { labels: { 'nospecialchars^=@': 'bar' }, rule: 'invalid-label-key' },
    { labels: { 'cantendwithadash-': 'bar' }, rule: 'invalid-label-key' },
    { labels: { 'only/one/slash': 'bar' }, rule: 'invalid-label-key' },
    { labels: { ['a'.repeat(254)]: 'bar' }, rule: 'invalid-label-key' },
    { labels: { toolongvalue: 'a'.repeat(64) }, rule: 'invalid-label-value' },
    { labels: { backslashesinvalue: 'some\\bad\\value' }, rule: 'invalid-label-value' },
    { labels: { nocommasallowed: 'bad,value' }, rule: 'invalid-label-value' },
    { labels: { strangecharsinvalue: '?#$notsogood' }, rule: 'invalid-label-value' },
  ];
  const errorCodes = (text: string, version = LATEST_KUBERNETES_VERSION) =>
    lint(text, config(version))
      .filter((f) => f.severity === 'error')
      .map((f) => f.code);

  it('TestValidateLabels successCases: accepted as metadata.labels', () => {
    assert.deepEqual(
      LABELS_OK.filter((l) => errorCodes(labelled(l)).length > 0),
      [],
    );
  });
  for (const c of LABELS_BAD) {
    it(`TestValidateLabels ${JSON.stringify(c.labels).slice(0, 60)}: rejected by ${c.rule}`, () => {
      assert.deepEqual(errorCodes(labelled(c.labels)), [c.rule]);
    });
  }

  const EXPRESSIONS: { name: string; expression: string; rule?: string }[] = [
    { name: 'Valid LabelSelector', expression: '{key: key, operator: In, values: [value]}' },
    { name: "MatchExpression's key name isn't valid", expression: '{key: "-key", operator: In, values: [value]}', rule: 'invalid-label-key' },
    { name: "MatchExpression's operator isn't valid", expression: '{key: key, operator: abc, values: [value]}', rule: 'invalid-selector-operator' },
    { name: "MatchExpression's value name isn't valid", expression: '{key: key, operator: In, values: ["-value"]}', rule: 'invalid-label-value' },
  ];
  for (const version of KUBERNETES_VERSIONS) {
    for (const c of EXPRESSIONS) {
      it(`Kubernetes ${version}: ${c.name}: ${c.rule ? `rejected by ${c.rule}` : 'accepted'}`, () => {
        const text = policy(['podSelector:', `  matchExpressions: [${c.expression}]`], 'foo', 'bar');
        assert.deepEqual(errorCodes(text, version), c.rule ? [c.rule] : []);
      });
    }
  }
});
