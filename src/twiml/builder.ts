/**
 * A small typed builder for TwiML, for the engines and tests: each method appends one verb with
 * Twilio's defaults filled in, `build()` returns the typed tree and `toString()` the document.
 * What it writes reads back, through the parser, as the very tree `build()` returns (text is
 * trimmed as the parser trims it). It trusts its typed input: ranges are the parser's job.
 * Must never do I/O.
 */
import { INVALID, trimXmlSpace, type AttributeSpecs } from './attributes.js';
import { defaultsOf } from './schema.js';
import { serializeTwiml } from './serialize.js';
import type {
  ActionAttributes, Dial, DialAttributes, DialClientAttributes, DialConferenceAttributes, DialNoun,
  DialNumberAttributes, DialQueueAttributes, DialSipAttributes, EnqueueAttributes, GatherAttributes, GatherChild,
  MessageAttributes, MessagingResponse, MessagingVerb, Parameter, PauseAttributes, PlayAttributes, RecordAttributes,
  RedirectAttributes, RejectAttributes, SayAttributes, SmsAttributes, SsmlContent, Stream, StreamAttributes,
  VoiceResponse, VoiceVerb,
} from './tree/index.js';
import { redirectAttributes } from './vocabulary/common.js';
import {
  clientAttributes, conferenceAttributes, dialAttributes, numberAttributes, queueAttributes, sipAttributes,
} from './vocabulary/dial.js';
import { messageAttributes } from './vocabulary/messaging.js';
import { normalizeSsml } from './vocabulary/ssml.js';
import { streamAttributes } from './vocabulary/streams.js';
import {
  actionAttributes, enqueueAttributes, gatherAttributes, pauseAttributes, playAttributes, recordAttributes,
  rejectAttributes, sayAttributes, sayContent, smsAttributes,
} from './vocabulary/voice.js';

/** Custom parameters, by name, in the order written. */
export type Parameters = Readonly<Record<string, string>>;
/** A `<Stream>` to start, connect or stop, with its custom parameters. */
export type StreamOptions = Partial<StreamAttributes> & { parameters?: Parameters };

const SPECS = {
  say: sayAttributes, play: playAttributes, pause: pauseAttributes, gather: gatherAttributes, dial: dialAttributes,
  number: numberAttributes, client: clientAttributes, sip: sipAttributes, conference: conferenceAttributes,
  queue: queueAttributes, record: recordAttributes, enqueue: enqueueAttributes, redirect: redirectAttributes,
  reject: rejectAttributes, sms: smsAttributes, message: messageAttributes, action: actionAttributes,
  stream: streamAttributes,
};

/**
 * Twilio's defaults with the given options laid over them (undefined keeps the default). Each
 * value is read back as the parser would read it as written (URLs and names trimmed, `GET` in
 * capitals), so the tree equals what the parser makes of the document.
 */
function withDefaults<A extends object>(specs: AttributeSpecs<A>, options: Partial<A> | undefined): A {
  const out = defaultsOf(specs);
  if (options === undefined) return out;
  for (const key in specs) {
    const value = options[key];
    const spec = specs[key];
    if (value === undefined || value === spec.default) continue;
    const reread = spec.parse(spec.format(value));
    out[key] = reread === INVALID ? value : reread;
  }
  return out;
}

function toParameters(parameters: Parameters | undefined): Parameter[] {
  return Object.entries(parameters ?? {}).map(([name, value]) => ({ noun: 'Parameter', name, value }));
}

function toStream(options: StreamOptions): Stream {
  return { noun: 'Stream', ...withDefaults(SPECS.stream, options), parameters: toParameters(options.parameters) };
}

/** Appends `<Say>`, `<Play>` and `<Pause>`: what `<Gather>` and `<Response>` share. */
class PromptBuilder<V extends VoiceVerb> {
  protected readonly verbs: V[] = [];

  constructor(private readonly accept: (verb: GatherChild) => V) {}

  /** `<Say>` plain text, or SSML content (strings and SSML elements). */
  say(content: string | readonly SsmlContent[], attributes?: Partial<SayAttributes>): this {
    const said = sayContent(typeof content === 'string' ? content : normalizeSsml(content));
    this.verbs.push(this.accept({ verb: 'Say', ...withDefaults(SPECS.say, attributes), ...said }));
    return this;
  }

  /** `<Play>` an audio URL, or `play({ digits: '1234#' })` to play DTMF. */
  play(url: string | (Partial<PlayAttributes> & { digits: string }), attributes?: Partial<PlayAttributes>): this {
    const options = typeof url === 'string' ? attributes : url;
    const source = typeof url === 'string' ? trimXmlSpace(url) : null;
    this.verbs.push(this.accept({ verb: 'Play', ...withDefaults(SPECS.play, options), url: source }));
    return this;
  }

