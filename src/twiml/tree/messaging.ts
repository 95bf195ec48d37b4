/**
 * The typed tree of messaging TwiML: what the messaging engine does with an inbound message's
 * reply. `<Message>` is also allowed in voice TwiML (to text the caller during a call).
 */
import type { HttpMethod } from '../attributes.js';
import type { Redirect } from './common.js';

/** `<Message>` attributes. */
export interface MessageAttributes {
  /** null: the sender of the inbound message (or the caller). */
  to: string | null;
  /** null: the number the inbound message (or call) was sent to. */
  from: string | null;
  action: string | null;
  method: HttpMethod;
  statusCallback: string | null;
}
/** `<Message>`: a reply. `body` is its text (plain content or `<Body>`), `media` its `<Media>` URLs. */
export interface Message extends MessageAttributes {
  verb: 'Message';
  body: string;
  media: string[];
}

/** Any messaging verb, discriminated on `verb`. */
export type MessagingVerb = Message | Redirect;

/**
 * A parsed messaging TwiML document: the verbs of `<Response>`, in order.
 *
 * @example
 * const doc: MessagingResponse = { kind: 'messaging', verbs: [] }; // <Response/>: no reply
 */
export interface MessagingResponse {
  kind: 'messaging';
  verbs: MessagingVerb[];
}
