/**
 * Random YAML texts for the differential test of the fast reader: nested block maps and sequences
 * written with varied indentation, flow collections, plain and quoted scalars that YAML 1.1 reads
 * in surprising ways, comments at every indentation, blank lines, and then line-level damage.
 */
import * as fc from 'fast-check';

type Tree = string | Tree[] | [string, Tree][] | { flow: Tree };

const scalars = [
  'web',
  'api',
  '80',
  '"80"',
  "'80'",
  'yes',
  'no',
  'on',
  'Off',
  '~',
  'null',
  '',
  '0x1F',
  '0o17',
  '017',
  '1_000',
  '1:20',
  '1e3',
  '.inf',
  '-1',
  '+1',
  '1.5',
  '2001-12-14',
  'a:b',
  'a #b',
  'a# b',
  '"a # b"',
  "'it''s'",
  '"q\\"x"',
  "'\"'",
  'http://x',
  '10.0.0.0/8',
  '*.example.com',
  '*x',
  '&a x',
  '!!str 80',
  '|',
  '>-',
  '@x',
  '`x`',
  '%x',
  '? x',
  ': x',
  '- x',
  'x:',
  '[a, b]',
  '{a: b}',
  '[]',
  '{}',
  '[a,b,]',
  '{a: b, a: c}',
  '[a, [b, c]]',
  '{a: [b]}',
  '[ a ]',
  '"unclosed',
  "'unclosed",
  'a  b',
  'TCP',
  'tcp',
  'NetworkPolicy',
  '<<',
  'true',
  'False',
  'Y',
  'n',
  '0',
  '-0',
  '0b101',
  '12:30:00',
];
const keys = ['a', 'b', 'port', 'protocol', 'app.kubernetes.io/name', '"quoted"', "'single'", '80', 'yes', '~', '<<', 'a b', 'x:y', 'a', '-k', '?k', '"a"'];

const ordinary = ['web', 'api', '8080', 'TCP', 'kube-system', 'Egress', '{}', '[]', '[web, api]', '{app: web}', '"x"', "'y'", 'a.b/c', '10.0.0.0/8'];
const scalar = fc.oneof({ arbitrary: fc.constantFrom(...ordinary), weight: 4 }, { arbitrary: fc.constantFrom(...scalars), weight: 1 });
const key = fc.oneof(
  { arbitrary: fc.constantFrom('name', 'app', 'spec', 'podSelector', 'matchLabels', 'ports'), weight: 4 },
  { arbitrary: fc.constantFrom(...keys), weight: 1 },
);

const tree: fc.Arbitrary<Tree> = fc.letrec<{ node: Tree }>((tie) => ({
  node: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    scalar,
    fc.array(tie('node'), { minLength: 0, maxLength: 3 }),
    fc.array(fc.tuple(key, tie('node')), { minLength: 1, maxLength: 4 }),
  ),
})).node;

interface Style {
  indent: number;
  seqIndent: boolean;
  comments: number[];
  seed: number;
}

function render(t: Tree, style: Style): string {
  let n = style.seed;
  const rnd = (k: number) => {
    n = (n * 1103515245 + 12345) & 0x7fffffff;
    return n % k;
  };
  const lines: string[] = [];
  const comment = (indent: number) => {
    if (rnd(5) === 0) lines.push(' '.repeat(style.comments[rnd(style.comments.length)] ?? indent) + '# c');
    if (rnd(9) === 0) lines.push('');
  };
  const trailing = () => (rnd(6) === 0 ? ' # t' : rnd(9) === 0 ? ' ' : '');
  const isScalar = (x: Tree): x is string => typeof x === 'string';
  const write = (x: Tree, indent: number, prefix: string): void => {
    if (isScalar(x)) {
      lines.push(prefix + x + trailing());
      return;
    }
    const pairs =
      Array.isArray(x) && x.every((e) => Array.isArray(e) && e.length === 2 && typeof e[0] === 'string') && x.length > 0 ? (x as [string, Tree][]) : undefined;
    if (!pairs && Array.isArray(x) && x.length === 0) {
      lines.push(prefix + (rnd(2) ? '[]' : '{}') + trailing());
      return;
    }
    if (pairs) {
      pairs.forEach(([k, v], i) => {
        const head = i === 0 ? prefix : ' '.repeat(indent);
        if (isScalar(v)) lines.push(`${head}${k}: ${v}${trailing()}`);
        else {
          lines.push(`${head}${k}:${trailing()}`);
          comment(indent);
          // a list under a key may sit at the key's own column ("kubectl style")
          const inner = Array.isArray(v) && !(v as unknown[]).every((e) => Array.isArray(e)) && !style.seqIndent ? indent : indent + style.indent;
          write(v, inner, ' '.repeat(inner));
        }
        comment(indent);
      });
      return;
    }
    (x as Tree[]).forEach((v, i) => {
      const head = i === 0 ? prefix : ' '.repeat(indent);
      if (isScalar(v)) lines.push(`${head}- ${v}${trailing()}`);
      else if (rnd(3) === 0) {
        lines.push(`${head}-${trailing()}`);
        write(v, indent + style.indent, ' '.repeat(indent + style.indent));
      } else write(v, indent + 2, `${head}- `);
      comment(indent);
    });
  };
  if (rnd(4) === 0) lines.push('# Source: chart/templates/x.yaml');
  if (rnd(3) === 0) lines.push('---');
  write(t, 0, '');
  return lines.join('\n') + (rnd(4) === 0 ? '' : '\n');
}

const damage: fc.Arbitrary<(t: string) => string> = fc.oneof(
  fc.constant((t: string) => t),
  fc.constant((t: string) => t.replace(/\n/g, '\r\n')), // a file saved on Windows
  fc.nat().map((k) => (t: string) => {
    const l = t.split('\n');
    const i = k % l.length;
    l[i] = ' ' + l[i];
    return l.join('\n');
  }),
  fc.nat().map((k) => (t: string) => {
    const l = t.split('\n');
    const i = k % l.length;
    l[i] = l[i].replace(/^ /, '');
    return l.join('\n');
  }),
  fc
    .tuple(fc.nat(), fc.constantFrom('\t', ' ', ':', '#', '"', "'", '-', '[', '{', '}', ',', '&', '*', '\r', '---\n', '...\n', '\n'))
    .map(([k, s]) => (t: string) => {
      const at = k % (t.length + 1);
      return t.slice(0, at) + s + t.slice(at);
    }),
);

/** A text in (or near) the simple subset. */
export const yamlShapes: fc.Arbitrary<string> = fc
  .tuple(
    fc.oneof({ arbitrary: fc.array(fc.tuple(key, tree), { minLength: 1, maxLength: 5 }) as fc.Arbitrary<Tree>, weight: 5 }, { arbitrary: tree, weight: 1 }),
    fc.constantFrom(1, 2, 3, 4),
    fc.boolean(),
    fc.array(fc.constantFrom(0, 1, 2, 3, 4, 6, 8), { maxLength: 3 }),
    fc.nat(),
    fc.array(damage, { maxLength: 2 }),
  )
  .map(([t, indent, seqIndent, comments, seed, ds]) => ds.reduce((text, d) => d(text), render(t, { indent, seqIndent, comments, seed })));
