/**
 * Kustomizations as the label-trap rule reads them (no rendering): which labels a kustomization
 * writes into selectors (`commonLabels`, and `labels[]` items with `includeSelectors: true`), and
 * which files its `resources` (also `bases`, `components`) name. Resource paths are resolved
 * against the kustomization's own workspace key (a path or a file URI: both use `/`), a folder
 * resource through the kustomization file it holds. Remote resources (URLs, `github.com/…`) are
 * not followed.
 */
import { parseDocument } from 'yaml';
import { asMap, asSeq, getEntry, locate, type LEntry, type LMap, type LScalar } from './model/located';
import { PARSE_OPTIONS } from './parse/parseOptions';
import type { Span } from './text/span';

/** The names kustomize reads a kustomization from, in its order. */
export const KUSTOMIZATION_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/** Is this workspace key (a path or URI) a kustomization file? */
export function isKustomizationKey(key: string): boolean {
  const base = key.slice(key.lastIndexOf('/') + 1);
  return (KUSTOMIZATION_NAMES as readonly string[]).includes(base);
}

export interface LabelPair {
  key: string;
  value: string;
  /** The pair's text as written (`team: alpha`), for a fix that moves it. */
  keySpan: Span;
  valueSpan: Span;
}

/** A place of the kustomization that writes labels into selectors. */
export interface SelectorLabels {
  /** `commonLabels`, or the index of the `labels` item with `includeSelectors: true`. */
  source: 'commonLabels' | number;
  /** The `commonLabels` entry, or the item's `includeSelectors` entry. */
  entry: LEntry;
  pairs: LabelPair[];
}

export interface KustomizationModel {
  text: string;
  root: LMap;
  selectorLabels: SelectorLabels[];
  /** The `resources`, `bases` and `components` entries, as written. */
  resources: string[];
  /** The top-level `labels` entry, if any (a fix must not write a second one). */
  labelsEntry?: LEntry;
}

function pairsOf(map: LMap | undefined): LabelPair[] {
  const out: LabelPair[] = [];
  for (const e of map?.entries ?? []) {
    const v = e.value;
    if (v.kind !== 'scalar' || v.value === null) continue;
    out.push({ key: e.key, value: String(v.value), keySpan: e.keySpan, valueSpan: v.span });
  }
  return out;
}

/** Reads a kustomization's text; undefined when it is not a readable map (a YAML error: yaml-syntax says so). */
export function readKustomization(text: string): KustomizationModel | undefined {
  const doc = parseDocument(text, PARSE_OPTIONS);
  if (doc.errors.length > 0) return undefined;
  const root = asMap(locate(doc, text));
  if (!root) return undefined;
  const selectorLabels: SelectorLabels[] = [];
  const common = getEntry(root, 'commonLabels');
  const commonPairs = pairsOf(asMap(common?.value));
  if (common && commonPairs.length > 0) selectorLabels.push({ source: 'commonLabels', entry: common, pairs: commonPairs });
  const labelsEntry = getEntry(root, 'labels');
  asSeq(labelsEntry?.value)?.items.forEach((item, index) => {
    const map = asMap(item);
    const include = getEntry(map, 'includeSelectors');
    const pairs = pairsOf(asMap(getEntry(map, 'pairs')?.value));
    if (include && include.value.kind === 'scalar' && include.value.value === true && pairs.length > 0)
      selectorLabels.push({ source: index, entry: include, pairs });
  });
  const resources: string[] = [];
  for (const key of ['resources', 'bases', 'components']) {
    for (const item of asSeq(getEntry(root, key)?.value)?.items ?? []) {
      const v = (item as LScalar).kind === 'scalar' ? (item as LScalar).value : undefined;
      if (typeof v === 'string' && v !== '') resources.push(v);
    }
  }
  return { text, root, selectorLabels, resources, labelsEntry };
}

/** Is this resource remote (kustomize fetches it): a URL or a `host.tld/org/repo` path? */
function isRemote(resource: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(resource) || /^(?:git@|github\.com\/|gitlab\.com\/|bitbucket\.org\/)/.test(resource);
}

/**
 * A resource path resolved against the kustomization's key: `../base` of `deploy/app/kustomization.yaml`
 * is `deploy/base`; of `file:///r/app/kustomization.yaml`, `file:///r/base`. Undefined for a remote
 * resource or an absolute path.
 */
export function resolveResource(kustomizationKey: string, resource: string): string | undefined {
  if (isRemote(resource) || resource.startsWith('/')) return undefined;
  const scheme = /^[a-z][a-z0-9+.-]*:\/\/[^/]*/i.exec(kustomizationKey)?.[0] ?? '';
  const path = kustomizationKey.slice(scheme.length);
  const parts = path
    .split('/')
    .slice(0, -1)
    .filter((p, i) => p !== '.' && (p !== '' || i === 0));
  const absolute = path.startsWith('/');
  for (const part of resource.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else if (part === '..' && !absolute) parts.push('..');
    else if (part !== '..') parts.push(scheme ? encodeURIComponent(part) : part);
  }
  const joined = parts.join('/');
  return scheme + (joined === '' ? '.' : joined);
}
