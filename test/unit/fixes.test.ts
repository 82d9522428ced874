/** Every quick fix: applied to the text, the result parses, re-lints without that finding, keeps style and comments. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, disableNextLineFix, type LintConfig } from '../../server/src/core/index';
import { applyFix, ALLOW_DNS, DENY_ALL, findings, lint, policy, yaml } from '../helpers';
import { applyEdits } from '../../server/src/core/edit/fixes';

/** Applies the fix to the first finding of `code` and checks the result; returns the new text. */
function fixed(text: string, code: string, title: string, config?: LintConfig): string {
  const before = findings(text, code, config);
  assert.ok(before.length > 0, `expected a ${code} finding before the fix`);
  const out = applyFix(text, before[0], title);
  const after = lint(out, config);
  const broken = after.filter((f) => f.code === 'yaml-syntax' || f.code === 'wrong-type' || f.code === 'unknown-field');
  assert.deepEqual(
    broken.map((f) => f.message),
    [],
    `fix "${title}" produced invalid YAML:\n${out}`,
  );
  assert.equal(after.filter((f) => f.code === code).length, before.length - 1, `fix "${title}" did not clear ${code}:\n${out}`);
  return out;
}

describe('missing-dns-egress fixes', () => {
  it('adds a separate allow-dns-egress document in the same style, keeping comments', () => {
    const text = '# tenant a\n' + DENY_ALL.replace('    - Egress', '    - Egress  # both ways');
    const out = fixed(text, 'missing-dns-egress', 'Add a separate');
    assert.ok(out.startsWith(text), 'the original document is untouched');
    assert.match(out, /\n---\napiVersion: networking.k8s.io\/v1\nkind: NetworkPolicy\nmetadata:\n {2}name: allow-dns-egress\n {2}namespace: tenant-a\n/);
    assert.match(out, /\n {8}- protocol: UDP\n {10}port: 53\n {8}- protocol: TCP\n {10}port: 53\n$/);
  });

  it('follows kubectl style (list items not indented) and 4-space indentation', () => {
    const text = DENY_ALL.replace(/ {4}- /g, '  - ')
      .replace(/\n {2}/g, '\n    ')
      .replace(/\n {6}- /g, '\n    - ');
    const out = fixed(text, 'missing-dns-egress', 'Add a separate');
    assert.match(out, /\n {4}podSelector: \{\}\n {4}policyTypes:\n {4}- Egress\n {4}egress:\n {4}- to:\n {6}- namespaceSelector:\n {12}matchLabels:/);
  });

  it('keeps CRLF line endings', () => {
    const text = DENY_ALL.replace(/\n/g, '\r\n');
    const out = fixed(text, 'missing-dns-egress', 'Add a separate');
    assert.ok(!/[^\r]\n/.test(out), 'every line ends with CRLF');
  });

  it('adds a DNS rule to the policy when it has no egress key', () => {
    const out = fixed(DENY_ALL, 'missing-dns-egress', 'Add a DNS egress rule');
    assert.match(out, /\n {4}- Egress\n {2}egress:\n {4}- to:\n {8}- namespaceSelector:/);
  });

  it('appends the DNS rule to an existing block egress list', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to:', '      - podSelector: {}  # same namespace']);
    const out = fixed(text, 'missing-dns-egress', 'Add a DNS egress rule');
    assert.match(out, /# same namespace\n {4}- to:\n {8}- namespaceSelector:/);
  });

  it('fills in an empty or null egress', () => {
    for (const empty of ['egress: []', 'egress:', 'egress: null']) {
      const text = policy(['podSelector: {}', 'policyTypes: [Ingress, Egress]', empty]);
      fixed(text, 'missing-dns-egress', 'Add a DNS egress rule');
    }
  });

  it("copies the isolated pods' selector into the separate policy", () => {
    const text = policy(['podSelector:', '  matchLabels:', '    app: web', 'policyTypes: [Egress]']);
    const out = fixed(text, 'missing-dns-egress', 'Add a separate');
    assert.match(out, /name: allow-dns-egress\n[\s\S]*podSelector:\n {4}matchLabels:\n {6}app: web\n/);
  });
});

