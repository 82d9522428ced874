/**
 * Helm templates are not YAML: `{{- include "x.labels" . | nindent 4 }}` is a YAML error, and
 * `{{- if .Values.enabled }}` around a policy makes the parser read something nobody wrote. A file
 * is a template when the edge says it lies under a chart's `templates/` folder (a folder whose
 * parent holds Chart.yaml: the edges look at the disk, the core never does), or when its text holds
 * a template action where YAML structure is (see `holdsTemplateActions`). A template is never parsed:
 * it gets one `helm-template` finding that says how to lint it rendered.
 */

/** What makes a file a template: its chart (a display path), when it lies under one's templates/. */
export interface TemplateSource {
  /** The chart's folder as the edge names it (`deploy/web`), or undefined for text-only templates. */
  chart?: string;
}

/** `key: {{`, an action as a plain (unquoted) value. */
const VALUE_ACTION = /^(?:[^\s#'"{[:](?:[^:'"#]|:(?![ \t]))*|"[^"]*"|'[^']*'):[ \t]+\{\{/;
/** A block scalar header at the end of a line: `key: |`, `- >-`, `|2+` (with an optional comment). */
const BLOCK_HEADER = /(?:^|[:\s-])[|>][-+0-9]*[ \t]*(?:#.*)?$/;

/**
 * Does this text hold a template action (`{{ … }}`) where YAML structure is: at the start of a line
 * or a list item (`{{- if … }}`, `- {{ .Values.x }}`), or as a key's unquoted value (`name: {{ … }}`)?
 * Actions inside quoted strings (Kyverno's `"{{request.object.metadata.name}}"`) or block scalars
 * (an Alertmanager template in a ConfigMap) are text in valid YAML, and do not count.
 */
export function holdsTemplateActions(text: string): boolean {
  // only the lines holding `{{` are looked at (a keystroke in a large file costs a search, not a scan)
  let lineEnd = -1;
  for (let at = text.indexOf('{{'); at >= 0; at = text.indexOf('{{', Math.max(at + 2, lineEnd))) {
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    lineEnd = text.indexOf('\n', at);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd);
    const body = line.trimStart();
    const item = body.replace(/^(?:-[ \t]+)+/, '');
    if ((item.startsWith('{{') || VALUE_ACTION.test(item)) && !inBlockScalar(text, lineStart, line.length - body.length)) return true;
  }
  return false;
}

/**
 * Is the line at `lineStart` (indented by `indent`) the content of a block scalar? Walking back,
 * the first line indented less than every line after it is its parent: a block header (`key: |`,
 * `- >-`) makes every line below it that is indented past it text.
 */
function inBlockScalar(text: string, lineStart: number, indent: number): boolean {
  let min = indent;
  let end = lineStart - 1;
  while (end > 0 && min > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    const line = text.slice(start, end).replace(/\r$/, '');
    end = start - 1;
    const body = line.trimStart();
    if (body === '' || body.startsWith('#')) continue;
    const lineIndent = line.length - body.length;
    if (lineIndent >= min) continue;
    const item = body.replace(/^(?:-[ \t]+)+/, '');
    if (BLOCK_HEADER.test(item)) {
      // its text is what is indented past the key (or past the dash of `- |`)
      const keyIndent = item === body || /^[|>]/.test(item) ? lineIndent : lineIndent + body.length - item.length;
      if (indent > keyIndent) return true;
    }
    if (/^---(?:\s|$)/.test(line)) return false;
    min = lineIndent;
  }
  return false;
}

/** The template a file is, or undefined when it is YAML to lint. */
export function templateOf(text: string, chart: string | undefined): TemplateSource | undefined {
  if (chart !== undefined) return { chart };
  return holdsTemplateActions(text) ? {} : undefined;
}

/**
 * The `helm-template` message: for one file (the editor), or for a chart's `templates` files at
 * once (the CLI reports one per chart).
 */
export function helmTemplateMessage(source: TemplateSource, templates = 1): string {
  if (source.chart === undefined)
    return (
      `Template not linted: this file holds template actions ({{ … }}), so it is not YAML until rendered. ` +
      'Lint the rendered output instead (for a Helm chart: netpol-lint --render CHART, or helm template CHART | netpol-lint -).'
    );
  const what = templates === 1 ? 'This Helm template is' : `The ${templates} templates of this chart are`;
  return (
    `Helm template${templates === 1 ? '' : 's'} not linted: ${what.toLowerCase()} not YAML until Helm renders ${templates === 1 ? 'it' : 'them'} (chart ${source.chart}). ` +
    `Lint the rendered chart instead: netpol-lint --render ${source.chart}, or helm template ${source.chart} | netpol-lint -`
  );
}
