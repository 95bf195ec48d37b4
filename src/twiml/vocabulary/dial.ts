/**
 * `<Dial>` and its nouns (`<Number>`, `<Client>`, `<Sip>`, `<Conference>`, `<Queue>`): their
 * attributes with Twilio's types, allowed values and defaults, and the rules on how nouns combine.
 */
import {
  INVALID, bool, digits, integer, listOf, method, oneOf, text, trimXmlSpace, url, type AttributeSpec, type AttributeSpecs,
} from '../attributes.js';
import { defaultsOf, defineElement, unsupported, type BuiltNode, type ElementContent } from '../schema.js';
import type {
  CallProgressEvent, ConferenceEvent, Dial, DialAttributes, DialClient, DialClientAttributes, DialConference,
  DialConferenceAttributes, DialNoun, DialNumber, DialNumberAttributes, DialQueue, DialQueueAttributes, DialRecord,
  DialSip, DialSipAttributes, MachineDetectionAttributes, PartyCallbackAttributes,
} from '../tree/index.js';
import { isParameter, parameterElement, partTexts, phoneNumberText, requiredText, sipUriText, textPart } from './common.js';
import { RECORDING_EVENTS } from './voice.js';

/** Call progress events a dialled party can report. */
export const CALL_PROGRESS_EVENTS: readonly CallProgressEvent[] = ['initiated', 'ringing', 'answered', 'completed'];

const DIAL_RECORD: readonly DialRecord[] = ['do-not-record', 'record-from-answer', 'record-from-ringing', 'record-from-answer-dual', 'record-from-ringing-dual'];

/**
 * `<Dial record>`: one of Twilio's five modes, or the legacy `true`/`false`, which Twilio still
 * accepts as `record-from-answer`/`do-not-record`. https://www.twilio.com/docs/voice/twiml/dial#record
 */
function dialRecord(): AttributeSpec<DialRecord> {
  const mode = oneOf(DIAL_RECORD, 'do-not-record');
  return {
    ...mode,
    expected: `${mode.expected} (or the legacy "true"/"false")`,
    parse: (raw) => {
      const legacy = trimXmlSpace(raw).toLowerCase();
      if (legacy === 'true') return 'record-from-answer';
      if (legacy === 'false') return 'do-not-record';
      return mode.parse(raw);
    },
  };
}

const RING_TONES = ['at', 'au', 'bg', 'br', 'be', 'ch', 'cl', 'cn', 'cz', 'de', 'dk', 'ee', 'es', 'fi', 'fr', 'gr', 'hu', 'il', 'in', 'it', 'lt', 'jp', 'mx', 'my', 'nl', 'no', 'nz', 'ph', 'pl', 'pt', 'ru', 'se', 'sg', 'th', 'uk', 'us', 'us-old', 'tw', 've', 'za'] as const;

/** `<Dial>` attributes. https://www.twilio.com/docs/voice/twiml/dial#attributes */
export const dialAttributes: AttributeSpecs<DialAttributes> = {
  action: url(),
  method: method(),
  timeout: integer({ default: 30, min: 5, max: 600 }),
  timeLimit: integer({ default: 14400, min: 1, max: 86400 }),
  callerId: text({ default: null, nonEmpty: true }),
  callReason: text({ default: null }),
  record: dialRecord(),
  trim: oneOf(['trim-silence', 'do-not-trim'] as const, 'do-not-trim'),
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(),
  recordingStatusCallbackEvent: listOf(RECORDING_EVENTS, ['completed']),
  recordingTrack: oneOf(['both', 'inbound', 'outbound'] as const, 'both'),
  recordingConfigurationId: text({ default: null }),
  hangupOnStar: bool(false),
  answerOnBridge: bool(false),
  ringTone: oneOf(RING_TONES, null),
  sequential: bool(false),
  referUrl: url(),
  referMethod: method(),
  events: oneOf(['call-progress-event'] as const, null),
  passports: text({ default: null }),
};

const partyCallbackAttributes: AttributeSpecs<PartyCallbackAttributes> = {
  url: url(),
  method: method(),
  statusCallback: url(),
  statusCallbackEvent: listOf(CALL_PROGRESS_EVENTS, ['completed']),
  statusCallbackMethod: method(),
};

