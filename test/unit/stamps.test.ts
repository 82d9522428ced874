/**
 * Every finding carries its rule's code and severity, both from the rule's meta: rules only report
 * (message, span, fixes), and the registry stamps them. Checked over all of test/data, each file on
 * its own and all of them as one workspace (so the namespace rules see several files).
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { defaultConfig, type Finding, Workspace } from '../../server/src/core/index';
import { NAMESPACE_RULES, POLICY_RULES } from '../../server/src/core/rules/index';
import { stamp } from '../../server/src/core/rules/stamp';
import { corpusFiles } from '../corpus';
import { lint } from '../helpers';
import type { RuleMeta } from '../../server/src/core/rules/types';
import { ruleMeta } from '../../server/src/core/rules/index';

const DATA = join(__dirname, '../data');
const files = corpusFiles(DATA).map((file) => ({ file, key: relative(DATA, file), text: readFileSync(file, 'utf8') }));

/** The severities a rule's findings may have: its default, and the one its meta declares for escalated reports. */
const allowed = (meta: RuleMeta) => [meta.defaultSeverity, ...(meta.escalatedSeverity ? [meta.escalatedSeverity] : [])];

function wrongStamp(meta: RuleMeta, f: Finding, where: string): string | undefined {
  if (f.code !== meta.code) return `${where}: rule ${meta.code} gave a finding coded ${f.code}`;
  if (!allowed(meta).includes(f.severity)) return `${where}: ${f.code} is ${f.severity}, meta says ${allowed(meta).join(' or ')}`;
  return undefined;
}

// What each registered rule hands back, recorded as the analysis runs it (before any analysis is cached).
const produced: { meta: RuleMeta; finding: Finding }[] = [];
for (const rule of POLICY_RULES) {
  const check = rule.check;
  rule.check = (policy, ctx) => {
    const found = check(policy, ctx);
    for (const finding of found) produced.push({ meta: rule.meta, finding });
    return found;
  };
}
for (const rule of NAMESPACE_RULES) {
  const check = rule.check;
  rule.check = (members, ctx) => {
    const found = check(members, ctx);
    for (const { finding } of found) produced.push({ meta: rule.meta, finding });
    return found;
  };
}

describe('findings as rules stamp them', () => {
  const output: { where: string; finding: Finding }[] = [];
  for (const { key, text } of files) for (const finding of lint(text)) output.push({ where: key, finding });
  const ws = new Workspace(defaultConfig());
  for (const { key, text } of files) ws.update(key, text);
  for (const { key } of files) for (const finding of ws.result(key)?.findings ?? []) output.push({ where: `${key} (workspace)`, finding });

  it('each registered rule returns findings with its own code and severity', () => {
    const codes = new Set(produced.map((p) => p.meta.code));
    assert.ok(codes.size >= 10, `only ${codes.size} rules reported over test/data`);
    assert.ok(
      NAMESPACE_RULES.some((r) => codes.has(r.meta.code)),
      'no namespace rule reported',
    );
    const wrong = produced.map(({ meta, finding }) => wrongStamp(meta, finding, 'test/data')).filter((w) => w !== undefined);
    assert.deepEqual(wrong, []);
  });

  it('gives an escalated report the escalated severity only where the meta declares one', () => {
    const span = { start: 0, end: 1 };
    const implicit = ruleMeta('implicit-protocol')!;
    assert.equal(stamp(implicit, { message: 'm', span, escalated: true }).severity, 'warning');
    assert.equal(stamp(implicit, { message: 'm', span }).severity, 'hint');
    assert.throws(() => stamp(ruleMeta('allow-all')!, { message: 'm', span, escalated: true }), /declares no escalatedSeverity/);
  });

  it('every finding out of the analysis carries a registered code and its rule severity', () => {
    assert.ok(output.length > 0);
    const wrong = output
      .map(({ where, finding }) => {
        const meta = ruleMeta(finding.code);
        return meta ? wrongStamp(meta, finding, where) : `${where}: unknown code ${finding.code}`;
      })
      .filter((w) => w !== undefined);
    assert.deepEqual(wrong, []);
  });
});
