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

const MARKER = /^---(?:[ \t]|$)/;
const END = /^\.\.\.(?:[ \t]|$)/;

export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let hasContent = false;
  let hasMarker = false;
  const close = (end: number) => {
    if (end > chunkStart) {
      chunks.push({
        start: chunkStart,
        text: text.slice(chunkStart, end),
        estimatedDocuments: hasContent || hasMarker ? 1 : 0,
      });
    }
    chunkStart = end;
    hasContent = false;
    hasMarker = false;
  };
  let pos = 0;
  while (pos < text.length) {
    let eol = pos;
    while (eol < text.length && text.charCodeAt(eol) !== 10 && text.charCodeAt(eol) !== 13) eol++;
    let next = eol;
    if (text.charCodeAt(next) === 13 && text.charCodeAt(next + 1) === 10) next += 2;
    else if (next < text.length) next += 1;
    const line = text.slice(pos, eol);
    const first = line.charCodeAt(0);
    if (first === 45 /* - */ && MARKER.test(line)) {
      if (hasContent || hasMarker) close(pos);
      hasMarker = true;
      // content on the marker line itself ("--- {a: 1}") is part of the document
      if (line.slice(3).trim() !== '' && !line.slice(3).trim().startsWith('#')) hasContent = true;
    } else if (first === 46 /* . */ && END.test(line)) {
      close(next);
    } else if (!hasContent) {
      const t = line.trimStart();
      if (t !== '' && !t.startsWith('#') && !(t.startsWith('%') && !hasMarker && line.startsWith('%'))) hasContent = true;
    }
    pos = next;
  }
  close(text.length);
  if (chunks.length === 0) chunks.push({ start: 0, text, estimatedDocuments: 0 });
  return chunks;
}
