/**
 * Incremental analysis gives exactly what a fresh analysis gives: random edits (typing, deleting,
 * pasting "---" markers, joining documents) on real files, compared finding by finding, position by
 * position, and the split itself compared with a full split.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { defaultConfig, LineIndex, lintText, Workspace, type Edit } from '../../server/src/core/index';
import { resplit, splitDocuments } from '../../server/src/core/parse/splitDocuments';
import { corpusFiles } from '../corpus';
import { ALLOW_DNS, DENY_ALL } from '../helpers';

/** A small deterministic PRNG (mulberry32), so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const INSERTS = ['x', '\n', '---\n', '\n---\n', '...\n', '# c\n', '  ', 'port: 53\n', '- ', ': ', '\r\n', 'kind: NetworkPolicy\n', ''];

function randomEdit(text: string, r: () => number): { edit: Edit; next: string } {
  const start = Math.floor(r() * (text.length + 1));
  const len = r() < 0.5 ? 0 : Math.floor(r() * Math.min(40, text.length - start + 1));
  const insert = INSERTS[Math.floor(r() * INSERTS.length)];
  return { edit: { start, end: start + len, newLength: insert.length }, next: text.slice(0, start) + insert + text.slice(start + len) };
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

describe('incremental analysis', () => {
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  const inputs = [
    DENY_ALL + '---\n' + ALLOW_DNS + '---\n' + DENY_ALL.replace('tenant-a', 'tenant-b'),
    ...corpusFiles().filter((_, i) => i % 12 === 0).map((f) => readFileSync(f, 'utf8')),
  ];

  it('resplit equals a full split after every edit', () => {
    for (const seed of seeds) {
      const r = rng(seed);
      for (const input of inputs) {
        let text = input;
        let chunks = splitDocuments(text);
        for (let step = 0; step < 25; step++) {
          const { edit, next } = randomEdit(text, r);
          const got = resplit(chunks, edit, next).chunks;
          const want = splitDocuments(next);
          assert.deepEqual(got.map((c) => [c.start, c.text]), want.map((c) => [c.start, c.text]), `seed ${seed} step ${step}`);
          text = next;
          chunks = got;
        }
      }
    }
  });

  it('findings, positions and fixes equal those of a fresh analysis after every edit', () => {
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
          text = next;
        }
      }
    }
  });

  it('ignores a stale edit hint rather than trusting it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('stdin', DENY_ALL);
    const text = DENY_ALL + '---\n' + ALLOW_DNS;
    ws.update('stdin', text, { start: 0, end: 0, newLength: 1 }); // lengths do not add up
    const got = ws.result('stdin')!;
    assert.deepEqual(got.findings.map((f) => f.code), lintText(text, defaultConfig()).findings.map((f) => f.code));
  });
});
