/** The getting-started walkthrough: its pages ship in the .vsix, and what it tells a user to do works as it says. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyFix, expand, lint } from '../helpers';

const ROOT = join(__dirname, '../..');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const snippets = JSON.parse(readFileSync(join(ROOT, 'snippets/networkpolicy.json'), 'utf8')) as Record<string, { prefix: string; body: string[] }>;
const walkthrough = pkg.contributes.walkthroughs[0];
const page = (id: string) => readFileSync(join(ROOT, walkthrough.steps.find((s: { id: string }) => s.id === id).media.markdown), 'utf8');

describe('getting-started walkthrough', () => {
  it('has the four steps: open a folder, insert the baseline, see the DNS warning, fix it', () => {
    assert.equal(pkg.contributes.walkthroughs.length, 1);
    assert.match(walkthrough.title, /NetworkPolicy Lint/);
    assert.deepEqual(
      walkthrough.steps.map((s: { id: string }) => s.id),
      ['openFolder', 'tenantBaseline', 'dnsWarning', 'fixDns'],
    );
  });

  it('ships every step page in the .vsix', () => {
    const ignore = readFileSync(join(ROOT, '.vscodeignore'), 'utf8');
    assert.match(ignore, /^!media\/walkthrough\/\*\.md$/m);
    for (const s of walkthrough.steps) {
      assert.match(s.media.markdown, /^media\/walkthrough\/[^/]+\.md$/, s.id);
      assert.ok(existsSync(join(ROOT, s.media.markdown)), s.media.markdown);
    }
  });

  it('names snippets that exist', () => {
    const prefixes = new Set(Object.values(snippets).map((s) => s.prefix));
    const named = [...page('tenantBaseline').matchAll(/`(netpol-[a-z-]+)`|\*\*(netpol-[a-z-]+)\*\*/g)].map((m) => m[1] ?? m[2]);
    assert.ok(named.includes('netpol-tenant-baseline'));
    for (const p of named) assert.ok(prefixes.has(p), `${p} is not a snippet`);
  });

  // The steps' promise, on the snippet itself: clean as inserted; without its DNS document, a DNS
  // warning on each Egress; the preferred fix (named in the page) makes it clean again.
  const baseline = expand(Object.values(snippets).find((s) => s.prefix === 'netpol-tenant-baseline')!.body);
  const withoutDns = baseline.slice(0, baseline.lastIndexOf('---\n'));
  const problems = (text: string) => lint(text).filter((f) => f.severity === 'error' || f.severity === 'warning');

  it('inserts a baseline with no errors or warnings', () => {
    assert.deepEqual(problems(baseline), []);
    assert.match(withoutDns, /name: allow-intra-namespace/);
    assert.doesNotMatch(withoutDns, /allow-dns-egress/);
  });

  it('shows missing-dns-egress on the Egress of both remaining policies once the DNS document is deleted', () => {
    const found = problems(withoutDns);
    assert.deepEqual(
      found.map((f) => f.code),
      ['missing-dns-egress', 'missing-dns-egress'],
    );
    for (const f of found) assert.equal(withoutDns.slice(f.span.start, f.span.end), 'Egress');
  });

  it('fixes both with the fix the page names', () => {
    const title = /\*\*(Add a separate "allow-dns-egress" policy[^*]*)\*\*/.exec(page('fixDns'))?.[1];
    assert.ok(title, 'the page names the separate-policy fix');
    const first = problems(withoutDns)[0];
    assert.equal(first.fixes?.find((f) => f.preferred)?.title, title);
    const fixed = applyFix(withoutDns, first, title);
    assert.deepEqual(problems(fixed), []);
    assert.match(page('fixDns'), /\*\*Add a DNS egress rule \(UDP and TCP\) to this policy\*\*/);
    assert.ok(first.fixes?.some((f) => f.title === 'Add a DNS egress rule (UDP and TCP) to this policy'));
  });
});