const machineDetectionAttributes: AttributeSpecs<MachineDetectionAttributes> = {
  machineDetection: oneOf(['Enable', 'DetectMessageEnd'] as const, null),
  machineDetectionTimeout: integer({ default: 30, min: 3, max: 60 }),
  machineDetectionSpeechThreshold: integer({ default: 2400, min: 1000, max: 6000 }),
  machineDetectionSpeechEndThreshold: integer({ default: 1200, min: 500, max: 5000 }),
  machineDetectionSilenceTimeout: integer({ default: 5000, min: 2000, max: 10000 }),
  amdStatusCallback: url(),
  amdStatusCallbackMethod: method(),
};

/** `<Number>` attributes. https://www.twilio.com/docs/voice/twiml/number */
export const numberAttributes: AttributeSpecs<DialNumberAttributes> = {
  ...partyCallbackAttributes,
  ...machineDetectionAttributes,
  sendDigits: digits(),
  byoc: text({ default: null }),
};
const numberDefaults = defaultsOf(numberAttributes);

const numberElement = defineElement<DialNumberAttributes, DialNumber>({
  name: 'Number',
  text: 'text',
  attributes: numberAttributes,
  shape: { noun: 'Number', number: '' },
  finish: (node, c) => {
    node.number = phoneNumberText(c, 'Number');
  },
});

/** `<Client>` attributes. */
export const clientAttributes: AttributeSpecs<DialClientAttributes> = partyCallbackAttributes;

const identityElement = textPart('Identity', 'Identity');

const clientElement = defineElement<DialClientAttributes, DialClient>({
  name: 'Client',
  text: 'text',
  attributes: clientAttributes,
  children: () => [identityElement, parameterElement],
  shape: { noun: 'Client', identity: '', parameters: [] },
  finish: (node, c) => {
    node.identity = clientIdentity(c);
    node.parameters = c.children.filter(isParameter);
  },
});

/** The client's identity: its text (the classic form) or its one `<Identity>` child. */
function clientIdentity(c: ElementContent): string {
  const plain = trimXmlSpace(c.text);
  const nested = partTexts(c.children, 'Identity');
  if (plain !== '' && nested.length > 0) c.report('<Client> has both text and an <Identity>; put the identity in <Identity> only.');
  else if (nested.length > 1) c.report('<Client> has more than one <Identity>; a client has one identity.');
  const identity = plain !== '' ? plain : trimXmlSpace(nested[0] ?? '');
  if (identity === '') c.report('<Client> has no identity; write <Client>alice</Client> or <Client><Identity>alice</Identity></Client>.');
  return identity;
}

/** `<Sip>` attributes. https://www.twilio.com/docs/voice/twiml/sip */
export const sipAttributes: AttributeSpecs<DialSipAttributes> = {
  ...partyCallbackAttributes,
  ...machineDetectionAttributes,
  username: text({ default: null }),
  password: text({ default: null }),
};

const sipElement = defineElement<DialSipAttributes, DialSip>({
  name: 'Sip',
  text: 'text',
  attributes: sipAttributes,
  children: () => [unsupported('Headers'), unsupported('SipUri')],
  shape: { noun: 'Sip', uri: '' },
  finish: (node, c) => {
    node.uri = sipUriText(c, 'Sip');
  },
});

/** `<Conference beep>`: `true`/`false` (any case), `onEnter` or `onExit`. */
function conferenceBeep(): AttributeSpec<boolean | 'onEnter' | 'onExit'> {
  return {
    default: true,
    expected: '"true", "false", "onEnter" or "onExit"',
    parse: (raw) => {
      const value = trimXmlSpace(raw).toLowerCase();
      if (value === 'true') return true;
      if (value === 'false') return false;
      return value === 'onenter' ? 'onEnter' : value === 'onexit' ? 'onExit' : INVALID;
    },
    format: String,
  };
}

const CONFERENCE_EVENTS: readonly ConferenceEvent[] = ['start', 'end', 'join', 'leave', 'mute', 'hold', 'modify', 'speaker', 'announcement'];

