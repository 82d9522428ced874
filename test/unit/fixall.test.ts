/** Fix all: safe fixes only, to a fixpoint (idempotent), in the file's style; one text for editor and CLI. */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultConfig, fixAll, minimalEdit, RULES, Workspace } from '../../server/src/core/index';
import { ALLOW_DNS, DENY_ALL } from '../helpers';
import { applyEdits } from '../../server/src/core/edit/fixes';

const EXAMPLES = join(__dirname, '../../examples');
const SAFE = new Set(RULES.filter((r) => r.meta.fixAll).map((r) => r.meta.code));

function fixed(text: string, file = 'f.yaml') {
  const ws = new Workspace(defaultConfig());
  ws.update(file, text);
  const before = ws.result(file)!.findings.map((f) => f.code);
  const r = fixAll(ws, file)!;
  return { ws, before, ...r };
}

describe('fix all', () => {
  it('on the classic mistakes: every safe finding goes, the others stay, and nothing else changes', () => {
    const text = readFileSync(join(EXAMPLES, 'classic-mistakes.yaml'), 'utf8');
    const { ws, before, text: after, applied } = fixed(text);
    assert.equal(ws.snapshot('f.yaml')!.text, text, 'the workspace is put back (the editor applies the edit)');
    const again = new Workspace(defaultConfig());
    again.update('f.yaml', after);
    const left = again.result('f.yaml')!.findings.map((f) => f.code);
    assert.deepEqual(
      left.filter((c) => SAFE.has(c)),
      [],
      `safe findings left: ${left}`,
    );
    assert.deepEqual(
      before.filter((c) => !SAFE.has(c) && c !== 'no-default-deny').sort(),
      left.filter((c) => !SAFE.has(c) && c !== 'no-default-deny').sort(),
      'unsafe findings are left for the user',
    );
    assert.ok(applied.includes('missing-dns-egress') && applied.includes('invalid-protocol') && applied.includes('quoted-numeric-port'), applied.join());
    assert.deepEqual(
      again
        .result('f.yaml')!
        .findings.filter((f) => f.severity === 'error')
        .map((f) => f.code)
        .sort(),
      ['port-out-of-range', 'unknown-field'],
      'the errors only a person can fix',
    );
  });

  it('is idempotent: applying it to its own output changes nothing', () => {
    for (const name of readdirSync(EXAMPLES)) {
      const once = fixed(readFileSync(join(EXAMPLES, name), 'utf8')).text;
      assert.equal(fixed(once).text, once, name);
    }
  });

  it('adds one DNS policy per uncovered policy, never two of the same name', () => {
    const two = DENY_ALL + '---\n' + DENY_ALL.replace('tenant-a', 'tenant-b');
    const { text } = fixed(two);
    const names = [...text.matchAll(/name: (allow-dns-egress\S*)\n {2}namespace: (\S+)/g)].map((m) => `${m[2]}/${m[1]}`);
    assert.deepEqual(names, ['tenant-a/allow-dns-egress', 'tenant-b/allow-dns-egress']);
  });

  it('reaches the fixpoint in one run over 150 namespaces: nothing safe is left, a second run changes nothing', () => {
    const many = Array.from({ length: 150 }, (_, i) => DENY_ALL.replace('tenant-a', `tenant-${i}`)).join('---\n');
    const { text, applied } = fixed(many);
    assert.equal(applied.filter((c) => c === 'missing-dns-egress').length, 150);
    const again = fixed(text);
    assert.deepEqual(
      again.before.filter((c) => SAFE.has(c)),
      [],
      'no fixable finding remains',
    );
    assert.equal(again.text, text, 'a second fix all changes nothing');
    assert.deepEqual(again.applied, []);
  });

  it('reaches the fixpoint in one namespace needing more DNS policies than the old 100-pass cap', () => {
    // 120 default denies of distinct pods in one namespace: each needs its own DNS policy, one per pass
    const deny = (i: number) => DENY_ALL.replace('default-deny-all', `deny-${i}`).replace('podSelector: {}', `podSelector: {matchLabels: {app: "a${i}"}}`);
    const { text, applied } = fixed(Array.from({ length: 120 }, (_, i) => deny(i)).join('---\n'));
    assert.equal(applied.filter((c) => c === 'missing-dns-egress').length, 120);
    const again = fixed(text);
    assert.deepEqual(
      again.before.filter((c) => SAFE.has(c)),
      [],
      'no fixable finding remains',
    );
    assert.equal(again.text, text);
  });

  it('takes policies in other files into account (a covered default deny gets no DNS policy)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    ws.update('dns.yaml', ALLOW_DNS);
    assert.equal(fixAll(ws, 'deny.yaml')!.text.includes('allow-dns-egress'), false);
  });

  it('minimalEdit: one edit that turns one text into the other', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ unit: 'binary' }), (a, b) => {
        const e = minimalEdit(a, b);
        if (a === b) return e === undefined;
        return applyEdits(a, [e!]) === b;
      }),
      { numRuns: 500, seed: 7 },
    );
    assert.deepEqual(minimalEdit('a\r\nb', 'a\r\nc'), { start: 3, end: 4, newText: 'c' });
  });
});

