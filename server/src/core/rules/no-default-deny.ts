import { effectivePolicyTypes, type Direction } from '../model/networkPolicy';
import type { Span } from '../text/span';
import type { Anchor, NamespaceRule } from './types';
import { defaultDenyFix, directionsText, policyNames, selectsAllPods } from './workspaceHelpers';

export const noDefaultDeny: NamespaceRule = {
  scope: 'namespace',
  meta: {
    code: 'no-default-deny',
    defaultSeverity: 'information',
    category: 'C',
    description: 'A tenant namespace without a default deny: pods that no policy selects accept and send all traffic.',
  },
  check({ policies, declarations }, ctx) {
    const ns = ctx.namespace;
    if (ns === undefined || !ctx.tenant || (policies.length === 0 && declarations.length === 0)) return [];
    const missing: Direction[] = (['Ingress', 'Egress'] as const).filter(
      (d) => !policies.some((r) => selectsAllPods(r.policy) && effectivePolicyTypes(r.policy).has(d)),
    );
    if (missing.length === 0) return [];
    // on the Namespace manifest if the workspace has one, else on the first policy's namespace
    let ref: Anchor | undefined;
    let span: Span | undefined;
    let path = 'metadata.name';
    if (declarations.length > 0) {
      ref = declarations[0];
      span = declarations[0].namespace.nameSpan;
    } else {
      const withNs = policies.find((r) => r.policy.namespace);
      if (!withNs) return [];
      ref = withNs;
      span = withNs.policy.namespace!.node.span;
      path = `${withNs.policy.pathPrefix}metadata.namespace`;
    }
    return [
      {
        ref,
        report: {
          message: `No default deny: namespace "${ns}" has none for ${directionsText(missing)} (a policy selecting all its pods with ${missing.join(' and ')} in policyTypes), so pods that no policy selects are open.`,
          path,
          span,
          fixes: [defaultDenyFix(ref.source, ns, missing, policyNames(policies))],
        },
      },
    ];
  },
};
