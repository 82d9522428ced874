/** Codes the engine reports itself; registered so docs, settings and SARIF list them too. */
import type { Finding } from '../findings';
import type { Span } from '../text/span';
import { stamp } from './stamp';
import type { EngineRule } from './types';

export const yamlSyntax: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'yaml-syntax',
    defaultSeverity: 'error',
    category: 'A',
    description: 'The text is not valid YAML (bad indentation, tabs, an unclosed quote, a duplicate key).',
  },
};

export const unknownRule: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'unknown-rule',
    defaultSeverity: 'warning',
    category: 'meta',
    description: 'A suppression comment names a rule code that does not exist, so it silences nothing.',
  },
};

export const internalError: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'internal-error',
    defaultSeverity: 'error',
    category: 'meta',
    description: 'netpol-lint failed on this document (a bug): one rule or the parser threw, the other rules still ran.',
  },
};

export const fileTooLarge: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'file-too-large',
    defaultSeverity: 'information',
    category: 'meta',
    description: 'The file is larger than the configured limits (bytes or documents), so it was not analysed.',
  },
};

export const invalidConfig: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'invalid-config',
    defaultSeverity: 'error',
    category: 'meta',
    description: 'A problem in .netpol-lint.yaml (unknown key, wrong type, bad value): that part is ignored and the defaults stay in force.',
  },
};

export const flowIndentation: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'flow-indentation',
    defaultSeverity: 'hint',
    category: 'B',
    description:
      'A flow collection (`[…]`, `{…}`) whose lines are not indented past its key or start with a tab: kubectl reads it, strict YAML parsers reject it.',
  },
};

export const helmTemplate: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'helm-template',
    defaultSeverity: 'information',
    category: 'meta',
    description: "A Helm template (a file under a chart's templates/ folder, or holding {{ … }} actions) is not YAML until rendered, so it was not linted.",
  },
};

export const tenantInvariantViolated: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'tenant-invariant-violated',
    defaultSeverity: 'error',
    category: 'meta',
    description:
      'An invariant of the tests file (tenant-isolation, dns-reachable, metadata-blocked, default-deny) does not hold: shown on the invariant and on the policy rule that breaks it.',
  },
};

export const tenantTestFailed: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'tenant-test-failed',
    defaultSeverity: 'error',
    category: 'meta',
    description:
      'A connectivity test of the tests file fails (an expected allow is denied, or an expected deny is allowed): shown on the test and on the policy rules that cause it.',
  },
};

export const invalidTestsFile: EngineRule = {
  scope: 'engine',
  meta: {
    code: 'invalid-tests-file',
    defaultSeverity: 'error',
    category: 'meta',
    description: 'A problem in netpol-tests.yaml (unknown key, wrong type, bad value): that part is left out, so what it says is not checked.',
  },
};

const ENGINE_RULES = {
  'yaml-syntax': yamlSyntax,
  'unknown-rule': unknownRule,
  'internal-error': internalError,
  'file-too-large': fileTooLarge,
  'invalid-config': invalidConfig,
  'flow-indentation': flowIndentation,
  'helm-template': helmTemplate,
  'tenant-invariant-violated': tenantInvariantViolated,
  'tenant-test-failed': tenantTestFailed,
  'invalid-tests-file': invalidTestsFile,
} as const;

export type EngineCode = keyof typeof ENGINE_RULES;

/** A finding the engine reports itself, with the code and default severity of its rule's meta. */
export function engineFinding(code: EngineCode, message: string, span: Span): Finding {
  return stamp(ENGINE_RULES[code].meta, { message, span });
}
