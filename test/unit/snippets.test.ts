/** Every snippet, expanded with its defaults, is a clean layered policy (and deny-all alone warns about DNS). */
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { expand, lint } from '../helpers';

interface Snippet {
  prefix: string;
  body: string[];
  description: string;
}

const snippets = JSON.parse(readFileSync(join(__dirname, '../../snippets/networkpolicy.json'), 'utf8')) as Record<string, Snippet>;

describe('snippets', () => {
  const byPrefix = new Map(Object.values(snippets).map((s) => [s.prefix, s]));

  it('offers the layered policies under netpol- prefixes', () => {
    for (const p of [
      'netpol-default-deny-all',
      'netpol-default-deny-ingress',
      'netpol-default-deny-egress',
      'netpol-allow-intra-namespace',
      'netpol-allow-from-namespace',
      'netpol-allow-dns-egress',
      'netpol-tenant-baseline',
    ]) {
      assert.ok(byPrefix.has(p), p);
    }
    for (const s of byPrefix.values()) assert.match(s.prefix, /^netpol-/);
  });

  it('have tab stops for name or namespace', () => {
    for (const s of byPrefix.values()) assert.match(s.body.join('\n'), /\$\{1:/, s.prefix);
  });

  for (const s of Object.values(snippets)) {
    it(`${s.prefix} expands to YAML that lints without errors or warnings`, () => {
      const text = expand(s.body);
      assert.doesNotMatch(text, /\$/);
      const bad = lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning');
      if (s.prefix === 'netpol-default-deny-all') {
        assert.deepEqual(
          bad.map((f) => f.code),
          ['missing-dns-egress'],
          'deny-all alone must warn about DNS',
        );
      } else {
        assert.deepEqual(
          bad.map((f) => `${f.code}: ${f.message}`),
          [],
        );
      }
    });
  }

  it('the tenant baseline holds three documents: deny-all, intra-namespace, DNS', () => {
    const text = expand(byPrefix.get('netpol-tenant-baseline')!.body);
    assert.deepEqual(
      [...text.matchAll(/^ {2}name: (.*)$/gm)].map((m) => m[1]),
      ['default-deny-all', 'allow-intra-namespace', 'allow-dns-egress'],
    );
  });
});
