/** .netpol-lint.yaml: reading, problems with ranges, precedence, and the DNS profile in rules and fixes. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { tenantMatcher } from '../../server/src/core/config';
import { completeAt, effectiveConfig, MAX_CONFIG_BYTES, parseConfigFile, parseConfigObject, Workspace } from '../../server/src/core/index';
import { ALLOW_DNS, DENY_ALL, expand, yaml } from '../helpers';
import { applyEdits } from '../../server/src/core/edit/fixes';
import { lintText } from '../../server/src/core/workspace/workspace';

const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/netpol-lint-config.schema.json'), 'utf8'));
const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);

describe('.netpol-lint.yaml', () => {
  it('reads rules, dns and tenantNamespaces', () => {
    const { layer, problems } = parseConfigFile(
      yaml(
        'rules:',
        '  implicit-protocol: off',
        'dns:',
        '  namespace: openshift-dns',
        '  podLabels: { dns.operator.openshift.io/daemonset-dns: default }',
        '  ports: [5353]',
        '  nodeLocalIPs: [169.254.20.10]',
        "tenantNamespaces: ['team-*']",
      ),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(layer, {
      rules: { 'implicit-protocol': 'off' },
      dns: { namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: [5353], nodeLocalIPs: ['169.254.20.10'] },
      tenantNamespaces: ['team-*'],
    });
  });

  it('a plain object (the editor settings) reads with the same layer and messages as its text', () => {
    const cases: unknown[] = [
      { rules: { 'implicit-protocol': 'off', 'no-such-rule': 'error', 'empty-from': 'loud' }, tenantNamespaces: ['team-*', 'Bad!', 3] },
      {
        rules: 'warning',
        dns: { namespace: 'Kube System', podLabels: { app: 'x/y', n: 5 }, ports: [53, 0, 'x'], nodeLocalIPs: ['169.254.20.10', 'nope'], extra: true },
      },
      { dns: { ports: [], podLabels: [1] }, tenantNamespaces: 'team-*', other: { a: [null, { b: 1 }] } },
      { dns: 'kube-system', rules: { 'implicit-protocol': null } },
    ];
    for (const value of cases) {
      const text = parseConfigFile(JSON.stringify(value));
      const plain = parseConfigObject(value);
      assert.deepEqual(plain.layer, text.layer, JSON.stringify(value));
      assert.deepEqual(
        plain.problems.map((p) => p.message),
        text.problems.map((p) => p.message),
        JSON.stringify(value),
      );
      assert.ok(plain.problems.length > 0);
    }
  });

  it('an empty file keeps every default', () => {
    assert.deepEqual(parseConfigFile(''), { layer: {}, problems: [] });
    assert.deepEqual(effectiveConfig(parseConfigFile('# nothing yet\n').layer).dns.ports, [53]);
  });

  it('reports unknown keys with "did you mean", at the key, and keeps the rest', () => {
    const text = yaml('dns:', '  namespce: openshift-dns', '  ports: [5353]', 'rulez: {}');
    const { layer, problems } = parseConfigFile(text);
    assert.deepEqual(
      problems.map((p) => [p.message, text.slice(p.span.start, p.span.end)]),
      [
        ['Unknown key "namespce": did you mean "namespace"? Allowed: namespace, podLabels, ports, nodeLocalIPs (dns)', 'namespce'],
        [
          'Unknown key "rulez": did you mean "rules"? Allowed: rules, dns, tenantNamespaces, kubernetesVersion, clusterNetworkPolicy, exclude, render, helm, admission, tests',
          'rulez',
        ],
      ],
    );
    assert.deepEqual(layer.dns, { ports: [5353] });
  });

  it('reports wrong types and bad values, naming the key', () => {
    const text = yaml(
      'rules:',
      '  implicit-protocol: silent',
      '  no-such-rule: off',
      'dns:',
      '  ports: 5353',
      '  nodeLocalIPs: [not-an-ip]',
      '  namespace: Kube_System',
      'tenantNamespaces: team-a',
    );
    const messages = parseConfigFile(text).problems.map((p) => p.message);
    assert.deepEqual(
      messages.map((m) => m.replace(/: (did you mean|the allowed keys are) [^()]*?(?= \(|$)/, '')),
      [
        'Unknown severity "silent": expected off, error, warning, information or hint (rules.implicit-protocol)',
        'Unknown key "no-such-rule" (rules)',
        'Must be a list of port numbers, such as [53] (dns.ports)',
        'Invalid item: "not-an-ip" is not an IP address (dns.nodeLocalIPs)',
        'Must be a namespace name: a DNS-1123 label, such as kube-system (dns.namespace)',
        'Must be a list of strings (tenantNamespaces)',
      ],
    );
  });

  it('a YAML syntax error is a problem, never an exception', () => {
    const { layer, problems } = parseConfigFile('dns: [\n');
    assert.deepEqual(layer, {});
    assert.match(problems[0].message, /^YAML syntax error/);
  });

  it('editor settings override the file key by key, rules code by code', () => {
    const file = parseConfigFile(yaml('rules: {implicit-protocol: off, allow-all: error}', 'dns: {namespace: openshift-dns, ports: [5353]}')).layer;
    const c = effectiveConfig(file, { rules: { 'allow-all': 'hint' }, dns: { ports: [53, 5353] } });
    assert.deepEqual(c.rules, { 'implicit-protocol': 'off', 'allow-all': 'hint' });
    assert.deepEqual([c.dns.namespace, c.dns.ports], ['openshift-dns', [53, 5353]]);
  });

  it('agrees with the shipped JSON schema on what is valid', () => {
    const samples = [
      'rules: {implicit-protocol: off}',
      'dns: {namespace: openshift-dns, ports: [5353]}',
      "tenantNamespaces: ['team-*', prod]",
      'dns: {ports: 53}',
      'dnss: {}',
      'rules: {implicit-protocol: quiet}',
      'rules: {no-such-rule: off}',
      'dns: {ports: [70000]}',
      'tenantNamespaces: [Team_A]',
    ];
    for (const s of samples) {
      const ours = parseConfigFile(s).problems.length === 0;
      const theirs = validate(JSON.parse(JSON.stringify(require('yaml').parse(s))));
      assert.equal(theirs, ours, `${s}: schema says ${theirs}, reader says ${ours}`);
    }
  });
});

describe('the DNS profile of the config changes the rule and its fixes', () => {
  const openshift = effectiveConfig(parseConfigFile(yaml('dns:', '  namespace: openshift-dns', '  ports: [5353]')).layer);

  it('the default 53 policy no longer counts, and the finding says what is expected', () => {
    const [f] = lintText(DENY_ALL + '---\n' + ALLOW_DNS, openshift).findings.filter((x) => x.code === 'missing-dns-egress');
    assert.ok(f, 'a kube-system port-53 DNS policy does not allow OpenShift DNS');
    assert.match(f.message, /UDP 5353 to openshift-dns pods/);
  });

  it('the fixes write openshift-dns and 5353, and then the finding is gone', () => {
    const [f] = lintText(DENY_ALL, openshift).findings.filter((x) => x.code === 'missing-dns-egress');
    for (const fix of f.fixes!) {
      const fixed = applyEdits(DENY_ALL, fix.edits);
      assert.match(fixed, /kubernetes\.io\/metadata\.name: openshift-dns/);
      assert.match(fixed, /protocol: UDP\n\s+port: 5353/);
      assert.match(fixed, /protocol: TCP\n\s+port: 5353/);
      assert.deepEqual(
        lintText(fixed, openshift).findings.filter((x) => x.code === 'missing-dns-egress'),
        [],
        fix.title,
      );
    }
  });

  it('with NodeLocal DNSCache the fix adds an ipBlock /32, which alone satisfies the rule', () => {
    const nodeLocal = effectiveConfig(parseConfigFile('dns: {nodeLocalIPs: [169.254.20.10]}').layer);
    const [f] = lintText(DENY_ALL, nodeLocal).findings.filter((x) => x.code === 'missing-dns-egress');
    const fixed = applyEdits(DENY_ALL, f.fixes![0].edits);
    assert.match(fixed, /ipBlock:\n\s+cidr: 169\.254\.20\.10\/32/);
    const onlyNodeLocal =
      DENY_ALL + '---\n' + ALLOW_DNS.replace(/- namespaceSelector:[\s\S]*?k8s-app: kube-dns\n/, '- ipBlock:\n            cidr: 169.254.20.10/32\n');
    assert.match(onlyNodeLocal, /cidr: 169\.254\.20\.10\/32/);
    assert.deepEqual(
      lintText(onlyNodeLocal, nodeLocal).findings.filter((x) => x.code === 'missing-dns-egress'),
      [],
    );
  });
});

describe('snippets for the configured cluster DNS', () => {
  const openshift = effectiveConfig(parseConfigFile(yaml('dns:', '  namespace: openshift-dns', '  ports: [5353]')).layer);

  it('replace the DNS-bearing snippets at "netpol-" when the profile differs from the defaults, and lint clean under it', () => {
    const ws = new Workspace(openshift);
    ws.update('new.yaml', 'netpol-');
    const all = completeAt(ws, 'new.yaml', 'netpol-'.length);
    assert.equal(all.length, 9, 'every snippet, the DNS-bearing ones written for the profile');
    const items = all.filter((i) => i.detail === 'for the cluster DNS of .netpol-lint.yaml');
    assert.deepEqual(items.map((i) => i.label).sort(), [
      'netpol-allow-dns-egress',
      'netpol-allow-intra-namespace',
      'netpol-cnp-baseline-default-deny',
      'netpol-cnp-tenant-isolation',
      'netpol-default-deny-egress',
      'netpol-tenant-baseline',
    ]);
    for (const item of items) {
      const text = expand(item.insertText.split('\n'));
      assert.match(text, /kubernetes\.io\/metadata\.name: openshift-dns[\s\S]*(port|number): 5353/, item.label);
      const serious = lintText(text, openshift).findings.filter((f) => f.severity === 'error' || f.severity === 'warning');
      assert.deepEqual(
        serious.map((f) => f.code),
        [],
        `${item.label}:\n${text}`,
      );
    }
    const defaults = new Workspace(effectiveConfig());
    defaults.update('new.yaml', 'netpol-');
    const plain = completeAt(defaults, 'new.yaml', 7);
    assert.equal(plain.length, 9);
    assert.ok(
      plain.every((i) => i.detail === 'NetworkPolicy snippet' && !/openshift/.test(i.insertText)),
      'the defaults: the snippets file as it is',
    );
  });
});

describe('the size of a config', () => {
  it('a text over 1 MiB (an editor can hold one) is one problem and all defaults, not a parse', () => {
    const patterns = `tenantNamespaces:\n${'  - team-*\n'.repeat(MAX_CONFIG_BYTES / 10)}`;
    assert.ok(patterns.length > MAX_CONFIG_BYTES);
    const { layer, problems } = parseConfigFile(patterns);
    assert.deepEqual(layer, {});
    assert.deepEqual(
      problems.map((p) => [p.message, p.span]),
      [[`Config file too large: more than 1 MiB (${patterns.length} characters), not read; the defaults are in force`, { start: 0, end: 0 }]],
    );
    const within = `tenantNamespaces:\n${'  - team-*\n'.repeat(1000)}`;
    assert.deepEqual(parseConfigFile(within).problems, []);
  });
});

describe('tenantNamespaces globs', () => {
  const tenant = (patterns: string[], ns: string) => tenantMatcher(patterns)(ns);
  it('match namespaces with *, ?, [a-c] and {a,b}', () => {
    assert.equal(tenant(['*'], 'shop'), true);
    assert.equal(tenant(['team-*'], 'team-a'), true);
    assert.equal(tenant(['team-*'], 'payments'), false);
    assert.equal(tenant(['team-?'], 'team-b'), true);
    assert.equal(tenant(['team-?'], 'team-bb'), false);
    assert.equal(tenant(['team-[a-c]'], 'team-b'), true);
    assert.equal(tenant(['team-[a-c]'], 'team-d'), false);
    assert.equal(tenant(['{shop,cart}'], 'cart'), true);
    assert.equal(tenant(['{shop,cart}'], 'shopcart'), false);
    assert.equal(tenant([], 'shop'), false);
    assert.equal(tenant([''], 'shop'), false);
  });
  it('100,000 patterns (a 1 MiB config) cost about their text, not a compiled RegExp each', () => {
    const patterns = Array.from({ length: 100_000 }, (_, i) => (i % 2 ? `team-${i}-*` : `shop-${i}`));
    const before = process.memoryUsage().heapUsed;
    const isTenant = tenantMatcher(patterns);
    assert.equal(isTenant('team-99999-x'), true);
    assert.equal(isTenant('shop-99998'), true);
    assert.equal(isTenant('shop-99999'), false);
    assert.equal(isTenant('team-9'), false);
    // the old matcher compiled a RegExp per pattern (see docs/performance.md for the figures)
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 50 * 1024 * 1024, `the matcher holds ${Math.round(grown / 1024 / 1024)} MB`);
  });
  it('* and ? match like picomatch over namespace names', () => {
    const cases: [string, string, boolean][] = [
      ['a*b', 'ab', true],
      ['a*b', 'axxb', true],
      ['a*b', 'axxbc', false],
      ['*-prod', 'shop-prod', true],
      ['*-prod', 'shop-prod-2', false],
      ['a**?', 'a', false],
      ['a**?', 'ab', true],
      ['?-*-?', 'a--b', true],
      ['team', 'team-a', false],
    ];
    for (const [pattern, ns, expected] of cases) assert.equal(tenant([pattern], ns), expected, `${pattern} ~ ${ns}`);
  });
  it('never count the system namespaces', () => {
    for (const ns of ['kube-system', 'kube-public', 'kube-node-lease']) assert.equal(tenant(['*', 'kube-*'], ns), false);
    assert.equal(tenant(['kube-*'], 'kube-apps'), true);
  });
});
