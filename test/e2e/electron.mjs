// `npm run test:e2e:electron`: the same suite under @vscode/test-electron, on a machine that can
// download VS Code (it cannot here: no internet). Runs VS Code 1.100.3 with only our extension.
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const require = createRequire(path.join(ROOT, 'package.json'));
const { runTests } = require('@vscode/test-electron');

execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
require('esbuild').buildSync({
  entryPoints: [path.join(HERE, 'suite/index.ts')],
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  outfile: path.join(HERE, 'out/suite.js'),
  logLevel: 'warning',
});
const run = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-e2e-electron-'));
const workspace = path.join(run, 'ws');
fs.cpSync(path.join(HERE, 'fixtures/workspace'), workspace, { recursive: true });
try {
  await runTests({
    version: process.env.VSCODE_VERSION || '1.100.3',
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(HERE, 'out/suite.js'),
    launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--user-data-dir', path.join(run, 'data')],
    extensionTestsEnv: { NETPOL_E2E_RESULT: path.join(run, 'result.txt') },
  });
  process.stdout.write(fs.readFileSync(path.join(run, 'result.txt'), 'utf8'));
} catch (e) {
  if (fs.existsSync(path.join(run, 'result.txt'))) process.stdout.write(fs.readFileSync(path.join(run, 'result.txt'), 'utf8'));
  console.error(`e2e (electron) failed: ${e instanceof Error ? e.message : e}`);
  process.exitCode = 1;
} finally {
  fs.rmSync(run, { recursive: true, force: true });
}
