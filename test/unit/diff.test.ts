/**
 * The connectivity diff (core/connectivity/diff.ts): scenarios on small tenants and the upstream
 * x/y/z model, and properties on generated pairs of clusters, checked against an oracle that
 * asks each side pair by pair (pods: `connectionsBetween`, straight from the policies; addresses:
 * `externalBetween` at every address where either side's partition cuts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import {
  ConnectionSet,
  Connectivity,
  type ConnectivityDiff,
  defaultConfig,
  diffConnectivity,
  endpointName,
  isEmptyDiff,
  type PairChange,
  Workspace,
} from '../../server/src/core/index';
import { addressText, type Family } from '../../server/src/core/connectivity/addressRanges';
import { docs, engineFor, np } from '../connectivityModel';

function engine(...texts: string[]): Connectivity {
  const ws = new Workspace(defaultConfig());
  texts.forEach((t, i) => ws.update(`f${i}.yaml`, t));
  return new Connectivity(ws.cluster());
}

const key = (c: PairChange) => `${endpointName(c.from)} => ${endpointName(c.to)}`;
const lines = (d: ConnectivityDiff) => d.changes.map((c) => `${c.kind} ${key(c)} : ${c.before} -> ${c.after}`);

const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
const pod = (namespace: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: ${app}}\nspec:\n  containers: [{name: c, image: i}]\n`;
const TENANTS = docs(
  ns('tenant-a'),
  ns('tenant-b'),
  ns('shared'),
  pod('tenant-a', 'web', 'web-server'),
  pod('tenant-b', 'web', 'web-server'),
  pod('shared', 'db', 'postgres-db'),
);
const dbAccess = (peer: string) =>
  np('allow-shared-db-access', 'shared', [
    'podSelector: {matchLabels: {app: postgres-db}}',
    'policyTypes: [Ingress]',
    'ingress:',
    `  - from: [${peer}]`,
    '    ports: [{protocol: TCP, port: 5432}]',
  ]);
const denyShared = np('deny', 'shared', ['podSelector: {}', 'policyTypes: [Ingress]']);

describe('diff scenarios', () => {
  it('a policy widened from kubernetes.io/metadata.name to namespaceSelector: {} shows the added cross-tenant pair, and only it', () => {
    const narrow = engine(
      TENANTS,
      denyShared,
      dbAccess('{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}, podSelector: {matchLabels: {app: web-server}}}'),
    );
    const wide = engine(TENANTS, denyShared, dbAccess('{namespaceSelector: {}, podSelector: {matchLabels: {app: web-server}}}'));
    const d = diffConnectivity(narrow, wide);
    assert.deepEqual(lines(d), ['added tenant-b/web => shared/db : none -> TCP 5432']);
    assert.ok(d.changes[0].added.equals(ConnectionSet.range('TCP', 5432)));
    assert.ok(d.changes[0].removed.isEmpty());
    // and back: the same pair, removed
    assert.deepEqual(lines(diffConnectivity(wide, narrow)), ['removed tenant-b/web => shared/db : TCP 5432 -> none']);
  });

  it('a changed pair says what was added and removed within its set', () => {
    const before = engine(TENANTS, denyShared, np('p', 'shared', ['podSelector: {}', 'ingress:', '  - ports: [{port: 5432}, {protocol: UDP, port: 53}]']));
    const after = engine(TENANTS, denyShared, np('p', 'shared', ['podSelector: {}', 'ingress:', '  - ports: [{port: 5432}, {port: 6432}]']));
    const d = diffConnectivity(before, after);
    // a rule without from: both tenants' web pods, and both IP spaces, to shared/db
    assert.deepEqual(d.changes.map(key), [
      'tenant-a/web => shared/db',
      'tenant-b/web => shared/db',
      '0.0.0.0-255.255.255.255 => shared/db',
      '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => shared/db',
    ]);
    for (const c of d.changes) {
      assert.equal(c.kind, 'changed');
      assert.equal(`${c.before} | ${c.after} | ${c.added} | ${c.removed}`, 'TCP 5432; UDP 53 | TCP 5432,6432 | TCP 6432 | UDP 53');
    }
  });

  it('a pod of one side only is reported as added or removed, with its connections', () => {
    const before = engine(TENANTS, denyShared);
    const after = engine(TENANTS, denyShared, pod('tenant-b', 'api', 'api'));
    const d = diffConnectivity(before, after);
    assert.deepEqual(
      d.podsAdded.map((p) => p.id),
      ['tenant-b/api'],
    );
    assert.deepEqual(d.podsRemoved, []);
    // no policy isolates it (shared isolates ingress): to and from the tenants' pods, from shared/db, to and from outside
    assert.deepEqual(
      d.changes.map(key).sort(),
      [
        '0.0.0.0-255.255.255.255 => tenant-b/api',
        '::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff => tenant-b/api',
        'shared/db => tenant-b/api',
        'tenant-a/web => tenant-b/api',
        'tenant-b/api => 0.0.0.0-255.255.255.255',
        'tenant-b/api => ::-ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff',
        'tenant-b/api => tenant-a/web',
        'tenant-b/web => tenant-b/api',
        'tenant-b/api => tenant-b/web',
      ].sort(),
    );
    assert.ok(d.changes.every((c) => c.kind === 'added' && c.after.isAll()));
    const back = diffConnectivity(after, before);
    assert.deepEqual(
      back.podsRemoved.map((p) => p.id),
      ['tenant-b/api'],
    );
    assert.ok(back.changes.every((c) => c.kind === 'removed'));
  });

  it('external addresses compare by address: the same addresses cut differently are no change; a narrowed ipBlock is the addresses it lost', () => {
    const egress = (blocks: string[]) =>
      np('out', 'tenant-a', ['podSelector: {}', 'policyTypes: [Egress]', 'egress:', `  - to: [${blocks.map((b) => `{ipBlock: {cidr: ${b}}}`).join(', ')}]`]);
    const whole = engine(TENANTS, egress(['10.0.0.0/8']));
    const halves = engine(TENANTS, egress(['10.0.0.0/9', '10.128.0.0/9']));
    // the ranges differ by name (halves cuts at 10.128.0.0), the addresses allowed do not
    assert.notDeepEqual(
      whole.externalEndpoints().ranges.map((r) => r.name),
      halves.externalEndpoints().ranges.map((r) => r.name),
    );
    assert.ok(isEmptyDiff(diffConnectivity(whole, halves)));
    assert.ok(isEmptyDiff(diffConnectivity(halves, whole)));
    // a narrowing in the middle: the lost addresses as one range, whichever side's cuts they span
    const holed = engine(TENANTS, egress(['10.0.0.0/9', '10.192.0.0/10']));
    assert.deepEqual(lines(diffConnectivity(halves, holed)), ['removed tenant-a/web => 10.128.0.0-10.191.255.255 : all -> none']);
    assert.deepEqual(lines(diffConnectivity(holed, whole)), ['added tenant-a/web => 10.128.0.0-10.191.255.255 : none -> all']);
  });

  it('on the upstream model: allowing y into x/a on TCP 80 adds exactly y/* => x/a', () => {
    const deny = np('deny', 'x', ['podSelector: {matchLabels: {pod: a}}', 'policyTypes: [Ingress]']);
    const allow = np('allow-y', 'x', [
      'podSelector: {matchLabels: {pod: a}}',
      'ingress:',
      '  - from: [{namespaceSelector: {matchLabels: {ns: "y"}}}]',
      '    ports: [{port: serve-80-tcp}]',
    ]);
    const d = diffConnectivity(engineFor(deny), engineFor(docs(deny, allow)));
    assert.deepEqual(lines(d), ['added y/a => x/a : none -> TCP 80', 'added y/b => x/a : none -> TCP 80', 'added y/c => x/a : none -> TCP 80']);
  });
});

// ---- properties on generated pairs of clusters ----

const NS = ['p', 'q'];
const podArb = fc.record({ ns: fc.constantFrom(...NS), name: fc.constantFrom('a', 'b', 'c', 'd'), app: fc.constantFrom('x', 'y') });
const peer = fc.constantFrom(
  '{podSelector: {matchLabels: {app: x}}}',
  '{namespaceSelector: {}}',
  '{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "q"}}, podSelector: {}}',
  '{ipBlock: {cidr: 10.0.0.0/8}}',
  '{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}',
  '{ipBlock: {cidr: 10.128.0.0/9}}',
  '{ipBlock: {cidr: 0.0.0.0/0, except: [169.254.169.254/32]}}',
  '{ipBlock: {cidr: "fd00::/8"}}',
);
const ports = fc.constantFrom(undefined, '[{port: 80}]', '[{port: 80, endPort: 90}, {protocol: UDP, port: 53}]', '[{protocol: TCP}]');
const ruleArb = (dir: 'from' | 'to') =>
  fc
    .record({ peers: fc.option(fc.array(peer, { minLength: 1, maxLength: 2 }), { nil: undefined }), ports })
    .map(({ peers, ports: p }) => `{${[...(peers ? [`${dir}: [${peers.join(', ')}]`] : []), ...(p ? [`ports: ${p}`] : [])].join(', ')}}`);
const policyArb = fc.record({
  ns: fc.constantFrom(...NS),
  sel: fc.constantFrom('{}', '{matchLabels: {app: x}}', '{matchLabels: {app: y}}'),
  types: fc.constantFrom('[Ingress]', '[Egress]', '[Ingress, Egress]'),
  ingress: fc.array(ruleArb('from'), { maxLength: 2 }),
  egress: fc.array(ruleArb('to'), { maxLength: 2 }),
});
type PodGen = { ns: string; name: string; app: string };
type PolicyGen = { ns: string; sel: string; types: string; ingress: string[]; egress: string[] };
const clusterArb = fc.record({ pods: fc.array(podArb, { maxLength: 6 }), policies: fc.array(policyArb, { maxLength: 4 }) });

function clusterYaml(c: { pods: PodGen[]; policies: PolicyGen[] }): string {
  const out = NS.map(ns);
  const seen = new Set<string>();
  for (const p of c.pods) {
    if (seen.has(`${p.ns}/${p.name}`)) continue; // one pod per id
    seen.add(`${p.ns}/${p.name}`);
    out.push(pod(p.ns, p.name, p.app));
  }
  c.policies.forEach((p, i) =>
    out.push(
      np(`np${i}`, p.ns, [
        `podSelector: ${p.sel}`,
        `policyTypes: ${p.types}`,
        ...(p.ingress.length ? [`ingress: [${p.ingress.join(', ')}]`] : []),
        ...(p.egress.length ? [`egress: [${p.egress.join(', ')}]`] : []),
      ]),
    ),
  );
  return docs(...out);
}

/** Every address where either side's partition starts or ends a range. */
function probes(a: Connectivity, b: Connectivity): { family: Family; value: bigint }[] {
  const out = new Map<string, { family: Family; value: bigint }>();
  for (const e of [a, b])
    for (const r of e.externalEndpoints().ranges) for (const value of [r.first, r.last]) out.set(`${r.family} ${value}`, { family: r.family, value });
  return [...out.values()];
}

