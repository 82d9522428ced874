/** The tests file and its invariants: tenant isolation against a hostile tenant, as written, DNS, metadata, default deny. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { rng } from '../helpers';
import Ajv from 'ajv';
import { parse as parseYaml } from 'yaml';
import { ConnectionSet, defaultConfig, parseTestsFile, runTestsFile, Workspace, type TestsSpec } from '../../server/src/core/index';
import { docs, IDS, modelYaml, np } from '../connectivityModel';

const EXAMPLE = join(__dirname, '../../docs/examples/tenancy');
const CLUSTER = readFileSync(join(EXAMPLE, 'cluster.yaml'), 'utf8');
const TESTS = readFileSync(join(EXAMPLE, 'netpol-tests.yaml'), 'utf8');

function spec(text: string): TestsSpec {
  const { spec, problems } = parseTestsFile(text);
  assert.deepEqual(problems, []);
  return spec;
}

function run(files: Record<string, string>, testsText: string, asWritten = false) {
  const ws = new Workspace(defaultConfig());
  for (const [k, v] of Object.entries(files)) ws.update(k, v);
  return runTestsFile(ws.connectivity(), spec(testsText), defaultConfig().dns, { asWritten });
}

const invariant = (out: ReturnType<typeof run>, name: string) => out.invariants.find((i) => i.name === name)!;

/** The example with its hole mended: the orders database admits web pods of its own namespace only. */
const MENDED = CLUSTER.replace(
  /(name: allow-web-to-orders-db[\s\S]*?)namespaceSelector: \{\}/,
  '$1namespaceSelector:\n            matchLabels: { kubernetes.io/metadata.name: tenant-a }',
);

/** tenant-b as a tenant that deleted its own egress policy and labelled a pod app: web-server. */
const HOSTILE_B = docs(
  'apiVersion: v1\nkind: Pod\nmetadata:\n  name: intruder\n  namespace: tenant-b\n  labels: { app: web-server }\nspec:\n  containers: [{ name: c, image: i }]\n',
);
/** tenant-b's own egress policies deleted (its to delete): its default deny left for ingress only. */
const withoutBEgress = (cluster: string) =>
  cluster
    .split('---\n')
    .filter((d) => !(/namespace: tenant-b/.test(d) && /name: allow-dns-egress/.test(d)))
    .map((d) => (/namespace: tenant-b/.test(d) && /name: default-deny-all/.test(d) ? d.replace('policyTypes: [Ingress, Egress]', 'policyTypes: [Ingress]') : d))
    .join('---\n');

