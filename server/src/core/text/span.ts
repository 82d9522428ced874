/** A half-open range of UTF-16 offsets into a text: [start, end). The core works in offsets only. */
export interface Span {
  start: number;
  end: number;
}
