/**
 * The workspace-wide cluster policy warnings through the CLI, on a folder whose guardrails, pods and
 * NetworkPolicies are in separate files (test/data/cluster-workspace): each output format reports
 * them on the cluster policy file, at the same lines, like any other rule.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, it } from 'node:test';

const ROOT = join(__dirname, '../..');
const CLI = join(ROOT, 'dist/cli.js');
const DIR = 'test/data/cluster-workspace';
const GUARDRAILS = `${DIR}/guardrails.yaml`;
const CODES = new Set(['same-priority-overlap', 'admin-accept-all-namespaces', 'ipv4-only-networks', 'baseline-rule-unreachable']);

/** The 1-based lines of guardrails.yaml each is about: both priorities, the `from` peer, the rule's name, the networks peer. */
const EXPECTED = [
  'same-priority-overlap:8',
  'admin-accept-all-namespaces:19',
  'same-priority-overlap:27',
  'baseline-rule-unreachable:52',
  'ipv4-only-networks:55',
];

function run(...args: string[]) {
  return spawnSync(process.execPath, [CLI, DIR, ...args], { cwd: ROOT, encoding: 'utf8' });
}

describe('netpol-lint on cluster policies with pods and NetworkPolicies in other files', () => {
  it('text: one line per warning on the cluster policy file, with its code; warnings alone exit 0', () => {
    const r = run();
    assert.equal(r.status, 0, r.stderr);
    const found = r.stdout
      .split('\n')
      .map((l) => /^(\S+):(\d+):\d+\s+warning\s.*\[([a-z0-9-]+)\]$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null && CODES.has(m[3]))
      .map((m) => `${m[1]}|${m[3]}:${m[2]}`);
    assert.deepEqual(
      found,
      EXPECTED.map((e) => `${GUARDRAILS}|${e}`),
    );
    assert.match(r.stdout, /tenant-b\/api \(fd00:10:244:2::9\)/);
    assert.match(r.stdout, /isolated for egress by NetworkPolicy tenant-b\/default-deny/);
  });

  it('--max-warnings 0 fails on them', () => {
    assert.equal(run('--max-warnings', '0').status, 1);
  });

  it('json: the same findings, severity warning, 0-based lines', () => {
    const r = run('--format', 'json');
    const out = JSON.parse(r.stdout) as { files: { path: string; findings: { code: string; severity: string; range: { start: { line: number } } }[] }[] };
    const file = out.files.find((f) => f.path === GUARDRAILS)!;
    const mine = file.findings.filter((f) => CODES.has(f.code));
    assert.deepEqual(
      mine.map((f) => `${f.code}:${f.range.start.line + 1}`),
      EXPECTED,
    );
    assert.ok(mine.every((f) => f.severity === 'warning'));
    for (const f of out.files.filter((x) => x.path !== GUARDRAILS)) assert.ok(!f.findings.some((x) => CODES.has(x.code)), f.path);
  });

  it('sarif: results with the rule ids, listed in the driver with their help', () => {
    const r = run('--format', 'sarif');
    const sarif = JSON.parse(r.stdout);
    const run0 = sarif.runs[0];
    const results = run0.results.filter((x: { ruleId: string }) => CODES.has(x.ruleId));
    assert.deepEqual(
      results.map(
        (x: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }) =>
          `${x.locations[0].physicalLocation.artifactLocation.uri}|${x.ruleId}:${x.locations[0].physicalLocation.region.startLine}|${x.level}`,
      ),
      EXPECTED.map((e) => `${GUARDRAILS}|${e}|warning`),
    );
    const ids = new Set(run0.tool.driver.rules.map((x: { id: string }) => x.id));
    for (const c of CODES) assert.ok(ids.has(c), c);
  });
});
