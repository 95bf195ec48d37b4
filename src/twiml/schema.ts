/**
 * How the vocabulary is declared: one {@link ElementSpec} per TwiML element, made by
 * {@link defineElement} from its attribute specs, its content rule, the elements it may contain,
 * its node's shape, and a `finish` function that fills the node from the element's content.
 *
 * Everything here is compiled once, at module load, into lookup tables the parser consults per
 * element and per attribute. Must never do I/O.
 */
import { INVALID, type AttributeSpec, type AttributeSpecs } from './attributes.js';
import type { DialNoun, Parameter, SsmlElement, Stream, VoiceVerb } from './tree/index.js';

/**
 * The content of a text-only child (`<Body>`, `<Media>`, `<Identity>`, `<Sip>` in `<Refer>`)
 * on its way to the parent, which folds it into its own fields.
 */
export interface TextPart {
  part: 'Body' | 'Media' | 'Identity' | 'ReferSip';
  text: string;
}

/** Any node the parser builds for one XML element. */
export type BuiltNode = VoiceVerb | DialNoun | Parameter | Stream | SsmlElement | TextPart;

/** What an element may contain besides its child elements. */
export type TextRule =
  /** Only whitespace; anything else is a schema error. */
  | 'none'
  /** Text, collected (a URL, a number, a name, a message body). */
  | 'text'
  /** Text and elements interleaved, kept in order (SSML). */
  | 'mixed';

/** What a `finish` function receives: the element's content, parsed and validated. */
export interface ElementContent {
  /** The element's own text, concatenated, untrimmed (`''` for `none`). */
  readonly text: string;
  /** The child elements, built, in order. */
  readonly children: readonly BuiltNode[];
  /** Text and child elements in order, for `mixed` elements (empty otherwise). */
  readonly mixed: readonly (string | BuiltNode)[];
  /** Reports a schema error (12200) at this element. */
  report(message: string): void;
  /** Reports a schema warning (12200) at this element. */
  warn(message: string): void;
}

/** One attribute as written in a start tag (what saxes reports). */
export interface RawAttribute {
  readonly name: string;
  readonly value: string;
}

/** A parsed element waiting for its content (returned by {@link ElementSpec.open}). */
export interface PendingElement {
  build(content: ElementContent): BuiltNode;
}

/** Callbacks through which {@link ElementSpec.open} reports attribute problems. */
export interface AttributeReporter {
  /**
   * An attribute's value is not allowed. `standIn` says what the element gets instead when the
   * document runs anyway ("the default, 30, is used"), or is null for a required attribute,
   * which nothing can stand in for.
   */
  invalid(xmlName: string, value: string, expected: string, standIn: string | null): void;
  unknown(xmlName: string, known: readonly string[]): void;
  missing(xmlName: string): void;
}

/** A documented Twilio element Dialtone does not implement yet (a clear error, not "unknown"). */
export interface UnsupportedElement {
  readonly name: string;
  readonly unsupported: true;
}

/** One TwiML element: its name, attributes, content rule and children, compiled. */
export interface ElementSpec {
  readonly name: string;
  readonly text: TextRule;
  /** The XML names of its attributes, as written in documents. */
  readonly attributeNames: readonly string[];
  /** The elements it may contain (a thunk, so specs can refer to each other). */
  readonly children: () => readonly (ElementSpec | UnsupportedElement)[];
  /** Reads the start tag's attributes; problems go to `reporter`. */
  open(attributes: readonly RawAttribute[], reporter: AttributeReporter): PendingElement;
}

/** The declaration of one element, for {@link defineElement}. */
export interface ElementDefinition<A extends object, N extends BuiltNode & A> {
  name: string;
  text: TextRule;
  attributes: AttributeSpecs<A>;
  /**
   * The node's other fields — its discriminant first, then its content fields — with placeholder
   * values (`[]` placeholders are fresh arrays in every node). Nodes list the discriminant, then
   * the attributes, then the content.
   */
  shape: Omit<N, keyof A>;
  children?: () => readonly (ElementSpec | UnsupportedElement)[];
  /** Attributes that must be present (their default only stands in after the error). */
  required?: readonly (keyof A & string)[];
  /** Fills the node's content fields from the element's content, reporting problems. */
  finish?(node: N, content: ElementContent): void;
}

/** Marks a documented Twilio element that Dialtone does not support. */
export function unsupported(name: string): UnsupportedElement {
  return { name, unsupported: true };
}

/** The default value of every attribute, as one object of the attributes type. */
export function defaultsOf<A extends object>(specs: AttributeSpecs<A>): A {
  const out: Partial<A> = {};
  for (const key in specs) out[key] = specs[key].default;
  // Complete by construction: AttributeSpecs<A> has one spec per key of A.
  return out as A;
}

type Assign<A> = (values: A, raw: string) => boolean;

