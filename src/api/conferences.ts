/**
 * Conferences and their Participants: list conferences (FriendlyName, Status, DateCreated and
 * DateUpdated with `<`/`>`; most recent first), fetch, update (`Status=completed` ends it,
 * `AnnounceUrl` plays to everyone); list participants (Muted, Hold, Coaching), fetch, create
 * (dial a call into the conference, addressed by its SID or by its friendly name, which opens it),
 * update (mute, hold with hold music, announce, coaching, end on exit) and delete (remove from the
 * conference: the call goes on after its `<Dial>`). Participants are addressed by CallSid or label.
 * https://www.twilio.com/docs/voice/api/conference-resource, …/conference-participant-resource
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Account } from '../store/accounts.js';
import { findConference, findOpenConference, findParticipant, listConferences, listParticipants, updateParticipant } from '../store/conferences.js';
import type { Conference, Participant } from '../store/conferences.js';
import type { Store } from '../store/index.js';
import type { ConferenceStatus } from '../store/schema.js';
import type { DialConferenceAttributes, RecordingEvent } from '../twiml/index.js';
import type { Music } from '../voice/conference/room.js';
import type { MemberChanges } from '../voice/conference/service.js';
import type { VoiceEngine } from '../voice/engine.js';
import { accessAccount } from './auth.js';
import { callInput } from './call-params.js';
import { createParticipantBody, updateParticipantBody } from './conference-params.js';
import type { CreateParticipantBody, UpdateParticipantBody } from './conference-params.js';
import { dateFilterParam, dateRange } from './date-filter.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { methodParam, readMethod, readUrl } from './params.js';
import { API_ROOT, API_VERSION, accountPath, bool, nullableStr, recordSchema, requestedPath, rfc2822, str, uriMap } from './wire.js';

function renderConference(c: Conference) {
  const uri = accountPath(c.accountSid, 'Conferences', c.sid);
  return {
    account_sid: c.accountSid, date_created: rfc2822(c.dateCreated), date_updated: rfc2822(c.dateUpdated), api_version: API_VERSION,
    friendly_name: c.friendlyName, region: c.region, sid: c.sid, status: c.status, uri,
    subresource_uris: { participants: uri.replace(/\.json$/, '/Participants.json'), recordings: uri.replace(/\.json$/, '/Recordings.json') },
    reason_conference_ended: c.reasonConferenceEnded, call_sid_ending_conference: c.callSidEndingConference,
  };
}
const conferenceSchema = recordSchema({
  account_sid: str, date_created: str, date_updated: str, api_version: str, friendly_name: str, region: str, sid: str, status: str, uri: str,
  subresource_uris: uriMap, reason_conference_ended: nullableStr, call_sid_ending_conference: nullableStr,
});

/** A participant; `queueTime` (ms before its call was placed) only in the create response, as on Twilio. */
function renderParticipant(p: Participant, queueTime: string | null = null) {
  return {
    account_sid: p.accountSid, call_sid: p.sid, label: p.label, call_sid_to_coach: p.callSidToCoach, coaching: p.coaching === 1,
    conference_sid: p.conferenceSid, date_created: rfc2822(p.dateCreated), date_updated: rfc2822(p.dateUpdated),
    end_conference_on_exit: p.endConferenceOnExit === 1, muted: p.muted === 1, hold: p.hold === 1, start_conference_on_enter: p.startConferenceOnEnter === 1,
    status: p.status, queue_time: queueTime, uri: accountPath(p.accountSid, 'Conferences', p.conferenceSid, 'Participants', p.sid),
  };
}
const participantSchema = recordSchema({
  account_sid: str, call_sid: str, label: nullableStr, call_sid_to_coach: nullableStr, coaching: bool, conference_sid: str, date_created: str,
  date_updated: str, end_conference_on_exit: bool, muted: bool, hold: bool, start_conference_on_enter: bool, status: str, queue_time: nullableStr, uri: str,
});

