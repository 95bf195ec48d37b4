/**
 * The TwiML parser: text in, a typed tree or positioned problems out, in one pass over saxes'
 * events. Each start tag is looked up in its parent's compiled table, its attributes read through
 * the element's compiled attribute table, and its node built when it closes.
 *
 * Refuses, with Twilio's 12100, anything that is not a well-formed TwiML document: an empty or
 * oversized body, text or HTML instead of XML, a DOCTYPE (so no entity expansion, no external
 * entities: billion laughs and XXE never start), nesting deeper than MAX_TWIML_DEPTH. Schema
 * problems are 12200s, collected (up to MAX_TWIML_PROBLEMS) so a linter can show them all; an
 * invalid attribute value is an error or, as Twilio runs documents, a warning (ParseOptions).
 *
 * Must never do I/O, and must never throw on any input.
 */
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { isBlank } from './attributes.js';
import { MAX_TWIML_BYTES, MAX_TWIML_DEPTH, MAX_TWIML_PROBLEMS, describeOversize } from './limits.js';
import { Locator, attributeOffset, bareAmpersandOffset, explainXmlError, firstLine } from './positions.js';
import {
  DOCUMENT_PARSE_FAILURE, SCHEMA_VALIDATION, compareProblems, invalidValueWarning, type TwimlProblem, type TwimlProblemCode,
} from './problems.js';
import type { AttributeReporter, BuiltNode, ElementContent, PendingElement, RawAttribute } from './schema.js';
import type { MessagingResponse, VoiceResponse } from './tree/index.js';
import { MESSAGING, VOICE, describeMisplaced, describeUnsupported, type CompiledElement, type Vocabulary } from './vocabulary/index.js';
import { suggestName } from './suggest.js';

/** How a document is read. */
export interface ParseOptions {
  /** Which vocabulary: voice (calls) or messaging (SMS/MMS replies). */
  kind: 'voice' | 'messaging';
  /**
   * What an invalid value of an optional attribute (`<Pause length="0">`) does. `refuse`, the
   * default (for `dialtone lint` and TwiML given to the REST API): it is a 12200 error, and the
   * document does not run. `default`, Twilio's run-time behaviour (for TwiML fetched from the
   * app): it is a warning, with Twilio's attribute-specific code where Twilio documents one
   * (13212, 13310, 13612, 13910) or else 12200, and the attribute takes its default. Either
   * way, an invalid value of a required attribute is an error: nothing can stand in for it.
   */
  invalidValues?: 'refuse' | 'default';
}

/**
 * A parsed document with its warnings, or the errors that stop it from running (and warnings).
 * Problems are sorted by position.
 */
export type ParseResult<D> =
  | { ok: true; document: D; warnings: TwimlProblem[] }
  | { ok: false; errors: TwimlProblem[]; warnings: TwimlProblem[] };

/** Thrown inside saxes' callbacks to stop parsing; never escapes {@link parseTwiml}. */
class StopParsing {}
const STOP = new StopParsing();

const TEXT_HINTS: Readonly<Record<string, string>> = {
  Response: ' Put words to speak in <Say> (voice) and replies in <Message> (messaging).',
  Gather: ' Put the prompt in a nested <Say>.',
};

const NONE: readonly never[] = Object.freeze([]);

/** One open element. Also the `content` its spec's `finish` receives when it closes. */
class Frame implements ElementContent {
  text = '';
  pending: PendingElement | null = null;
  textReported = false;
  /** Set when a child element was refused: checks on this element's content would only echo that. */
  childRefused = false;
  // Allocated on first use: most elements have no children.
  private childList: BuiltNode[] | null = null;
  private mixedList: (string | BuiltNode)[] | null = null;
  private nameList: string[] | null = null;
  /** Index among the parent's child elements. */
  private readonly position: number;

  constructor(
    private readonly reader: TwimlReader,
    /** null: an element already reported, whose subtree is skipped. */
    readonly element: CompiledElement | null,
    readonly name: string,
    readonly offset: number,
    readonly parent: Frame | null,
  ) {
    this.position = parent === null ? 0 : parent.childNames.length - 1;
  }

  get children(): readonly BuiltNode[] {
    return this.childList ?? NONE;
  }

  get mixed(): readonly (string | BuiltNode)[] {
    return this.mixedList ?? NONE;
  }

  /** Names of the child elements opened so far, for sibling positions in paths. */
  get childNames(): readonly string[] {
    return this.nameList ?? NONE;
  }

  addChildName(name: string): void {
    if (this.nameList === null) this.nameList = [name];
    else this.nameList.push(name);
  }

