/**
 * `netpol-lint admission`: the generated policies enforce the linter's rules with its semantics.
 * The CEL runs in @bufbuild/cel (test/admissionCel.ts) on the object as the API server admits it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { ADMISSION_CHECKS, admissionObjects, admissionPlan, defaultConfig, parseConfigFile, type LintConfig } from '../../server/src/core/index';
import { tenantCondition } from '../../server/src/core/admission/index';
import { runCli, type Io } from '../../server/src/cli/main';
import { codeOf, defaulted, parseAddr, parsePrefix, runPolicy, namespaceOf } from '../admissionCel';
import { corpusFiles } from '../corpus';
import { admissionPolicies } from '../admissionPolicies';
import { ALLOW_DNS, lint } from '../helpers';
import Ajv from 'ajv';

const SCHEMA = JSON.parse(readFileSync(join(__dirname, '../data/admission/admissionregistration-v1.schema.json'), 'utf8'));
const validManifest = new Ajv({ allErrors: true, strict: false }).compile(SCHEMA);

type Plain = Parameters<typeof defaulted>[0];
type Obj = { kind?: string; apiVersion?: string; spec: Parameters<typeof runPolicy>[0]['spec'] } & Record<string, unknown>;

const CODES = ADMISSION_CHECKS.map((c) => c.code);

/** Only these rules, at this severity; every other admission-capable rule off. */
function only(codes: readonly string[], severity: 'error' | 'warning' = 'error', base: Partial<LintConfig> = {}): LintConfig {
  const config = { ...defaultConfig(), ...base };
  config.rules = Object.fromEntries(CODES.map((c) => [c, codes.includes(c) ? severity : 'off']));
  return config;
}

const policies = (config: LintConfig) => admissionPolicies<Obj>(config);

/** The rule codes the generated policies refuse (Deny) or warn about (Warn) on this object. */
function refused(config: LintConfig, object: Plain, namespace = namespaceOf(object)): string[] {
  return policies(config)
    .flatMap((p) => runPolicy(p, object, namespace) ?? [])
    .map((f) => f.code)
    .sort();
}

/** YAML 1.1, as Kubernetes reads it. */
function objectsOf(text: string): Plain[] {
  return parseAllDocuments(text, { version: '1.1' }).flatMap((d) => {
    if (d.errors.length > 0) return [];
    const v = d.toJS() as Plain;
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return [];
    const items =
      (v as { kind?: unknown; items?: unknown }).kind === 'List' || /List$/.test(String((v as { kind?: unknown }).kind))
        ? (v as { items?: unknown }).items
        : [v];
    return Array.isArray(items) ? (items as Plain[]) : [];
  });
}

function isNetworkPolicy(o: Plain): boolean {
  const x = o as { kind?: unknown; apiVersion?: unknown };
  return x.kind === 'NetworkPolicy' && x.apiVersion === 'networking.k8s.io/v1';
}

function example(code: string, heading: '## Wrong' | '## Right'): Plain {
  const page = readFileSync(join(__dirname, '../../docs/rules', `${code}.md`), 'utf8');
  const m = new RegExp(`${heading}\\n\\n\`\`\`yaml\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  assert.ok(m, `${code}: no yaml example under ${heading}`);
  const objects = objectsOf(m[1]).filter(isNetworkPolicy);
  assert.equal(objects.length, 1, `${code}: one NetworkPolicy under ${heading}`);
  return objects[0];
}

describe('admission: each rule enforces what its docs page shows', () => {
  for (const code of CODES) {
    it(`${code}: the wrong example is refused, the right one admitted`, () => {
      const config = only([code]);
      assert.deepEqual(refused(config, example(code, '## Wrong')), [code]);
      assert.deepEqual(refused(config, example(code, '## Right')), []);
    });
    it(`${code}: the messageExpression names the direction and the entry, then the code and the page`, () => {
      const [p] = policies(only([code]));
      const [f] = runPolicy(p, example(code, '## Wrong'), namespaceOf(example(code, '## Wrong')))!;
      const tail = ` [${code}] https://github.com/netpol-lint/netpol-lint/blob/main/docs/rules/${code}.md`;
      assert.ok(f.message.endsWith(tail), f.message);
      // not the fallback: the expression's own text, which names spec.ingress or spec.egress
      assert.match(f.message.slice(0, -tail.length), /^(a rule of )?spec\.(ingress|egress)\b.{20,}/);
      assert.notEqual(f.message, p.spec.validations[0].message);
    });
  }
});

