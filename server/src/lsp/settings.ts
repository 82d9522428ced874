/**
 * Editor settings (`netpolLint.*`) -> the core's LintConfig. Untrusted input: bad values are
 * logged and ignored, never thrown.
 */
import { defaultConfig, readRuleSettings, RULE_CODES, type LintConfig } from '../core/index';

export interface RawSettings {
  rules?: unknown;
  limits?: { maxFileBytes?: unknown; maxDocuments?: unknown };
  exclude?: unknown;
}

/** `netpolLint.exclude`: glob patterns (relative to the workspace folder) the workspace index skips. */
export function readExclude(raw: unknown, log: (msg: string) => void): string[] {
  const v = raw !== null && typeof raw === 'object' ? (raw as RawSettings).exclude : undefined;
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v) || v.some((g) => typeof g !== 'string')) {
    log(`netpolLint settings: exclude must be a list of glob patterns, got ${JSON.stringify(v)}`);
    return [];
  }
  return v as string[];
}

function positiveInt(v: unknown, name: string, log: (msg: string) => void): number | undefined {
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number' && Number.isInteger(v) && v > 0) return v;
  log(`netpolLint settings: limits.${name} must be a whole number above 0, got ${JSON.stringify(v)}`);
  return undefined;
}

export function toLintConfig(raw: unknown, log: (msg: string) => void): LintConfig {
  const config = defaultConfig();
  if (raw === null || typeof raw !== 'object') return config;
  const { rules, problems } = readRuleSettings((raw as RawSettings).rules, RULE_CODES);
  config.rules = rules;
  for (const p of problems) log(`netpolLint settings: ${p}`);
  const limits = (raw as RawSettings).limits;
  if (limits && typeof limits === 'object') {
    config.limits.maxFileBytes = positiveInt(limits.maxFileBytes, 'maxFileBytes', log) ?? config.limits.maxFileBytes;
    config.limits.maxDocuments = positiveInt(limits.maxDocuments, 'maxDocuments', log) ?? config.limits.maxDocuments;
  }
  return config;
}
