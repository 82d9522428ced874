/**
 * Values from the YAML in the Markdown of the hover and the reach report are shown as text: read
 * back through markdown-it (the renderer of VS Code's Markdown preview, with HTML and linkify on
 * as there), no value makes an element, a link, code or a table cell of its own.
 */
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import { defaultConfig, hoverAt, reachReport, Workspace } from '../../server/src/core/index';
import { mdCode, mdLinkTarget, mdText } from '../../server/src/core/text/markdown';
import { printable } from '../../server/src/core/text/printable';
import { yaml } from '../helpers';

interface Renderer {
  render(md: string): string;
}
// the renderer VS Code's preview uses; here through @vscode/vsce, which depends on it
const MarkdownIt = createRequire(__filename)('markdown-it') as new (o: object) => Renderer;
const md = new MarkdownIt({ html: true, linkify: true });
// as VS Code's preview: file: links are allowed there (markdown-it refuses them by default)
(md as unknown as { validateLink: () => boolean }).validateLink = () => true;

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '[x](command:workbench.action.terminal.new)',
  '![i](https://example.com/t.png)',
  '<https://example.com>',
  'bare https://example.com/x and mailto:a@example.com',
  'a`b``c',
  '`',
  ' `lead',
  'cell|split|more',
  '**bold** _em_ ~~gone~~ $x^2$',
  '&lt;entity&gt; &amp;',
  'back\\slash\\[',
  'two\n\n# heading\r\n| a | b |',
];

/** The text a reader sees: tags dropped, the entities markdown-it writes decoded. */
function seen(html: string, trim = true): string {
  const text = html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, '&');
  return trim ? text.trim() : text;
}

const tags = (html: string) => [...html.matchAll(/<([a-z0-9]+)/g)].map((m) => m[1]);

describe('Markdown escaping of values', () => {
  for (const value of HOSTILE) {
    it(`mdText shows ${JSON.stringify(value)} as text, in a paragraph and in a table cell`, () => {
      const para = md.render(`before ${mdText(value)} after`);
      assert.deepEqual(tags(para), ['p'], para);
      assert.equal(seen(para), `before ${printable(value)} after`);
      const table = md.render(`| pod | TCP 80 |\n|---|:-:|\n| ${mdText(value)} | denied |\n`);
      const cells = [...table.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => seen(m[1]));
      // a table cell drops the spaces around its text; nothing else
      assert.deepEqual(cells, [printable(value).trim(), 'denied'], table);
    });

    it(`mdCode shows ${JSON.stringify(value)} as one code span, exactly`, () => {
      const html = md.render(`x ${mdCode(value)} y`);
      assert.deepEqual(tags(html), ['p', 'code'], html);
      const code = html.match(/<code>([\s\S]*)<\/code>/)![1];
      assert.equal(seen(code, false), printable(value));
    });
  }

  it('mdLinkTarget keeps a file URI one link destination', () => {
    const uri = 'file:///w/a)(command:x) [b]<c>.yaml';
    const html = md.render(`[a.yaml](${mdLinkTarget(uri)}#L1)`);
    const href = html.match(/href="([^"]*)"/)![1];
    assert.equal(decodeURIComponent(href), `${uri}#L1`);
    assert.equal(seen(html), 'a.yaml');
  });
});

const EVIL = '<img src=x onerror=alert(1)>[x](command:evil)`|';
// YAML double-quoted, so the value holds exactly EVIL (plus a line break for the second)
const Q = JSON.stringify(EVIL);
const QN = JSON.stringify(`${EVIL}\n# heading`);

function workspace(): Workspace {
  const ws = new Workspace(defaultConfig());
  ws.update(
    'file:///w/model.yaml',
    yaml(
      'apiVersion: v1',
      'kind: Namespace',
      'metadata:',
      '  name: "x"',
      `  labels: {team: ${Q}}`,
      '---',
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata:',
      `  name: ${QN}`,
      '  namespace: "x"',
      'spec:',
      '  template:',
      '    metadata:',
      `      labels: {app: ${Q}}`,
      '    spec:',
      '      containers:',
      '        - name: main',
      '          image: nginx',
      `          ports: [{containerPort: 80, name: ${Q}}]`,
      '---',
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: ${Q}`,
      '  namespace: "x"',
    ),
  );
  ws.update(
    'file:///w/policy.yaml',
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: ${Q}`,
      '  namespace: "x"',
      'spec:',
      `  podSelector: {matchLabels: {app: ${Q}}}`,
      '  ingress:',
      '    - from:',
      `        - namespaceSelector: {matchLabels: {team: ${Q}}}`,
      `          podSelector: {matchExpressions: [{key: app, operator: In, values: [${Q}]}]}`,
      `      ports: [{port: ${Q}}]`,
    ),
  );
  return ws;
}