describe('tests file', () => {
  it('reads the example with no problem: tenants, shared, invariants, tests', () => {
    const s = spec(TESTS);
    assert.deepEqual(
      s.tenants.map((t) => [t.name, t.namespaces]),
      [
        ['tenant-a', ['tenant-a', 'tenant-a-*']],
        ['tenant-b', ['tenant-b']],
      ],
    );
    assert.equal(s.shared[0].ports.toString(), 'TCP 5432');
    assert.deepEqual(
      s.invariants.map((i) => i.name),
      ['tenant-isolation', 'dns-reachable', 'metadata-blocked', 'default-deny'],
    );
    assert.deepEqual(
      s.tests.map((t) => [t.expect, t.port, t.protocol, t.from.workload ?? t.from.podSelector]),
      [
        ['allow', 5432, 'TCP', { app: 'web-server' }],
        ['deny', undefined, 'TCP', 'api'],
      ],
    );
  });

  it('names an unknown key with "did you mean", at the key, path last', () => {
    const text = 'tenant:\n  a: [a]\n';
    const { problems } = parseTestsFile(text);
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^Unknown key "tenant": did you mean "tenants"\?/);
    assert.equal(text.slice(problems[0].span.start, problems[0].span.end), 'tenant');
  });

  it('says which invariant, expectation or protocol was meant', () => {
    const text = [
      'tenants: { a: [a], b: [b] }',
      'invariants: [tenant-isolaton]',
      'tests:',
      '  - name: t',
      '    from: { namespace: a }',
      '    to: { namespace: b, podSelctor: { app: x } }',
      '    protocol: tcp',
      '    expect: alow',
    ].join('\n');
    const messages = parseTestsFile(text).problems.map((p) => p.message);
    assert.ok(messages.some((m) => /^Unknown invariant "tenant-isolaton": did you mean "tenant-isolation"\?/.test(m)));
    assert.ok(messages.some((m) => /^Unknown key "podSelctor": did you mean "podSelector"\?.*\(tests\[0\]\.to\)$/.test(m)));
    assert.ok(messages.some((m) => /^Unknown protocol "tcp": use TCP, UDP or SCTP \(did you mean TCP\?\)/.test(m)));
    assert.ok(messages.some((m) => /^Unknown expectation "alow": use allow or deny \(did you mean allow\?\)/.test(m)));
  });

  it('reads YAML 1.1 as Kubernetes does: an unquoted namespace no is a boolean, and says so', () => {
    const { problems } = parseTestsFile('shared:\n  - { name: s, namespace: no }\n');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /quote it, YAML 1\.1 reads it as a boolean \(shared\[0\]\.namespace\)$/);
  });

  it('needs two tenants for tenant-isolation, and a namespace per test side', () => {
    assert.match(parseTestsFile('tenants: { a: [a] }\ninvariants: [tenant-isolation]\n').problems[0].message, /needs at least two tenants/);
    const p = parseTestsFile('tests:\n  - { name: t, from: { podSelector: {} }, to: { namespace: b }, expect: deny }\n').problems;
    assert.match(p[0].message, /^Missing namespace/);
  });

  it('agrees with the shipped JSON schema on what is valid', () => {
    const schema = JSON.parse(readFileSync(join(__dirname, '../../schemas/netpol-tests.schema.json'), 'utf8'));
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    const samples = [
      TESTS,
      'tenants: { a: [a, a-*], b: [b] }\ninvariants: [tenant-isolation, default-deny]\ntrustedNamespaceLabels: [team]',
      'shared: [{ name: db, namespace: s, podSelector: { app: db }, ports: [5432, { protocol: UDP, port: 53, endPort: 60 }] }]',
      'tests: [{ name: t, from: { namespace: a, workload: web }, to: { namespace: b }, port: 80, protocol: UDP, expect: deny }]',
      'tenant: { a: [a] }',
      'tenants: { a: [A_b] }',
      'invariants: [tenant-isolaton]',
      'shared: [{ name: db, namespace: s, ports: [{ protocol: tcp }] }]',
      'shared: [{ name: db, namespace: s, ports: [70000] }]',
      'tests: [{ name: t, from: { namespace: a }, to: { namespace: b }, expect: maybe }]',
      'tests: [{ name: t, from: { namespace: a }, to: { namespace: b } }]',
      'tests: [{ name: t, from: { namespace: a, pods: {} }, to: { namespace: b }, expect: allow }]',
    ];
    for (const s of samples) {
      const ours = parseTestsFile(s).problems.length === 0;
      const theirs = validate(parseYaml(s));
      assert.equal(theirs, ours, `${s}: schema says ${theirs}, reader says ${ours}`);
    }
  });

  it('never throws on text that is not a tests file', () => {
    for (const text of ['', '- a', 'tenants: 3', 'tests: {a: 1}', 'shared: [3, {ports: "x"}]', ': :', '\t']) {
      const r = parseTestsFile(text);
      assert.ok(Array.isArray(r.problems), text);
    }
  });
});

