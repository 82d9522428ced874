/**
 * Editor settings (`netpolLint.*`) -> the core's LintConfig. Untrusted input: bad values are
 * logged and ignored, never thrown.
 */
import { defaultConfig, readRuleSettings, RULE_CODES, type LintConfig } from '../core/index';

export interface RawSettings {
  rules?: unknown;
}

export function toLintConfig(raw: unknown, log: (msg: string) => void): LintConfig {
  const config = defaultConfig();
  if (raw === null || typeof raw !== 'object') return config;
  const { rules, problems } = readRuleSettings((raw as RawSettings).rules, RULE_CODES);
  config.rules = rules;
  for (const p of problems) log(`netpolLint settings: ${p}`);
  return config;
}
