/**
 * Long requests (issue #21): fix all on a large file, a reach report over many workloads, code
 * lenses, run in slices with the server's other messages in between, and honour `$/cancelRequest`
 * (RequestCancelled, -32800, and the workspace as it was).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CancellationTokenSource, ResponseError } from 'vscode-jsonrpc/node';
import type { CodeAction, Hover } from 'vscode-languageserver-protocol';
import { yaml } from '../helpers';
import { TestClient } from './client';

/** `n` ingress policies of tenant-<i % 5>, each with a port without its protocol (implicit-protocol, a safe fix). */
function policies(n: number): string {
  return Array.from({ length: n }, (_, i) =>
    yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata:',
      `  name: allow-${i}`,
      `  namespace: tenant-${i % 5}`,
      'spec:',
      '  podSelector:',
      '    matchLabels:',
      `      app: w${i}`,
      '  ingress:',
      '    - from:',
      '        - podSelector: {}',
      '      ports:',
      '        - port: 8080',
    ),
  ).join('---\n');
}

const SMALL = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: small',
  '  namespace: elsewhere',
  'spec:',
  '  podSelector: {}',
  '  policyTypes: [Ingress]',
);

const BIG = 'file:///big.yaml';
const OTHER = 'file:///small.yaml';

const fixAllParams = {
  textDocument: { uri: BIG },
  range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
  context: { diagnostics: [], only: ['source.fixAll'] },
};

