/** The one place a finding gets its code and severity: from the meta of the rule that reported it. */
import type { Finding, Report } from '../findings';
import type { RuleMeta } from './types';

export function stamp(meta: RuleMeta, report: Report): Finding {
  const severity = report.escalated && meta.escalatedSeverity ? meta.escalatedSeverity : meta.defaultSeverity;
  return { code: meta.code, severity, message: report.message, span: report.span, fixes: report.fixes };
}
