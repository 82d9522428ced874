/** `--format sarif` validates against the official SARIF 2.1.0 schema and says what GitHub needs. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { RULES } from '../../server/src/core/index';
import { DENY_ALL, policy } from '../helpers';

const CLI = join(__dirname, '../../dist/cli.js');
const schema = JSON.parse(readFileSync(join(__dirname, '../data/sarif/sarif-schema-2.1.0.json'), 'utf8'));

function sarifFor(files: Record<string, string>, args: string[]) {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-sarif-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const r = spawnSync(process.execPath, [CLI, ...args, '--format', 'sarif'], { cwd: dir, encoding: 'utf8' });
  return { code: r.status, sarif: JSON.parse(r.stdout), dir };
}

describe('netpol-lint --format sarif', () => {
  const bad = policy(['podSelector: {}', 'ingress:', '  - ports:', '      - protocol: tcp', '        port: 80']);
  const { code, sarif, dir } = sarifFor({ 'policies/deny.yaml': DENY_ALL, 'policies/bad.yaml': bad }, ['policies']);

  it('validates against the SARIF 2.1.0 schema', () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    addFormats(ajv); // uri, uri-reference and date-time are checked too
    const validate = ajv.compile(schema);
    assert.ok(validate(sarif), JSON.stringify(validate.errors?.slice(0, 5), null, 2));
    assert.equal(code, 1);
  });

  it('lists every rule with its help text', () => {
    const rules = sarif.runs[0].tool.driver.rules;
    assert.deepEqual(
      rules.map((r: { id: string }) => r.id),
      RULES.map((r) => r.meta.code),
    );
    for (const r of rules) {
      assert.ok(r.help.text.length > 20 && r.helpUri.endsWith(`/docs/rules/${r.id}.md`));
    }
  });

  it('gives 1-based regions and artifact URIs relative to the working directory', () => {
    const results = sarif.runs[0].results;
    const dns = results.find((r: { ruleId: string }) => r.ruleId === 'missing-dns-egress');
    assert.deepEqual(dns.locations[0].physicalLocation.artifactLocation, { uri: 'policies/deny.yaml', uriBaseId: '%SRCROOT%' });
    assert.deepEqual(dns.locations[0].physicalLocation.region, { startLine: 10, startColumn: 7, endLine: 10, endColumn: 13 });
    assert.equal(dns.level, 'warning');
    const proto = results.find((r: { ruleId: string }) => r.ruleId === 'invalid-protocol');
    assert.equal(proto.level, 'error');
    assert.equal(sarif.runs[0].tool.driver.rules[proto.ruleIndex].id, 'invalid-protocol');
    assert.ok(sarif.runs[0].originalUriBaseIds['%SRCROOT%'].uri.endsWith(`${dir.split('/').pop()}/`));
  });

  it('is valid for a clean file too (no results)', () => {
    const clean = sarifFor({ 'a.yaml': 'kind: ConfigMap\n' }, ['a.yaml']);
    assert.equal(clean.code, 0);
    assert.deepEqual(clean.sarif.runs[0].results, []);
  });
});
