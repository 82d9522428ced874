/**
 * Block YAML for quick fixes (edit/emit.ts) against the hand-written emitter it replaced, kept here
 * as the reference: over generated values of the shapes the fixes write (maps, lists of maps, YAML
 * 1.1 words, numbers, strings with `:#[]{},`, empty maps and lists), in every indentation style a
 * document can show (2 or 4 spaces; list items under their key or at its column), the new emitter
 * writes the same bytes, and what it writes reads back under YAML 1.1 as the value it was given.
 *
 * The one difference allowed: the reference double-quoted every string containing one of `[]{},`,
 * as flow context needs, also in block context, where such a string is plain (`- a,b`). Both read
 * as the same string under YAML 1.1 (checked below), and no Kubernetes name, label or port contains
 * those characters. Not generated: `<<`, which neither writes quoted as a key (yaml writes it plain,
 * a merge key under YAML 1.1; no Kubernetes key can be `<<`), and line breaks (no fix writes one).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isDeepStrictEqual } from 'node:util';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { emitBlock, emitFlow } from '../../server/src/core/edit/emit';
import type { EditStyle } from '../../server/src/core/edit/style';

// ---- the reference: the emitter as it was before it used yaml's own stringify ----

type Plain = unknown;

function isObject(v: Plain): v is Record<string, Plain> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isEmptyCollection(v: Plain): boolean {
  return (Array.isArray(v) && v.length === 0) || (isObject(v) && Object.keys(v).length === 0);
}

function scalarText(v: Plain): string {
  if (v === null || v === undefined) return 'null';
  return stringify(v, { version: '1.1', lineWidth: 0 }).trimEnd();
}

function flowScalar(v: Plain): string {
  const text = scalarText(v);
  return typeof v === 'string' && /[[\]{},]/.test(text) && !/^["']/.test(text) ? JSON.stringify(v) : text;
}

function referenceFlow(v: Plain): string {
  if (Array.isArray(v)) return `[${v.map(referenceFlow).join(', ')}]`;
  if (isObject(v)) {
    const parts = Object.entries(v).map(([k, x]) => `${flowScalar(k)}: ${referenceFlow(x)}`);
    return parts.length ? `{ ${parts.join(', ')} }` : '{}';
  }
  return flowScalar(v);
}

function referenceBlock(v: Plain, style: EditStyle): string[] {
  if (isEmptyCollection(v) || (!Array.isArray(v) && !isObject(v))) return [referenceFlow(v)];
  const pad = (n: number) => ' '.repeat(n);
  if (Array.isArray(v)) {
    const out: string[] = [];
    for (const item of v) {
      const lines = referenceBlock(item, style);
      out.push(`- ${lines[0]}`, ...lines.slice(1).map((l) => `  ${l}`));
    }
    return out;
  }
  const out: string[] = [];
  for (const [k, x] of Object.entries(v)) {
    const key = scalarText(k);
    if (isEmptyCollection(x) || (!Array.isArray(x) && !isObject(x))) {
      out.push(`${key}: ${referenceFlow(x)}`);
    } else {
      const step = Array.isArray(x) ? (style.seqIndent ? style.indent : 0) : style.indent;
      out.push(`${key}:`, ...referenceBlock(x, style).map((l) => pad(step) + l));
    }
  }
  return out;
}

// ---- generated values ----

/** Words YAML 1.1 reads as something other than a string, and look-alikes that are strings. */
const WORDS = [
  'yes',
  'no',
  'on',
  'off',
  'y',
  'n',
  'Y',
  'N',
  'Yes',
  'OFF',
  'true',
  'False',
  '~',
  'null',
  'Null',
  '53',
  '0x1F',
  '017',
  '1_000',
  '1:30',
  '.inf',
  '-.5',
  '1e3',
  '',
  ' ',
  '=',
  'TCP',
  'UDP',
  'kube-system',
  'k8s-app',
  'networking.k8s.io/v1',
  '10.0.0.0/8',
  '::/0',
];
const CHARS = [...'abz09 -_./:#[]{},\'"!&*|>%@`?~\\'];

const text = fc.oneof(
  fc.constantFrom(...WORDS),
  fc.array(fc.constantFrom(...CHARS), { maxLength: 12 }).map((cs) => cs.join('')),
);
const scalar = fc.oneof(
  text,
  fc.integer({ min: -70000, max: 70000 }),
  fc.constantFrom(0.5, -1.25, 1e21, 1e-7, -0),
  fc.boolean(),
  fc.constant(null),
  fc.constant(undefined),
);