  addChild(node: BuiltNode): void {
    if (this.childList === null) this.childList = [node];
    else this.childList.push(node);
    if (this.element?.text === 'mixed') this.addMixed(node);
  }

  /** Adds text or an element to mixed content; adjacent text (split by CDATA or comments) is one string. */
  addMixed(item: string | BuiltNode): void {
    const list = this.mixedList;
    if (list === null) {
      this.mixedList = [item];
      return;
    }
    const last = list.length - 1;
    const previous = list[last];
    if (typeof item === 'string' && typeof previous === 'string') list[last] = previous + item;
    else list.push(item);
  }

  report(message: string): void {
    if (!this.childRefused) this.reader.problem(SCHEMA_VALIDATION, 'error', message, this.offset, this);
  }

  warn(message: string): void {
    if (!this.childRefused) this.reader.problem(SCHEMA_VALIDATION, 'warning', message, this.offset, this);
  }

  /** `Response/Gather[1]/Say[2]`: positions count same-named siblings, from 1. */
  path(): string {
    if (this.parent === null) return this.name;
    const siblings = this.parent.childNames;
    let index = 0;
    for (let i = 0; i <= this.position; i++) if (siblings[i] === this.name) index++;
    return `${this.parent.path()}/${this.name}[${index}]`;
  }
}

/**
 * A parser that finished its last document cleanly (saxes resets itself on close), kept for the
 * next: making one costs about as much as reading a short document. Parsing is synchronous, so
 * one spare is enough; a parse that stopped part-way leaves its parser dirty, and it is dropped.
 */
let spareParser: SaxesParser | null = null;

function takeParser(): SaxesParser {
  const parser = spareParser ?? new SaxesParser();
  spareParser = null;
  return parser;
}

/** Reads one document. Also the reporter that element specs send attribute problems to. */
class TwimlReader implements AttributeReporter {
  private readonly errors: TwimlProblem[] = [];
  private readonly warnings: TwimlProblem[] = [];
  private readonly locator: Locator;
  private readonly stack: Frame[] = [];
  private readonly parser = takeParser();
  private rootChildren: readonly BuiltNode[] | null = null;
  /** The element closed last: saxes closes unclosed children before it reports the stray end tag. */
  private lastClosed: string | null = null;
  /** The attributes of the start tag being read, as saxes reports them. */
  private attributes: RawAttribute[] = [];

  constructor(
    private readonly text: string,
    private readonly vocabulary: Vocabulary<VoiceResponse | MessagingResponse>,
    private readonly invalidValues: 'refuse' | 'default',
  ) {
    this.locator = new Locator(text);
  }

  read(): ParseResult<VoiceResponse | MessagingResponse> {
    if (this.precheck()) this.runSaxes();
    return this.result();
  }

  /** Feeds the document to saxes; our handlers turn its events into frames and problems. */
  private runSaxes(): void {
    const p = this.parser;
    p.on('attribute', (attribute) => this.attributes.push(attribute));
    p.on('opentag', (tag) => this.open(tag));
    p.on('closetag', () => this.close());
    p.on('text', (text) => this.addText(text));
    p.on('cdata', (text) => this.addText(text));
    p.on('doctype', (doctype) => this.refuseDoctype(doctype));
    p.on('error', (error) => this.xmlError(error.message));
    try {
      p.write(this.text).close();
      // close() left it reset: the next document may use it.
      spareParser = p;
    } catch (thrown) {
      if (thrown === STOP) return;
      // saxes itself throws on a few malformed inputs (a lone surrogate at the end of an XML
      // declaration, for one). The parser's contract is to answer, never to throw: a 12100.
      const reason = thrown instanceof Error ? thrown.message : String(thrown);
      this.record(DOCUMENT_PARSE_FAILURE, 'error', `The document could not be parsed as XML (${reason}).`, Math.max(0, p.position - 1), this.current());
    }
  }

  private result(): ParseResult<VoiceResponse | MessagingResponse> {
    const warnings = this.warnings.sort(compareProblems);
    if (this.errors.length === 0 && this.rootChildren !== null) {
      return { ok: true, document: this.vocabulary.document(this.rootChildren), warnings };
    }
    if (this.errors.length === 0) {
      this.record(DOCUMENT_PARSE_FAILURE, 'error', 'The document has no <Response> element.', this.text.length, null);
    }
    return { ok: false, errors: this.errors.sort(compareProblems), warnings };
  }

