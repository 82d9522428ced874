/**
 * The configuration as admission objects: a ValidatingAdmissionPolicy and its binding
 * (admissionregistration.k8s.io/v1) per enforcement action. A binding's validationActions apply to
 * every validation of its policy, so the rules at `error` (Deny) and those at `warning` (Warn) go in
 * two policies, each with its own binding; `information`, `hint` and `off` are left out. Pure: no
 * I/O, plain objects out.
 */
import { SYSTEM_NAMESPACES, type AdmissionSettings, type LintConfig } from '../config';
import { admissionDocsUrl, docsUrl } from '../docs';
import { RULES } from '../rules/index';
import { DIRECTIONS, VARIABLES, str, strList } from './cel';
import { ADMISSION_CHECKS } from './checks/index';
import { appendAll } from '../arrays';
import { tenantLimits } from './tenantLimits';
import type { AdmissionCheck } from './types';

export const ADMISSION_API_VERSION = 'admissionregistration.k8s.io/v1';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'netpol-lint' };

export type ValidationAction = 'Deny' | 'Warn';

export interface AdmissionPlan {
  /** The rules each action enforces, by code, in ADMISSION_CHECKS order. */
  Deny: string[];
  Warn: string[];
  /** The admission-capable rules left out (information, hint or off), by code. */
  leftOut: string[];
  /** The tenant limits `admission:` asks for (always Deny), by name. */
  limits: string[];
}

function severityOf(config: LintConfig, code: string): string {
  return config.rules[code] ?? RULES.find((r) => r.meta.code === code)?.meta.defaultSeverity ?? 'off';
}

/** Which admission-capable rule goes where under this configuration. */
export function admissionPlan(config: LintConfig): AdmissionPlan {
  const plan: AdmissionPlan = { Deny: [], Warn: [], leftOut: [], limits: tenantLimits(config.admission, config.dns).map((c) => c.code) };
  for (const c of ADMISSION_CHECKS) {
    const s = severityOf(config, c.code);
    (s === 'error' ? plan.Deny : s === 'warning' ? plan.Warn : plan.leftOut).push(c.code);
  }
  return plan;
}

/** `*` any run of characters, `?` one: the config's tenant patterns (letters, digits, `-`) as an RE2 pattern. */
function globPattern(glob: string): string {
  return glob.replace(/\*+/g, '.*').replace(/\?/g, '.');
}

/**
 * The match condition that restricts the policies to tenant namespaces: the system namespaces
 * never are, and `tenantNamespaces` names the others (as the workspace rules read it).
 */
export function tenantCondition(patterns: readonly string[]): string {
  const system = `!(request.namespace in ${strList([...SYSTEM_NAMESPACES])})`;
  const used = patterns.filter((p) => p !== '');
  if (used.some((p) => /^\*+$/.test(p))) return system;
  const literal = used.filter((p) => !/[*?]/.test(p));
  const wild = used.filter((p) => /[*?]/.test(p));
  const parts: string[] = [];
  if (literal.length > 0) parts.push(`request.namespace in ${strList(literal)}`);
  if (wild.length > 0) parts.push(`request.namespace.matches(${str(`^(${wild.map(globPattern).join('|')})$`)})`);
  return `${system} && (${parts.length > 0 ? parts.join(' || ') : 'false'})`;
}

function tail(c: AdmissionCheck): string {
  return ` [${c.code}] ${c.docs ?? docsUrl(c.code)}`;
}

/** The check's variables: its finds per direction it looks at. */
function checkVariables(c: AdmissionCheck): { name: string; expression: string }[] {
  return DIRECTIONS.flatMap((d) => {
    const finds = c.finds(d);
    return finds === undefined ? [] : [{ name: `${c.id}${d}`, expression: finds }];
  });
}

function validation(c: AdmissionCheck) {
  const dirs = DIRECTIONS.filter((d) => c.finds(d) !== undefined);
  const any = (d: string) => `variables.${c.id}${d}.exists(l, size(l) > 0)`;
  const first = (d: string) => `variables.${c.id}${d}.filter(l, size(l) > 0)[0][0]`;
  return {
    expression: dirs.map((d) => `!${any(d)}`).join(' && '),
    message: `${c.field}: ${c.summary}${tail(c)}`,
    messageExpression: `(${dirs.reduceRight((rest, d) => `${any(d)} ? ${c.describe(d, first(d))} : ${rest}`, "''")}) + ${str(tail(c))}`,
    reason: 'Invalid',
  };
}

