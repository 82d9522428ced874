/** The language server's workspace: files on disk, file watching, cross-file findings, hover, lenses, reach. */
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { CodeLens, Hover } from 'vscode-languageserver-protocol';
import { parse } from 'yaml';
import { ALLOW_DNS, DENY_ALL, yaml } from '../helpers';
import { serverInFolder, tempFolder } from './client';

const DEPLOYMENT = yaml(
  'apiVersion: apps/v1',
  'kind: Deployment',
  'metadata:',
  '  name: web',
  '  namespace: tenant-a',
  'spec:',
  '  template:',
  '    metadata:',
  '      labels: {app: web}',
  '    spec:',
  '      containers:',
  '        - name: web',
  '          image: nginx',
  '          ports: [{name: http, containerPort: 8080}]',
);
const CLIENT = yaml(
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: client',
  '  namespace: tenant-b',
  '  labels: {app: client}',
  'spec:',
  '  containers: [{name: c, image: curl}]',
);

const hasDns = (ds: { code?: unknown }[]) => ds.some((d) => d.code === 'missing-dns-egress');

describe('language server: the workspace on disk', () => {
  const folder = serverInFolder(() =>
    tempFolder('netpol-ws-', { 'deny.yaml': DENY_ALL, 'dns.yaml': ALLOW_DNS, 'web.yaml': DEPLOYMENT, 'client.yaml': CLIENT }),
  );
  const uri = folder.uri;
  const watched = (name: string, type: 1 | 2 | 3) =>
    folder.client.conn.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(name), type }] });

  it('indexes the folder with work-done progress and watches YAML files', async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    assert.deepEqual([folder.client.progress[0], folder.client.progress.at(-1)], ['begin', 'end']);
    assert.ok(folder.client.registrations.includes('workspace/didChangeWatchedFiles'));
  });

  it('a DNS policy in another file on disk covers the open default deny', async () => {
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    await folder.client.diagnostics(uri('deny.yaml'), (d, p) => p.version === 1 && !hasDns(d), 'no missing-dns-egress');
  });

  it('deleting that file brings the finding back within a second, without reopening', async () => {
    rmSync(join(folder.dir, 'dns.yaml'));
    const t = Date.now();
    await watched('dns.yaml', 3);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress after the delete', 1000);
    assert.ok(Date.now() - t < 1000);
  });

  it('creating it again clears the finding', async () => {
    writeFileSync(join(folder.dir, 'dns.yaml'), ALLOW_DNS);
    await watched('dns.yaml', 1);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'no missing-dns-egress after the create', 1000);
  });

  it('a changed file is read again (its policy moved to another namespace: the finding returns)', async () => {
    writeFileSync(join(folder.dir, 'dns.yaml'), ALLOW_DNS.replace('namespace: tenant-a', 'namespace: tenant-b'));
    await watched('dns.yaml', 2);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress after the change', 1000);
    writeFileSync(join(folder.dir, 'dns.yaml'), ALLOW_DNS);
    await watched('dns.yaml', 2);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'no missing-dns-egress after changing it back', 1000);
  });

  it("an open editor's unsaved text wins over the disk, and closing it goes back to the disk", async () => {
    await folder.client.open(uri('dns.yaml'), '# emptied, not saved\n');
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'the unsaved (empty) DNS file to count');
    await folder.client.closeDocument(uri('dns.yaml'));
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'the saved DNS file to count again');
  });

  it('typing in one open file updates it at once, and the other open files it affects once typing pauses', async () => {
    await folder.client.open(uri('dns.yaml'), ALLOW_DNS);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'DNS allowed while dns.yaml is open as on disk');
    // move the DNS policy to another namespace, in the editor only
    const at = ALLOW_DNS.split('\n').findIndex((l) => l.includes('namespace: tenant-a'));
    const col = ALLOW_DNS.split('\n')[at].indexOf('tenant-a') + 'tenant-'.length;
    const t = Date.now();
    folder.client.change(uri('dns.yaml'), [{ range: { start: { line: at, character: col }, end: { line: at, character: col + 1 } }, newText: 'b' }]);
    await folder.client.diagnostics(uri('dns.yaml'), (_d, p) => p.version === folder.client.version(uri('dns.yaml')), 'the edited file at once');
    const edited = Date.now() - t;
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress in the other open file', 2000);
    const other = Date.now() - t;
    assert.ok(other >= 140 && other > edited, `the other file after the pause (${edited} ms, then ${other} ms)`);
    await folder.client.closeDocument(uri('dns.yaml'));
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'the saved DNS file to count again');
  });

  it('hovering the podSelector explains the policy and names the workloads it selects', async () => {
    const h = (await folder.client.conn.sendRequest('textDocument/hover', {
      textDocument: { uri: uri('deny.yaml') },
      position: { line: 6, character: 4 },
    })) as Hover;
    const md = (h.contents as { value: string }).value;
    assert.match(md, /\*\*NetworkPolicy tenant-a\/default-deny-all\*\* selects 1 workload: Deployment tenant-a\/web\./);
    assert.match(md, /Isolates them for egress and ingress\./);
    assert.match(md, /^\*\*spec\.podSelector\*\* — The pods of this namespace the policy applies to\./, 'the field documentation comes first');
    assert.match(md, /\[API reference\]\(https:\/\/kubernetes\.io\/docs\/reference\/kubernetes-api\/policy-resources\/network-policy-v1\/#NetworkPolicySpec\)/);
    assert.deepEqual(h.range, { start: { line: 6, character: 2 }, end: { line: 6, character: 13 } });
  });

  it('shows a code lens "selects 1 workload" above each policy, listing it', async () => {
    const lenses = (await folder.client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('deny.yaml') } })) as CodeLens[];
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command!.title, 'selects 1 workload');
    const [arg] = lenses[0].command!.arguments as { items: { label: string; uri: string; range: unknown }[] }[];
    assert.deepEqual(
      arg.items.map((i) => [i.label, i.uri, i.range]),
      [['tenant-a/web', uri('web.yaml'), { start: { line: 3, character: 8 }, end: { line: 3, character: 11 } }]],
    );
  });

  it('answers "who can reach this workload?" for a file that is not even open', async () => {
    const r = (await folder.client.conn.sendRequest('workspace/executeCommand', {
      command: 'netpol-lint.reachReport',
      arguments: [{ uri: uri('web.yaml'), direction: 'to' }],
    })) as { title: string; markdown: string };
    assert.equal(r.title, 'Who can reach tenant-a/web?');
    // each peer's whole connection set in words (no emoji font needed), the reasons as a list under the table
    assert.match(r.markdown, /^\| from \| connections \|$/m);
    assert.match(r.markdown, /^\| tenant-b\/client \| none \|$/m);
    assert.match(r.markdown, /^\| every address outside the cluster \(0\.0\.0\.0\/0, ::\/0\) \| none \|$/m, 'external endpoints too');
    assert.doesNotMatch(r.markdown, /[\u{1F300}-\u{1FAFF}\u{2600}-\u{27BF}]/u, 'no emoji');
    assert.match(r.markdown, /^Why:$/m);
    assert.match(
      r.markdown,
      /^- \*\*tenant-b\/client\*\*: none — egress open \(no policy isolates it\); ingress denied: isolated by tenant-a\/default-deny-all and no rule allows it$/m,
    );
    const from = (await folder.client.conn.sendRequest('workspace/executeCommand', {
      command: 'netpol-lint.reachReport',
      arguments: [{ uri: uri('client.yaml'), direction: 'from' }],
    })) as { title: string; markdown: string };
    assert.equal(from.title, 'What can tenant-b/client reach?');
  });

  it('answers a reach request on a file without workloads with a clear error', async () => {
    await assert.rejects(
      folder.client.conn.sendRequest('workspace/executeCommand', {
        command: 'netpol-lint.reachReport',
        arguments: [{ uri: uri('deny.yaml'), direction: 'to' }],
      }),
      /Put the cursor in a Pod or workload manifest/,
    );
  });

  it("the empty port: fix also offers the container ports of the rule's destination, for the entry's protocol", async () => {
    const file = uri('empty-port.yaml');
    const text = yaml(
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: web-in, namespace: tenant-a}',
      'spec:',
      '  podSelector: {matchLabels: {app: web}}',
      '  policyTypes: [Ingress]',
      '  ingress:',
      '    - ports:',
      '        - protocol: TCP',
      '          port:',
      '        - protocol: UDP',
      '          port:',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: client-out, namespace: tenant-b}',
      'spec:',
      '  podSelector: {matchLabels: {app: client}}',
      '  policyTypes: [Egress]',
      '  egress:',
      '    - to:',
      '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: tenant-a}}',
      '          podSelector: {matchLabels: {app: web}}',
      '      ports:',
      '        - port:',
      '    - to:',
      '        - podSelector: {matchLabels: {app: nothing-here}}',
      '      ports:',
      '        - port:',
    );
    await folder.client.open(file, text);
    const ds = (await folder.client.diagnostics(file, (x) => x.filter((d) => d.code === 'empty-port').length === 4, 'four empty-port findings')).filter(
      (d) => d.code === 'empty-port',
    );
    const titles = async (d: (typeof ds)[number]) => (await folder.client.codeActions(file, [d])).map((a) => a.title);
    const [tcpIn, udpIn, tcpOut, nowhere] = ds.sort((a, b) => a.range.start.line - b.range.start.line);
    // ingress: the selected workload's TCP port, after the rule's own fix, before the disable comment
    assert.deepEqual(await titles(tcpIn), [
      'Remove the empty "port:" (allow every TCP port, explicitly)',
      'Set port: 8080 (http on tenant-a/web)',
      'Disable empty-port for this line',
    ]);
    const [set] = (await folder.client.codeActions(file, [tcpIn])).filter((a) => a.title.startsWith('Set port:'));
    assert.equal(set.isPreferred, false, 'a choice, never applied on its own');
    assert.deepEqual(set.edit?.changes?.[file], [{ range: { start: { line: 9, character: 15 }, end: { line: 9, character: 15 } }, newText: ' 8080' }]);
    // the workload listens on no UDP port; a peer that admits no workload knows no port
    assert.ok(!(await titles(udpIn)).some((t) => t.startsWith('Set port:')), 'no TCP port for a UDP entry');
    assert.ok(!(await titles(nowhere)).some((t) => t.startsWith('Set port:')), 'no port of an unrelated workload');
    // egress: the workloads the rule's `to` admits, through the engine
    assert.ok((await titles(tcpOut)).includes('Set port: 8080 (http on tenant-a/web)'));
    // recognised by the diagnostic's code and data, not by its message
    assert.ok((await titles({ ...tcpIn, message: 'reworded' })).includes('Set port: 8080 (http on tenant-a/web)'));
    assert.ok(!(await titles({ ...tcpIn, code: 'implicit-protocol' })).some((t) => t.startsWith('Set port:')));
    await folder.client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: file } });
  });

  it('a port the rule already infers (the DNS twin) is offered once, the others beside it', async () => {
    const file = uri('dns-empty.yaml');
    const text = yaml(
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: coredns, namespace: kube-system}',
      'spec:',
      '  template:',
      '    metadata: {labels: {k8s-app: kube-dns}}',
      '    spec:',
      '      containers:',
      '        - name: coredns',
      '          image: coredns',
      '          ports: [{name: dns, containerPort: 53, protocol: UDP}, {name: dns-tcp, containerPort: 53}, {name: metrics, containerPort: 9153}]',
      '---',
      'apiVersion: networking.k8s.io/v1',
      'kind: NetworkPolicy',
      'metadata: {name: dns-out, namespace: tenant-b}',
      'spec:',
      '  podSelector: {}',
      '  policyTypes: [Egress]',
      '  egress:',
      '    - to:',
      '        - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: kube-system}}',
      '          podSelector: {matchLabels: {k8s-app: kube-dns}}',
      '      ports:',
      '        - protocol: UDP',
      '          port: 53',
      '        - protocol: TCP',
      '          port:',
    );
    await folder.client.open(file, text);
    const [d] = (await folder.client.diagnostics(file, (x) => x.some((e) => e.code === 'empty-port'), 'the empty TCP port')).filter(
      (e) => e.code === 'empty-port',
    );
    const actions = await folder.client.codeActions(file, [d]);
    assert.deepEqual(
      actions.map((a) => [a.title, a.isPreferred]),
      [
        ['Set the port to 53', true],
        ['Remove the empty "port:" (allow every TCP port, explicitly)', false],
        ['Set port: 9153 (metrics on kube-system/coredns)', false],
        ['Disable empty-port for this line', false],
      ],
    );
    await folder.client.conn.sendNotification('textDocument/didClose', { textDocument: { uri: file } });
  });

  it('netpolLint.exclude drops matching files from the index', async () => {
    folder.client.settings = { exclude: ['dns.*'] };
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress once dns.yaml is excluded');
    folder.client.settings = {};
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'dns.yaml back in the index');
  });
});