describe('dns-tcp-missing fix', () => {
  it('adds the TCP twin of a block UDP port', () => {
    const udpOnly = ALLOW_DNS.replace(/\n {8}- protocol: TCP\n {10}port: 53/, '');
    const out = fixed(DENY_ALL + '---\n' + udpOnly, 'dns-tcp-missing', 'Add the TCP twin');
    assert.ok(out.endsWith('        - protocol: UDP\n          port: 53\n        - protocol: TCP\n          port: 53\n'));
  });

  it('adds the TCP twin of a flow UDP port', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - ports: [{protocol: UDP, port: 53}]']);
    const out = fixed(text, 'dns-tcp-missing', 'Add the TCP twin');
    assert.match(out, /ports: \[\{protocol: UDP, port: 53\}, \{protocol: TCP, port: 53\}\]/);
  });
});

describe('empty-port fixes', () => {
  const seed = ALLOW_DNS.replace(/TCP\n {10}port: 53/, 'TCP\n          port:');

  it('fills in the number of the UDP twin (the seed DNS policy)', () => {
    const out = fixed(seed, 'empty-port', 'Set the port to 53');
    assert.equal(out, ALLOW_DNS);
  });

  it('removes the key after another key', () => {
    const out = fixed(seed, 'empty-port', 'Remove the empty');
    assert.match(out, /- protocol: TCP\n$/);
  });

  it('removes the key when it comes first in the item', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - port:', '        protocol: TCP']);
    const out = fixed(text, 'empty-port', 'Remove the empty');
    assert.match(out, /ports:\n {8}- protocol: TCP\n$/);
  });

  it('leaves an empty item when the key was alone', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - port:']);
    const out = fixed(text, 'empty-port', 'Remove the empty');
    assert.match(out, /ports:\n {8}- \{\}\n$/);
  });

  it('removes the key from a flow map', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports: [{protocol: TCP, port: }]']);
    const out = fixed(text, 'empty-port', 'Remove the empty');
    assert.match(out, /ports: \[\{protocol: TCP\}\]/);
  });
});

describe('other fixes', () => {
  it('ignored-rules: adds the missing policy type, flow and block', () => {
    const flow = policy(['podSelector: {}', 'policyTypes: [Ingress]', 'egress:', '  - to:', '      - podSelector: {}']);
    assert.match(fixed(flow, 'ignored-rules', 'Add "Egress"'), /policyTypes: \[Ingress, Egress\]/);
    const block = policy(['podSelector: {}', 'policyTypes:', '  - Egress', 'ingress:', '  - {}']);
    assert.match(fixed(block, 'ignored-rules', 'Add "Ingress"'), /policyTypes:\n {4}- Egress\n {4}- Ingress\n/);
  });

  it('invalid-protocol: uppercases, keeping quotes', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: "udp"', '        port: 5000']);
    assert.match(fixed(text, 'invalid-protocol', 'Change the protocol to UDP'), /protocol: "UDP"/);
  });

  it('unknown-field: renames to the suggestion', () => {
    const text = policy(['podselector: {}']);
    assert.match(fixed(text, 'unknown-field', 'Rename'), /\n {2}podSelector: \{\}/);
  });

  it('wrong-type: wraps a single string in a list', () => {
    const text = policy(['podSelector: {}', 'policyTypes: Ingress']);
    assert.match(fixed(text, 'wrong-type', 'Make'), /policyTypes: \[Ingress\]/);
  });

  it('implicit-protocol: adds protocol TCP (block and flow)', () => {
    const block = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - port: 8080']);
    assert.match(fixed(block, 'implicit-protocol', 'Add "protocol: TCP"'), /- port: 8080\n {10}protocol: TCP\n/);
    const flow = policy(['podSelector: {}', 'ingress:', '  - ports: [{port: 8080}]']);
    assert.match(fixed(flow, 'implicit-protocol', 'Add "protocol: TCP"'), /\[\{port: 8080, protocol: TCP \}\]/);
  });

  it('implicit-protocol on 53: adds protocol TCP and a UDP twin', () => {
    const text = policy(['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - ports:', '      - port: 53']);
    const out = fixed(text, 'implicit-protocol', 'Add "protocol: TCP" and a UDP');
    assert.match(out, /ports:\n {8}- protocol: UDP\n {10}port: 53\n {8}- port: 53\n {10}protocol: TCP\n/);
    assert.deepEqual(findings(out, 'missing-dns-egress'), []);
  });
});

