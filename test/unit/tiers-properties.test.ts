/**
 * Properties of the tier pipeline over random NetworkPolicies and cluster policies on the tenants
 * model (test/tiersModel.ts), seeded so a failure repeats: an Admin Deny decided first removes
 * exactly the connections it matches (worked out here from the model's data, not by the engine);
 * a Baseline rule never changes a pair whose destination a NetworkPolicy isolates for ingress; a
 * cluster policy with no rules changes nothing. Each side is checked on the class matrix and on the
 * one-pair answer.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Connectivity } from '../../server/src/core/index';
import { ConnectionSet } from '../../server/src/core/connectivity/connectionSet';
import { cnp, docs, engineFor, MODEL_PODS, NAMESPACE_LABELS, np } from '../tiersModel';

type ModelPod = (typeof MODEL_PODS)[number];

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}
const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const NPS = [
  np('deny-a', 'tenant-a', ['podSelector: {}', 'policyTypes: [Ingress]']),
  np('web-from-mon', 'tenant-a', ['podSelector: {matchLabels: {app: web}}', 'ingress:', '  - from: [{namespaceSelector: {matchLabels: {role: monitoring}}}]']),
  np('allow-b', 'tenant-b', ['podSelector: {}', 'ingress: [{}]']),
  np('b-egress-dns', 'tenant-b', ['podSelector: {}', 'policyTypes: [Egress]', 'egress:', '  - ports: [{port: 53, protocol: UDP}]']),
  np('db-pg', 'tenant-a', ['podSelector: {matchLabels: {app: db}}', 'ingress:', '  - from: [{podSelector: {}}]', '    ports: [{port: pg}]']),
];
const CNPS = [
  cnp('mon-in', 'Admin', 5, ['subject: {namespaces: {}}', 'ingress:', '  - {action: Accept, from: [{namespaces: {matchLabels: {role: monitoring}}}]}']),
  cnp('pass-a', 'Admin', 7, [
    'subject: {namespaces: {matchLabels: {tenant: a}}}',
    'ingress:',
    '  - {action: Pass, from: [{namespaces: {matchLabels: {tenant: a}}}]}',
  ]),
  cnp('no-cross', 'Admin', 9, [
    'subject: {namespaces: {matchLabels: {tenant: b}}}',
    'ingress:',
    '  - {action: Deny, from: [{namespaces: {matchLabels: {tenant: a}}}]}',
  ]),
  cnp('base-deny', 'Baseline', 3, ['subject: {namespaces: {}}', 'ingress:', '  - {action: Deny, from: [{namespaces: {}}]}']),
  cnp('base-egress', 'Baseline', 4, [
    'subject: {pods: {podSelector: {matchLabels: {app: web}}}}',
    'egress:',
    '  - {action: Deny, to: [{networks: [10.0.0.0/16]}]}',
  ]),
];

/** A rule part with its YAML and an oracle over the model's own data. */
interface Part<T> {
  yaml: string;
  test: T;
}
const SUBJECTS: Part<(p: ModelPod) => boolean>[] = [
  { yaml: 'subject: {namespaces: {matchLabels: {tenant: a}}}', test: (p) => NAMESPACE_LABELS[p.ns].tenant === 'a' },
  { yaml: 'subject: {namespaces: {}}', test: () => true },
  { yaml: 'subject: {pods: {podSelector: {matchLabels: {app: web}}}}', test: (p) => p.labels.app === 'web' },
];
const PEERS: Part<(p: ModelPod) => boolean>[] = [
  { yaml: '[{namespaces: {matchLabels: {tenant: b}}}]', test: (p) => NAMESPACE_LABELS[p.ns].tenant === 'b' },
  { yaml: '[{pods: {podSelector: {matchLabels: {app: db}}}}]', test: (p) => p.labels.app === 'db' },
  {
    yaml: '[{namespaces: {matchLabels: {role: monitoring}}}, {namespaces: {matchLabels: {role: system}}}]',
    test: (p) => NAMESPACE_LABELS[p.ns].role !== undefined,
  },
];
const EGRESS_PEERS: Part<(p: ModelPod) => boolean>[] = [
  ...PEERS,
  { yaml: '[{networks: [10.0.1.0/24, 10.0.4.1/32]}]', test: (p) => p.ip.startsWith('10.0.1.') || p.ip === '10.0.4.1' },
];
const PROTOCOLS: Part<(dest: ModelPod) => ConnectionSet>[] = [
  { yaml: '', test: () => ConnectionSet.ALL },
  { yaml: '[{tcp: {destinationPort: {number: 8080}}}]', test: () => ConnectionSet.range('TCP', 8080) },
  {
    yaml: '[{tcp: {destinationPort: {range: {start: 5000, end: 9000}}}}, {udp: {destinationPort: {number: 53}}}]',
    test: () => ConnectionSet.range('TCP', 5000, 9000).union(ConnectionSet.range('UDP', 53)),
  },
  {
    yaml: '[{destinationNamedPort: http}]',
    test: (d) => d.ports.filter((c) => c.name === 'http').reduce((s, c) => s.union(ConnectionSet.range(c.protocol, c.port)), ConnectionSet.NONE),
  },
];

