/**
 * selectorCovers: "does this policy's podSelector select every pod that one selects?", which the DNS
 * rules ask for every pair of a namespace's policies. Examples through the real model, and a
 * property: whenever it says yes, every label set the specific selector matches, the general one
 * matches too (it may say no when unsure, never yes when wrong).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { buildPolicy } from '../../server/src/core/model/buildPolicy';
import { locate, type LMap } from '../../server/src/core/model/located';
import { PARSE_OPTIONS } from '../../server/src/core/parse/parseOptions';
import { selectorCovers, selectorMatches } from '../../server/src/core/analysis/selectors';
import type { SelectorModel } from '../../server/src/core/model/networkPolicy';

/** The podSelector of a policy with this selector (YAML flow syntax). */
function selector(flow: string): SelectorModel {
  const text = `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: p\nspec:\n  podSelector: ${flow}\n`;
  const root = locate(parseDocument(text, PARSE_OPTIONS), text) as LMap;
  return buildPolicy(root, 'networking.k8s.io/v1', '').spec!.podSelector!;
}

describe('selectorCovers', () => {
  it('says yes when the general selector asks for less', () => {
    assert.ok(selectorCovers(selector('{}'), selector('{matchLabels: {app: web}}')));
    assert.ok(selectorCovers(selector('{matchLabels: {app: web}}'), selector('{matchLabels: {app: web, tier: front}}')));
    assert.ok(selectorCovers(selector('{matchLabels: {app: web}}'), selector('{matchExpressions: [{key: app, operator: In, values: [web]}]}')));
    assert.ok(selectorCovers(selector('{matchExpressions: [{key: app, operator: In, values: [web, api]}]}'), selector('{matchLabels: {app: api}}')));
    assert.ok(selectorCovers(selector('{matchExpressions: [{key: app, operator: Exists}]}'), selector('{matchLabels: {app: api}}')));
    assert.ok(selectorCovers(selector('{matchExpressions: [{key: app, operator: NotIn, values: [db]}]}'), selector('{matchLabels: {app: web}}')));
    assert.ok(
      selectorCovers(selector('{matchLabels: {app: web, tier: front}}'), selector('{matchLabels: {tier: front, app: web}}')),
      'the same, in another order',
    );
  });

  it('says no when a pod the specific selector selects may lack what the general one asks', () => {
    assert.ok(!selectorCovers(selector('{matchLabels: {app: web}}'), selector('{}')));
    assert.ok(!selectorCovers(selector('{matchLabels: {app: web}}'), selector('{matchLabels: {app: api}}')));
    assert.ok(!selectorCovers(selector('{matchLabels: {app: web, tier: front}}'), selector('{matchLabels: {app: web}}')));
    assert.ok(!selectorCovers(selector('{matchLabels: {app: web}}'), selector('{matchExpressions: [{key: app, operator: In, values: [web, api]}]}')));
    assert.ok(!selectorCovers(selector('{matchExpressions: [{key: app, operator: NotIn, values: [web]}]}'), selector('{matchLabels: {app: web}}')));
  });

  it('never says yes wrongly (random selectors and label sets)', () => {
    const keys = fc.constantFrom('app', 'tier', 'team');
    const values = fc.constantFrom('web', 'api', 'db');
    const expression = fc.record({
      key: keys,
      operator: fc.constantFrom('In', 'NotIn', 'Exists', 'DoesNotExist'),
      values: fc.uniqueArray(values, { minLength: 1, maxLength: 2 }),
    });
    const flow = fc
      .record({ labels: fc.dictionary(keys, values, { maxKeys: 2 }), expressions: fc.array(expression, { maxLength: 2 }) })
      .map(({ labels, expressions }) => {
        const ml = Object.entries(labels).map(([k, v]) => `${k}: ${v}`);
        const me = expressions.map(
          (e) => `{key: ${e.key}, operator: ${e.operator}${e.operator === 'In' || e.operator === 'NotIn' ? `, values: [${e.values.join(', ')}]` : ''}}`,
        );
        return `{${[ml.length ? `matchLabels: {${ml.join(', ')}}` : '', me.length ? `matchExpressions: [${me.join(', ')}]` : ''].filter(Boolean).join(', ')}}`;
      });
    const labelSets = fc.array(fc.dictionary(keys, values, { maxKeys: 3 }), { minLength: 20, maxLength: 20 });
    let yes = 0;
    fc.assert(
      fc.property(flow, flow, labelSets, (g, s, sets) => {
        const general = selector(g);
        const specific = selector(s);
        if (!selectorCovers(general, specific)) return;
        yes++;
        for (const labels of sets)
          if (selectorMatches(specific, labels))
            assert.ok(selectorMatches(general, labels), `${g} covers ${s}, yet ${JSON.stringify(labels)} matches only the latter`);
      }),
      { numRuns: 600, seed: 8 },
    );
    assert.ok(yes > 30, `the property saw ${yes} "yes" answers`);
  });
});
