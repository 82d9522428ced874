/**
 * The end-to-end suite. It runs INSIDE the VS Code extension host, as an `extensionTestsPath` module
 * whose `run()` the workbench calls: the same file runs under @vscode/test-electron (a downloaded
 * VS Code) and under code-server here. It uses only the public `vscode` API, as a user's editor does.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { parseAllDocuments } from 'yaml';

const EXTENSION_ID = 'netpol-lint.netpol-lint';
const SOURCE = 'netpol-lint';
const TIMEOUT = 10_000;

type Result = { name: string; ok: boolean; error?: string };

/** Measurements worth reporting next to the results (printed as `# …` lines). */
const notes: string[] = [];

function folder(): vscode.Uri {
  const f = vscode.workspace.workspaceFolders?.[0];
  assert.ok(f, 'the suite needs a workspace folder (test/e2e/fixtures/workspace)');
  return f.uri;
}

const fileUri = (name: string) => vscode.Uri.joinPath(folder(), name);

function codeOf(d: vscode.Diagnostic): string | undefined {
  return typeof d.code === 'object' ? String(d.code.value) : d.code === undefined ? undefined : String(d.code);
}

function ours(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === SOURCE);
}

function describe(ds: vscode.Diagnostic[]): string {
  return JSON.stringify(ds.map((d) => `${codeOf(d)}@${d.range.start.line}:${d.range.start.character}`));
}

/** Resolves when our diagnostics for `uri` satisfy `accept`, on a diagnostics event or at once. */
function waitForDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, what: string, ms = TIMEOUT): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const d = ours(uri);
      if (accept(d)) {
        done();
        resolve(d);
        return true;
      }
      return false;
    };
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const timer = setTimeout(() => {
      done();
      reject(new Error(`expected ${what} on ${path.basename(uri.path)} within ${ms} ms; saw ${describe(ours(uri))}`));
    }, ms);
    const done = () => {
      clearTimeout(timer);
      sub.dispose();
    };
    check();
  });
}

/** `what` names what is awaited; a function is asked at the timeout (it can say what was seen). */
async function waitFor<T>(probe: () => T | undefined | false, what: string | (() => string), ms = TIMEOUT): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${typeof what === 'function' ? what() : what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function open(name: string): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(fileUri(name));
  return vscode.window.showTextDocument(doc);
}

/** Writes a new file into the (temporary) workspace and opens it. */
async function openNew(name: string, text: string): Promise<vscode.TextEditor> {
  await vscode.workspace.fs.writeFile(fileUri(name), Buffer.from(text, 'utf8'));
  return open(name);
}

async function codeActions(uri: vscode.Uri, range: vscode.Range): Promise<vscode.CodeAction[]> {
  const all = (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>('vscode.executeCodeActionProvider', uri, range)) ?? [];
  return all.filter((a): a is vscode.CodeAction => 'title' in a && !('command' in a && typeof a.command === 'string'));
}

async function applyFix(uri: vscode.Uri, d: vscode.Diagnostic, title: string): Promise<void> {
  const actions = await codeActions(uri, d.range);
  const action = actions.find((a) => a.title.startsWith(title));
  assert.ok(action, `expected a quick fix "${title}…" for ${codeOf(d)}; offered: ${JSON.stringify(actions.map((a) => a.title))}`);
  assert.ok(action.edit, `quick fix "${action.title}" has no edit`);
  assert.ok(await vscode.workspace.applyEdit(action.edit), `applying "${action.title}" failed`);
}

function assertValidYaml(doc: vscode.TextDocument): void {
  const errors = parseAllDocuments(doc.getText()).flatMap((d) => d.errors.map((e) => e.message));
  assert.deepEqual(errors, [], `the fixed text is not valid YAML:\n${doc.getText()}`);
}

/** The snippet prefixes the server offers, read from the extension's snippets file. */
function snippetPrefixes(): string[] {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
  const file = path.join(ext.extensionPath, 'snippets', 'networkpolicy.json');
  return Object.values(JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, { prefix: string }>).map((s) => s.prefix);
}

/** The extension's language status items (from the API its activate() returns): findings, or the server's. */
function statusItem(which: 'status' | 'serverStatus' = 'status'): vscode.LanguageStatusItem {
  const ext = vscode.extensions.getExtension<Record<typeof which, vscode.LanguageStatusItem>>(EXTENSION_ID);
  assert.ok(ext?.isActive, 'the extension is active');
  return ext.exports[which];
}

