// Layer 2: what only pixels show — the Problems panel, the lightbulb menu, and the colour of a
// suppression comment — driven like a person with a browser, with screenshots for the README.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { launch, workbenchUrl } from './browser.mjs';

const T = 60_000;

async function openFile(page, name) {
  await page.locator('.explorer-folders-view .monaco-list-row', { hasText: name }).first().click();
  await page.locator('.tab.active', { hasText: name }).waitFor({ timeout: T });
  await page.locator('.monaco-editor .view-lines').first().waitFor({ timeout: T });
}

async function goTo(page, line, col) {
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.keyboard.type(`${line}:${col}`);
  await page.keyboard.press('Enter');
}

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor({ timeout: T });
  await page.keyboard.press('Enter');
}

/** The policy a person types in the typing check: one line a key, with Enter at each end (issue 19). */
const TYPED = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: default-deny-all',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '    - Ingress',
  '    - Egress',
  '  egress:',
  '    - to:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: kube-system',
  '      ports:',
  '        - protocol: UDP',
  '          port: 53',
  '        - protocol: TCP',
  '          port: 53',
];

/**
 * What the typing check needs in the workspace: an empty file to type into, another tenant's
 * database on 5432 (which the port list once offered, and Enter accepted, for `port: 53`), and
 * Red Hat YAML's defaults for YAML: quick suggestions in strings on. Auto-indent is off so that
 * every character of the text, indentation included, is typed; the list's behaviour does not
 * depend on it.
 */
