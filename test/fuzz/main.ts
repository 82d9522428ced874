// `npm run fuzz -- [--runs N] [--seed N]`: the property fuzzing run (run.ts).
// `npm run fuzz -- --lsp [--runs OPERATIONS] [--seed N] [--check-every N] [--no-crlf]`: the random LSP operation
// soak (lspSoak.ts) against the built server and CLI (run `npm run build` first): prints its
// progress, and on a failure the operation, the last operations and the command that replays it.
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const opt = (name: string, def: number) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : def;
};

if (!args.includes('--lsp')) {
  require('./run');
} else {
  if (!existsSync(join(__dirname, '../../dist/server.js'))) {
    console.log('the LSP soak runs the built server and CLI: run `npm run build` first');
    process.exit(2);
  }
  const operations = opt('--runs', 2000);
  const seed = opt('--seed', Date.now() % 2 ** 31);
  const checkEvery = opt('--check-every', 100);
  const start = performance.now();
  const { soak } = require('./lspSoak') as typeof import('./lspSoak');
  const crlf = !args.includes('--no-crlf');
  soak({ operations, seed, checkEvery, crlf, log: (l) => console.log(`  ${l}`) }).then(
    (r) => {
      const s = (performance.now() - start) / 1000;
      console.log(
        `ok - LSP soak: ${r.operations} operations in ${s.toFixed(1)} s, ${r.checks} checks, ${r.compared} diagnostics compared with the CLI, seed ${seed}`,
      );
      process.exit(0);
    },
    (e: unknown) => {
      console.log(`not ok - ${e instanceof Error ? e.message : String(e)}`);
      console.log(`replay: npm run fuzz -- --lsp --seed ${seed} --runs ${operations} --check-every ${checkEvery}${crlf ? '' : ' --no-crlf'}`);
      process.exit(1);
    },
  );
}
