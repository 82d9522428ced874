/** The design card's boundaries, checked: the analysis core is editor- and transport-free. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('architecture', () => {
  it('the analysis core imports nothing from vscode*, the LSP layer, the CLI or Node I/O', () => {
    const bad = sources(join(ROOT, 'server/src/core')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((m) => m[1])
        .filter((mod) => /^vscode/.test(mod) || /\/(lsp|cli|node)\//.test(mod) || /^node:(fs|net|http|https|child_process|worker_threads)$/.test(mod))
        .map((mod) => `${relative(ROOT, file)} imports ${mod}`),
    );
    assert.deepEqual(bad, []);
  });

  it('keeps files small (under ~400 lines)', () => {
    const big = [...sources(join(ROOT, 'server/src')), ...sources(join(ROOT, 'client/src'))]
      .map((f) => [relative(ROOT, f), readFileSync(f, 'utf8').split('\n').length] as const)
      .filter(([, n]) => n > 400);
    assert.deepEqual(big, []);
  });

  it('has one file per rule, named by its code', () => {
    const files = readdirSync(join(ROOT, 'server/src/core/rules'));
    const index = readFileSync(join(ROOT, 'server/src/core/rules/index.ts'), 'utf8');
    for (const m of index.matchAll(/from '\.\/([a-z-]+)'/g)) assert.ok(files.includes(`${m[1]}.ts`), m[1]);
  });
});
