/** The built CLI on a repository with a Helm chart: the README's CI recipe passes, and exclude globs. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { policy } from '../helpers';
import { runCli, tempTree } from '../cliRun';

const ROOT = join(__dirname, '../..');
const CORPUS = join(ROOT, 'test/data/corpus/templated');

const run = (args: string[], cwd: string, input?: string) => runCli(args, { cwd, input });
const repo = (files: Record<string, string>) => tempTree('netpol-helm-', files);

// two real templates: ingress-nginx's (`{{- include … | nindent 6 }}`: a YAML error unrendered)
// and argo-cd's redis test chart's (wrapped in `{{- if }}`)
const NGINX = readFileSync(join(CORPUS, 'kubernetes__ingress-nginx/charts__ingress-nginx__templates__controller-networkpolicy.yaml'), 'utf8');
const REDIS = readFileSync(join(CORPUS, 'argoproj__argo-cd/util__helm__testdata__redis__templates__networkpolicy.yaml'), 'utf8');
/** An invalid protocol: an error, exit 1. */
const ERROR_POLICY_TEXT = policy(['podSelector: {}', 'policyTypes: [Ingress]', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80'], 'bad');
/** The case: `{{- include … | nindent 6 }}` is a YAML error ("Block collections are not allowed within flow collections") unrendered. */
const WEB = [
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: {{ include "web.fullname" . }}',
  '  labels:',
  '    {{- include "web.labels" . | nindent 4 }}',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      {{- include "web.selectorLabels" . | nindent 6 }}',
  '  policyTypes:',
  '    - Ingress',
  '',
].join('\n');
const BASELINE = readFileSync(join(ROOT, 'examples/tenant-a-baseline.yaml'), 'utf8');

const CHART_REPO = {
  'deploy/helm2/Chart.yaml': 'apiVersion: v2\nname: helm2\nversion: 0.1.0\n',
  'deploy/helm2/values.yaml': 'controller:\n  networkPolicy:\n    enabled: true\n',
  'deploy/helm2/templates/np.yaml': NGINX,
  'deploy/helm2/templates/policies/redis.yaml': REDIS,
  'deploy/helm2/templates/web.yaml': WEB,
  'deploy/helm2/templates/configmap.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n',
  'deploy/base/tenant-a.yaml': BASELINE,
};

describe('netpol-lint on a repository with a Helm chart', () => {
  it("passes the README's CI recipe (node dist/cli.js deploy/ --max-warnings 0): no yaml-syntax, one helm-template per chart", () => {
    const dir = repo(CHART_REPO);
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const recipe = /- run: node dist\/cli\.js (deploy\/ --max-warnings 0)\n/.exec(readme);
    assert.ok(recipe, 'the README still shows the recipe');
    const r = run(recipe[1].split(' '), dir);
    assert.equal(r.code, 0, r.out + r.err);
    assert.doesNotMatch(r.out, /yaml-syntax/);
    const lines = r.out.trim().split('\n');
    assert.equal(lines.length, 2, r.out);
    // on the chart's first template in file order, for all four
    assert.match(
      lines[0],
      /^deploy\/helm2\/templates\/configmap\.yaml:1:1 {2}information {2}Helm templates not linted: the 4 templates of this chart are not YAML until Helm renders them \(chart deploy\/helm2\)\. .*helm template deploy\/helm2 \| netpol-lint - {2}\[helm-template\]$/,
    );
    assert.equal(lines[1], '0 errors, 0 warnings, 1 information in 7 files');
  });

  it('reports one finding per chart in JSON and SARIF too, and a template on standard input', () => {
    const dir = repo({ ...CHART_REPO, 'deploy/other/Chart.yaml': 'apiVersion: v2\nname: other\nversion: 1.0.0\n', 'deploy/other/templates/np.yaml': REDIS });
    const json = JSON.parse(run(['deploy', '--format', 'json'], dir).out) as { files: { path: string; findings: { code: string }[] }[] };
    const notices = json.files.flatMap((f) => f.findings.filter((x) => x.code === 'helm-template').map(() => f.path));
    assert.deepEqual(notices, ['deploy/helm2/templates/configmap.yaml', 'deploy/other/templates/np.yaml']);
    const sarif = JSON.parse(run(['deploy', '--format', 'sarif'], dir).out) as { runs: { results: { ruleId: string }[] }[] };
    assert.deepEqual(
      sarif.runs[0].results.map((x) => x.ruleId),
      ['helm-template', 'helm-template'],
    );
    const stdin = run(['-'], dir, NGINX);
    assert.equal(stdin.code, 0);
    assert.match(stdin.out, /^-:1:1 {2}information {2}Template not linted: this file holds template actions .*\[helm-template\]\n/);
  });

  it('names the templates that declare policies as not read, for reach', () => {
    const dir = repo(CHART_REPO);
    const r = run(['reach', 'deploy', '--port', '80', '--format', 'json'], dir);
    const unreadable = (JSON.parse(r.out) as { unreadable: { file: string; message: string }[] }).unreadable;
    assert.deepEqual(
      unreadable.map((u) => u.file),
      ['deploy/helm2/templates/np.yaml', 'deploy/helm2/templates/policies/redis.yaml', 'deploy/helm2/templates/web.yaml'],
    );
    assert.match(unreadable[0].message, /it is a template of the Helm chart deploy\/helm2, not YAML until rendered/);
  });
});

describe('netpol-lint exclude globs', () => {
  const files = {
    ...CHART_REPO,
    'deploy/broken/bad.yaml': ERROR_POLICY_TEXT,
    'deploy/base/kept.yaml': ERROR_POLICY_TEXT.replace('name: bad', 'name: kept'),
  };

  it('--exclude (repeatable) skips what its globs name, relative to the working directory', () => {
    const dir = repo(files);
    const all = run(['deploy'], dir);
    assert.equal(all.code, 1);
    assert.match(all.out, /deploy\/broken\/bad\.yaml/);
    const r = run(['deploy', '--exclude', 'deploy/helm2/**', '--exclude=**/broken/*.yaml'], dir);
    assert.doesNotMatch(r.out, /helm-template|broken/, r.out);
    assert.match(r.out, /deploy\/base\/kept\.yaml:\d+:\d+ {2}error/);
    assert.match(r.out, /in 2 files\n$/);
    // from inside deploy/, the globs are relative to it
    const inside = run(['.', '--exclude', 'broken/**', '--exclude', 'base/kept.yaml', '--exclude', 'helm2/**'], join(dir, 'deploy'));
    assert.equal(inside.code, 0, inside.out);
    assert.equal(inside.out, '0 errors, 0 warnings in 1 file\n');
  });

  it("exclude in .netpol-lint.yaml is relative to the config file's folder, and --exclude adds to it", () => {
    const dir = repo({ ...files, '.netpol-lint.yaml': "exclude: ['deploy/broken/**']\n" });
    const sub = run(['.'], join(dir, 'deploy'));
    assert.doesNotMatch(sub.out, /broken/);
    assert.match(sub.out, /base\/kept\.yaml/);
    const both = run(['deploy', '--exclude', 'deploy/base/kept.yaml'], dir);
    assert.equal(both.code, 0, both.out);
    assert.doesNotMatch(both.out, /broken|kept/);
  });

  it('a bad exclude is a usage error naming it', () => {
    const dir = repo({ ...files, '.netpol-lint.yaml': 'exclude: deploy/broken\n' });
    const r = run(['deploy'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^netpol-lint: bad config \.netpol-lint\.yaml:1:10: Must be a list of strings \(exclude\)/);
    const noValue = run(['deploy', '--exclude'], repo(CHART_REPO));
    assert.equal(noValue.code, 2);
    assert.match(noValue.err, /option --exclude needs a value: a glob such as "charts\/\*\*"/);
  });

  it('--help documents --exclude and the templates', () => {
    const r = run(['--help'], ROOT);
    assert.match(r.out, /--exclude GLOB/);
    assert.match(r.out, /helm-template/);
  });
});
