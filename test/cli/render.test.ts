/**
 * `netpol-lint lint --render`: kustomizations rendered for real with `kubectl kustomize` (skipped,
 * saying why, where it is not installed), charts through a stand-in `helm` on the PATH that prints
 * a recorded `helm template` output; findings on the source files.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { describe, it } from 'node:test';
import { yaml } from '../helpers';
import { runCli, tempTree } from '../cliRun';

const run = (args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env) => runCli(args, { cwd, env });
const repo = (files: Record<string, string>) => tempTree('netpol-render-', files);

/** `line:column` (1-based) of `needle` in `text`. */
function lineCol(text: string, needle: string): string {
  const at = text.indexOf(needle);
  assert.ok(at >= 0, needle);
  const before = text.slice(0, at).split('\n');
  return `${before.length}:${before.at(-1)!.length + 1}`;
}

/** A policy without a namespace (the kustomization sets it) and with a lower-case protocol (an error). */
const BASE_POLICY = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: api',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      app: api',
  '  policyTypes: [Ingress]',
  '  ingress:',
  '    - ports:',
  '        - protocol: tcp',
  '          port: 8080',
);

const kubectl = spawnSync('kubectl', ['kustomize', '--help'], { encoding: 'utf8' });
const noKubectl = kubectl.error || kubectl.status !== 0 ? 'kubectl kustomize is not installed on this machine' : false;
if (noKubectl) console.log(`# skipping the kustomize rendering tests: ${noKubectl}`);

describe('lint --render: kustomize (kubectl kustomize, for real)', { skip: noKubectl }, () => {
  const files = {
    'deploy/base/kustomization.yaml': yaml('resources:', '  - np.yaml'),
    'deploy/base/np.yaml': BASE_POLICY,
    'deploy/prod/kustomization.yaml': yaml('namespace: tenant-a', 'namePrefix: prod-', 'resources:', '  - ../base'),
  };

  it('reports the rendered policy on its resource file, at the line the finding is on', () => {
    const dir = repo(files);
    const plain = run(['deploy'], dir);
    assert.match(plain.out, /deploy\/base\/np\.yaml:\d+:\d+ {2}information {2}.*\[missing-namespace\]/, 'unrendered, the namespace is missing');
    const r = run(['deploy', '--render'], dir);
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`^deploy/base/np\\.yaml:${lineCol(BASE_POLICY, 'tcp')} {2}error {2}.*"tcp".*\\[invalid-protocol\\]$`, 'm'));
    // rendered once, through the overlay (the base is part of it): one error, not two
    assert.equal(r.out.match(/\[invalid-protocol\]/g)?.length, 1, r.out);
    assert.doesNotMatch(r.out, /missing-namespace/, 'the overlay sets the namespace');
  });

  it("says the rendered line when it is not the source's (a value kustomize set)", () => {
    const dir = repo(files);
    const r = run(['deploy', '--render', '--format', 'json'], dir);
    const json = JSON.parse(r.out) as { files: { path: string; findings: { code: string; message: string; range: { start: { line: number } } }[] }[] };
    const np = json.files.find((f) => f.path === 'deploy/base/np.yaml')!;
    const deny = np.findings.find((f) => f.code === 'no-default-deny');
    assert.ok(deny, JSON.stringify(np.findings.map((f) => f.code)));
    assert.match(deny.message, /\(rendered as: namespace: tenant-a\)$/);
    assert.equal(deny.range.start.line, 0);
  });

  it('still reports the label trap on the kustomization (it only shows unrendered)', () => {
    const dir = repo({
      'kustomization.yaml': yaml('resources: [np.yaml]', 'commonLabels: {team: alpha}'),
      'np.yaml': yaml(
        'apiVersion: networking.k8s.io/v1',
        'kind: NetworkPolicy',
        'metadata: {name: web, namespace: tenant-a}',
        'spec:',
        '  podSelector: {matchLabels: {app: web}}',
        '  ingress:',
        '    - from:',
        '        - podSelector:',
        '            matchLabels: {app: frontend}',
      ),
    });
    const r = run(['.', '--render'], dir);
    assert.match(
      r.out,
      /^kustomization\.yaml:2:1 {2}warning {2}Kustomize labels in peer selectors: commonLabels writes team=alpha .*\[kustomize-selector-labels\]$/m,
    );
  });
});

