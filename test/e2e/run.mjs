// `npm run test:e2e`: the extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), offline.
// Installs the harness if missing, builds the extension, starts code-server on 127.0.0.1 with fresh
// user-data and extensions folders, runs the extension-host suite and the UI checks, and stops the
// server by its process group whatever happens. Options: --ui-only, --shots DIR (README screenshots).
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const HARNESS = path.join(HERE, 'harness');
const args = process.argv.slice(2);
const uiOnly = args.includes('--ui-only');
const shotsArg = args.indexOf('--shots');
const shotsDir = shotsArg >= 0 ? path.resolve(args[shotsArg + 1]) : undefined;

function step(msg) {
  console.log(`== ${msg}`);
}

function ensureHarness() {
  const ok =
    fs.existsSync(path.join(HARNESS, 'node_modules/.bin/code-server')) &&
    fs.existsSync(path.join(HARNESS, 'node_modules/playwright-core')) &&
    fs.existsSync('/usr/bin/chromium');
  if (ok) return;
  step('installing the e2e harness (code-server 4.100.3, playwright-core, Debian chromium)');
  execFileSync('bash', [path.join(HARNESS, 'install.sh')], { stdio: 'inherit' });
}

function build() {
  step('building the extension and the suite');
  execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'inherit' });
  const esbuild = createRequire(path.join(ROOT, 'package.json'))('esbuild');
  esbuild.buildSync({
    entryPoints: [path.join(HERE, 'suite/index.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    outfile: path.join(HERE, 'out/suite.js'),
    logLevel: 'warning',
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitHealthy(host, server, deadlineMs = 90_000) {
  const end = Date.now() + deadlineMs;
  for (;;) {
    if (server.exitCode !== null) throw new Error(`code-server exited with ${server.exitCode}`);
    try {
      const r = await fetch(`http://${host}/healthz`);
      if (r.ok) return;
    } catch {
      /* not up yet */
    }
    if (Date.now() > end) throw new Error(`code-server did not answer /healthz on ${host} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function main() {
  ensureHarness();
  build();
  const run = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-e2e-'));
  const workspace = path.join(run, 'ws');
  fs.cpSync(path.join(HERE, 'fixtures/workspace'), workspace, { recursive: true });
  const resultFile = path.join(run, 'exthost-result.txt');
  const port = await freePort();
  const host = `127.0.0.1:${port}`;
  fs.writeFileSync(path.join(run, 'config.yaml'), `bind-addr: ${host}\nauth: none\ncert: false\n`);
  fs.mkdirSync(path.join(run, 'exts'));

  step(`starting code-server on ${host}`);
  const log = fs.openSync(path.join(run, 'code-server.log'), 'w');
  const server = spawn(
    path.join(HARNESS, 'node_modules/.bin/code-server'),
    [
      '--config',
      path.join(run, 'config.yaml'),
      '--user-data-dir',
      path.join(run, 'data'),
      '--extensions-dir',
      path.join(run, 'exts'),
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
    ],
    {
      detached: true, // its own process group, so that we can stop it and all its children
      stdio: ['ignore', log, log],
      env: {
        ...process.env,
        EXTENSIONS_GALLERY: '{}', // no extension gallery: no outside queries
        XDG_CONFIG_HOME: path.join(run, 'xdg'),
        XDG_DATA_HOME: path.join(run, 'xdg-data'),
        NETPOL_E2E_RESULT: resultFile,
      },
    },
  );
  const stop = () => {
    try {
      process.kill(-server.pid, 'SIGTERM');
    } catch {
      /* already gone */
    }
  };
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ])
    process.on(signal, () => {
      stop();
      process.exit(code);
    });

  let passed = 0;
  let failed = 0;
  try {
    await waitHealthy(host, server);
    if (!uiOnly) {
      step('extension-host suite (the @vscode/test-electron model)');
      const { runExtensionHostSuite } = await import('./exthost.mjs');
      const r = await runExtensionHostSuite({ host, workspace, resultFile });
      passed += r.passed;
      failed += r.failed;
    }
    step('UI checks (Problems panel, lightbulb, grammar)');
    const { runUiChecks } = await import('./ui.mjs');
    // a pristine copy of the workspace: the suite above edited files and left window state behind
    const uiWorkspace = path.join(run, 'ws-ui');
    fs.cpSync(path.join(HERE, 'fixtures/workspace'), uiWorkspace, { recursive: true });
    const r = await runUiChecks({ host, workspace: uiWorkspace, shotsDir });
    passed += r.passed;
    failed += r.failed;
  } catch (e) {
    console.log(`not ok - e2e harness: ${e instanceof Error ? e.message : e}`);
    failed++;
  } finally {
    stop();
    await new Promise((r) => setTimeout(r, 300));
    try {
      process.kill(-server.pid, 'SIGKILL');
    } catch {
      /* stopped */
    }
    if (failed) console.log(`code-server log (last lines):\n${fs.readFileSync(path.join(run, 'code-server.log'), 'utf8').split('\n').slice(-15).join('\n')}`);
    fs.rmSync(run, { recursive: true, force: true });
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed > 0 || passed === 0 ? 1 : 0);
}

main().catch((e) => {
  console.error(e);
  console.log('0 passed, 1 failed');
  process.exit(1);
});
