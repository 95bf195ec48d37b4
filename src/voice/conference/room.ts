/**
 * A live conference as one engine runs it: its members and who hears whom. The room decides
 * (AudioRoom, ../../network/leg.ts); carriers mix the audio. Before the conference starts nobody
 * hears anybody (each waits with the wait music); a member on hold hears nothing and is not
 * heard; a muted member is not heard; a coach is heard only by the participant it coaches.
 * No I/O: the service (./service.ts) stores and announces what changes here.
 */
import type { AudioRoom, CallRecorder, Leg } from '../../network/leg.js';
import type { Account } from '../../store/accounts.js';
import type { Conference, Participant } from '../../store/conferences.js';
import type { Recording } from '../../store/recordings.js';
import type { HttpMethod } from '../../store/schema.js';
import type { RecordingCallback } from '../recordings.js';

/** Audio or TwiML played to a member: wait music before the start, hold music on hold. */
export interface Music {
  readonly url: string;
  readonly method: HttpMethod;
}

/** Twilio's hold music, when a `<Conference>` names no `waitUrl` (and for hold without `HoldUrl`). */
export const DEFAULT_MUSIC: Music = { url: 'http://twimlets.com/holdmusic?Bucket=com.twilio.music.classical', method: 'GET' };

/** How a conference is recorded (./recording.ts): as its first participant asking for a recording said. */
export interface ConferenceRecordingSettings {
  /** Cut leading and trailing silence (`trim-silence`, the `<Conference>` default). */
  readonly trim: boolean;
  readonly callback: RecordingCallback | null;
}

/** A conference recording under way. */
export interface LiveRecording {
  row: Recording;
  readonly recorder: CallRecorder;
  readonly settings: ConferenceRecordingSettings;
  /** Set once the recording is stopped (by the API, or the conference's end): resolves to the finished row. */
  finished: Promise<Recording> | null;
}

/** How a member is in the conference; the API and the member's own `<Conference>` change it. */
export interface MemberState {
  muted: boolean;
  hold: boolean;
  coaching: boolean;
  callSidToCoach: string | null;
  startConferenceOnEnter: boolean;
  endConferenceOnExit: boolean;
  beepOnEnter: boolean;
  beepOnExit: boolean;
  label: string | null;
  /** Before the start; null: silence. */
  waitMusic: Music | null;
  /** On hold; null: silence. */
  holdMusic: Music | null;
}

/** One call in the conference. */
export class Member {
  /** Aborted when the member is out of the conference (left, removed, or the conference ended). */
  readonly gone = new AbortController();
  private phaseStop = new AbortController();
  /** Whether it left by the API's removal. */
  kicked = false;
  /** Its leaving, once begun (recorded and reported once, whoever began it). */
  leaving: Promise<void> | null = null;

  constructor(readonly callSid: string, readonly leg: Leg, readonly state: MemberState) {}

  /** Aborted at the next change its `<Conference>` must react to: the start, hold, leaving. */
  get phase(): AbortSignal {
    return this.phaseStop.signal;
  }

  /** Tells the member's `<Conference>` that something changed. */
  changed(): void {
    const old = this.phaseStop;
    this.phaseStop = new AbortController();
    old.abort();
  }

  /** Takes the member out (its `<Conference>` goes on with the action or the next verb). */
  out(): void {
    this.gone.abort();
    this.phaseStop.abort();
  }

  /** The participant row's flags for this member. */
  flags(): ParticipantFlags {
    return participantFlags(this.state);
  }
}

export type ParticipantFlags = Pick<Participant, 'muted' | 'hold' | 'coaching' | 'callSidToCoach' | 'startConferenceOnEnter' | 'endConferenceOnExit' | 'label'>;

/** A participant row's flags for a member in `state`. */
export function participantFlags(s: MemberState): ParticipantFlags {
  return {
    muted: s.muted ? 1 : 0, hold: s.hold ? 1 : 0, coaching: s.coaching ? 1 : 0, callSidToCoach: s.callSidToCoach,
    startConferenceOnEnter: s.startConferenceOnEnter ? 1 : 0, endConferenceOnExit: s.endConferenceOnExit ? 1 : 0, label: s.label,
  };
}

export class ConferenceRoom implements AudioRoom {
  readonly members = new Map<string, Member>();
  /** Calls the API is dialling into the room: it stays open for them while nobody is in it. */
  readonly expected = new Set<string>();
  /** Members whose leaving is being recorded and reported. */
  readonly departing = new Set<Member>();
  started = false;
  ended = false;
  /** How to record the conference once it starts; null: not recorded. */
  recordAs: ConferenceRecordingSettings | null = null;
  /** The recording under way. */
  recording: LiveRecording | null = null;

  constructor(readonly account: Account, public conference: Conference) {}

  get name(): string {
    return this.conference.friendlyName;
  }

  get sid(): string {
    return this.conference.sid;
  }

  hears(listener: string, speaker: string): boolean {
    if (!this.started || listener === speaker) return false;
    const heard = this.members.get(speaker)?.state;
    const hearing = this.members.get(listener)?.state;
    if (!heard || !hearing || heard.hold || hearing.hold || heard.muted) return false;
    return !heard.coaching || heard.callSidToCoach === listener;
  }

  /** Whether the conference starts now: two or more in it, one of whom starts it on entering. */
  shouldStart(): boolean {
    if (this.started || this.members.size < 2) return false;
    for (const m of this.members.values()) if (m.state.startConferenceOnEnter) return true;
    return false;
  }

  /** Twilio's conference parameters, for callbacks and the wait music's requests. */
  params(): Record<string, string> {
    return { ConferenceSid: this.sid, FriendlyName: this.name, AccountSid: this.account.sid };
  }
}
