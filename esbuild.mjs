// Bundles the extension client, the language server and the CLI (one file each, no node_modules at runtime).
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const SERVER_SHEBANG = '#!/usr/bin/env -S node --expose-gc';

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  // the netpol-lint-server bin starts Node.js with --expose-gc (see server/src/node/memory.ts)
  { ...common, entryPoints: ['server/src/server-main.ts'], outfile: 'dist/server.js', banner: { js: SERVER_SHEBANG } },
  // Graphviz (WebAssembly, 0.8 MB) is its own file, which cli.js loads for --format svg only: the
  // .vsix (under 1 MB, .vscodeignore) leaves it out; dist/ as a whole runs with no node_modules
  {
    ...common,
    entryPoints: ['server/src/cli-main.ts'],
    outfile: 'dist/cli.js',
    banner: { js: '#!/usr/bin/env node' },
    external: ['@hpcc-js/wasm-graphviz'],
  },
  { ...common, entryPoints: ['node_modules/@hpcc-js/wasm-graphviz/dist/index.js'], outfile: 'dist/graphviz.js', sourcemap: false },
  // the graph view's script: runs in the webview (a browser), Cytoscape.js and fCoSE bundled in, always minified
  {
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    minify: true,
    sourcemap: false,
    entryPoints: ['client/webview/graph.ts'],
    outfile: 'dist/graphView.js',
  },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
