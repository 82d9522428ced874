/**
 * The CEL cost of the generated admission policies (test/admissionCost.ts, test/admissionSizes.ts).
 *
 * What the API server enforces on a ValidatingAdmissionPolicy is a runtime budget, not a static
 * estimate: it compiles the policy with `object` as dyn and estimates nothing
 * (staging/src/k8s.io/apiserver/pkg/admission/plugin/cel/compile.go `CompileCELExpression`;
 * `StaticEstimatedCostLimit` is apiextensions' limit for CRD rules only). At each request every
 * expression evaluation may spend `PerCallLimit` (1,000,000: environment/base.go
 * `cel.CostLimit(celconfig.PerCallLimit)`), the matchConditions together
 * `RuntimeCELCostBudgetMatchConditions` (2,500,000) and the variables, validations and message
 * expressions of one policy evaluation together `RuntimeCELCostBudget` (10,000,000: filter.go
 * `ForInput` deducts each expression's actual cost from "remainingBudget", composition.go charges a
 * variable once, to the expression that first reads it; policy/validating/validator.go hands the
 * remainder to the message expressions). Past either limit the evaluation fails, and with
 * `failurePolicy: Fail` the request is refused (Deny) or warned about (Warn).
 *
 * So the test bounds the worst case for a stated envelope of policy sizes: every expression within
 * the per-call limit and every policy within its budgets, for every configuration.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, type LintConfig } from '../../server/src/core/index';
import { admissionPolicies, everyAdmissionRule } from '../admissionPolicies';
import { estimate, list, type Shape, struct } from '../admissionCost';
import { parseAllDocuments } from 'yaml';
import { defaulted } from '../admissionCel';
import { envelope, MAX_REQUEST_SIZE_BYTES, objectScope, policyCosts, requestSizeModel, type SizeModel } from '../admissionSizes';
import { corpusFiles } from '../corpus';

const PER_CALL_LIMIT = 1_000_000;
const RUNTIME_CEL_COST_BUDGET = 10_000_000;
const RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS = 2_500_000;
/** apis/cel/config.go: a longer messageExpression result is dropped for the static message (policy/validating/validator.go). */
const MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES = 5 * 1024;
/** The policy sizes the generated CEL is guaranteed to evaluate within budget (docs/admission.md). */
const PROMISED_ENVELOPE = 10;

const CONFIGS: [string, LintConfig][] = [
  ['the defaults', defaultConfig()],
  ['every rule at warning, named tenants', everyAdmissionRule('warning', { tenantNamespaces: ['tenant-*', 'shop', 'team-?'] })],
  [
    'every rule at error, every tenant limit, the baseline',
    everyAdmissionRule('error', {
      tenantNamespaces: ['tenant-*', 'shop'],
      admission: {
        allowedCidrs: ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', 'fd00::/8'],
        namespaceSelectorsByName: true,
        noSystemNamespaces: true,
        platform: { label: 'netpol-lint.io/platform', groups: ['platform-admins', 'sre'] },
      },
    }),
  ],
  [
    'every rule at error, a namespaceSelector for the tenants',
    everyAdmissionRule('error', { admission: { namespaceSelector: { matchLabels: { tenant: 'true' } } } }),
  ],
];

type Spec = Parameters<typeof policyCosts>[0];
type Obj = { kind: string; metadata: { name: string }; spec: Spec };

const policies = (config: LintConfig) => admissionPolicies<Obj>(config);

interface Breach {
  where: string;
  cost: number;
  limit: number;
}

/** Every limit an expression or a policy of this configuration exceeds under the model; the largest costs seen. */
function breaches(config: LintConfig, m: SizeModel) {
  const out: Breach[] = [];
  let largest = { where: '', cost: 0 };
  let largestPolicy = { where: '', cost: 0 };
  for (const p of policies(config)) {
    const { matchConditions, evaluation } = policyCosts(p.spec, m);
    for (const e of [...matchConditions, ...evaluation]) {
      const where = `${p.metadata.name} ${e.field}`;
      if (e.cost > PER_CALL_LIMIT) out.push({ where, cost: e.cost, limit: PER_CALL_LIMIT });
      if (e.cost > largest.cost) largest = { where, cost: e.cost };
    }
    const sum = (xs: { cost: number }[]) => xs.reduce((n, x) => n + x.cost, 0);
    if (sum(matchConditions) > RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS)
      out.push({ where: `${p.metadata.name} matchConditions`, cost: sum(matchConditions), limit: RUNTIME_CEL_COST_BUDGET_MATCH_CONDITIONS });
    if (sum(evaluation) > RUNTIME_CEL_COST_BUDGET) out.push({ where: `${p.metadata.name} (all)`, cost: sum(evaluation), limit: RUNTIME_CEL_COST_BUDGET });
    if (sum(evaluation) > largestPolicy.cost) largestPolicy = { where: p.metadata.name, cost: sum(evaluation) };
  }
  return { out, largest, largestPolicy };
}

const fmt = (n: number) => (Number.isFinite(n) && n < 1e15 ? n.toLocaleString('en-US') : n.toExponential(2));