  /** Refuses what must never reach the XML parser: too large, empty, not XML at all. */
  private precheck(): boolean {
    const text = this.text;
    const size = describeOversize(text);
    if (size !== null) {
      this.record(DOCUMENT_PARSE_FAILURE, 'error',
        `The document is ${size}; a TwiML document may be at most ${MAX_TWIML_BYTES} bytes (64 kB, Twilio's limit, error 11750).`, 0, null);
      return false;
    }
    if (isBlank(text)) {
      this.record(DOCUMENT_PARSE_FAILURE, 'error', 'The document is empty; the smallest TwiML document is <Response/>.', 0, null);
      return false;
    }
    let start = 0;
    while (start < text.length && (isBlank(text.charAt(start)) || text.charCodeAt(start) === 0xfeff)) start++;
    if (text.charAt(start) !== '<') {
      this.record(DOCUMENT_PARSE_FAILURE, 'error',
        `The document is not XML (TwiML starts with <Response>); it begins: "${firstLine(text.slice(start))}"`, start, null);
      return false;
    }
    return true;
  }

  private open(tag: SaxesTagPlain): void {
    const offset = this.text.lastIndexOf('<', this.parser.position - 1);
    const attributes = this.attributes;
    if (attributes.length > 0) this.attributes = [];
    const parent = this.stack[this.stack.length - 1];
    if (this.stack.length >= MAX_TWIML_DEPTH) {
      this.fatal(`Elements are nested more than ${MAX_TWIML_DEPTH} deep; TwiML is never that deep.`, offset);
    }
    if (parent === undefined) return this.openRoot(tag, offset, attributes);
    parent.addChildName(tag.name);
    const rule = parent.element?.children.get(tag.name);
    const element = rule === undefined || 'unsupported' in rule ? null : rule;
    const frame = new Frame(this, element, tag.name, offset, parent);
    this.stack.push(frame);
    if (parent.element === null) return;
    if (element === null) parent.childRefused = true;
    if (rule === undefined) frame.report(describeMisplaced(tag.name, parent.element, this.vocabulary.kind));
    else if (element === null) frame.report(describeUnsupported(tag.name, parent.element));
    else if (element.spec !== null) frame.pending = element.spec.open(attributes, this);
  }

  private openRoot(tag: SaxesTagPlain, offset: number, attributes: readonly RawAttribute[]): void {
    if (tag.name !== 'Response') {
      const what = tag.name.toLowerCase() === 'html' ? 'an HTML page' : `<${tag.name}>`;
      this.fatal(`The document is ${what}, not TwiML: its root element must be <Response>. It begins: "${firstLine(this.text.slice(offset))}"`, offset);
    }
    const root = new Frame(this, this.vocabulary.root, tag.name, offset, null);
    this.stack.push(root);
    for (const { name } of attributes) if (!name.startsWith('xmlns')) this.unknown(name, []);
  }

  private close(): void {
    const frame = this.stack.pop();
    this.lastClosed = frame?.name ?? null;
    if (frame === undefined || frame.element === null) return;
    const parent = frame.parent;
    if (parent === null) {
      this.rootChildren = frame.children;
      return;
    }
    if (frame.pending === null) return;
    parent.addChild(frame.pending.build(frame));
  }

  private addText(text: string): void {
    const frame = this.stack[this.stack.length - 1];
    if (frame === undefined || frame.element === null) return;
    const rule = frame.element.text;
    if (rule === 'none') {
      if (!frame.textReported && !isBlank(text)) {
        frame.textReported = true;
        const quoted = firstLine(text);
        frame.report(`<${frame.name}> cannot contain text; found "${quoted}".${TEXT_HINTS[frame.name] ?? ''}`);
      }
      return;
    }
    frame.text += text;
    if (rule === 'mixed') frame.addMixed(text);
  }

  private refuseDoctype(doctype: string): void {
    const offset = Math.max(0, this.text.indexOf('<!DOCTYPE'));
    if (doctype.trimStart().toLowerCase().startsWith('html')) {
      this.fatal(`The document is an HTML page, not TwiML. It begins: "${firstLine(this.text)}"`, offset);
    }
    this.fatal('DOCTYPE declarations are not allowed in TwiML: they can define entities, so Dialtone refuses them outright.', offset);
  }

  /** A well-formedness error from saxes, made actionable where we can tell what went wrong. */
  private xmlError(raw: string): void {
    const message = raw.replace(/^(?:[^:]*:)?\d+:\d+: /, '').replace(/\.$/, '');
    const at = Math.max(0, this.parser.position - 1);
    const ampersand = bareAmpersandOffset(this.text, at + 1);
    if (ampersand >= 0) {
      this.fatal('The document is not well-formed XML: a bare "&" must be written "&amp;" (in URLs too, as in "?a=1&amp;b=2").', ampersand);
    }
    const explained = explainXmlError(message, this.text, at, this.lastClosed, this.stack.map((f) => f.name));
    this.fatal(`The document is not well-formed XML: ${explained.message}.`, explained.offset);
  }

