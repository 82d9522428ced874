/** `netpol-lint graph` as CI would run it: formats, flags, usage errors and exit status. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { docs, modelYaml, np } from '../connectivityModel';

const CLI = join(__dirname, '../../dist/cli.js');
const ROOT = join(__dirname, '../..');

function run(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(join(tmpdir(), 'netpol-graph-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(d, name), text);
  return d;
}

const POLICY = np('web-from-y', 'x', [
  'podSelector: {matchLabels: {pod: a}}',
  'policyTypes: [Ingress]',
  'ingress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: "y"}}}], ports: [{port: 80}]}]',
]);

describe('netpol-lint graph', () => {
  const cwd = dir({ 'model.yaml': modelYaml(), 'policies.yaml': POLICY });

  it('writes DOT by default, Mermaid and JSON on request, the same as the golden files of the tenant scenario', () => {
    const files = [join(ROOT, 'test/data/graph/tenant-workloads.yaml'), join(ROOT, 'examples/tenant-a-baseline.yaml')];
    for (const [format, ext] of [
      [undefined, 'dot'],
      ['mermaid', 'mmd'],
      ['json', 'json'],
    ] as const) {
      const r = run(['graph', ...files, ...(format ? ['--format', format] : [])], cwd);
      assert.equal(r.code, 0, r.err);
      assert.equal(r.err, '');
      assert.equal(r.out, readFileSync(join(ROOT, `test/data/graph/tenants.${ext}`), 'utf8'));
    }
  });

  it('--from / --to / --port choose the edges as reach does', () => {
    const r = run(['graph', '.', '--format', 'json', '--to', 'x/a', '--port', '80'], cwd);
    assert.equal(r.code, 0, r.err);
    const g = JSON.parse(r.out) as { port: number; protocol: string; edges: { from: string; to: string; label: string; pairs: number }[] };
    assert.equal(g.port, 80);
    assert.equal(g.protocol, 'TCP');
    // x/a's ingress admits namespace y on TCP 80 only: the three pods of y, alike, are one node
    assert.deepEqual(
      g.edges.map((e) => [e.from, e.to, e.label, e.pairs]),
      [['y/a', 'x/a', 'TCP 80', 3]],
    );
    const udp = JSON.parse(run(['graph', '.', '--format', 'json', '--to', 'x/a', '--port', '80', '--protocol', 'udp'], cwd).out);
    assert.deepEqual(udp.edges, []);
  });

  it('usage errors are one line and exit 2, before any output', () => {
    for (const [args, message] of [
      [['--format', 'text'], /^netpol-lint: unknown format 'text' for graph: use dot, mermaid, svg or json\n$/],
      [['--format', 'svg', '--port', '0'], /^netpol-lint: --port takes a port number from 1 to 65535, not '0'\n$/],
      [['--protocol', 'UDP'], /^netpol-lint: --protocol goes with --port/],
      [['--port', '0'], /^netpol-lint: --port takes a port number from 1 to 65535, not '0'\n$/],
      [['--why'], /^netpol-lint: --why belongs to reach\n$/],
      [['--exposure'], /^netpol-lint: --exposure belongs to reach\n$/],
      [['--from', 'q/*'], /^netpol-lint: --from 'q\/\*' matches none of the 9 pods read/],
    ] as const) {
      const r = run(['graph', '.', ...args], cwd);
      assert.equal(r.code, 2, `${args.join(' ')}: ${r.err}`);
      assert.match(r.err, message);
      assert.equal(r.err.split('\n').length, 2, r.err);
      assert.equal(r.out, '');
    }
    assert.match(run(['lint', '.', '--port', '80'], cwd).err, /^netpol-lint: --port and --protocol belong to reach and graph\n$/);
  });

  it('names a document it could not read and exits 1, unless --allow-unreadable', () => {
    const bad = dir({ 'model.yaml': modelYaml(), 'broken.yaml': docs(POLICY, 'kind: NetworkPolicy\nmetadata: {name: x\n') });
    const r = run(['graph', '.'], bad);
    assert.equal(r.code, 1);
    assert.match(r.err, /^netpol-lint: warning: broken\.yaml:\d+: .*\(graph cannot see what this document declares\)\n$/);
    assert.match(r.out, /^digraph "netpol-lint" \{$/m);
    assert.equal(run(['graph', '.', '--allow-unreadable'], bad).code, 0);
    // the SVG too: the warning on stderr, the picture of what was read on stdout
    const svg = run(['graph', '.', '--format', 'svg'], bad);
    assert.equal(svg.code, 1);
    assert.match(svg.err, /^netpol-lint: warning: broken\.yaml:\d+: .*\(graph cannot see what this document declares\)\n$/);
    assert.match(svg.out, /<svg [^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    assert.match(svg.out, /<title>x\/a \(Pod\)<\/title>/);
  });

  it('writes the SVG of a graph past 300 edges (laid out in a grid): every node, edge and namespace, no warning', () => {
    // 25 namespaces of two pods and no policy: 300 edges between namespaces, a loop each, 25 with the outside
    const pods = Array.from({ length: 25 }, (_, k) =>
      ['a', 'b'].map((p) => `apiVersion: v1\nkind: Pod\nmetadata: {name: ${p}, namespace: ns-${k}, labels: {app: ${p}}}\n`).join('---\n'),
    );
    const r = run(['graph', '.', '--format', 'svg'], dir({ 'pods.yaml': pods.join('---\n') }));
    assert.equal(r.code, 0, r.err);
    assert.equal(r.err, '');
    assert.equal([...r.out.matchAll(/<g id="n\d+" class="node">/g)].length, 26);
    assert.equal([...r.out.matchAll(/<g id="e\d+" class="edge /g)].length, 350);
    assert.equal([...r.out.matchAll(/<g id="clust\d+" class="cluster">/g)].length, 26);
    assert.match(r.out, /<title>ns-3\/a -&gt; ns-17\/a: all<\/title>|<title>ns-3\/a &lt;-&gt; ns-17\/a: all<\/title>/);
  });

  it('writes the SVG from the bundle alone: dist/cli.js and dist/graphviz.js copied where there is no node_modules', () => {
    const alone = dir({ 'model.yaml': modelYaml(), 'policy.yaml': POLICY });
    writeFileSync(join(alone, 'cli.js'), readFileSync(CLI));
    const svg = () => spawnSync(process.execPath, [join(alone, 'cli.js'), 'graph', '.', '--format', 'svg'], { cwd: alone, encoding: 'utf8' });
    // as in the .vsix, which leaves graphviz.js out: a clear one-line error, and dot still works
    const without = svg();
    assert.equal(without.status, 2);
    assert.match(without.stderr, /^netpol-lint: cannot load Graphviz \(WebAssembly\) for --format svg: .*graphviz\.js is missing .*use --format dot/);
    assert.equal(without.stderr.split('\n').length, 2, without.stderr);
    assert.equal(without.stdout, '');
    writeFileSync(join(alone, 'graphviz.js'), readFileSync(join(dirname(CLI), 'graphviz.js')));
    const r = svg();
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^<\?xml /);
    assert.match(r.stdout, /<\/svg>\n$/);
  });
});
