/** Helm templates are not YAML: never yaml-syntax, one helm-template finding, nothing read from them. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, holdsTemplateActions, parseConfigFile, Workspace } from '../../server/src/core/index';
import { DENY_ALL, lint, yaml } from '../helpers';

const TEMPLATE = yaml(
  '{{- if .Values.networkPolicy.enabled }}',
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: {{ include "web.fullname" . }}',
  'spec:',
  '  podSelector:',
  '    matchLabels:',
  '      {{- include "web.selectorLabels" . | nindent 6 }}',
  '  policyTypes: [Ingress]',
  '{{- end }}',
);

describe('template detection from the text', () => {
  it('takes actions where YAML structure is for a template', () => {
    assert.equal(holdsTemplateActions(TEMPLATE), true);
    assert.equal(holdsTemplateActions(yaml('metadata:', '  name: {{ .Release.Name }}-web')), true, 'a key whose unquoted value is an action');
    assert.equal(holdsTemplateActions(yaml('spec:', '  except:', '    - {{ .Values.cidr }}')), true, 'a list item that is an action');
    assert.equal(holdsTemplateActions(yaml('labels:', '  {{ template "x" . }}-client: "true"')), true, 'an action as a key');
    assert.equal(holdsTemplateActions(yaml('"quoted key": {{ .Values.x }}')), true);
  });

  it('leaves valid YAML whose actions are text (quoted, or in a block scalar) alone', () => {
    assert.equal(holdsTemplateActions(yaml('metadata:', '  namespace: "{{request.object.metadata.name}}"')), false, "Kyverno's variables");
    assert.equal(holdsTemplateActions(yaml('summary: Instance {{ $labels.instance }} is down')), false, 'an action inside a plain value');
    assert.equal(
      holdsTemplateActions(
        yaml(
          'kind: ConfigMap',
          'data:',
          '  slack.tmpl: |',
          '    {{ define "slack.title" }}',
          '    {{ .CommonLabels.alertname }}',
          '    {{ end }}',
          'metadata:',
          '  name: am',
        ),
      ),
      false,
      'an Alertmanager template in a block scalar',
    );
    assert.equal(holdsTemplateActions(yaml('items:', '  - text: >-', '      {{ not a template }}', '    other: 1')), false, 'a block scalar in a list item');
    assert.equal(holdsTemplateActions(yaml('# {{- if .Values.x }} in a comment', 'kind: NetworkPolicy')), false);
    assert.equal(holdsTemplateActions(DENY_ALL), false);
  });

  it('sees an action after a block scalar ends', () => {
    assert.equal(holdsTemplateActions(yaml('data:', '  a: |', '    {{ text }}', 'name: {{ .Release.Name }}')), true);
  });
});

describe('a template is never parsed', () => {
  it('gives one helm-template information finding on its first line, never yaml-syntax', () => {
    const found = lint(TEMPLATE);
    assert.deepEqual(
      found.map((f) => [f.code, f.severity, f.span.start]),
      [['helm-template', 'information', 0]],
    );
    assert.equal(TEMPLATE.slice(found[0].span.start, found[0].span.end), '{{- if .Values.networkPolicy.enabled }}');
    assert.match(found[0].message, /not YAML until rendered/);
  });

  it('is a template under a chart, even without actions: nothing of it counts in the workspace', () => {
    const ws = new Workspace(defaultConfig(), (file) => (file.startsWith('chart/templates/') ? 'chart' : undefined));
    ws.update('chart/templates/deny.yaml', DENY_ALL);
    ws.update('plain/deny.yaml', DENY_ALL);
    const inChart = ws.result('chart/templates/deny.yaml')!.findings;
    assert.deepEqual(
      inChart.map((f) => f.code),
      ['helm-template'],
    );
    assert.match(
      inChart[0].message,
      /^Helm template not linted: this helm template is not YAML until Helm renders it \(chart chart\)\. Lint the rendered chart instead: netpol-lint --render chart, or helm template chart \| netpol-lint -$/,
    );
    assert.ok(
      ws.result('plain/deny.yaml')!.findings.some((f) => f.code === 'missing-dns-egress'),
      'the same policy elsewhere is linted',
    );
    assert.deepEqual(
      ws.objects().policies.map((p) => p.file),
      ['plain/deny.yaml'],
    );
    // an answer over the chart says it did not read the template (it names a NetworkPolicy)
    assert.deepEqual(
      ws.unreadable().map((u) => [u.file, u.message]),
      [['chart/templates/deny.yaml', 'netpol-lint did not read this file: it is a template of the Helm chart chart, not YAML until rendered']],
    );
  });

  it('stays unparsed with helm-template off, with no finding at all', () => {
    const config = { ...defaultConfig(), rules: { 'helm-template': 'off' as const } };
    assert.deepEqual(lint(TEMPLATE, config), []);
  });

  it('is analysed in the background as a template too (the workspace index)', async () => {
    const ws = new Workspace(defaultConfig());
    await ws.updateInBackground('t.yaml', TEMPLATE, async () => undefined);
    assert.deepEqual(
      ws.result('t.yaml')!.findings.map((f) => f.code),
      ['helm-template'],
    );
  });

  it('becomes YAML again once the actions are gone (an edit in the editor)', () => {
    const ws = new Workspace(defaultConfig());
    ws.update('np.yaml', TEMPLATE);
    ws.update('np.yaml', DENY_ALL);
    assert.ok(ws.result('np.yaml')!.findings.some((f) => f.code === 'missing-dns-egress'));
  });
});

describe('exclude in .netpol-lint.yaml', () => {
  it('reads a list of globs, and rejects what is not one', () => {
    assert.deepEqual(parseConfigFile(yaml("exclude: ['charts/**', 'vendor/*.yaml']")), { layer: { exclude: ['charts/**', 'vendor/*.yaml'] }, problems: [] });
    const bad = parseConfigFile(yaml('exclude: charts/**'));
    assert.deepEqual(bad.layer, {});
    assert.match(bad.problems[0].message, /^Must be a list of strings \(exclude\)/);
    const empty = parseConfigFile(yaml("exclude: ['', 3]"));
    assert.deepEqual(
      empty.problems.map((p) => p.message),
      ['Invalid item: "" is not a glob pattern (it is empty) (exclude)', 'Invalid item: 3 must be a string (exclude)'],
    );
  });

  it('suggests exclude for a near miss', () => {
    assert.match(parseConfigFile(yaml("excludes: ['x']")).problems[0].message, /did you mean "exclude"\?/);
  });
});
