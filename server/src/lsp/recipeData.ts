/**
 * Fix recipes as they travel in a diagnostic's `data`. Two differences from the core's recipes:
 *
 * - positions instead of offsets: a converted diagnostic is reused while its document starts on the
 *   same line (convert.ts), also after characters were typed above it, which moves every offset
 *   after them but no position of a later document;
 * - without the values most recipes share (the built-in DNS target; two-space indentation, indented
 *   lists, LF line ends): a third of the bytes of a missing-dns-egress diagnostic, in a file with a
 *   thousand of them.
 */
import { DEFAULT_DNS, isFixRecipe, type DnsPolicyRecipe, type DnsProfile, type DnsRuleRecipe, type EditStyle, type FixRecipe, type Position } from '../core/index';

const DEFAULT_STYLE: Readonly<EditStyle> = Object.freeze({ indent: 2, seqIndent: true, eol: '\n' });

type Packed<T> = Omit<T, 'start' | 'end' | 'style' | 'dns'> & { start: Position; style?: EditStyle; dns?: DnsProfile };
export type PackedRecipe = (Packed<DnsRuleRecipe> & { end: Position }) | Packed<DnsPolicyRecipe>;

const sameStyle = (a: EditStyle, b: EditStyle) => a.indent === b.indent && a.seqIndent === b.seqIndent && a.eol === b.eol;
const sameList = <T>(a: readonly T[], b: readonly T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
function sameDns(a: DnsProfile, b: DnsProfile): boolean {
  const la = Object.entries(a.podLabels);
  return a.namespace === b.namespace && sameList(a.ports, b.ports) && sameList(a.nodeLocalIPs, b.nodeLocalIPs) && la.length === Object.keys(b.podLabels).length && la.every(([k, v]) => b.podLabels[k] === v);
}

/** The recipe for `data`: positions for its offsets (in the document's text of the diagnostic's version), defaults left out. */
export function packRecipe(r: FixRecipe, positionAt: (offset: number) => Position): PackedRecipe {
  const { style, dns, ...rest } = r;
  const where = r.kind === 'dns-egress-rule' ? { start: positionAt(r.start), end: positionAt(r.end) } : { start: positionAt(r.start) };
  return { ...rest, ...where, ...(sameStyle(style, DEFAULT_STYLE) ? {} : { style }), ...(sameDns(dns, DEFAULT_DNS) ? {} : { dns }) } as PackedRecipe;
}

const isPosition = (p: unknown): p is Position => typeof p === 'object' && p !== null && Number.isInteger((p as Position).line) && Number.isInteger((p as Position).character);

/** The recipe a packed one stands for, or undefined when `recipeEdits` could not write it (an editor's copy of `data` is untrusted). */
export function unpackRecipe(p: unknown, offsetAt: (position: Position) => number): FixRecipe | undefined {
  if (typeof p !== 'object' || p === null) return undefined;
  const x = p as Record<string, unknown>;
  if (!isPosition(x.start) || (x.kind === 'dns-egress-rule' && !isPosition(x.end))) return undefined;
  const where = x.kind === 'dns-egress-rule' ? { start: offsetAt(x.start), end: offsetAt(x.end as Position) } : { start: offsetAt(x.start) };
  const r = { ...x, ...where, style: x.style ?? { ...DEFAULT_STYLE }, dns: x.dns ?? { ...DEFAULT_DNS } };
  return isFixRecipe(r) ? r : undefined;
}
