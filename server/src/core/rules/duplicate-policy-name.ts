import type { NamespaceRule, PlacedReport, PolicyRef } from './types';
import { fileLabel } from './workspaceHelpers';

export const duplicatePolicyName: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'duplicate-policy-name',
    defaultSeverity: 'warning',
    category: 'C',
    description: 'Two NetworkPolicies with the same namespace and name: the one applied last silently replaces the other.',
  },
  check({ policies }, ctx) {
    const byName = new Map<string, PolicyRef[]>();
    for (const r of policies) {
      const name = r.policy.name?.value;
      if (!name) continue;
      const list = byName.get(name);
      if (list) list.push(r);
      else byName.set(name, [r]);
    }
    const out: PlacedReport[] = [];
    const labels = new Map<string, string>();
    const label = (file: string) => labels.get(file) ?? labels.set(file, fileLabel(file)).get(file)!;
    for (const [name, refs] of byName) {
      if (refs.length < 2) continue;
      // "ns/name", as kubectl writes it: a file of thousands of copies publishes this thousands of times
      const policy = ctx.namespace ? `${ctx.namespace}/${name}` : name;
      const more = refs.length > 2 ? ` (and ${refs.length - 2} more)` : '';
      refs.forEach((ref, i) => {
        const other = refs[i === 0 ? 1 : 0];
        const where = other.file === ref.file ? 'elsewhere in this file' : `in ${label(other.file)}`;
        out.push({
          ref,
          report: {
            message: `Duplicate policy name: NetworkPolicy "${policy}" is also defined ${where}${more}, and whichever is applied last silently replaces the other.`,
            path: `${ref.policy.pathPrefix}metadata.name`,
            span: ref.policy.name!.node.span,
          },
        });
      });
    }
    return out;
  },
};