describe('tenant-isolation against a hostile tenant', () => {
  it('the example: tenant-b gets to tenant-a/orders-db through namespaceSelector: {}, though no tenant-b pod has the label', () => {
    const out = run({ 'cluster.yaml': CLUSTER }, TESTS);
    const ti = invariant(out, 'tenant-isolation');
    assert.equal(ti.holds, false);
    assert.equal(ti.violations.length, 1);
    const v = ti.violations[0];
    assert.equal(v.from, 'tenant-b/*');
    assert.equal(v.to, 'tenant-a/orders-db');
    assert.equal(v.set.toString(), 'TCP 5432');
    assert.match(v.message, /^Lets tenant-b reach tenant-a\/orders-db on TCP 5432: crosses tenants \(a pod of tenant-b labelled app=web-server gets through/);
    assert.deepEqual(
      v.causes.map((c) => [c.policy, c.direction, c.rule, c.ref?.file]),
      [['tenant-a/allow-web-to-orders-db', 'Ingress', 0, 'cluster.yaml']],
    );
    // the span is the rule's: its text starts at the `from`
    const c = v.causes[0];
    assert.match(c.ref!.source.text.slice(c.span!.start, c.span!.end), /^from:\s*\n\s*- namespaceSelector: \{\}/);
    // as written no tenant-b pod carries app: web-server, and tenant-b's egress is denied
    assert.equal(invariant(run({ 'cluster.yaml': CLUSTER }, TESTS, true), 'tenant-isolation').holds, true);
  });

  it('a tenant-b pod labelled app: web-server, egress open, gets through as written; not once the peer names the namespace', () => {
    const open = withoutBEgress(CLUSTER);
    const asWritten = invariant(run({ 'cluster.yaml': open, 'b.yaml': HOSTILE_B }, TESTS, true), 'tenant-isolation');
    assert.equal(asWritten.holds, false);
    assert.deepEqual(
      asWritten.violations.map((v) => [v.from, v.to, v.set.toString()]),
      [['tenant-b/intruder', 'tenant-a/orders-db', 'TCP 5432']],
    );
    assert.equal(asWritten.violations[0].causes[0].policy, 'tenant-a/allow-web-to-orders-db');
    const mended = withoutBEgress(MENDED);
    for (const w of [false, true]) assert.equal(invariant(run({ 'cluster.yaml': mended, 'b.yaml': HOSTILE_B }, TESTS, w), 'tenant-isolation').holds, true);
  });

  it('a connectivity test sees the same: expect deny for a web-server pod of tenant-b fails, and passes mended', () => {
    const tests = `${TESTS}  - name: a tenant-b web-server cannot reach the orders database\n    from: { namespace: tenant-b, podSelector: { app: web-server } }\n    to: { namespace: tenant-a, podSelector: { app: orders-db } }\n    port: 5432\n    expect: deny\n`;
    const bad = run({ 'cluster.yaml': withoutBEgress(CLUSTER) }, tests).tests[2];
    assert.equal(bad.passed, false);
    assert.match(bad.message, /^Expected deny, allowed: tenant-b\/\{app=web-server\} => tenant-a\/orders-db on TCP 5432/);
    assert.equal(bad.causes.find((c) => c.direction === 'Ingress')?.policy, 'tenant-a/allow-web-to-orders-db');
    assert.equal(run({ 'cluster.yaml': withoutBEgress(MENDED) }, tests).tests[2].passed, true);
  });

  it('namespace labels other than kubernetes.io/metadata.name are the tenant’s to set, unless trusted', () => {
    const cluster = docs(
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: a\n  labels: { team: a }\n',
      'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: b\n  labels: { team: b }\n',
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  namespace: a\n  labels: { app: db }\nspec:\n  containers: [{ name: c, image: i }]\n',
      np('db', 'a', ['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - from: [{ namespaceSelector: { matchLabels: { team: a } } }]']),
    );
    const base = 'tenants: { a: [a], b: [b] }\ninvariants: [tenant-isolation]\n';
    const hostile = invariant(run({ 'c.yaml': cluster }, base), 'tenant-isolation');
    assert.equal(hostile.holds, false);
    assert.match(hostile.violations[0].message, /in its namespace labelled team=a/);
    assert.equal(invariant(run({ 'c.yaml': cluster }, `${base}trustedNamespaceLabels: [team]\n`), 'tenant-isolation').holds, true);
    assert.equal(invariant(run({ 'c.yaml': cluster }, base, true), 'tenant-isolation').holds, true);
  });

  it('a selector no pod can satisfy admits no attacker; NotIn on the name decides by the real name', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  namespace: a\nspec:\n  containers: [{ name: c, image: i }]\n';
    const base = 'tenants: { a: [a], b: [b, b-*] }\ninvariants: [tenant-isolation]\n';
    const check = (from: string) =>
      invariant(
        run({ 'c.yaml': docs(pod, np('db', 'a', ['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', `  - from: [${from}]`])) }, base),
        'tenant-isolation',
      );
    const contradictory = '{ namespaceSelector: {}, podSelector: { matchLabels: { app: x }, matchExpressions: [{ key: app, operator: NotIn, values: [x] }] } }';
    assert.equal(check(contradictory).holds, true);
    const notA = '{ namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: NotIn, values: [c] }] } }';
    const v = check(notA);
    assert.equal(v.holds, false);
    // b, declared by its glob, and b-attacker, one tenant b could create under b-*: one violation, a count
    assert.equal(v.violations[0].count, 2);
    const onlyB = '{ namespaceSelector: { matchExpressions: [{ key: kubernetes.io/metadata.name, operator: In, values: [z] }] } }';
    assert.equal(check(onlyB).holds, true);
  });

  it('a shared entry in a tenant lets every tenant reach its ports there, and nothing more', () => {
    const cluster = docs(
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: db\n  namespace: a\n  labels: { app: db }\nspec:\n  containers: [{ name: c, image: i }]\n',
      np('db', 'a', [
        'podSelector: {}',
        'policyTypes: [Ingress]',
        'ingress:',
        '  - from: [{ namespaceSelector: {} }]',
        '    ports: [{ port: 5432 }, { port: 9000 }]',
      ]),
    );
    const base =
      'tenants: { a: [a], b: [b] }\ninvariants: [tenant-isolation]\nshared:\n  - { name: db, namespace: a, podSelector: { app: db }, ports: [5432] }\n';
    const out = invariant(run({ 'c.yaml': cluster }, base), 'tenant-isolation');
    assert.deepEqual(
      out.violations.map((v) => v.set.toString()),
      ['TCP 9000'],
    );
  });
});