describe('admission: the CEL and the linter agree on the whole corpus', () => {
  it('object by object, rule by rule', () => {
    const config = only(CODES);
    let compared = 0;
    const refusedCodes = new Set<string>();
    for (const file of corpusFiles()) {
      for (const object of objectsOf(readFileSync(file, 'utf8')).filter(isNetworkPolicy)) {
        // the linter sees this object alone, as JSON (JSON is YAML): the same object the API server gets
        const findings = lint(JSON.stringify(object));
        // the API server refuses it before admission: nothing to compare
        if (findings.some((f) => f.severity === 'error')) continue;
        const linted = [...new Set(findings.map((f) => f.code).filter((c) => CODES.includes(c)))].sort();
        const cel = [...new Set(refused(config, object, 'tenant-a'))].sort();
        assert.deepEqual(cel, linted, `${file}: ${JSON.stringify(object).slice(0, 300)}`);
        for (const c of cel) refusedCodes.add(c);
        compared++;
      }
    }
    assert.ok(compared >= 50, `only ${compared} corpus policies compared`);
    // the corpus exercises every rule, not only the clean path
    assert.deepEqual([...refusedCodes].sort(), [...CODES].sort());
  });
});

/** Edge cases of each rule's scope, written for this test: the CEL and the linter must agree on each. */
const EDGES: Record<string, unknown>[] = [
  { egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.169.254/32'] } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '169.254.169.254/32' } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '169.254.169.254/31' } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '::/0' } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.128.0/17'] } }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16', except: ['169.254.0.0/17'] } }] }] },
  { policyTypes: ['Ingress'], ingress: [{ from: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }], egress: [{ to: [{ ipBlock: { cidr: '169.254.0.0/16' } }] }] },
  { ingress: [{ from: [] }] },
  { ingress: [{}] },
  { policyTypes: ['Egress'], ingress: [{}], egress: [{ to: [{ podSelector: {} }] }] },
  { policyTypes: ['Ingress', 'Egress'], egress: [{ ports: [{ port: 53, protocol: 'UDP' }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchLabels: { name: 'Tenant_A' } } }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchLabels: { ns: 'tenant-b' } } }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'namespace', operator: 'In', values: ['a', 'b'] }] } }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'name', operator: 'Exists' }] } }] }] },
  { egress: [{ to: [{ namespaceSelector: { matchLabels: { team: 'a', name: 'x' } }, podSelector: {} }] }] },
  { ingress: [{ from: [{ namespaceSelector: {}, podSelector: {} }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchLabels: {} }, podSelector: { matchLabels: { app: 'web' } } }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchExpressions: [] }, podSelector: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } }] }] },
  { ingress: [{ from: [{ namespaceSelector: {} }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'http' }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }, { podSelector: {} }], ports: [{ port: 'http' }] }] },
  { egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 8080, protocol: 'TCP' }] }] },
  { policyTypes: ['Ingress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }], ports: [{ port: 'dns', protocol: 'UDP' }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchLabels: { a: 'b' } } }, { podSelector: {} }] }] },
  { ingress: [{ from: [{ namespaceSelector: { matchLabels: { a: 'b' } } }, { ipBlock: { cidr: '10.0.0.0/8' } }] }] },
  { egress: [{ to: [{ namespaceSelector: {} }, { podSelector: { matchLabels: { app: 'x' } } }] }] },
];

describe('admission: the CEL and the linter agree on the edge cases of each rule', () => {
  const config = only(CODES);
  for (const [i, spec] of EDGES.entries()) {
    const object = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: `edge-${i}`, namespace: 'tenant-a' },
      spec: { podSelector: {}, ...spec },
    };
    it(JSON.stringify(spec), () => {
      const findings = lint(JSON.stringify(object));
      assert.deepEqual(
        findings.filter((f) => f.severity === 'error').map((f) => f.message),
        [],
        'the API server would refuse it',
      );
      const linted = [...new Set(findings.map((f) => f.code).filter((c) => CODES.includes(c)))].sort();
      assert.deepEqual([...new Set(refused(config, object as Plain))].sort(), linted);
    });
  }
});

