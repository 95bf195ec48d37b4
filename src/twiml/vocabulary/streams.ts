/**
 * Media streams: `<Start>`, `<Stop>` and `<Connect>` with their `<Stream>` noun. Twilio's other
 * nouns of these verbs (Siprec, Transcription, Recording, Room, ConversationRelay…) are known
 * but not implemented by Dialtone: they are reported as such, not as unknown.
 */
import { method, oneOf, text, url, type AttributeSpecs } from '../attributes.js';
import { defaultsOf, defineElement, unsupported, type BuiltNode, type ElementContent } from '../schema.js';
import type { Connect, ActionAttributes, Start, Stop, Stream, StreamAttributes } from '../tree/index.js';
import { isParameter, parameterElement } from './common.js';
import { actionAttributes } from './voice.js';

/** `<Stream>` attributes. https://www.twilio.com/docs/voice/twiml/stream#attributes */
export const streamAttributes: AttributeSpecs<StreamAttributes> = {
  url: url(),
  name: text({ default: null, nonEmpty: true }),
  track: oneOf(['inbound_track', 'outbound_track', 'both_tracks'] as const, 'inbound_track'),
  statusCallback: url(),
  statusCallbackMethod: method(),
  connectorName: text({ default: null }),
};

const streamElement = defineElement<StreamAttributes, Stream>({
  name: 'Stream',
  text: 'none',
  attributes: streamAttributes,
  children: () => [parameterElement],
  shape: { noun: 'Stream', parameters: [] },
  finish: (node, c) => {
    node.parameters = c.children.filter(isParameter);
  },
});

function isStream(node: BuiltNode): node is Stream {
  return 'noun' in node && node.noun === 'Stream';
}

/** Streams started by `<Start>` or `<Connect>` need a `wss://` URL. */
function checkStreamTarget(c: ElementContent, verb: string, stream: Stream): void {
  if (stream.url === null || stream.url === '') {
    c.report(`<Stream> in <${verb}> needs a url attribute: the wss:// address of your WebSocket server.`);
    return;
  }
  const scheme = stream.url.slice(0, 8).toLowerCase();
  if (scheme.startsWith('ws://') || scheme.startsWith('http://') || scheme.startsWith('https://')) {
    c.report(`<Stream url="${stream.url}"> must use wss://, the only protocol media streams support.`);
  }
}

/** `<Connect>`: a bidirectional stream (only `inbound_track`), the one noun it contains. */
export const connectElement = defineElement<ActionAttributes, Connect>({
  name: 'Connect',
  text: 'none',
  attributes: actionAttributes,
  children: () => [
    streamElement, unsupported('Room'), unsupported('Conversation'), unsupported('ConversationRelay'),
    unsupported('ConversationRelaySession'), unsupported('VirtualAgent'), unsupported('Autopilot'), unsupported('AiSession'),
  ],
  shape: { verb: 'Connect', stream: { noun: 'Stream', parameters: [], ...defaultsOf(streamAttributes) } },
  finish: (node, c) => {
    const streams = c.children.filter(isStream);
    const stream = streams[0];
    if (stream === undefined || streams.length > 1) {
      c.report(`<Connect> must contain exactly one noun, such as <Stream url="wss://…"/>; found ${streams.length}.`);
      return;
    }
    node.stream = stream;
    checkStreamTarget(c, 'Connect', stream);
    if (stream.track !== 'inbound_track') c.report('<Connect><Stream> is bidirectional and only supports track="inbound_track".');
  },
});

/** `<Start>`: start streaming and carry on with the next verb. */
export const startElement = defineElement<ActionAttributes, Start>({
  name: 'Start',
  text: 'none',
  attributes: actionAttributes,
  children: () => [streamElement, unsupported('Siprec'), unsupported('Transcription'), unsupported('Recording')],
  shape: { verb: 'Start', nouns: [] },
  finish: (node, c) => {
    node.nouns = c.children.filter(isStream);
    if (node.nouns.length === 0) c.report('<Start> is empty; it must contain a noun such as <Stream url="wss://…"/>.');
    for (const stream of node.nouns) checkStreamTarget(c, 'Start', stream);
  },
});

/** `<Stop>`: stop streams, named by `name` (or `url`). */
export const stopElement = defineElement<object, Stop>({
  name: 'Stop',
  text: 'none',
  attributes: {},
  children: () => [streamElement, unsupported('Siprec'), unsupported('Transcription')],
  shape: { verb: 'Stop', nouns: [] },
  finish: (node, c) => {
    node.nouns = c.children.filter(isStream);
    if (node.nouns.length === 0) c.report('<Stop> is empty; it must contain the <Stream name="…"/> to stop.');
    for (const stream of node.nouns) {
      if (stream.name === null && stream.url === null) c.report('<Stream> in <Stop> needs the name (or url) of the stream to stop.');
    }
  },
});
