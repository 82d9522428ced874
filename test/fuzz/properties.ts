/**
 * Property-based fuzzing of the analysis with fast-check: valid NetworkPolicies (every field), and
 * mutations of them and of the real-world corpus (delete or duplicate a line, re-indent, swap a
 * scalar's type, insert junk). Shared by the short run in `npm test` and `npm run fuzz`.
 */
import * as fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { parseAllDocuments, stringify } from 'yaml';
import { defaultConfig, disableNextLineFix, type FileFinding } from '../../server/src/core/index';
import { corpusFiles } from '../corpus';
import { applyEdits } from '../../server/src/core/edit/fixes';
import { lintText } from '../../server/src/core/workspace/workspace';

const label = fc.constantFrom('app', 'tier', 'team', 'app.kubernetes.io/name', 'example.com/role');
const value = fc.constantFrom('web', 'api', 'db', 'frontend', 'v1.2', 'a_b', '');
const dnsLabel = fc.stringMatching(/^[a-z]([-a-z0-9]{0,10}[a-z0-9])?$/);

const selector = fc.record(
  {
    matchLabels: fc.dictionary(label, value, { maxKeys: 2 }),
    matchExpressions: fc.array(
      fc.oneof(
        fc.record({
          key: label,
          operator: fc.constantFrom('In', 'NotIn'),
          values: fc.array(
            value.filter((v) => v !== ''),
            { minLength: 1, maxLength: 3 },
          ),
        }),
        fc.record({ key: label, operator: fc.constantFrom('Exists', 'DoesNotExist') }),
      ),
      { maxLength: 2 },
    ),
  },
  { requiredKeys: [] },
);

const v4 = fc.tuple(fc.integer({ min: 1, max: 223 }), fc.integer({ min: 0, max: 255 }), fc.integer({ min: 8, max: 24 }));
const ipBlock = v4.map(([a, b, bits]) => {
  const base = bits >= 16 ? `${a}.${b}.0.0/${bits < 16 ? 16 : 16}` : `${a}.0.0.0/8`;
  return bits >= 16 ? { cidr: base, except: [`${a}.${b}.1.0/24`] } : { cidr: base };
});

const peer = fc.oneof(
  fc.record({ podSelector: selector }),
  fc.record({ namespaceSelector: selector }),
  fc.record({ namespaceSelector: selector, podSelector: selector }),
  fc.record({ ipBlock }),
);

const port = fc.oneof(
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP', 'SCTP'), port: fc.integer({ min: 1, max: 65535 }) }),
  fc
    .integer({ min: 1, max: 60000 })
    .chain((p) => fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constant(p), endPort: fc.integer({ min: p, max: 65535 }) })),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP'), port: fc.constantFrom('http', 'metrics', 'dns-tcp', 'grpc-web') }),
  fc.record({ protocol: fc.constantFrom('TCP', 'UDP') }),
);

const ingressRule = fc.record(
  { from: fc.array(peer, { minLength: 1, maxLength: 3 }), ports: fc.array(port, { minLength: 1, maxLength: 3 }) },
  { requiredKeys: [] },
);
const egressRule = fc.record(
  { to: fc.array(peer, { minLength: 1, maxLength: 3 }), ports: fc.array(port, { minLength: 1, maxLength: 3 }) },
  { requiredKeys: [] },
);

/** A NetworkPolicy the API server accepts, using every field. */
export const validPolicy = fc
  .record({
    name: dnsLabel,
    namespace: dnsLabel,
    podSelector: selector,
    ingress: fc.array(ingressRule, { maxLength: 2 }),
    egress: fc.array(egressRule, { maxLength: 2 }),
    types: fc.constantFrom<string[]>(['Ingress'], ['Egress'], ['Ingress', 'Egress']),
  })
  .map(({ name, namespace, podSelector, ingress, egress, types }) => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name, namespace },
    spec: {
      podSelector,
      policyTypes: types,
      ...(types.includes('Ingress') ? { ingress } : {}),
      ...(types.includes('Egress') ? { egress } : {}),
    },
  }));

export const validText = fc
  .tuple(
    fc.array(validPolicy, { minLength: 1, maxLength: 3 }),
    fc.constantFrom(2, 4),
    fc.boolean(),
    fc.constantFrom('block', 'flow', 'any') as fc.Arbitrary<'block' | 'flow' | 'any'>,
  )
  .map(([docs, indent, indentSeq, collectionStyle]) => docs.map((d) => stringify(d, { indent, indentSeq, collectionStyle, version: '1.1' })).join('---\n'))
  // yaml's stringify writes `key:\n  []` at the key's own indentation with indentSeq false: not YAML
  .filter((t) => parseAllDocuments(t, { version: '1.1' }).every((d) => d.errors.length === 0));

const corpusTexts = corpusFiles().map((f) => readFileSync(f, 'utf8'));

type Mutation = (text: string) => string;