/** One side's answer, straight from the policies: pod pairs, and pod/address pairs at each probe. */
function oracle(e: Connectivity, pods: readonly string[], at: readonly { family: Family; value: bigint }[]): Map<string, ConnectionSet> {
  const m = new Map<string, ConnectionSet>();
  const byId = new Map(e.cluster.pods.map((p) => [p.id, p]));
  for (const p of pods)
    for (const q of pods) {
      if (p === q) continue;
      const [pp, qq] = [byId.get(p), byId.get(q)];
      m.set(`${p} => ${q}`, pp && qq ? e.connectionsBetween(pp, qq).allowed : ConnectionSet.NONE);
    }
  const partition = e.externalEndpoints().partition;
  for (const p of pods)
    for (const { family, value } of at) {
      const pp = byId.get(p);
      const id = partition.rangeOf(ipaddr.parse(addressText(family, value)));
      const addr = `${family}:${value}`;
      m.set(`${p} => ${addr}`, pp ? e.externalBetween(pp, id, 'Egress').allowed : ConnectionSet.NONE);
      m.set(`${addr} => ${p}`, pp ? e.externalBetween(pp, id, 'Ingress').allowed : ConnectionSet.NONE);
    }
  return m;
}

/** The diff read back at the oracle's keys: a pair's (before, after), or undefined where it reports no change. */
function readBack(d: ConnectivityDiff, k: string): [ConnectionSet, ConnectionSet] | undefined {
  const [from, to] = k.split(' => ');
  const isAddr = (s: string) => /^ipv[46]:\d+$/.test(s);
  for (const c of d.changes) {
    const match = (e: PairChange['from'], s: string) => {
      if (!isAddr(s)) return e.kind === 'pod' && e.pod.id === s;
      if (e.kind !== 'external') return false;
      const [family, v] = s.split(':');
      const value = BigInt(v);
      return e.range.family === family && e.range.first <= value && value <= e.range.last;
    };
    if (match(c.from, from) && match(c.to, to)) return [c.before, c.after];
  }
  return undefined;
}

