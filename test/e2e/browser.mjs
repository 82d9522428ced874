// Shared by the e2e layers: a headless Debian Chromium, driven by playwright-core from the harness,
// that may talk to loopback only (every other request is aborted).
import { createRequire } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = path.dirname(fileURLToPath(import.meta.url));
export const ROOT = path.resolve(HERE, '../..');
export const HARNESS = path.join(HERE, 'harness');

const { chromium } = createRequire(path.join(HARNESS, 'package.json'))('playwright-core');

export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launch({ viewport = { width: 1400, height: 900 } } = {}) {
  const udd = fs.mkdtempSync(path.join(os.tmpdir(), 'netpol-e2e-chromium-'));
  const ctx = await chromium.launchPersistentContext(udd, {
    executablePath: CHROMIUM,
    headless: true,
    viewport,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const blocked = [];
  await ctx.route('**/*', (route) => {
    const u = new URL(route.request().url());
    const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname) || u.protocol === 'data:' || u.protocol === 'blob:';
    if (local) return route.continue();
    blocked.push(u.href);
    return route.abort();
  });
  const page = ctx.pages()[0] || (await ctx.newPage());
  return {
    ctx,
    page,
    blocked,
    async close() {
      await ctx.close().catch(() => undefined);
      fs.rmSync(udd, { recursive: true, force: true });
    },
  };
}

/** The workbench URL for a folder, with the extension under development (and optionally a test module). */
export async function workbenchUrl(host, folder, extraPayload = []) {
  // code-server 4.100 uses host:port as the remote authority; read it off the page to be sure
  const html = await (await fetch(`http://${host}/?folder=${encodeURIComponent(folder)}`)).text();
  const authority = (html.match(/remoteAuthority&quot;:&quot;([^&]+)&quot;/) || [])[1] || host;
  const remote = (p) => `vscode-remote://${authority}${p}`;
  const payload = [['extensionDevelopmentPath', remote(ROOT)], ...extraPayload.map(([k, v]) => [k, remote(v)])];
  return `http://${host}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
}