function prepareTyping(workspace) {
  fs.writeFileSync(path.join(workspace, 'typed.yaml'), '');
  fs.writeFileSync(
    path.join(workspace, 'tenant-c-db.yaml'),
    [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: db, namespace: tenant-c}',
      'spec:',
      '  selector: {matchLabels: {app: db}}',
      '  template:',
      '    metadata: {labels: {app: db}}',
      '    spec: {containers: [{name: postgres, image: postgres, ports: [{name: postgres, containerPort: 5432}]}]}',
      '',
    ].join('\n'),
  );
  fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
  const settings = { '[yaml]': { 'editor.quickSuggestions': { other: 'on', comments: 'off', strings: 'on' }, 'editor.autoIndent': 'none' } };
  fs.writeFileSync(path.join(workspace, '.vscode', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** A policy that lets shop-clients reach shop's web on TCP 8080: one edge of the graph, decided by its rule. */
const GRAPH_POLICY = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: allow-clients',
  '  namespace: shop',
  'spec:',
  '  podSelector: {matchLabels: {app: web}}',
  '  policyTypes: [Ingress]',
  '  ingress:',
  '    - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: shop-clients}}}]',
  '      ports: [{protocol: TCP, port: 8080}]',
  '',
].join('\n');

/** The graph view's webview frame, once it has drawn (its #graph-state holds JSON). */
async function graphFrame(page) {
  const deadline = Date.now() + T;
  for (;;) {
    for (const f of page.frames()) {
      const text = await f.evaluate(() => document.getElementById('graph-state')?.textContent ?? '').catch(() => '');
      if (text) return f;
    }
    if (Date.now() > deadline) throw new Error('no graph view frame with a drawn state');
    await new Promise((r) => setTimeout(r, 250));
  }
}

const graphState = async (frame) => JSON.parse(await frame.evaluate(() => document.getElementById('graph-state').textContent));

export async function runUiChecks({ host, workspace, shotsDir }) {
  prepareTyping(workspace);
  fs.writeFileSync(path.join(workspace, 'graph-allow.yaml'), GRAPH_POLICY);
  const results = [];
  const check = async (name, fn) => {
    try {
      await fn();
      results.push(`ok - ${name}`);
    } catch (e) {
      results.push(
        `not ok - ${name}\n  ${String(e?.message ?? e)
          .split('\n')
          .slice(0, 6)
          .join('\n  ')}`,
      );
      if (shotsDir) await browser.page.screenshot({ path: path.join(shotsDir, `failed-${results.length}.png`) }).catch(() => undefined);
    }
  };
  const browser = await launch({ viewport: { width: 1280, height: 760 } });
  const { page } = browser;
  if (shotsDir) fs.mkdirSync(shotsDir, { recursive: true });
  try {
    await page.goto(await workbenchUrl(host, workspace));
    await page.locator('.monaco-workbench').waitFor({ timeout: T });
    await page.locator('.explorer-folders-view .monaco-list-row').first().waitFor({ timeout: T });

    await check('the Problems panel lists missing-dns-egress with its code', async () => {
      await openFile(page, 'default-deny.yaml');
      await page.keyboard.press('Control+Shift+M');
      const row = page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-dns-egress' }).first();
      await row.waitFor({ timeout: T });
      const text = await row.innerText();
      if (!/netpol-lint/.test(text) || !/isolated for egress/.test(text)) throw new Error(`Problems row lacks source or message: ${JSON.stringify(text)}`);
      const squiggles = await page.locator('.monaco-editor .squiggly-warning').count();
      if (squiggles < 1) throw new Error('no warning squiggle in the editor');
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, 'problems-panel.png') });
    });

    await check('the lightbulb menu on the finding offers the DNS fixes', async () => {
      // as a user would: open the finding from the Problems panel (the cursor lands on it), then Ctrl+.
      await page.locator('.markers-panel .monaco-list-row', { hasText: 'missing-dns-egress' }).first().dblclick();
      const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Add a separate "allow-dns-egress" policy' }).first();
      // the menu needs the code actions of the cursor position: ask again if it came up before them
      for (let attempt = 1; ; attempt++) {
        await page.keyboard.press('Control+.');
        try {
          await item.waitFor({ timeout: 10_000 });
          break;
        } catch (e) {
          if (attempt >= 4) throw e;
          await page.keyboard.press('Escape');
          await page.locator('.monaco-editor.focused').first().waitFor({ timeout: T });
        }
      }
      const all = await page.locator('.action-widget .monaco-list-row').allInnerTexts();
      if (!all.some((t) => t.includes('Add a DNS egress rule'))) throw new Error(`menu lacks the rule fix: ${JSON.stringify(all)}`);
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, 'quick-fix.png') });
      await page.keyboard.press('Escape');
    });

    await check('the grammar scopes a suppression comment (Inspect Editor Tokens)', async () => {
      await openFile(page, 'suppressed.yaml');
      await goTo(page, 10, 12);
      await runCommand(page, 'Developer: Inspect Editor Tokens and Scopes');
      const widget = page.locator('.token-inspect-widget').first();
      await widget.waitFor({ timeout: T });
      await page.waitForFunction(() => /netpol-lint/.test(document.querySelector('.token-inspect-widget')?.textContent ?? ''), null, { timeout: T });
      const text = await widget.innerText();
      if (!text.includes('keyword.control.directive.netpol-lint')) throw new Error(`scopes under the cursor: ${text.replace(/\s+/g, ' ').slice(0, 400)}`);
      if (!text.includes('comment.line.number-sign.yaml')) throw new Error('the directive is not inside the YAML comment scope');
      await page.keyboard.press('Escape');
    });

    await check('typing a policy key by key, Enter at each line end, leaves exactly what was typed', async () => {
      await openFile(page, 'typed.yaml');
      await page.locator('.monaco-editor .view-lines').first().click();
      // a person's speed: 80 ms a key; the suggest list has time to open wherever it would
      for (const line of TYPED) {
        await page.keyboard.type(line, { delay: 80 });
        await page.keyboard.press('Enter');
      }
      await page.keyboard.press('Control+S');
      const want = `${TYPED.join('\n')}\n`;
      const file = path.join(workspace, 'typed.yaml');
      const deadline = Date.now() + T;
      while (fs.readFileSync(file, 'utf8') !== want && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      const got = fs.readFileSync(file, 'utf8');
      if (got !== want) {
        const a = got.split('\n');
        const first = TYPED.findIndex((l, i) => a[i] !== l);
        throw new Error(`line ${first + 1} is ${JSON.stringify(a[first])}, typed ${JSON.stringify(TYPED[first])}; the file:\n${got}`);
      }
    });

    await check('the connectivity graph shows the workspace, and a click on an edge reveals its rule in the editor', async () => {
      await openFile(page, 'graph-allow.yaml');
      await runCommand(page, 'NetworkPolicy Lint: Show connectivity graph');
      const frame = await graphFrame(page);
      const state = await graphState(frame);
      for (const id of ['shop/web', 'shop-clients/client'])
        if (!state.nodes.includes(id)) throw new Error(`node ${id} missing: ${JSON.stringify(state.nodes)}`);
      const edge = state.edges.find((e) => e.from === 'shop-clients/client' && e.to === 'shop/web');
      if (edge?.label !== 'TCP 8080') throw new Error(`edge client -> web: ${JSON.stringify(edge)} in ${JSON.stringify(state.edges)}`);
      if (state.edges.some((e) => e.to === 'shop/web' && e.from !== 'shop-clients/client')) throw new Error('web takes traffic from others than the clients');
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, 'graph-view.png') });
      await frame.evaluate(() => window.postMessage({ type: 'tap-edge', from: 'shop-clients/client', to: 'shop/web' }, '*'));
      const link = frame.locator('.rule-link', { hasText: 'shop/allow-clients ingress[0]' }).first();
      await link.waitFor({ timeout: T });
      await link.click();
      await page.locator('.tab.active', { hasText: 'graph-allow.yaml' }).waitFor({ timeout: T });
      // the rule selected, from its `from` to the end of its `ports` line (the status bar shows the selection's end)
      const line = GRAPH_POLICY.split('\n').findIndex((l) => l.startsWith('      ports:')) + 1;
      await page
        .locator('.statusbar-item', { hasText: new RegExp(`Ln ${line}, Col \\d+ \\(\\d+ selected\\)`) })
        .first()
        .waitFor({ timeout: T });
    });

    await check('compare with git HEAD marks what a change does on the graph view', async () => {
      // the workspace as it is, committed; then shop's web also takes TCP 8443 from the clients (on disk)
      for (const args of [
        ['init', '-q'],
        ['add', '.'],
        ['commit', '-qm', 'base'],
      ]) {
        const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: workspace, encoding: 'utf8' });
        if (r.status !== 0) throw new Error(`git ${args[0]}: ${r.stderr}`);
      }
      fs.writeFileSync(path.join(workspace, 'graph-allow.yaml'), GRAPH_POLICY.replace('port: 8080}]', 'port: 8080}, {protocol: TCP, port: 8443}]'));
      const frame = await graphFrame(page);
      await frame.locator('#f-compare').check();
      const deadline = Date.now() + T;
      let edge;
      for (;;) {
        const state = await graphState(frame);
        edge = state.edges.find((e) => e.from === 'shop-clients/client' && e.to === 'shop/web');
        if (edge?.change === 'changed' || Date.now() > deadline) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (edge?.change !== 'changed' || edge.label !== '~ TCP 8080 -> TCP 8080,8443') throw new Error(`edge client -> web: ${JSON.stringify(edge)}`);
      if (shotsDir) await page.screenshot({ path: path.join(shotsDir, 'graph-compare.png') });
      // unchecked: the plain graph again
      await frame.locator('#f-compare').uncheck();
      const end = Date.now() + T;
      for (;;) {
        const state = await graphState(frame);
        edge = state.edges.find((e) => e.from === 'shop-clients/client' && e.to === 'shop/web');
        if ((edge && !edge.change && edge.label === 'TCP 8080,8443') || Date.now() > end) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      if (edge?.change || edge?.label !== 'TCP 8080,8443') throw new Error(`after unchecking, edge client -> web: ${JSON.stringify(edge)}`);
    });
  } finally {
    if (browser.blocked.length) results.push(`# blocked ${browser.blocked.length} non-loopback request(s), e.g. ${browser.blocked[0]}`);
    await browser.close();
  }
  for (const r of results) console.log(r);
  const failed = results.filter((r) => r.startsWith('not ok')).length;
  return { passed: results.filter((r) => r.startsWith('ok')).length, failed };
}