describe('admission: severities become actions', () => {
  it('the defaults: warning rules in a Warn policy, information (allow-all) left out, no Deny policy', () => {
    const objects = admissionObjects(defaultConfig()) as Obj[];
    assert.deepEqual(
      objects.map((o) => `${o.kind}/${(o.metadata as { name: string }).name}`),
      ['ValidatingAdmissionPolicy/netpol-lint-warn', 'ValidatingAdmissionPolicyBinding/netpol-lint-warn'],
    );
    const binding = objects[1].spec as unknown as { policyName: string; validationActions: string[] };
    assert.deepEqual(binding, { policyName: 'netpol-lint-warn', validationActions: ['Warn'] });
    const plan = admissionPlan(defaultConfig());
    assert.ok(plan.leftOut.includes('allow-all') && !plan.Warn.includes('allow-all'));
    assert.deepEqual(plan.Deny, []);
  });

  it('error goes to the Deny policy, off and information are left out', () => {
    const config = { ...defaultConfig(), rules: { 'allow-all': 'error', 'ignored-rules': 'off', 'namespace-name-label': 'information' } } as LintConfig;
    const objects = admissionObjects(config) as Obj[];
    const deny = objects.find((o) => (o.metadata as { name: string }).name === 'netpol-lint-deny' && o.kind === 'ValidatingAdmissionPolicy')!;
    assert.deepEqual(
      deny.spec.validations.map((v) => codeOf(v.message)),
      ['allow-all'],
    );
    const all = objects.flatMap((o) => (o.kind === 'ValidatingAdmissionPolicy' ? o.spec.validations.map((v) => codeOf(v.message)) : []));
    assert.ok(!all.includes('ignored-rules') && !all.includes('namespace-name-label'), all.join());
    const denyBinding = objects.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && (o.metadata as { name: string }).name === 'netpol-lint-deny')!;
    assert.deepEqual((denyBinding.spec as unknown as { validationActions: string[] }).validationActions, ['Deny']);
  });

  it('nothing at error or warning: no objects', () => {
    assert.deepEqual(admissionObjects(only([])), []);
  });
});

describe('admission: the objects are valid admissionregistration.k8s.io/v1 manifests', () => {
  const configs: [string, LintConfig][] = [
    ['the defaults', defaultConfig()],
    ['every rule at error', only(CODES)],
    ['every rule at warning, named tenants', only(CODES, 'warning', { tenantNamespaces: ['tenant-*', 'shop'] })],
    ['both actions', { ...defaultConfig(), rules: { 'allow-all': 'error', 'cloud-metadata-reachable': 'error' } }],
    [
      'everything admission: asks for',
      {
        ...defaultConfig(),
        admission: {
          namespaceSelector: { matchExpressions: [{ key: 'tenant', operator: 'Exists' }] },
          allowedCidrs: ['10.0.0.0/8'],
          namespaceSelectorsByName: true,
          noSystemNamespaces: true,
          platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins'] },
        },
      },
    ],
  ];
  for (const [what, config] of configs) {
    it(what, () => {
      const objects = admissionObjects(config);
      assert.ok(objects.length >= 2);
      for (const o of objects) assert.ok(validManifest(o), `${JSON.stringify(validManifest.errors)}`);
    });
  }
  it('the schema refuses what the API server refuses (so the check above can fail)', () => {
    const [policy, binding] = admissionObjects(defaultConfig()) as Record<string, Record<string, unknown>>[];
    assert.equal(validManifest({ ...binding, spec: { ...binding.spec, validationActions: ['Deny', 'Warn'] } }), false);
    assert.equal(validManifest({ ...policy, spec: { ...policy.spec, failurePolicy: 'Open' } }), false);
    assert.equal(validManifest({ ...policy, spec: { ...policy.spec, validation: [] } }), false);
  });
});

