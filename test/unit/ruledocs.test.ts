/** Every rule has a documentation page that agrees with the registry, and its examples are true. */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { docsUrl, RULES } from '../../server/src/core/index';
import { docConfig, lintDocExample as lintExample } from '../helpers';

const DIR = join(__dirname, '../../docs/rules');
const SECTIONS = ['## What it catches', '## Why it matters for traffic', '## Wrong', '## Right', '## Fix'];
/** Codes no correct input produces, or that need a tests file beside it: their pages explain instead of showing examples. */
const NO_EXAMPLES = new Set(['internal-error', 'file-too-large', 'invalid-config', 'invalid-tests-file', 'tenant-invariant-violated', 'tenant-test-failed']);

function example(page: string, heading: string): string {
  const m = new RegExp(`${heading}\\n\\n\`\`\`yaml\\n([\\s\\S]*?)\\n\`\`\``).exec(page);
  assert.ok(m, `no yaml example under "${heading}"`);
  return m[1] + '\n';
}

describe('rule documentation pages', () => {
  it('exist for exactly the registered rules', () => {
    const pages = readdirSync(DIR)
      .filter((f) => f.endsWith('.md'))
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, RULES.map((r) => r.meta.code).sort());
  });

  it('are what diagnostics link to', () => {
    for (const r of RULES) assert.ok(docsUrl(r.meta.code).endsWith(`/docs/rules/${r.meta.code}.md`));
  });

  it('are listed in the README', () => {
    const readme = readFileSync(join(__dirname, '../../README.md'), 'utf8');
    for (const r of RULES) assert.ok(readme.includes(`](docs/rules/${r.meta.code}.md)`), `README does not link ${r.meta.code}`);
  });

  for (const r of RULES) {
    const { code } = r.meta;
    describe(code, () => {
      const file = join(DIR, `${code}.md`);
      const page = existsSync(file) ? readFileSync(file, 'utf8') : '';

      it("states the registry's severity and description, and has every section", () => {
        assert.ok(page.startsWith(`# \`${code}\`\n`), 'title');
        assert.match(page, new RegExp(`\\*\\*Default severity:\\*\\* ${r.meta.defaultSeverity}\\b`));
        assert.ok(page.includes(`\n${r.meta.description}\n`), 'the registry description');
        for (const s of SECTIONS) assert.ok(page.includes(`\n${s}\n`), s);
      });

      it('says whether fix all applies its fix, as the registry does', () => {
        assert.equal(page.includes('Fix all (`source.fixAll.netpol-lint` in the editor, `netpol-lint --fix`) applies this fix'), r.meta.fixAll === true);
      });

      it('has a "wrong" example that the rule reports', { skip: NO_EXAMPLES.has(code) && 'its page explains instead of showing an example' }, () => {
        const wrong = example(page, '## Wrong');
        assert.ok(
          lintExample(code, page, wrong, docConfig(page)).some((f) => f.code === code),
          `no ${code} on:\n${wrong}`,
        );
      });

      it('has a "right" example that the rule accepts and the API server would too', {
        skip: NO_EXAMPLES.has(code) && 'its page explains instead of showing an example',
      }, () => {
        const right = example(page, '## Right');
        const found = lintExample(code, page, right, docConfig(page));
        assert.deepEqual(
          found.filter((f) => f.code === code || f.severity === 'error').map((f) => `${f.code}: ${f.message}`),
          [],
        );
      });
    });
  }
});