  /** Records a 12100 and stops parsing. */
  private fatal(message: string, offset: number): never {
    this.record(DOCUMENT_PARSE_FAILURE, 'error', message, offset, this.stack[this.stack.length - 1] ?? null);
    throw STOP;
  }

  /**
   * Records a problem at an element. Past MAX_TWIML_PROBLEMS warnings, further warnings are
   * dropped (the document still runs); past MAX_TWIML_PROBLEMS errors, parsing stops.
   */
  problem(code: TwimlProblemCode, severity: 'error' | 'warning', message: string, offset: number, frame: Frame | null): void {
    if (severity === 'warning') {
      const count = this.warnings.length;
      if (count < MAX_TWIML_PROBLEMS - 1) this.record(code, severity, message, offset, frame);
      else if (count === MAX_TWIML_PROBLEMS - 1) this.record(code, severity, 'More warnings follow; fix these first to see them.', offset, frame);
      return;
    }
    this.record(code, severity, message, offset, frame);
    if (this.errors.length >= MAX_TWIML_PROBLEMS) {
      this.record(code, 'error', `Stopped after ${MAX_TWIML_PROBLEMS} errors; fix these first.`, offset, frame);
      throw STOP;
    }
  }

  private record(code: TwimlProblemCode, severity: 'error' | 'warning', message: string, offset: number, frame: Frame | null): void {
    const { line, column } = this.locator.position(offset);
    const problem: TwimlProblem = { code, severity, message, line, column, path: frame?.path() ?? '' };
    (severity === 'error' ? this.errors : this.warnings).push(problem);
  }

  current(): Frame | null {
    return this.stack[this.stack.length - 1] ?? null;
  }

  invalid(xmlName: string, value: string, expected: string, standIn: string | null): void {
    const frame = this.current();
    const offset = frame === null ? 0 : attributeOffset(this.text, frame.offset, xmlName);
    const element = frame?.name ?? '';
    const message = `Invalid ${xmlName}="${value}" on <${element}>: ${xmlName} must be ${expected}`;
    if (this.invalidValues === 'refuse' || standIn === null) this.problem(SCHEMA_VALIDATION, 'error', `${message}.`, offset, frame);
    else this.problem(invalidValueWarning(element, xmlName), 'warning', `${message}; ${standIn}.`, offset, frame);
  }

  unknown(xmlName: string, known: readonly string[]): void {
    // Past the cap a warning would be dropped: skip locating it (a tag may have thousands).
    if (this.warnings.length >= MAX_TWIML_PROBLEMS) return;
    const frame = this.current();
    const offset = frame === null ? 0 : attributeOffset(this.text, frame.offset, xmlName);
    const suggestion = suggestName(xmlName, known);
    const hint = suggestion === null ? '.' : `; did you mean ${suggestion}?`;
    this.problem(SCHEMA_VALIDATION, 'warning', `Unknown attribute ${xmlName} on <${frame?.name ?? ''}> is ignored${hint}`, offset, frame);
  }

  missing(xmlName: string): void {
    const frame = this.current();
    this.problem(SCHEMA_VALIDATION, 'error', `<${frame?.name ?? ''}> needs the ${xmlName} attribute.`, frame?.offset ?? 0, frame);
  }
}

/**
 * Parses a TwiML document into a typed tree, with Twilio's defaults applied, or into problems
 * with line, column and element path (12100: not a TwiML document; 12200: breaks the schema).
 * Never throws and never does I/O.
 *
 * @example
 * const result = parseTwiml('<Response><Say voice="alice">Hello</Say></Response>', { kind: 'voice' });
 * if (result.ok) {
 *   for (const verb of result.document.verbs) if (verb.verb === 'Say') console.log(verb.text); // "Hello"
 * } else {
 *   for (const e of result.errors) console.log(`${e.line}:${e.column} ${e.code} ${e.message}`);
 * }
 */
export function parseTwiml(text: string, options: ParseOptions & { kind: 'voice' }): ParseResult<VoiceResponse>;
export function parseTwiml(text: string, options: ParseOptions & { kind: 'messaging' }): ParseResult<MessagingResponse>;
export function parseTwiml(text: string, options: ParseOptions): ParseResult<VoiceResponse | MessagingResponse>;
export function parseTwiml(text: string, options: ParseOptions): ParseResult<VoiceResponse | MessagingResponse> {
  return new TwimlReader(text, options.kind === 'voice' ? VOICE : MESSAGING, options.invalidValues ?? 'refuse').read();
}