/** `<Conference>` attributes. https://www.twilio.com/docs/voice/twiml/conference#attributes */
export const conferenceAttributes: AttributeSpecs<DialConferenceAttributes> = {
  muted: bool(false),
  beep: conferenceBeep(),
  startConferenceOnEnter: bool(true),
  endConferenceOnExit: bool(false),
  waitUrl: url(),
  waitMethod: method(),
  maxParticipants: integer({ default: 250, min: 2, max: 250 }),
  record: oneOf(['do-not-record', 'record-from-start'] as const, 'do-not-record'),
  region: oneOf(['us1', 'us2', 'ie1', 'sg1', 'br1', 'au1', 'jp1', 'de1'] as const, null),
  coach: text({ default: null, nonEmpty: true }),
  trim: oneOf(['trim-silence', 'do-not-trim'] as const, 'trim-silence'),
  statusCallback: url(),
  statusCallbackEvent: listOf(CONFERENCE_EVENTS, []),
  statusCallbackMethod: method(),
  recordingStatusCallback: url(),
  recordingStatusCallbackMethod: method(),
  recordingStatusCallbackEvent: listOf(RECORDING_EVENTS, ['completed']),
  eventCallbackUrl: url(),
  jitterBufferSize: oneOf(['large', 'medium', 'small', 'off'] as const, 'large'),
  participantLabel: text({ default: null }),
  recordingConfigurationId: text({ default: null }),
};

const conferenceElement = defineElement<DialConferenceAttributes, DialConference>({
  name: 'Conference',
  text: 'text',
  attributes: conferenceAttributes,
  shape: { noun: 'Conference', name: '' },
  finish: (node, c) => {
    node.name = requiredText(c, 'Conference', 'the name of the conference room');
  },
});

/** `<Queue>` attributes. */
export const queueAttributes: AttributeSpecs<DialQueueAttributes> = {
  url: url(),
  method: method(),
  reservationSid: text({ default: null }),
  postWorkActivitySid: text({ default: null }),
};

const queueElement = defineElement<DialQueueAttributes, DialQueue>({
  name: 'Queue',
  text: 'text',
  attributes: queueAttributes,
  shape: { noun: 'Queue', name: '' },
  finish: (node, c) => {
    node.name = requiredText(c, 'Queue', 'the name of the queue to take a caller from');
  },
});

function isDialNoun(node: BuiltNode): node is DialNoun {
  if (!('noun' in node)) return false;
  const n = node.noun;
  return n === 'Number' || n === 'Client' || n === 'Sip' || n === 'Conference' || n === 'Queue';
}

/** Twilio dials at most this many parties at once. */
const MAX_DIAL_PARTIES = 10;

/** The parties to dial: the nouns, or the text read as one `<Number>`; reports bad mixes. */
function dialNouns(c: ElementContent): DialNoun[] {
  const nouns = c.children.filter(isDialNoun);
  const plain = trimXmlSpace(c.text);
  if (plain !== '') {
    if (nouns.length > 0) c.report(`<Dial> contains both the text "${plain}" and nouns; put every party in its own noun, such as <Number>${plain}</Number>.`);
    else return [{ noun: 'Number', ...numberDefaults, number: phoneNumberText(c, 'Dial') }];
  }
  if (nouns.length === 0) {
    c.report('<Dial> is empty; it must contain a phone number or a noun: <Number>, <Client>, <Sip>, <Conference> or <Queue>.');
  }
  const exclusive = nouns.find((n) => n.noun === 'Conference' || n.noun === 'Queue');
  if (exclusive !== undefined && nouns.length > 1) c.report(`<${exclusive.noun}> must be the only noun in its <Dial>.`);
  if (nouns.length > MAX_DIAL_PARTIES) c.report(`<Dial> can ring at most ${MAX_DIAL_PARTIES} parties at once; it has ${nouns.length}.`);
  return nouns;
}

/** `<Dial>`: connect the caller to another party. */
export const dialElement = defineElement<DialAttributes, Dial>({
  name: 'Dial',
  text: 'text',
  attributes: dialAttributes,
  children: () => [
    numberElement, clientElement, sipElement, conferenceElement, queueElement,
    unsupported('Application'), unsupported('Sim'), unsupported('WhatsApp'),
  ],
  shape: { verb: 'Dial', nouns: [] },
  finish: (node, c) => {
    node.nouns = dialNouns(c);
  },
});
