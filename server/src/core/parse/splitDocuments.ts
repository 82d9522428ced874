/**
 * Splits a YAML stream into one chunk per document, cheaply and without parsing, so that each
 * document can be parsed, analysed and cached on its own (an edit re-parses only its document).
 *
 * A line that starts with "---" followed by white space or the end of the line is a document
 * marker wherever it stands in YAML 1.2 (it even ends a block scalar), so splitting there agrees
 * with the parser. Comments, blank lines and directives before a marker stay with the marker, so a
 * file's header comment belongs to its first document, as the `yaml` package has it. A "..." line
 * ends a document.
 */

export interface Chunk {
  /** Offset of the chunk in the whole text. */
  start: number;
  text: string;
  /** How many documents the chunk holds when it is not parsed (0 for comments only). */
  estimatedDocuments: number;
}

function isMarker(text: string, pos: number, end: number, ch: number): boolean {
  // "---" or "..." followed by white space or the end of the line
  if (pos + 3 > end || text.charCodeAt(pos + 1) !== ch || text.charCodeAt(pos + 2) !== ch) return false;
  if (pos + 3 === end) return true;
  const c = text.charCodeAt(pos + 3);
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/** Does the line [pos, eol) hold content (not blank, not a comment, not a directive)? */
function hasContentLine(text: string, pos: number, eol: number, hasMarker: boolean): boolean {
  let i = pos;
  while (i < eol && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
  if (i === eol) return false;
  const c = text.charCodeAt(i);
  if (c === 35 /* # */) return false;
  if (c === 37 /* % */ && i === pos && !hasMarker) return false;
  return true;
}

/** Splits text[from, to) (from must be a line start) into chunks. */
export function splitDocuments(text: string, from = 0, to = text.length): Chunk[] {
  if (from === 0 && to === text.length) return split(text, 0, to, true);
  // a region (around an edit): its own string, so that no search runs past its end (a search for a
  // CR in a file without any would read the whole rest of the file on every keystroke)
  return splitRegion(text.slice(from, to), from);
}

/** Splits `region`, the text at `offset` of a whole text (no chunk when it is empty). */
export function splitRegion(region: string, offset: number): Chunk[] {
  const chunks = split(region, 0, region.length, false);
  for (const c of chunks) c.start += offset;
  return chunks;
}

function split(text: string, from: number, to: number, whole: boolean): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = from;
  let hasContent = false;
  let hasMarker = false;
  const close = (end: number) => {
    if (end > chunkStart) {
      chunks.push({ start: chunkStart, text: text.slice(chunkStart, end), estimatedDocuments: hasContent || hasMarker ? 1 : 0 });
    }
    chunkStart = end;
    hasContent = false;
    hasMarker = false;
  };
  // next line ends, found with native searches (each one reused until passed)
  let nextLf = -2;
  let nextCr = -2;
  let pos = from;
  while (pos < to) {
    if (nextLf !== -1 && nextLf < pos) nextLf = text.indexOf('\n', pos);
    if (nextCr !== -1 && nextCr < pos) nextCr = text.indexOf('\r', pos);
    let eol = to;
    if (nextLf !== -1 && nextLf < eol) eol = nextLf;
    if (nextCr !== -1 && nextCr < eol) eol = nextCr;
    let next = eol;
    if (next < to) next += text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10 ? 2 : 1;
    const first = text.charCodeAt(pos);
    if (first === 45 /* - */ && isMarker(text, pos, eol, 45)) {
      if (hasContent || hasMarker) close(pos);
      hasMarker = true;
      // content on the marker line itself ("--- {a: 1}") is part of the document
      if (hasContentLine(text, pos + 3, eol, true)) hasContent = true;
    } else if (first === 46 /* . */ && isMarker(text, pos, eol, 46)) {
      close(next);
    } else if (!hasContent && hasContentLine(text, pos, eol, hasMarker)) {
      hasContent = true;
    }
    pos = next;
  }
  close(to);
  if (chunks.length === 0 && whole) chunks.push({ start: 0, text, estimatedDocuments: 0 });
  return chunks;
}
