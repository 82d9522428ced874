/**
 * What kubectl reads and a strict YAML parser does not: a flow collection of a block value whose
 * lines are not indented past its key, or start with a tab, such as
 *
 *     args: [
 *     	"--port=8080",
 *     ]
 *
 * (Go's YAML parser never checks the indentation inside a flow collection). The `yaml` package
 * rejects it. In a flow collection a line break is only white space, so the same text with that
 * collection's line breaks and tabs turned into spaces means the same, and keeps every offset: the
 * analysis reads that text, and the finding points at the collection.
 */

/** A flow collection that spans lines, [start, end) with its brackets. */
export interface JoinedFlow {
  start: number;
  end: number;
}

/**
 * The text with the line breaks and tabs inside each multi-line flow collection made spaces, and
 * where those collections are; undefined when there is none, or when a block scalar, a comment or a
 * quoted scalar spanning lines makes it unsafe to read the text that way.
 */
export function joinFlowLines(text: string): { text: string; flows: JoinedFlow[] } | undefined {
  // block scalars hold text where brackets mean nothing: do not guess
  if (/[:-][ \t]+[|>][-+0-9]*[ \t]*(#.*)?$/m.test(text)) return undefined;
  const out = text.split('');
  const flows: JoinedFlow[] = [];
  let depth = 0;
  let start = -1;
  let multiline = false;
  let lineHasContent = false;
  let lastSignificant = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') {
      if (depth > 0) {
        out[i] = ' ';
        multiline = true;
      }
      lineHasContent = false;
      continue;
    }
    if (c === '"' || c === "'") {
      // a quoted scalar: skip it, on this line only (one spanning lines would fold differently)
      const close = closingQuote(text, i);
      if (close < 0) return undefined;
      i = close;
      lastSignificant = c;
      lineHasContent = true;
      continue;
    }
    if (c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      if (depth > 0) return undefined; // joined, the comment would swallow the rest of the collection
      while (i + 1 < text.length && text[i + 1] !== '\n' && text[i + 1] !== '\r') i++;
      continue;
    }
    if (c === ' ' || c === '\t') {
      if (depth > 0 && c === '\t') out[i] = ' ';
      continue;
    }
    if (c === '[' || c === '{') {
      // a flow collection starts a value (after "key:" or "- ") or a line, never inside a plain scalar
      // (inside one, a bracket always opens: flow indicators end plain scalars there)
      const opens = depth > 0 || !lineHasContent || lastSignificant === ':' || lastSignificant === '-';
      if (opens) {
        if (depth === 0) {
          start = i;
          multiline = false;
        }
        depth++;
      }
    } else if ((c === ']' || c === '}') && depth > 0) {
      depth--;
      if (depth === 0 && multiline) flows.push({ start, end: i + 1 });
    }
    lastSignificant = c;
    lineHasContent = true;
  }
  if (depth !== 0 || flows.length === 0) return undefined;
  // only the multi-line collections change; the others keep their text
  const joined = text.split('');
  for (const f of flows) for (let i = f.start; i < f.end; i++) joined[i] = out[i];
  return { text: joined.join(''), flows };
}

/** The offset of the quote that closes the one at `open` on the same line, or -1. */
function closingQuote(text: string, open: number): number {
  const q = text[open];
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (c === '\n' || c === '\r') return -1;
    if (q === '"' && c === '\\') i++;
    else if (c === q) {
      if (q === "'" && text[i + 1] === "'") i++;
      else return i;
    }
  }
  return -1;
}
