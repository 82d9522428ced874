/**
 * Generated pairs of small clusters for the diff's properties (test/unit/diff.test.ts,
 * test/unit/graphDiff.test.ts), and an oracle that asks one side pair by pair (pods:
 * `connectionsBetween`, straight from the policies; addresses: `externalBetween` at every address
 * where either side's partition cuts).
 */
import fc from 'fast-check';
import ipaddr from 'ipaddr.js';
import { ConnectionSet, type Connectivity } from '../server/src/core/index';
import { addressText, type Family } from '../server/src/core/connectivity/addressRanges';
import { docs, np } from './connectivityModel';

export const ns = (name: string) => `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: ${name}\n  labels: {kubernetes.io/metadata.name: ${name}}\n`;
export const pod = (namespace: string, name: string, app: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: ${namespace}\n  labels: {app: ${app}}\nspec:\n  containers: [{name: c, image: i}]\n`;

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
export const clusterArb = fc.record({ pods: fc.array(podArb, { maxLength: 6 }), policies: fc.array(policyArb, { maxLength: 4 }) });

export function clusterYaml(c: { pods: PodGen[]; policies: PolicyGen[] }): string {
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
export function probes(a: Connectivity, b: Connectivity): { family: Family; value: bigint }[] {
  const out = new Map<string, { family: Family; value: bigint }>();
  for (const e of [a, b])
    for (const r of e.externalEndpoints().ranges) for (const value of [r.first, r.last]) out.set(`${r.family} ${value}`, { family: r.family, value });
  return [...out.values()];
}

/** One side's answer, straight from the policies: pod pairs, and pod/address pairs at each probe. */
export function oracle(e: Connectivity, pods: readonly string[], at: readonly { family: Family; value: bigint }[]): Map<string, ConnectionSet> {
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
