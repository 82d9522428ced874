/**
 * Object metadata as the API server validates it on every kind: `metadata.labels` (keys qualified
 * names, values label values) and `metadata.annotations` (keys qualified names, compared in lower
 * case), at the object's own metadata and at any pod template's. A site is one such metadata map
 * with the field path the API server names in its messages.
 */
import { asMap, getEntry, type LEntry, type LMap } from './located';

export interface MetadataSite {
  /** `metadata`, `spec.template.metadata`, with an `items[3].` prefix for an item of a List. */
  path: string;
  map: LMap;
}

/** The entries of the site's `labels` (or `annotations`) map; none when it is absent or not a map. */
export function metadataEntries(site: MetadataSite, field: 'labels' | 'annotations'): readonly LEntry[] {
  return asMap(getEntry(site.map, field)?.value)?.entries ?? [];
}
