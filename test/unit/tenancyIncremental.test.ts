/**
 * The editor's re-run of the tests file after an edit (rerunTestsFile) re-checks only the edited
 * namespaces: its outcome must be the full run's, in the same order, edit after edit.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rng } from '../helpers';
import { defaultConfig, parseTestsFile, rerunTestsFile, runTestsFile, type TestsOutcome, type TestsRun, Workspace } from '../../server/src/core/index';
import { docs, modelYaml, NAMESPACES, np } from '../connectivityModel';

const TESTS = [
  'tenants: { x: [x], "y": ["y"], z: [z] }',
  'invariants: [tenant-isolation, dns-reachable, metadata-blocked, default-deny]',
  'tests:',
  '  - { name: x/a reaches y/b, from: { namespace: x, podSelector: { pod: a } }, to: { namespace: "y", podSelector: { pod: b } }, port: 80, expect: allow }',
  '',
].join('\n');

/** Random policies of one namespace: default denies, peers of every kind, DNS and metadata egress. */
function namespacePolicies(ns: string, r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const peer = () =>
    pick([
      '{ podSelector: {} }',
      `{ podSelector: { matchLabels: { pod: ${pick(['a', 'b', 'c'])} } } }`,
      '{ namespaceSelector: {} }',
      `{ namespaceSelector: {}, podSelector: { matchLabels: { pod: ${pick(['a', 'b'])} } } }`,
      `{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: ${pick(NAMESPACES)} } } }`,
      '{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }',
      '{ ipBlock: { cidr: 0.0.0.0/0 } }',
      '{ ipBlock: { cidr: 0.0.0.0/0, except: [169.254.169.254/32] } }',
    ]);
  const out: string[] = [];
  if (r() < 0.7) out.push(np('deny', ns, ['podSelector: {}', `policyTypes: [${pick(['Ingress', 'Egress', 'Ingress, Egress'])}]`]));
  if (r() < 0.6)
    out.push(
      np('dns', ns, [
        'podSelector: {}',
        'policyTypes: [Egress]',
        'egress:',
        '  - to: [{ namespaceSelector: { matchLabels: { kubernetes.io/metadata.name: kube-system } }, podSelector: { matchLabels: { k8s-app: kube-dns } } }]',
        '    ports: [{ protocol: UDP, port: 53 }, { protocol: TCP, port: 53 }]',
      ]),
    );
  const n = Math.floor(r() * 3);
  for (let i = 0; i < n; i++) {
    const dir = pick(['Ingress', 'Egress']);
    const side = dir === 'Ingress' ? 'from' : 'to';
    out.push(
      np(`p${i}`, ns, [
        `podSelector: ${pick(['{}', `{ matchLabels: { pod: ${pick(['a', 'b', 'c'])} } }`])}`,
        `policyTypes: [${dir}]`,
        `${dir.toLowerCase()}:`,
        `  - ${side}: [${peer()}]`,
        ...(r() < 0.5 ? [`    ports: [{ protocol: ${pick(['TCP', 'UDP'])}, port: ${pick([53, 80])} }]`] : []),
      ]),
    );
  }
  return out.length > 0 ? docs(...out) : '# no policies\n';
}

/** What a user sees of an outcome: every violation (pair, count, set, text, causes) and test, in order. */
const seen = (o: TestsOutcome) =>
  JSON.stringify({
    invariants: o.invariants.map((i) => [
      i.name,
      i.holds,
      i.violations.map((v) => [v.from, v.to, v.count, String(v.set), v.message, v.causes.map((c) => [c.policy, c.direction, c.rule, String(c.allows)])]),
    ]),
    tests: o.tests.map((t) => [t.name, t.passed, t.message, t.causes.map((c) => [c.policy, c.rule])]),
  });

describe('tenant tests re-run after an edit', () => {
  const { spec, problems } = parseTestsFile(TESTS);
  assert.deepEqual(problems, []);
  const dns = defaultConfig().dns;

  it('gives the full run’s outcome, edit after edit, re-checking only the edited namespace', () => {
    const r = rng(2415);
    const ws = new Workspace(defaultConfig());
    ws.update('model.yaml', modelYaml());
    for (const ns of NAMESPACES) ws.update(`${ns}.yaml`, namespacePolicies(ns, r));
    let run: TestsRun = rerunTestsFile(ws.connectivity(), spec, dns);
    assert.equal(run.rechecked, undefined, 'the first run is a full one');
    /** Per invariant, the rounds in which it held and those in which it did not. */
    const answers = new Map<string, [number, number]>();
    for (let round = 0; round < 150; round++) {
      const ns = NAMESPACES[Math.floor(r() * 3)];
      ws.update(`${ns}.yaml`, namespacePolicies(ns, r));
      run = rerunTestsFile(ws.connectivity(), spec, dns, run);
      assert.ok(run.rechecked, 'a policy edit re-checks incrementally');
      assert.ok(
        [...run.rechecked].every((n) => n === ns),
        `re-checked ${[...run.rechecked]} after an edit of ${ns}`,
      );
      const full = runTestsFile(ws.connectivity(), spec, dns);
      assert.equal(seen(run.outcome), seen(full), `round ${round}: the incremental outcome differs from the full run's`);
      for (const i of full.invariants) {
        const a = answers.get(i.name) ?? [0, 0];
        a[i.holds ? 0 : 1]++;
        answers.set(i.name, a);
      }
    }
    // the rounds exercise both answers of every invariant
    for (const [name, [held, violated]] of answers) assert.ok(held > 0 && violated > 0, `${name}: held ${held}, violated ${violated} of 150`);
  });

  it('runs whole when a namespace label, a pod or the tests file changes', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('model.yaml', modelYaml());
    ws.update('x.yaml', np('allow', 'x', ['podSelector: {}', 'ingress:', '  - from: [{ namespaceSelector: { matchLabels: { team: x } } }]']));
    const first = rerunTestsFile(ws.connectivity(), spec, dns);
    const isolation = (o: TestsOutcome) => o.invariants[0].violations.length;
    ws.update('model.yaml', modelYaml({ y: { team: 'x' } }));
    const relabelled = rerunTestsFile(ws.connectivity(), spec, dns, first);
    assert.equal(relabelled.rechecked, undefined);
    assert.equal(seen(relabelled.outcome), seen(runTestsFile(ws.connectivity(), spec, dns)));
    const other = parseTestsFile(TESTS).spec;
    assert.equal(rerunTestsFile(ws.connectivity(), other, dns, relabelled).rechecked, undefined, 'another tests file: a full run');
    assert.ok(isolation(first.outcome) > 0);
  });
});