describe('applyEdits', () => {
  /** The reference: each edit applied to the text built so far, the last offset first (the old way). */
  const oneByOne = (text: string, edits: { start: number; end: number; newText: string }[]) => {
    const sorted = edits.map((e, i) => ({ e, i })).sort((a, b) => b.e.start - a.e.start || b.i - a.i);
    let out = text;
    for (const { e } of sorted) out = out.slice(0, e.start) + e.newText + out.slice(e.end);
    return out;
  };
  /** Edits that do not overlap: disjoint ranges and insertions, several insertions at one offset. */
  const textAndEdits = fc.string({ maxLength: 60 }).chain((text) =>
    fc.array(fc.record({ at: fc.nat(text.length), len: fc.nat(4), newText: fc.string({ maxLength: 5 }) }), { maxLength: 12 }).map((raw) => {
      const edits: { start: number; end: number; newText: string }[] = [];
      let last = -1;
      for (const r of [...raw].sort((a, b) => a.at - b.at)) {
        if (r.len === 0)
          edits.push({ start: r.at, end: r.at, newText: r.newText }); // an insertion (others may share its offset)
        else if (r.at > last && r.at + r.len <= text.length) {
          // a replacement that starts after every edit so far ends
          edits.push({ start: r.at, end: r.at + r.len, newText: r.newText });
          last = r.at + r.len;
        }
      }
      // (not an insertion where a replacement starts: applied one by one, the later one swallows the
      // other, which the reference gets wrong; see the next test)
      const safe = edits.filter((e) => e.start !== e.end || !edits.some((o) => o.start <= e.start && e.start < o.end));
      return { text, edits: fc.sample(fc.shuffledSubarray(safe, { minLength: safe.length }), { numRuns: 1, seed: raw.length })[0] };
    }),
  );

  it('gives the text that applying the edits one by one gives, in any order of the list', () => {
    fc.assert(
      fc.property(textAndEdits, ({ text, edits }) => {
        assert.equal(applyEdits(text, edits), oneByOne(text, edits));
      }),
      { numRuns: 2000 },
    );
  });

  it('keeps an insertion where a replacement starts, in the order of the list (one by one, the replacement swallowed it)', () => {
    const replace = { start: 0, end: 1, newText: 'E' };
    const insert = { start: 0, end: 0, newText: '> ' };
    assert.equal(applyEdits('e_x', [replace, insert]), 'E> _x');
    assert.equal(applyEdits('e_x', [insert, replace]), '> E_x');
  });

  it('puts insertions at one offset in the order of the list', () => {
    assert.equal(
      applyEdits('ab', [
        { start: 1, end: 1, newText: 'x' },
        { start: 2, end: 2, newText: '!' },
        { start: 1, end: 1, newText: 'y' },
      ]),
      'axyb!',
    );
  });
});
