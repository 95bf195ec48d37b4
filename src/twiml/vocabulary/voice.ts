/**
 * The voice verbs other than `<Dial>` (./dial.ts) and the streaming verbs (./streams.ts):
 * their attributes with Twilio's types, allowed values and defaults, what they may contain, and
 * how each becomes a typed node.
 */
import {
  INVALID, bool, digits, integer, keys, languageTag, listOf, method, oneOf, optionalInteger, readInteger, text,
  trimXmlSpace, trimXmlSpaceAt, url, type AttributeSpec, type AttributeSpecs,
} from '../attributes.js';
import { defineElement, unsupported, type BuiltNode, type ElementSpec } from '../schema.js';
import type {
  ActionAttributes, Echo, Enqueue, EnqueueAttributes, Gather, GatherAttributes, GatherChild, Hangup, Leave, Pause,
  PauseAttributes, Play, PlayAttributes, Record, RecordAttributes, RecordingEvent, Refer, Reject, RejectAttributes,
  Say, SayAttributes, Sms, SmsAttributes, SsmlContent,
} from '../tree/index.js';
import { isParameter, parameterElement, partTexts, requiredText, textPart } from './common.js';
import { collapseSpaces, plainText, sayElements, ssmlContent } from './ssml.js';

/** The events a recording status callback can subscribe to (default: `completed`). */
export const RECORDING_EVENTS: readonly RecordingEvent[] = ['in-progress', 'completed', 'absent'];

/** `<Say>` attributes. */
export const sayAttributes: AttributeSpecs<SayAttributes> = {
  voice: text({ default: 'man', nonEmpty: true }),
  language: languageTag('en-US'),
  loop: integer({ default: 1, min: 0 }),
};

/** Drops whitespace at the very start and end of SSML content (indentation around the text). */
function trimEdges(content: SsmlContent[]): SsmlContent[] {
  const first = content[0];
  if (typeof first === 'string') {
    const trimmed = trimXmlSpaceAt(first, 'start');
    if (trimmed === '') content.shift();
    else content[0] = trimmed;
  }
  const last = content[content.length - 1];
  if (typeof last === 'string') {
    const trimmed = trimXmlSpaceAt(last, 'end');
    if (trimmed === '') content.pop();
    else content[content.length - 1] = trimmed;
  }
  return content;
}

/**
 * `<Say>`'s `text` and `ssml` fields from its content, as the parser reads them (shared with the
 * builder, so what it writes reads back the same). Whitespace is read as speech engines read it:
 * runs collapse to one space, and the two ends are trimmed; `text` is SSML's plain reading.
 */
export function sayContent(content: string | SsmlContent[]): Pick<Say, 'text' | 'ssml'> {
  if (typeof content === 'string') return { text: trimXmlSpace(collapseSpaces(content)), ssml: null };
  const ssml = trimEdges([...content]);
  return { text: trimXmlSpace(collapseSpaces(plainText(ssml))), ssml };
}

/** `<Say>`: plain text, or text with SSML markup. */
export const sayElement = defineElement<SayAttributes, Say>({
  name: 'Say',
  text: 'mixed',
  attributes: sayAttributes,
  children: () => sayElements,
  shape: { verb: 'Say', text: '', ssml: null },
  finish: (node, c) => {
    const said = sayContent(c.children.length === 0 ? c.text : ssmlContent(c));
    if (said.text === '' && said.ssml === null) c.warn('<Say> is empty, so nothing is said; put the text to speak inside it.');
    node.text = said.text;
    node.ssml = said.ssml;
  },
});

/** `<Play>` attributes. */
export const playAttributes: AttributeSpecs<PlayAttributes> = {
  loop: integer({ default: 1, min: 0 }),
  digits: digits(),
};

