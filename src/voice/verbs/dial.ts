/**
 * `<Dial>` with `<Number>`, `<Sip>`, `<Client>` or a bare number: rings every party at once
 * (each a child call, `direction: outbound-dial`), bridges the caller with the first to answer
 * and cancels the others. The caller hears ringback meanwhile — or, with `answerOnBridge`, is
 * left ringing and answered only when the party answers. `<Number url>` runs whisper TwiML on
 * the party before the bridge. The bridge ends when either side hangs up, at `timeLimit`, when
 * the caller presses `*` (`hangupOnStar`), or on a live modification of the caller's call.
 * Then `action` is requested with `DialCallStatus`, `DialCallSid`, `DialCallDuration`,
 * `DialBridged` (and the recording, with `record`) — also after the caller hung up, as Twilio
 * does — or, without `action`, the caller goes on with the next verb.
 * `<Conference>` joins a conference room (./dial-conference.ts); `<Queue>` takes the caller at
 * the front of a queue (./dial-queue.ts).
 * https://www.twilio.com/docs/voice/twiml/dial
 */
import { untilAborted } from '../../clock/abort.js';
import type { Leg } from '../../network/leg.js';
import type { Call } from '../../store/calls.js';
import type { CallStatus } from '../../store/schema.js';
import type { Dial, DialClient, DialNumber, DialSip } from '../../twiml/index.js';
import type { ChildCall } from '../children.js';
import { CONTINUE } from '../context.js';
import type { VerbContext, VerbOutcome } from '../context.js';
import { finish, stopRecording } from './dial-action.js';
import { dialConference } from './dial-conference.js';
import { dialQueue } from './dial-queue.js';

type Party = DialNumber | DialSip | DialClient;

const E164 = /^\+[1-9]\d{6,14}$/;

/**
 * A `<Number>` as Twilio reads it: E.164, or a loosely written North American number
 * (`(415) 555-0100`, `1-415-555-0100`); null when it is neither.
 */
export function normalizeNumber(raw: string): string | null {
  const compact = raw.replace(/[\s().-]/g, '');
  if (E164.test(compact)) return compact;
  if (/^\d{10}$/.test(compact)) return `+1${compact}`;
  if (/^1\d{10}$/.test(compact)) return `+${compact}`;
  return null;
}

/** Where a party is dialled: its number, `sip:` URI or `client:` identity; null when invalid. */
function destination(party: Party): string | null {
  switch (party.noun) {
    case 'Number': return normalizeNumber(party.number);
    case 'Sip': return /^sips?:[^@\s]+@[^@\s]+$/i.test(party.uri.trim()) ? party.uri.trim() : null;
    case 'Client': return party.identity.trim() === '' ? null : `client:${party.identity.trim()}`;
  }
}

/** DialCallStatus when nobody was bridged: Twilio reports the most telling of the parties' outcomes. */
function unansweredStatus(statuses: readonly CallStatus[]): string {
  for (const status of ['no-answer', 'busy', 'failed', 'canceled'] as const) if (statuses.includes(status)) return status;
  return 'failed';
}

interface Bridged { readonly child: ChildCall; readonly leg: Leg; readonly whispered: boolean }

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => { resolve = r; });
  return { promise, resolve };
}

