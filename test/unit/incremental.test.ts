/**
 * Incremental analysis gives exactly what a fresh analysis gives: random edits (typing, deleting,
 * pasting "---" markers, joining documents) on real files, compared finding by finding, position by
 * position, and the split itself compared with a full split.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultConfig, LineIndex, Workspace, type TextChange } from '../../server/src/core/index';

import { type Chunk, splitDocuments } from '../../server/src/core/parse/splitDocuments';
import { resplit } from '../../server/src/core/pipeline/resplit';
import { corpusFiles } from '../corpus';
import { ALLOW_DNS, DENY_ALL, rng } from '../helpers';
import { lintText } from '../../server/src/core/workspace/workspace';
import type { FileSnapshot } from '../../server/src/core/pipeline/index';

const INSERTS = ['x', '\n', '---\n', '\n---\n', '...\n', '# c\n', '  ', 'port: 53\n', '- ', ': ', '\r\n', 'kind: NetworkPolicy\n', ''];

function randomEdit(text: string, r: () => number): { edit: TextChange; next: string } {
  const start = Math.floor(r() * (text.length + 1));
  const len = r() < 0.5 ? 0 : Math.floor(r() * Math.min(40, text.length - start + 1));
  const insert = INSERTS[Math.floor(r() * INSERTS.length)];
  return {
    edit: { start, end: start + len, newLength: insert.length, ...(r() < 0.5 ? { newText: insert } : {}) },
    next: text.slice(0, start) + insert + text.slice(start + len),
  };
}

function snapshot(text: string, result: ReturnType<typeof lintText>) {
  const lines = new LineIndex(text);
  return result.findings.map((f) => ({
    code: f.code,
    document: f.document,
    message: f.message,
    start: lines.positionAt(f.span.start),
    end: lines.positionAt(f.span.end),
    viaChunks: result.lines.positionAt(f.span.start),
    fixes: f.fixes?.map((x) => x.edits),
  }));
}

/** What a snapshot holds: its documents' objects with their document indices and chunks, and its chunks. */
function layout(p: FileSnapshot) {
  const chunks = Array.from({ length: p.chunkCount }, (_, i) => p.chunk(i));
  return {
    documentCount: p.documentCount,
    policies: p.policies.map((r) => [r.document, r.policy.name?.value, p.chunkSpanOf(r)?.start]),
    workloads: p.workloads.map((r) => [r.document, r.workload.name, p.chunkSpanOf(r)?.start]),
    namespaces: p.namespaces.map((r) => [r.document, r.namespace.name, p.chunkSpanOf(r)?.start]),
    chunks: chunks.map((c) => [c.start, c.text.length, c.firstDocument, c.analysed.findings.map((f) => f.finding.code)]),
  };
}

/** The chunks after `edit`, from the chunks before it (which stay as they are). */
function resplitChunks(prev: readonly Chunk[], edit: TextChange, text: string): Chunk[] {
  const view = { count: prev.length, start: (i: number) => prev[i].start, text: (i: number) => prev[i].text };
  const { head, middle, tailFrom, delta } = resplit(view, edit, text);
  return [...prev.slice(0, head), ...middle, ...prev.slice(tailFrom).map((c) => ({ ...c, start: c.start + delta }))];
}

/** The workspace's objects by namespace. */
function grouping(ws: Workspace) {
  return ws.namespaceKeys().map((k) => {
    const m = ws.members(k);
    return [
      k,
      m.policies.map((r) => [r.document, r.policy.name?.value]),
      m.workloads.map((r) => [r.document, r.workload.name]),
      m.declarations.map((r) => r.document),
    ];
  });
}