describe('admission: the messages', () => {
  it('name the field, the code, the docs page, and (messageExpression) the offending entry', () => {
    const wrong = example('namespace-name-label', '## Wrong');
    const [p] = policies(only(['namespace-name-label']));
    const [failure] = runPolicy(p, wrong, 'tenant-a')!;
    assert.match(failure.message, /^spec\.ingress: a namespaceSelector selects by the label "name: monitoring", which exists only if someone added it/);
    assert.ok(failure.message.endsWith('[namespace-name-label] https://github.com/netpol-lint/netpol-lint/blob/main/docs/rules/namespace-name-label.md'));
    for (const v of p.spec.validations) assert.match(v.message, /^spec\.[^:]+: .+ \[[a-z-]+\] https:\/\/\S+\/docs\/rules\/[a-z-]+\.md$/);
  });

  it('ignored-rules counts the rules of the direction left out', () => {
    const [p] = policies(only(['ignored-rules']));
    const object = {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'x', namespace: 'tenant-a' },
      spec: { podSelector: {}, policyTypes: ['Ingress'], egress: [{ to: [{ podSelector: {} }] }, { to: [{ podSelector: {} }] }] },
    };
    assert.match(runPolicy(p, object, 'tenant-a')![0].message, /^spec\.egress has 2 rule\(s\) but spec\.policyTypes does not list Egress/);
  });
});

describe('admission: tenant namespaces', () => {
  const wrong = example('ignored-rules', '## Wrong');
  it('only the namespaces tenantNamespaces names, never the system ones', () => {
    const config = only(['ignored-rules'], 'error', { tenantNamespaces: ['tenant-*', 'shop', 'team-?'] });
    assert.deepEqual(refused(config, wrong, 'tenant-a'), ['ignored-rules']);
    assert.deepEqual(refused(config, wrong, 'shop'), ['ignored-rules']);
    assert.deepEqual(refused(config, wrong, 'team-x'), ['ignored-rules']);
    assert.deepEqual(refused(config, wrong, 'team-xy'), []);
    assert.deepEqual(refused(config, wrong, 'shopping'), []);
    assert.deepEqual(refused(config, wrong, 'platform'), []);
  });
  it("'*' is every namespace but kube-system, kube-public and kube-node-lease", () => {
    const config = only(['ignored-rules']);
    assert.deepEqual(refused(config, wrong, 'anything'), ['ignored-rules']);
    for (const ns of ['kube-system', 'kube-public', 'kube-node-lease']) assert.deepEqual(refused(config, wrong, ns), [], ns);
  });
  it('an empty pattern list matches nothing', () => {
    assert.match(tenantCondition([]), /&& \(false\)$/);
  });
});

function netpol(spec: Record<string, unknown>, labels?: Record<string, string>): Plain {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'p', namespace: 'tenant-a', ...(labels ? { labels } : {}) },
    spec: { podSelector: {}, ...spec },
  } as Plain;
}