  /** `<Pause>` for `length` seconds (default 1). */
  pause(attributes?: Partial<PauseAttributes>): this {
    this.verbs.push(this.accept({ verb: 'Pause', ...withDefaults(SPECS.pause, attributes) }));
    return this;
  }
}

/** Builds the prompts nested in a `<Gather>`. */
export class GatherBuilder extends PromptBuilder<GatherChild> {
  constructor() {
    super((verb) => verb);
  }

  /** The prompts appended so far. */
  children(): GatherChild[] {
    return [...this.verbs];
  }
}

/** Builds the nouns of a `<Dial>`. */
export class DialBuilder {
  private readonly nouns: DialNoun[] = [];

  /** `<Number>`: a phone number. */
  number(number: string, attributes?: Partial<DialNumberAttributes>): this {
    this.nouns.push({ noun: 'Number', ...withDefaults(SPECS.number, attributes), number: trimXmlSpace(number) });
    return this;
  }

  /** `<Client>`: a client identity, with optional custom parameters. */
  client(identity: string, attributes?: Partial<DialClientAttributes> & { parameters?: Parameters }): this {
    const parameters = toParameters(attributes?.parameters);
    this.nouns.push({ noun: 'Client', ...withDefaults(SPECS.client, attributes), identity: trimXmlSpace(identity), parameters });
    return this;
  }

  /** `<Sip>`: a SIP URI. */
  sip(uri: string, attributes?: Partial<DialSipAttributes>): this {
    this.nouns.push({ noun: 'Sip', ...withDefaults(SPECS.sip, attributes), uri: trimXmlSpace(uri) });
    return this;
  }

  /** `<Conference>`: a conference room, by name. */
  conference(name: string, attributes?: Partial<DialConferenceAttributes>): this {
    this.nouns.push({ noun: 'Conference', ...withDefaults(SPECS.conference, attributes), name: trimXmlSpace(name) });
    return this;
  }

  /** `<Queue>`: take the next caller from a queue, by name. */
  queue(name: string, attributes?: Partial<DialQueueAttributes>): this {
    this.nouns.push({ noun: 'Queue', ...withDefaults(SPECS.queue, attributes), name: trimXmlSpace(name) });
    return this;
  }

  /** The nouns appended so far. */
  list(): DialNoun[] {
    return [...this.nouns];
  }
}

/**
 * Builds a voice TwiML document, verb by verb.
 *
 * @example
 * const twiml = voiceResponse()
 *   .say('Hello', { voice: 'alice' })
 *   .gather({ numDigits: 1, action: '/menu' }, (g) => g.say('Press 1 for sales.'))
 *   .dial('+14155551212', { timeout: 20 })
 *   .toString();
 */
export class VoiceResponseBuilder extends PromptBuilder<VoiceVerb> {
  constructor() {
    super((verb) => verb);
  }

  /** `<Gather>`, with the prompts `nest` adds. */
  gather(attributes?: Partial<GatherAttributes>, nest?: (gather: GatherBuilder) => void): this {
    const prompts = new GatherBuilder();
    nest?.(prompts);
    this.verbs.push({ verb: 'Gather', ...withDefaults(SPECS.gather, attributes), children: prompts.children() });
    return this;
  }

  /** `<Dial>` one number (`dial('+1415…')`), or the nouns `nest` adds (`dial({}, (d) => d.client('alice'))`). */
  dial(target: string | Partial<DialAttributes>, nestOrAttributes?: ((dial: DialBuilder) => void) | Partial<DialAttributes>): this {
    const nouns = new DialBuilder();
    let attributes: Partial<DialAttributes> | undefined;
    if (typeof target === 'string') {
      nouns.number(target);
      if (typeof nestOrAttributes === 'object') attributes = nestOrAttributes;
    } else {
      attributes = target;
      if (typeof nestOrAttributes === 'function') nestOrAttributes(nouns);
    }
    const dial: Dial = { verb: 'Dial', ...withDefaults(SPECS.dial, attributes), nouns: nouns.list() };
    this.verbs.push(dial);
    return this;
  }

  /** `<Record>`. */
  record(attributes?: Partial<RecordAttributes>): this {
    this.verbs.push({ verb: 'Record', ...withDefaults(SPECS.record, attributes) });
    return this;
  }

  /** `<Enqueue>` into the named queue. */
  enqueue(name: string, attributes?: Partial<EnqueueAttributes>): this {
    this.verbs.push({ verb: 'Enqueue', ...withDefaults(SPECS.enqueue, attributes), name: trimXmlSpace(name) });
    return this;
  }

  /** `<Leave>` the queue. */
  leave(): this {
    this.verbs.push({ verb: 'Leave' });
    return this;
  }

  /** `<Hangup>`, with optional custom parameters. */
  hangup(parameters?: Parameters): this {
    this.verbs.push({ verb: 'Hangup', parameters: toParameters(parameters) });
    return this;
  }

