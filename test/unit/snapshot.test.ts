/**
 * A file's snapshot is a value: whoever holds one across later updates of the file sees it as it
 * was (its chunks, offsets, lines, objects and findings), whatever the updates did around it.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, Workspace } from '../../server/src/core/index';
import { DENY_ALL } from '../helpers';
import type { FileSnapshot } from '../../server/src/core/pipeline/index';

const doc = (i: number) =>
  DENY_ALL.replace('default-deny-all', `deny-${i}`).replace('tenant-a', `tenant-${i % 3}`) + '  ingress:\n    - ports:\n        - protocol: tcp\n';

/** Everything a reader of the snapshot can observe. */
function view(s: FileSnapshot) {
  const config = defaultConfig();
  const result = s.finish([], config);
  return {
    text: s.text,
    documentCount: s.documentCount,
    chunks: Array.from({ length: s.chunkCount }, (_, i) => {
      const c = s.chunk(i);
      return [c.start, c.text, c.firstDocument];
    }),
    policies: s.policies.map((r) => [r.document, r.policy.name?.value, s.chunkSpanOf(r)]),
    findings: result.findings.map((f) => [f.code, f.span.start, f.span.end, f.document, result.lines.positionAt(f.span.start)]),
    positions: [0, 100, 400, s.text.length].map((o) => s.lines.positionAt(o)),
    chunkAt: [0, 250, s.text.length].map((o) => s.chunkAt(o)?.start),
  };
}

describe('file snapshots', () => {
  it('an update never changes an earlier snapshot', () => {
    const ws = new Workspace(defaultConfig());
    let text = Array.from({ length: 12 }, (_, i) => doc(i)).join('---\n');
    ws.update('f', text);
    const first = ws.snapshot('f')!;
    const before = view(first);
    const edits: [string, string][] = [
      ['name: deny-3', 'name: deny-3x'], // a keystroke inside a document
      ['name: deny-1\n', 'name: deny-1\n  labels:\n    a: b\n'], // lines added above the later documents
      ['---\n', ''], // two documents joined
      ['name: deny-8', 'name: deny-8\n---\n# split\n'], // a document split
    ];
    for (const [from, to] of edits) {
      const at = text.indexOf(from);
      const next = text.slice(0, at) + to + text.slice(at + from.length);
      ws.update('f', next, { start: at, end: at + from.length, newLength: to.length, newText: to });
      text = next;
      assert.deepEqual(view(first), before, `after replacing ${JSON.stringify(from)}`);
    }
    assert.notDeepEqual(view(ws.snapshot('f')!), before, 'the current snapshot did change');
  });

  it('finds the chunk of an object it holds, and of no object it does not hold', () => {
    const ws = new Workspace(defaultConfig());
    const text = [doc(0), doc(1), doc(2)].join('---\n');
    ws.update('f', text);
    ws.update('g', doc(1));
    const s = ws.snapshot('f')!;
    const second = s.policies[1];
    assert.deepEqual(s.chunkSpanOf(second), { start: text.indexOf('---\n'), end: text.lastIndexOf('---\n') });
    assert.equal(s.chunkIndexOf(ws.snapshot('g')!.policies[0]), -1, "another file's policy");
  });
});