describe('admission: the CEL stays within the API server cost budget', () => {
  for (const [what, config] of CONFIGS) {
    it(`${what}: every expression and policy within the limits for policies up to the envelope (${PROMISED_ENVELOPE})`, (t) => {
      const { out, largest, largestPolicy } = breaches(config, envelope(PROMISED_ENVELOPE));
      t.diagnostic(`largest expression ${fmt(largest.cost)} (${largest.where}), largest policy ${fmt(largestPolicy.cost)} (${largestPolicy.where})`);
      assert.deepEqual(
        out.map((b) => `${b.where}: ${fmt(b.cost)} > ${fmt(b.limit)}`),
        [],
      );
      assert.ok(largest.cost > 0);
    });
  }

  it('the largest envelope every configuration fits, and what the request-size bounds alone would give', (t) => {
    const fits = (n: number) => CONFIGS.every(([, c]) => breaches(c, envelope(n)).out.length === 0);
    assert.ok(fits(PROMISED_ENVELOPE));
    let n = PROMISED_ENVELOPE;
    while (fits(n + 1)) n++;
    t.diagnostic(`every configuration fits up to envelope ${n}; envelope ${n + 1} breaks: ${breaches(CONFIGS[2][1], envelope(n + 1)).out[0]?.where}`);
    const upstream = breaches(CONFIGS[2][1], requestSizeModel());
    t.diagnostic(
      `with Kubernetes' request-size bounds (no maxItems in NetworkPolicy): largest expression ${fmt(upstream.largest.cost)} (${upstream.largest.where})`,
    );
    assert.ok(n >= PROMISED_ENVELOPE);
    // the nested lists without maxItems are what a static estimate cannot bound
    assert.ok(upstream.largest.cost > PER_CALL_LIMIT * 1e6);
  });

  it('a message naming the entry fits the 5 KiB the API server keeps for a selector of a few labels; past it, the static message', (t) => {
    const longest = (m: SizeModel) =>
      Math.max(...CONFIGS.flatMap(([, c]) => policies(c).flatMap((p) => policyCosts(p.spec, m).evaluation.map((e) => e.length ?? 0))));
    t.diagnostic(
      `longest message: ${fmt(longest(envelope(2)))} characters at envelope 2, ${fmt(longest(envelope(PROMISED_ENVELOPE)))} at ${PROMISED_ENVELOPE}`,
    );
    assert.ok(longest(envelope(2)) <= MAX_EVALUATED_MESSAGE_EXPRESSION_SIZE_BYTES);
    assert.ok(Number.isFinite(longest(envelope(PROMISED_ENVELOPE))));
  });

  it('each policy object is far inside the request size the API server accepts (MaxRequestSizeBytes, 3 MiB)', (t) => {
    const sizes = CONFIGS.flatMap(([, c]) => policies(c).map((p) => ({ name: p.metadata.name, bytes: Buffer.byteLength(JSON.stringify(p)) })));
    const largest = sizes.reduce((a, b) => (b.bytes > a.bytes ? b : a));
    t.diagnostic(`largest policy object: ${fmt(largest.bytes)} bytes of JSON (${largest.name})`);
    assert.ok(largest.bytes < MAX_REQUEST_SIZE_BYTES / 10);
  });

  it('docs/admission.md states the envelope this test holds the policies to', () => {
    const docs = readFileSync(join(__dirname, '../../docs/admission.md'), 'utf8');
    assert.match(
      docs,
      new RegExp(`up to \\*\\*${PROMISED_ENVELOPE}\\*\\* rules per direction, ${PROMISED_ENVELOPE} peers and ${PROMISED_ENVELOPE} ports per rule`),
    );
  });
});

describe('admission: the cost of the CEL on the NetworkPolicies of the corpus', () => {
  it('each object, as the API server defaults it, under each configuration: within the limits', (t) => {
    let objects = 0;
    let largest = { where: '', cost: 0 };
    let largestPolicy = { where: '', cost: 0 };
    const generated = CONFIGS.map(([, config]) => policies(config));
    for (const file of corpusFiles()) {
      const docs = parseAllDocuments(readFileSync(file, 'utf8'), { version: '1.1' }).filter((d) => d.errors.length === 0);
      for (const object of docs.map((d) => d.toJS() as { kind?: unknown; apiVersion?: unknown } | null)) {
        if (object?.kind !== 'NetworkPolicy' || object.apiVersion !== 'networking.k8s.io/v1') continue;
        objects++;
        const scope = objectScope(defaulted(object as Parameters<typeof defaulted>[0]), 'tenant-a');
        for (const configPolicies of generated) {
          for (const p of configPolicies) {
            const { matchConditions, evaluation } = policyCosts(p.spec, scope);
            for (const e of [...matchConditions, ...evaluation])
              if (e.cost > largest.cost) largest = { where: `${relative(process.cwd(), file)}: ${p.metadata.name} ${e.field}`, cost: e.cost };
            const total = evaluation.reduce((n, e) => n + e.cost, 0);
            if (total > largestPolicy.cost) largestPolicy = { where: `${relative(process.cwd(), file)}: ${p.metadata.name}`, cost: total };
          }
        }
      }
    }
    t.diagnostic(
      `${objects} objects; largest expression ${fmt(largest.cost)} (${largest.where}); largest policy ${fmt(largestPolicy.cost)} (${largestPolicy.where})`,
    );
    assert.ok(objects >= 50, `only ${objects} corpus policies`);
    assert.ok(largest.cost <= PER_CALL_LIMIT, `${largest.where}: ${fmt(largest.cost)}`);
    assert.ok(largestPolicy.cost <= RUNTIME_CEL_COST_BUDGET, `${largestPolicy.where}: ${fmt(largestPolicy.cost)}`);
  });
});