describe('language server: JSON manifests and unreadable documents on disk', () => {
  const BROKEN = DENY_ALL.replace('namespace: tenant-a', 'namespace: tenant-b').replace('  podSelector: {}', '  podSelector: {matchLabels: {app: [client}}');
  const folder = serverInFolder(() =>
    tempFolder('netpol-json-', {
      'deny.yaml': DENY_ALL,
      'dns.json': JSON.stringify(parse(ALLOW_DNS), null, 2),
      'web.yaml': DEPLOYMENT,
      'client.yaml': CLIENT,
      'broken.yaml': BROKEN,
    }),
  );
  const uri = folder.uri;

  it('a DNS policy in a .json file of the folder covers the open default deny, and .json files are watched', async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'dns.json to count', 5000);
    assert.ok(folder.client.registrations.includes('workspace/didChangeWatchedFiles'));
  });

  it('the reach report and the code lens name the document that could not be read', async () => {
    const r = (await folder.client.conn.sendRequest('workspace/executeCommand', {
      command: 'netpol-lint.reachReport',
      arguments: [{ uri: uri('client.yaml'), direction: 'from' }],
    })) as { title: string; markdown: string };
    assert.match(r.markdown, /> \*\*Warning:\*\* netpol-lint could not read a document of the workspace/);
    assert.match(
      r.markdown,
      new RegExp(`> - \\[broken\\.yaml:7\\]\\(${uri('broken.yaml').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}#L7\\): YAML syntax error: `),
    );
    const lenses = (await folder.client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('deny.yaml') } })) as CodeLens[];
    assert.equal(lenses[0].command!.title, 'selects 1 workload (1 document of the workspace could not be read and is left out)');
  });

  it('a file of the folder over the size limit is named too when it declares pods (it is held, not parsed)', async () => {
    writeFileSync(join(folder.dir, 'big.yaml'), `${CLIENT}---\n`.repeat(20));
    writeFileSync(join(folder.dir, 'big-notes.yaml'), `# ${'x'.repeat(3000)}\n`);
    folder.client.settings = { limits: { maxFileBytes: 2000 }, exclude: ['nothing/**'] }; // a new exclude: the folder is indexed again
    await folder.client.conn.sendNotification('workspace/didChangeConfiguration', { settings: null });
    const title = async () =>
      ((await folder.client.conn.sendRequest('textDocument/codeLens', { textDocument: { uri: uri('deny.yaml') } })) as CodeLens[])[0].command!.title;
    const deadline = Date.now() + 5000;
    while (!(await title()).includes('2 documents') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.equal(await title(), 'selects 1 workload (2 documents of the workspace could not be read and are left out)');
    const r = (await folder.client.conn.sendRequest('workspace/executeCommand', {
      command: 'netpol-lint.reachReport',
      arguments: [{ uri: uri('client.yaml'), direction: 'from' }],
    })) as { markdown: string };
    assert.match(r.markdown, /> - \[big\.yaml:1\]\([^)]*big\.yaml#L1\): netpol-lint did not read this file: it holds 0\.0 MB, more than the 0\.0 MB limit/);
    assert.doesNotMatch(r.markdown, /big-notes/);
  });
});
