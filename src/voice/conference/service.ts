/**
 * The conferences one engine runs: rooms opened by name when their first participant arrives
 * (`<Dial><Conference>`, or the Participants API), members joining and leaving, the start
 * (two or more in the room, one of whom starts it on entering), the end (a member with
 * `endConferenceOnExit` leaves, the last one leaves, or the API completes it), beeps,
 * announcements, and the API's changes to members (mute, hold, coaching, removal). Every change
 * is stored and sent to the conference's status callback. A conference asked to record
 * (`record-from-start`) is recorded from its start to its end (./recording.ts).
 * A room lives on the engine its members' calls run on; rooms spanning engines need a media
 * relay between them (clustering, not yet).
 */
import type { Clock } from '../../clock/clock.js';
import type { Leg } from '../../network/leg.js';
import type { Account } from '../../store/accounts.js';
import type { Call } from '../../store/calls.js';
import {
  adoptConferenceCallback, completeParticipants, findOpenConference, findParticipant, insertConference, insertParticipant, moveConference, updateParticipant,
} from '../../store/conferences.js';
import type { Conference, Participant } from '../../store/conferences.js';
import type { Store } from '../../store/index.js';
import type { ConferenceEndReason, HttpMethod } from '../../store/schema.js';
import { newSid, nowIso } from '../../store/sid.js';
import { voiceResponse } from '../../twiml/index.js';
import type { ConferenceEvent, DialConferenceAttributes } from '../../twiml/index.js';
import type { CallInput } from '../accept.js';
import type { RecordingService } from '../recordings.js';
import type { Webhooks } from '../../webhooks/index.js';
import { announce } from './announce.js';
import { ConferenceCallbacks, memberParams } from './callbacks.js';
import type { ConferenceEventName } from './callbacks.js';
import { ConferenceRecorder } from './recording.js';
import type { RecordingControl } from './recording.js';
import { ConferenceRoom, Member } from './room.js';
import type { ConferenceRecordingSettings, MemberState, Music } from './room.js';

/** A call arriving in a conference (its `<Conference>` noun, read). */
export interface ConferenceEntry {
  readonly account: Account;
  readonly call: Call;
  /** The call's leg as its verb holds it: beeps and announcements play on it. */
  readonly leg: Leg;
  readonly name: string;
  readonly state: MemberState;
  readonly maxParticipants: number;
  readonly region: string | null;
  readonly statusCallback: { readonly url: string; readonly method: HttpMethod; readonly events: readonly ConferenceEvent[] } | null;
  /** `record="record-from-start"`: how to record the conference; null: this participant does not ask for it. */
  readonly recording: ConferenceRecordingSettings | null;
}

export type Entered = { readonly ok: true; readonly room: ConferenceRoom; readonly member: Member } | { readonly ok: false; readonly code: 16020; readonly message: string };

/** What the API may change on a member. */
export interface MemberChanges {
  readonly muted?: boolean;
  readonly hold?: boolean;
  readonly holdMusic?: Music | null;
  readonly waitMusic?: Music | null;
  readonly announce?: Music;
  readonly beepOnExit?: boolean;
  readonly endConferenceOnExit?: boolean;
  readonly coaching?: boolean;
  readonly callSidToCoach?: string | null;
}

export interface ConferenceDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
  readonly clock: Clock;
  readonly engineId: string;
  readonly warn: (details: object, message: string) => void;
  /** Accepts an outbound call (the Calls API's create): how the Participants API dials into a room. */
  readonly placeCall: (account: Account, input: CallInput) => Promise<Call>;
  readonly recordings: RecordingService;
}

const REASONS: Readonly<Record<ConferenceEndReason, string>> = {
  'conference-ended-via-api': 'Conference ended via API',
  'participant-with-end-conference-on-exit-left': 'Participant with endConferenceOnExit left the conference',
  'participant-with-end-conference-on-exit-kicked': 'Participant with endConferenceOnExit was removed from the conference',
  'last-participant-left': 'The last participant left the conference',
  'last-participant-kicked': 'The last participant was removed from the conference',
};