const STATUSES: readonly ConferenceStatus[] = ['init', 'in-progress', 'completed'];
interface ConferenceQuery extends PagingParams {
  FriendlyName?: string; Status?: ConferenceStatus;
  DateCreated?: string; 'DateCreated<'?: string; 'DateCreated>'?: string; DateUpdated?: string; 'DateUpdated<'?: string; 'DateUpdated>'?: string;
}
const conferenceQuery = {
  type: 'object',
  properties: {
    ...pagingQuery, FriendlyName: { type: 'string', maxLength: 128, 'x-code': 20001 }, Status: { type: 'string', enum: STATUSES, 'x-code': 20001 },
    DateCreated: dateFilterParam, 'DateCreated<': dateFilterParam, 'DateCreated>': dateFilterParam,
    DateUpdated: dateFilterParam, 'DateUpdated<': dateFilterParam, 'DateUpdated>': dateFilterParam,
  },
} as const;
interface ParticipantQuery extends PagingParams { Muted?: boolean; Hold?: boolean; Coaching?: boolean }
const participantQuery = { type: 'object', properties: { ...pagingQuery, Muted: bool, Hold: bool, Coaching: bool } } as const;

interface UpdateConferenceBody { Status?: 'completed'; AnnounceUrl?: string; AnnounceMethod?: string }
const updateConferenceBody = {
  type: 'object',
  properties: { Status: { type: 'string', enum: ['completed'], 'x-code': 20001 }, AnnounceUrl: { type: 'string', maxLength: 4096, 'x-code': 21205 }, AnnounceMethod: methodParam },
} as const;

/** A URL and its method as music or an announcement: undefined when absent, null when sent empty. */
function readMusic(name: string, url: string | undefined, method: string | undefined): Music | null | undefined {
  const value = readUrl(name, url);
  return value === undefined || value === null ? value : { url: value, method: readMethod(method) ?? 'POST' };
}

type ConferenceParams = { AccountSid: string; Sid: string };
type ParticipantParams = { AccountSid: string; ConferenceSid: string; CallSid: string };

