/** Hostile or broken input: bounded work, a clear finding, and never an exception. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { POLICY_RULES } from '../../server/src/core/rules/index';
import { DENY_ALL, findings, lint, policy } from '../helpers';

describe('robustness', () => {
  it('does not expand an alias bomb, and says so on the alias', () => {
    let text = policy(['podSelector: {}', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']);
    for (let i = 1; i < 9; i++) text += `  x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]\n`;
    const start = performance.now();
    const f = findings(text, 'yaml-syntax');
    const ms = performance.now() - start;
    assert.ok(ms < 5000, `took ${ms} ms`); // 9^9 nodes if expanded: hours
    assert.equal(f.length, 1);
    assert.match(f[0].message, /alias bomb/);
    assert.match(text.slice(f[0].span.start, f[0].span.end), /^\*a\d$/);
  });

  it('still follows ordinary aliases', () => {
    const text = policy(['podSelector: &web {matchLabels: {app: web}}', 'ingress:', '  - from:', '      - podSelector: *web', '        ipBlock: {cidr: 10.0.0.0/8}']);
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
      'kind: NetworkPolicy\nspec: ' + '['.repeat(5000) + ']'.repeat(5000) + '\n',
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
