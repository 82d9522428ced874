/**
 * External endpoints of a cluster (#22 item 2): which rules admit each address range, and the
 * single-port verdict between a pod and a range, over the upstream x/y/z model (pod x/a has IP
 * 10.1.0.1, y/b 10.2.0.2, …). The property ties it to the engine: where policies name only
 * ipBlocks, a range decides like a pod whose IP lies in it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseIp } from '../../server/src/core/analysis/cidr';
import { externalEndpoints } from '../../server/src/core/connectivity/external';
import { defaultConfig, type PortProtocol, Workspace } from '../../server/src/core/index';
import { docs, engineFor, IDS, modelYaml, NAMESPACES, np } from '../connectivityModel';

function clusterOf(policies: string) {
  const ws = new Workspace(defaultConfig());
  ws.update('model.yaml', modelYaml());
  if (policies) ws.update('policies.yaml', policies);
  return ws.cluster();
}

const selectA = ['podSelector:', '  matchLabels: {pod: a}'];

describe('external endpoints: scenarios', () => {
  const policy = np('edge', 'x', [
    ...selectA,
    'policyTypes: [Ingress, Egress]',
    'ingress:',
    '  - from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/8]}}]',
    '    ports: [{port: 80}]',
    '  - from: [{podSelector: {}}]',
    'egress:',
    '  - to: [{ipBlock: {cidr: 10.0.0.0/8}}, {namespaceSelector: {}}]',
    '  - ports: [{protocol: UDP, port: 53}]',
  ]);
  const cluster = clusterOf(policy);
  const ext = externalEndpoints(cluster);
  const id = (name: string) => {
    const r = ext.ranges.find((x) => x.name === name);
    assert.ok(r, `a range ${name}`);
    return r.id;
  };
  const pod = (pid: string) => cluster.pods.find((p) => p.id === pid)!;
  const [outsideLow, tenNet, outsideHigh, v6] = [
    '0.0.0.0-9.255.255.255',
    '10.0.0.0-10.255.255.255',
    '11.0.0.0-255.255.255.255',
    '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
  ].map(id);
  const [ingress0, ingress1] = cluster.policies[0].policy.spec!.ingress!.rules;
  const [egress0, egress1] = cluster.policies[0].policy.spec!.egress!.rules;

  it('are the ranges the workspace ipBlocks cut, in order', () => {
    assert.deepEqual(
      ext.ranges.map((r) => r.name),
      ['0.0.0.0-9.255.255.255', '10.0.0.0-10.255.255.255', '11.0.0.0-255.255.255.255', '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
    );
  });

  it('a rule admits the ranges of its ipBlock peers; selectors admit none; no peers admits every range', () => {
    assert.deepEqual(ext.ruleRanges(ingress0), [outsideLow, outsideHigh]);
    assert.deepEqual(ext.ruleRanges(ingress1), []);
    assert.deepEqual(ext.ruleRanges(egress0), [tenNet]);
    assert.deepEqual(ext.ruleRanges(egress1), [outsideLow, tenNet, outsideHigh, v6]);
    assert.equal(ext.admits(ingress0, outsideHigh), true);
    assert.equal(ext.admits(ingress0, tenNet), false);
  });

  it('ranges no rule tells apart are one class', () => {
    const { classOf, members } = ext.classes();
    assert.deepEqual(members, [[outsideLow, outsideHigh], [tenNet], [v6]]);
    assert.deepEqual([...classOf], [0, 1, 0, 2]);
  });

  it('ingress from outside: the selected pod admits its ipBlock on its ports only; other pods are open', () => {
    const xa = pod('x/a');
    const v = ext.verdict(xa, outsideHigh, 'Ingress', 80, 'TCP');
    assert.equal(v.allowed, true);
    assert.equal(v.from, '11.0.0.0-255.255.255.255');
    assert.equal(v.to, 'x/a');
    assert.deepEqual(v.decidedBy.allowedBy, [{ policy: 'x/edge', direction: 'Ingress', rule: 0 }]);
    assert.equal(ext.verdict(xa, outsideHigh, 'Ingress', 81, 'TCP').allowed, false);
    assert.equal(ext.verdict(xa, tenNet, 'Ingress', 80, 'TCP').allowed, false, '10.0.0.0/8 is excepted');
    assert.equal(ext.verdict(xa, v6, 'Ingress', 80, 'TCP').allowed, false, 'no IPv6 ipBlock');
    const xb = ext.verdict(pod('x/b'), v6, 'Ingress', 81, 'TCP');
    assert.equal(xb.allowed, true);
    assert.deepEqual(xb.decidedBy.isolatedBy, []);
  });

  it('egress to outside: the ipBlock on every port, anywhere on UDP 53', () => {
    const xa = pod('x/a');
    assert.equal(ext.verdict(xa, tenNet, 'Egress', 443, 'TCP').allowed, true);
    assert.equal(ext.verdict(xa, outsideHigh, 'Egress', 443, 'TCP').allowed, false);
    const dns = ext.verdict(xa, outsideHigh, 'Egress', 53, 'UDP');
    assert.equal(dns.allowed, true);
    assert.equal(dns.from, 'x/a');
    assert.equal(dns.to, '11.0.0.0-255.255.255.255');
    assert.deepEqual(dns.decidedBy.allowedBy, [{ policy: 'x/edge', direction: 'Egress', rule: 1 }]);
  });

  it('a named port allows nothing to an outside destination (it declares no container ports)', () => {
    const c = clusterOf(
      np('named', 'x', [
        ...selectA,
        'policyTypes: [Egress]',
        'egress:',
        '  - to: [{ipBlock: {cidr: 0.0.0.0/0}}]',
        '    ports: [{port: serve-80-tcp}, {port: 81}]',
      ]),
    );
    const e = externalEndpoints(c);
    const xa = c.pods.find((p) => p.id === 'x/a')!;
    assert.equal(e.verdict(xa, 0, 'Egress', 80, 'TCP').allowed, false);
    assert.equal(e.verdict(xa, 0, 'Egress', 81, 'TCP').allowed, true);
    assert.equal(e.ranges[0].name, '0.0.0.0-255.255.255.255');
  });

  it('an unknown range id is a clear error', () => {
    assert.throws(() => ext.verdict(pod('x/a'), 99, 'Ingress', 80, 'TCP'), /no external range has id 99/);
  });
});

describe('external endpoints: agree with the engine (fast-check)', () => {
  const ipBlock = fc.constantFrom(
    '{ipBlock: {cidr: 10.0.0.0/8}}',
    '{ipBlock: {cidr: 10.1.0.0/16}}',
    '{ipBlock: {cidr: 10.1.0.0/30, except: [10.1.0.2/32]}}',
    '{ipBlock: {cidr: 0.0.0.0/0, except: [10.3.0.0/16]}}',
    '{ipBlock: {cidr: 10.2.0.3/8}}',
    '{ipBlock: {cidr: "fd00::/8"}}',
  );
  const port = fc.constantFrom('{port: 80}', '{protocol: UDP, port: 80}', '{port: 79, endPort: 81}', '{protocol: TCP}');
  const rule = (dir: 'from' | 'to') =>
    fc
      .record({
        peers: fc.option(fc.array(ipBlock, { maxLength: 2 }), { nil: undefined }),
        ports: fc.option(fc.array(port, { maxLength: 2 }), { nil: undefined }),
      })
      .map(({ peers, ports }) => {
        const parts = [...(peers ? [`${dir}: [${peers.join(', ')}]`] : []), ...(ports ? [`ports: [${ports.join(', ')}]`] : [])];
        return `{${parts.join(', ')}}`;
      });
  const policyGen = fc
    .record({
      ns: fc.constantFrom(...NAMESPACES),
      select: fc.constantFrom('{}', '{matchLabels: {pod: a}}', '{matchLabels: {pod: b}}'),
      types: fc.constantFrom('[Ingress]', '[Egress]', '[Ingress, Egress]'),
      ingress: fc.array(rule('from'), { maxLength: 2 }),
      egress: fc.array(rule('to'), { maxLength: 2 }),
    })
    .map(
      (p) => (name: string) =>
        np(name, p.ns, [`podSelector: ${p.select}`, `policyTypes: ${p.types}`, `ingress: [${p.ingress.join(', ')}]`, `egress: [${p.egress.join(', ')}]`]),
    );

  it('where only ipBlocks are named, a range decides as a pod whose IP lies in it', () => {
    const probes: [number, PortProtocol][] = [
      [80, 'TCP'],
      [81, 'TCP'],
      [80, 'UDP'],
      [443, 'TCP'],
    ];
    fc.assert(
      fc.property(fc.array(policyGen, { maxLength: 4 }), (policies) => {
        const text = docs(...policies.map((make, i) => make(`p${i}`)));
        const engine = engineFor(text);
        const ext = externalEndpoints(engine.cluster);
        const pods = IDS.map((pid) => engine.pod(pid)!);
        // ranges of one class decide alike with every pod; two classes are told apart by some rule
        const { classOf, members } = ext.classes();
        const rules = engine.cluster.policies.flatMap((p) => [...(p.policy.spec?.ingress?.rules ?? []), ...(p.policy.spec?.egress?.rules ?? [])]);
        const decisions = (r: number) =>
          pods.flatMap((pod) => probes.flatMap(([p, q]) => [ext.verdict(pod, r, 'Ingress', p, q).allowed, ext.verdict(pod, r, 'Egress', p, q).allowed]));
        for (const m of members)
          for (const r of m) assert.deepEqual(decisions(r), decisions(m[0]), `${ext.ranges[r].name} decides as ${ext.ranges[m[0]].name}`);
        for (let a = 0; a < members.length; a++)
          for (let b = a + 1; b < members.length; b++)
            assert.ok(
              rules.some((rule) => ext.admits(rule, members[a][0]) !== ext.admits(rule, members[b][0])),
              `classes ${a} and ${b} are told apart by some rule`,
            );
        ext.ranges.forEach((r) => assert.ok(members[classOf[r.id]].includes(r.id)));
        for (const source of pods) {
          const range = ext.partition.rangeOf(parseIp(source.ip!)!);
          for (const other of pods)
            for (const [p, q] of probes) {
              const v = engine.verdict(source, other, p, q);
              assert.equal(ext.verdict(other, range, 'Ingress', p, q).allowed, v.ingress.allowed, `${ext.ranges[range].name} -> ${other.id} ${q} ${p}`);
              const back = engine.verdict(other, source, p, q);
              assert.equal(ext.verdict(other, range, 'Egress', p, q).allowed, back.egress.allowed, `${other.id} -> ${ext.ranges[range].name} ${q} ${p}`);
            }
        }
      }),
      { numRuns: 80, seed: 20261204 },
    );
  });
});
