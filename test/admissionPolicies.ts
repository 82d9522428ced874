/** The admission tests' inputs: configs with every admission-capable rule at one severity, and the policies generated for a config. */
import { ADMISSION_CHECKS, admissionObjects, defaultConfig, type LintConfig } from '../server/src/core/index';

/** The codes of the rules with an admission form. */
export const ADMISSION_CODES = ADMISSION_CHECKS.map((c) => c.code);

/** The defaults with `base` over them and every admission-capable rule at `severity`. */
export function everyAdmissionRule(severity: string, base: Partial<LintConfig> = {}): LintConfig {
  return { ...defaultConfig(), ...base, rules: Object.fromEntries(ADMISSION_CODES.map((c) => [c, severity])) } as LintConfig;
}

/** The ValidatingAdmissionPolicy objects `netpol-lint admission` writes for the config (its bindings left out). */
export function admissionPolicies<O extends { kind?: string }>(config: LintConfig): O[] {
  return (admissionObjects(config) as O[]).filter((o) => o.kind === 'ValidatingAdmissionPolicy');
}
