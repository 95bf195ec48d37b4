/**
 * A conference's status callbacks: one request per event the conference subscribes to (`start
 * end join leave mute hold modify speaker announcement`; `start end` when none are named), with
 * Twilio's parameters, in order on the conference's own queue, never blocking the room.
 * https://www.twilio.com/docs/voice/api/conference-resource#statuscallbackevent
 */
import type { Account } from '../../store/accounts.js';
import type { Conference } from '../../store/conferences.js';
import { rfc2822 } from '../../store/sid.js';
import type { ConferenceEvent } from '../../twiml/index.js';
import type { Webhooks } from '../../webhooks/index.js';
import type { Member } from './room.js';

/** Twilio's `StatusCallbackEvent` values, by the subscription word that selects them. */
export type ConferenceEventName =
  | 'conference-start' | 'conference-end' | 'participant-join' | 'participant-leave' | 'participant-mute' | 'participant-unmute'
  | 'participant-hold' | 'participant-unhold' | 'participant-modify' | 'participant-speech-start' | 'participant-speech-stop'
  | 'announcement-end' | 'announcement-fail';

const SUBSCRIPTION: Readonly<Record<ConferenceEventName, ConferenceEvent>> = {
  'conference-start': 'start', 'conference-end': 'end', 'participant-join': 'join', 'participant-leave': 'leave',
  'participant-mute': 'mute', 'participant-unmute': 'mute', 'participant-hold': 'hold', 'participant-unhold': 'hold',
  'participant-modify': 'modify', 'participant-speech-start': 'speaker', 'participant-speech-stop': 'speaker',
  'announcement-end': 'announcement', 'announcement-fail': 'announcement',
};

/** The events a conference's callback gets: those named, or Twilio's default `start end`. */
export function conferenceEvents(named: string): ConferenceEvent[] {
  const words = named.split(' ').filter((w) => w !== '') as ConferenceEvent[];
  return words.length > 0 ? words : ['start', 'end'];
}

/** A member's parameters in participant events. */
export function memberParams(member: Member): Record<string, string> {
  const s = member.state;
  const params: Record<string, string> = {
    CallSid: member.callSid, Muted: String(s.muted), Hold: String(s.hold), Coaching: String(s.coaching),
    EndConferenceOnExit: String(s.endConferenceOnExit), StartConferenceOnEnter: String(s.startConferenceOnEnter),
  };
  if (s.label !== null) params.ParticipantLabel = s.label;
  if (s.callSidToCoach !== null) params.CallSidToCoach = s.callSidToCoach;
  return params;
}

export class ConferenceCallbacks {
  private sequence = 0;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(private readonly webhooks: Webhooks, private readonly account: Account) {}

  /** Queues the callback for `event` when the conference subscribes to it. */
  notify(conference: Conference, event: ConferenceEventName, at: number, extra: Readonly<Record<string, string>> = {}): void {
    if (!conference.statusCallback || !conferenceEvents(conference.statusCallbackEvents).includes(SUBSCRIPTION[event])) return;
    const params = {
      ConferenceSid: conference.sid, FriendlyName: conference.friendlyName, AccountSid: conference.accountSid,
      SequenceNumber: String(this.sequence++), Timestamp: rfc2822(at), StatusCallbackEvent: event, ...extra,
    };
    const callback = {
      url: conference.statusCallback, method: conference.statusCallbackMethod, params,
      account: { sid: this.account.sid, authToken: this.account.authToken }, resourceSid: conference.sid, purpose: 'status-callback',
    };
    this.queue = this.queue.then(() => this.webhooks.sendCallback(callback));
  }

  async drain(): Promise<void> {
    await this.queue;
  }
}
