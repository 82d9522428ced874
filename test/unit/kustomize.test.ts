/** The kustomize label trap: kustomize-selector-labels, and its claim checked against a real `kubectl kustomize`. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { defaultConfig, Workspace, type FileFinding } from '../../server/src/core/index';
import { applyEdits } from '../../server/src/core/edit/fixes';
import { resolveResource } from '../../server/src/core/kustomize';
import { yaml } from '../helpers';

const CODE = 'kustomize-selector-labels';

/** Peers of every kind: matchLabels (kustomize writes into it), with a namespaceSelector, matchExpressions only, and {}. */
const POLICY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: web',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      app: web',
  '  policyTypes: [Ingress, Egress]',
  '  ingress:',
  '    - from:',
  '        - podSelector:',
  '            matchLabels:',
  '              app: frontend',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: monitoring',
  '          podSelector:',
  '            matchLabels:',
  '              app: prometheus',
  '        - podSelector: {}',
  '  egress:',
  '    - to:',
  '        - podSelector:',
  '            matchExpressions:',
  '              - {key: tier, operator: In, values: [cache]}',
  '        - podSelector:',
  '            matchLabels:',
  '              app: db',
);
/** A default deny written with `matchLabels: {}`: kustomize writes into that too. */
const DENY_EMPTY_LABELS = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: deny',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector:',
  '    matchLabels: {}',
  '  policyTypes: [Ingress]',
);
const NO_PEER_LABELS = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: quiet',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector:',
  '    matchLabels: {app: web}',
  '  ingress:',
  '    - from:',
  '        - podSelector: {}',
  '        - podSelector:',
  '            matchExpressions: [{key: app, operator: In, values: [frontend]}]',
);

const COMMON = yaml('resources:', '  - np.yaml', 'commonLabels:', '  team: alpha', '  tier: "yes"');
const INCLUDE = yaml('resources: [np.yaml]', 'labels:', '  - pairs:', '      team: alpha', '    includeSelectors: true');

function lintFiles(files: Record<string, string>): Map<string, FileFinding[]> {
  const ws = new Workspace(defaultConfig());
  for (const [k, t] of Object.entries(files)) ws.update(k, t);
  return new Map(Object.keys(files).map((k) => [k, ws.result(k)!.findings]));
}

const trap = (files: Record<string, string>, file: string) =>
  lintFiles(files)
    .get(file)!
    .filter((f) => f.code === CODE);

/** The selectors the finding names (field paths), in order. */
const named = (f: FileFinding) => [...f.message.matchAll(/spec\.[a-zA-Z[\].0-9]*podSelector/g)].map((m) => m[0]);