export async function dial(verb: Dial, ctx: VerbContext): Promise<VerbOutcome> {
  const parties = verb.nouns.filter((n): n is Party => n.noun === 'Number' || n.noun === 'Sip' || n.noun === 'Client');
  const conference = verb.nouns.find((n) => n.noun === 'Conference');
  if (conference) return dialConference(verb, conference, ctx);
  const queue = verb.nouns.find((n) => n.noun === 'Queue');
  if (queue) return dialQueue(verb, queue, ctx);
  if (parties.length === 0) return CONTINUE;
  const from = await callerId(verb, parties, ctx);
  const targets: { party: Party; to: string }[] = [];
  for (const party of parties) {
    const to = destination(party);
    if (to === null) await ctx.alert(13223, `<Dial><${party.noun}>: "${party.noun === 'Number' ? party.number : party.noun === 'Sip' ? party.uri : party.identity}" is not a valid destination.`, 'warning');
    else targets.push({ party, to });
  }
  if (from === null || targets.length === 0) return finish(verb, ctx, { status: 'failed', childSid: null, duration: null, bridged: false, recording: null });

  // Ringing lasts until a party answers, all have given up, or the caller is gone (hangup, redirect).
  const ringing = new AbortController();
  const stopRinging = () => ringing.abort();
  ctx.signal.addEventListener('abort', stopRinging, { once: true });
  ctx.leg.hangupSignal.addEventListener('abort', stopRinging, { once: true });
  const answered = deferred<Bridged | null>();
  const bridgeOver = deferred<void>();
  let winner: Bridged | null = null;
  const children: ChildCall[] = [];
  const sipChildren = new Set<ChildCall>();
  const recordFromRinging = verb.record === 'record-from-ringing' || verb.record === 'record-from-ringing-dual';
  // Dual-channel: the caller on channel 1, the dialled party on channel 2, as on Twilio.
  const recording = { channels: verb.record.endsWith('-dual') ? 2 : 1 } as const;
  if (ctx.answered()) void ctx.leg.ringback(ringing.signal, verb.ringTone);
  let recorder = recordFromRinging && ctx.answered() ? ctx.leg.recordCall(recording) : null;

  const connect = async (party: Party, child: ChildCall, leg: Leg): Promise<void> => {
    if (winner || ringing.signal.aborted) return;
    // The first to answer wins: the others stop ringing now.
    winner = { child, leg, whispered: false };
    ringing.abort();
    for (const c of children) if (c !== child) c.cancel();
    const whisperUrl = party.url === null ? null : await ctx.resolve(party.url, `<${party.noun}> url`);
    if (whisperUrl !== null) {
      const ending = await child.whisper({ kind: 'url', url: whisperUrl, method: party.method, params: null, fallbackUrl: null, fallbackMethod: 'POST' });
      // A whisper that hangs up screens the call out: nobody is bridged.
      if (ending.kind !== 'done' || !leg.live || !ctx.leg.live) { winner = { child, leg, whispered: true }; answered.resolve(null); return; }
    }
    answered.resolve(winner);
    await child.idle(bridgeOver.promise);
  };

  for (const { party, to } of targets) {
    if (ringing.signal.aborted) break;
    const child = await ctx.dial({
      to, from, timeout: verb.timeout, timeLimit: verb.timeLimit, sendDigits: party.noun === 'Number' ? party.sendDigits : null,
      statusCallback: party.statusCallback === null ? null : await statusCallback(ctx, party),
      machineDetection: party.noun === 'Client' ? null : party.machineDetection, machineDetectionTimeout: party.noun === 'Client' ? 30 : party.machineDetectionTimeout,
      connect: (child, leg) => connect(party, child, leg),
    });
    children.push(child);
    if (party.noun === 'Sip') sipChildren.add(child);
  }
  // A <Sip> party's action also says how its SIP call ended.
  const sipExtra = (child: ChildCall | undefined): Record<string, string> | undefined => {
    const code = child && sipChildren.has(child) ? child.sipResponseCode() : null;
    return code === null ? undefined : { DialSipResponseCode: String(code) };
  };
  ctx.trace('dial', { to: targets.map((t) => t.to), children: children.map((c) => c.sid) });
  const everyoneDone = Promise.all(children.map((c) => c.done));
  const callerGone = new AbortController();
  const onGone = () => callerGone.abort();
  ctx.signal.addEventListener('abort', onGone, { once: true });
  ctx.leg.hangupSignal.addEventListener('abort', onGone, { once: true });
  const bridged = await ctx.idle(Promise.race([answered.promise, everyoneDone.then(() => null), untilAborted(callerGone.signal).then(() => null)]));
  ctx.signal.removeEventListener('abort', onGone);
  ctx.leg.hangupSignal.removeEventListener('abort', onGone);
  // Whoever won, nobody still rings (the caller hung up or was redirected: all are canceled).
  ringing.abort();
  for (const c of children) if (c !== bridged?.child) c.cancel();
  ctx.signal.removeEventListener('abort', stopRinging);
  ctx.leg.hangupSignal.removeEventListener('abort', stopRinging);

  if (!bridged) {
    bridgeOver.resolve();
    const finals = await ctx.idle(everyoneDone);
    const screened = (winner as Bridged | null)?.whispered === true;
    const status = screened ? 'completed' : ctx.leg.live && !ctx.signal.aborted ? unansweredStatus(finals.map((c) => c.status)) : 'canceled';
    const last = (winner as Bridged | null)?.child ?? children[children.length - 1];
    return finish(verb, ctx, { status, childSid: last?.sid ?? null, duration: null, bridged: false, recording: await stopRecording(recorder, verb, ctx), extra: sipExtra(last) });
  }

  if (!ctx.answered()) await ctx.answer();
  recorder ??= verb.record === 'do-not-record' ? null : ctx.leg.recordCall(recording);
  const stop = new AbortController();
  const end = () => stop.abort();
  ctx.signal.addEventListener('abort', end, { once: true });
  const offStar = verb.hangupOnStar ? ctx.leg.onDigit((digit) => { if (digit === '*') end(); }) : () => {};
  const limit = ctx.clock.setTimer(verb.timeLimit * 1000, end);
  await ctx.leg.bridge(bridged.leg, stop.signal);
  limit.cancel();
  offStar();
  ctx.signal.removeEventListener('abort', end);
  bridgeOver.resolve();
  const child: Call = await ctx.idle(bridged.child.done);
  await ctx.idle(everyoneDone);
  return finish(verb, ctx, { status: 'completed', childSid: child.sid, duration: child.duration ?? 0, bridged: true, recording: await stopRecording(recorder, verb, ctx), extra: sipExtra(bridged.child) });
}

/** The caller ID the parties see: `callerId`, which must be the account's number (or the caller's own), or the caller's number. */
async function callerId(verb: Dial, parties: readonly Party[], ctx: VerbContext): Promise<string | null> {
  // Twilio shows the caller's number: the inbound caller's, or the From of an API call.
  if (verb.callerId === null) return ctx.call.fromNumber;
  const chosen = verb.callerId.trim();
  // Clients may be shown any caller ID (`client:` identities included), as on Twilio.
  if (parties.every((p) => p.noun === 'Client')) return chosen;
  if (chosen === ctx.call.fromNumber || chosen === ctx.call.toNumber || (E164.test(chosen) && (await ctx.mayCallFrom(chosen)))) return chosen;
  await ctx.alert(13214, `<Dial> callerId "${chosen.slice(0, 64)}" is not a phone number of this account.`, 'error');
  return null;
}

async function statusCallback(ctx: VerbContext, party: Party) {
  const url = party.statusCallback === null ? null : await ctx.resolve(party.statusCallback, `<${party.noun}> statusCallback`);
  return url === null ? null : { url, method: party.statusCallbackMethod, events: party.statusCallbackEvent };
}
