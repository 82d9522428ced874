/** Codes the engine reports itself; registered so docs, settings and SARIF list them too. */
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