export class ConferenceService {
  /** Live rooms by ConferenceSid. */
  private readonly rooms = new Map<string, ConferenceRoom>();
  /** Rooms by account and name, as they are opened (two callers arriving at once share one). */
  private readonly byName = new Map<string, Promise<ConferenceRoom>>();
  private readonly callbacks = new WeakMap<ConferenceRoom, ConferenceCallbacks>();
  private readonly recorder: ConferenceRecorder;

  constructor(private readonly deps: ConferenceDeps) {
    this.recorder = new ConferenceRecorder(deps.recordings);
  }

  /** The live room of a conference, on this engine. */
  room(sid: string): ConferenceRoom | undefined {
    return this.rooms.get(sid);
  }

  /** Opens the account's room of that name, or finds it open (a new conference once the last one of that name completed). */
  open(account: Account, name: string, settings: Pick<ConferenceEntry, 'maxParticipants' | 'region' | 'statusCallback'>): Promise<ConferenceRoom> {
    const key = `${account.sid}\n${name}`;
    const opening = this.byName.get(key);
    if (opening) return opening.then((room) => (room.ended ? this.open(account, name, settings) : this.adoptCallback(room, settings.statusCallback)));
    const created = this.create(account, name, settings);
    this.byName.set(key, created);
    created.catch(() => this.byName.delete(key));
    return created;
  }

  /** The first participant to name a status callback gives the conference its own (as Twilio). */
  private async adoptCallback(room: ConferenceRoom, callback: ConferenceEntry['statusCallback']): Promise<ConferenceRoom> {
    if (!callback || room.conference.statusCallback) return room;
    const adopted = await adoptConferenceCallback(this.deps.store.db, room.sid, {
      statusCallback: callback.url, statusCallbackMethod: callback.method, statusCallbackEvents: callback.events.join(' '),
    });
    if (adopted) room.conference = adopted;
    return room;
  }

  private async create(account: Account, name: string, settings: Pick<ConferenceEntry, 'maxParticipants' | 'region' | 'statusCallback'>): Promise<ConferenceRoom> {
    const db = this.deps.store.db;
    let conference = await findOpenConference(db, account.sid, name);
    if (!conference) {
      const now = nowIso();
      conference = {
        sid: newSid('CF'), accountSid: account.sid, friendlyName: name, status: 'init', region: settings.region ?? 'us1',
        reasonConferenceEnded: null, callSidEndingConference: null, engineId: this.deps.engineId,
        statusCallback: settings.statusCallback?.url ?? null, statusCallbackMethod: settings.statusCallback?.method ?? 'POST',
        statusCallbackEvents: settings.statusCallback?.events.join(' ') ?? '', maxParticipants: settings.maxParticipants, dateCreated: now, dateUpdated: now,
      };
      await insertConference(db, conference);
    }
    const room = new ConferenceRoom(account, conference);
    this.rooms.set(room.sid, room);
    this.callbacks.set(room, new ConferenceCallbacks(this.deps.webhooks, account));
    return room;
  }

  private notify(room: ConferenceRoom, event: ConferenceEventName, extra: Readonly<Record<string, string>> = {}): void {
    this.callbacks.get(room)?.notify(room.conference, event, this.deps.clock.now(), extra);
  }

  /** A call arrives: it is a member of the room (`arrive` once it hears the room), or is refused when the room is full. */
  async enter(entry: ConferenceEntry): Promise<Entered> {
    const room = await this.open(entry.account, entry.name, entry);
    if (room.members.size >= room.conference.maxParticipants) {
      return { ok: false, code: 16020, message: `Conference ${entry.name} is full: it holds at most ${room.conference.maxParticipants} participants.` };
    }
    // The first participant to ask for a recording (before the start) says how it is made.
    if (entry.recording && !room.started) room.recordAs ??= entry.recording;
    const member = new Member(entry.call.sid, entry.leg, entry.state);
    room.members.set(member.callSid, member);
    room.expected.delete(member.callSid);
    await this.storeMember(room, member, 'connected');
    return { ok: true, room, member };
  }

