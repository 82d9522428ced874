import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** The same item twice in a list its CRD declares a set (networks, domainNames). */
export const duplicateValue: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'duplicate-value',
    defaultSeverity: 'error',
    category: 'A',
    fixAll: true,
    description: "The same CIDR twice in a cluster policy peer's networks (or domain name in its domainNames): the CRD declares them sets.",
  },
  check: () => [],
  checkClusterPolicy(p, ctx) {
    const text = ctx.source.text;
    return crdReports('duplicate-value', p, ctx).map((r) => {
      // the whole list item: from the start of its line (block) or the comma before it (flow)
      const lineStart = text.lastIndexOf('\n', r.span.start - 1) + 1;
      const before = text.slice(lineStart, r.span.start);
      const lineEnd = text.indexOf('\n', r.span.end);
      const block = /^\s*-\s*["']?$/.test(before) && /^["']?\s*(#.*)?$/.test(text.slice(r.span.end, lineEnd < 0 ? text.length : lineEnd));
      const comma = text.lastIndexOf(',', r.span.start);
      const quoteLen = /["']$/.test(before) ? 1 : 0;
      const edit = block
        ? { start: lineStart, end: lineEnd < 0 ? text.length : lineEnd + 1, newText: '' }
        : comma >= 0 && /^\s*["']?$/.test(text.slice(comma + 1, r.span.start))
          ? { start: comma, end: r.span.end + quoteLen, newText: '' }
          : undefined;
      return edit ? { ...r, fixes: [{ title: 'Remove the duplicate', edits: [edit], preferred: true }] } : r;
    });
  },
};