describe('language server: long requests', () => {
  it('answers a hover sent while fix all runs on 3,000 policies before fix all, and a cancelled fix all with RequestCancelled', async () => {
    const client = new TestClient();
    try {
      await client.initialize();
      await client.open(BIG, policies(3000));
      await client.open(OTHER, SMALL);
      await client.diagnostics(BIG, (d) => d.length > 0, 'the big file analysed');
      await client.diagnostics(OTHER, () => true, 'the small file analysed');
      const before = client.publishes.length;

      // fix all, and a hover on another file right behind it
      const order: string[] = [];
      const fix = (client.conn.sendRequest('textDocument/codeAction', fixAllParams) as Promise<CodeAction[]>).then((r) => {
        order.push('fix all');
        return r;
      });
      const hover = (
        client.conn.sendRequest('textDocument/hover', { textDocument: { uri: OTHER }, position: { line: 6, character: 4 } }) as Promise<Hover | null>
      ).then((h) => {
        order.push('hover');
        return h;
      });
      // and an edit of the other file meanwhile (in its own namespace, "elsewhere" becomes "elsewherex")
      await client.change(OTHER, [{ range: { start: { line: 4, character: 22 }, end: { line: 4, character: 22 } }, newText: 'x' }]);
      const [actions, h] = await Promise.all([fix, hover]);
      assert.deepEqual(order, ['hover', 'fix all'], 'the hover did not wait for fix all');
      assert.ok(h, 'a hover');
      const action = actions.find((a) => a.kind === 'source.fixAll.netpol-lint');
      assert.match(action?.title ?? '', /^Fix all safe netpol-lint problems \(6000\)$/);

      // the same fix all, cancelled once the server is busy with it
      const source = new CancellationTokenSource();
      const cancelled = client.conn.sendRequest('textDocument/codeAction', fixAllParams, source.token);
      const probe = await client.conn.sendRequest('textDocument/hover', { textDocument: { uri: OTHER }, position: { line: 6, character: 4 } });
      assert.ok(probe);
      source.cancel();
      const error = await cancelled.then(
        () => undefined,
        (e: unknown) => e,
      );
      assert.ok(error instanceof ResponseError, `a ResponseError, got ${String(error)}`);
      assert.equal(error.code, -32800, 'RequestCancelled');

      // nothing was applied: the workspace holds the editor's text again (on the fixed text, fix all
      // would offer nothing), and fix all offers the same edit
      const again = ((await client.conn.sendRequest('textDocument/codeAction', fixAllParams)) as CodeAction[]).find(
        (a) => a.kind === 'source.fixAll.netpol-lint',
      );
      assert.deepEqual(again?.edit, action?.edit);
      // the edit made meanwhile was published (once fix all let the publishes go), and nothing else
      // was: no file's diagnostics were made from the fixed text
      await client.diagnostics(OTHER, (_d, p) => p.version === 2, 'the edited small file published');
      await new Promise((r) => setTimeout(r, 400));
      assert.deepEqual(
        client.publishes.slice(before).map((p) => [p.uri, p.version]),
        [[OTHER, 2]],
      );
    } finally {
      await client.close();
    }
  });

  it('answers a hover sent while a reach report over 4,000 workloads and code lenses of 4,000 policies are computed, and a cancelled report with RequestCancelled', async () => {
    const client = new TestClient();
    // large enough that the report takes many 8 ms slices even on a fast machine (it is linear now)
    const n = 4000;
    // n Deployments of one namespace, each let in by the next one's policy
    const workloads = Array.from({ length: n }, (_, i) =>
      yaml(
        'apiVersion: apps/v1',
        'kind: Deployment',
        'metadata:',
        `  name: d${i}`,
        '  namespace: t',
        'spec:',
        '  template:',
        '    metadata:',
        `      labels: {app: w${i}}`,
        '    spec:',
        // the reach report's subject, d0, listens on 300 ports (its rows are connection sets now, no column per port)
        `      containers: [{name: c, image: x, ports: [${i === 0 ? Array.from({ length: 300 }, (_, p) => `{containerPort: ${8000 + p}}`).join(', ') : '{containerPort: 8080}'}]}]`,
      ),
    ).join('---\n');
    const rules = Array.from({ length: n }, (_, i) =>
      yaml(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata:',
        `  name: p${i}`,
        '  namespace: t',
        'spec:',
        `  podSelector: {matchLabels: {app: w${i}}}`,
        '  policyTypes: [Ingress]',
        '  ingress:',
        `    - from: [{podSelector: {matchLabels: {app: w${(i + 1) % n}}}}]`,
        '      ports: [{port: 8080, protocol: TCP}]',
      ),
    ).join('---\n');
    const deployments = 'file:///deployments.yaml';
    const policyFile = 'file:///policies.yaml';
    const reachParams = { command: 'netpol-lint.reachReport', arguments: [{ uri: deployments, position: { line: 3, character: 9 }, direction: 'to' }] };
    const hoverParams = { textDocument: { uri: OTHER }, position: { line: 6, character: 4 } };
    try {
      await client.initialize();
      await client.open(deployments, workloads);
      await client.open(policyFile, rules);
      await client.open(OTHER, SMALL);
      for (const uri of [deployments, policyFile, OTHER]) await client.diagnostics(uri, () => true, `${uri} analysed`);

      for (const [what, long] of [
        ['reach', () => client.conn.sendRequest('workspace/executeCommand', reachParams)],
        ['code lens', () => client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: policyFile } })],
      ] as const) {
        const order: string[] = [];
        const first = long().then((r) => {
          order.push(what);
          return r;
        });
        const second = client.conn.sendRequest('textDocument/hover', hoverParams).then(() => order.push('hover'));
        const [answer] = await Promise.all([first, second]);
        // the reach report takes several 8 ms slices here, so the hover is answered between two of them;
        // the code lenses take only a few slices, so they may come first, and only their answer is checked
        if (what === 'reach') assert.deepEqual(order, ['hover', what], `the hover did not wait for the ${what}`);
        else assert.deepEqual([...order].sort(), ['code lens', 'hover']);
        if (what === 'reach') {
          // d1 may reach d0 on 8080 only (p0), one of its 300 ports: the row holds just that set
          const row = (answer as { markdown: string }).markdown.split('\n').find((l) => l.startsWith('| t/d1 |'));
          assert.equal(row, '| t/d1 | **TCP 8080** |');
        } else assert.equal((answer as unknown[]).length, n);
      }

      const source = new CancellationTokenSource();
      const cancelled = client.conn.sendRequest('workspace/executeCommand', reachParams, source.token).then(
        () => undefined,
        (e: unknown) => e,
      );
      // cancelled as soon as sent: the report (many 8 ms slices here) sees it at its next slice
      source.cancel();
      assert.ok(await client.conn.sendRequest('textDocument/hover', hoverParams));
      const error = await cancelled;
      assert.ok(error instanceof ResponseError, `a ResponseError, got ${String(error)}`);
      assert.equal(error.code, -32800, 'RequestCancelled');
    } finally {
      await client.close();
    }
  });
});