  /** `<Redirect>` to the TwiML at `url`. */
  redirect(url: string, attributes?: Partial<RedirectAttributes>): this {
    this.verbs.push({ verb: 'Redirect', ...withDefaults(SPECS.redirect, attributes), url: trimXmlSpace(url) });
    return this;
  }

  /** `<Reject>` the call, with optional custom parameters. */
  reject(attributes?: Partial<RejectAttributes>, parameters?: Parameters): this {
    this.verbs.push({ verb: 'Reject', ...withDefaults(SPECS.reject, attributes), parameters: toParameters(parameters) });
    return this;
  }

  /** `<Sms>` (deprecated by Twilio; prefer {@link message}). */
  sms(body: string, attributes?: Partial<SmsAttributes>): this {
    this.verbs.push({ verb: 'Sms', ...withDefaults(SPECS.sms, attributes), body: trimXmlSpace(body) });
    return this;
  }

  /** `<Message>`: text the caller (or `to`), with optional media URLs. */
  message(body: string, attributes?: Partial<MessageAttributes> & { media?: readonly string[] }): this {
    this.verbs.push(messageVerb(body, attributes));
    return this;
  }

  /** `<Refer>` the SIP call to `sipUri`. */
  refer(sipUri: string, attributes?: Partial<ActionAttributes>): this {
    this.verbs.push({ verb: 'Refer', ...withDefaults(SPECS.action, attributes), sip: trimXmlSpace(sipUri) });
    return this;
  }

  /** `<Connect><Stream>`: a bidirectional media stream. */
  connect(stream: StreamOptions, attributes?: Partial<ActionAttributes>): this {
    this.verbs.push({ verb: 'Connect', ...withDefaults(SPECS.action, attributes), stream: toStream(stream) });
    return this;
  }

  /** `<Start>` one or more media streams. */
  start(streams: StreamOptions | readonly StreamOptions[], attributes?: Partial<ActionAttributes>): this {
    const list = Array.isArray(streams) ? streams : [streams];
    this.verbs.push({ verb: 'Start', ...withDefaults(SPECS.action, attributes), nouns: list.map(toStream) });
    return this;
  }

  /** `<Stop>` media streams, by name. */
  stop(streams: StreamOptions | readonly StreamOptions[]): this {
    const list = Array.isArray(streams) ? streams : [streams];
    this.verbs.push({ verb: 'Stop', nouns: list.map(toStream) });
    return this;
  }

  /** `<Echo>`. */
  echo(): this {
    this.verbs.push({ verb: 'Echo' });
    return this;
  }

  /** The typed tree built so far. */
  build(): VoiceResponse {
    return { kind: 'voice', verbs: [...this.verbs] };
  }

  /** The TwiML document. */
  override toString(): string {
    return serializeTwiml(this.build());
  }
}

function messageVerb(body: string, attributes?: Partial<MessageAttributes> & { media?: readonly string[] }): MessagingVerb & VoiceVerb {
  const media = (attributes?.media ?? []).map(trimXmlSpace);
  return { verb: 'Message', ...withDefaults(SPECS.message, attributes), body: trimXmlSpace(body), media };
}

/**
 * Builds a messaging TwiML document (the reply to an inbound message).
 *
 * @example
 * messagingResponse().message('Thanks!', { media: ['https://example.com/cat.jpg'] }).toString();
 */
export class MessagingResponseBuilder {
  private readonly verbs: MessagingVerb[] = [];

  /** `<Message>`: reply (or send to `to`), with optional media URLs. */
  message(body: string, attributes?: Partial<MessageAttributes> & { media?: readonly string[] }): this {
    this.verbs.push(messageVerb(body, attributes));
    return this;
  }

  /** `<Redirect>` to the TwiML at `url`. */
  redirect(url: string, attributes?: Partial<RedirectAttributes>): this {
    this.verbs.push({ verb: 'Redirect', ...withDefaults(SPECS.redirect, attributes), url: trimXmlSpace(url) });
    return this;
  }

  /** The typed tree built so far. */
  build(): MessagingResponse {
    return { kind: 'messaging', verbs: [...this.verbs] };
  }

  /** The TwiML document. */
  toString(): string {
    return serializeTwiml(this.build());
  }
}

/**
 * Starts a voice TwiML document.
 *
 * @example
 * voiceResponse().say('Goodbye').hangup().toString();
 * // '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Goodbye</Say><Hangup/></Response>'
 */
export function voiceResponse(): VoiceResponseBuilder {
  return new VoiceResponseBuilder();
}

/**
 * Starts a messaging TwiML document.
 *
 * @example
 * messagingResponse().message('Hello back').toString();
 */
export function messagingResponse(): MessagingResponseBuilder {
  return new MessagingResponseBuilder();
}
