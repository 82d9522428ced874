/**
 * The connectivity diff grouped for people (between namespaces first, then with addresses outside
 * the cluster, then each namespace's own, sorted), and as Markdown: a table per group, fit for a
 * pull-request comment and for the editor's "What does my change open?" report. Pure.
 */
import type { ConnectivityDiff, PairChange } from '../connectivity/diff';
import { endpointName, isEmptyDiff } from '../connectivity/diff';
import { printable } from '../text/printable';

/** Markdown rows at most (a pull-request comment holds 65,536 characters); the rest are counted. */
export const MARKDOWN_ROWS = 200;

export type Scope = 'cross-namespace' | 'external' | 'namespace';

export function scopeOf(c: PairChange): Scope {
  if (c.from.kind !== 'pod' || c.to.kind !== 'pod') return 'external';
  return c.from.pod.namespace === c.to.pod.namespace ? 'namespace' : 'cross-namespace';
}

export interface DiffGroup {
  title: string;
  markdownTitle: string;
  changes: PairChange[];
}

/** Between namespaces, then with addresses outside the cluster, then each namespace (sorted); each in the diff's order. */
export function diffGroups(d: ConnectivityDiff): DiffGroup[] {
  const cross: PairChange[] = [];
  const external: PairChange[] = [];
  const within = new Map<string, PairChange[]>();
  for (const c of d.changes) {
    const s = scopeOf(c);
    if (s === 'cross-namespace') cross.push(c);
    else if (s === 'external') external.push(c);
    else {
      const ns = c.from.kind === 'pod' ? c.from.pod.namespace : '';
      const list = within.get(ns);
      if (list) list.push(c);
      else within.set(ns, [c]);
    }
  }
  const out: DiffGroup[] = [];
  if (cross.length > 0) out.push({ title: 'Between namespaces:', markdownTitle: 'Between namespaces', changes: cross });
  if (external.length > 0) out.push({ title: 'With addresses outside the cluster:', markdownTitle: 'With addresses outside the cluster', changes: external });
  for (const ns of [...within.keys()].sort())
    out.push({ title: `Within namespace ${printable(ns)}:`, markdownTitle: `Within namespace ${code(ns)}`, changes: within.get(ns)! });
  return out;
}

export function counts(d: ConnectivityDiff) {
  let added = 0;
  let removed = 0;
  let changed = 0;
  for (const c of d.changes) {
    if (c.kind === 'added') added++;
    else if (c.kind === 'removed') removed++;
    else changed++;
  }
  return { added, removed, changed };
}

function code(s: string): string {
  return `\`${printable(s).replace(/`/g, "'").replace(/\|/g, '\\|')}\``;
}

export function diffMarkdown(d: ConnectivityDiff, before: string, after: string, title = 'NetworkPolicy connectivity diff'): string {
  const n = counts(d);
  const lines = [
    `### ${title}`,
    '',
    `${code(before)} → ${code(after)}: ${isEmptyDiff(d) ? '**no changes**' : `**${n.added} added**, **${n.removed} removed**, **${n.changed} changed** (pairs)`}`,
  ];
  if (d.podsAdded.length > 0) lines.push('', `Pods added: ${d.podsAdded.map((p) => `${code(p.id)} (${p.kind})`).join(', ')}`);
  if (d.podsRemoved.length > 0) lines.push('', `Pods removed: ${d.podsRemoved.map((p) => `${code(p.id)} (${p.kind})`).join(', ')}`);
  let rows = 0;
  const cell = (s: { isEmpty(): boolean; toString(): string }) => (s.isEmpty() ? '' : code(s.toString()));
  for (const g of diffGroups(d)) {
    if (rows >= MARKDOWN_ROWS) break;
    lines.push('', `#### ${g.markdownTitle}`, '', '| Change | From | To | Before | After | Added | Removed |', '|---|---|---|---|---|---|---|');
    for (const c of g.changes) {
      if (rows >= MARKDOWN_ROWS) break;
      rows++;
      const mark = c.kind;
      lines.push(
        `| ${mark} | ${code(endpointName(c.from))} | ${code(endpointName(c.to))} | ${cell(c.before)} | ${cell(c.after)} | ${cell(c.added)} | ${cell(c.removed)} |`,
      );
    }
  }
  if (d.changes.length > rows) lines.push('', `… and ${d.changes.length - rows} more pairs (\`netpol-lint diff --format json\` lists every pair).`);
  return `${lines.join('\n')}\n`;
}