function background(r: () => number): string[] {
  return [...NPS.filter(() => r() < 0.5), ...CNPS.filter(() => r() < 0.5)];
}

/** Every pair's set, from the matrix; checks the one-pair answer agrees. */
function sets(e: Connectivity): ConnectionSet[][] {
  const m = e.connections();
  const pods = e.cluster.pods;
  return pods.map((from, i) =>
    pods.map((to, j) => {
      const s = m.get(i, j);
      assert.ok(s.equals(e.connectionsBetween(from, to).allowed), `matrix and connectionsBetween disagree on ${from.id} -> ${to.id}`);
      return s;
    }),
  );
}

describe('tiers: properties', () => {
  it('an Admin Deny decided first removes exactly the connections it matches', () => {
    const r = rng(23);
    for (let n = 0; n < 40; n++) {
      const base = background(r);
      const egress = r() < 0.5;
      const subject = pick(r, SUBJECTS);
      const peer = pick(r, egress ? EGRESS_PEERS : PEERS);
      const protocols = pick(r, PROTOCOLS);
      const rule = [
        egress ? 'egress:' : 'ingress:',
        '  - action: Deny',
        `    ${egress ? 'to' : 'from'}: ${peer.yaml}`,
        ...(protocols.yaml ? [`    protocols: ${protocols.yaml}`] : []),
      ];
      const before = sets(engineFor(docs(...base)));
      const after = sets(engineFor(docs(...base, cnp('first-deny', 'Admin', 0, [subject.yaml, ...rule]))));
      MODEL_PODS.forEach((from, i) =>
        MODEL_PODS.forEach((to, j) => {
          const [s, o] = egress ? [from, to] : [to, from];
          const matched = i !== j && subject.test(s) && peer.test(o) ? protocols.test(to) : ConnectionSet.NONE;
          assert.ok(
            after[i][j].equals(before[i][j].difference(matched)),
            `case ${n}: ${from.ns}/${from.name} -> ${to.ns}/${to.name}: ${after[i][j]} vs ${before[i][j]} minus ${matched}`,
          );
        }),
      );
    }
  });

  it('a Baseline ingress rule never changes a pair whose destination a NetworkPolicy isolates for ingress', () => {
    const r = rng(5);
    for (let n = 0; n < 40; n++) {
      const base = background(r);
      const action = pick(r, ['Accept', 'Deny', 'Pass']);
      const rule = ['ingress:', `  - action: ${action}`, `    from: ${pick(r, PEERS).yaml}`];
      const e0 = engineFor(docs(...base));
      const before = sets(e0);
      const after = sets(engineFor(docs(...base, cnp('baseline-rule', 'Baseline', 0, [pick(r, SUBJECTS).yaml, ...rule]))));
      e0.cluster.pods.forEach((from, i) =>
        e0.cluster.pods.forEach((to, j) => {
          if (e0.connectionsBetween(from, to).ingress.isolatedBy.length === 0) return;
          assert.ok(after[i][j].equals(before[i][j]), `case ${n}: ${from.id} -> ${to.id} changed`);
        }),
      );
    }
  });

  it('a cluster policy with no rules changes nothing', () => {
    const r = rng(7);
    for (let n = 0; n < 20; n++) {
      const base = background(r);
      const before = sets(engineFor(docs(...base)));
      const after = sets(engineFor(docs(...base, cnp('empty', pick(r, ['Admin', 'Baseline'] as const), Math.floor(r() * 20), [pick(r, SUBJECTS).yaml]))));
      before.forEach((row, i) => row.forEach((s, j) => assert.ok(after[i][j].equals(s), `case ${n}: pair ${i} -> ${j}`)));
    }
  });
});
