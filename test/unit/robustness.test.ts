/** Hostile or broken input: bounded work, a clear finding, and never an exception. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POLICY_RULES } from '../../server/src/core/rules/index';
import { readFileSync } from 'node:fs';
import { defaultConfig, setInternalErrorHandler } from '../../server/src/core/index';
import { recipeFix } from '../../server/src/core/edit/fixes';
import type { FixRecipe } from '../../server/src/core/edit/recipes';
import { corpusFiles } from '../corpus';
import { DENY_ALL, findings, lint, policy, yaml } from '../helpers';
import { lazyFix } from '../../server/src/core/edit/fixes';

describe('robustness', () => {
  it('does not expand an alias bomb, and says so on the alias', () => {
    let text = policy(['podSelector: {}', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']);
    for (let i = 1; i < 9; i++)
      text += `  x${i}: &a${i} [${Array(9)
        .fill(`*a${i - 1}`)
        .join(', ')}]\n`;
    const start = performance.now();
    const f = findings(text, 'yaml-syntax');
    const ms = performance.now() - start;
    assert.ok(ms < 5000, `took ${ms} ms`); // 9^9 nodes if expanded: hours
    assert.equal(f.length, 1);
    assert.match(f[0].message, /^Aliases expand too far: .*alias bomb/);
    assert.match(text.slice(f[0].span.start, f[0].span.end), /^\*a\d$/);
  });

  it('still follows ordinary aliases', () => {
    const text = policy([
      'podSelector: &web {matchLabels: {app: web}}',
      'ingress:',
      '  - from:',
      '      - podSelector: *web',
      '        ipBlock: {cidr: 10.0.0.0/8}',
    ]);
    assert.equal(findings(text, 'ipblock-with-selector').length, 1);
    assert.deepEqual(findings(text, 'yaml-syntax'), []);
  });

  it('turns an exception in one rule into one internal-error finding; the other rules still report', () => {
    const rule = POLICY_RULES.find((r) => r.meta.code === 'implicit-protocol')!;
    const original = rule.check;
    rule.check = () => {
      throw new Error('boom');
    };
    try {
      const text = DENY_ALL + '---\n' + policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80']);
      const found = lint(text);
      const internal = found.filter((f) => f.code === 'internal-error');
      assert.equal(internal.length, 2, 'one per document the rule ran on');
      assert.match(internal[0].message, /the rule implicit-protocol failed on this document \(boom\)/);
      assert.ok(found.some((f) => f.code === 'invalid-protocol'));
      assert.ok(found.some((f) => f.code === 'missing-dns-egress'));
    } finally {
      rule.check = original;
    }
  });

  it('survives deep nesting, binary junk, NUL bytes, a BOM, lone CRs and tabs', () => {
    const inputs = [
      'kind: NetworkPolicy\nspec: ' + '['.repeat(10_000) + ']'.repeat(10_000) + '\n',
      'kind: NetworkPolicy\nspec: ' + '{a: '.repeat(10_000) + '1' + '}'.repeat(10_000) + '\n',
      'kind: NetworkPolicy\nspec:\n' + Array.from({ length: 300 }, (_, i) => ' '.repeat(i + 1) + `k${i}:`).join('\n') + ' x\n',
      '\u0000\u0001\u0002kind: NetworkPolicy\n\u00ff\ufffd: [\n',
      '\ufeff' + DENY_ALL,
      DENY_ALL.replace(/\n/g, '\r'),
      DENY_ALL.replace(/ {2}/g, '\t'),
      '---\n'.repeat(20000) + DENY_ALL,
    ];
    for (const text of inputs) {
      const found = lint(text);
      for (const f of found) assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${f.code} outside the text`);
    }
  });

  it('reads a BOM, CR-only and CRLF files like LF ones', () => {
    const codes = (t: string) => lint(t).map((f) => f.code);
    assert.deepEqual(codes('\ufeff' + DENY_ALL), codes(DENY_ALL));
    assert.deepEqual(codes(DENY_ALL.replace(/\n/g, '\r\n')), codes(DENY_ALL));
    assert.deepEqual(codes(DENY_ALL.replace(/\n/g, '\r')), codes(DENY_ALL));
  });
});

describe('hostile inputs', () => {
  it('skips a 20 MB file with one information finding, without parsing it', () => {
    let text = '';
    while (text.length < 20e6) text += DENY_ALL + '---\n';
    const start = performance.now();
    const found = lint(text);
    const ms = performance.now() - start;
    assert.deepEqual(
      found.map((f) => [f.code, f.severity]),
      [['file-too-large', 'information']],
    );
    assert.match(found[0].message, /20\.0 MB, more than the 8\.0 MB limit/);
    assert.ok(ms < 2000, `took ${ms} ms`);
  });

  it('skips 100,000 documents the same way, and analyses once under the limit', () => {
    assert.deepEqual(
      lint('---\n'.repeat(100_000)).map((f) => f.code),
      ['file-too-large'],
    );
    const config = defaultConfig();
    config.limits.maxDocuments = 200_000;
    assert.deepEqual(lint('---\n'.repeat(100_000), config), []);
  });

  it('analyses a single 5 MB line', () => {
    const text = policy(['podSelector:', `  matchLabels: {app: "${'x'.repeat(5e6)}"}`]);
    assert.deepEqual(findings(text, 'invalid-label-value').length, 1);
  });

  it('reads JSON-flow YAML, spec: null, and keys of every scalar type', () => {
    const json =
      '{ "apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": { "name": "a", "namespace": "b" }, "spec": { "podSelector": {}, "policyTypes": ["Ingress", "Egress"] } }\n';
    assert.deepEqual(
      lint(json).map((f) => f.code),
      ['missing-dns-egress'],
    );
    assert.deepEqual(
      findings(yaml('apiVersion: networking.k8s.io/v1', 'kind: NetworkPolicy', 'metadata: {name: a, namespace: b}', 'spec: null'), 'yaml-syntax'),
      [],
    );
    const keys = policy(['podSelector: {}', '? [a, b]', ': x', '1: x', 'null: y', 'true: z']);
    assert.deepEqual(findings(keys, 'unknown-field').length, 4);
  });

  it('reports only yaml-syntax on Helm templates', () => {
    for (const file of corpusFiles().filter((f) => f.includes('templated'))) {
      const codes = new Set(
        lint(readFileSync(file, 'utf8'))
          .filter((f) => f.severity === 'error' || f.severity === 'warning')
          .map((f) => f.code),
      );
      for (const c of codes) assert.equal(c, 'yaml-syntax', file);
    }
  });
});

describe('a quick fix that fails', () => {
  it('is contained: logged, offered with no edit, and nothing else breaks', () => {
    const logged: string[] = [];
    setInternalErrorHandler((what) => logged.push(what));
    try {
      const fix = lazyFix('Explode', () => {
        throw new Error('boom');
      });
      assert.deepEqual(fix.edits, []);
      assert.deepEqual(fix.edits, [], 'computed once');
      assert.deepEqual(logged, ['the quick fix "Explode"']);
    } finally {
      setInternalErrorHandler(() => undefined);
    }
  });

  it('written from a recipe, is written only when read (the CLI and a publish never read it)', () => {
    const logged: string[] = [];
    setInternalErrorHandler((what) => logged.push(what));
    try {
      // a recipe nothing can write: making the fix must not try, reading it is contained
      const fix = recipeFix({ kind: 'dns-egress-rule', start: 0, end: 0, column: 2, withKey: true, style: null, dns: null } as unknown as FixRecipe);
      assert.deepEqual(logged, []);
      assert.deepEqual(fix.edits, []);
      assert.deepEqual(logged, ['the quick fix "Add a DNS egress rule (UDP and TCP) to this policy"']);
    } finally {
      setInternalErrorHandler(() => undefined);
    }
  });
});
