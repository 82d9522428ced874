/** A netpol-lint diagnostic's code link opens the rule page packaged with the extension, not the repository's. */
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { type LinkedDiagnostic, useLocalRulePages } from '../../client/src/ruleLinks';
import { docsUrl, RULES } from '../../server/src/core/index';

/** Stands for vscode.Uri: only its text is read. */
class Target {
  constructor(readonly text: string) {}
  toString(): string {
    return this.text;
  }
}

const local = (code: string) => new Target(`file:///ext/docs/rules/${code}.md`);
const PAGES = new Set(readdirSync(join(__dirname, '../../docs/rules')).map((f) => f.replace(/\.md$/, '')));
const linked = (code: string, source = 'netpol-lint', target = docsUrl(code)) => ({
  source,
  code: { value: code, target: new Target(target) },
  data: { version: 1 },
});

describe('offline rule links', () => {
  it('has a page to open for every rule', () => {
    for (const r of RULES) assert.ok(PAGES.has(r.meta.code), r.meta.code);
  });

  it('points a finding at its packaged page, keeping the code, the object and its data', () => {
    const d = linked('missing-dns-egress');
    const diagnostics: LinkedDiagnostic<Target>[] = [d];
    useLocalRulePages(diagnostics, PAGES, local);
    assert.equal(diagnostics[0], d);
    assert.deepEqual(d.code, { value: 'missing-dns-egress', target: local('missing-dns-egress') });
    assert.deepEqual(d.data, { version: 1 });
  });

  it('leaves the repository link where no page is packaged', () => {
    const d = linked('missing-dns-egress');
    useLocalRulePages([d], new Set(), local);
    assert.equal(d.code.target.toString(), docsUrl('missing-dns-egress'));
  });

  it("leaves other tools' diagnostics and other links alone", () => {
    const yaml = linked('missing-dns-egress', 'YAML');
    const elsewhere = linked('missing-dns-egress', 'netpol-lint', 'https://example.com/x.md');
    const plain = { source: 'netpol-lint', code: 'missing-dns-egress' };
    useLocalRulePages<Target>([yaml, elsewhere, plain], PAGES, local);
    assert.equal(yaml.code.target.toString(), docsUrl('missing-dns-egress'));
    assert.equal(elsewhere.code.target.toString(), 'https://example.com/x.md');
    assert.equal(plain.code, 'missing-dns-egress');
  });
});