describe('lint --render: Helm (a stand-in helm printing a recorded render)', () => {
  const TEMPLATE = yaml(
    '{{- if .Values.networkPolicy.enabled }}',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: {{ include "web.fullname" . }}',
    '  namespace: {{ .Release.Namespace }}',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      {{- include "web.selectorLabels" . | nindent 6 }}',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '    - ports:',
    '        - protocol: tcp',
    '          port: {{ .Values.port }}',
    '{{- end }}',
  );
  /** What `helm template deploy/web` prints for it (recorded; the release namespace was tenant-a). */
  const RECORDED = yaml(
    '---',
    '# Source: web/templates/networkpolicy.yaml',
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    '  name: release-name-web',
    '  namespace: tenant-a',
    'spec:',
    '  podSelector:',
    '    matchLabels:',
    '      app.kubernetes.io/name: web',
    '      app.kubernetes.io/instance: release-name',
    '  policyTypes: [Ingress, Egress]',
    '  ingress:',
    '    - ports:',
    '        - protocol: tcp',
    '          port: 8080',
  );

  function helmRepo() {
    const dir = repo({
      'deploy/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
      'deploy/web/values.yaml': 'networkPolicy:\n  enabled: true\nport: 8080\n',
      'deploy/web/templates/networkpolicy.yaml': TEMPLATE,
      'bin/recorded.yaml': RECORDED,
      // the stand-in: records its arguments, prints the recorded render
      'bin/helm': `#!/bin/sh\necho "$@" > "${'$'}(dirname "$0")/args"\ncat "${'$'}(dirname "$0")/recorded.yaml"\n`,
    });
    chmodSync(join(dir, 'bin/helm'), 0o755);
    return { dir, env: { ...process.env, PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH}` } };
  }

  it('maps the rendered findings to the template through # Source:, with no helm-template notice', () => {
    const { dir, env } = helmRepo();
    const r = run(['deploy', '--render'], dir, env);
    assert.equal(readFileSync(join(dir, 'bin/args'), 'utf8'), 'template deploy/web\n');
    assert.equal(r.code, 1, r.out + r.err);
    assert.match(r.out, new RegExp(`^deploy/web/templates/networkpolicy\\.yaml:${lineCol(TEMPLATE, 'tcp')} {2}error {2}.*\\[invalid-protocol\\]$`, 'm'));
    assert.doesNotMatch(r.out, /helm-template|yaml-syntax/);
    // DNS is missing in the rendered policy (Egress isolated): on the line the template shares with it
    assert.match(
      r.out,
      new RegExp(`^deploy/web/templates/networkpolicy\\.yaml:${lineCol(TEMPLATE, 'Egress]')} {2}warning {2}.*\\[missing-dns-egress\\]$`, 'm'),
    );
  });

  it('renders the chart of templates given without their Chart.yaml', () => {
    const { dir, env } = helmRepo();
    const r = run(['deploy/web/templates', '--render'], dir, env);
    assert.equal(readFileSync(join(dir, 'bin/args'), 'utf8'), 'template deploy/web\n');
    assert.match(r.out, /^deploy\/web\/templates\/networkpolicy\.yaml:\d+:\d+ {2}error .*\[invalid-protocol\]$/m);
  });

  it("passes the config's release namespace and values files (relative to the config file) to helm template", () => {
    const { dir, env } = helmRepo();
    writeFileSync(join(dir, '.netpol-lint.yaml'), "helm:\n  namespace: tenant-a\n  values: ['deploy/prod-values.yaml']\n");
    run(['.', '--render'], join(dir, 'deploy'), env);
    assert.equal(readFileSync(join(dir, 'bin/args'), 'utf8'), `template web --namespace tenant-a --values ${join(dir, 'deploy/prod-values.yaml')}\n`);
  });

  it('render: helm in the config renders without --render; a missing helm is a usage error', () => {
    const { dir, env } = helmRepo();
    writeFileSync(join(dir, '.netpol-lint.yaml'), 'render: helm\n');
    assert.match(run(['deploy'], dir, env).out, /networkpolicy\.yaml:\d+:\d+ {2}error .*\[invalid-protocol\]/);
    const none = run(['deploy', '--render'], dir, { ...process.env, PATH: join(dir, 'nothing') });
    assert.equal(none.code, 2);
    assert.match(none.err, /^netpol-lint: --render: helm is not on the PATH, to render the chart deploy\/web/);
    writeFileSync(join(dir, '.netpol-lint.yaml'), 'render: all\n');
    assert.match(run(['deploy'], dir, env).err, /Unknown render mode "all": use auto, helm or kustomize \(render\)/);
  });

  it('--render belongs to lint and cannot be combined with --fix', () => {
    const { dir, env } = helmRepo();
    assert.match(run(['deploy', '--render', '--fix'], dir, env).err, /--render lints what charts and kustomizations render, which --fix cannot write back/);
    assert.match(run(['explain', 'deploy', '--render'], dir, env).err, /--render belongs to lint/);
  });
});