// ---- the estimator against the costs upstream documents -----------------------------------------

const scalar: Shape = { k: 'scalar' };
const allTypes = struct({ single_int32: scalar });

/**
 * google/cel-go checker/cost_test.go `TestCost`: the expression, its variables (the test's `hints`
 * as sizes) and the estimate's maximum it wants.
 */
const CEL_GO: [string, Record<string, Shape>, number][] = [
  ['"Hello World!"', {}, 0],
  ['input', { input: list(0, scalar) }, 1],
  ["input['key']", { input: { k: 'map', max: 0, key: { k: 'string', max: 0 }, value: { k: 'string', max: 0 } } }, 2],
  ['input.single_int32', { input: allTypes }, 2],
  ['[1, 2, 3]', {}, 10],
  ['{"a": 1, "b": 2, "c": 3}', {}, 30],
  ['input.all(x, true)', { input: list(100, allTypes) }, 302],
  ['input.all(x, x.all(y, true))', { input: list(50, list(10, allTypes)) }, 1752],
  ['[1, 2, 3].all(x, true)', {}, 20],
  ["input.matches('[0-9]')", { input: { k: 'string', max: 500 } }, 103],
  ["'123'.matches('[0-9]')", {}, 2],
  ['true || false', {}, 0],
  ['1 < 2', {}, 1],
  ['1 == 2', {}, 1],
  ['2 in [1, 2, 3]', {}, 13],
  ['1 + 1', {}, 1],
  ['true ? 1 : 2', {}, 0],
  ['size("123")', {}, 1],
  ['size(input)', { input: { k: 'string', max: 0 } }, 2],
  ['string(1)', {}, 1],
  ['(x > 2 ? input1 : input2).all(y, true)', { x: scalar, input1: list(1, allTypes), input2: list(1, allTypes) }, 7],
  ['input.all(k, input[k].single_int32 > 3)', { input: { k: 'map', max: 10, key: { k: 'string', max: 0 }, value: allTypes } }, 82],
  [
    'input.all(k, input[k].all(x, true))',
    { input: { k: 'map', max: 5, key: { k: 'string', max: 0 }, value: { k: 'map', max: 10, key: { k: 'string', max: 0 }, value: allTypes } } },
    187,
  ],
  ['(list1 + list2).all(x, true)', { list1: list(10, scalar), list2: list(10, scalar) }, 64],
];

/** kubernetes staging/src/k8s.io/apiserver/pkg/cel/library/cost_test.go TestIPCost, TestCIDRCost: expectEsimatedCost's maximum. */
const KUBERNETES: [string, number][] = [
  ["ip('192.168.0.1')", 2],
  ["ip('2001:db8:3333:4444:5555:6666:7777:8888')", 4],
  ["cidr('192.168.0.0/16')", 2],
  ["cidr('2001:db8::/32')", 2],
  ["cidr('192.168.0.0/16').prefixLength()", 3],
  ["cidr('192.168.0.0/16').containsCIDR(cidr('192.0.0.0/30'))", 11],
  ["cidr('192.168.0.0/16').containsCIDR('192.0.0.0/30')", 11],
  ["cidr('192.168.0.0/16').containsIP(ip('192.0.0.1'))", 7],
  ["cidr('192.168.0.0/16').containsIP('192.169.0.1')", 8],
  ["cidr('2001:db8::/32').containsCIDR(cidr('2001:db8::/126'))", 11],
];

describe('admission: the cost estimator agrees with the estimates upstream documents', () => {
  for (const [expression, vars, want] of CEL_GO) {
    it(`cel-go: ${expression} costs at most ${want}`, () => {
      assert.equal(estimate(expression, new Map(Object.entries(vars))).cost, want);
    });
  }
  for (const [expression, want] of KUBERNETES) {
    it(`Kubernetes: ${expression} costs at most ${want}`, () => {
      assert.equal(estimate(expression, new Map()).cost, want);
    });
  }
  it('a nested comprehension multiplies, and an unknown identifier is an error, not a guess', () => {
    const peers = (n: number, m: number) => new Map([['rules', list(n, struct({ from: list(m, allTypes) }))]]);
    const one = estimate('rules.all(r, r.from.all(p, true))', peers(10, 10)).cost;
    const hundred = estimate('rules.all(r, r.from.all(p, true))', peers(100, 100)).cost;
    assert.ok(hundred > 80 * one && hundred <= 100 * one, `${one} → ${hundred}`);
    assert.throws(() => estimate('nope.all(x, true)', new Map()), /unknown identifier nope/);
  });
});
