/** The language server on a folder with a Helm chart: an open template shows no YAML errors; exclude in the config file. */
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { ALLOW_DNS, DENY_ALL } from '../helpers';
import { serverInFolder, tempFolder } from './client';

/** `{{- include … | nindent 6 }}`: a YAML error when parsed unrendered. */
const WEB = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: {{ include "web.fullname" . }}',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      {{- include "web.selectorLabels" . | nindent 6 }}',
  '  policyTypes: [Ingress]',
  '',
].join('\n');

const hasDns = (ds: { code?: unknown }[]) => ds.some((d) => d.code === 'missing-dns-egress');

describe('language server: Helm templates and exclude', () => {
  const folder = serverInFolder(() => {
    const dir = tempFolder('netpol-helm-', { 'deny.yaml': DENY_ALL, 'dns.yaml': ALLOW_DNS, '.netpol-lint.yaml': "exclude: ['dns.yaml']\n" });
    mkdirSync(join(dir, 'web/templates'), { recursive: true });
    writeFileSync(join(dir, 'web/Chart.yaml'), 'apiVersion: v2\nname: web\nversion: 0.1.0\n');
    writeFileSync(join(dir, 'web/templates/np.yaml'), WEB);
    // a plain policy under the chart's templates/ is a template too: it allows DNS only once rendered
    writeFileSync(join(dir, 'web/templates/dns.yaml'), ALLOW_DNS);
    return dir;
  });
  const uri = folder.uri;

  it('an open template gets one helm-template information diagnostic on its first line, no yaml-syntax', async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await folder.client.open(uri('web/templates/np.yaml'), WEB);
    const ds = await folder.client.diagnostics(uri('web/templates/np.yaml'), (d) => d.length > 0, 'the template notice');
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range.start.line]),
      [['helm-template', 3, 0]],
    );
    assert.match(
      String(ds[0].message),
      /^Helm template not linted: this helm template is not YAML until Helm renders it \(chart web\).*helm template web \| netpol-lint -$/,
    );
  });

  it("exclude in .netpol-lint.yaml drops files from the index, and neither the excluded file nor the chart's template counts", async () => {
    await folder.client.open(uri('deny.yaml'), DENY_ALL);
    await folder.client.diagnostics(uri('deny.yaml'), (d) => hasDns(d), 'missing-dns-egress: dns.yaml is excluded, web/templates/dns.yaml a template');
  });

  it('editing the exclude list in the config file indexes the folder again', async () => {
    await folder.client.open(uri('.netpol-lint.yaml'), 'exclude: []\n');
    await folder.client.diagnostics(uri('deny.yaml'), (d) => !hasDns(d), 'dns.yaml back in the index');
  });
});

describe('language server: the kustomize label trap', () => {
  const POLICY = [
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata: {name: web, namespace: tenant-a}',
    'spec:',
    '  podSelector: {matchLabels: {app: web}}',
    '  ingress:',
    '    - from:',
    '        - podSelector:',
    '            matchLabels: {app: frontend}',
    '',
  ].join('\n');
  const KUSTOMIZATION = 'resources:\n  - ../base/np.yaml\ncommonLabels:\n  team: alpha\n';
  const folder = serverInFolder(() => {
    const dir = tempFolder('netpol-kust-', {});
    mkdirSync(join(dir, 'base'));
    mkdirSync(join(dir, 'prod'));
    writeFileSync(join(dir, 'base/np.yaml'), POLICY);
    writeFileSync(join(dir, 'prod/kustomization.yaml'), KUSTOMIZATION);
    return dir;
  });

  it('an open kustomization shows the trap for a policy file of the workspace (resources resolved as file URIs)', async () => {
    const deadline = Date.now() + 5000;
    while (!folder.client.progress.includes('end') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    await folder.client.open(folder.uri('prod/kustomization.yaml'), KUSTOMIZATION);
    const ds = await folder.client.diagnostics(folder.uri('prod/kustomization.yaml'), (d) => d.length > 0, 'the label trap');
    assert.deepEqual(
      ds.map((d) => [d.code, d.severity, d.range.start.line]),
      [['kustomize-selector-labels', 2, 2]],
    );
    assert.match(
      String(ds[0].message),
      /^Kustomize labels in peer selectors: commonLabels writes team=alpha into the pod selectors .*tenant-a\/web: spec\.ingress\[0\]\.from\[0\]\.podSelector/,
    );
  });
});
