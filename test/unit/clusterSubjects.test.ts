/**
 * "Can two selectors select one object?" (analysis/clusterSubjects.ts, the ground of
 * same-priority-overlap), checked against brute force: for selectors over the keys a and b and the
 * values x and y, every label set that matters is one of {absent, x, y, z} per key (z stands for any
 * value no selector names), so enumerating them answers exactly.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { selectorsCanOverlap, subjectsCanOverlap } from '../../server/src/core/analysis/clusterSubjects';
import { selectorMatches } from '../../server/src/core/analysis/selectors';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import type { ClusterSubjectModel } from '../../server/src/core/model/clusterPolicy';
import { rng, yaml } from '../helpers';

/** The subjects of these cluster policies' subject lines, as the workspace reads them. */
function subjects(...lines: string[][]): ClusterSubjectModel[] {
  const ws = new Workspace(defaultConfig());
  const docs = lines.map((l, i) =>
    yaml(
      'apiVersion: policy.networking.k8s.io/v1alpha2',
      'kind: ClusterNetworkPolicy',
      'metadata:',
      `  name: p${i}`,
      'spec:',
      '  tier: Admin',
      '  priority: 1',
      '  subject:',
      ...l.map((x) => `    ${x}`),
    ),
  );
  ws.update('f.yaml', docs.join('---\n'));
  return ws.clusterPolicies().map((r) => r.clusterPolicy.subject!);
}

const KEYS = ['a', 'b'];
const VALUES = ['x', 'y'];
const LABEL_SETS: Record<string, string>[] = (() => {
  const out: Record<string, string>[] = [];
  const options = [undefined, 'x', 'y', 'z'];
  for (const va of options)
    for (const vb of options) {
      const l: Record<string, string> = {};
      if (va) l.a = va;
      if (vb) l.b = vb;
      out.push(l);
    }
  return out;
})();

/** A random selector's flow text over KEYS and VALUES. */
function randomSelector(r: () => number): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const labels = r() < 0.4 ? `matchLabels: {${pick(KEYS)}: ${pick(VALUES)}}` : '';
  const exprs: string[] = [];
  for (let i = Math.floor(r() * 3); i > 0; i--) {
    const op = pick(['In', 'NotIn', 'Exists', 'DoesNotExist']);
    const values = op === 'In' || op === 'NotIn' ? `, values: [${r() < 0.5 ? pick(VALUES) : VALUES.join(', ')}]` : '';
    exprs.push(`{key: ${pick(KEYS)}, operator: ${op}${values}}`);
  }
  const parts = [labels, exprs.length ? `matchExpressions: [${exprs.join(', ')}]` : ''].filter(Boolean);
  return `{${parts.join(', ')}}`;
}

describe('selectorsCanOverlap', () => {
  it('agrees with brute force on 400 random pairs of selectors', () => {
    const r = rng(23);
    const pairs = Array.from({ length: 400 }, () => [randomSelector(r), randomSelector(r)]);
    const models = subjects(...pairs.flatMap(([a, b]) => [[`namespaces: ${a}`], [`namespaces: ${b}`]]));
    let overlapping = 0;
    pairs.forEach(([a, b], i) => {
      const [sa, sb] = [models[2 * i].namespaces!, models[2 * i + 1].namespaces!];
      const truth = LABEL_SETS.some((l) => selectorMatches(sa, l) && selectorMatches(sb, l));
      if (truth) overlapping++;
      assert.equal(selectorsCanOverlap(sa, sb), truth, `${a} and ${b}`);
    });
    // both answers occur often enough for the comparison to mean something
    assert.ok(overlapping > 40 && overlapping < 360, `${overlapping} of 400 overlap`);
  });

  it('takes an absent selector as selecting everything', () => {
    const [s] = subjects(['namespaces: {matchLabels: {a: x}}']);
    assert.equal(selectorsCanOverlap(undefined, s.namespaces), true);
  });
});

describe('subjectsCanOverlap', () => {
  it('needs both the namespace parts and the pod parts to overlap', () => {
    const [nsA, podsWebInA, podsWebInB, podsApi] = subjects(
      ['namespaces: {matchLabels: {kubernetes.io/metadata.name: a}}'],
      ['pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: a}}, podSelector: {matchLabels: {app: web}}}'],
      ['pods: {namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: b}}, podSelector: {matchLabels: {app: web}}}'],
      ['pods: {podSelector: {matchLabels: {app: api}}}'],
    );
    assert.equal(subjectsCanOverlap(nsA, podsWebInA), true);
    assert.equal(subjectsCanOverlap(nsA, podsWebInB), false);
    assert.equal(subjectsCanOverlap(podsWebInA, podsApi), false, 'app: web and app: api');
    assert.equal(subjectsCanOverlap(nsA, podsApi), true, 'no namespaceSelector: every namespace');
  });
});