const tree = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('map'), tie('list'), tie('listOfMaps')),
  map: fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  list: fc.array(tie('value'), { maxLength: 3 }),
  listOfMaps: fc.array(tie('map'), { maxLength: 3 }),
}));
/** Values as the fixes build them, some with one object used in two places (a selector copied into a rule). */
const value = fc.oneof(
  tree.value,
  fc.tuple(tree.map, text, text).map(([shared, a, b]) => ({ [a]: shared, [`${b}-`]: [shared, { [a]: shared }] })),
);

/** What YAML 1.1 reads back for a value: `undefined` is written, and read, as null. */
function asRead(v: Plain): Plain {
  if (v === undefined) return null;
  if (Array.isArray(v)) return v.map(asRead);
  if (isObject(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, asRead(x)]));
  return v;
}

const STYLES: EditStyle[] = [2, 4].flatMap((indent) => [true, false].map((seqIndent) => ({ indent, seqIndent, eol: '\n' })));

/** A string the reference double-quoted only because it holds a flow indicator (see the file comment). */
function quotedForFlowOnly(s: string): boolean {
  return /[[\]{},]/.test(s) && !/^["']/.test(scalarText(s));
}

/** Does `v` hold, anywhere but in a key, a string the reference quoted for flow context only? */
function holdsFlowOnlyQuoting(v: Plain): boolean {
  if (typeof v === 'string') return quotedForFlowOnly(v);
  if (Array.isArray(v)) return v.some(holdsFlowOnlyQuoting);
  if (isObject(v)) return Object.values(v).some(holdsFlowOnlyQuoting);
  return false;
}

/** Does `v` hold a key or string that starts with a document marker (`---`, `...`)? */
function holdsDocumentMarker(v: Plain): boolean {
  if (typeof v === 'string') return /^(---|\.\.\.)/.test(v);
  if (Array.isArray(v)) return v.some(holdsDocumentMarker);
  if (isObject(v)) return Object.entries(v).some(([k, x]) => holdsDocumentMarker(k) || holdsDocumentMarker(x));
  return false;
}

/** The value a YAML text reads as under YAML 1.1, or an Error when it does not read. */
function readOrError(lines: string[]): unknown {
  try {
    return parse(lines.join('\n'), { version: '1.1' });
  } catch (e) {
    return e;
  }
}

describe('block YAML for fixes (yaml.stringify against the hand-written reference)', () => {
  for (const style of STYLES) {
    it(`writes the reference's bytes, indent ${style.indent}, list items ${style.seqIndent ? 'under' : 'at'} their key`, () => {
      let compared = 0;
      const runs = 1500;
      fc.assert(
        fc.property(value, (v) => {
          const lines = emitBlock(v, style);
          assert.deepEqual(readOrError(lines), asRead(v), `reads back as written:\n${lines.join('\n')}`);
          const reference = referenceBlock(v, style);
          if (!isDeepStrictEqual(readOrError(reference), asRead(v))) {
            // the reference's own mistake: a key or string that starts with a document marker
            assert.ok(holdsDocumentMarker(v), `the reference is wrong only on document markers:\n${reference.join('\n')}`);
          } else if (!holdsFlowOnlyQuoting(v)) {
            assert.deepEqual(lines, reference);
            compared++;
          }
        }),
        { numRuns: runs },
      );
      assert.ok(compared > runs / 2, `compared byte for byte ${compared} of ${runs}`);
    });
  }

  it('writes the shapes the DNS fixes write, byte for byte, in a kubectl-style document indented by 4', () => {
    const rule = {
      to: [{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'kube-system' } }, podSelector: { matchLabels: { 'k8s-app': 'kube-dns' } } }],
      ports: [
        { protocol: 'UDP', port: 53 },
        { protocol: 'TCP', port: 53 },
      ],
    };
    assert.deepEqual(emitBlock({ egress: [rule] }, { indent: 4, seqIndent: false, eol: '\n' }), [
      'egress:',
      '- to:',
      '  - namespaceSelector:',
      '        matchLabels:',
      '            kubernetes.io/metadata.name: kube-system',
      '    podSelector:',
      '        matchLabels:',
      '            k8s-app: kube-dns',
      '  ports:',
      '  - protocol: UDP',
      '    port: 53',
      '  - protocol: TCP',
      '    port: 53',
    ]);
  });

  it('keeps strings that YAML 1.1 would read as booleans, nulls or numbers quoted', () => {
    assert.deepEqual(emitBlock({ a: 'yes', b: 'on', c: 'y', d: '~', e: '53', f: 53 }, { indent: 2, seqIndent: true, eol: '\n' }), [
      'a: "yes"',
      'b: "on"',
      'c: "y"',
      'd: "~"',
      'e: "53"',
      'f: 53',
    ]);
  });

  it('writes flow YAML as the reference did', () => {
    fc.assert(
      fc.property(value, (v) => assert.equal(emitFlow(v), referenceFlow(v))),
      { numRuns: 1000 },
    );
  });
});