function assigner<A, K extends keyof A>(specs: AttributeSpecs<A>, key: K): Assign<A> {
  const spec = specs[key];
  return (values, raw) => {
    const value = spec.parse(raw);
    if (value === INVALID) return false;
    values[key] = value;
    return true;
  };
}

interface AttributeEntry<A> {
  readonly assign: Assign<A>;
  readonly expected: string;
  readonly standIn: string | null;
}

/** What stands in for an invalid value of an optional attribute: its default, or nothing. */
function standInFor<T>(spec: AttributeSpec<T>): string {
  return spec.default === null ? 'it is ignored' : `the default, "${spec.format(spec.default)}", is used instead`;
}

/** True for namespace declarations and `xml:*` attributes, which TwiML ignores silently. */
function isXmlReserved(name: string): boolean {
  return name.startsWith('xmlns') || (name.startsWith('xml:') && name !== 'xml:lang');
}

/** A field value as a JavaScript literal, or null when it must be referenced (a shared array). */
function literal(value: unknown): string | null {
  if (value === null || typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return JSON.stringify(value);
  return null;
}

/**
 * Compiles the function that creates an element's node: one object literal with every field in
 * a fixed order (discriminant, attribute defaults, content). Creating a node is then one allocation with a
 * stable hidden class — about a hundred times faster than spreading a defaults object, and the
 * parser creates one per element. Field names come from our own vocabulary, never from input.
 */
function compileFactory<A extends object, N extends BuiltNode & A>(shape: Omit<N, keyof A>, defaults: A): () => N {
  const fields: string[] = [];
  const shared: unknown[] = [];
  const add = (key: string, value: unknown): void => {
    const inline = Array.isArray(value) && value.length === 0 && !Object.isFrozen(value) ? '[]' : literal(value);
    if (inline !== null) fields.push(`${JSON.stringify(key)}: ${inline}`);
    else fields.push(`${JSON.stringify(key)}: shared[${shared.push(value) - 1}]`);
  };
  const [discriminant, ...content] = Object.entries(shape);
  if (discriminant !== undefined) add(...discriminant);
  for (const [key, value] of Object.entries(defaults)) add(key, value);
  for (const [key, value] of content) add(key, value);
  // The one untyped step: the generated function returns exactly shape and defaults, i.e. an N.
  const create = new Function('shared', `return function create() { return { ${fields.join(', ')} }; };`) as (shared: unknown[]) => () => N;
  return create(shared);
}

/** An element whose attributes have been read: completes its node once its content is known. */
class OpenedElement<A extends object, N extends BuiltNode & A> implements PendingElement {
  constructor(
    private readonly node: N,
    private readonly finish: ((node: N, content: ElementContent) => void) | undefined,
  ) {}

  build(content: ElementContent): N {
    this.finish?.(this.node, content);
    return this.node;
  }
}

/**
 * Declares one element. Its attribute specs are compiled into a lookup table (XML name → typed
 * reader) and its node into a factory, once; `open` then costs one allocation for the node and
 * one table lookup per attribute present.
 *
 * @example
 * const pause = defineElement<PauseAttributes, Pause>({
 *   name: 'Pause', text: 'none', attributes: { length: integer({ default: 1, min: 1 }) },
 *   shape: { verb: 'Pause' },
 * });
 */
export function defineElement<A extends object, N extends BuiltNode & A>(definition: ElementDefinition<A, N>): ElementSpec {
  const { attributes: specs, finish } = definition;
  const create = compileFactory<A, N>(definition.shape, defaultsOf(specs));
  const requiredKeys: readonly string[] = definition.required ?? [];
  const table = new Map<string, AttributeEntry<A>>();
  for (const key in specs) {
    const spec = specs[key];
    const standIn = requiredKeys.includes(key) ? null : standInFor(spec);
    table.set(spec.xmlName ?? key, { assign: assigner(specs, key), expected: spec.expected, standIn });
  }
  const attributeNames = [...table.keys()];
  const required = (definition.required ?? []).map((key) => specs[key].xmlName ?? key);
  return {
    name: definition.name,
    text: definition.text,
    attributeNames,
    children: definition.children ?? (() => []),
    open(raw, reporter) {
      const node = create();
      for (let i = 0; i < raw.length; i++) {
        const attribute = raw[i];
        if (attribute === undefined) continue;
        const entry = table.get(attribute.name);
        if (entry === undefined) {
          if (!isXmlReserved(attribute.name)) reporter.unknown(attribute.name, attributeNames);
        } else if (!entry.assign(node, attribute.value)) {
          reporter.invalid(attribute.name, attribute.value, entry.expected, entry.standIn);
        }
      }
      for (const name of required) if (!raw.some((a) => a.name === name)) reporter.missing(name);
      return new OpenedElement<A, N>(node, finish);
    },
  };
}