describe('"Disable <code> for this line" (written by the editor, from the text and the finding)', () => {
  /** Writes the suppression comment for the first finding of `code`; the finding is gone afterwards. */
  const disabled = (text: string, code: string): string => {
    const before = findings(text, code);
    assert.ok(before.length > 0, `expected a ${code} finding`);
    const fix = disableNextLineFix(text, before[0]);
    assert.equal(fix.title, `Disable ${code} for this line`);
    const out = applyEdits(text, fix.edits);
    assert.equal(findings(out, code).length, before.length - 1, `not suppressed:\n${out}`);
    return out;
  };

  it("writes a suppression comment above, at the line's indentation", () => {
    const out = disabled(DENY_ALL, 'missing-dns-egress');
    assert.match(out, /\n {4}# netpol-lint-disable-next-line missing-dns-egress\n {4}- Egress\n/);
  });

  it('extends an existing comment rather than stacking a second one', () => {
    const text = policy(['podSelector: {}', 'ingress:', '  - ports:', '      # netpol-lint-disable-next-line implicit-protocol', '      - port:']);
    const out = disabled(text, 'empty-port');
    assert.match(out, /# netpol-lint-disable-next-line implicit-protocol, empty-port\n {8}- port:/);
    assert.deepEqual(
      lint(out)
        .filter((f) => f.code === 'empty-port' || f.code === 'implicit-protocol')
        .map((f) => f.code),
      [],
    );
  });

  it("is not among the findings' own fixes (the core never builds it)", () => {
    const text = DENY_ALL + '---\n' + yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: x}', 'spec:', '  podselector: {}');
    const all = lint(text);
    assert.ok(all.length > 0);
    for (const f of all) assert.ok(!(f.fixes ?? []).some((x) => x.edits.some((e) => e.newText.includes('netpol-lint-disable'))), f.code);
  });
});

describe('rule catalogue fixes', () => {
  const spec = (...lines: string[]) => policy(lines);
  const from = (...peer: string[]) => spec('podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - from:', ...peer.map((l) => `      ${l}`));
  const cases: [string, string, string, RegExp, LintConfig?][] = [
    ['invalid-name', policy(['podSelector: {}'], 'Web_Policy', 'a'), 'Change the name to "web-policy"', /name: web-policy\n/],
    [
      'invalid-selector-operator',
      spec('podSelector:', '  matchExpressions:', '    - {key: app, operator: notin, values: [a]}'),
      'Change the operator to NotIn',
      /operator: NotIn/,
    ],
    [
      'selector-values-mismatch',
      spec('podSelector:', '  matchExpressions:', '    - key: app', '      operator: Exists', '      values: [a]'),
      'Remove the values',
      /operator: Exists\n$/,
    ],
    ['quoted-numeric-port', spec('podSelector: {}', 'ingress:', '  - ports:', "      - {protocol: TCP, port: '8080'}"), 'Unquote', /port: 8080\}/],
    [
      'invalid-end-port',
      spec('podSelector: {}', 'ingress:', '  - ports:', '      - {protocol: TCP, port: 9000, endPort: 8000}'),
      'Swap',
      /port: 8000, endPort: 9000/,
    ],
    [
      'ipblock-with-selector',
      from('- podSelector: {matchLabels: {app: a}}', '  ipBlock:', '    cidr: 10.0.0.0/8'),
      'Split',
      /- podSelector: \{matchLabels: \{app: a\}\}\n {8}- ipBlock:\n {12}cidr: 10\.0\.0\.0\/8\n$/,
    ],
    ['invalid-cidr', from('- ipBlock: {cidr: 10.0.0.5/24}'), 'Rewrite as 10.0.0.0/24', /cidr: 10\.0\.0\.0\/24/],
    ['invalid-cidr', from('- ipBlock: {cidr: "::ffff:10.1.0.0/112"}'), 'Rewrite as 10.1.0.0/16', /cidr: "10\.1\.0\.0\/16"/],
    [
      'non-canonical-cidr',
      from('- ipBlock: {cidr: 010.0.0.5/24}'),
      'Rewrite as 10.0.0.0/24',
      /cidr: 10\.0\.0\.0\/24/,
      { ...defaultConfig(), kubernetesVersion: '1.35' },
    ],
    ['invalid-policy-type', spec('podSelector: {}', 'policyTypes: [ingress]'), 'Change to Ingress', /policyTypes: \[Ingress\]/],
    [
      'removed-api-version',
      policy(['podSelector: {}']).replace('networking.k8s.io/v1', 'extensions/v1beta1'),
      'Change to networking.k8s.io/v1',
      /^apiVersion: networking\.k8s\.io\/v1\n/,
    ],
    [
      'ambiguous-peer',
      from('- namespaceSelector:', '    matchLabels: {kubernetes.io/metadata.name: shared}', '- podSelector:', '    matchLabels: {app: client}'),
      'Merge',
      /- namespaceSelector:\n {12}matchLabels: \{kubernetes\.io\/metadata\.name: shared\}\n {10}podSelector:\n {12}matchLabels:\n {14}app: client\n$/,
    ],
    [
      'namespace-name-label',
      from('- namespaceSelector: {matchLabels: {name: monitoring}}'),
      'Use kubernetes.io/metadata.name',
      /\{kubernetes\.io\/metadata\.name: monitoring\}/,
    ],
    [
      'cross-namespace-label-trust',
      from('- namespaceSelector: {}', '  podSelector: {matchLabels: {app: x}}'),
      'Select namespaces',
      /namespaceSelector: \{ matchLabels: \{ kubernetes\.io\/metadata\.name: CHANGE-ME \} \}/,
    ],
    [
      'cloud-metadata-reachable',
      spec('podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to:', '      - ipBlock:', '          cidr: 0.0.0.0/0'),
      'Add 169.254.169.254/32',
      /cidr: 0\.0\.0\.0\/0\n {12}except:\n {14}- 169\.254\.169\.254\/32\n$/,
    ],
    [
      'cloud-metadata-reachable',
      spec('podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - to:', '      - ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}'),
      'Add 169.254.169.254/32',
      /except: \[10\.0\.0\.0\/8, 169\.254\.169\.254\/32\]/,
    ],
    [
      'implicit-policy-types',
      spec('podSelector: {}', 'egress:', '  - to:', '      - podSelector: {}'),
      'Add policyTypes',
      /policyTypes:\n {4}- Ingress\n {4}- Egress\n$/,
    ],
    [
      'missing-namespace',
      yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata:', '  name: p', 'spec:', '  podSelector: {}'),
      'Add "namespace: default"',
      /metadata:\n {2}name: p\n {2}namespace: default\n/,
    ],
  ];
  for (const [code, text, title, expected, config] of cases) {
    it(`${code}: ${title}${config ? ` (Kubernetes ${config.kubernetesVersion})` : ''}`, () => {
      assert.match(fixed(text, code, title, config), expected);
    });
  }
});
