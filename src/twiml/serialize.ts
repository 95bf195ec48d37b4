/**
 * Writes a typed TwiML tree as a document, the way Twilio's helper libraries do: an XML
 * declaration, no whitespace between elements, attributes only where they differ from Twilio's
 * default. Text and attributes are escaped so the parser reads back exactly the same tree.
 * Must never do I/O.
 */
import type { AttributeSpecs } from './attributes.js';
import type {
  Dial, DialNoun, Message, Parameter, SsmlContent, Stream, TwimlDocument, VoiceVerb,
} from './tree/index.js';
import { parameterAttributes, redirectAttributes } from './vocabulary/common.js';
import {
  clientAttributes, conferenceAttributes, dialAttributes, numberAttributes, queueAttributes, sipAttributes,
} from './vocabulary/dial.js';
import { messageAttributes } from './vocabulary/messaging.js';
import { ssmlAttributes } from './vocabulary/ssml.js';
import { streamAttributes } from './vocabulary/streams.js';
import {
  actionAttributes, enqueueAttributes, gatherAttributes, pauseAttributes, playAttributes, recordAttributes,
  rejectAttributes, sayAttributes, smsAttributes,
} from './vocabulary/voice.js';

/** Replaces what XML 1.0 cannot carry (controls, lone surrogates, U+FFFE/F) with U+FFFD. */
function xmlSafe(value: string): string {
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

const TEXT_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '\r': '&#13;' };
const ATTRIBUTE_ESCAPES: Readonly<Record<string, string>> = {
  ...TEXT_ESCAPES, '"': '&quot;', '\n': '&#10;', '\t': '&#9;',
};

/** Escapes element text (`&`, `<`, `>`, and CR, which XML would turn into LF). */
export function escapeText(value: string): string {
  return xmlSafe(value).replace(/[&<>\r]/g, (c) => TEXT_ESCAPES[c] ?? c);
}

