/** Real-world manifests from public projects: the analysis never throws and stays within the text. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { corpusFindings } from '../corpus';
import { lint } from '../helpers';

const root = join(__dirname, '../data/corpus/');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) return yamlFiles(p);
    return /\.ya?ml$/.test(name) ? [p] : [];
  });
}

describe('real-world corpus', () => {
  const files = yamlFiles(root);

  it('holds the 143 files of the shared corpus', () => {
    assert.equal(files.length, 143);
  });

  it('lints every file without an exception, with ranges inside the text', () => {
    let findings = 0;
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      const result = lint(text);
      for (const f of result) {
        assert.ok(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length, `${file}: ${f.code} range out of the text`);
      }
      findings += result.length;
    }
    assert.ok(findings > 0);
  });

  it('reports no syntax error in any file, the Helm templates included', () => {
    const syntax = files.flatMap((file) =>
      lint(readFileSync(file, 'utf8'))
        .filter((x) => x.code === 'yaml-syntax')
        .map((x) => `${file}: ${x.message}`),
    );
    assert.deepEqual(syntax, []);
  });

  it('reports each Helm template (every file holding {{ }} actions where YAML structure is) with one helm-template finding, and nothing else', () => {
    const templates = files.filter((f) => f.includes('templated'));
    assert.equal(templates.length, 3);
    for (const file of templates) {
      const found = lint(readFileSync(file, 'utf8'));
      assert.deepEqual(
        found.map((f) => [f.code, f.severity]),
        [['helm-template', 'information']],
        file,
      );
      assert.match(found[0].message, /not YAML until rendered.*helm template CHART \| netpol-lint -/);
    }
    // and no other file of the corpus is taken for a template (Kyverno's "{{request.…}}" is quoted)
    const others = files.filter((f) => !f.includes('templated') && lint(readFileSync(f, 'utf8')).some((x) => x.code === 'helm-template'));
    assert.deepEqual(others, []);
  });

  it('matches the judged expectations file, finding by finding', () => {
    const expected = parse(readFileSync(join(__dirname, '../data/corpus-expectations.yaml'), 'utf8')) as Record<string, string[]>;
    const actual = Object.fromEntries(corpusFindings());
    assert.deepEqual(Object.keys(actual).sort(), Object.keys(expected).sort(), 'every corpus file has an entry');
    const diffs = Object.keys(actual).flatMap((file) => {
      const a = actual[file];
      const e = expected[file] ?? [];
      const extra = a.filter((x) => !e.includes(x)).map((x) => `+ ${file} ${x}`);
      const missing = e.filter((x) => !a.includes(x)).map((x) => `- ${file} ${x}`);
      return [...extra, ...missing];
    });
    assert.deepEqual(diffs, [], 'findings differ from test/data/corpus-expectations.yaml (+ new, - gone)');
  });

  it('finds nothing in manifests that only mention NetworkPolicy (AppProject, Kyverno ClusterPolicy)', () => {
    for (const name of ['argoproj__argo-cd/docs__operator-manual__project.yaml']) {
      assert.deepEqual(lint(readFileSync(join(root, name), 'utf8')), [], name);
    }
  });
});
