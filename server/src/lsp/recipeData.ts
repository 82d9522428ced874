/**
 * Fix recipes as they travel in a diagnostic's `data`. Two differences from the core's recipes:
 *
 * - positions instead of offsets: a converted diagnostic is reused while its document starts on the
 *   same line (convert.ts), also after characters were typed above it, which moves every offset
 *   after them but no position of a later document;
 * - without the values most recipes share (the built-in DNS target; two-space indentation, indented
 *   lists, LF line ends; an `end` equal to `start`, an empty `lead`, a false `withKey`, the policy
 *   name `allow-dns-egress`), which would otherwise repeat in every missing-dns-egress diagnostic of
 *   a publish (figures: docs/performance.md, "Why the edge is shaped as it is").
 */
import {
  DEFAULT_DNS,
  DEFAULT_STYLE,
  isFixRecipe,
  samePlainData,
  type DnsPolicyRecipe,
  type DnsProfile,
  type DnsRuleRecipe,
  type EditStyle,
  type FixRecipe,
  type Position,
} from '../core/index';

const DEFAULT_NAME = 'allow-dns-egress';

type Packed<T, Defaulted extends keyof T> = Omit<T, 'start' | 'end' | 'style' | 'dns' | Defaulted> &
  Partial<Pick<T, Defaulted>> & { start: Position; style?: EditStyle; dns?: DnsProfile };
export type PackedRecipe = (Packed<DnsRuleRecipe, 'withKey'> & { end?: Position }) | Packed<DnsPolicyRecipe, 'lead' | 'name'>;

/** The recipe for `data`: positions for its offsets (in the document's text of the diagnostic's version), defaults left out. */
export function packRecipe(r: FixRecipe, positionAt: (offset: number) => Position): PackedRecipe {
  const shared = {
    start: positionAt(r.start),
    ...(samePlainData(r.style, DEFAULT_STYLE) ? {} : { style: r.style }),
    ...(samePlainData(r.dns, DEFAULT_DNS) ? {} : { dns: r.dns }),
  };
  if (r.kind === 'dns-egress-rule') {
    const { kind, column, withKey, end } = r;
    return { kind, column, ...(withKey ? { withKey } : {}), ...shared, ...(end === r.start ? {} : { end: positionAt(end) }) };
  }
  const { kind, lead, name, namespace, podSelector } = r;
  return {
    kind,
    ...(lead ? { lead } : {}),
    ...(name === DEFAULT_NAME ? {} : { name }),
    ...(namespace === undefined ? {} : { namespace }),
    podSelector,
    ...shared,
  };
}

const isPosition = (p: unknown): p is Position =>
  typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character);

/** The recipe a packed one stands for, or undefined when `recipeEdits` could not write it (an editor's copy of `data` is untrusted). */
export function unpackRecipe(p: unknown, offsetAt: (position: Position) => number): FixRecipe | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const x = p as Record<string, unknown>;
  if (!isPosition(x.start) || (x.end !== undefined && !isPosition(x.end))) return undefined;
  const start = offsetAt(x.start);
  const shared = { style: x.style ?? { ...DEFAULT_STYLE }, dns: x.dns ?? { ...DEFAULT_DNS }, start };
  const r =
    x.kind === 'dns-egress-rule'
      ? { withKey: false, ...x, ...shared, end: x.end === undefined ? start : offsetAt(x.end as Position) }
      : { lead: '', name: DEFAULT_NAME, ...x, ...shared };
  return isFixRecipe(r) ? r : undefined;
}