describe('kustomize-selector-labels', () => {
  it('fires on commonLabels, naming exactly the peer selectors with matchLabels (not matchExpressions-only, not {})', () => {
    const [f] = trap({ 'app/kustomization.yaml': COMMON, 'app/np.yaml': POLICY }, 'app/kustomization.yaml');
    assert.ok(f, 'a finding');
    assert.equal(f.severity, 'warning');
    assert.equal(COMMON.slice(f.span.start, f.span.end), 'commonLabels');
    assert.deepEqual(named(f), ['spec.ingress[0].from[0].podSelector', 'spec.ingress[0].from[1].podSelector', 'spec.egress[0].to[1].podSelector']);
    assert.match(f.message, /^Kustomize labels in peer selectors: commonLabels writes team=alpha, tier=yes into the pod selectors .*tenant-a\/web: /);
    assert.match(f.message, /those 3 peers then admit only pods labelled team=alpha, tier=yes.*\(one peer is in another namespace/);
  });

  it('fires on labels[].includeSelectors: true, with a fix that sets it false', () => {
    const [f] = trap({ 'kustomization.yaml': INCLUDE, 'np.yaml': POLICY }, 'kustomization.yaml');
    assert.equal(INCLUDE.slice(f.span.start, f.span.end), 'includeSelectors: true');
    assert.match(f.message, /^Kustomize labels in peer selectors: labels\[0\] \(includeSelectors: true\) writes team=alpha/);
    const fixed = applyEdits(INCLUDE, f.fixes![0].edits);
    assert.equal(fixed, INCLUDE.replace('includeSelectors: true', 'includeSelectors: false'));
    assert.deepEqual(trap({ 'kustomization.yaml': fixed, 'np.yaml': POLICY }, 'kustomization.yaml'), []);
  });

  it("offers to replace commonLabels by a labels item without selectors, keeping the pairs' text", () => {
    const [f] = trap({ 'kustomization.yaml': COMMON, 'np.yaml': POLICY }, 'kustomization.yaml');
    const fixed = applyEdits(COMMON, f.fixes![0].edits);
    assert.equal(
      fixed,
      yaml(
        'resources:',
        '  - np.yaml',
        'labels:',
        '  - pairs:',
        '      team: alpha',
        '      tier: "yes"',
        '    includeSelectors: false',
        '    includeTemplates: true',
      ),
    );
    assert.deepEqual(trap({ 'kustomization.yaml': fixed, 'np.yaml': POLICY }, 'kustomization.yaml'), []);
    // with a labels key already there, no fix (it would need merging): the message still says what to do
    const both = `${COMMON}labels:\n  - pairs: {a: b}\n`;
    assert.deepEqual(trap({ 'kustomization.yaml': both, 'np.yaml': POLICY }, 'kustomization.yaml')[0].fixes, []);
  });

  it('says when spec.podSelector.matchLabels: {} (every pod) would be narrowed', () => {
    const [f] = trap({ 'kustomization.yaml': COMMON.replace('np.yaml', 'deny.yaml'), 'deny.yaml': DENY_EMPTY_LABELS }, 'kustomization.yaml');
    assert.deepEqual(named(f), ['spec.podSelector']);
    assert.match(f.message, /a policy's own matchLabels: \{\} \(every pod\) then selects only the pods labelled team=alpha/);
  });

  it('stays silent without a selector kustomize writes into, without selector labels, or with the rule off', () => {
    assert.deepEqual(trap({ 'kustomization.yaml': COMMON, 'np.yaml': NO_PEER_LABELS }, 'kustomization.yaml'), []);
    const plainLabels = yaml('resources: [np.yaml]', 'labels:', '  - pairs: {team: alpha}', '    includeTemplates: true');
    assert.deepEqual(trap({ 'kustomization.yaml': plainLabels, 'np.yaml': POLICY }, 'kustomization.yaml'), []);
    assert.deepEqual(trap({ 'kustomization.yaml': COMMON }, 'kustomization.yaml'), [], 'the resource is not in the workspace');
    const ws = new Workspace({ ...defaultConfig(), rules: { [CODE]: 'off' } });
    ws.update('kustomization.yaml', COMMON);
    ws.update('np.yaml', POLICY);
    assert.deepEqual(
      ws.result('kustomization.yaml')!.findings.map((f) => f.code),
      [],
    );
    const suppressed = COMMON.replace('commonLabels:', `# netpol-lint-disable-next-line ${CODE}\ncommonLabels:`);
    assert.deepEqual(trap({ 'kustomization.yaml': suppressed, 'np.yaml': POLICY }, 'kustomization.yaml'), []);
  });

  it('follows folder resources through their kustomization (an overlay over a base)', () => {
    const files = {
      'deploy/base/kustomization.yaml': yaml('resources:', '  - np.yaml'),
      'deploy/base/np.yaml': POLICY,
      'deploy/overlays/prod/kustomization.yaml': yaml('resources:', '  - ../../base', 'commonLabels: {env: prod}'),
    };
    const found = lintFiles(files);
    assert.deepEqual(found.get('deploy/base/kustomization.yaml'), []);
    const [f] = found.get('deploy/overlays/prod/kustomization.yaml')!;
    assert.equal(f.code, CODE);
    assert.match(f.message, /^Kustomize labels in peer selectors: commonLabels writes env=prod/);
  });

  it('is found again when a resource changes (the workspace says the kustomization is affected)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('kustomization.yaml', COMMON);
    const affected = ws.update('np.yaml', POLICY);
    assert.ok(affected.has('kustomization.yaml'));
    assert.ok(
      !ws.update('cm.yaml', yaml('apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: x}')).has('kustomization.yaml'),
      'a file without policies changes nothing it reads',
    );
    assert.equal(ws.result('kustomization.yaml')!.findings.filter((f) => f.code === CODE).length, 1);
  });

  it('resolves resources against the kustomization: paths and file URIs, never remote ones', () => {
    assert.equal(resolveResource('deploy/app/kustomization.yaml', '../base'), 'deploy/base');
    assert.equal(resolveResource('./deploy/kustomization.yaml', 'np.yaml'), 'deploy/np.yaml');
    assert.equal(resolveResource('kustomization.yaml', './np.yaml'), 'np.yaml');
    assert.equal(resolveResource('/r/app/kustomization.yaml', '../base/np.yaml'), '/r/base/np.yaml');
    assert.equal(resolveResource('file:///r/app/kustomization.yaml', '../my app/np.yaml'), 'file:///r/my%20app/np.yaml');
    assert.equal(resolveResource('kustomization.yaml', 'https://github.com/org/repo//deploy?ref=v1'), undefined);
    assert.equal(resolveResource('kustomization.yaml', 'github.com/org/repo/deploy'), undefined);
  });
});

// the rule's claim against kustomize itself: `kubectl kustomize` (kustomize v5) where installed
const kubectl = spawnSync('kubectl', ['kustomize', '--help'], { encoding: 'utf8' });
const noKubectl = kubectl.error || kubectl.status !== 0 ? 'kubectl kustomize is not installed on this machine' : false;
if (noKubectl) console.log(`# skipping the kubectl kustomize checks: ${noKubectl}`);

/** Renders a folder with `kubectl kustomize` and returns the rendered NetworkPolicies by name. */
function render(files: Record<string, string>): Map<string, Record<string, unknown>> {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-kustomize-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const r = spawnSync('kubectl', ['kustomize', dir], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const out = new Map<string, Record<string, unknown>>();
  for (const d of parseAllDocuments(r.stdout)) {
    const o = d.toJS() as { kind?: string; metadata?: { name?: string } };
    if (o?.kind === 'NetworkPolicy') out.set(o.metadata!.name!, o as Record<string, unknown>);
  }
  return out;
}

/** The rendered policy's pod selectors (field paths as the rule names them) whose matchLabels hold every pair. */
function labelled(policy: Record<string, unknown>, pairs: Record<string, string>): string[] {
  type Sel = { matchLabels?: Record<string, string> } | undefined;
  type Rule = { from?: { podSelector?: Sel }[]; to?: { podSelector?: Sel }[] };
  const spec = policy.spec as { podSelector?: Sel; ingress?: Rule[]; egress?: Rule[] };
  const has = (s: Sel) => s?.matchLabels !== undefined && Object.entries(pairs).every(([k, v]) => s.matchLabels![k] === v);
  const out: string[] = [];
  if (has(spec.podSelector)) out.push('spec.podSelector');
  for (const [dir, key] of [
    ['ingress', 'from'],
    ['egress', 'to'],
  ] as const)
    (spec[dir] ?? []).forEach((rule, i) =>
      (rule[key] ?? []).forEach((peer, j) => {
        if (has(peer.podSelector)) out.push(`spec.${dir}[${i}].${key}[${j}].podSelector`);
      }),
    );
  return out;
}

describe('kustomize-selector-labels against kubectl kustomize', { skip: noKubectl }, () => {
  for (const [what, kustomization] of [
    ['commonLabels', COMMON],
    ['labels[].includeSelectors: true', INCLUDE],
  ] as const) {
    it(`${what}: the peer selectors the finding names are exactly those kustomize writes the labels into`, () => {
      const [f] = trap({ 'kustomization.yaml': kustomization, 'np.yaml': POLICY }, 'kustomization.yaml');
      const rendered = render({ 'kustomization.yaml': kustomization, 'np.yaml': POLICY }).get('web')!;
      const peers = labelled(rendered, { team: 'alpha' }).filter((p) => p !== 'spec.podSelector');
      assert.deepEqual(named(f), peers);
    });
  }

  it('spec.podSelector.matchLabels: {} becomes the labels, as the finding says', () => {
    const files = { 'kustomization.yaml': COMMON.replace('np.yaml', 'deny.yaml'), 'deny.yaml': DENY_EMPTY_LABELS };
    assert.deepEqual(labelled(render(files).get('deny')!, { team: 'alpha' }), ['spec.podSelector']);
    assert.deepEqual(named(trap(files, 'kustomization.yaml')[0]), ['spec.podSelector']);
  });

  it('a policy it is silent on keeps its peers as written', () => {
    const files = { 'kustomization.yaml': COMMON, 'np.yaml': NO_PEER_LABELS };
    assert.deepEqual(
      labelled(render(files).get('quiet')!, { team: 'alpha' }).filter((p) => p !== 'spec.podSelector'),
      [],
    );
  });

  it('after each fix, kustomize writes the labels into no selector, and still onto the policy', () => {
    for (const kustomization of [COMMON, INCLUDE]) {
      const [f] = trap({ 'kustomization.yaml': kustomization, 'np.yaml': POLICY }, 'kustomization.yaml');
      const fixed = applyEdits(kustomization, f.fixes![0].edits);
      const rendered = render({ 'kustomization.yaml': fixed, 'np.yaml': POLICY }).get('web')!;
      assert.deepEqual(labelled(rendered, { team: 'alpha' }), [], fixed);
      assert.equal((rendered.metadata as { labels?: Record<string, string> }).labels?.team, 'alpha');
    }
  });

  it('an overlay over a base writes its labels into the base policy peers, as the finding on the overlay says', () => {
    const files = {
      'base/kustomization.yaml': yaml('resources:', '  - np.yaml'),
      'base/np.yaml': POLICY,
      'prod/kustomization.yaml': yaml('resources:', '  - ../base', 'commonLabels: {env: prod}'),
    };
    const dir = mkdtempSync(join(tmpdir(), 'netpol-kustomize-'));
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(join(dir, name, '..'), { recursive: true });
      writeFileSync(join(dir, name), text);
    }
    const r = spawnSync('kubectl', ['kustomize', join(dir, 'prod')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    const policy = parseAllDocuments(r.stdout)
      .map((d) => d.toJS() as Record<string, unknown>)
      .find((o) => o.kind === 'NetworkPolicy')!;
    const [f] = trap(files, 'prod/kustomization.yaml');
    assert.deepEqual(
      named(f),
      labelled(policy, { env: 'prod' }).filter((p) => p !== 'spec.podSelector'),
    );
  });
});