describe('incremental analysis', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const inputs = [
    DENY_ALL + '---\n' + ALLOW_DNS + '---\n' + DENY_ALL.replace('tenant-a', 'tenant-b'),
    ...corpusFiles()
      .filter((_, i) => i % 12 === 0)
      .map((f) => readFileSync(f, 'utf8')),
  ];

  it('resplit equals a full split after every edit', () => {
    for (const seed of seeds) {
      const r = rng(seed);
      for (const input of inputs) {
        let text = input;
        let chunks = splitDocuments(text);
        for (let step = 0; step < 25; step++) {
          const { edit, next } = randomEdit(text, r);
          const copy = chunks.map((c) => ({ ...c }));
          const got = resplitChunks(chunks, edit, next);
          assert.deepEqual(chunks, copy, 'the split before the edit is left as it was');
          const want = splitDocuments(next);
          assert.deepEqual(
            got.map((c) => [c.start, c.text]),
            want.map((c) => [c.start, c.text]),
            `seed ${seed} step ${step}`,
          );
          // with the inserted text known, the new text is not read at all (an editor's is a rope):
          // given a wrong text of the right length, the split is still right
          const inserted = next.slice(edit.start, edit.start + edit.newLength);
          const blind = resplitChunks(copy, { ...edit, newText: inserted }, '?'.repeat(next.length));
          assert.deepEqual(
            blind.map((c) => [c.start, c.text]),
            want.map((c) => [c.start, c.text]),
            `seed ${seed} step ${step}, from the inserted text`,
          );
          text = next;
          chunks = got;
        }
      }
    }
  });

  it('findings, positions and fixes equal those of a fresh analysis after every edit', () => {
    let unreadableSeen = 0;
    for (const seed of seeds.slice(0, 4)) {
      const r = rng(seed);
      for (const input of inputs) {
        const config = defaultConfig();
        const ws = new Workspace(config);
        let text = input;
        ws.update('stdin', text);
        for (let step = 0; step < 15; step++) {
          const { edit, next } = randomEdit(text, r);
          ws.update('stdin', next, edit);
          const got = ws.result('stdin')!;
          const want = lintText(next, config);
          assert.deepEqual(snapshot(next, got), snapshot(next, want), `seed ${seed} step ${step}`);
          const positions = snapshot(next, got);
          for (const p of positions) assert.deepEqual(p.viaChunks, p.start, 'chunked line index agrees with a whole-text index');
          const fresh = new Workspace(config);
          fresh.update('stdin', next);
          assert.deepEqual(layout(ws.snapshot('stdin')!), layout(fresh.snapshot('stdin')!), `seed ${seed} step ${step}: placements`);
          assert.deepEqual(grouping(ws), grouping(fresh), `seed ${seed} step ${step}: namespaces`);
          assert.deepEqual(ws.unreadable(), fresh.unreadable(), `seed ${seed} step ${step}: unreadable documents`);
          unreadableSeen += ws.unreadable().length;
          text = next;
        }
      }
    }
    assert.ok(unreadableSeen > 0, 'the random edits broke some documents (so the comparison above compared something)');
  });

  it('places only the edited document again: the others keep their objects', () => {
    const docs = Array.from({ length: 40 }, (_, i) => DENY_ALL.replace('tenant-a', `tenant-${i % 4}`).replace('name: default-deny-all', `name: deny-${i}`));
    let text = docs.join('---\n');
    const ws = new Workspace(defaultConfig());
    ws.update('stdin', text);
    const before = ws.snapshot('stdin')!.policies;
    const at = text.indexOf('deny-17') + 'deny-17'.length;
    text = text.slice(0, at) + 'x' + text.slice(at);
    ws.update('stdin', text, { start: at, end: at, newLength: 1 });
    const after = ws.snapshot('stdin')!.policies;
    assert.deepEqual(
      after.map((r) => r.policy.name?.value),
      docs.map((_, i) => (i === 17 ? 'deny-17x' : `deny-${i}`)),
    );
    const same = after.filter((r, i) => r === before[i]).length;
    assert.equal(same, 39, 'every policy but the edited one keeps its ref');
  });

  it('ignores a stale edit hint rather than trusting it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('stdin', DENY_ALL);
    const text = DENY_ALL + '---\n' + ALLOW_DNS;
    ws.update('stdin', text, { start: 0, end: 0, newLength: 1 }); // lengths do not add up
    const got = ws.result('stdin')!;
    assert.deepEqual(
      got.findings.map((f) => f.code),
      lintText(text, defaultConfig()).findings.map((f) => f.code),
    );
  });
});