/** `<Play>`: an audio URL, or DTMF digits. */
export const playElement = defineElement<PlayAttributes, Play>({
  name: 'Play',
  text: 'text',
  attributes: playAttributes,
  shape: { verb: 'Play', url: null },
  finish: (node, c) => {
    const value = trimXmlSpace(c.text);
    if (value === '' && node.digits === null) c.report('<Play> is empty; it must contain the URL of the audio to play (or have a digits attribute).');
    node.url = value === '' ? null : value;
  },
});

/** `<Pause>` attributes. */
export const pauseAttributes: AttributeSpecs<PauseAttributes> = {
  length: integer({ default: 1, min: 1 }),
};

/** `<Pause>`: silence. */
export const pauseElement = defineElement<PauseAttributes, Pause>({
  name: 'Pause',
  text: 'none',
  attributes: pauseAttributes,
  shape: { verb: 'Pause' },
});

/** `speechTimeout`: seconds, or `auto`; absent means "the value of timeout" (Twilio's default). */
function speechTimeout(): AttributeSpec<number | 'auto' | null> {
  return {
    default: null,
    expected: '"auto" or an integer of 1 or more',
    parse: (raw) => {
      const value = trimXmlSpace(raw);
      if (value.toLowerCase() === 'auto') return 'auto';
      const n = readInteger(value);
      return n >= 1 ? n : INVALID;
    },
    format: (value) => (value === null ? '' : String(value)),
  };
}

/** `<Gather>` attributes. https://www.twilio.com/docs/voice/twiml/gather#attributes */
export const gatherAttributes: AttributeSpecs<GatherAttributes> = {
  action: url(),
  method: method(),
  timeout: integer({ default: 5, min: 1 }),
  numDigits: optionalInteger({ min: 1 }),
  finishOnKey: keys({ default: '#', single: true }),
  input: listOf(['dtmf', 'speech'] as const, ['dtmf']),
  speechTimeout: speechTimeout(),
  speechModel: text({ default: null, nonEmpty: true }),
  hints: text({ default: null }),
  language: languageTag('en-US'),
  profanityFilter: bool(true),
  partialResultCallback: url(),
  partialResultCallbackMethod: method(),
  actionOnEmptyResult: bool(false),
  enhanced: bool(false),
  bargeIn: bool(true),
  debug: bool(false),
  maxSpeechTime: optionalInteger({ min: 1 }),
};

function isGatherChild(node: BuiltNode): node is GatherChild {
  return 'verb' in node && (node.verb === 'Say' || node.verb === 'Play' || node.verb === 'Pause');
}

/** `<Gather>`: collect digits or speech while nested `<Say>`, `<Play>` and `<Pause>` run. */
export const gatherElement = defineElement<GatherAttributes, Gather>({
  name: 'Gather',
  text: 'none',
  attributes: gatherAttributes,
  children: () => [sayElement, playElement, pauseElement],
  shape: { verb: 'Gather', children: [] },
  finish: (node, c) => {
    node.children = c.children.filter(isGatherChild);
  },
});

/** `<Record>` attributes. https://www.twilio.com/docs/voice/twiml/record#attributes */
export const recordAttributes: AttributeSpecs<RecordAttributes> = {
  action: url(),
  method: method(),
  timeout: integer({ default: 5, min: 1 }),
  finishOnKey: keys({ default: '1234567890*#', single: false }),
  // Twilio allows up to 14400 or 86400 seconds depending on the account; we accept the larger.
  maxLength: integer({ default: 3600, min: 1, max: 86400 }),
  playBeep: bool(true),
  trim: oneOf(['trim-silence', 'do-not-trim'] as const, 'trim-silence'),
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(),
  recordingStatusCallbackEvent: listOf(RECORDING_EVENTS, ['completed']),
  transcribe: bool(false),
  transcribeCallback: url(),
  recordingConfigurationId: text({ default: null }),
};

/** `<Record>`: record the caller. */
export const recordElement = defineElement<RecordAttributes, Record>({
  name: 'Record',
  text: 'none',
  attributes: recordAttributes,
  shape: { verb: 'Record' },
});

