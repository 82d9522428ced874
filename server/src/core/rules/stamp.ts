/** The one place a finding gets its code, severity and message: from the meta of the rule that reported it. */
import type { Finding, Report } from '../findings';
import type { RuleMeta } from './types';

/**
 * A finding's message: the problem first, the field path after, in parentheses at the end
 * (`No DNS egress: … every name lookup will fail (spec.policyTypes[1])`), so that the Problems
 * panel shows the point even when it cuts the line. One trailing period gives way to the path.
 */
export function withPath(message: string, path: string | undefined): string {
  if (!path) return message;
  return `${message.endsWith('.') ? message.slice(0, -1) : message} (${path})`;
}

export function stamp(meta: RuleMeta, report: Report): Finding {
  if (report.escalated && !meta.escalatedSeverity) throw new Error(`${meta.code} escalated a report, but its meta declares no escalatedSeverity`);
  const severity = report.escalated && meta.escalatedSeverity ? meta.escalatedSeverity : meta.defaultSeverity;
  return { code: meta.code, severity, message: withPath(report.message, report.path), span: report.span, fixes: report.fixes };
}