/** A fixture's text with its namespace changed: files of one namespace form one policy set (cross-file rules). */
function fixture(name: string, namespace: string): string {
  return fs.readFileSync(path.join(folder().fsPath, name), 'utf8').replace(/^( {2}namespace: ).*$/m, `$1${namespace}`);
}

/** A first line that makes the server report something we can watch disappear. */
const SENTINEL = '# netpol-lint-disable not-a-rule -- NetworkPolicy sentinel\n';

async function tests(test: (name: string, fn: () => Promise<void>) => Promise<void>): Promise<void> {
  await test('the extension activates on a YAML file', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not installed`);
    await open('default-deny.yaml');
    await waitFor(() => ext.isActive, 'the extension to activate');
  });

  await test('the seed default-deny policy shows missing-dns-egress at the Egress policy type', async () => {
    const uri = fileUri('default-deny.yaml');
    const [d] = await waitForDiagnostics(uri, (ds) => ds.length === 1, 'one diagnostic');
    assert.equal(codeOf(d), 'missing-dns-egress');
    assert.equal(d.source, 'netpol-lint');
    assert.equal(d.severity, vscode.DiagnosticSeverity.Warning);
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character], [9, 6, 9, 12]);
    assert.ok(typeof d.code === 'object', 'the code has a link');
    // the rule page packaged with the extension, readable without a network
    const page = vscode.Uri.joinPath(vscode.extensions.getExtension(EXTENSION_ID)!.extensionUri, 'docs', 'rules', 'missing-dns-egress.md');
    assert.equal(d.code.target.toString(), page.toString(), 'code links to the packaged rule page');
    assert.match(new TextDecoder().decode(await vscode.workspace.fs.readFile(d.code.target)), /^# `missing-dns-egress`\n/);
  });

  await test("the language status item counts the active file's findings and names the config in effect", async () => {
    await open('default-deny.yaml');
    await waitForDiagnostics(fileUri('default-deny.yaml'), (ds) => ds.length === 1, 'one diagnostic');
    const item = statusItem();
    await waitFor(
      () => item.text === 'NetworkPolicy Lint: 0 errors, 1 warning',
      () => `the finding count in the status item; it says "${item.text}"`,
    );
    assert.match(item.detail ?? '', /^config none: defaults, Kubernetes 1\.\d+, \d+ files indexed$/);
    assert.equal(item.command?.command, 'netpolLint.showOutput');
    // a file with more findings: the item follows the active editor
    const editor = await openNew(
      'status-two.yaml',
      `${fixture('default-deny.yaml', 'status-two')}---\n${fixture('default-deny.yaml', 'status-two').replace('  name: ', '  name: x')}`,
    );
    await waitForDiagnostics(editor.document.uri, (ds) => ds.filter((d) => codeOf(d) === 'missing-dns-egress').length === 2, 'two missing-dns-egress');
    await waitFor(
      () => /^NetworkPolicy Lint: 0 errors, [2-9] warnings$/.test(item.text),
      () => `two warnings in the status item; it says "${item.text}"`,
    );
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
    await vscode.workspace.fs.delete(editor.document.uri);
  });

  await test('a Deployment in the same workspace shows nothing from us', async () => {
    const uri = fileUri('deployment.yaml');
    await open('deployment.yaml');
    // the server answers every open with a (here empty) diagnostics list; wait for the YAML
    // language mode to be active, then check that nothing of ours is there
    const doc = await waitFor(() => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString()), 'the document');
    assert.equal(doc.languageId, 'yaml');
    await waitForDiagnostics(fileUri('default-deny.yaml'), (ds) => ds.length === 1, 'the other file to keep its finding');
    assert.deepEqual(ours(uri), []);
  });

  await test('typing updates the diagnostics', async () => {
    const editor = await openNew('typing.yaml', fixture('default-deny.yaml', 'typing'));
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'missing-dns-egress'), 'missing-dns-egress');
    const dns = fixture('dns-empty-port.yaml', 'typing').replace(/port:\n?$/, 'port: 53\n');
    const end = editor.document.lineAt(editor.document.lineCount - 1).range.end;
    await editor.edit((e) => e.insert(end, `---\n${dns}`));
    await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics once the DNS policy is typed in');
    const line = editor.document
      .getText()
      .split('\n')
      .findIndex((l) => l.includes('protocol: UDP'));
    const col = editor.document.lineAt(line).text.indexOf('UDP');
    await editor.edit((e) => e.replace(new vscode.Range(line, col, line, col + 3), 'udp'));
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'invalid-protocol'), 'invalid-protocol after typing "udp"');
    const d = ds.find((x) => codeOf(x) === 'invalid-protocol')!;
    assert.deepEqual([d.range.start.line, d.range.start.character, d.range.end.character], [line, col, col + 3]);
  });

  for (const [title, file] of [
    ['Add a separate "allow-dns-egress" policy', 'fix-dns-separate.yaml'],
    ['Add a DNS egress rule', 'fix-dns-rule.yaml'],
    ['Disable missing-dns-egress for this line', 'fix-dns-disable.yaml'],
  ] as const) {
    await test(`quick fix "${title}" removes missing-dns-egress and leaves valid YAML`, async () => {
      const editor = await openNew(file, fixture('default-deny.yaml', file.replace('.yaml', '')));
      const uri = editor.document.uri;
      const [d] = await waitForDiagnostics(uri, (ds) => ds.some((x) => codeOf(x) === 'missing-dns-egress'), 'missing-dns-egress');
      await applyFix(uri, d, title);
      await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics after the fix');
      assertValidYaml(editor.document);
    });
  }

  await test('the empty-port quick fix fills in the TCP port of the seed DNS policy', async () => {
    const editor = await open('dns-empty-port.yaml');
    const uri = editor.document.uri;
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'empty-port'), 'empty-port');
    const d = ds.find((x) => codeOf(x) === 'empty-port')!;
    assert.deepEqual([d.range.start.line, d.range.start.character], [21, 10], 'on the empty port: key');
    await applyFix(uri, d, 'Set the port to 53');
    await waitForDiagnostics(uri, (ds) => !ds.some((x) => codeOf(x) === 'empty-port'), 'empty-port to be gone');
    assert.match(editor.document.getText(), /- protocol: TCP\n {10}port: 53\n$/);
    assertValidYaml(editor.document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });

  await test('a suppression comment silences the finding', async () => {
    const uri = fileUri('suppressed.yaml');
    await open('suppressed.yaml');
    // the file holds one finding that is silenced: add a second, unsilenced one to see the server has run
    const editor = vscode.window.activeTextEditor!;
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), SENTINEL));
    const ds = await waitForDiagnostics(uri, (x) => x.some((d) => codeOf(d) === 'unknown-rule'), 'the sentinel finding');
    assert.deepEqual(ds.map(codeOf), ['unknown-rule']);
    await vscode.commands.executeCommand('workbench.action.files.revert');
    // (that the grammar colours this comment is checked in the UI layer, ui.mjs: only pixels show it)
  });

  const prefixes = snippetPrefixes();
  await test('the snippets file holds the seven layered-policy snippets and the two cluster-policy ones', async () => {
    assert.equal(prefixes.filter((p) => !p.startsWith('netpol-cnp-')).length, 7, JSON.stringify(prefixes));
    assert.deepEqual(
      prefixes.filter((p) => p.startsWith('netpol-cnp-')),
      ['netpol-cnp-tenant-isolation', 'netpol-cnp-baseline-default-deny'],
    );
  });
  for (const prefix of prefixes) {
    await test(`snippet ${prefix} is offered by completion and lints clean once inserted`, async () => {
      const doc = await vscode.workspace.openTextDocument({ language: 'yaml', content: SENTINEL + prefix });
      const editor = await vscode.window.showTextDocument(doc);
      await waitForDiagnostics(doc.uri, (ds) => ds.some((d) => codeOf(d) === 'unknown-rule'), 'the sentinel finding');
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        doc.uri,
        new vscode.Position(1, prefix.length),
      );
      const item = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === prefix);
      assert.ok(
        item,
        `completion does not offer ${prefix}; offered: ${JSON.stringify(list.items.slice(0, 20).map((i) => (typeof i.label === 'string' ? i.label : i.label.label)))}`,
      );
      assert.ok(item.insertText instanceof vscode.SnippetString, 'the item inserts a snippet');
      const whole = new vscode.Range(0, 0, doc.lineCount, 0);
      await editor.insertSnippet(item.insertText, whole);
      const ds = await waitForDiagnostics(doc.uri, (x) => !x.some((d) => codeOf(d) === 'unknown-rule'), 'the inserted snippet to be analysed');
      const serious = ds.filter((d) => d.severity <= vscode.DiagnosticSeverity.Warning).map(codeOf);
      assert.deepEqual(serious, prefix === 'netpol-default-deny-all' ? ['missing-dns-egress'] : [], doc.getText());
      assert.match(doc.getText(), prefix.startsWith('netpol-cnp-') ? /kind: ClusterNetworkPolicy/ : /kind: NetworkPolicy/);
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    });
  }

  /**
   * This extension host's language server processes (their ids and arguments), from /proc (Linux
   * only): the client passes its own process id, which tells them from other servers on the machine.
   */
  const serverProcesses = () =>
    fs
      .readdirSync('/proc')
      .filter((p) => /^\d+$/.test(p))
      .flatMap((pid) => {
        try {
          const argv = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
          const ours = argv.some((a) => a.endsWith(path.join('dist', 'server.js'))) && argv.includes(`--clientProcessId=${process.pid}`);
          return ours ? [{ pid, argv }] : [];
        } catch {
          return [];
        }
      });

  await test('the client starts the server over stdio (the measured transport), with --expose-gc', async () => {
    if (process.platform !== 'linux') return; // finds the server through /proc
    const [server] = await waitFor(() => (serverProcesses().length > 0 ? serverProcesses() : undefined), 'the language server process');
    const argv = server.argv.join(' ');
    assert.ok(server.argv.includes('--stdio') && !server.argv.includes('--node-ipc'), argv);
    assert.ok(server.argv.includes('--expose-gc'), argv);
    assert.ok(server.argv.indexOf('--expose-gc') < server.argv.findIndex((a) => a.endsWith('server.js')), `a Node.js option, before the script: ${argv}`);
  });

  await test('a killed language server comes back, with diagnostics', async () => {
    if (process.platform !== 'linux') return; // finds the server through /proc
    const servers = () =>
      serverProcesses()
        .filter((s) => s.argv.includes('--stdio'))
        .map((s) => s.pid);
    const before = await waitFor(() => (servers().length > 0 ? servers() : undefined), 'the language server process');
    const editor = await openNew('restart.yaml', fixture('default-deny.yaml', 'restart'));
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.length === 1, 'the finding before the crash');
    for (const pid of before) process.kill(Number(pid), 'SIGKILL');
    await waitFor(() => servers().some((p) => !before.includes(p)), 'a new server process');
    // the new server analyses an edit: a comment on top moves the finding one line down
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# after the crash\n'));
    const [d] = await waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0].range.start.line === 10, 'the finding from the restarted server', 30_000);
    assert.equal(codeOf(d), 'missing-dns-egress');
  });

  await test('"NetworkPolicy Lint: Restart server" starts a new server, and the diagnostics and the status come back', async () => {
    const editor = await openNew('restart-command.yaml', fixture('default-deny.yaml', 'restart-command'));
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.length === 1, 'the finding before the restart');
    const linux = process.platform === 'linux'; // finds the server through /proc
    const before = linux ? await waitFor(() => (serverProcesses().length > 0 ? serverProcesses().map((s) => s.pid) : undefined), 'the server process') : [];
    const server = statusItem('serverStatus');
    assert.equal(server.command?.command, 'netpolLint.restartServer', 'the server item links to the restart');
    assert.match(server.text, /^server \d+\.\d+\.\d+$/);
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['netpolLint.restartServer', 'netpolLint.showOutput']) assert.ok(commands.includes(c), `command ${c} is registered`);
    await vscode.commands.executeCommand('netpolLint.restartServer');
    if (linux) {
      await waitFor(() => serverProcesses().some((s) => !before.includes(s.pid)), 'a new server process');
      await waitFor(() => !serverProcesses().some((s) => before.includes(s.pid)), 'the old server process to end');
    }
    // the new server analyses an edit: a comment on top moves the finding one line down
    await editor.edit((e) => e.insert(new vscode.Position(0, 0), '# after the restart\n'));
    const [d] = await waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0].range.start.line === 10, 'the finding from the new server', 30_000);
    assert.equal(codeOf(d), 'missing-dns-egress');
    const item = statusItem();
    await waitFor(
      () => item.text === 'NetworkPolicy Lint: 0 errors, 1 warning',
      () => `the status item after the restart; it says "${item.text}"`,
      30_000,
    );
    await vscode.commands.executeCommand('netpolLint.showOutput');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  await test('turning a rule off in the settings removes its diagnostic without a reload', async () => {
    const uri = fileUri('default-deny.yaml');
    await open('default-deny.yaml');
    await waitForDiagnostics(uri, (ds) => ds.length === 1, 'missing-dns-egress');
    const config = vscode.workspace.getConfiguration('netpolLint');
    try {
      await config.update('rules', { 'missing-dns-egress': 'off' }, vscode.ConfigurationTarget.Global);
      await waitForDiagnostics(uri, (ds) => ds.length === 0, 'no diagnostics with the rule off');
      await config.update('rules', { 'missing-dns-egress': 'error' }, vscode.ConfigurationTarget.Global);
      await waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0].severity === vscode.DiagnosticSeverity.Error, 'the finding as an error');
    } finally {
      await config.update('rules', undefined, vscode.ConfigurationTarget.Global);
    }
    await waitForDiagnostics(uri, (ds) => ds.length === 1 && ds[0].severity === vscode.DiagnosticSeverity.Warning, 'the default severity back');
  });

  await test('a DNS policy saved in another file clears missing-dns-egress; deleting it brings it back within a second', async () => {
    const uri = fileUri('default-deny.yaml');
    await open('default-deny.yaml');
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'missing-dns-egress'), 'missing-dns-egress');
    const dns = fileUri('shop-dns.yaml');
    // written to disk, never opened: the server learns of it from file watching
    await vscode.workspace.fs.writeFile(dns, Buffer.from(fixture('dns-empty-port.yaml', 'shop').replace(/port:\n?$/, 'port: 53\n'), 'utf8'));
    await waitForDiagnostics(uri, (ds) => !ds.some((d) => codeOf(d) === 'missing-dns-egress'), 'the finding to go once shop-dns.yaml exists');
    const t = Date.now();
    await vscode.workspace.fs.delete(dns);
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'missing-dns-egress'), 'the finding back after the delete', 1000);
    notes.push(`missing-dns-egress came back ${Date.now() - t} ms after shop-dns.yaml was deleted`);
  });

  await test("hovering a policy's podSelector explains it and names the workloads it selects", async () => {
    const uri = fileUri('default-deny.yaml');
    await open('default-deny.yaml');
    const found = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(6, 4));
    const text = found.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
    assert.match(text, /NetworkPolicy shop\/default-deny-all\*\* selects 1 workload: Deployment shop\/web/);
    assert.match(text, /Isolates them for egress and ingress/);
  });

  await test('a code lens above the policy says how many workloads it selects', async () => {
    const uri = fileUri('default-deny.yaml');
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const titles = lenses.map((l) => l.command?.title);
    assert.deepEqual(titles, ['selects 1 workload']);
    assert.equal(lenses[0].command?.command, 'netpolLint.showWorkloads');
  });

  await test('hover documents the fields at every level of a policy', async () => {
    const uri = fileUri('every-field.yaml');
    const doc = (await open('every-field.yaml')).document;
    const expected: [string, RegExp][] = [
      ['apiVersion', /\*\*apiVersion\*\*/],
      ['metadata', /\*\*metadata\*\*/],
      ['  namespace', /\*\*metadata\.namespace\*\*/],
      ['  podSelector', /\*\*spec\.podSelector\*\*/],
      ['    matchExpressions', /\*\*matchExpressions\*\*/],
      ['        operator', /\*\*operator\*\*/],
      ['  policyTypes', /\*\*spec\.policyTypes\*\*/],
      ['    - from', /\*\*from\*\*/],
      ['        - namespaceSelector', /\*\*namespaceSelector \(peer\)\*\*/],
      ['              kubernetes.io/metadata.name', /matches 1 namespace of the workspace: shop/],
      ['            cidr', /\*\*cidr\*\*/],
      ['        - protocol', /\*\*protocol\*\*.*Default: TCP/],
      ['          endPort', /\*\*endPort\*\*/],
      ['    - to', /\*\*to\*\*/],
    ];
    for (const [prefix, want] of expected) {
      const line = doc
        .getText()
        .split('\n')
        .findIndex((l) => l.startsWith(prefix + ':') || l.startsWith(prefix + ' '));
      assert.ok(line >= 0, `no line ${prefix}`);
      const col = doc.lineAt(line).text.search(/[A-Za-z]/);
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(line, col + 1));
      const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : ''))).join('\n');
      assert.match(text, want, `hover on ${prefix.trim()}`);
    }
  });

  await test('completion offers the keys, values and workspace names valid at the cursor', async () => {
    const editor = await openNew(
      'completing.yaml',
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: c\n  namespace: \nspec:\n  podSelector: {}\n  ingress:\n    - from:\n        - \n      ports:\n        - protocol: \n',
    );
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, () => true, 'the first analysis');
    const labels = async (line: number, character: number) => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>(
        'vscode.executeCompletionItemProvider',
        uri,
        new vscode.Position(line, character),
      );
      return list.items
        .filter((i) => i.kind !== vscode.CompletionItemKind.Snippet && i.kind !== vscode.CompletionItemKind.Text)
        .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    };
    const end = (line: number) => editor.document.lineAt(line).text.length;
    const peer = await labels(9, end(9));
    for (const k of ['podSelector', 'namespaceSelector', 'ipBlock']) assert.ok(peer.includes(k), `peer keys: ${peer}`);
    const protocols = await labels(11, end(11));
    for (const v of ['TCP', 'UDP', 'SCTP']) assert.ok(protocols.includes(v), `protocols: ${protocols}`);
    const namespaces = await labels(4, end(4));
    assert.ok(namespaces.includes('shop') && namespaces.includes('fields'), `namespaces: ${namespaces}`);
    const top = await labels(12, 0);
    assert.ok(!top.includes('spec') && !top.includes('kind'), `keys already present are not offered: ${top}`);
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  await test('fix all applies every safe fix in one edit, and a second run finds nothing', async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const classic = fs.readFileSync(path.join(ext.extensionPath, 'examples', 'classic-mistakes.yaml'), 'utf8');
    const editor = await openNew('fix-all.yaml', classic);
    const uri = editor.document.uri;
    await waitForDiagnostics(uri, (ds) => ds.some((d) => codeOf(d) === 'invalid-protocol'), 'the classic mistakes');
    const all = async () =>
      (
        (await vscode.commands.executeCommand<vscode.CodeAction[]>(
          'vscode.executeCodeActionProvider',
          uri,
          new vscode.Range(0, 0, 0, 0),
          vscode.CodeActionKind.SourceFixAll.value,
        )) ?? []
      ).filter((a) => a.kind?.value === 'source.fixAll.netpol-lint');
    const [action] = await all();
    assert.ok(action?.edit, 'a fix-all action with an edit');
    assert.ok(await vscode.workspace.applyEdit(action.edit));
    await waitForDiagnostics(
      uri,
      (ds) => !ds.some((d) => ['invalid-protocol', 'quoted-numeric-port', 'missing-dns-egress'].includes(codeOf(d) ?? '')),
      'the safe findings gone',
    );
    assert.match(editor.document.getText(), /protocol: TCP\n {10}port: 80/);
    assertValidYaml(editor.document);
    assert.deepEqual(await all(), [], 'nothing left for a second run');
    await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  });

  await test('"Who can reach this workload?" opens a report of each peer\'s connection set with reasons', async () => {
    await open('deployment.yaml');
    const report = await vscode.commands.executeCommand<{ title: string; markdown: string; uri: string }>('netpolLint.whoCanReach');
    assert.ok(report, 'the command returned no report');
    assert.equal(report.title, 'Who can reach shop/web?');
    assert.match(report.markdown, /^\| from \| connections \|$/m, 'one column: the connection set, not one per port');
    assert.match(report.markdown, /Policies selecting it: shop\/default-deny-all\./);
    assert.match(report.markdown, /^\| shop-clients\/client \| none \|$/m, 'cells in words: the default deny admits nothing');
    assert.match(report.markdown, /^\| every address outside the cluster \(0\.0\.0\.0\/0, ::\/0\) \| none \|$/m, 'external endpoints too');
    assert.match(report.markdown, /^Why:$/m, 'the reasons under the table');
    assert.match(
      report.markdown,
      /^- \*\*shop-clients\/client\*\*: none — egress open \(no policy isolates it\); ingress denied: isolated by shop\/default-deny-all/m,
    );
    // rendered: the Markdown preview (a webview tab) of the report, not a text editor with its source
    const name = vscode.Uri.parse(report.uri).path.split('/').pop()!;
    const preview = await waitFor(
      () =>
        vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .find((t) => t.input instanceof vscode.TabInputWebview && /markdown\.preview/.test(t.input.viewType) && t.label.includes(name.replace(/\.md$/, ''))),
      () =>
        `the rendered preview of the report; tabs: ${vscode.window.tabGroups.all
          .flatMap((g) => g.tabs)
          .map(
            (t) =>
              `${t.label} (${t.input instanceof vscode.TabInputWebview ? `webview ${t.input.viewType}` : t.input instanceof vscode.TabInputText ? `text ${t.input.uri}` : 'other'})`,
          )
          .join(', ')}`,
    );
    assert.ok(preview.isActive, 'the preview is the active tab of its group');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === report.uri), 'no editor shows the Markdown source');
    const source = vscode.workspace.textDocuments.find((d) => d.uri.toString() === report.uri);
    assert.equal(source?.getText(), report.markdown, 'the preview renders the report the server wrote');
    assert.equal(vscode.window.activeTextEditor?.document.uri.fsPath, fileUri('deployment.yaml').fsPath, 'the focus back in the manifest');
    const from = await vscode.commands.executeCommand<{ title: string }>('netpolLint.whatCanReach');
    assert.equal(from?.title, 'What can shop/web reach?');
  });

  await test('a .netpol-lint.yaml with OpenShift DNS changes the finding and what its fix writes', async () => {
    const uri = fileUri('default-deny.yaml');
    await open('default-deny.yaml');
    const config = fileUri('.netpol-lint.yaml');
    await vscode.workspace.fs.writeFile(config, Buffer.from('dns:\n  namespace: openshift-dns\n  ports: [5353]\n', 'utf8'));
    try {
      const ds = await waitForDiagnostics(uri, (x) => x.some((d) => /UDP 5353 to openshift-dns/.test(d.message)), 'the OpenShift DNS finding');
      const d = ds.find((x) => codeOf(x) === 'missing-dns-egress')!;
      const actions = await codeActions(uri, d.range);
      const rule = actions.find((a) => a.title.startsWith('Add a DNS egress rule'));
      assert.ok(rule?.edit, 'the rule fix');
      const inserted = rule.edit
        .entries()
        .flatMap(([, edits]) => edits.map((e) => e.newText))
        .join('');
      assert.match(inserted, /kubernetes\.io\/metadata\.name: openshift-dns/);
      assert.match(inserted, /port: 5353/);
    } finally {
      await vscode.workspace.fs.delete(config);
    }
    await waitForDiagnostics(uri, (x) => x.some((d) => /UDP 53 to kube-system/.test(d.message)), 'the default DNS back once the config is gone');
  });

  await test('a broken tenant isolation shows on the tests file and on the rule; typing the fix clears both', async () => {
    // last: its two files (test/e2e/fixtures/tenancy) join the workspace only now, and leave it after
    const ext = vscode.extensions.getExtension(EXTENSION_ID)!;
    const source = (name: string) => fs.readFileSync(path.join(ext.extensionPath, 'test/e2e/fixtures/tenancy', name), 'utf8');
    const testsText = source('netpol-tests.yaml');
    const testsUri = fileUri('netpol-tests.yaml');
    const policiesUri = fileUri('tenancy.yaml');
    try {
      await openNew('netpol-tests.yaml', testsText);
      const editor = await openNew('tenancy.yaml', source('tenancy.yaml'));
      const lines = editor.document.getText().split('\n');
      const rule = lines.findIndex((l, i) => i > lines.findIndex((x) => x.includes('name: allow-web-to-db')) && /^ {4}- from:/.test(l));
      const violated = (ds: vscode.Diagnostic[]) => ds.filter((d) => codeOf(d) === 'tenant-invariant-violated');
      const onRule = violated(await waitForDiagnostics(policiesUri, (ds) => violated(ds).length > 0, 'tenant-invariant-violated on the rule'));
      assert.deepEqual(
        onRule.map((d) => [d.range.start.line, d.severity]),
        [[rule, vscode.DiagnosticSeverity.Error]],
      );
      assert.match(onRule[0].message, /^Lets tenant-b reach tenant-a\/db on TCP 5432: crosses tenants /);
      const onTests = violated(await waitForDiagnostics(testsUri, (ds) => violated(ds).length > 0, 'tenant-invariant-violated on the tests file'));
      assert.deepEqual(
        onTests.map((d) => d.range.start.line),
        [testsText.split('\n').findIndex((l) => l.startsWith('invariants:'))],
      );
      assert.ok(onTests[0].message.includes(`tenant-a/allow-web-to-db ingress[0] allows TCP 5432 at tenancy.yaml:${rule + 1}`), onTests[0].message);
      const lenses = async () =>
        ((await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', testsUri)) ?? []).map((l) => l.command);
      const before = await lenses();
      assert.deepEqual(
        before.map((c) => c?.title.replace(/:.*/, '')),
        ['✗ tenant-isolation violated', '✓ passes', '✓ passes'],
      );
      // the lens' click: the reasons as a report
      const report = await vscode.commands.executeCommand<{ title: string; markdown: string }>(before[0]!.command, ...(before[0]!.arguments ?? []));
      assert.equal(report?.title, 'Invariant tenant-isolation');
      assert.match(report.markdown, /tenant-a\/allow-web-to-db ingress\[0\] allows TCP 5432 at tenancy\.yaml:\d+/);
      await vscode.window.showTextDocument(editor.document);

      // the fix, typed key by key into `namespaceSelector: {}` (the text is invalid YAML on the way)
      const line = lines.findIndex((l, i) => i > rule && l.includes('namespaceSelector: {}'));
      const col = lines[line].indexOf('{}');
      await editor.edit((e) => e.delete(new vscode.Range(line, col, line, col + 2)));
      let at = col;
      for (const ch of '{ matchLabels: { kubernetes.io/metadata.name: tenant-a } }') {
        const p = new vscode.Position(line, at++);
        await editor.edit((e) => e.insert(p, ch));
      }
      const typed = Date.now();
      await waitForDiagnostics(
        policiesUri,
        (ds) => violated(ds).length === 0 && !ds.some((d) => codeOf(d) === 'cross-namespace-label-trust'),
        'the rule cleared',
      );
      await waitForDiagnostics(testsUri, (ds) => violated(ds).length === 0, 'the tests file cleared');
      let titles: (string | undefined)[] = [];
      for (const end = Date.now() + TIMEOUT; titles[0] !== '✓ tenant-isolation holds'; await new Promise((r) => setTimeout(r, 100))) {
        titles = (await lenses()).map((c) => c?.title);
        assert.ok(Date.now() < end, `the code lens to say tenant-isolation holds; saw ${JSON.stringify(titles)}`);
      }
      assert.deepEqual(titles, ['✓ tenant-isolation holds', '✓ passes', '✓ passes']);
      notes.push(`the tests file's code lens said tenant-isolation holds ${Date.now() - typed} ms after the last keystroke of the fix`);
      // and it stays cleared once every pending run is done
      await new Promise((r) => setTimeout(r, 1500));
      assert.deepEqual(violated(ours(policiesUri)), []);
      assert.deepEqual(violated(ours(testsUri)), []);
      // cleared by the fix, not by a text the server could not read
      assert.deepEqual(
        ours(policiesUri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error),
        [],
        describe(ours(policiesUri)),
      );
    } finally {
      await vscode.commands.executeCommand('_workbench.revertAllDirty').then(undefined, () => undefined);
      await vscode.commands.executeCommand('workbench.action.closeAllEditors').then(undefined, () => undefined);
      await vscode.workspace.fs.delete(testsUri).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(policiesUri).then(undefined, () => undefined);
    }
  });
}

export async function run(): Promise<void> {
  const results: Result[] = [];
  await tests(async (name, fn) => {
    try {
      await fn();
      results.push({ name, ok: true });
    } catch (e) {
      results.push({ name, ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    }
  });
  // leave the window as we found it: no dirty editors for hot exit to restore
  await vscode.commands.executeCommand('_workbench.revertAllDirty').then(undefined, () => undefined);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors').then(undefined, () => undefined);
  const failed = results.filter((r) => !r.ok).length;
  const lines = results.map((r) => (r.ok ? `ok - ${r.name}` : `not ok - ${r.name}\n  ${r.error?.split('\n').join('\n  ')}`));
  lines.push(...notes.map((n) => `# ${n}`), `${results.length - failed} passed, ${failed} failed`);
  const report = lines.join('\n') + '\n';
  console.log(report);
  const out = process.env.NETPOL_E2E_RESULT;
  if (out) fs.writeFileSync(out, report);
  if (failed) throw new Error(`${failed} end-to-end test(s) failed`);
}