/** No element a value could have made: only what the report's own Markdown writes. */
function assertOnlyOwnMarkup(html: string, allowed: readonly string[]) {
  for (const t of tags(html)) assert.ok(allowed.includes(t), `<${t}> in ${html}`);
  assert.doesNotMatch(html, /href="command:|<img/);
  // the field documentation links to the API reference; the reach report to files; no other link
  for (const m of html.matchAll(/href="([^"]*)"/g)) assert.match(m[1], /^(https:\/\/kubernetes\.io\/|file:)/, html);
}

describe('the hover and the reach report show YAML values as text', () => {
  const policyText = () => workspace().snapshot('file:///w/policy.yaml')!.text;

  it('the hover on podSelector: the policy name, labels, values and the selected workloads', () => {
    const ws = workspace();
    const text = policyText();
    const h = hoverAt(ws, 'file:///w/policy.yaml', text.indexOf('podSelector') + 2)!;
    const html = md.render(h.markdown);
    assertOnlyOwnMarkup(html, ['p', 'strong', 'hr', 'code', 'a']);
    assert.ok(seen(html).includes(`NetworkPolicy x/${EVIL}`), html);
    assert.ok(seen(html).includes(`pods with app=${EVIL} in namespace "x"`), html);
  });

  it('the hover on a rule, a peer and a namespaceSelector label', () => {
    const ws = workspace();
    const text = policyText();
    for (const needle of ['team:', 'values:', 'ports:']) {
      const h = hoverAt(ws, 'file:///w/policy.yaml', text.indexOf(needle) + 1)!;
      const html = md.render(h.markdown);
      assertOnlyOwnMarkup(html, ['p', 'strong', 'hr', 'code', 'a']);
      assert.ok(seen(html).includes(EVIL), `${needle}: ${seen(html)}`);
    }
    const label = md.render(hoverAt(ws, 'file:///w/policy.yaml', text.indexOf('team:') + 1)!.markdown);
    assert.ok(label.includes(`<code>team=${EVIL.replace('<', '&lt;').replace('>', '&gt;')}</code>`), label);
  });

  it('the reach report: title, names, labels and table cells', () => {
    const ws = workspace();
    const deployment = ws.snapshot('file:///w/model.yaml')!.workloads.find((w) => w.workload.kind === 'Deployment')!;
    const r = reachReport(ws, deployment, 'to')!;
    const html = md.render(r.markdown);
    assertOnlyOwnMarkup(html, ['h1', 'p', 'code', 'table', 'thead', 'tr', 'th', 'tbody', 'td', 'strong', 'ul', 'li', 'em']);
    assert.equal(tags(html).filter((t) => t === 'h1').length, 1, 'one heading: a line break in a name makes none');
    const rows = [...html.matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => [...m[1].matchAll(/<t[hd][^>]*>([\s\S]*?)<\/t[hd]>/g)].map((c) => seen(c[1])));
    assert.deepEqual(rows, [
      ['from', 'connections'],
      [`x/${EVIL}`, 'none'],
      ['every address outside the cluster (0.0.0.0/0, ::/0)', 'none'],
    ]);
    assert.ok(seen(html).includes(`app=${EVIL}`), 'the labels, as text');
  });

  it('the reach report names an unreadable file as text, its link one destination', () => {
    const ws = workspace();
    ws.update('file:///w/a)(command:evil)%5B.yaml', yaml('kind: Pod', 'metadata: {name: [x}'));
    const deployment = ws.snapshot('file:///w/model.yaml')!.workloads.find((w) => w.workload.kind === 'Deployment')!;
    const html = md.render(reachReport(ws, deployment, 'to')!.markdown);
    const links = [...html.matchAll(/href="([^"]*)"/g)].map((m) => decodeURIComponent(m[1]));
    assert.deepEqual(links, ['file:///w/a)(command:evil)[.yaml#L2']);
  });
});
