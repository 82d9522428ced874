/** source.fixAll.netpol-lint through the server: the same text as `netpol-lint --fix`, and idempotent. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeAction } from 'vscode-languageserver-protocol';
import { serverInFolder } from './client';

const EXAMPLES = join(__dirname, '../../examples');
const CLI = join(__dirname, '../../dist/cli.js');

describe('language server: fix all', () => {
  const folder = serverInFolder(() => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-fixall-'));
    cpSync(EXAMPLES, dir, { recursive: true });
    return dir;
  });
  const uri = () => folder.uri('classic-mistakes.yaml');
  const fixAll = async () =>
    (
      (await folder.client.conn.sendRequest('textDocument/codeAction', {
        textDocument: { uri: uri() },
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
        context: { diagnostics: [], only: ['source.fixAll'] },
      })) as CodeAction[]
    ).filter((a) => a.kind === 'source.fixAll.netpol-lint');

  it("offers one source.fixAll.netpol-lint action whose edit gives the same text as the CLI's --fix", async () => {
    const text = readFileSync(join(folder.dir, 'classic-mistakes.yaml'), 'utf8');
    await folder.client.open(uri(), text);
    await folder.client.diagnostics(uri(), (d) => d.length > 0, 'the findings');
    const [action, ...more] = await fixAll();
    assert.ok(action, 'a fix-all action');
    assert.equal(more.length, 0);
    assert.match(action.title, /^Fix all safe netpol-lint problems \(\d+\)$/);
    await folder.client.change(uri(), action.edit!.changes![uri()]);
    const viaEditor = folder.client.texts.get(uri())!;
    const cliDir = mkdtempSync(join(tmpdir(), 'netpol-fixall-cli-'));
    cpSync(EXAMPLES, cliDir, { recursive: true });
    spawnSync(process.execPath, [CLI, '.', '--fix'], { cwd: cliDir, encoding: 'utf8' });
    const viaCli = readFileSync(join(cliDir, 'classic-mistakes.yaml'), 'utf8');
    rmSync(cliDir, { recursive: true, force: true });
    assert.equal(viaEditor, viaCli);
    assert.notEqual(viaEditor, text);
  });

  it('is idempotent: on its own result it offers nothing', async () => {
    await folder.client.diagnostics(uri(), (_d, p) => p.version === 2, 'the fixed text analysed');
    assert.deepEqual(await fixAll(), []);
  });

  it('offers no fix-all unless asked for source actions, and quick fixes are not offered when only source is asked', async () => {
    const ds = await folder.client.diagnostics(uri(), (_d, p) => p.version === 2, 'diagnostics');
    const quick = (await folder.client.codeActions(uri(), ds)) as CodeAction[];
    assert.ok(quick.length > 0);
    assert.ok(quick.every((a) => a.kind === 'quickfix'));
  });
});