describe('admission: tenant limits (admission: in the config, always Deny)', () => {
  const withLimits = (admission: LintConfig['admission']) => ({ ...only([]), admission });
  const deny = (config: LintConfig) => policies(config).find((p) => (p.metadata as { name: string }).name === 'netpol-lint-deny')!;

  it('allowedCidrs: every ipBlock inside one of them, in either direction', () => {
    const config = withLimits({ allowedCidrs: ['10.0.0.0/8', 'fd00::/8'] });
    const to = (cidr: string) => netpol({ egress: [{ to: [{ ipBlock: { cidr } }] }] });
    assert.deepEqual(refused(config, to('10.1.0.0/16')), []);
    assert.deepEqual(refused(config, to('10.0.0.0/8')), []);
    assert.deepEqual(refused(config, to('fd00:1::/32')), []);
    assert.deepEqual(refused(config, to('0.0.0.0/0')), ['allowed-cidrs']);
    assert.deepEqual(refused(config, to('10.0.0.0/7')), ['allowed-cidrs']);
    assert.deepEqual(refused(config, netpol({ ingress: [{ from: [{ ipBlock: { cidr: '192.168.0.0/16' } }] }] })), ['allowed-cidrs']);
    const [f] = runPolicy(deny(config), to('0.0.0.0/0'), 'tenant-a')!;
    assert.match(
      f.message,
      /^spec\.egress: the ipBlock 0\.0\.0\.0\/0 reaches outside the CIDRs this cluster allows tenants \(10\.0\.0\.0\/8, fd00::\/8\)\. \[allowed-cidrs\] https:\/\/\S+\/docs\/admission\.md#tenant-limits$/,
    );
  });

  it('namespaceSelectorsByName: only kubernetes.io/metadata.name (matchLabels or In), never {}', () => {
    const config = withLimits({ namespaceSelectorsByName: true });
    const from = (namespaceSelector: unknown) => netpol({ ingress: [{ from: [{ namespaceSelector }] }] });
    assert.deepEqual(refused(config, from({ matchLabels: { 'kubernetes.io/metadata.name': 'tenant-b' } })), []);
    assert.deepEqual(refused(config, from({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['a', 'b'] }] })), []);
    assert.deepEqual(refused(config, netpol({ ingress: [{ from: [{ podSelector: {} }] }] })), []);
    assert.deepEqual(refused(config, from({})), ['namespace-selector-by-name']);
    assert.deepEqual(refused(config, from({ matchLabels: { team: 'a' } })), ['namespace-selector-by-name']);
    assert.deepEqual(refused(config, from({ matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'NotIn', values: ['a'] }] })), [
      'namespace-selector-by-name',
    ]);
    const [f] = runPolicy(deny(config), from({ matchLabels: { 'kubernetes.io/metadata.name': 'x', team: 'a' } }), 'tenant-a')!;
    assert.match(f.message, /^spec\.ingress: a namespaceSelector selects by team: tenants select namespaces only by kubernetes\.io\/metadata\.name\./);
  });

  it('noSystemNamespaces: no peer names a system namespace, but the DNS profile on its ports (egress)', () => {
    const config = withLimits({ noSystemNamespaces: true });
    const dnsPeer = {
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } },
      podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } },
    };
    const udp53 = [
      { port: 53, protocol: 'UDP' },
      { port: 53, protocol: 'TCP' },
    ];
    assert.deepEqual(refused(config, objectsOf(ALLOW_DNS)[0]), []);
    assert.deepEqual(refused(config, netpol({ egress: [{ to: [dnsPeer], ports: [{ port: 'dns', protocol: 'UDP' }] }] })), []);
    assert.deepEqual(
      refused(config, netpol({ egress: [{ to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'tenant-b' } } }] }] })),
      [],
    );
    // the same peer, but all ports, another port, other pods, another system namespace, or ingress
    assert.deepEqual(refused(config, netpol({ egress: [{ to: [dnsPeer] }] })), ['no-system-namespaces']);
    assert.deepEqual(refused(config, netpol({ egress: [{ to: [dnsPeer], ports: [{ port: 443, protocol: 'TCP' }] }] })), ['no-system-namespaces']);
    assert.deepEqual(refused(config, netpol({ egress: [{ to: [{ ...dnsPeer, podSelector: {} }], ports: udp53 }] })), ['no-system-namespaces']);
    assert.deepEqual(
      refused(
        config,
        netpol({
          egress: [
            {
              to: [
                {
                  ...dnsPeer,
                  namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-system', 'kube-public'] }] },
                },
              ],
              ports: udp53,
            },
          ],
        }),
      ),
      ['no-system-namespaces'],
    );
    assert.deepEqual(refused(config, netpol({ ingress: [{ from: [dnsPeer], ports: udp53 }] })), ['no-system-namespaces']);
    // the DNS namespace by label and another system namespace by expression, in one peer; a DNS peer beside another
    const both = {
      ...dnsPeer,
      namespaceSelector: {
        ...dnsPeer.namespaceSelector,
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['kube-node-lease'] }],
      },
    };
    const [lease] = runPolicy(deny(config), netpol({ egress: [{ to: [both], ports: udp53 }] }), 'tenant-a')!;
    assert.match(lease.message, /selects the system namespace kube-system, kube-node-lease;/);
    const other = { namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-public' } } };
    const [pub] = runPolicy(deny(config), netpol({ egress: [{ to: [dnsPeer, other], ports: udp53 }] }), 'tenant-a')!;
    assert.match(pub.message, /selects the system namespace kube-public;/);
    // the DNS profile of the config decides
    const openshift = {
      ...config,
      dns: { ...config.dns, namespace: 'openshift-dns', podLabels: { 'dns.operator.openshift.io/daemonset-dns': 'default' }, ports: [5353] },
    };
    assert.deepEqual(refused(openshift, objectsOf(ALLOW_DNS)[0]), ['no-system-namespaces']);
    const [f] = runPolicy(deny(config), netpol({ ingress: [{ from: [dnsPeer] }] }), 'tenant-a')!;
    assert.match(f.message, /^spec\.ingress: a peer selects the system namespace kube-system; tenants reach only the cluster DNS there/);
  });

  it('none asked: none written', () => {
    assert.deepEqual(admissionObjects(withLimits({})), []);
  });
});

