/** The one place a finding gets its code and severity: from the meta of the rule that reported it. */
import type { Finding, Report } from '../findings';
import type { RuleMeta } from './types';

export function stamp(meta: RuleMeta, report: Report): Finding {
  if (report.escalated && !meta.escalatedSeverity) throw new Error(`${meta.code} escalated a report, but its meta declares no escalatedSeverity`);
  const severity = report.escalated && meta.escalatedSeverity ? meta.escalatedSeverity : meta.defaultSeverity;
  return { code: meta.code, severity, message: report.message, span: report.span, fixes: report.fixes };
}
