/**
 * Messaging TwiML: `<Message>` (with `<Body>` and `<Media>`) and `<Redirect>`. `<Message>` is
 * also a voice verb, so the same spec serves both vocabularies.
 */
import { method, text, trimXmlSpace, url, type AttributeSpecs } from '../attributes.js';
import { defineElement, type ElementContent } from '../schema.js';
import type { Message, MessageAttributes } from '../tree/index.js';
import { partTexts, textPart } from './common.js';

/** Twilio sends at most this many media URLs in one message (error 21623 beyond). */
export const MAX_MEDIA_PER_MESSAGE = 10;

/** `<Message>` attributes. https://www.twilio.com/docs/messaging/twiml/message#attributes */
export const messageAttributes: AttributeSpecs<MessageAttributes> = {
  to: text({ default: null, nonEmpty: true }),
  from: text({ default: null, nonEmpty: true }),
  action: url(),
  method: method(),
  statusCallback: url(),
};

const bodyElement = textPart('Body', 'Body');
const mediaElement = textPart('Media', 'Media');

/** The message text: the element's own text or its one `<Body>`. */
function messageBody(c: ElementContent): string {
  const plain = trimXmlSpace(c.text);
  const bodies = partTexts(c.children, 'Body');
  if (bodies.length > 1) c.report('<Message> has more than one <Body>; put all the text in one <Body>.');
  if (plain !== '' && bodies.length > 0) c.report('<Message> has both text and a <Body>; put the text in <Body> only.');
  return plain !== '' ? plain : bodies[0] ?? '';
}

/** The media URLs of the message's `<Media>` children. */
function messageMedia(c: ElementContent): string[] {
  const media = partTexts(c.children, 'Media');
  for (const item of media) if (item === '') c.report('<Media> is empty; it must contain the URL of an image or other media.');
  if (media.length > MAX_MEDIA_PER_MESSAGE) c.report(`<Message> has ${media.length} <Media>; a message can carry at most ${MAX_MEDIA_PER_MESSAGE}.`);
  return media;
}

/** `<Message>`: send a message (a reply, by default). */
export const messageElement = defineElement<MessageAttributes, Message>({
  name: 'Message',
  text: 'text',
  attributes: messageAttributes,
  children: () => [bodyElement, mediaElement],
  shape: { verb: 'Message', body: '', media: [] },
  finish: (node, c) => {
    node.body = messageBody(c);
    node.media = messageMedia(c);
    if (node.body === '' && node.media.length === 0) c.report('<Message> is empty; it must contain the text to send, a <Body> or a <Media>.');
  },
});
