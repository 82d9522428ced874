/** Fix recipes travel packed in a diagnostic's `data`; unpacked, they must write the very same edits. */
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { defaultConfig, LineIndex, recipeEdits, type FixRecipe, type LintConfig } from '../../server/src/core/index';
import { packRecipe as pack, unpackRecipe as unpack } from '../../server/src/lsp/recipeData';
import { lintText } from '../../server/src/core/workspace/workspace';

const DENY_ALL = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: deny',
  '  namespace: shop',
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '  - Ingress',
  '  - Egress',
  '',
].join('\n');

let lines = new LineIndex('');
const packRecipe = (r: FixRecipe) => pack(r, (o) => lines.positionAt(o));
const unpackRecipe = (p: unknown) => unpack(p, (pos) => lines.offsetAt(pos));

function dnsRecipes(text: string, config: LintConfig = defaultConfig()): FixRecipe[] {
  lines = new LineIndex(text);
  const f = lintText(text, config).findings.find((x) => x.code === 'missing-dns-egress');
  assert.ok(f, 'a missing-dns-egress finding');
  const recipes = (f.fixes ?? []).flatMap((x) => (x.recipe ? [x.recipe] : []));
  assert.deepEqual(
    recipes.map((r) => r.kind),
    ['dns-egress-policy', 'dns-egress-rule'],
  );
  return recipes;
}

/** What an editor sends back: the packed recipe after a JSON round trip. */
const travelled = (r: FixRecipe) => JSON.parse(JSON.stringify(packRecipe(r))) as unknown;

describe('fix recipes in diagnostic data', () => {
  it('carry positions, leave out the default style and DNS target, and write the same edits once unpacked', () => {
    for (const r of dnsRecipes(DENY_ALL.replaceAll('  - ', '    - '))) {
      const packed = packRecipe(r);
      assert.deepEqual(packed.start, lines.positionAt(r.start));
      assert.equal('style' in packed, false);
      assert.equal('dns' in packed, false);
      // an insertion has no end, a new policy no empty lead nor the default name
      for (const key of ['end', 'lead', 'name']) assert.equal(key in packed, false, key);
      assert.ok(JSON.stringify(packed).length < JSON.stringify(r).length * 0.6, JSON.stringify(packed));
      const back = unpackRecipe(travelled(r));
      assert.ok(back);
      assert.deepEqual(recipeEdits(back), recipeEdits(r));
    }
  });

  it("keep a file's own style (kubectl lists, CRLF) and a configured DNS target", () => {
    const config = defaultConfig();
    config.dns = { namespace: 'dns', podLabels: { app: 'coredns', tier: 'node' }, ports: [53, 5353], nodeLocalIPs: ['169.254.20.10'] };
    for (const r of dnsRecipes(DENY_ALL.replaceAll('\n', '\r\n'), config)) {
      const packed = packRecipe(r);
      assert.deepEqual(packed.style, { indent: 2, seqIndent: false, eol: '\r\n' });
      assert.deepEqual(packed.dns, config.dns);
      const edits = recipeEdits(unpackRecipe(travelled(r))!);
      assert.deepEqual(edits, recipeEdits(r));
      assert.match(edits[0].newText, /169\.254\.20\.10/);
      assert.match(edits[0].newText, /5353/);
      assert.doesNotMatch(edits[0].newText, /[^\r]\n/, 'CRLF line ends');
    }
  });

  it('keep what differs from the defaults, and come back as the very same recipe', () => {
    const [policy, rule] = dnsRecipes(`${DENY_ALL}---\n${DENY_ALL.replace('name: deny', 'name: allow-dns-egress')}`);
    assert.equal(policy.kind === 'dns-egress-policy' && policy.name, 'allow-dns-egress-2');
    assert.equal((packRecipe(policy) as { name?: string }).name, 'allow-dns-egress-2');
    const variants: FixRecipe[] = [policy, rule, { ...policy, lead: '\n' } as FixRecipe, { ...rule, withKey: false, end: rule.start + 3 } as FixRecipe];
    for (const r of variants) assert.deepEqual(unpackRecipe(travelled(r)), r);
  });

  it('refuse what they could not write', () => {
    const [policy, rule] = dnsRecipes(DENY_ALL);
    const bad: unknown[] = [
      null,
      'dns-egress-rule',
      { kind: 'rm -rf', start: 0 },
      { ...(travelled(rule) as object), start: 'x' },
      { ...(travelled(rule) as object), start: 12 },
      { ...(travelled(rule) as object), end: { line: 1 } },
      { ...(travelled(rule) as object), withKey: 'yes' },
      { ...(travelled(policy) as object), name: 7 },
      { ...(travelled(policy) as object), style: { indent: '2', eol: '\n' } },
      { ...(travelled(policy) as object), dns: { namespace: 'kube-system', ports: 53 } },
    ];
    for (const x of bad) assert.equal(unpackRecipe(x), undefined, JSON.stringify(x));
  });
});