/** `<Enqueue>` attributes. */
export const enqueueAttributes: AttributeSpecs<EnqueueAttributes> = {
  action: url(),
  method: method(),
  waitUrl: url(),
  waitUrlMethod: method(),
  maxQueueSize: optionalInteger({ min: 1, max: 5000 }),
  workflowSid: text({ default: null }),
};

/** `<Enqueue>`: put the caller in a queue, by name. */
export const enqueueElement = defineElement<EnqueueAttributes, Enqueue>({
  name: 'Enqueue',
  text: 'text',
  attributes: enqueueAttributes,
  children: () => [unsupported('Task')],
  shape: { verb: 'Enqueue', name: '' },
  finish: (node, c) => {
    node.name = trimXmlSpace(c.text);
    if (node.name === '' && node.workflowSid === null) c.report('<Enqueue> is empty; it must contain the name of the queue, such as <Enqueue>support</Enqueue>.');
  },
});

/** `<Leave>`: leave the queue. */
export const leaveElement = defineElement<object, Leave>({
  name: 'Leave', text: 'none', attributes: {}, shape: { verb: 'Leave' },
});

/** `<Echo>`: echo the caller's audio. */
export const echoElement = defineElement<object, Echo>({
  name: 'Echo', text: 'none', attributes: {}, shape: { verb: 'Echo' },
});

/** `<Hangup>`: end the call (optionally with parameters). */
export const hangupElement = defineElement<object, Hangup>({
  name: 'Hangup',
  text: 'none',
  attributes: {},
  children: () => [parameterElement],
  shape: { verb: 'Hangup', parameters: [] },
  finish: (node, c) => {
    node.parameters = c.children.filter(isParameter);
  },
});

/** `<Reject>` attributes. */
export const rejectAttributes: AttributeSpecs<RejectAttributes> = {
  reason: oneOf(['rejected', 'busy'] as const, 'rejected'),
};

/** `<Reject>`: refuse the call without answering. */
export const rejectElement = defineElement<RejectAttributes, Reject>({
  name: 'Reject',
  text: 'none',
  attributes: rejectAttributes,
  children: () => [parameterElement],
  shape: { verb: 'Reject', parameters: [] },
  finish: (node, c) => {
    node.parameters = c.children.filter(isParameter);
  },
});

/** `<Sms>` attributes. */
export const smsAttributes: AttributeSpecs<SmsAttributes> = {
  to: text({ default: null, nonEmpty: true }),
  from: text({ default: null, nonEmpty: true }),
  action: url(),
  method: method(),
  statusCallback: url(),
};

/** `<Sms>`: text a message during a call (deprecated by Twilio in favour of `<Message>`). */
export const smsElement = defineElement<SmsAttributes, Sms>({
  name: 'Sms',
  text: 'text',
  attributes: smsAttributes,
  shape: { verb: 'Sms', body: '' },
  finish: (node, c) => {
    node.body = requiredText(c, 'Sms', 'the text of the message');
  },
});

/** `action` and `method`, shared by `<Refer>`, `<Connect>` and `<Start>`. */
export const actionAttributes: AttributeSpecs<ActionAttributes> = { action: url(), method: method() };

const referSipElement: ElementSpec = textPart('Sip', 'ReferSip');

/** `<Refer>`: SIP REFER the call to the one nested `<Sip>` URI. */
export const referElement = defineElement<ActionAttributes, Refer>({
  name: 'Refer',
  text: 'none',
  attributes: actionAttributes,
  children: () => [referSipElement],
  shape: { verb: 'Refer', sip: '' },
  finish: (node, c) => {
    const uris = partTexts(c.children, 'ReferSip');
    if (uris.length !== 1) c.report(`<Refer> must contain exactly one <Sip> with the SIP URI to transfer to; found ${uris.length}.`);
    node.sip = uris[0] ?? '';
  },
});

/** Documented voice verbs Dialtone does not implement yet. */
export const unsupportedVoiceVerbs = [unsupported('Pay'), unsupported('Prompt')];