describe('diff properties on generated clusters', () => {
  it('the diff reports exactly the pairs whose sets differ (so it is empty iff the two answers are equal), with both sets; diff a a is empty', () => {
    fc.assert(
      fc.property(clusterArb, clusterArb, (ca, cb) => {
        const a = engine(clusterYaml(ca));
        const b = engine(clusterYaml(cb));
        assert.ok(isEmptyDiff(diffConnectivity(a, a)), 'diff a a');
        assert.ok(isEmptyDiff(diffConnectivity(a, engine(clusterYaml(ca)))), 'diff a a (two readings)');
        const d = diffConnectivity(a, b);
        const pods = [...new Set([...a.cluster.pods, ...b.cluster.pods].map((p) => p.id))];
        const at = probes(a, b);
        const before = oracle(a, pods, at);
        const after = oracle(b, pods, at);
        let differ = false;
        for (const [k, s] of before) {
          const t = after.get(k)!;
          const got = readBack(d, k);
          if (s.equals(t)) assert.equal(got, undefined, `${k}: ${s} both sides, yet reported`);
          else {
            differ = true;
            assert.ok(got, `${k}: ${s} -> ${t} not reported`);
            assert.ok(got[0].equals(s) && got[1].equals(t), `${k}: reported ${got[0]} -> ${got[1]}, is ${s} -> ${t}`);
          }
        }
        const samePods = a.cluster.pods.length === b.cluster.pods.length && a.cluster.pods.every((p) => b.cluster.pods.some((q) => q.id === p.id));
        assert.equal(isEmptyDiff(d), !differ && samePods);
        for (const c of d.changes) {
          assert.ok(c.added.equals(c.after.difference(c.before)) && c.removed.equals(c.before.difference(c.after)));
          assert.equal(c.kind, c.before.isEmpty() ? 'added' : c.after.isEmpty() ? 'removed' : 'changed');
        }
      }),
      { numRuns: 120, seed: 20261204 },
    );
  });

  it('diff b a is the mirror image of diff a b', () => {
    fc.assert(
      fc.property(clusterArb, clusterArb, (ca, cb) => {
        const a = engine(clusterYaml(ca));
        const b = engine(clusterYaml(cb));
        const ab = diffConnectivity(a, b);
        const ba = diffConnectivity(b, a);
        const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();
        assert.deepEqual(ids(ab.podsAdded), ids(ba.podsRemoved));
        assert.deepEqual(ids(ab.podsRemoved), ids(ba.podsAdded));
        const flip = { added: 'removed', removed: 'added', changed: 'changed' } as const;
        const view = (d: ConnectivityDiff, mirror: boolean) =>
          d.changes
            .map((c) =>
              mirror
                ? `${key(c)} ${flip[c.kind]} ${c.after} -> ${c.before} +${c.removed} -${c.added}`
                : `${key(c)} ${c.kind} ${c.before} -> ${c.after} +${c.added} -${c.removed}`,
            )
            .sort();
        assert.deepEqual(view(ba, true), view(ab, false));
      }),
      { numRuns: 120, seed: 20261205 },
    );
  });
});
