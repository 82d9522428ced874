/** The cluster policy rules' shared part: a CRD issue (model/clusterPolicyCheck.ts) as a report. */
import type { Report } from '../findings';
import type { ClusterPolicyModel } from '../model/clusterPolicy';
import type { CrdIssueCode } from '../model/clusterPolicyCheck';
import type { ClusterPolicyContext } from './types';

/** What the API server does with a cluster policy it rejects, for the end of a message. */
export function rejects(p: ClusterPolicyModel): string {
  return `the API server rejects this ${p.kind}`;
}

/** The CRD issues of one code, each in the API server's words (its reason first), the field path in `path`. */
export function crdReports(code: CrdIssueCode, p: ClusterPolicyModel, ctx: ClusterPolicyContext): Report[] {
  return ctx.crd.filter((i) => i.code === code).map((i) => ({ message: `${i.message}: ${rejects(p)}.`, path: i.path, span: i.span }));
}