  /** The member is in the room's audio: the join is reported, and the conference starts (or beeps) now. */
  async arrive(room: ConferenceRoom, member: Member): Promise<void> {
    if (room.members.get(member.callSid) !== member) return;
    this.notify(room, 'participant-join', memberParams(member));
    if (room.shouldStart()) await this.start(room, member);
    else if (room.started && member.state.beepOnEnter) this.beep(room);
  }

  private async storeMember(room: ConferenceRoom, member: Member, status: Participant['status']): Promise<void> {
    const db = this.deps.store.db;
    const updated = await updateParticipant(db, room.sid, member.callSid, { ...member.flags(), status });
    if (updated) return;
    const now = nowIso();
    await insertParticipant(db, { conferenceSid: room.sid, sid: member.callSid, accountSid: room.account.sid, status, ...member.flags(), dateCreated: now, dateUpdated: now });
  }

  private async start(room: ConferenceRoom, by: Member): Promise<void> {
    room.started = true;
    room.conference = (await moveConference(this.deps.store.db, room.sid, 'in-progress')) ?? room.conference;
    this.notify(room, 'conference-start');
    if (room.recordAs) await this.recorder.start(room, by, room.recordAs);
    for (const member of room.members.values()) member.changed();
    if (by.state.beepOnEnter) this.beep(room);
  }

  /** The beep everyone in the room hears when someone joins or leaves (not those on hold, who hear their music). */
  private beep(room: ConferenceRoom): void {
    for (const member of room.members.values()) if (!member.state.hold) void member.leg.beep(member.gone.signal);
  }

  /** A member leaves (hung up, `*`, redirected, removed by the API); the room may end with it. */
  leave(room: ConferenceRoom, member: Member): Promise<void> {
    if (member.leaving) return member.leaving;
    if (room.members.get(member.callSid) !== member) return Promise.resolve();
    room.members.delete(member.callSid);
    room.departing.add(member);
    member.leaving = this.departed(room, member).finally(() => room.departing.delete(member));
    return member.leaving;
  }

  private async departed(room: ConferenceRoom, member: Member): Promise<void> {
    member.out();
    await updateParticipant(this.deps.store.db, room.sid, member.callSid, { status: 'complete' });
    this.notify(room, 'participant-leave', memberParams(member));
    if (room.ended) return;
    if (member.state.endConferenceOnExit) {
      await this.end(room, member.kicked ? 'participant-with-end-conference-on-exit-kicked' : 'participant-with-end-conference-on-exit-left', member);
    } else if (room.members.size === 0 && room.expected.size === 0) {
      await this.end(room, member.kicked ? 'last-participant-kicked' : 'last-participant-left', member);
    } else if (room.started && member.state.beepOnExit) {
      this.beep(room);
    }
  }

  /** Ends the conference: everyone still in it leaves, and the conference is completed for good. */
  async end(room: ConferenceRoom, reason: ConferenceEndReason, by: Member | null): Promise<void> {
    if (room.ended) return;
    room.ended = true;
    // The recording ends with the conference (stored once the end is reported).
    const recording = room.recording;
    const stopping = recording ? this.recorder.stop(room, recording) : null;
    // Everyone is out at once; then each leaving is recorded and reported.
    const members = [...room.members.values()];
    for (const member of members) member.out();
    for (const member of members) void this.leave(room, member);
    // Every leaving (these, and any begun just before) is reported before the end.
    await Promise.all([...room.departing].filter((m) => m !== by).map((m) => m.leaving));
    room.expected.clear();
    const db = this.deps.store.db;
    await completeParticipants(db, room.sid);
    room.conference = (await moveConference(db, room.sid, 'completed', { reason, callSid: by?.callSid ?? null })) ?? room.conference;
    const extra: Record<string, string> = { ReasonConferenceEnded: reason, Reason: REASONS[reason] };
    if (by) extra.CallSidEndingConference = by.callSid;
    if (by?.state.label) extra.ParticipantLabelEndingConference = by.state.label;
    this.notify(room, 'conference-end', extra);
    this.rooms.delete(room.sid);
    this.byName.delete(`${room.account.sid}\n${room.name}`);
    await stopping?.catch((err: unknown) => this.deps.warn({ err, conferenceSid: room.sid }, 'storing a conference recording failed'));
  }

