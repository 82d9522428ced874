/** Where each rule's documentation lives (the target of `codeDescription.href`). */
export const DOCS_BASE = 'https://github.com/netpol-lint/netpol-lint/blob/main/docs/rules';

export function docsUrl(code: string): string {
  return `${DOCS_BASE}/${code}.md`;
}

/** A section of docs/admission.md (`netpol-lint admission`). */
export function admissionDocsUrl(anchor: string): string {
  return `${DOCS_BASE.replace(/\/rules$/, '')}/admission.md#${anchor}`;
}