export function policyName(action: ValidationAction): string {
  return action === 'Deny' ? 'netpol-lint-deny' : 'netpol-lint-warn';
}

function metadata(name: string) {
  return { name, labels: { ...MANAGED_BY } };
}

function binding(name: string, action: ValidationAction) {
  return {
    apiVersion: ADMISSION_API_VERSION,
    kind: 'ValidatingAdmissionPolicyBinding',
    metadata: metadata(name),
    spec: { policyName: name, validationActions: [action] },
  };
}

/**
 * Where the policies apply: the namespaceSelector of `admission:` when given (the system
 * namespaces still never), else the tenantNamespaces patterns on the request's namespace.
 */
function scope(config: LintConfig, operations: string[]) {
  const selector = config.admission.namespaceSelector;
  return {
    matchConstraints: {
      ...(selector ? { namespaceSelector: structuredClone(selector) } : {}),
      resourceRules: [{ apiGroups: ['networking.k8s.io'], apiVersions: ['v1'], operations, resources: ['networkpolicies'] }],
    },
    matchConditions: [{ name: 'tenant-namespaces', expression: tenantCondition(selector ? ['*'] : config.tenantNamespaces) }],
  };
}

/**
 * Protecting the baseline: a NetworkPolicy with the platform's label is created, changed and
 * deleted only by the platform's groups (a tenant can neither edit the floor nor label its own
 * policy as part of it, nor take the label off).
 */
function platformPolicy(config: LintConfig, platform: NonNullable<AdmissionSettings['platform']>) {
  const name = 'netpol-lint-platform';
  const labelled = (o: string) => `(${o} != null && has(${o}.metadata.labels) && ${str(platform.label)} in ${o}.metadata.labels)`;
  const docs = admissionDocsUrl('protecting-the-baseline');
  const says = `NetworkPolicies labelled ${platform.label} are the platform's baseline: only the groups ${platform.groups.join(', ')} create, change or delete them.`;
  return [
    {
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: metadata(name),
      spec: {
        failurePolicy: 'Fail',
        ...scope(config, ['CREATE', 'UPDATE', 'DELETE']),
        validations: [
          {
            expression: `request.userInfo.groups.exists(g, g in ${strList(platform.groups)}) || (!${labelled('object')} && !${labelled('oldObject')})`,
            message: `metadata.labels: ${says} [platform-baseline] ${docs}`,
            reason: 'Forbidden',
          },
        ],
      },
    },
    binding(name, 'Deny'),
  ];
}

/**
 * The objects to apply, policy then binding: Deny (the rules at error, then the tenant limits),
 * Warn (the rules at warning), then the platform's baseline protection. A policy with nothing to
 * check is left out; so all are when no rule is at error or warning and `admission:` asks nothing.
 */
export function admissionObjects(config: LintConfig): Record<string, unknown>[] {
  const plan = admissionPlan(config);
  const out: Record<string, unknown>[] = [];
  for (const action of ['Deny', 'Warn'] as const) {
    const checks = [...ADMISSION_CHECKS.filter((c) => plan[action].includes(c.code)), ...(action === 'Deny' ? tenantLimits(config.admission, config.dns) : [])];
    if (checks.length === 0) continue;
    const name = policyName(action);
    out.push({
      apiVersion: ADMISSION_API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: metadata(name),
      spec: {
        // an expression that cannot be evaluated counts as a failed validation, enforced by the
        // binding's action (refused under Deny, a warning under Warn): a guardrail that fails open is none
        failurePolicy: 'Fail',
        ...scope(config, ['CREATE', 'UPDATE']),
        variables: [...VARIABLES.map((v) => ({ ...v })), ...checks.flatMap(checkVariables)],
        validations: checks.map(validation),
      },
    });
    out.push(binding(name, action));
  }
  if (config.admission.platform) appendAll(out, platformPolicy(config, config.admission.platform));
  return out;
}
