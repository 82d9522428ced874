/**
 * Messages lead with the point: a short capitalised statement of the problem first ("No DNS egress:
 * …"), the field path after it, in parentheses at the very end, so that the Problems panel, which
 * cuts long lines, still shows what is wrong. Held for every registered rule (on its documentation
 * page's "wrong" example, which the rule reports), the engine's own findings, the configuration
 * file's problems, and every finding on the real-world corpus and the examples.
 */
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { internalErrorFinding } from '../../server/src/core/analysis/contain';
import { parseConfigFile } from '../../server/src/core/configFile';
import { defaultConfig, type FileFinding, RULES } from '../../server/src/core/index';
import { stamp, withPath } from '../../server/src/core/rules/stamp';
import { corpusFiles } from '../corpus';
import { DENY_ALL, docConfig, findings, lint, lintDocExample, messagePath, problemFirstViolation, yaml } from '../helpers';

/** Codes whose findings are about no field: a syntax error, a comment, a whole file or workload, the config file. */
const NO_FIELD = new Set([
  'helm-template',
  'kustomize-selector-labels',
  'yaml-syntax',
  'unknown-rule',
  'internal-error',
  'file-too-large',
  'invalid-config',
  'flow-indentation',
  'unprotected-workload',
]);
/** Codes whose findings name fields of other files in their body (the policies a kustomization changes). */
const OTHER_FILES = new Set(['kustomize-selector-labels']);
/** Codes with no "wrong" example on their page (no correct input produces them, or they need a tests file beside it): tested below or in test/lsp/tenantTests.test.ts. */
const NO_EXAMPLES = new Set(['internal-error', 'file-too-large', 'invalid-config', 'invalid-tests-file', 'tenant-invariant-violated', 'tenant-test-failed']);

/**
 * A rule page's "wrong" example, linted as ruledocs.test.ts does: for the newest Kubernetes version
 * and the CRD channel its page names (a cluster policy rule of the experimental channel reports only there).
 */
function lintExample(code: string): FileFinding[] {
  const page = readFileSync(join(__dirname, '../../docs/rules', `${code}.md`), 'utf8');
  const m = /## Wrong\n\n```yaml\n([\s\S]*?)\n```/.exec(page);
  assert.ok(m, `${code}: no yaml example under "## Wrong"`);
  return lintDocExample(code, page, `${m[1]}\n`, docConfig(page));
}

describe('messages: problem first, field path last', () => {
  it('stamp composes the message and its path: the path in parentheses at the end, in place of a final period', () => {
    const meta = RULES.find((r) => r.meta.code === 'empty-port')!.meta;
    const span = { start: 0, end: 1 };
    assert.equal(
      stamp(meta, { message: 'Empty port opens every TCP port: give one.', path: 'spec.egress[0].ports[1].port', span }).message,
      'Empty port opens every TCP port: give one (spec.egress[0].ports[1].port)',
    );
    assert.equal(stamp(meta, { message: 'No path here.', span }).message, 'No path here.');
    assert.equal(withPath('Did you mean "ports"?', 'dns'), 'Did you mean "ports"? (dns)');
  });

  it('the check refuses what the Problems panel would cut to a path', () => {
    // the old shape, and its variants: each is caught
    assert.ok(problemFirstViolation('spec.policyTypes[1]: the pods this policy selects are isolated for egress'));
    assert.ok(problemFirstViolation('No DNS egress: spec.policyTypes[1] isolates the pods'));
    assert.ok(problemFirstViolation('No DNS egress: the pods are isolated for egress', true));
    assert.ok(
      problemFirstViolation('The pods this policy selects are isolated for egress, and no policy in the namespace allows them DNS: every lookup fails'),
    );
    assert.equal(problemFirstViolation('No DNS egress: every name lookup will fail (spec.policyTypes[1])', true), undefined);
    assert.equal(
      problemFirstViolation(
        'Hand-made namespace label: select by kubernetes.io/metadata.name, which the API server sets (spec.ingress[0].from[1].namespaceSelector)',
        true,
      ),
      undefined,
    );
  });

  for (const rule of RULES) {
    const { code } = rule.meta;
    if (NO_EXAMPLES.has(code)) continue;
    it(`${code}: every finding on its page's wrong example`, () => {
      const found = lintExample(code);
      assert.ok(
        found.some((f) => f.code === code),
        `no ${code} on its wrong example`,
      );
      for (const f of found)
        assert.equal(problemFirstViolation(f.message, !NO_FIELD.has(f.code), OTHER_FILES.has(f.code)), undefined, `${f.code}: ${f.message}`);
    });
  }

  it('internal-error, file-too-large, unknown-rule and yaml-syntax', () => {
    const messages = [
      internalErrorFinding('the rule empty-port', new Error('boom'), { start: 0, end: 1 }).message,
      ...lint(DENY_ALL + '---\n' + DENY_ALL, { ...defaultConfig(), limits: { maxFileBytes: 8_000_000, maxDocuments: 1 } }).map((f) => f.message),
      ...findings(DENY_ALL.replace('    - Egress', '    # netpol-lint-disable-next-line missing-dns\n    - Egress'), 'unknown-rule').map((f) => f.message),
      ...findings(yaml('kind: NetworkPolicy', 'spec: [', '  a: b'), 'yaml-syntax').map((f) => f.message),
    ];
    assert.equal(messages.length, 4, messages.join('\n'));
    assert.match(messages[0], /^Internal error in netpol-lint: the rule empty-port failed on this document \(boom\)/);
    assert.match(messages[1], /^File not analysed: /);
    for (const m of messages) assert.equal(problemFirstViolation(m), undefined, m);
  });

  it('the configuration file: each problem names its key at the end', () => {
    const text = yaml(
      'rules:',
      '  implicit-protocol: silent',
      '  no-such-rule: off',
      'dns:',
      '  port: [5353]',
      '  ports: 5353',
      '  nodeLocalIPs: [not-an-ip]',
      '  namespace: Kube_System',
      '  podLabels: {k8s-app: "-dns"}',
      'tenantNamespaces: team-a',
      'kubernetesVersion: 1.30',
      'clusterNetworkPolicy: {channel: Experimental, chanel: standard}',
      'rulez: {}',
    );
    const problems = parseConfigFile(text).problems.map((p) => p.message);
    assert.deepEqual(problems.map(messagePath), [
      'rules.implicit-protocol',
      'rules',
      'dns',
      'dns.ports',
      'dns.nodeLocalIPs',
      'dns.namespace',
      'dns.podLabels.k8s-app',
      'tenantNamespaces',
      'kubernetesVersion',
      'clusterNetworkPolicy.channel',
      'clusterNetworkPolicy',
      undefined,
    ]);
    for (const m of problems) assert.match(m, /^[A-Z][^:]{0,60}(: |$)/, m);
  });

  it('every finding on the real-world corpus and the examples', () => {
    const examples = join(__dirname, '../../examples');
    const files = [...corpusFiles(), ...readdirSync(examples).map((f) => join(examples, f))];
    let checked = 0;
    for (const file of files) {
      for (const f of lint(readFileSync(file, 'utf8'))) {
        assert.equal(problemFirstViolation(f.message, !NO_FIELD.has(f.code)), undefined, `${file}: ${f.code}: ${f.message}`);
        checked++;
      }
    }
    assert.ok(checked > 100, `only ${checked} findings`);
  });
});