  /**
   * The Recordings API's update of a conference's recording under way: pause it (`skip`: leave
   * the pause out), resume it, or stop it. Null when the recording is not under way on this engine.
   */
  async controlRecording(conferenceSid: string, recordingSid: string, status: RecordingControl, skip: boolean) {
    const room = this.rooms.get(conferenceSid);
    const live = room?.recording;
    if (!room || !live || live.row.sid !== recordingSid) return null;
    return this.recorder.control(room, live, status, skip);
  }

  /** The API's change to a member: stored, applied to the room, and reported. */
  async change(room: ConferenceRoom, member: Member, changes: MemberChanges): Promise<void> {
    const s = member.state;
    const was = { muted: s.muted, hold: s.hold, coaching: s.coaching, callSidToCoach: s.callSidToCoach };
    if (changes.muted !== undefined) s.muted = changes.muted;
    if (changes.holdMusic !== undefined) s.holdMusic = changes.holdMusic;
    if (changes.waitMusic !== undefined) s.waitMusic = changes.waitMusic;
    if (changes.beepOnExit !== undefined) s.beepOnExit = changes.beepOnExit;
    if (changes.endConferenceOnExit !== undefined) s.endConferenceOnExit = changes.endConferenceOnExit;
    if (changes.callSidToCoach !== undefined) s.callSidToCoach = changes.callSidToCoach;
    if (changes.coaching !== undefined) s.coaching = changes.coaching;
    if (changes.hold !== undefined) s.hold = changes.hold;
    await updateParticipant(this.deps.store.db, room.sid, member.callSid, member.flags());
    if (s.muted !== was.muted) this.notify(room, s.muted ? 'participant-mute' : 'participant-unmute', memberParams(member));
    if (s.hold !== was.hold) this.notify(room, s.hold ? 'participant-hold' : 'participant-unhold', memberParams(member));
    if (s.coaching !== was.coaching || s.callSidToCoach !== was.callSidToCoach) this.notify(room, 'participant-modify', memberParams(member));
    // Its <Conference> switches between the room and the music.
    if (s.hold !== was.hold || changes.waitMusic !== undefined || changes.holdMusic !== undefined) member.changed();
    if (changes.announce) void this.announce(room, changes.announce, [member]);
  }

  /**
   * A member starts or stops speaking (`speaker` events). Only speech the room mixes counts:
   * once the conference has started, from a member neither muted nor on hold.
   */
  speech(room: ConferenceRoom, member: Member, speaking: boolean): void {
    const s = member.state;
    if (room.members.get(member.callSid) !== member || !room.started || s.muted || s.hold) return;
    this.notify(room, speaking ? 'participant-speech-start' : 'participant-speech-stop', memberParams(member));
  }

  /** Removes a member (the API's delete): its call goes on after its `<Dial>`. */
  async remove(room: ConferenceRoom, member: Member): Promise<void> {
    member.kicked = true;
    await this.leave(room, member);
  }

  /** Plays an announcement to the room (or to some members), then reports `announcement-end` (or `-fail`). */
  async announce(room: ConferenceRoom, music: Music, members: readonly Member[] = [...room.members.values()]): Promise<void> {
    const played = await announce(this.deps, room, music, members);
    this.notify(room, played.ok ? 'announcement-end' : 'announcement-fail', played.ok ? {} : { AnnounceErrorCode: String(played.code) });
  }

