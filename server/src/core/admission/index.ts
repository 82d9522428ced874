export { admissionObjects, admissionPlan, tenantCondition, policyName, type AdmissionPlan, type ValidationAction } from './policy';
export { ADMISSION_CHECKS } from './checks/index';
export { kyvernoObjects, KYVERNO_API_VERSION } from './kyverno';
export type { AdmissionCheck } from './types';
