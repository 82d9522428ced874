/** Every linter rule that has an admission form, in the order the policy lists them. */
import type { AdmissionCheck } from '../types';
import { allowAll } from './allow-all';
import { ignoredRules } from './ignored-rules';
import { namespaceNameLabel } from './namespace-name-label';

export const ADMISSION_CHECKS: readonly AdmissionCheck[] = [ignoredRules, allowAll, namespaceNameLabel];