function atLine(text: string, n: number, f: (lines: string[], i: number) => void): string {
  const lines = text.split('\n');
  if (lines.length === 0) return text;
  f(lines, n % lines.length);
  return lines.join('\n');
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.nat().map((n) => (t: string) => atLine(t, n, (l, i) => l.splice(i, 1))),
  fc.nat().map((n) => (t: string) => atLine(t, n, (l, i) => l.splice(i, 0, l[i]))),
  fc.tuple(fc.nat(), fc.constantFrom(-2, 2, 1, -4)).map(
    ([n, d]) =>
      (t: string) =>
        atLine(t, n, (l, i) => (l[i] = d > 0 ? ' '.repeat(d) + l[i] : l[i].replace(new RegExp(`^ {0,${-d}}`), ''))),
  ),
  fc.tuple(fc.nat(), fc.constantFrom('"80"', 'true', '~', '[]', '{}', '- x', 'null', '0x1F', '1.5')).map(
    ([n, v]) =>
      (t: string) =>
        atLine(t, n, (l, i) => (l[i] = l[i].replace(/: .*$/, `: ${v}`))),
  ),
  fc.tuple(fc.nat(), fc.string({ maxLength: 6 })).map(([n, junk]) => (t: string) => {
    const at = t.length === 0 ? 0 : n % t.length;
    return t.slice(0, at) + junk + t.slice(at);
  }),
);

/** A valid policy or a corpus file, then 1-3 mutations. */
export const mutatedText = fc
  .tuple(fc.oneof(validText, fc.constantFrom(...corpusTexts)), fc.array(mutation, { minLength: 1, maxLength: 3 }))
  .map(([text, ms]) => ms.reduce((t, m) => m(t), text));

/** Every line break a CRLF: what Windows editors write (and git with autocrlf). */
export const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');
export const validCrlfText = validText.map(crlf);
export const mutatedCrlfText = mutatedText.map(crlf);

/** Between the CR and the LF of a CRLF: no place an editor can show (a range there is off by one). */
const insideCrlf = (text: string, at: number) => at > 0 && text[at] === '\n' && text[at - 1] === '\r';

function describeFindings(fs: FileFinding[]): string {
  return JSON.stringify(fs.map((f) => [f.code, f.span.start, f.span.end, f.message]));
}

/** The invariants every text must satisfy; throws with an explanation when one does not hold. */
export function checkInvariants(text: string, options: { valid?: boolean } = {}): void {
  const config = defaultConfig();
  const first = lintText(text, config).findings;
  const again = lintText(text, config).findings;
  if (describeFindings(first) !== describeFindings(again)) throw new Error('the analysis is not deterministic');
  for (const f of first) {
    if (!(f.span.start >= 0 && f.span.start <= f.span.end && f.span.end <= text.length))
      throw new Error(`${f.code}: range ${f.span.start}-${f.span.end} outside the text (${text.length})`);
    for (const fix of f.fixes ?? [])
      for (const e of fix.edits)
        if (!(e.start >= 0 && e.start <= e.end && e.end <= text.length)) throw new Error(`${f.code}: fix "${fix.title}" edits outside the text`);
    // ranges never inside a CRLF pair: neither a finding's nor a fix edit's boundaries
    if (insideCrlf(text, f.span.start) || insideCrlf(text, f.span.end)) throw new Error(`${f.code}: range ${f.span.start}-${f.span.end} inside a CRLF`);
    for (const fix of f.fixes ?? [])
      for (const e of fix.edits)
        if (insideCrlf(text, e.start) || insideCrlf(text, e.end)) throw new Error(`${f.code}: fix "${fix.title}" edits ${e.start}-${e.end} inside a CRLF`);
  }
  checkDisableLine(text, first);
  if (options.valid) {
    const errors = first.filter((f) => f.severity === 'error');
    if (errors.length) throw new Error(`a valid policy got errors: ${describeFindings(errors)}`);
  }
  const parses = (t: string) => parseAllDocuments(t, { version: '1.1' }).every((d) => d.errors.length === 0);
  const textParses = parses(text);
  for (const f of first) {
    if (f.code === 'yaml-syntax' || f.code === 'internal-error') continue;
    for (const fix of f.fixes ?? []) {
      const fixed = applyEdits(text, fix.edits);
      if (textParses && !parses(fixed)) throw new Error(`fix "${fix.title}" for ${f.code} broke the YAML:\n${fixed}`);
      const same = (x: FileFinding) => x.code === f.code && x.message === f.message;
      const before = first.filter(same).length;
      const after = lintText(fixed, config).findings.filter(same).length;
      if (after >= before) throw new Error(`fix "${fix.title}" did not remove ${f.code} (${f.message}):\n${fixed}`);
    }
  }
}

/** The start of the line holding `offset` (an offset inside a CRLF is on the line it ends). */
function lineStart(text: string, offset: number): number {
  let i = insideCrlf(text, offset) ? offset - 1 : offset;
  while (i > 0 && text[i - 1] !== '\n' && text[i - 1] !== '\r') i--;
  return i;
}

/**
 * "Disable yaml-syntax for this line" silences the error: after the comment is added above its
 * line, no YAML syntax error is reported on that line, nor on the comment's own line.
 */
function checkDisableLine(text: string, findings: readonly FileFinding[]): void {
  for (const f of findings) {
    if (f.code !== 'yaml-syntax') continue;
    const fix = disableNextLineFix(text, f);
    const fixed = applyEdits(text, fix.edits);
    const [e] = fix.edits;
    const at = f.span.start >= e.start ? f.span.start + e.newText.length - (e.end - e.start) : f.span.start;
    const lines = new Set([lineStart(fixed, at), lineStart(fixed, e.start)]);
    const left = lintText(fixed, defaultConfig()).findings.filter((x) => x.code === 'yaml-syntax' && lines.has(lineStart(fixed, x.span.start)));
    if (left.length > 0) throw new Error(`"${fix.title}" for "${f.message}" at ${f.span.start} left ${describeFindings(left)}:\n${fixed}`);
  }
}
