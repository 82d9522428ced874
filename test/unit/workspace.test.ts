/** The workspace: namespace rules across files, and the section C rules. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, Workspace, type FileFinding } from '../../server/src/core/index';
import { SharedAnalyses } from '../../server/src/core/pipeline/sharedAnalyses';
import { ALLOW_DNS, DENY_ALL, messagePath, yaml } from '../helpers';
import { applyEdits } from '../../server/src/core/edit/fixes';
import { FilePipeline } from '../../server/src/core/pipeline/index';

const codes = (fs: FileFinding[]) => fs.map((f) => f.code);
const of = (ws: Workspace, file: string, code: string) => ws.result(file)!.findings.filter((f) => f.code === code);

function deployment(name: string, namespace: string | undefined, labels: Record<string, string>): string {
  return yaml(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
    '  template:',
    '    metadata:',
    '      labels:',
    ...Object.entries(labels).map(([k, v]) => `        ${k}: ${v}`),
    '    spec:',
    '      containers:',
    '        - name: main',
    '          image: nginx',
  );
}

function policy(name: string, namespace: string, selector: string, extra: string[] = ['  policyTypes: [Ingress]']): string {
  return yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    `  podSelector: ${selector}`,
    ...extra,
  );
}

const NAMESPACE_A = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a');

describe('workspace: namespace rules across files', () => {
  it('a DNS policy in another file covers the default deny; removing that file brings the finding back', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    assert.equal(of(ws, 'deny.yaml', 'missing-dns-egress').length, 1);
    const affected = ws.update('dns.yaml', ALLOW_DNS);
    assert.deepEqual([...affected], ['deny.yaml'], 'the deny file depends on the new DNS policy');
    assert.deepEqual(of(ws, 'deny.yaml', 'missing-dns-egress'), []);
    assert.deepEqual(
      codes(ws.result('dns.yaml')!.findings).filter((c) => c !== 'no-default-deny'),
      [],
    );
    assert.deepEqual([...ws.remove('dns.yaml')], ['deny.yaml']);
    assert.equal(of(ws, 'deny.yaml', 'missing-dns-egress').length, 1);
  });

  it('a file in another namespace is not affected, and does not cover', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    const affected = ws.update('dns-b.yaml', ALLOW_DNS.replace('namespace: tenant-a', 'namespace: tenant-b'));
    assert.deepEqual([...affected], []);
    assert.equal(of(ws, 'deny.yaml', 'missing-dns-egress').length, 1);
  });

  it("an edit that leaves a namespace's objects as they were affects no file of that namespace", () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    ws.update('dns.yaml', ALLOW_DNS);
    ws.update('b.yaml', deployment('web', 'tenant-b', { app: 'web' }));
    assert.deepEqual([...ws.update('dns.yaml', ALLOW_DNS + '---\n' + deployment('api', 'tenant-b', { app: 'api' }))], ['b.yaml']);
  });

  it('policies without a namespace are grouped per file', () => {
    const ws = new Workspace(defaultConfig());
    const strip = (t: string) => t.replace(/ {2}namespace: tenant-a\n/, '');
    ws.update('deny.yaml', strip(DENY_ALL));
    ws.update('dns.yaml', strip(ALLOW_DNS));
    assert.equal(of(ws, 'deny.yaml', 'missing-dns-egress').length, 1, 'a DNS policy of another file may land elsewhere');
    ws.update('deny.yaml', strip(DENY_ALL) + '---\n' + strip(ALLOW_DNS));
    assert.deepEqual(of(ws, 'deny.yaml', 'missing-dns-egress'), []);
  });
});

describe('missing-dns-egress across files', () => {
  it('names the DNS policy of its fix after the names the namespace already uses, in any file', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deny.yaml', DENY_ALL);
    ws.update('other.yaml', policy('allow-dns-egress', 'tenant-a', '{matchLabels: {app: api}}'));
    const [f] = of(ws, 'deny.yaml', 'missing-dns-egress');
    const recipe = f.fixes![0].recipe;
    assert.equal(recipe?.kind === 'dns-egress-policy' && recipe.name, 'allow-dns-egress-2');
  });
});

describe('duplicate-policy-name', () => {
  it('reports both copies across files, each naming the other file', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('/repo/a.yaml', DENY_ALL);
    ws.update('/repo/b.yaml', DENY_ALL);
    const [a] = of(ws, '/repo/a.yaml', 'duplicate-policy-name');
    const [b] = of(ws, '/repo/b.yaml', 'duplicate-policy-name');
    assert.match(a.message, /NetworkPolicy "tenant-a\/default-deny-all" is also defined in b\.yaml/);
    assert.match(b.message, /defined in a\.yaml/);
    assert.equal(DENY_ALL.slice(a.span.start, a.span.end), 'default-deny-all');
  });

  it('is silent for the same name in two namespaces', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('a.yaml', DENY_ALL);
    ws.update('b.yaml', DENY_ALL.replace('tenant-a', 'tenant-b'));
    assert.deepEqual(of(ws, 'a.yaml', 'duplicate-policy-name'), []);
  });
});

describe('no-default-deny', () => {
  it('sits on the Namespace manifest; its fix adds the default deny, which clears it', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('ns.yaml', NAMESPACE_A);
    ws.update('web.yaml', policy('allow-web', 'tenant-a', '{matchLabels: {app: web}}'));
    const [f] = of(ws, 'ns.yaml', 'no-default-deny');
    assert.ok(f, 'reported on the Namespace');
    assert.equal(NAMESPACE_A.slice(f.span.start, f.span.end), 'tenant-a');
    assert.match(f.message, /^No default deny: namespace "tenant-a" has none for ingress and egress /);
    const fixed = applyEdits(NAMESPACE_A, f.fixes![0].edits);
    assert.match(fixed, /name: default-deny-all\n {2}namespace: tenant-a\nspec:\n {2}podSelector: \{\}\n {2}policyTypes:\n {4}- Ingress\n {4}- Egress/);
    ws.update('ns.yaml', fixed);
    assert.deepEqual(of(ws, 'ns.yaml', 'no-default-deny'), []);
    assert.deepEqual(of(ws, 'web.yaml', 'no-default-deny'), []);
  });

  it("names only the missing direction, and sits on a policy's namespace when no Namespace is declared", () => {
    const ws = new Workspace(defaultConfig());
    const text = policy('deny-in', 'tenant-a', '{}');
    ws.update('p.yaml', text);
    const [f] = of(ws, 'p.yaml', 'no-default-deny');
    assert.match(f.message, /^No default deny: namespace "tenant-a" has none for egress /);
    assert.equal(text.slice(f.span.start, f.span.end), 'tenant-a');
    assert.match(f.fixes![0].title, /"default-deny-egress"/);
  });

  it('is silent in kube-system and in namespaces that tenantNamespaces leaves out', () => {
    const config = defaultConfig();
    const ws = new Workspace(config);
    ws.update('sys.yaml', policy('x', 'kube-system', '{matchLabels: {a: b}}'));
    ws.update('other.yaml', policy('x', 'platform', '{matchLabels: {a: b}}'));
    assert.deepEqual(of(ws, 'sys.yaml', 'no-default-deny'), []);
    assert.equal(of(ws, 'other.yaml', 'no-default-deny').length, 1);
    ws.setConfig({ ...config, tenantNamespaces: ['tenant-*'] });
    assert.deepEqual(of(ws, 'other.yaml', 'no-default-deny'), []);
  });
});

describe('selector-matches-nothing', () => {
  it("reports a podSelector with a typo against the workspace's Deployment, and a same-namespace peer", () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deploy.yaml', deployment('web', 'tenant-a', { app: 'web' }));
    const text = policy('allow-web', 'tenant-a', '{matchLabels: {app: wbe}}', [
      '  policyTypes: [Ingress]',
      '  ingress:',
      '    - from:',
      '        - podSelector: {matchLabels: {app: api}}',
      '        - namespaceSelector: {}',
      '          podSelector: {matchLabels: {app: api}}',
    ]);
    ws.update('np.yaml', text);
    const found = of(ws, 'np.yaml', 'selector-matches-nothing');
    assert.deepEqual(
      found.map((f) => [f.message.split(':')[0], messagePath(f.message)]),
      [
        ['Selects no pod', 'spec.podSelector'],
        ['Peer admits no pod', 'spec.ingress[0].from[0].podSelector'],
      ],
    );
    assert.match(found[0].message, /none of the 1 workloads declared in namespace "tenant-a" \(web\)/);
  });

  it('is silent when the selector matches, and when the namespace declares no workload', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('np.yaml', policy('allow-web', 'tenant-a', '{matchLabels: {app: web}}'));
    assert.deepEqual(of(ws, 'np.yaml', 'selector-matches-nothing'), []);
    ws.update('deploy.yaml', deployment('web', 'tenant-a', { app: 'web', tier: 'front' }));
    assert.deepEqual(of(ws, 'np.yaml', 'selector-matches-nothing'), []);
  });
});

describe('unprotected-workload', () => {
  it('reports a Deployment no policy selects, with the open directions; the fix clears it', () => {
    const ws = new Workspace(defaultConfig());
    const deploy = deployment('web', 'tenant-a', { app: 'web' });
    ws.update('deploy.yaml', deploy);
    ws.update('np.yaml', policy('allow-api', 'tenant-a', '{matchLabels: {app: api}}'));
    const [f] = of(ws, 'deploy.yaml', 'unprotected-workload');
    assert.equal(deploy.slice(f.span.start, f.span.end), 'web');
    assert.match(f.message, /^Unprotected workload: no NetworkPolicy selects the pods of Deployment "web" in namespace "tenant-a" for ingress and egress/);
    ws.update('deploy.yaml', applyEdits(deploy, f.fixes![0].edits));
    assert.deepEqual(of(ws, 'deploy.yaml', 'unprotected-workload'), []);
  });

  it('names its new policy after the names the namespace already uses, in any file', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deploy.yaml', deployment('web', 'tenant-a', { app: 'web' }));
    ws.update('np.yaml', policy('default-deny-all', 'tenant-a', '{matchLabels: {app: api}}'));
    const [f] = of(ws, 'deploy.yaml', 'unprotected-workload');
    assert.match(f.fixes![0].title, /"default-deny-all-2"/);
  });

  it('says only egress when a policy isolates its ingress', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deploy.yaml', deployment('web', 'tenant-a', { app: 'web' }));
    ws.update('np.yaml', policy('allow-web', 'tenant-a', '{matchLabels: {app: web}}'));
    assert.match(of(ws, 'deploy.yaml', 'unprotected-workload')[0].message, /for egress, so they reach anywhere/);
  });

  it('is silent in a workspace without NetworkPolicies, and for workloads without a namespace', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deploy.yaml', deployment('web', 'tenant-a', { app: 'web' }));
    ws.update('nons.yaml', deployment('web', undefined, { app: 'web' }));
    assert.deepEqual(codes(ws.result('deploy.yaml')!.findings), []);
    const affected = ws.update('np.yaml', policy('allow-api', 'tenant-b', '{matchLabels: {app: api}}'));
    assert.ok(affected.has('deploy.yaml'), "the first policy of the workspace changes every file's findings");
    assert.equal(of(ws, 'deploy.yaml', 'unprotected-workload').length, 1);
    assert.deepEqual(of(ws, 'nons.yaml', 'unprotected-workload'), []);
  });

  it("can be suppressed in the workload's document", () => {
    const ws = new Workspace(defaultConfig());
    ws.update('deploy.yaml', '# netpol-lint-disable unprotected-workload -- batch job, no network\n' + deployment('web', 'tenant-a', { app: 'web' }));
    ws.update('np.yaml', policy('allow-api', 'tenant-a', '{matchLabels: {app: api}}'));
    assert.deepEqual(of(ws, 'deploy.yaml', 'unprotected-workload'), []);
  });
});

describe('workspace caches', () => {
  it('after documents move (inserted above, model unchanged) findings land where a fresh workspace puts them', () => {
    const other = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a');
    const ws = new Workspace(defaultConfig());
    const q = ALLOW_DNS.replace('tenant-a', 'tenant-q');
    // the deny policy's document keeps its text (so its model) while its index and offset change
    ws.update('a.yaml', q + '---\n' + DENY_ALL);
    ws.update('b.yaml', other);
    ws.result('a.yaml');
    ws.result('b.yaml');
    const moved = q + '---\n' + yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-r') + '---\n' + DENY_ALL;
    ws.update('a.yaml', moved);
    const fresh = new Workspace(defaultConfig());
    fresh.update('a.yaml', moved);
    fresh.update('b.yaml', other);
    const view = (w: Workspace, f: string) => w.result(f)!.findings.map((x) => [x.code, x.span.start, x.span.end, x.document, x.fixes?.map((y) => y.edits)]);
    assert.deepEqual(view(ws, 'a.yaml'), view(fresh, 'a.yaml'));
    assert.deepEqual(view(ws, 'b.yaml'), view(fresh, 'b.yaml'));
    assert.ok(view(ws, 'a.yaml').some(([code]) => code === 'missing-dns-egress'));
  });

  it('a re-check keeps the finding objects that came out the same, so the editor reuses their diagnostics', () => {
    // three egress-isolated policies in one namespace without DNS: a missing-dns-egress finding each
    const text = ['one', 'two', 'three'].map((n) => policy(n, 'tenant-a', `{matchLabels: {app: ${n}}}`, ['  policyTypes: [Egress]'])).join('---\n');
    const ws = new Workspace(defaultConfig());
    ws.update('a.yaml', text);
    const dns = () => ws.result('a.yaml')!.placed.filter((p) => p.finding.code === 'missing-dns-egress');
    const before = dns();
    assert.equal(before.length, 3);
    // a keystroke in the second policy's name: the namespace is checked again
    const at = text.indexOf('name: two') + 'name: two'.length;
    const edited = text.slice(0, at) + 'x' + text.slice(at);
    ws.update('a.yaml', edited, { start: at, end: at, newLength: 1, newText: 'x' });
    const after = dns();
    assert.equal(after.length, 3);
    assert.equal(after[0].finding, before[0].finding, 'unchanged policy: the same finding object');
    assert.equal(after[2].finding, before[2].finding, 'unchanged policy: the same finding object');
    assert.notEqual(after[1].finding, before[1].finding, 'the edited policy: checked again');
    // and a change that alters the findings of unchanged policies gives them new ones: a DNS policy arrives
    ws.update('dns.yaml', ALLOW_DNS);
    assert.deepEqual(dns(), []);
    ws.remove('dns.yaml');
    const back = dns();
    assert.equal(back.length, 3);
    const fresh = new Workspace(defaultConfig());
    fresh.update('a.yaml', edited);
    const view = (w: Workspace) =>
      w.result('a.yaml')!.findings.map((x) => [x.code, x.span.start, x.span.end, x.message, x.fixes?.map((y) => [y.title, y.edits])]);
    assert.deepEqual(view(ws), view(fresh));
  });
});

describe('documents shared by several files', () => {
  it('a document held by two files is read once, and each file gets its own findings where a fresh workspace puts them', () => {
    const ws = new Workspace(defaultConfig());
    // a document with a finding of its own (a lowercase protocol) and one of its namespace (no DNS)
    const doc = policy('web', 'tenant-a', '{}', [
      '  policyTypes: [Ingress, Egress]',
      '  ingress:',
      '    - ports:',
      '        - protocol: tcp',
      '          port: 80',
    ]);
    // (a document's chunk starts at its `---` line: the same text after a first document in each file)
    const a = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-b') + '---\n' + doc;
    const b = yaml('apiVersion: v1', 'kind: Namespace', 'metadata:', '  name: tenant-a') + '---\n' + doc;
    ws.update('a.yaml', a);
    ws.update('b.yaml', b);
    // the same analysis object: the second file reused the first one's analysis of the document
    const analysis = (f: string) => ws.snapshot(f)!.chunk(1).analysed;
    assert.equal(analysis('a.yaml'), analysis('b.yaml'));
    assert.ok(analysis('a.yaml').findings.some((f) => f.finding.code === 'invalid-protocol'));
    const view = (w: Workspace, f: string) => w.result(f)!.findings.map((x) => [x.code, x.span.start, x.span.end, x.document, x.fixes?.map((y) => y.edits)]);
    const fresh = new Workspace(defaultConfig());
    fresh.update('b.yaml', b);
    fresh.update('a.yaml', a);
    assert.deepEqual(view(ws, 'a.yaml'), view(fresh, 'a.yaml'));
    assert.deepEqual(view(ws, 'b.yaml'), view(fresh, 'b.yaml'));
    assert.ok(view(ws, 'b.yaml').some(([code]) => code === 'duplicate-policy-name'));
    // editing one copy: both files as a fresh workspace has them (no duplicate name any more)
    const renamed = a.replace('name: web', 'name: web-2');
    ws.update('a.yaml', renamed);
    const fresh2 = new Workspace(defaultConfig());
    fresh2.update('a.yaml', renamed);
    fresh2.update('b.yaml', b);
    assert.deepEqual(view(ws, 'a.yaml'), view(fresh2, 'a.yaml'));
    assert.deepEqual(view(ws, 'b.yaml'), view(fresh2, 'b.yaml'));
    assert.ok(!view(ws, 'b.yaml').some(([code]) => code === 'duplicate-policy-name'));
  });
});

describe('shared analyses', () => {
  it('keep a document while some file uses it, and let go when the last one does', () => {
    const shared = new SharedAnalyses();
    const text = DENY_ALL + '---\n' + ALLOW_DNS;
    const a = new FilePipeline('a.yaml', shared);
    const b = new FilePipeline('b.yaml', shared);
    a.update(text, defaultConfig());
    const kept = shared.size;
    assert.equal(kept, 2);
    b.update(text, defaultConfig());
    assert.equal(shared.size, kept, 'the second file uses the same two analyses');
    a.dispose();
    assert.equal(shared.size, kept, 'still used by b');
    b.update(DENY_ALL, defaultConfig()); // b drops the DNS document
    b.dispose();
    assert.equal(shared.size, 0);
  });
});
