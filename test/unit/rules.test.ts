/** Each rule: fires on its wrong case at the exact range, stays silent on the near-miss. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig } from '../../server/src/core/index';
import { ALLOW_DNS, DENY_ALL, findings, lint, pointed, policy, spanOf, yaml } from '../helpers';

describe('yaml-syntax', () => {
  it('reports a bad indentation at the error and still analyses the other documents', () => {
    const broken = policy(['podSelector: {}', 'policyTypes: [Ingress', '']);
    const text = broken + '---\n' + DENY_ALL;
    const syntax = findings(text, 'yaml-syntax');
    assert.ok(syntax.length >= 1);
    assert.ok(syntax.every((f) => f.document === 0 && f.severity === 'error'));
    const dns = findings(text, 'missing-dns-egress');
    assert.equal(dns.length, 1);
    assert.equal(dns[0].document, 1);
  });

  it('reports a duplicate key', () => {
    const text = policy(['podSelector: {}', 'podSelector: {}']);
    const f = findings(text, 'yaml-syntax');
    assert.equal(f.length, 1);
    assert.match(f[0].message, /unique/);
    assert.equal(pointed(text, f[0]), 'podSelector');
  });

  it('says nothing about other kinds of YAML, even broken ones', () => {
    assert.deepEqual(lint('apiVersion: v1\nkind: ConfigMap\ndata: [a\n'), []);
    assert.deepEqual(lint('kind: Deployment\nspec:\n\tbad: tab\n'), []);
  });

  it('reports a broken document that says it is a NetworkPolicy', () => {
    const f = findings('kind: NetworkPolicy\nspec:\n\tpodSelector: {}\n', 'yaml-syntax');
    assert.ok(f.length >= 1);
  });
});

describe('wrong-type', () => {
  it('fires on a map where a list belongs', () => {
    const text = policy(['podSelector: {}', 'ingress: {}']);
    const [f] = findings(text, 'wrong-type');
    assert.equal(pointed(text, f), '{}');
    assert.equal(f.message, 'Must be a list, not a map: the API server rejects this policy (spec.ingress)');
  });

  it('fires on a boolean port and a string policyTypes', () => {
    const text = policy(['podSelector: {}', 'policyTypes: Ingress', 'ingress:', '  - ports:', '      - port: true']);
    const f = findings(text, 'wrong-type');
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['Ingress', 'true'],
    );
    assert.match(f[1].message, /^Must be an integer or a string, not a boolean: .* \(spec\.ingress\[0\]\.ports\[0\]\.port\)$/);
  });

  it('reads YAML 1.1 booleans as kubectl does (yes is a boolean label value)', () => {
    const text = policy(['podSelector:', '  matchLabels:', '    enabled: yes']);
    const [f] = findings(text, 'wrong-type');
    assert.equal(pointed(text, f), 'yes');
  });

  it('does not fire on null values or quoted strings', () => {
    const text = policy(['podSelector:', '  matchLabels:', '    enabled: "yes"', 'ingress:', 'egress: ~']);
    assert.deepEqual(findings(text, 'wrong-type'), []);
  });
});

describe('unknown-field', () => {
  it('fires on a typo with "did you mean"', () => {
    const text = policy(['podselector: {}', 'ingress:', '  - form:', '      - namespaceSelctor: {}']);
    const f = findings(text, 'unknown-field');
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['podselector', 'form', 'namespaceSelctor'],
    );
    assert.match(f[0].message, /did you mean "podSelector"/);
    assert.match(f[1].message, /did you mean "from"/);
    assert.match(f[2].message, /spec\.ingress\[0\]\.form\[0\]\.namespaceSelctor|did you mean "namespaceSelector"/);
  });

  it('fires on ports under a peer (one indentation level too deep)', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - from:', '      - podSelector: {}', '        ports:', '          - port: 80']);
    const [f] = findings(text, 'unknown-field');
    assert.equal(pointed(text, f), 'ports');
    assert.match(f.message, /spec\.ingress\[0\]\.from\[0\]\.ports/);
  });

  it('does not fire on the known metadata fields of a kubectl dump', () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      '  name: p',
      '  namespace: a',
      '  uid: 1b2c',
      '  resourceVersion: "42"',
      '  generation: 1',
      '  creationTimestamp: "2024-01-01T00:00:00Z"',
      '  labels: {app: x}',
      '  annotations: {note: y}',
      'spec:',
      '  podSelector: {}',
    );
    assert.deepEqual(findings(text, 'unknown-field'), []);
  });
});

describe('invalid-protocol', () => {
  it('fires on a lowercase or unknown protocol, naming the supported values', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80', '      - protocol: ICMP']);
    const f = findings(text, 'invalid-protocol');
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['tcp', 'ICMP'],
    );
    assert.equal(f[0].message, 'Unsupported protocol "tcp": supported values: "SCTP", "TCP", "UDP" (spec.ingress[0].ports[0].protocol)');
    assert.equal(f[1].fixes?.length, 0);
  });

  it('does not fire on TCP, UDP, SCTP', () => {
    const text = policy([
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - {protocol: TCP, port: 1}',
      '      - {protocol: UDP, port: 2}',
      '      - {protocol: SCTP, port: 3}',
    ]);
    assert.deepEqual(findings(text, 'invalid-protocol'), []);
  });
});

describe('port-out-of-range', () => {
  it('fires on 0, 70000 and a bad endPort', () => {
    const text = policy([
      'podSelector: {}',
      'ingress:',
      '  - ports:',
      '      - {protocol: TCP, port: 0}',
      '      - {protocol: TCP, port: 70000}',
      '      - {protocol: TCP, port: 80, endPort: 65536}',
    ]);
    const f = findings(text, 'port-out-of-range');
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['0', '70000', '65536'],
    );
    assert.match(f[0].message, /must be between 1 and 65535, inclusive/);
    assert.match(f[2].message, /ports\[2\]\.endPort/);
  });

  it('does not fire on 1 and 65535', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - {protocol: TCP, port: 1, endPort: 65535}']);
    assert.deepEqual(findings(text, 'port-out-of-range'), []);
  });
});

describe('empty-label-value', () => {
  it('says that a value left out is "", which matches only the label set to the empty string, on the key', () => {
    const text = policy(['podSelector:', '  matchLabels:', '    app:', 'policyTypes: [Ingress]']);
    const [f] = findings(text, 'empty-label-value');
    assert.equal(f.severity, 'warning');
    assert.equal(pointed(text, f), 'app:');
    assert.equal(
      f.message,
      'Empty label value: "app:" has no value, which the API server reads as "", so it matches only pods whose app label is set to the empty string, which is probably not what was meant. Give the value, or use matchExpressions with operator Exists for any value (spec.podSelector.matchLabels.app)',
    );
  });

  it('on a namespaceSelector: namespaces, and no namespace at all for an empty name', () => {
    const text = policy([
      'podSelector: {}',
      'policyTypes: [Ingress]',
      'ingress:',
      '  - from:',
      '      - namespaceSelector: {matchLabels: {team: ""}}',
      '      - namespaceSelector:',
      '          matchLabels:',
      '            kubernetes.io/metadata.name:',
    ]);
    const f = findings(text, 'empty-label-value');
    assert.deepEqual(
      f.map((x) => pointed(text, x)),
      ['""', 'kubernetes.io/metadata.name:'],
    );
    assert.match(f[0].message, /^Empty label value: team: "" matches only namespaces whose team label is set to the empty string/);
    assert.match(
      f[1].message,
      /^Empty namespace name: .* matches no namespace, since every namespace has a name\. Name the namespace \(spec\.ingress\[0\]\.from\[1\]\.namespaceSelector\.matchLabels\.kubernetes\.io\/metadata\.name\)$/,
    );
  });

  it('stays silent on a value, on metadata.labels and on match expressions', () => {
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: p, namespace: tenant-a, labels: {canary: ""}}',
      'spec:',
      '  podSelector: {matchLabels: {app: web}, matchExpressions: [{key: tier, operator: Exists}]}',
      '  policyTypes: [Ingress]',
    );
    assert.deepEqual(findings(text, 'empty-label-value'), []);
  });
});

describe('empty-port', () => {
  for (const empty of ['port:', 'port: null', 'port: ~']) {
    it(`fires on "${empty}"`, () => {
      const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: TCP', `        ${empty}`]);
      const [f] = findings(text, 'empty-port');
      assert.equal(pointed(text, f), empty);
      assert.match(f.message, /^Empty port opens every TCP port: .* \(spec\.ingress\[0\]\.ports\[0\]\.port\)$/);
    });
  }

  it('fires on the seed DNS policy with the TCP port left empty', () => {
    const text = ALLOW_DNS.replace(/TCP\n {10}port: 53/, 'TCP\n          port:');
    const f = findings(text, 'empty-port');
    assert.equal(f.length, 1);
    assert.deepEqual(f[0].span, { start: spanOf(text, 'port:', 1).start, end: spanOf(text, 'port:', 1).end });
  });

  it('does not fire on an absent port or an empty string (invalid-port-name territory)', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: TCP', '      - protocol: UDP', '        port: ""']);
    assert.deepEqual(findings(text, 'empty-port'), []);
  });
});

describe('ignored-rules', () => {
  it('fires on egress rules when policyTypes lists only Ingress', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Ingress]', 'egress:', '  - to:', '      - podSelector: {}']);
    const [f] = findings(text, 'ignored-rules');
    assert.equal(pointed(text, f), 'egress');
    assert.match(f.message, /does not list Egress/);
  });

  it('fires on ingress rules when policyTypes lists only Egress', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'ingress:', '  - {}']);
    const [f] = findings(text, 'ignored-rules');
    assert.equal(pointed(text, f), 'ingress');
  });

  it('does not fire when policyTypes is omitted (Egress is inferred) or lists the direction', () => {
    assert.deepEqual(findings(policy(['podSelector: {}', 'egress:', '  - to:', '      - podSelector: {}']), 'ignored-rules'), []);
    assert.deepEqual(findings(policy(['podSelector: {}', 'policyTypes: [Ingress, Egress]', 'egress: []']), 'ignored-rules'), []);
    assert.deepEqual(findings(policy(['podSelector: {}', 'policyTypes: [Ingress]', 'egress: []']), 'ignored-rules'), []);
  });
});

describe('implicit-protocol', () => {
  it('is a hint on an ordinary port', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - port: 8080']);
    const [f] = findings(text, 'implicit-protocol');
    assert.equal(f.severity, 'hint');
    assert.equal(pointed(text, f), 'port');
  });

  it('is a warning on port 53', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - ports:', '      - port: 53']);
    const [f] = findings(text, 'implicit-protocol');
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /UDP/);
  });

  it('does not fire when the protocol is given', () => {
    assert.deepEqual(findings(ALLOW_DNS, 'implicit-protocol'), []);
  });
});

describe('missing-dns-egress', () => {
  it('fires on the seed default-deny-all alone, on the Egress policy type', () => {
    const [f, ...rest] = findings(DENY_ALL, 'missing-dns-egress');
    assert.equal(rest.length, 0);
    assert.deepEqual(f.span, spanOf(DENY_ALL, 'Egress'));
    assert.equal(f.severity, 'warning');
    assert.match(f.message, /spec\.policyTypes\[1\]/);
  });

  it('is cleared by the seed allow-dns-egress policy in the same file (UDP and TCP 53)', () => {
    const text = DENY_ALL + '---\n' + ALLOW_DNS;
    assert.deepEqual(findings(text, 'missing-dns-egress'), []);
    assert.deepEqual(findings(text, 'dns-tcp-missing'), []);
  });

  it('is not cleared by a DNS policy for another namespace', () => {
    const text = DENY_ALL + '---\n' + ALLOW_DNS.replace('namespace: tenant-a', 'namespace: tenant-b');
    assert.equal(findings(text, 'missing-dns-egress').length, 1);
  });

  it('points at the egress key when policyTypes is implied', () => {
    const text = policy(['podSelector: {}', 'egress:', '  - to:', '      - podSelector: {}']);
    const [f] = findings(text, 'missing-dns-egress');
    assert.equal(pointed(text, f), 'egress');
  });

  it('does not fire on ingress-only policies', () => {
    assert.deepEqual(findings(policy(['podSelector: {}', 'policyTypes: [Ingress]']), 'missing-dns-egress'), []);
  });

  it('accepts DNS to anywhere, to all namespaces, by port range, and via a name-style namespace label', () => {
    const accepted = [
      ['egress:', '  - ports:', '      - {protocol: UDP, port: 53}', '      - {protocol: TCP, port: 53}'],
      ['egress:', '  - to:', '      - namespaceSelector: {}', '    ports:', '      - {protocol: UDP, port: 53}', '      - {protocol: TCP, port: 53}'],
      [
        'egress:',
        '  - to:',
        '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
        '    ports:',
        '      - {protocol: UDP, port: 50, endPort: 60}',
        '      - {protocol: TCP, port: 53}',
      ],
      ['egress:', '  - to:', '      - namespaceSelector: {matchLabels: {name: kube-system}}', '        podSelector: {matchLabels: {k8s-app: kube-dns}}'],
      ['egress:', '  - to:', '      - ipBlock: {cidr: 0.0.0.0/0}', '    ports:', '      - {protocol: UDP, port: 53}', '      - {protocol: TCP, port: 53}'],
    ];
    for (const rule of accepted) {
      const text = policy(['podSelector: {}', 'policyTypes: [Ingress, Egress]', ...rule]);
      assert.deepEqual(findings(text, 'missing-dns-egress'), [], rule.join('\n'));
    }
  });

  it('does not accept a bare podSelector, the wrong pods, TCP only, or the wrong port', () => {
    const rejected = [
      ['egress:', '  - to:', '      - podSelector: {matchLabels: {k8s-app: kube-dns}}', '    ports:', '      - {protocol: UDP, port: 53}'],
      [
        'egress:',
        '  - to:',
        '      - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
        '        podSelector: {matchLabels: {app: other}}',
      ],
      ['egress:', '  - ports:', '      - {protocol: TCP, port: 53}'],
      ['egress:', '  - ports:', '      - {protocol: UDP, port: 5353}'],
    ];
    for (const rule of rejected) {
      const text = policy(['podSelector: {}', 'policyTypes: [Ingress, Egress]', ...rule]);
      assert.equal(findings(text, 'missing-dns-egress').length, 1, rule.join('\n'));
    }
  });

  it('only counts DNS policies that select the isolated pods', () => {
    const deny = policy(['podSelector: {matchLabels: {app: web}}', 'policyTypes: [Egress]'], 'deny');
    const dnsForDb = ALLOW_DNS.replace('podSelector: {}', 'podSelector: {matchLabels: {app: db}}');
    assert.equal(findings(deny + '---\n' + dnsForDb, 'missing-dns-egress').length, 1);
    assert.deepEqual(findings(deny + '---\n' + ALLOW_DNS, 'missing-dns-egress'), []);
  });

  it('follows the configured DNS profile', () => {
    const config = defaultConfig();
    config.dns = { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: [5353], nodeLocalIPs: [] };
    // both policies isolate egress, and neither allows the OpenShift DNS: each is reported
    assert.deepEqual(
      findings(DENY_ALL + '---\n' + ALLOW_DNS, 'missing-dns-egress', config).map((f) => f.document),
      [0, 1],
    );
  });
});

describe('dns-tcp-missing', () => {
  const udpOnly = ALLOW_DNS.replace(/\n {8}- protocol: TCP\n {10}port: 53/, '');

  it('fires on the UDP port when no policy allows TCP 53', () => {
    const text = DENY_ALL + '---\n' + udpOnly;
    const [f, ...rest] = findings(text, 'dns-tcp-missing');
    assert.equal(rest.length, 0);
    assert.equal(f.document, 1);
    assert.equal(pointed(text, f), 'UDP');
    assert.match(f.message, /spec\.egress\[0\]\.ports\[0\]/);
    assert.deepEqual(findings(text, 'missing-dns-egress'), []);
  });

  it('does not fire when another policy for the same pods allows TCP 53', () => {
    const tcpOnly = ALLOW_DNS.replace(/\n {8}- protocol: UDP\n {10}port: 53/, '').replace('allow-dns-egress', 'allow-dns-tcp');
    assert.deepEqual(findings(DENY_ALL + '---\n' + udpOnly + '---\n' + tcpOnly, 'dns-tcp-missing'), []);
  });
});

describe('suppressions', () => {
  it('disable-next-line silences the code on the next line only', () => {
    const text = DENY_ALL.replace('    - Egress', '    # netpol-lint-disable-next-line missing-dns-egress\n    - Egress');
    assert.deepEqual(findings(text, 'missing-dns-egress'), []);
  });

  it('disable silences the code in its document only', () => {
    const text = '# netpol-lint-disable missing-dns-egress\n' + DENY_ALL + '---\n' + DENY_ALL.replace('namespace: tenant-a', 'namespace: tenant-b');
    const f = findings(text, 'missing-dns-egress');
    assert.equal(f.length, 1);
    assert.equal(f[0].document, 1);
  });

  it('reports an unknown code as unknown-rule on the code', () => {
    const text = DENY_ALL.replace('    - Egress', '    # netpol-lint-disable-next-line missing-dns, empty-port -- reason\n    - Egress');
    const [f] = findings(text, 'unknown-rule');
    assert.equal(pointed(text, f), 'missing-dns');
    assert.equal(findings(text, 'missing-dns-egress').length, 1);
  });
});

describe('configured severities', () => {
  it('turns a rule off or changes its severity', () => {
    const config = defaultConfig();
    config.rules['missing-dns-egress'] = 'off';
    assert.deepEqual(findings(DENY_ALL, 'missing-dns-egress', config), []);
    config.rules['missing-dns-egress'] = 'error';
    config.rules['missing-dns-egress'] = 'error';
    assert.equal(findings(DENY_ALL, 'missing-dns-egress', config)[0].severity, 'error');
  });
});

describe('documents that are not ours', () => {
  it('ignores Calico and other API groups, other kinds, and empty documents', () => {
    const calico = DENY_ALL.replace('networking.k8s.io/v1', 'projectcalico.org/v3');
    assert.deepEqual(lint(calico), []);
    assert.deepEqual(lint('---\n---\n# nothing\n'), []);
    assert.deepEqual(lint(''), []);
  });

  it('analyses each NetworkPolicy of a kind: List with its item path', () => {
    const item = DENY_ALL.split('\n')
      .filter(Boolean)
      .map((l, i) => (i === 0 ? `  - ${l}` : `    ${l}`))
      .join('\n');
    const text = `apiVersion: v1\nkind: List\nitems:\n${item}\n`;
    const [f] = findings(text, 'missing-dns-egress');
    assert.match(f.message, /^No DNS egress: .* \(items\[0\]\.spec\.policyTypes\[1\]\)$/);
    assert.equal(pointed(text, f), 'Egress');
  });
});
