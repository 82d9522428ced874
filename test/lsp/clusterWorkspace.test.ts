/**
 * The workspace-wide cluster policy warnings in the editor: published on the open cluster policy
 * file from what other files of the folder declare, and updated when an open NetworkPolicy is edited.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { serverInFolder, tempFolder } from './client';

const DATA = join(__dirname, '../data/cluster-workspace');
const read = (name: string) => readFileSync(join(DATA, name), 'utf8');
const FILES = { 'guardrails.yaml': read('guardrails.yaml'), 'workloads.yaml': read('workloads.yaml'), 'tenant-b.yaml': read('tenant-b.yaml') };
const codes = (ds: { code?: unknown }[]) => ds.map((d) => String(d.code)).filter((c) => c !== 'catch-all-networks');

describe('language server: cluster policy warnings across the folder', () => {
  const folder = serverInFolder(() => tempFolder('netpol-cnpws-', FILES));
  const uri = folder.uri;

  it('publishes the four warnings on the open cluster policy file, from the pods and NetworkPolicy on disk', async () => {
    await folder.client.open(uri('guardrails.yaml'), FILES['guardrails.yaml']);
    const ds = await folder.client.diagnostics(uri('guardrails.yaml'), (d) => codes(d).includes('baseline-rule-unreachable'), 'the workspace-wide warnings');
    assert.deepEqual(codes(ds).sort(), [
      'admin-accept-all-namespaces',
      'baseline-rule-unreachable',
      'ipv4-only-networks',
      'same-priority-overlap',
      'same-priority-overlap',
    ]);
    const unreachable = ds.find((d) => d.code === 'baseline-rule-unreachable')!;
    assert.equal(unreachable.severity, 2, 'a warning');
    assert.equal(unreachable.range.start.line, 51);
  });

  it('editing the open NetworkPolicy so it no longer isolates egress withdraws baseline-rule-unreachable from the other file', async () => {
    const text = FILES['tenant-b.yaml'];
    await folder.client.open(uri('tenant-b.yaml'), text);
    const line = text.split('\n').indexOf('    - Egress');
    assert.ok(line > 0);
    folder.client.change(uri('tenant-b.yaml'), [{ range: { start: { line, character: 0 }, end: { line: line + 1, character: 0 } }, newText: '' }]);
    const ds = await folder.client.diagnostics(
      uri('guardrails.yaml'),
      (d) => !codes(d).includes('baseline-rule-unreachable'),
      'no baseline-rule-unreachable',
      3000,
    );
    assert.ok(codes(ds).includes('ipv4-only-networks'), 'the other warnings stay');
  });
});
