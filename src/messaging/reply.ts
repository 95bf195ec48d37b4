/**
 * Executing an inbound message's TwiML reply: each `<Message>` sends an `outbound-reply`;
 * `<Redirect>` fetches the next document. A `<Message action>` is where that reply's status
 * callbacks go, sent with its `method`, as Twilio's TwiML libraries describe it ("A URL
 * specifying where Twilio should send status callbacks for the created outbound message";
 * `statusCallback` is "deprecated in favor of action" and used when there is no action). Its
 * answer is a callback's, not TwiML, and the document goes on. Twilio's limits hold: at most
 * 50 documents for one inbound message (alert 14106, "Message Reply TwiML document retrieval
 * limit reached") and at most 10 replies (warning 14109, "TwiML Reply message limit exceeded").
 * A URL in the TwiML that does not resolve (a `<Media>`, an action or statusCallback, a
 * `<Redirect>`) raises an alert and skips that verb, not the whole reply. Every document
 * fetched, every reply sent and every alert raised is journaled under its position (`hop:N`,
 * `reply:N.M`, …), so a repeated job replays them instead of asking the app again, sending
 * twice or raising an alert twice.
 */
import { TwilioError } from '../errors/index.js';
import type { TwilioErrorCode } from '../errors/index.js';
import type { Account } from '../store/accounts.js';
import { recordMessageStep } from '../store/message-steps.js';
import type { Message } from '../store/messages.js';
import type { Message as MessageVerb, MessagingVerb } from '../twiml/index.js';
import type { WebhookCookies, Webhooks } from '../webhooks/index.js';
import { raiseAlert } from '../webhooks/journal.js';
import { acceptOutbound, httpUrl, inCountryOf } from './outbound.js';
import type { OutboundDeps } from './outbound.js';

/** Twilio's 14106: the documents fetched for one inbound message, redirects included. */
export const MAX_DOCUMENTS = 50;
/** Twilio's 14109: the `<Message>` replies to one inbound message. */
export const MAX_REPLIES = 10;

/** The inbound message being answered, and what its handling has done so far. */
export interface ReplySession extends OutboundDeps {
  readonly webhooks: Webhooks;
  readonly account: Account;
  readonly message: Message;
  readonly journal: ReadonlyMap<string, string>;
  /** The conversation's cookies, sent on every request of the reply and kept from their answers. */
  readonly cookies?: WebhookCookies;
  /** Saves the cookies a document's answer set, before the document is journaled (a replay does not ask again). */
  readonly saveCookies?: () => Promise<void>;
}

/** A TwiML request to make: the number's SMS URL (with its fallback) or a redirect. */
export interface ReplyHop {
  readonly url: string;
  readonly method: 'GET' | 'POST';
  readonly fallbackUrl: string | null;
  readonly fallbackMethod: 'GET' | 'POST';
  readonly params: Readonly<Record<string, string>>;
}

/** A fetched document as journaled: where it came from (relative URLs resolve against it) and its verbs. */
interface Fetched {
  readonly url: string;
  readonly verbs: MessagingVerb[];
}

/** The journal's record of a `<Message>` refused (`refused:<code>`); one sent keeps its SID. */
const REFUSED = 'refused:';

/**
 * Raises an alert for a step of the reply, once: it is journaled under `step` in the same
 * transaction (with `result`), so a job repeated after a crash neither raises it again nor loses it.
 */
async function alertOnce(session: ReplySession, step: string, result: string, code: number, message: string, level: 'error' | 'warning' = 'error'): Promise<void> {
  if (session.journal.has(step)) return;
  await session.store.db.transaction().execute(async (tx) => {
    await raiseAlert(tx, { accountSid: session.account.sid, resourceSid: session.message.sid, purpose: 'twiml' }, { code, message, level, exchange: null });
    await recordMessageStep(tx, session.message.sid, step, result);
  });
}

/** A URL of the TwiML resolved against its document's, or the Twilio error that refuses it. */
function resolve(url: string, base: string, code: TwilioErrorCode, what: string): string {
  const resolved = httpUrl(url, base);
  if (resolved) return resolved.href;
  throw new TwilioError(code, `${what} ${url.slice(0, 200)} is not a valid http(s) URL.`);
}

