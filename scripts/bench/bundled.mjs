// Runs an in-process benchmark script on the code as it ships: bundled and minified by esbuild
// with the production build's options, not through tsx (whose transform keeps function names by
// wrapping every closure it creates, a cost in hot loops that dist/cli.js and dist/server.js do not
// pay: 1.6-2.9 s against 1.0-1.2 s for the hostile tenant check of scripts/bench/tenants.ts).
// The bundle is written beside the script (`<name>.bundled.cjs`, git-ignored), so the script's
// __dirname is unchanged.
//   node scripts/bench/bundled.mjs [node flags…] scripts/bench/NAME.ts [script args…]
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import * as esbuild from 'esbuild';

const args = process.argv.slice(2);
const at = args.findIndex((a) => a.endsWith('.ts'));
if (at < 0) {
  console.error('usage: node scripts/bench/bundled.mjs [node flags…] scripts/bench/NAME.ts [args…]');
  process.exit(2);
}
const entry = args[at];
const outfile = join(dirname(entry), `${basename(entry, '.ts')}.bundled.cjs`);
await esbuild.build({
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  minify: true,
  logLevel: 'warning',
  legalComments: 'none',
  external: ['@hpcc-js/wasm-graphviz'],
});
const run = spawnSync(process.execPath, [...args.slice(0, at), outfile, ...args.slice(at + 1)], { stdio: 'inherit' });
rmSync(outfile, { force: true });
process.exit(run.status ?? 1);