  /**
   * The Participants API's create: places a call to `input.to` whose TwiML joins the room (opened
   * by name when it is not open) with `attributes`, as `<Dial><Conference>` would. The participant
   * is `queued` until the call answers and joins.
   */
  async addParticipant(account: Account, name: string, input: CallInput, attributes: Partial<DialConferenceAttributes>): Promise<{ room: ConferenceRoom; participant: Participant; call: Call }> {
    const settings = {
      maxParticipants: attributes.maxParticipants ?? 250, region: attributes.region ?? null,
      statusCallback: attributes.statusCallback ? { url: attributes.statusCallback, method: attributes.statusCallbackMethod ?? 'POST', events: attributes.statusCallbackEvent ?? [] } : null,
    };
    const room = await this.open(account, name, settings);
    const twiml = voiceResponse().dial({}, (dial) => dial.conference(name, attributes)).toString();
    let call: Call;
    try {
      call = await this.deps.placeCall(account, { ...input, url: null, twiml });
    } catch (err) {
      if (room.members.size === 0 && room.expected.size === 0) await this.end(room, 'last-participant-left', null);
      throw err;
    }
    return { room, participant: await this.expect(room, call.sid, attributes), call };
  }

  /** The participant row of a call the API is dialling into the room (`queued` until it joins). */
  private async expect(room: ConferenceRoom, callSid: string, attributes: Partial<DialConferenceAttributes>): Promise<Participant> {
    const db = this.deps.store.db;
    const joined = await findParticipant(db, room.sid, callSid);
    if (joined) return joined;
    room.expected.add(callSid);
    const now = nowIso();
    const row: Participant = {
      conferenceSid: room.sid, sid: callSid, accountSid: room.account.sid, status: 'queued', label: attributes.participantLabel ?? null,
      muted: attributes.muted ? 1 : 0, hold: 0, coaching: attributes.coach ? 1 : 0, callSidToCoach: attributes.coach ?? null,
      startConferenceOnEnter: attributes.startConferenceOnEnter === false ? 0 : 1, endConferenceOnExit: attributes.endConferenceOnExit ? 1 : 0,
      dateCreated: now, dateUpdated: now,
    };
    await insertParticipant(db, row);
    return row;
  }

  /** A call the API is dialling into a room rings: its participant is `ringing` (then `connected` once it joins). */
  callMoved(callSid: string, status: string): void {
    if (status !== 'ringing') return;
    for (const room of this.rooms.values()) {
      if (!room.expected.has(callSid)) continue;
      updateParticipant(this.deps.store.db, room.sid, callSid, { status: 'ringing' })
        .catch((err: unknown) => this.deps.warn({ err }, 'marking a participant ringing failed'));
    }
  }

  /** A call has ended: one the API was dialling into a room and that never joined has failed. */
  async callEnded(call: Call): Promise<void> {
    for (const room of this.rooms.values()) {
      if (!room.expected.delete(call.sid)) continue;
      const row = await findParticipant(this.deps.store.db, room.sid, call.sid);
      if (row?.status === 'queued' || row?.status === 'ringing') await updateParticipant(this.deps.store.db, room.sid, call.sid, { status: 'failed' });
      if (room.members.size === 0 && room.expected.size === 0) await this.end(room, 'last-participant-left', null);
    }
  }

  /** Completes a conference this engine does not run (its engine died, or it never had one). */
  async completeOrphan(conference: Conference): Promise<void> {
    const db = this.deps.store.db;
    await completeParticipants(db, conference.sid);
    await moveConference(db, conference.sid, 'completed', { reason: 'last-participant-left', callSid: null });
  }

  /** Ends every room (the engine is stopping). */
  async close(): Promise<void> {
    for (const room of [...this.rooms.values()]) await this.end(room, 'last-participant-left', null).catch((err: unknown) => this.deps.warn({ err }, 'ending a conference failed'));
  }
}