describe('dns-reachable, metadata-blocked, default-deny', () => {
  it('the example holds all three; removing tenant-a’s DNS egress breaks dns-reachable, naming the isolating policies', () => {
    const out = run({ 'cluster.yaml': CLUSTER }, TESTS);
    for (const n of ['dns-reachable', 'metadata-blocked', 'default-deny']) assert.equal(invariant(out, n).holds, true, n);
    const noDns = CLUSTER.split('---\n')
      .filter((d) => !(/name: allow-dns-egress/.test(d) && /namespace: tenant-a/.test(d)))
      .join('---\n');
    const dns = invariant(run({ 'cluster.yaml': noDns }, TESTS), 'dns-reachable');
    assert.equal(dns.holds, false);
    const v = dns.violations.find((x) => x.from.startsWith('tenant-a/'))!;
    assert.equal(v.set.toString(), 'TCP 53; UDP 53');
    assert.ok(v.causes.some((c) => c.policy === 'tenant-a/default-deny-all' && c.direction === 'Egress'));
    // two tenant-a pods, one violation standing for both
    assert.equal(v.count, 2);
  });

  it('metadata-blocked fails for a pod with open egress, or an ipBlock 0.0.0.0/0 without the except', () => {
    const pod = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\n  namespace: a\nspec:\n  containers: [{ name: c, image: i }]\n';
    const tests = 'tenants: { a: [a] }\ninvariants: [metadata-blocked]\n';
    assert.equal(invariant(run({ 'c.yaml': pod }, tests), 'metadata-blocked').holds, false);
    const wide = np('out', 'a', [
      'podSelector: {}',
      'policyTypes: [Egress]',
      'egress:',
      '  - to: [{ ipBlock: { cidr: 0.0.0.0/0 } }]',
      '    ports: [{ port: 443 }]',
    ]);
    const v = invariant(run({ 'c.yaml': docs(pod, wide) }, tests), 'metadata-blocked');
    assert.deepEqual(
      v.violations.map((x) => [x.set.toString(), x.causes.map((c) => `${c.policy}#${c.rule}`)]),
      [['TCP 443', ['a/out#0']]],
    );
    const excepted = wide.replace('cidr: 0.0.0.0/0', 'cidr: 0.0.0.0/0, except: [169.254.169.254/32]');
    assert.equal(invariant(run({ 'c.yaml': docs(pod, excepted) }, tests), 'metadata-blocked').holds, true);
  });

  it('default-deny needs a policy selecting all pods per direction; a labelled selector is not enough', () => {
    const tests = 'tenants: { a: [a] }\ninvariants: [default-deny]\n';
    const ingressOnly = np('deny', 'a', ['podSelector: {}', 'policyTypes: [Ingress]']);
    const v = invariant(run({ 'c.yaml': ingressOnly }, tests), 'default-deny');
    assert.equal(v.holds, false);
    assert.match(v.violations[0].message, /^No default deny for egress in a:/);
    const labelled = np('deny', 'a', ['podSelector: { matchLabels: { app: x } }', 'policyTypes: [Ingress, Egress]']);
    assert.match(invariant(run({ 'c.yaml': labelled }, tests), 'default-deny').violations[0].message, /^No default deny for ingress and egress in a:/);
    const both = np('deny', 'a', ['podSelector: {}', 'policyTypes: [Ingress, Egress]']);
    assert.equal(invariant(run({ 'c.yaml': both }, tests), 'default-deny').holds, true);
  });
});

