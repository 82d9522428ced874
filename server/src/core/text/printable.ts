/**
 * Text a repository controls (file names, YAML values in messages), made safe to print on one
 * line of a terminal or a CI log: control characters (escape sequences, CR, LF, backspace, the C1
 * controls, the Unicode line separators) are written as `\u001b`-style escapes, so a file cannot
 * forge a finding line, hide one, or recolour the log. Everything else is printed as it is.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g;

export function printable(text: string): string {
  return text.replace(CONTROL, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
