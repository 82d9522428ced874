import { dns1123Label, dns1123Subdomain, repairName } from '../analysis/k8sNames';
import type { Report } from '../findings';
import type { Located } from '../model/clusterPolicy';
import type { DocumentSource } from '../edit/yamlEdits';
import { crdReports } from './crdIssues';
import type { PolicyRule } from './types';

/** A name or namespace that its check rejects, reported with the fix to the nearest valid one. */
function nameReport(path: string, v: Located<string>, check: (s: string) => string[], what: string, source: DocumentSource, tail = ''): Report | undefined {
  const problems = check(v.value);
  if (problems.length === 0) return undefined;
  const fixed = repairName(v.value, check);
  const q = v.node.quoted ? source.text[v.node.span.start] : '';
  return {
    message: `Invalid ${what} "${v.value}": ${problems.join('; ')}${tail}.`,
    path,
    span: v.node.span,
    fixes: fixed
      ? [{ title: `Change the ${what} to "${fixed}"`, edits: [{ start: v.node.span.start, end: v.node.span.end, newText: q + fixed + q }], preferred: true }]
      : undefined,
  };
}

export const invalidName: PolicyRule = {
  scope: 'policy',
  meta: {
    code: 'invalid-name',
    defaultSeverity: 'error',
    category: 'A',
    description: 'metadata.name is not a DNS-1123 subdomain, or metadata.namespace is not a DNS-1123 label; a BaselineAdminNetworkPolicy not named default.',
  },
  check(p, ctx) {
    const out: Report[] = [];
    for (const [field, v, check] of [
      ['name', p.name, dns1123Subdomain],
      ['namespace', p.namespace, dns1123Label],
    ] as const) {
      const r = v && v.value !== '' ? nameReport(`${p.pathPrefix}metadata.${field}`, v, check, field, ctx.source) : undefined;
      if (r) out.push(r);
    }
    return out;
  },
  checkClusterPolicy(p, ctx) {
    // cluster-scoped: no namespace to check (the API server ignores one)
    const out: Report[] = [];
    const name =
      p.name && p.name.value !== ''
        ? nameReport(`${p.pathPrefix}metadata.name`, p.name, dns1123Subdomain, 'name', ctx.source, `: the API server rejects this ${p.kind}`)
        : undefined;
    if (name) out.push(name);
    for (const r of crdReports('invalid-name', p, ctx))
      out.push({
        ...r,
        fixes: p.name ? [{ title: 'Name it "default"', edits: [{ start: p.name.node.span.start, end: p.name.node.span.end, newText: 'default' }] }] : undefined,
      });
    return out;
  },
};
