/**
 * Turning offsets in a document into the positions people read (1-based line and column), and
 * finding what a problem is about: an attribute inside a start tag, a bare `&`, the first line
 * of a body that is not XML, the culprit behind a well-formedness error. Used only when there is
 * a problem to report, so the parser's happy path never counts lines.
 */

/** Line and column (1-based; the column counts characters, not UTF-16 units). */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/**
 * Maps offsets to positions. The line table is built as far as the furthest offset asked for, and
 * no further: a problem at the start of a 50 MB body costs nothing to locate.
 */
export class Locator {
  /** Offsets where lines start: after LF, after CR not followed by LF (XML's line ends). */
  private readonly starts: number[] = [0];
  /** Every line start at or before this offset is in `starts`. */
  private scanned = 0;

  constructor(private readonly text: string) {}

  /** The position of the character at `offset` (clamped to the document). */
  position(offset: number): Position {
    const at = Math.max(0, Math.min(offset, this.text.length));
    this.scanTo(at);
    const starts = this.starts;
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= at) low = mid;
      else high = mid - 1;
    }
    const start = starts[low] ?? 0;
    return { line: low + 1, column: codePointsBetween(this.text, start, at) + 1 };
  }

  private scanTo(end: number): void {
    const text = this.text;
    for (let i = this.scanned; i < end; i++) {
      const c = text.charCodeAt(i);
      if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) this.starts.push(i + 1);
    }
    if (end > this.scanned) this.scanned = end;
  }
}

function codePointsBetween(text: string, start: number, end: number): number {
  let count = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) count++;
  }
  return count;
}

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 10 || c === 13;
}

/**
 * The offset of attribute `name` in the start tag at `tagOffset` (which points at `<`), or
 * `tagOffset` when it cannot be found. Walks the tag as XML does, so a name inside another
 * attribute's value is never mistaken for it.
 */
export function attributeOffset(text: string, tagOffset: number, name: string): number {
  let i = tagOffset + 1;
  while (i < text.length && !isSpace(text.charCodeAt(i)) && text[i] !== '>' && text[i] !== '/') i++;
  while (i < text.length) {
    while (i < text.length && isSpace(text.charCodeAt(i))) i++;
    if (i >= text.length || text[i] === '>' || text[i] === '/') break;
    const start = i;
    while (i < text.length && text[i] !== '=' && !isSpace(text.charCodeAt(i)) && text[i] !== '>') i++;
    if (text.slice(start, i) === name) return start;
    while (i < text.length && (isSpace(text.charCodeAt(i)) || text[i] === '=')) i++;
    const quote = text[i];
    if (quote !== '"' && quote !== "'") break;
    const close = text.indexOf(quote, i + 1);
    if (close < 0) break;
    i = close + 1;
  }
  return tagOffset;
}

function isEntityNameChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 35 || c === 95 || c === 45 || c === 46;
}

/** The offset of the first `&` before `end` that does not start an entity like `&amp;` (or -1). */
export function bareAmpersandOffset(text: string, end: number): number {
  let at = text.indexOf('&');
  while (at >= 0 && at < end) {
    let i = at + 1;
    while (i < text.length && i - at <= 32 && isEntityNameChar(text.charCodeAt(i))) i++;
    if (i === at + 1 || text[i] !== ';') return at;
    at = text.indexOf('&', i);
  }
  return -1;
}

/** The first non-blank line of a body, trimmed and shortened, to quote in a message. */
export function firstLine(text: string): string {
  for (const line of text.split(/\r\n|\r|\n/, 20)) {
    const trimmed = line.trim();
    if (trimmed !== '') return trimmed.length > 100 ? `${trimmed.slice(0, 100)}…` : trimmed;
  }
  return '';
}

/**
 * Saxes' terse well-formedness messages, with what to do and where the culprit starts: the `&`
 * of an undefined entity, the `<` of a stray less-than, the mismatched close tag.
 */
export function explainXmlError(
  message: string, text: string, at: number, lastClosed: string | null, open: readonly string[],
): { message: string; offset: number } {
  if (message.startsWith('an XML declaration must be at the start')) {
    return { message: 'the <?xml …?> declaration must be the very first thing in the document (remove what comes before it)', offset: at };
  }
  if (message === 'undefined entity') {
    const start = text.lastIndexOf('&', at);
    const entity = text.slice(start, at + 1);
    return { message: `undefined entity ${entity}: XML has only &amp; &lt; &gt; &quot; and &apos; (write other characters as themselves, or as &#233;)`, offset: start };
  }
  if (message === 'disallowed character in tag name' && /^<[\s\d=<]/.test(text.slice(text.lastIndexOf('<', at), at + 1))) {
    return { message: 'a "<" in text must be written "&lt;"', offset: text.lastIndexOf('<', at) };
  }
  if (message === 'unexpected close tag') {
    const start = text.lastIndexOf('</', at);
    const name = text.slice(start + 2, at).replace(/[\s>]+$/, '');
    const unclosed = open.includes(name) ? lastClosed : null;
    const why = unclosed === null
      ? `</${name}> matches no open element; check the spelling of its open and close tags`
      : `<${unclosed}> is not closed before </${name}>; add </${unclosed}> (or write an empty element as <${unclosed}/>)`;
    return { message: why, offset: start };
  }
  return { message, offset: at };
}
