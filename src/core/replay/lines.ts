/**
 * Splitting a stream of text into lines without holding the whole text: the reader of every log
 * format sits on top of this.
 *
 * Decisions:
 * - A line ends at `\n`; a `\r` right before it is dropped (Windows logs). A lone `\r` is kept.
 * - A UTF-8 byte-order mark at the very start of the stream is dropped.
 * - The text after the last `\n` is a line too (a file need not end with a newline); an empty
 *   remainder is not.
 */

/** Receives each line with its 1-based line number. */
export type LineSink = (line: string, lineNumber: number) => void;

/**
 * A push-based line splitter: `push` text chunks as they arrive (any size, a line may span chunks),
 * then `end`. Only the unfinished last line is kept between chunks, so memory does not grow with the
 * stream.
 *
 * @example
 * const s = new LineSplitter((line, n) => console.log(n, line));
 * s.push('a,b\r\nc'); s.push(',d\n'); s.end(); // 1 'a,b', 2 'c,d'
 */
export class LineSplitter {
  private rest = '';
  private lineNumber = 0;
  private started = false;

  constructor(private readonly sink: LineSink) {}

  /** Lines seen so far. */
  get lines(): number {
    return this.lineNumber;
  }

  push(chunk: string): void {
    if (chunk.length === 0) return;
    let text = chunk;
    if (!this.started) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    }
    let start = 0;
    if (this.rest.length > 0) {
      const nl = text.indexOf('\n');
      if (nl < 0) {
        this.rest += text;
        return;
      }
      const line = this.rest + text.slice(0, nl);
      this.rest = '';
      this.lineNumber++;
      this.sink(line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, this.lineNumber);
      start = nl + 1;
    }
    const sink = this.sink;
    for (;;) {
      const nl = text.indexOf('\n', start);
      if (nl < 0) break;
      // One slice per line: the CR of a CRLF is left out by the slice itself.
      const end = nl > start && text.charCodeAt(nl - 1) === 13 ? nl - 1 : nl;
      this.lineNumber++;
      sink(text.slice(start, end), this.lineNumber);
      start = nl + 1;
    }
    if (start < text.length) this.rest = text.slice(start);
  }

  end(): void {
    if (this.rest.length > 0) this.emit(this.rest);
    this.rest = '';
  }

  private emit(line: string): void {
    this.lineNumber++;
    this.sink(line.length > 0 && line.charCodeAt(line.length - 1) === 13 ? line.slice(0, -1) : line, this.lineNumber);
  }
}