/** Escapes an attribute value (also `"` and the whitespace XML would normalise to spaces). */
export function escapeAttribute(value: string): string {
  return xmlSafe(value).replace(/[&<>"\r\n\t]/g, (c) => ATTRIBUTE_ESCAPES[c] ?? c);
}

function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((v, i) => v === b[i]);
  return a === b;
}

/** The attributes of `values` that differ from their defaults, written ` name="value"`. */
function attributes<A extends object>(specs: AttributeSpecs<A>, values: A): string {
  let out = '';
  for (const key in specs) {
    const spec = specs[key];
    const value = values[key];
    if (!sameValue(value, spec.default)) out += ` ${spec.xmlName ?? key}="${escapeAttribute(spec.format(value))}"`;
  }
  return out;
}

function element(name: string, attrs: string, content: string): string {
  return content === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${content}</${name}>`;
}

function ssml(content: readonly SsmlContent[]): string {
  let out = '';
  for (const item of content) {
    if (typeof item === 'string') {
      out += escapeText(item);
      continue;
    }
    switch (item.tag) {
      case 'break': out += element('break', attributes(ssmlAttributes.break, item), ''); break;
      case 'emphasis': out += element('emphasis', attributes(ssmlAttributes.emphasis, item), ssml(item.content)); break;
      case 'lang': out += element('lang', attributes(ssmlAttributes.lang, item), ssml(item.content)); break;
      case 'p': out += element('p', '', ssml(item.content)); break;
      case 'phoneme': out += element('phoneme', attributes(ssmlAttributes.phoneme, item), ssml(item.content)); break;
      case 'prosody': out += element('prosody', attributes(ssmlAttributes.prosody, item), ssml(item.content)); break;
      case 's': out += element('s', '', ssml(item.content)); break;
      case 'say-as': out += element('say-as', attributes(ssmlAttributes['say-as'], item), ssml(item.content)); break;
      case 'sub': out += element('sub', attributes(ssmlAttributes.sub, item), ssml(item.content)); break;
      case 'w': out += element('w', attributes(ssmlAttributes.w, item), ssml(item.content)); break;
      default: return unreachable(item);
    }
  }
  return out;
}

function unreachable(value: never): never {
  throw new TypeError(`Unknown TwiML node: ${JSON.stringify(value)}`);
}

function parameters(list: readonly Parameter[]): string {
  return list.map((p) => element('Parameter', attributes(parameterAttributes, p), '')).join('');
}

function stream(s: Stream): string {
  return element('Stream', attributes(streamAttributes, s), parameters(s.parameters));
}

function noun(n: DialNoun): string {
  switch (n.noun) {
    case 'Number': return element('Number', attributes(numberAttributes, n), escapeText(n.number));
    case 'Client': {
      const identity = n.parameters.length === 0 ? escapeText(n.identity) : element('Identity', '', escapeText(n.identity));
      return element('Client', attributes(clientAttributes, n), identity + parameters(n.parameters));
    }
    case 'Sip': return element('Sip', attributes(sipAttributes, n), escapeText(n.uri));
    case 'Conference': return element('Conference', attributes(conferenceAttributes, n), escapeText(n.name));
    case 'Queue': return element('Queue', attributes(queueAttributes, n), escapeText(n.name));
    default: return unreachable(n);
  }
}

/** `<Dial>number</Dial>` when it dials one number with default attributes, as the SDKs write it. */
function dial(d: Dial): string {
  const only = d.nouns.length === 1 ? d.nouns[0] : undefined;
  const content = only?.noun === 'Number' && attributes(numberAttributes, only) === '' ? escapeText(only.number) : d.nouns.map(noun).join('');
  return element('Dial', attributes(dialAttributes, d), content);
}

function message(m: Message): string {
  const media = m.media.map((url) => element('Media', '', escapeText(url))).join('');
  const body = m.media.length === 0 ? escapeText(m.body) : m.body === '' ? '' : element('Body', '', escapeText(m.body));
  return element('Message', attributes(messageAttributes, m), body + media);
}

function verb(v: VoiceVerb): string {
  switch (v.verb) {
    case 'Say': return element('Say', attributes(sayAttributes, v), v.ssml === null ? escapeText(v.text) : ssml(v.ssml));
    case 'Play': return element('Play', attributes(playAttributes, v), escapeText(v.url ?? ''));
    case 'Pause': return element('Pause', attributes(pauseAttributes, v), '');
    case 'Gather': return element('Gather', attributes(gatherAttributes, v), v.children.map(verb).join(''));
    case 'Dial': return dial(v);
    case 'Record': return element('Record', attributes(recordAttributes, v), '');
    case 'Enqueue': return element('Enqueue', attributes(enqueueAttributes, v), escapeText(v.name));
    case 'Leave': return '<Leave/>';
    case 'Hangup': return element('Hangup', '', parameters(v.parameters));
    case 'Redirect': return element('Redirect', attributes(redirectAttributes, v), escapeText(v.url));
    case 'Reject': return element('Reject', attributes(rejectAttributes, v), parameters(v.parameters));
    case 'Sms': return element('Sms', attributes(smsAttributes, v), escapeText(v.body));
    case 'Message': return message(v);
    case 'Refer': return element('Refer', attributes(actionAttributes, v), element('Sip', '', escapeText(v.sip)));
    case 'Connect': return element('Connect', attributes(actionAttributes, v), stream(v.stream));
    case 'Start': return element('Start', attributes(actionAttributes, v), v.nouns.map(stream).join(''));
    case 'Stop': return element('Stop', '', v.nouns.map(stream).join(''));
    case 'Echo': return '<Echo/>';
    default: return unreachable(v);
  }
}

/**
 * Writes a TwiML document. `parseTwiml(serializeTwiml(doc), { kind: doc.kind })` gives back
 * `doc` for every valid tree.
 *
 * @example
 * serializeTwiml({ kind: 'voice', verbs: [{ verb: 'Hangup', parameters: [] }] });
 * // '<?xml version="1.0" encoding="UTF-8"?><Response><Hangup/></Response>'
 */
export function serializeTwiml(doc: TwimlDocument): string {
  const verbs: readonly VoiceVerb[] = doc.verbs;
  return `<?xml version="1.0" encoding="UTF-8"?>${element('Response', '', verbs.map(verb).join(''))}`;
}