describe('admission: namespaceSelector in the config instead of tenantNamespaces', () => {
  it('the policies match namespaces by label (the system namespaces still never)', () => {
    const config = only(['ignored-rules'], 'error', {
      tenantNamespaces: ['nothing-matches'],
      admission: { namespaceSelector: { matchLabels: { tenant: 'true' } } },
    });
    const wrong = example('ignored-rules', '## Wrong');
    const [p] = policies(config);
    assert.deepEqual((p.spec as { matchConstraints?: { namespaceSelector?: unknown } }).matchConstraints?.namespaceSelector, {
      matchLabels: { tenant: 'true' },
    });
    assert.equal(runPolicy(p, wrong, 'shop', { namespaceLabels: { tenant: 'true' } })?.length, 1);
    assert.equal(runPolicy(p, wrong, 'shop', { namespaceLabels: { tenant: 'false' } }), undefined);
    assert.equal(runPolicy(p, wrong, 'kube-system', { namespaceLabels: { tenant: 'true' } }), undefined);
  });
});

describe('admission: protecting the baseline', () => {
  const config = { ...only([]), admission: { platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins'] } } };
  const [p] = policies(config);
  const floor = netpol({ policyTypes: ['Ingress', 'Egress'] }, { 'netpol-lint.io/platform': 'true' });
  const mine = netpol({ ingress: [{ from: [{ podSelector: {} }] }] });
  const tenant = { groups: ['system:authenticated', 'tenant-a-devs'] };
  const refusedBy = (object: Plain, req: Parameters<typeof runPolicy>[3]) => (runPolicy(p, object, 'tenant-a', req) ?? []).map((f) => f.code);

  it("a tenant can neither change nor delete the platform's policies, nor label its own as theirs", () => {
    assert.deepEqual(refusedBy(floor, { ...tenant, operation: 'UPDATE', oldObject: floor }), ['platform-baseline']);
    assert.deepEqual(refusedBy(null, { ...tenant, operation: 'DELETE', oldObject: floor }), ['platform-baseline']);
    assert.deepEqual(refusedBy(mine, { ...tenant, operation: 'UPDATE', oldObject: floor }), ['platform-baseline']); // taking the label off
    assert.deepEqual(refusedBy(floor, { ...tenant, operation: 'CREATE' }), ['platform-baseline']);
  });
  it('the platform group can; a tenant keeps its own policies', () => {
    assert.deepEqual(refusedBy(floor, { groups: ['platform-admins'], operation: 'UPDATE', oldObject: floor }), []);
    assert.deepEqual(refusedBy(null, { groups: ['platform-admins'], operation: 'DELETE', oldObject: floor }), []);
    assert.deepEqual(refusedBy(mine, { ...tenant, operation: 'CREATE' }), []);
    assert.deepEqual(refusedBy(null, { ...tenant, operation: 'DELETE', oldObject: mine }), []);
  });
  it('is bound with Deny', () => {
    const b = (admissionObjects(config) as Obj[]).find((o) => o.kind === 'ValidatingAdmissionPolicyBinding')!;
    assert.deepEqual(b.spec, { policyName: 'netpol-lint-platform', validationActions: ['Deny'] });
  });
});

describe('admission: the test helper keeps to the Kubernetes ip and cidr libraries', () => {
  it('parses as netip does, refusing what Kubernetes refuses', () => {
    assert.ok(parseAddr('169.254.169.254'));
    assert.equal(parseAddr('010.0.0.1'), undefined); // leading zeros
    assert.equal(parseAddr('::ffff:1.2.3.4'), undefined); // IPv4-mapped IPv6
    assert.equal(parseAddr('fe80::1%eth0'), undefined); // zone
    assert.ok(parsePrefix('10.0.0.5/8')); // host bits are allowed
    assert.equal(parsePrefix('10.0.0.0/33'), undefined);
    assert.equal(parsePrefix('10.0.0.0/08'), undefined);
    assert.ok(parsePrefix('::/0'));
  });
  it('defaults the object as the API server does', () => {
    const d = defaulted({ spec: { podSelector: {}, egress: [{ ports: [{ port: 53 }] }] } }) as {
      spec: { policyTypes: string[]; egress: { ports: { protocol: string }[] }[] };
    };
    assert.deepEqual(d.spec.policyTypes, ['Ingress', 'Egress']);
    assert.equal(d.spec.egress[0].ports[0].protocol, 'TCP');
  });
});

function io(): Io & { out: string; err: string } {
  const r = {
    out: '',
    err: '',
    stdout: (s: string) => {
      r.out += s;
    },
    stderr: (s: string) => {
      r.err += s;
    },
    readStdin: () => '',
    isTty: false,
    cwd: process.cwd(),
    env: {},
  };
  return r;
}

describe('netpol-lint admission (CLI)', () => {
  it('writes the objects of the config as YAML, with a header that says what goes where', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-admission-'));
    writeFileSync(join(dir, 'empty.yaml'), '');
    const r = io();
    assert.equal(await runCli(['admission', '--config', join(dir, 'empty.yaml')], r), 0);
    const docs = parseAllDocuments(r.out).map((d) => d.toJS());
    assert.deepEqual(docs, admissionObjects(defaultConfig()));
    assert.match(r.out, /^# Generated by netpol-lint/);
    assert.match(r.out, /# left out \(information, hint or off\): allow-all\n/);
  });
  it("the README's rollout edit (sed 's/- Deny$/- Warn\\n    - Audit/') gives valid bindings with [Warn, Audit]", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-admission-'));
    writeFileSync(
      join(dir, '.netpol-lint.yaml'),
      'rules: { allow-all: error }\nadmission: { platform: { label: netpol-lint.io/platform, groups: [admins] } }\n',
    );
    const r = io();
    r.cwd = dir;
    assert.equal(await runCli(['admission'], r), 0);
    const rolled = r.out.replace(/- Deny$/gm, '- Warn\n    - Audit');
    const docs = parseAllDocuments(rolled).map((d) => d.toJS() as Obj);
    for (const d of docs) assert.ok(validManifest(d), JSON.stringify(validManifest.errors));
    const actions = docs
      .filter((d) => d.kind === 'ValidatingAdmissionPolicyBinding')
      .map((d) => (d.spec as unknown as { validationActions: string[] }).validationActions);
    assert.deepEqual(actions, [['Warn', 'Audit'], ['Warn'], ['Warn', 'Audit']]);
  });

  it('a bad config, or no tenant namespace, is one line and exit status 2', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-admission-'));
    for (const [text, message] of [
      [
        'admission: { allowedCidrs: [10.0.0.0/33] }\n',
        /^netpol-lint: bad config .*: Invalid item: "10\.0\.0\.0\/33" is not a CIDR .*\(admission\.allowedCidrs\)$/m,
      ],
      ['tenantNamespaces: []\n', /^netpol-lint: tenantNamespaces is empty: there is no namespace to enforce the rules in\n$/],
    ] as const) {
      writeFileSync(join(dir, 'c.yaml'), text);
      const r = io();
      assert.equal(await runCli(['admission', '--config', join(dir, 'c.yaml')], r), 2, text);
      assert.match(r.err, message);
      assert.equal(r.out, '');
    }
  });

  it('refuses paths, other formats and options of other commands', async () => {
    for (const [args, message] of [
      [['admission', 'deploy/'], /admission reads no paths/],
      [['admission', '--format', 'json'], /unknown format 'json' for admission: use yaml/],
      [['admission', '--port', '80'], /--port does not apply to admission/],
    ] as const) {
      const r = io();
      assert.equal(await runCli(args, r), 2, args.join(' '));
      assert.match(r.err, message);
    }
  });
});

describe('admission: in .netpol-lint.yaml', () => {
  it('reads the namespaceSelector, the tenant limits and the platform', () => {
    const { layer, problems } = parseConfigFile(
      [
        'admission:',
        '  namespaceSelector:',
        '    matchLabels: { tenant: "true" }',
        '    matchExpressions: [{ key: tier, operator: NotIn, values: [system] }]',
        '  allowedCidrs: [10.0.0.0/8]',
        '  namespaceSelectorsByName: true',
        '  platform: { label: netpol-lint.io/platform, groups: [platform-admins] }',
      ].join('\n'),
    );
    assert.deepEqual(problems, []);
    assert.deepEqual(layer.admission, {
      namespaceSelector: { matchLabels: { tenant: 'true' }, matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['system'] }] },
      allowedCidrs: ['10.0.0.0/8'],
      namespaceSelectorsByName: true,
      platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins'] },
    });
  });
  it('says what is wrong, and keeps the rest', () => {
    const { layer, problems } = parseConfigFile(
      [
        'admission:',
        '  allowedCidr: [10.0.0.0/8]',
        '  allowedCidrs: [10.0.0.0/33, 10.0.0.0/8]',
        '  namespaceSelectorsByName: "yes"',
        '  namespaceSelector: { matchExpressions: [{ key: tier, operator: In }] }',
        '  platform: { label: netpol-lint.io/platform }',
      ].join('\n'),
    );
    assert.deepEqual(
      problems.map((p) => p.message),
      [
        'Unknown key "allowedCidr": did you mean "allowedCidrs"? Allowed: namespaceSelector, allowedCidrs, namespaceSelectorsByName, noSystemNamespaces, platform (admission)',
        'Invalid item: "10.0.0.0/33" is not a CIDR (such as 10.0.0.0/8) (admission.allowedCidrs)',
        'Not a boolean: give true or false (admission.namespaceSelectorsByName)',
        'Values mismatch: In and NotIn need values, Exists and DoesNotExist take none (admission.namespaceSelector.matchExpressions)',
        'Incomplete platform: it needs both a label and at least one group (admission.platform)',
      ],
    );
    assert.deepEqual(layer.admission?.allowedCidrs, ['10.0.0.0/8']);
  });
});