/** The document of hop `n`: replayed from the journal, or fetched (and journaled). */
async function documentFor(session: ReplySession, n: number, hop: ReplyHop): Promise<Fetched | null> {
  const kept = session.journal.get(`hop:${n}`);
  if (kept !== undefined) return JSON.parse(kept) as Fetched;
  const result = await session.webhooks.fetchTwiml({
    kind: 'messaging', ...hop, account: { sid: session.account.sid, authToken: session.account.authToken }, resourceSid: session.message.sid,
    ...(session.cookies ? { cookies: session.cookies } : {}),
  });
  if (!result.ok) return null;
  const fetched: Fetched = { url: result.url, verbs: result.document.verbs };
  await session.saveCookies?.();
  await recordMessageStep(session.store.db, session.message.sid, `hop:${n}`, JSON.stringify(fetched));
  return fetched;
}

/** Sends one `<Message>` (once: the journal keeps its SID, or its refusal, under `reply:<position>`). */
async function sendReply(session: ReplySession, position: string, verb: MessageVerb, base: string): Promise<void> {
  const step = `reply:${position}`;
  if (session.journal.has(step)) return;
  const message = session.message;
  try {
    const from = verb.from ?? message.toNumber;
    await acceptOutbound(session, session.account, {
      to: verb.to === null ? message.fromNumber : inCountryOf(verb.to, from), from, body: verb.body, mediaUrls: verb.media.map((m) => resolve(m, base, 21620, '<Media>')),
      ...replyCallback(verb, base), applicationSid: null, validityPeriod: null,
      direction: 'outbound-reply', journal: { messageSid: message.sid, step },
    });
  } catch (err) {
    if (!(err instanceof TwilioError)) throw err;
    await alertOnce(session, step, `${REFUSED}${err.code}`, err.code, `<Message> reply refused: ${err.message}`);
  }
}

/** Where a reply's status callbacks go: its action (with its method), else its statusCallback (POST). */
function replyCallback(verb: MessageVerb, base: string): { statusCallback: string | null; statusCallbackMethod: 'GET' | 'POST' } {
  if (verb.action !== null) return { statusCallback: resolve(verb.action, base, 14105, '<Message action>'), statusCallbackMethod: verb.method };
  return { statusCallback: verb.statusCallback ? resolve(verb.statusCallback, base, 14105, '<Message statusCallback>') : null, statusCallbackMethod: 'POST' };
}

/** Where a reply stands as it runs: the `<Message>` verbs reached so far, over every document. */
interface Progress { replies: number }

/** Runs a document's verbs in order; the redirect it ends in, or null (also once the replies are used up). */
async function execute(session: ReplySession, n: number, doc: Fetched, params: Readonly<Record<string, string>>, progress: Progress): Promise<ReplyHop | null> {
  for (const [index, verb] of doc.verbs.entries()) {
    switch (verb.verb) {
      case 'Redirect':
        try {
          return { url: resolve(verb.url, doc.url, 11100, '<Redirect>'), method: verb.method, fallbackUrl: null, fallbackMethod: 'POST', params };
        } catch (err) {
          const refused = err as TwilioError;
          await alertOnce(session, `redirect:${n}.${index}`, `${REFUSED}${refused.code}`, refused.code, refused.message);
          return null;
        }
      case 'Message':
        if (++progress.replies > MAX_REPLIES) {
          await alertOnce(session, 'limit:replies', `${REFUSED}14109`, 14109, `More than ${MAX_REPLIES} <Message> replies to one incoming message; the rest were not sent.`, 'warning');
          return null;
        }
        await sendReply(session, `${n}.${index}`, verb, doc.url);
        break;
      default: {
        const unknown: never = verb;
        throw new Error(`unhandled messaging verb ${JSON.stringify(unknown)}`);
      }
    }
  }
  return null;
}

/** Fetches and runs the reply to an inbound message, following redirects. */
export async function runReply(session: ReplySession, first: ReplyHop): Promise<void> {
  const progress: Progress = { replies: 0 };
  let next: ReplyHop | null = first;
  for (let n = 0; next; n++) {
    if (n >= MAX_DOCUMENTS) {
      await alertOnce(session, 'limit:documents', `${REFUSED}14106`, 14106, `Message Reply TwiML document retrieval limit reached: ${MAX_DOCUMENTS} documents; stopped.`);
      return;
    }
    const doc = await documentFor(session, n, next);
    if (!doc) return;
    next = await execute(session, n, doc, first.params, progress);
  }
}
