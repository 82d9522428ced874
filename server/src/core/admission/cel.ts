/**
 * CEL building blocks over the NetworkPolicy as the API server hands it to admission: defaulted
 * (`protocol` set on every port, `policyTypes` filled in) and without empty optional fields. Every
 * helper is written so that an absent list and an empty one read the same.
 */

/** The policy's rules of one direction, `[]` when there are none (the policy's variables). */
export const VARIABLES: readonly { name: string; expression: string }[] = [
  { name: 'ingress', expression: 'has(object.spec.ingress) ? object.spec.ingress : []' },
  { name: 'egress', expression: 'has(object.spec.egress) ? object.spec.egress : []' },
  { name: 'policyTypes', expression: 'has(object.spec.policyTypes) ? object.spec.policyTypes : []' },
];

export type Direction = 'Ingress' | 'Egress';

export const DIRECTIONS: readonly Direction[] = ['Ingress', 'Egress'];

/** `variables.ingress` or `variables.egress`. */
export function rulesOf(d: Direction): string {
  return d === 'Ingress' ? 'variables.ingress' : 'variables.egress';
}

/** The peers key of a rule of this direction. */
export function peersKey(d: Direction): 'from' | 'to' {
  return d === 'Ingress' ? 'from' : 'to';
}

/** The rule `r` has no peers (`from`/`to` absent or empty): it admits every peer. */
export function noPeers(r: string, d: Direction): string {
  const k = peersKey(d);
  return `(!has(${r}.${k}) || size(${r}.${k}) == 0)`;
}

/** Some peer `p` of rule `r` satisfies `cond` (written over `p`). */
export function somePeer(r: string, d: Direction, cond: string): string {
  const k = peersKey(d);
  return `(has(${r}.${k}) && ${r}.${k}.exists(p, ${cond}))`;
}

/** The label selector `s` selects everything: no labels and no expressions. */
export function emptySelector(s: string): string {
  return `((!has(${s}.matchLabels) || size(${s}.matchLabels) == 0) && (!has(${s}.matchExpressions) || size(${s}.matchExpressions) == 0))`;
}

/** A CEL string literal. */
export function str(s: string): string {
  return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}

/** A CEL list of string literals. */
export function strList(items: readonly string[]): string {
  return `[${items.map(str).join(', ')}]`;
}