export const conferencesRoutes: FastifyPluginAsync<{ store: Store; voice: VoiceEngine }> = async (app, { store, voice }) => {
  const base = `${API_ROOT}/Accounts/:AccountSid/Conferences`;
  const notFound = (path: string) => new TwilioError(20404, `The requested resource ${path} was not found`);
  const ownConference = async (account: Account, sid: string, path = accountPath(account.sid, 'Conferences', sid)) => {
    const found = await findConference(store.db, account.sid, sid);
    if (!found) throw notFound(path);
    return found;
  };
  /** A participant still in the conference (or being dialled into it), by CallSid or label. */
  const ownParticipant = async (account: Account, conferenceSid: string, callSidOrLabel: string, path: string) => {
    const conference = await ownConference(account, conferenceSid, path);
    const found = await findParticipant(store.db, conference.sid, callSidOrLabel);
    if (!found || found.status === 'complete' || found.status === 'failed') throw notFound(path);
    const room = voice.conferences.room(conference.sid);
    return { conference, found, room, member: room?.members.get(found.sid) };
  };

  app.get<{ Params: { AccountSid: string }; Querystring: ConferenceQuery }>(`${base}.json`, {
    schema: { querystring: conferenceQuery, response: { 200: listSchema('conferences', conferenceSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const q = request.query;
    const paging = readPaging(q, 'desc');
    const page = await listConferences(store.db, account.sid, {
      friendlyName: q.FriendlyName, status: q.Status,
      dateCreated: dateRange('DateCreated', q.DateCreated, q['DateCreated<'], q['DateCreated>']),
      dateUpdated: dateRange('DateUpdated', q.DateUpdated, q['DateUpdated<'], q['DateUpdated>']),
    }, paging);
    return listBody(request, 'conferences', paging, page, renderConference);
  });

  app.get<{ Params: ConferenceParams }>(`${base}/:Sid.json`, { schema: { response: { 200: conferenceSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    return renderConference(await ownConference(account, request.params.Sid));
  });

  app.post<{ Params: ConferenceParams; Body: UpdateConferenceBody }>(`${base}/:Sid.json`, {
    schema: { body: updateConferenceBody, response: { 200: conferenceSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const conference = await ownConference(account, request.params.Sid);
    const b = request.body ?? {};
    const room = voice.conferences.room(conference.sid);
    const announcement = readMusic('AnnounceUrl', b.AnnounceUrl, b.AnnounceMethod);
    if (announcement && room) void voice.conferences.announce(room, announcement);
    if (b.Status === 'completed' && conference.status !== 'completed') {
      if (room) await voice.conferences.end(room, 'conference-ended-via-api', null);
      else await voice.conferences.completeOrphan(conference);
    }
    return renderConference(await ownConference(account, conference.sid));
  });

  app.get<{ Params: { AccountSid: string; ConferenceSid: string }; Querystring: ParticipantQuery }>(`${base}/:ConferenceSid/Participants.json`, {
    schema: { querystring: participantQuery, response: { 200: listSchema('participants', participantSchema) } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const conference = await ownConference(account, request.params.ConferenceSid, requestedPath(request));
    const q = request.query;
    const paging = readPaging(q, 'asc');
    const page = await listParticipants(store.db, conference.sid, { muted: q.Muted, hold: q.Hold, coaching: q.Coaching }, paging);
    return listBody(request, 'participants', paging, page, (p) => renderParticipant(p));
  });

  app.post<{ Params: { AccountSid: string; ConferenceSid: string }; Body: CreateParticipantBody }>(`${base}/:ConferenceSid/Participants.json`, {
    schema: { body: createParticipantBody, response: { 201: participantSchema } },
  }, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const b = request.body ?? {};
    // The conference by SID, or by friendly name (opened now when no conference of that name is open).
    const target = request.params.ConferenceSid;
    const bySid = /^CF[0-9a-f]{32}$/.test(target) ? await ownConference(account, target) : await findOpenConference(store.db, account.sid, target);
    if (bySid?.status === 'completed') throw new TwilioError(20404, `Conference ${bySid.sid} has completed; participants cannot be added.`);
    const input = callInput({
      To: b.To, From: b.From ?? b.CallerId, StatusCallback: b.StatusCallback, StatusCallbackMethod: b.StatusCallbackMethod, StatusCallbackEvent: b.StatusCallbackEvent,
      Timeout: b.Timeout, TimeLimit: b.TimeLimit, Record: b.Record, MachineDetection: b.MachineDetection, MachineDetectionTimeout: b.MachineDetectionTimeout,
      RecordingStatusCallback: b.RecordingStatusCallback, RecordingStatusCallbackMethod: b.RecordingStatusCallbackMethod, RecordingStatusCallbackEvent: b.RecordingStatusCallbackEvent,
    });
    const { participant, call } = await voice.conferences.addParticipant(account, bySid?.friendlyName ?? target, input, conferenceAttributes(b));
    return reply.status(201).send(renderParticipant(participant, String(call.queueTime)));
  });

  app.get<{ Params: ParticipantParams }>(`${base}/:ConferenceSid/Participants/:CallSid.json`, { schema: { response: { 200: participantSchema } } }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    return renderParticipant((await ownParticipant(account, request.params.ConferenceSid, request.params.CallSid, requestedPath(request))).found);
  });

  app.post<{ Params: ParticipantParams; Body: UpdateParticipantBody }>(`${base}/:ConferenceSid/Participants/:CallSid.json`, {
    schema: { body: updateParticipantBody, response: { 200: participantSchema } },
  }, async (request) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const { conference, found, room, member } = await ownParticipant(account, request.params.ConferenceSid, request.params.CallSid, requestedPath(request));
    const changes = memberChanges(request.body ?? {});
    if (room && member) await voice.conferences.change(room, member, changes);
    else await updateParticipant(store.db, conference.sid, found.sid, rowChanges(changes));
    return renderParticipant((await findParticipant(store.db, conference.sid, found.sid)) ?? found);
  });

  app.delete<{ Params: ParticipantParams }>(`${base}/:ConferenceSid/Participants/:CallSid.json`, async (request, reply) => {
    const { account } = await accessAccount(store, request, request.params.AccountSid);
    const { conference, found, room, member } = await ownParticipant(account, request.params.ConferenceSid, request.params.CallSid, requestedPath(request));
    if (room && member) await voice.conferences.remove(room, member);
    else await updateParticipant(store.db, conference.sid, found.sid, { status: 'complete' });
    return reply.status(204).send();
  });
};

/** The `<Conference>` a created participant joins with. */
function conferenceAttributes(b: CreateParticipantBody): Partial<DialConferenceAttributes> {
  const wait = readUrl('WaitUrl', b.WaitUrl);
  const callback = readUrl('ConferenceStatusCallback', b.ConferenceStatusCallback);
  const recordingCallback = readUrl('ConferenceRecordingStatusCallback', b.ConferenceRecordingStatusCallback);
  const record = b.ConferenceRecord === undefined ? undefined : b.ConferenceRecord === 'true' || b.ConferenceRecord === 'record-from-start' ? 'record-from-start' : 'do-not-record';
  if (b.Coaching === true && !b.CallSidToCoach) throw new TwilioError(20001, 'CallSidToCoach is required when Coaching is true.');
  const beep = b.Beep === undefined ? undefined : b.Beep === 'onEnter' || b.Beep === 'onExit' ? b.Beep : b.Beep.toLowerCase() === 'true';
  return Object.fromEntries(Object.entries({
    muted: b.Muted, beep, startConferenceOnEnter: b.StartConferenceOnEnter, endConferenceOnExit: b.EndConferenceOnExit,
    // WaitUrl sent empty is silence, as in TwiML.
    waitUrl: wait === null ? '' : wait, waitMethod: readMethod(b.WaitMethod), maxParticipants: b.MaxParticipants,
    coach: b.Coaching === false ? undefined : b.CallSidToCoach, participantLabel: b.Label, region: b.Region,
    statusCallback: callback ?? undefined, statusCallbackMethod: readMethod(b.ConferenceStatusCallbackMethod),
    statusCallbackEvent: b.ConferenceStatusCallbackEvent === undefined ? undefined : eventWords(b.ConferenceStatusCallbackEvent),
    record, trim: b.ConferenceTrim, recordingStatusCallback: recordingCallback ?? undefined,
    recordingStatusCallbackMethod: readMethod(b.ConferenceRecordingStatusCallbackMethod), recordingStatusCallbackEvent: b.ConferenceRecordingStatusCallbackEvent === undefined ? undefined : eventWords(b.ConferenceRecordingStatusCallbackEvent).filter(isRecordingEvent),
  }).filter(([, v]) => v !== undefined)) as Partial<DialConferenceAttributes>;
}

/** Events sent as repeated keys, or several in one value separated by spaces or commas. */
function eventWords(values: readonly string[]): string[] {
  return values.flatMap((e) => e.split(/[\s,]+/)).filter((e) => e !== '');
}

/** The recording events a conference's recording reports (Twilio's `failed` is never sent here: recordings are not encrypted). */
function isRecordingEvent(event: string): event is RecordingEvent {
  return event === 'in-progress' || event === 'completed' || event === 'absent';
}

function memberChanges(b: UpdateParticipantBody): MemberChanges {
  if (b.Coaching === true && !b.CallSidToCoach) throw new TwilioError(20001, 'CallSidToCoach is required when Coaching is true.');
  const hold = readMusic('HoldUrl', b.HoldUrl, b.HoldMethod);
  const wait = readMusic('WaitUrl', b.WaitUrl, b.WaitMethod);
  const announce = readMusic('AnnounceUrl', b.AnnounceUrl, b.AnnounceMethod);
  return Object.fromEntries(Object.entries({
    muted: b.Muted, hold: b.Hold, holdMusic: hold, waitMusic: wait, announce: announce ?? undefined, beepOnExit: b.BeepOnExit,
    endConferenceOnExit: b.EndConferenceOnExit, coaching: b.Coaching ?? (b.CallSidToCoach ? true : undefined),
    callSidToCoach: b.Coaching === false ? null : b.CallSidToCoach,
  }).filter(([, v]) => v !== undefined)) as MemberChanges;
}

/** What a change means for a participant not in the room yet: its stored flags. */
function rowChanges(c: MemberChanges) {
  const flag = (v: boolean | undefined) => (v === undefined ? undefined : v ? 1 : 0);
  return Object.fromEntries(Object.entries({
    muted: flag(c.muted), hold: flag(c.hold), coaching: flag(c.coaching), callSidToCoach: c.callSidToCoach, endConferenceOnExit: flag(c.endConferenceOnExit),
  }).filter(([, v]) => v !== undefined));
}
