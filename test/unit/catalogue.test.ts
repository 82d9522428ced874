/**
 * The rule catalogue, table-driven: each case fires on its wrong text at the exact span, with the
 * API server's wording where it has one, and stays silent on the near-miss that is correct.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { findings, pointed, policy, problemFirstViolation, yaml } from '../helpers';

interface Case {
  code: string;
  what: string;
  wrong: string;
  /** The text each finding points at, in order. */
  at: string[];
  message?: RegExp;
  nearMiss: string;
  /** The configuration to lint with (default: the defaults, the newest Kubernetes version). */
  config?: LintConfig;
}

const kubernetes = (kubernetesVersion: string): LintConfig => ({ ...defaultConfig(), kubernetesVersion });

const spec = (...lines: string[]) => policy(lines);
const egress = (...peerLines: string[]) => spec('podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - from:', ...peerLines.map((l) => `      ${l}`));

const CASES: Case[] = [
  {
    code: 'missing-required',
    what: 'metadata.name missing (generateName is not enough)',
    wrong: yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  generateName: p-', '  namespace: a', 'spec:', '  podSelector: {}'),
    at: ['metadata'],
    message: /^No name: kubectl apply needs a name .*\(metadata\.name\)$/,
    nearMiss: spec('podSelector: {}'),
  },
  {
    code: 'missing-required',
    what: 'an empty cidr and an expression without key or operator',
    wrong: egress('- ipBlock:', '    cidr: ""', '- podSelector:', '    matchExpressions:', '      - values: [a]'),
    at: ['""', 'values: [a]', 'values: [a]'],
    message: /^No cidr: an ipBlock needs one \(spec\.ingress\[0\]\.from\[0\]\.ipBlock\.cidr\)$/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.0/8', '- podSelector:', '    matchExpressions:', '      - {key: app, operator: In, values: [a]}'),
  },
  {
    code: 'invalid-name',
    what: 'an uppercase name and an underscore namespace',
    wrong: policy(['podSelector: {}'], 'Web_Policy', 'team_a'),
    at: ['Web_Policy', 'team_a'],
    message: /^Invalid name "Web_Policy": a lowercase RFC 1123 subdomain .* \(metadata\.name\)$/,
    nearMiss: policy(['podSelector: {}'], 'web.policy-1', 'team-a'),
  },
  {
    code: 'invalid-name',
    what: 'a namespace longer than 63 characters',
    wrong: policy(['podSelector: {}'], 'p', 'a'.repeat(64)),
    at: ['a'.repeat(64)],
    message: /must be no more than 63 characters/,
    nearMiss: policy(['podSelector: {}'], 'p', 'a'.repeat(63)),
  },
  {
    code: 'invalid-label-key',
    what: 'a key with a bad character, a bad prefix and a 64-character name',
    wrong: spec('podSelector:', '  matchLabels:', '    app@b: x', '    Example.com/x: y', `    ${'k'.repeat(64)}: z`),
    at: ['app@b', 'Example.com/x', 'k'.repeat(64)],
    message: /name part must consist of alphanumeric characters/,
    nearMiss: spec('podSelector:', '  matchLabels:', '    app.kubernetes.io/name: x', '    My_Key.1: y', `    ${'k'.repeat(63)}: z`),
  },
  {
    code: 'invalid-label-value',
    what: 'a value with "$" and an expression value with a space',
    wrong: spec('podSelector:', '  matchLabels:', '    app: $web', '  matchExpressions:', '    - {key: tier, operator: In, values: ["front end"]}'),
    at: ['$web', '"front end"'],
    message: /a valid label must be an empty string or consist of alphanumeric characters/,
    nearMiss: spec(
      'podSelector:',
      '  matchLabels:',
      '    app: My_Web.1',
      '    empty: ""',
      '  matchExpressions:',
      '    - {key: tier, operator: In, values: [front-end]}',
    ),
  },
  {
    code: 'invalid-selector-operator',
    what: 'a lowercase operator',
    wrong: spec('podSelector:', '  matchExpressions:', '    - {key: app, operator: in, values: [a]}'),
    at: ['in'],
    message: /not a valid selector operator/,
    nearMiss: spec('podSelector:', '  matchExpressions:', '    - {key: app, operator: In, values: [a]}'),
  },
  {
    code: 'selector-values-mismatch',
    what: 'In without values, Exists with values',
    wrong: spec('podSelector:', '  matchExpressions:', '    - {key: a, operator: In}', '    - {key: b, operator: Exists, values: [x]}'),
    at: ['In', 'values'],
    message: /must be specified when `operator` is 'In' or 'NotIn'/,
    nearMiss: spec('podSelector:', '  matchExpressions:', '    - {key: a, operator: In, values: [x]}', '    - {key: b, operator: Exists}'),
  },
  {
    code: 'invalid-port-name',
    what: 'names too long, uppercase, with a double hyphen, with no letter',
    wrong: spec(
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - {protocol: TCP, port: very-long-port-name}',
      '      - {protocol: TCP, port: HTTP}',
      '      - {protocol: TCP, port: a--b}',
      '      - {protocol: TCP, port: "1-2"}',
    ),
    at: ['very-long-port-name', 'HTTP', 'a--b', '"1-2"'],
    message: /must be no more than 15 characters/,
    nearMiss: spec('podSelector: {}', 'ingress:', '  - ports:', '      - {protocol: TCP, port: http}', '      - {protocol: TCP, port: metrics-9090}'),
  },
  {
    code: 'quoted-numeric-port',
    what: 'a quoted number',
    wrong: spec('podSelector: {}', 'ingress:', '  - ports:', '      - {protocol: TCP, port: "8080"}'),
    at: ['"8080"'],
    message: /reads it as a port name/,
    nearMiss: spec('podSelector: {}', 'ingress:', '  - ports:', '      - {protocol: TCP, port: 8080}'),
  },
  {
    code: 'invalid-end-port',
    what: 'endPort without port, with a named port, and below port',
    wrong: spec(
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - {protocol: TCP, endPort: 90}',
      '      - {protocol: TCP, port: http, endPort: 91}',
      '      - {protocol: TCP, port: 100, endPort: 92}',
    ),
    at: ['90', '91', '92'],
    message: /may not be specified when `port` is not specified/,
    nearMiss: spec(
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - {protocol: TCP, port: 90, endPort: 90}',
      '      - {protocol: TCP, port: 90, endPort: 100}',
    ),
  },
  {
    code: 'empty-peer',
    what: 'from: [{}] and a peer whose selector is null',
    wrong: egress('- {}', '- podSelector:'),
    at: ['{}', 'podSelector:'],
    message: /must specify a peer/,
    nearMiss: egress('- podSelector: {}'),
  },
  {
    code: 'empty-peer',
    what: 'an empty list item (YAML null), which the API server decodes as the empty peer {}',
    wrong: spec('podSelector: {}', 'policyTypes: [Ingress, Egress]', 'ingress:', '  - from:', '      -', 'egress:', '  - to: [null, {podSelector: {}}]'),
    at: ['-', 'null'],
    message: /^Empty peer: must specify a peer .* \(spec\.ingress\[0\]\.from\[0\]\)$/,
    nearMiss: spec('podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  -'),
  },
  {
    code: 'ipblock-with-selector',
    what: 'ipBlock and podSelector in one peer',
    wrong: egress('- podSelector: {}', '  ipBlock: {cidr: 10.0.0.0/8}'),
    at: ['ipBlock'],
    message: /may not specify both ipBlock and another peer/,
    nearMiss: egress('- podSelector: {}', '- ipBlock: {cidr: 10.0.0.0/8}'),
  },
  {
    code: 'invalid-cidr',
    what: 'no prefix, a prefix too long, leading zeros, three parts, IPv4-mapped IPv6, garbage',
    wrong: egress('- ipBlock:', '    cidr: 10.0.0.0', '    except: [10.0.0.0/33, 10.01.0.0/16, 10.1.2/24, "::ffff:10.0.0.1/128", A/8]'),
    at: ['10.0.0.0', '10.0.0.0/33', '10.01.0.0/16', '10.1.2/24', '"::ffff:10.0.0.1/128"', 'A/8'],
    message: /must be a valid CIDR value: an address with a prefix length/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.0/8', '    except: [10.1.0.0/16]', '- ipBlock:', '    cidr: fd00::/8', '    except: ["fd00:1::/32"]'),
  },
  {
    code: 'invalid-cidr',
    what: 'from Kubernetes 1.36: host bits set, leading zeros, IPv4-mapped IPv6; in every version: an IPv6 zone',
    wrong: egress('- ipBlock:', '    cidr: 10.0.0.5/24', '    except: [10.0.0.0/025, "::ffff:10.0.0.0/120", "fe80::1%eth0/64"]'),
    at: ['10.0.0.5/24', '10.0.0.0/025', '"::ffff:10.0.0.0/120"', '"fe80::1%eth0/64"'],
    message: /must not have bits set beyond the prefix length \(it means 10\.0\.0\.0\/24; strict validation, on by default from Kubernetes 1\.36\)/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.0/24', '    except: [10.0.0.0/25, 10.0.0.5/32]'),
  },
  {
    code: 'invalid-cidr',
    what: 'before Kubernetes 1.36: an IPv6 zone (the non-standard forms are accepted)',
    wrong: egress('- ipBlock:', '    cidr: 10.0.0.5/24', '    except: [10.0.0.0/025, "fe80::1%eth0/64"]'),
    at: ['"fe80::1%eth0/64"'],
    message: /has an IPv6 zone/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.5/24', '    except: [10.0.0.0/025, "::ffff:10.0.0.0/120"]'),
    config: kubernetes('1.35'),
  },
  {
    code: 'invalid-cidr',
    what: 'an empty except entry (YAML null), decoded as "" and counted in the index',
    wrong: egress('- ipBlock:', '    cidr: 10.0.0.0/8', '    except: [null, 10.300.0.0/16]'),
    at: ['null', '10.300.0.0/16'],
    message: /^Invalid CIDR "": must be a valid CIDR value.* \(spec\.ingress\[0\]\.from\[0\]\.ipBlock\.except\[0\]\)$/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.0/8', '    except: [10.1.0.0/16]'),
  },
  {
    code: 'non-canonical-cidr',
    what: 'before Kubernetes 1.36: host bits set, leading zeros, IPv4-mapped IPv6',
    wrong: egress(
      '- ipBlock: {cidr: 10.0.0.5/24}',
      '- ipBlock: {cidr: "fd00::1/64"}',
      '- ipBlock: {cidr: 010.0.0.0/8}',
      '- ipBlock: {cidr: "::ffff:10.0.0.0/104"}',
    ),
    at: ['10.0.0.5/24', '"fd00::1/64"', '010.0.0.0/8', '"::ffff:10.0.0.0/104"'],
    message: /means the network 10\.0\.0\.0\/24/,
    nearMiss: egress('- ipBlock: {cidr: 10.0.0.0/24}', '- ipBlock: {cidr: 10.0.0.5/32}'),
    config: kubernetes('1.35'),
  },
  {
    code: 'except-not-in-cidr',
    what: 'outside, equal, and the other family',
    wrong: egress('- ipBlock:', '    cidr: 10.0.0.0/16', '    except: [192.168.0.0/24, 10.0.0.0/16, "fd00::/64"]'),
    at: ['192.168.0.0/24', '10.0.0.0/16', '"fd00::/64"'],
    message: /^Except not inside the cidr: "192\.168\.0\.0\/24" must be a strict subset of the cidr 10\.0\.0\.0\/16/,
    nearMiss: egress('- ipBlock:', '    cidr: 10.0.0.0/16', '    except: [10.0.1.0/24, 10.0.255.255/32]'),
  },
  {
    code: 'invalid-policy-type',
    what: 'a lowercase type and a third entry',
    wrong: spec('podSelector: {}', 'policyTypes: [ingress, Egress, Egress]'),
    at: ['ingress', 'Egress'],
    message: /^Unsupported policy type "ingress": supported values: "Egress", "Ingress"/,
    nearMiss: spec('podSelector: {}', 'policyTypes: [Ingress, Egress]', 'egress:', '  - {}'),
  },
  {
    code: 'invalid-policy-type',
    what: 'an empty list item (YAML null), decoded as "" and counted in the index',
    wrong: spec('podSelector: {}', 'policyTypes:', '  -', '  - Ingress', '  - ~'),
    at: ['-', '~'],
    message: /^Unsupported policy type "": .* \(spec\.policyTypes\[0\]\)$/,
    nearMiss: spec('podSelector: {}', 'policyTypes:', '  - Ingress'),
  },
  {
    code: 'removed-api-version',
    what: 'extensions/v1beta1',
    wrong: yaml('apiVersion: extensions/v1beta1', 'kind: NetworkPolicy', 'metadata: {name: p, namespace: a}', 'spec:', '  podSelector: {}'),
    at: ['extensions/v1beta1'],
    message: /removed in Kubernetes 1\.16/,
    nearMiss: yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: p, namespace: a}', 'spec:', '  podSelector: {}'),
  },
  {
    code: 'ambiguous-peer',
    what: 'namespaceSelector-only next to podSelector-only',
    wrong: egress('- namespaceSelector:', '    matchLabels: {kubernetes.io/metadata.name: shared}', '- podSelector:', '    matchLabels: {app: client}'),
    at: ['namespaceSelector'],
    message: /^Two peers, so OR: /,
    nearMiss: egress('- namespaceSelector:', '    matchLabels: {kubernetes.io/metadata.name: shared}', '  podSelector:', '    matchLabels: {app: client}'),
  },
  {
    code: 'empty-label-value',
    what: 'app: "", role: with no value, and an empty namespace name',
    wrong: spec(
      'podSelector: {matchLabels: {app: ""}}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - from:',
      '      - podSelector:',
      '          matchLabels:',
      '            role:',
      '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: ""}}',
    ),
    at: ['""', 'role:', '""'],
    message: /^Empty label value: app: "" matches only pods whose app label is set to the empty string, .* \(spec\.podSelector\.matchLabels\.app\)$/,
    nearMiss: spec(
      'podSelector: {matchLabels: {app: web}}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - from:',
      '      - podSelector: {matchExpressions: [{key: role, operator: Exists}]}',
      '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-b}}',
    ),
  },
  {
    code: 'namespace-name-label',
    what: 'name: and ns: labels',
    wrong: egress(
      '- namespaceSelector:',
      '    matchLabels: {name: monitoring}',
      '- namespaceSelector:',
      '    matchExpressions: [{key: ns, operator: In, values: [logging]}]',
    ),
    at: ['name', 'ns'],
    message: /exists only if someone added it/,
    nearMiss: egress(
      '- namespaceSelector:',
      '    matchLabels: {kubernetes.io/metadata.name: monitoring}',
      '- podSelector:',
      '    matchLabels: {name: monitoring}',
    ),
  },
  {
    code: 'cross-namespace-label-trust',
    what: 'namespaceSelector: {} with a podSelector',
    wrong: egress('- namespaceSelector: {}', '  podSelector: {matchLabels: {app: prometheus}}'),
    at: ['{}'],
    message: /any tenant can label its own pods/,
    nearMiss: egress('- namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: monitoring}}', '  podSelector: {matchLabels: {app: prometheus}}'),
  },
  {
    code: 'allow-all',
    what: 'a rule without from, namespaceSelector {} alone, 0.0.0.0/0',
    wrong: spec(
      'podSelector: {}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - {}',
      '  - from:',
      '      - namespaceSelector: {}',
      '      - ipBlock: {cidr: 0.0.0.0/0}',
    ),
    at: ['{}', 'namespaceSelector', '0.0.0.0/0'],
    message: /^Allows every source: /,
    nearMiss: spec(
      'podSelector: {}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - from:',
      '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: a}}',
      '      - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}',
    ),
  },
  {
    code: 'cloud-metadata-reachable',
    what: 'egress to 0.0.0.0/0 and to 169.254.0.0/16',
    wrong: spec(
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to:',
      '      - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}',
      '      - ipBlock: {cidr: 169.254.0.0/16}',
    ),
    at: ['0.0.0.0/0', '169.254.0.0/16'],
    message: /169\.254\.169\.254, the cloud metadata service/,
    // excepted, another range, or the address itself on purpose (GKE Workload Identity)
    nearMiss: spec(
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to:',
      '      - ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}',
      '      - ipBlock: {cidr: 10.0.0.0/8}',
      '      - ipBlock: {cidr: 169.254.169.254/32}',
    ),
  },
  {
    code: 'named-port-with-ipblock',
    what: 'a named port with only ipBlock peers',
    wrong: spec(
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to:',
      '      - ipBlock: {cidr: 10.0.0.0/8}',
      '    ports:',
      '      - {protocol: TCP, port: https}',
    ),
    at: ['https'],
    message: /allows nothing/,
    nearMiss: spec(
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to:',
      '      - ipBlock: {cidr: 10.0.0.0/8}',
      '      - podSelector: {}',
      '    ports:',
      '      - {protocol: TCP, port: https}',
    ),
  },
  {
    code: 'implicit-policy-types',
    what: 'policyTypes omitted',
    wrong: spec('podSelector: {}', 'ingress:', '  - from:', '      - podSelector: {}'),
    at: ['spec'],
    message: /^No policyTypes: the API server infers \[Ingress\], so egress stays open\. Say it explicitly \(spec\.policyTypes\)$/,
    nearMiss: spec('podSelector: {}', 'policyTypes: [Ingress]'),
  },
  {
    code: 'missing-namespace',
    what: 'no metadata.namespace',
    wrong: yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: p', 'spec:', '  podSelector: {}'),
    at: ['metadata'],
    message: /current context/,
    nearMiss: spec('podSelector: {}'),
  },
];

describe('rule catalogue', () => {
  for (const c of CASES) {
    describe(`${c.code}: ${c.what}`, () => {
      it('fires at the offending key or value', () => {
        const fs = findings(c.wrong, c.code, c.config);
        assert.deepEqual(
          fs.map((f) => pointed(c.wrong, f)),
          c.at,
          fs.map((f) => f.message).join('\n'),
        );
        if (c.message) assert.match(fs[0].message, c.message);
        // problem first, the field path at the end in parentheses (the Problems panel cuts long lines)
        for (const f of fs) assert.equal(problemFirstViolation(f.message, true), undefined, f.message);
      });
      it('stays silent on the near-miss', () => {
        assert.deepEqual(
          findings(c.nearMiss, c.code, c.config).map((f) => f.message),
          [],
        );
      });
    });
  }
});
