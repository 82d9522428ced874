/** A half-open range of UTF-16 offsets into a text: [start, end). The core works in offsets only. */
export interface Span {
  start: number;
  end: number;
}

const insideCrlf = (text: string, at: number) => at > 0 && text.charCodeAt(at) === 10 && text.charCodeAt(at - 1) === 13;

/**
 * `span` with no end inside a CRLF pair (a CRLF is one line break: an offset between its CR and
 * LF is no place in the text an editor can show). A start there moves back to the CR (the end of
 * its line), an end forward past the LF: the range an LF file gives for the same error. The same
 * object when nothing moves.
 */
export function outsideCrlf(text: string, span: Span): Span {
  const start = insideCrlf(text, span.start) ? span.start - 1 : span.start;
  const end = insideCrlf(text, span.end) ? span.end + 1 : span.end;
  return start === span.start && end === span.end ? span : { start, end };
}
