/** The design card's boundaries, checked: the analysis core is editor- and transport-free. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** The relative imports of each file in dir, `import type` and `export … from` included. */
function importGraph(dir: string): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sources(dir)) {
    const text = readFileSync(file, 'utf8');
    const deps = [...text.matchAll(/(?:import|export)\s[^;]*?from\s+'(\.[^']+)'/g)].map((m) => {
      const base = resolve(dirname(file), m[1]);
      // a module (`x` -> x.ts, x/index.ts), or a file named in full (a .json)
      const isFile = (p: string) => {
        try {
          return statSync(p, { throwIfNoEntry: false })?.isFile() === true;
        } catch {
          return false; // a path through a file (x.json/index.ts)
        }
      };
      for (const p of [`${base}.ts`, join(base, 'index.ts'), base]) if (isFile(p)) return p;
      return base;
    });
    graph.set(file, deps);
  }
  return graph;
}

/** The first import circle found (as a path that ends where it starts), or undefined. */
function findCycle(graph: Map<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): string[] | undefined => {
    if (state.get(file) === 'done') return undefined;
    if (state.get(file) === 'open') return [...stack.slice(stack.indexOf(file)), file];
    state.set(file, 'open');
    stack.push(file);
    for (const dep of graph.get(file) ?? []) {
      const cycle = visit(dep);
      if (cycle) return cycle;
    }
    stack.pop();
    state.set(file, 'done');
    return undefined;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return undefined;
}

describe('architecture', () => {
  // Type-only imports count too: they are harmless at run time, but a circle of types is still a
  // circle a reader has to untangle.
  it('has no import circle in server/src (type-only imports included)', () => {
    const graph = importGraph(join(ROOT, 'server/src'));
    const cycle = findCycle(graph);
    assert.equal(cycle?.map((f) => relative(ROOT, f)).join(' -> '), undefined);
  });

  it('the analysis core imports nothing from vscode*, the LSP layer, the CLI or Node I/O', () => {
    const bad = sources(join(ROOT, 'server/src/core')).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/from '([^']+)'/g)]
        .map((m) => m[1])
        .filter((mod) => /^vscode/.test(mod) || /\/(lsp|cli|node)\//.test(mod) || /^node:(fs|net|http|https|child_process|worker_threads)$/.test(mod))
        .map((mod) => `${relative(ROOT, file)} imports ${mod}`),
    );
    assert.deepEqual(bad, []);
  });

  it('never spreads a list into call arguments (past ~100,000 items that overflows the stack)', () => {
    const bad = sources(join(ROOT, 'server/src')).flatMap((file) =>
      readFileSync(file, 'utf8')
        .split('\n')
        .flatMap((line, i) =>
          /\.(push|unshift|splice)\(\.\.\.|Math\.(max|min)\(\.\.\.|String\.fromCharCode\(\.\.\./.test(line) && !/^\s*(\*|\/\/)/.test(line)
            ? [`${relative(ROOT, file)}:${i + 1}`]
            : [],
        ),
    );
    assert.deepEqual(bad, [], 'use appendAll / maxOf (server/src/core/arrays.ts)');
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
