/**
 * Text a repository controls (YAML values, file names, sentences built from them), put into the
 * Markdown of the hover and the reach report so that it is shown as text and never read as
 * Markdown: no HTML (`<img src=x onerror=…>`), no links (`[x](command:…)`), no emphasis, code,
 * strike-through, math or table cells of its own. Every place that builds Markdown from such data
 * goes through these three functions.
 */
import { printable } from './printable';

// what can open inline Markdown (CommonMark, GFM and VS Code's math): each is ASCII punctuation,
// so a backslash before it shows it as itself; `|` splits a table cell even inside a code span,
// and a `:` before a non-space so that no `https://…`, `mailto:…` or `command:…` in a value is
// made a link by linkify (a `: ` in prose is left as it is)
const MARKUP = /[\\`*_[\]<>|~&!$]|:(?=\S)/g;
/** Text with nothing to escape (no control character, no markup, no colon): as it is. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const PLAIN = /^[^\u0000-\u001f\u007f-\u009f\u2028\u2029\\`*_[\]<>|~&!$:]*$/;

/**
 * Plain text as Markdown text: control characters written as `\u000a` (a value cannot start a
 * line, a heading or a table row), and every character that could open markup backslash-escaped.
 */
export function mdText(text: string): string {
  if (PLAIN.test(text)) return text;
  return printable(text).replace(MARKUP, (c) => `\\${c}`);
}

/**
 * Plain text as a Markdown code span: fenced with one backtick more than its longest run of
 * backticks, padded when it starts or ends with a backtick or space (CommonMark strips that one
 * space again). Inside a code span nothing is markup; control characters are still escaped.
 * Not for table cells (a `|` would end the cell there): use `mdText`.
 */
export function mdCode(text: string): string {
  const shown = printable(text);
  if (shown === '') return '` `';
  let longest = 0;
  for (const run of shown.match(/`+/g) ?? []) longest = Math.max(longest, run.length);
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(shown) ? ' ' : '';
  return `${fence}${pad}${shown}${pad}${fence}`;
}

/**
 * A link destination (a file's URI) that stays one destination: the characters that could end it
 * or start markup (parentheses, angle brackets, spaces, backslashes, controls) percent-encoded,
 * which the editor decodes to the same file.
 */
export function mdLinkTarget(uri: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: encoding control characters is the point
  return uri.replace(/[\u0000-\u0020\u007f-\u009f\u2028\u2029()<>\\`[\]|"']/g, (c) =>
    encodeURIComponent(c).replace(/[()']/g, (x) => `%${x.charCodeAt(0).toString(16).toUpperCase()}`),
  );
}