/** Random policies over the x/y/z model: selectors on pod and ns labels, ipBlocks over pod addresses, ports, both directions. */
function randomPolicies(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const peer = () =>
    pick([
      '{ podSelector: {} }',
      `{ podSelector: { matchLabels: { pod: ${pick(['a', 'b', 'c'])} } } }`,
      '{ namespaceSelector: {} }',
      `{ namespaceSelector: { matchLabels: { ns: ${pick(['x', 'y', 'z'])} } } }`,
      `{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ${pick(['x', 'y', 'z'])} } }, podSelector: { matchLabels: { pod: ${pick(['a', 'b', 'c'])} } } }`,
      // x/a is 10.1.0.1, y/b 10.2.0.2 (podIp): a block of a namespace's pods, or one with a pod cut out
      `{ ipBlock: { cidr: 10.${pick([1, 2, 3])}.0.0/16 } }`,
      `{ ipBlock: { cidr: 10.0.0.0/8, except: [10.${pick([1, 2, 3])}.0.${pick([1, 2, 3])}/32] } }`,
    ]);
  // mostly default deny first (else almost every round crosses tenants), then a few allows
  const out: string[] = ['x', 'y', 'z'].filter(() => r() < 0.85).map((ns) => np(`deny-${ns}`, ns, ['podSelector: {}', 'policyTypes: [Ingress]']));
  const n = 1 + Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const ns = pick(['x', 'y', 'z']);
    const dir = pick(['Ingress', 'Egress']);
    const key = dir === 'Ingress' ? 'ingress' : 'egress';
    const side = dir === 'Ingress' ? 'from' : 'to';
    const rules = r() < 0.3 ? [] : [`  - ${side}: [${peer()}]`, ...(r() < 0.5 ? [`    ports: [{ port: ${pick([80, 81])} }]`] : [])];
    out.push(
      np(`p${i}`, ns, [
        `podSelector: ${pick(['{}', `{ matchLabels: { pod: ${pick(['a', 'b', 'c'])} } }`])}`,
        `policyTypes: [${dir}]`,
        ...(rules.length ? [`${key}:`, ...rules] : []),
      ]),
    );
  }
  return docs(...out);
}

describe('tenant-isolation properties over the x/y/z model', () => {
  const TENANTS = 'tenants: { x: [x], "y": ["y"], z: [z] }\ninvariants: [tenant-isolation]\n';
  it('as written, it holds exactly when no cross-tenant pair has a non-empty connection set; hostile violations include those', () => {
    const r = rng(24);
    let violated = 0;
    let held = 0;
    for (let round = 0; round < 120; round++) {
      const policies = randomPolicies(r);
      const ws = new Workspace(defaultConfig());
      ws.update('model.yaml', modelYaml());
      ws.update('policies.yaml', policies);
      const engine = ws.connectivity();
      const s = spec(TENANTS);
      const asWritten = invariant(runTestsFile(engine, s, defaultConfig().dns, { asWritten: true }), 'tenant-isolation');
      // the oracle: every cross-namespace pair, one at a time, straight from the policies
      const pods = IDS.map((id) => engine.pod(id)!);
      const crossing = pods.flatMap((f) =>
        pods.filter((t) => t.namespace !== f.namespace && !engine.connectionsBetween(f, t).allowed.isEmpty()).map((t) => `${f.id}>${t.id}`),
      );
      assert.equal(asWritten.holds, crossing.length === 0, policies);
      // each violation's count adds up to the crossing pairs
      assert.equal(
        asWritten.violations.reduce((n, v) => n + v.count, 0),
        crossing.length,
        policies,
      );
      // what a concrete pod of a tenant can do, the hostile tenant can: its violations cover the victims
      const hostile = invariant(runTestsFile(engine, s, defaultConfig().dns), 'tenant-isolation');
      for (const v of asWritten.violations) {
        const h = hostile.violations.find((x) => x.to === v.to && x.from === `${v.from.split('/')[0]}/*`);
        assert.ok(h && v.set.difference(h.set).isEmpty(), `${v.message}\n${policies}`);
      }
      if (asWritten.holds) held++;
      else violated++;
    }
    // the generator exercises both answers
    assert.ok(violated > 10 && held > 10, `${violated} violated, ${held} held`);
  });

  it('no policy at all: every cross-tenant pair is open, and says no policy isolates', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('model.yaml', modelYaml());
    const out = invariant(runTestsFile(ws.connectivity(), spec(TENANTS), defaultConfig().dns, { asWritten: true }), 'tenant-isolation');
    assert.equal(
      out.violations.reduce((n, v) => n + v.count, 0),
      9 * 6,
    );
    assert.ok(out.violations.every((v) => v.set.equals(ConnectionSet.ALL) && /no policy isolates/.test(v.message)));
  });
});
