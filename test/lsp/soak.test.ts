/**
 * A brief run of the random LSP operation soak (test/fuzz/lspSoak.ts): 240 operations, compared
 * with the CLI three times. The long run: `npm run fuzz -- --lsp --runs 100000`.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { soak } from '../fuzz/lspSoak';

describe('language server: a random operation soak', () => {
  it('answers every request, publishes what the CLI reports for the same texts, and keeps every range inside its document (LF texts)', async () => {
    const r = await soak({ operations: 240, seed: 21, checkEvery: 80, crlf: false });
    assert.equal(r.operations, 240);
    assert.ok(r.checks >= 3);
    assert.ok(r.compared > 0, 'some diagnostics were compared');
  });

  it('the same with CRLF texts: no range ends between a CR and its LF', async () => {
    const r = await soak({ operations: 240, seed: 21, checkEvery: 80 });
    assert.equal(r.operations, 240);
    assert.ok(r.checks >= 3);
  });
});
