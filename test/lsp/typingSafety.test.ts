/**
 * Completion never changes what a person typed (issue 19): no list opens on a space or a dash, a
 * value already complete closes the list, and the ports offered belong to the entry's protocol and
 * to the workloads the rule can reach, not to every workload of the workspace.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList } from 'vscode-languageserver-protocol';
import { yaml } from '../helpers';
import { TestClient } from './client';

/** A database in another tenant's namespace: its 5432 must never be offered to tenant-a's DNS entry. */
const DB = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata: {name: db, namespace: tenant-c}',
  'spec:',
  '  selector: {matchLabels: {app: db}}',
  '  template:',
  '    metadata: {labels: {app: db}}',
  '    spec:',
  '      containers:',
  '        - name: postgres',
  '          image: postgres:16',
  '          ports: [{name: postgres, containerPort: 5432}]',
);
const COREDNS = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata: {name: coredns, namespace: kube-system, labels: {k8s-app: kube-dns}}',
  'spec:',
  '  containers:',
  '    - name: coredns',
  '      image: coredns',
  '      ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}, {name: metrics, containerPort: 9153}]',
);

const policy = (portLine: string) =>
  yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: {name: dns, namespace: tenant-a}',
    'spec:',
    '  podSelector: {}',
    '  policyTypes: [Egress]',
    '  egress:',
    '    - to:',
    '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
    '          podSelector: {matchLabels: {k8s-app: kube-dns}}',
    '      ports:',
    '        - protocol: UDP',
    `          ${portLine}`,
  );

describe('language server: completion is safe to type through', () => {
  let client: TestClient;
  let capabilities: Record<string, unknown>;
  const uri = 'file:///ws-typing/dns.yaml';
  const labels = async (line: number, character: number) => {
    const list = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character } })) as CompletionList;
    assert.equal(list.isIncomplete, true, 'the client asks again at the next keystroke');
    return list.items.map((i) => i.label);
  };

  before(async () => {
    client = new TestClient();
    ({ capabilities } = await client.initialize());
    await client.open('file:///ws-typing/db.yaml', DB);
    await client.open('file:///ws-typing/coredns.yaml', COREDNS);
  });
  after(() => client.close());

  it('opens a list after ":" only, never after a space or a dash', () => {
    assert.deepEqual((capabilities.completionProvider as { triggerCharacters: string[] }).triggerCharacters, [':']);
  });

  it("offers the ports of the rule's destination for the entry's protocol, and nothing once a number is typed", async () => {
    await client.open(uri, policy('port: '));
    await client.diagnostics(uri, () => true, 'the first analysis');
    assert.deepEqual(await labels(12, 16), ['53', 'dns'], 'UDP on kube-dns: not 5432 on tenant-c/db, not TCP 9153');
    await client.change(uri, [{ range: { start: { line: 12, character: 16 }, end: { line: 12, character: 16 } }, newText: '53' }]);
    assert.deepEqual(await labels(12, 18), [], '"53" is a complete port: Enter must end the line');
    await client.change(uri, [{ range: { start: { line: 12, character: 16 }, end: { line: 12, character: 18 } }, newText: 'dn' }]);
    assert.deepEqual(await labels(12, 18), ['53', 'dns'], 'a name being typed');
    await client.change(uri, [{ range: { start: { line: 12, character: 18 }, end: { line: 12, character: 18 } }, newText: 's' }]);
    assert.deepEqual(await labels(12, 19), [], '"dns" is complete');
  });

  it('closes the list on a complete enum value', async () => {
    const text = policy('port: 53').replace('protocol: UDP', 'protocol: TCP');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, newText: text }]);
    assert.deepEqual(await labels(11, '        - protocol: TCP'.length), [], 'TCP typed');
    assert.deepEqual(await labels(0, 32), [], 'apiVersion networking.k8s.io/v1 typed');
  });

  it("completes an item's keys at its dash's column (Enter after \"- protocol: TCP\"), written at the item's column", async () => {
    const text = policy('port: 53').replace('protocol: UDP', 'protocol: TCP').replace('          port: 53\n', '        \n');
    await client.change(uri, [{ range: { start: { line: 0, character: 0 }, end: { line: 99, character: 0 } }, newText: text }]);
    const list = (await client.conn.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line: 12, character: 8 } })) as CompletionList;
    assert.deepEqual(
      list.items.map((i) => i.label),
      ['port', 'endPort'],
      'protocol is set already',
    );
    const edit = list.items[0].textEdit as { range: unknown; newText: string };
    assert.deepEqual(edit.range, { start: { line: 12, character: 8 }, end: { line: 12, character: 8 } });
    assert.equal(edit.newText, '  port: ', 'under "protocol", not under the dash');
  });
});
