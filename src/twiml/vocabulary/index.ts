/**
 * The two TwiML vocabularies (voice and messaging), compiled once at module load into lookup
 * tables: for each element, a map from child name to the child's compiled element. The parser
 * walks these tables; it never searches lists. Also writes the messages for elements found in
 * the wrong place, using an index of where each element is allowed.
 */
import type { ElementSpec, TextRule, UnsupportedElement, BuiltNode } from '../schema.js';
import type { Message, MessagingResponse, MessagingVerb, Sms, VoiceResponse, VoiceVerb } from '../tree/index.js';
import { redirectElement } from './common.js';
import { dialElement } from './dial.js';
import { messageElement } from './messaging.js';
import { connectElement, startElement, stopElement } from './streams.js';
import {
  echoElement, enqueueElement, gatherElement, hangupElement, leaveElement, pauseElement, playElement, recordElement,
  referElement, rejectElement, sayElement, smsElement, unsupportedVoiceVerbs,
} from './voice.js';

/** One element as the parser sees it: its spec and the table of what it may contain. */
export interface CompiledElement {
  readonly name: string;
  /** null for `<Response>`, which the parser handles itself. */
  readonly spec: ElementSpec | null;
  readonly text: TextRule;
  readonly children: ReadonlyMap<string, CompiledElement | UnsupportedElement>;
  /** "<Say>, <Play> and <Pause>": what it accepts, for messages. */
  readonly accepts: string;
}

/** A compiled vocabulary: its root and how the root's children become a document. */
export interface Vocabulary<D extends VoiceResponse | MessagingResponse> {
  readonly kind: D['kind'];
  readonly root: CompiledElement;
  document(children: readonly BuiltNode[]): D;
}

function listNames(names: readonly string[]): string {
  const tags = names.map((n) => `<${n}>`);
  if (tags.length <= 1) return tags.join('') || 'nothing';
  return `${tags.slice(0, -1).join(', ')} and ${tags[tags.length - 1] ?? ''}`;
}

function isUnsupported(rule: ElementSpec | UnsupportedElement): rule is UnsupportedElement {
  return 'unsupported' in rule;
}

function compile(
  name: string, spec: ElementSpec | null, text: TextRule,
  childRules: readonly (ElementSpec | UnsupportedElement)[], memo: Map<ElementSpec, CompiledElement>,
): CompiledElement {
  const children = new Map<string, CompiledElement | UnsupportedElement>();
  const compiled: CompiledElement = {
    name, spec, text, children,
    accepts: listNames(childRules.filter((r) => !isUnsupported(r)).map((r) => r.name)),
  };
  if (spec !== null) memo.set(spec, compiled);
  for (const rule of childRules) {
    if (isUnsupported(rule)) children.set(rule.name, rule);
    else children.set(rule.name, memo.get(rule) ?? compile(rule.name, rule, rule.text, rule.children(), memo));
  }
  return compiled;
}

const voiceVerbs: readonly (ElementSpec | UnsupportedElement)[] = [
  sayElement, playElement, pauseElement, gatherElement, dialElement, recordElement, enqueueElement, leaveElement,
  hangupElement, redirectElement, rejectElement, smsElement, messageElement, referElement, connectElement,
  startElement, stopElement, echoElement, ...unsupportedVoiceVerbs,
];
// `<Sms>` is still one of messaging's "valid verbs" (Twilio's 14110: "Message, Sms and Redirect"): read as a `<Message>`.
const messagingVerbs: readonly ElementSpec[] = [messageElement, redirectElement, smsElement];

function isVoiceVerb(node: BuiltNode): node is VoiceVerb {
  return 'verb' in node;
}

function isMessagingVerb(node: BuiltNode): node is MessagingVerb {
  return 'verb' in node && (node.verb === 'Message' || node.verb === 'Redirect');
}

/** A messaging `<Sms>` as the `<Message>` it stands for (text only: `<Sms>` has no `<Media>`). */
function asMessagingVerb(node: BuiltNode): BuiltNode {
  if (!('verb' in node) || node.verb !== 'Sms') return node;
  const { to, from, action, method, statusCallback, body } = node as Sms;
  return { verb: 'Message', to, from, action, method, statusCallback, body, media: [] } satisfies Message;
}

/** Voice TwiML: what a call executes. */
export const VOICE: Vocabulary<VoiceResponse> = {
  kind: 'voice',
  root: compile('Response', null, 'none', voiceVerbs, new Map()),
  document: (children) => ({ kind: 'voice', verbs: children.filter(isVoiceVerb) }),
};

/** Messaging TwiML: the reply to an inbound message. */
export const MESSAGING: Vocabulary<MessagingResponse> = {
  kind: 'messaging',
  root: compile('Response', null, 'none', messagingVerbs, new Map()),
  document: (children) => ({ kind: 'messaging', verbs: children.map(asMessagingVerb).filter(isMessagingVerb) }),
};

/** For each element name, where it may appear ("<Dial>", "voice <Response>"), over both vocabularies. */
function indexPlaces(): Map<string, Set<string>> {
  const places = new Map<string, Set<string>>();
  const seen = new Set<CompiledElement>();
  const visit = (element: CompiledElement, label: string): void => {
    if (seen.has(element)) return;
    seen.add(element);
    for (const [childName, child] of element.children) {
      const set = places.get(childName) ?? new Set<string>();
      set.add(label);
      places.set(childName, set);
      if (!('unsupported' in child)) visit(child, `<${childName}>`);
    }
  };
  visit(VOICE.root, 'voice <Response>');
  visit(MESSAGING.root, 'messaging <Response>');
  return places;
}

const PLACES = indexPlaces();
const FOLDED_NAMES = new Map([...PLACES.keys(), 'Response'].map((n) => [n.toLowerCase(), n]));

/**
 * The message for an element its parent does not accept: a case slip, a noun in the wrong place,
 * a voice verb in messaging TwiML, or a name TwiML does not have.
 */
export function describeMisplaced(name: string, parent: CompiledElement, kind: 'voice' | 'messaging'): string {
  const parentTag = parent.spec === null ? '<Response>' : `<${parent.name}>`;
  const subject = parent.spec === null ? `In ${kind} TwiML, <Response>` : parentTag;
  const accepts = parent.text === 'mixed' ? `text and ${parent.accepts}` : parent.accepts;
  const places = PLACES.get(name);
  if (places === undefined) {
    const folded = FOLDED_NAMES.get(name.toLowerCase());
    if (folded !== undefined) return `<${name}> is not a TwiML element (names are case-sensitive); did you mean <${folded}>?`;
    return `<${name}> is not a TwiML element. ${subject} accepts ${accepts}.`;
  }
  return `<${name}> cannot be used inside ${parentTag}; it belongs in ${[...places].join(' or ')}. ${subject} accepts ${accepts}.`;
}

/** The message for a documented Twilio element Dialtone does not implement. */
export function describeUnsupported(name: string, parent: CompiledElement): string {
  const where = parent.spec === null ? 'a TwiML verb' : `a Twilio noun of <${parent.name}>`;
  return `<${name}> is ${where} that Dialtone does not support yet.`;
}
