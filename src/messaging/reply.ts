/**
 * Executing an inbound message's TwiML reply: each `<Message>` sends an `outbound-reply`;
 * `<Redirect>` fetches the next document. A `<Message action>` is where that reply's status
 * callbacks go, sent with its `method`, as Twilio's TwiML libraries describe it ("A URL
 * specifying where Twilio should send status callbacks for the created outbound message";
 * `statusCallback` is "deprecated in favor of action" and used when there is no action). Its
 * answer is a callback's, not TwiML, and the document goes on. Redirect chains are capped: at
 * most 10 in a row (alert 11200). Every document fetched and every reply sent is journaled
 * under its position (`hop:N`, `reply:N.M`), so a repeated job replays them instead of asking
 * the app again or sending twice.
 */
import { TwilioError } from '../errors/index.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import { recordMessageStep } from '../store/message-steps.js';
import type { Message } from '../store/messages.js';
import type { Message as MessageVerb, MessagingVerb } from '../twiml/index.js';
import type { WebhookCookies, Webhooks } from '../webhooks/index.js';
import { raiseAlert } from '../webhooks/journal.js';
import { acceptOutbound, inCountryOf } from './outbound.js';

const MAX_HOPS = 10;

/** The inbound message being answered, and what its handling has done so far. */
export interface ReplySession {
  readonly store: Store;
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

function alert(session: ReplySession, code: number, message: string): Promise<void> {
  return raiseAlert(session.store.db, { accountSid: session.account.sid, resourceSid: session.message.sid, purpose: 'twiml' }, { code, message, level: 'error', exchange: null });
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
    await acceptOutbound(session.store, session.account, {
      to: verb.to === null ? message.fromNumber : inCountryOf(verb.to, from), from, body: verb.body, mediaUrls: verb.media.map((m) => new URL(m, base).href),
      ...replyCallback(verb, base), applicationSid: null, validityPeriod: null,
      direction: 'outbound-reply', journal: { messageSid: message.sid, step },
    });
  } catch (err) {
    if (!(err instanceof TwilioError)) throw err;
    await alert(session, err.code, `<Message> reply refused: ${err.message}`);
    await recordMessageStep(session.store.db, message.sid, step, `${REFUSED}${err.code}`);
  }
}

/** Where a reply's status callbacks go: its action (with its method), else its statusCallback (POST). */
function replyCallback(verb: MessageVerb, base: string): { statusCallback: string | null; statusCallbackMethod: 'GET' | 'POST' } {
  if (verb.action !== null) return { statusCallback: new URL(verb.action, base).href, statusCallbackMethod: verb.method };
  return { statusCallback: verb.statusCallback ? new URL(verb.statusCallback, base).href : null, statusCallbackMethod: 'POST' };
}

/** Runs a document's verbs in order; the redirect it ends in, or null. */
async function execute(session: ReplySession, n: number, doc: Fetched, params: Readonly<Record<string, string>>): Promise<ReplyHop | null> {
  for (const [index, verb] of doc.verbs.entries()) {
    switch (verb.verb) {
      case 'Redirect':
        return { url: new URL(verb.url, doc.url).href, method: verb.method, fallbackUrl: null, fallbackMethod: 'POST', params };
      case 'Message':
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
  let next: ReplyHop | null = first;
  for (let n = 0; next; n++) {
    if (n > MAX_HOPS) {
      await alert(session, 11200, `More than ${MAX_HOPS} <Redirect>s in a row; stopped.`);
      return;
    }
    const doc = await documentFor(session, n, next);
    if (!doc) return;
    next = await execute(session, n, doc, first.params);
  }
}
