/**
 * Recordings and Transcriptions: account-wide, per-call and per-conference recording lists
 * (filters DateCreated with `<`/`>`, CallSid, ConferenceSid), fetch, delete, and the update of a
 * conference's recording under way (`Status` paused, in-progress, stopped); the audio at the recording's
 * URL — WAV by default or with `.wav`, MP3 with `.mp3`, as Twilio negotiates it — and the
 * transcriptions of a recording (JSON, or the text with `.txt`).
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { decodeWavChannels, encodeMp3 } from '../media/index.js';
import type { Store } from '../store/index.js';
import type { VoiceEngine } from '../voice/engine.js';
import { deleteRecording, deleteTranscription, findRecording, findRecordingAudio, findTranscription, listRecordings, listTranscriptions } from '../store/recordings.js';
import type { Recording, Transcription } from '../store/recordings.js';
import { accessAccount } from './auth.js';
import { dateFilterParam, dateRange } from './date-filter.js';
import { listBody, listSchema, pagingQuery, readPaging } from './pagination.js';
import type { PagingParams } from './pagination.js';
import { API_ROOT, API_VERSION, accountPath, nullableStr, recordSchema, requestedPath, rfc2822, str, uriMap } from './wire.js';

const nullableInt = { type: ['integer', 'null'] } as const;
const nullableObject = { type: ['object', 'null'] } as const;

function recordingFields(r: Recording) {
  return {
    account_sid: r.accountSid, api_version: API_VERSION, call_sid: r.callSid, conference_sid: r.conferenceSid, channels: r.channels,
    date_created: rfc2822(r.dateCreated), date_updated: rfc2822(r.dateUpdated), duration: r.duration === null ? null : String(r.duration),
    encryption_details: null, error_code: r.errorCode, price: null, price_unit: 'USD', sid: r.sid, source: r.source,
    start_time: rfc2822(r.startTime), status: r.status,
  };
}
const recordingProps = {
  account_sid: str, api_version: str, call_sid: nullableStr, conference_sid: nullableStr, channels: { type: 'integer' }, date_created: str,
  date_updated: str, duration: nullableStr, encryption_details: nullableObject, error_code: nullableInt, price: nullableStr, price_unit: str,
  sid: str, source: str, start_time: str, status: str,
};

/** A recording as the account-wide resource shows it. */
function renderRecording(r: Recording, baseUrl: string) {
  const uri = accountPath(r.accountSid, 'Recordings', r.sid);
  return {
    ...recordingFields(r), uri, media_url: `${baseUrl}${uri.replace(/\.json$/, '')}`,
    subresource_uris: { transcriptions: uri.replace(/\.json$/, '/Transcriptions.json'), add_on_results: uri.replace(/\.json$/, '/AddOnResults.json') },
  };
}
const recordingSchema = recordSchema({ ...recordingProps, uri: str, media_url: str, subresource_uris: uriMap });

/** A recording as the per-call resource shows it. */
function renderCallRecording(r: Recording) {
  return { ...recordingFields(r), track: r.track, uri: accountPath(r.accountSid, 'Calls', r.callSid ?? '', 'Recordings', r.sid) };
}
const callRecordingSchema = recordSchema({ ...recordingProps, track: str, uri: str });

/** A recording as the per-conference resource shows it. */
function renderConferenceRecording(r: Recording) {
  return { ...recordingFields(r), uri: accountPath(r.accountSid, 'Conferences', r.conferenceSid ?? '', 'Recordings', r.sid) };
}
const conferenceRecordingSchema = recordSchema({ ...recordingProps, uri: str });

/** Where a recording is listed: account-wide, under its call, under its conference. */
type Scope = 'account' | 'call' | 'conference';
const SCOPES: readonly Scope[] = ['account', 'call', 'conference'];
const SCOPE_PATHS: Readonly<Record<Scope, string>> = { account: 'Recordings', call: 'Calls/:CallSid/Recordings', conference: 'Conferences/:ConferenceSid/Recordings' };
const SCOPE_SCHEMAS = { account: recordingSchema, call: callRecordingSchema, conference: conferenceRecordingSchema } as const;

interface UpdateRecordingBody { Status: 'paused' | 'in-progress' | 'stopped'; PauseBehavior?: 'skip' | 'silence' }
const updateRecordingBody = {
  type: 'object',
  required: ['Status'],
  properties: {
    Status: { type: 'string', enum: ['paused', 'in-progress', 'stopped'], 'x-code': 20001 },
    PauseBehavior: { type: 'string', enum: ['skip', 'silence'], 'x-code': 20001 },
  },
} as const;

function renderTranscription(t: Transcription) {
  return {
    account_sid: t.accountSid, api_version: API_VERSION, date_created: rfc2822(t.dateCreated), date_updated: rfc2822(t.dateUpdated),
    duration: t.duration === null ? null : String(t.duration), price: null, price_unit: 'USD', recording_sid: t.recordingSid, sid: t.sid,
    status: t.status, transcription_text: t.transcriptionText, type: t.type, uri: accountPath(t.accountSid, 'Transcriptions', t.sid),
  };
}
const transcriptionSchema = recordSchema({
  account_sid: str, api_version: str, date_created: str, date_updated: str, duration: nullableStr, price: nullableStr, price_unit: str,
  recording_sid: str, sid: str, status: str, transcription_text: nullableStr, type: str, uri: str,
});

interface RecordingQuery extends PagingParams { DateCreated?: string; 'DateCreated<'?: string; 'DateCreated>'?: string; CallSid?: string; ConferenceSid?: string }
const recordingQuery = {
  type: 'object',
  properties: {
    ...pagingQuery, DateCreated: dateFilterParam, 'DateCreated<': dateFilterParam, 'DateCreated>': dateFilterParam,
    CallSid: { type: 'string', maxLength: 34, 'x-code': 20001 }, ConferenceSid: { type: 'string', maxLength: 34, 'x-code': 20001 },
  },
} as const;

/** MP3 encodings of recent recordings: encoding is CPU work, and players fetch the same file repeatedly. */
const MP3_CACHE_SIZE = 16;

export const recordingsRoutes: FastifyPluginAsync<{ store: Store; publicUrl: () => string; voice: VoiceEngine }> = async (app, { store, publicUrl, voice }) => {
  const accountBase = `${API_ROOT}/Accounts/:AccountSid`;
  const mp3Cache = new Map<string, Buffer>();
  const notFound = (request: FastifyRequest) => new TwilioError(20404, `The requested resource ${requestedPath(request)} was not found`);
  type P = { AccountSid: string; CallSid?: string; ConferenceSid?: string };
  /** The account's recording, when it is listed where the request's path says. */
  const ownRecording = async (request: FastifyRequest, params: P & { Sid: string }) => {
    const { account } = await accessAccount(store, request, params.AccountSid);
    const found = await findRecording(store.db, account.sid, params.Sid);
    if (!found || (params.CallSid !== undefined && found.callSid !== params.CallSid)) throw notFound(request);
    if (params.ConferenceSid !== undefined && found.conferenceSid !== params.ConferenceSid) throw notFound(request);
    return found;
  };
  const render = (scope: Scope, r: Recording) => (scope === 'call' ? renderCallRecording(r) : scope === 'conference' ? renderConferenceRecording(r) : renderRecording(r, publicUrl()));

  for (const scope of SCOPES) {
    const base = `${accountBase}/${SCOPE_PATHS[scope]}`;
    app.get<{ Params: P; Querystring: RecordingQuery }>(`${base}.json`, {
      schema: { querystring: recordingQuery, response: { 200: listSchema('recordings', SCOPE_SCHEMAS[scope]) } },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const q = request.query;
      const paging = readPaging(q, 'desc');
      const page = await listRecordings(store.db, account.sid, {
        callSid: request.params.CallSid ?? q.CallSid, conferenceSid: request.params.ConferenceSid ?? q.ConferenceSid,
        dateCreated: dateRange('DateCreated', q.DateCreated, q['DateCreated<'], q['DateCreated>']),
      }, paging);
      return listBody(request, 'recordings', paging, page, (r) => render(scope, r));
    });

    app.get<{ Params: P & { Sid: string } }>(`${base}/:Sid.json`, { schema: { response: { 200: SCOPE_SCHEMAS[scope] } } }, async (request) =>
      render(scope, await ownRecording(request, request.params)));

    app.delete<{ Params: P & { Sid: string } }>(`${base}/:Sid.json`, async (request, reply) => {
      const found = await ownRecording(request, request.params);
      await deleteRecording(store.db, found.accountSid, found.sid);
      mp3Cache.delete(found.sid);
      return reply.status(204).send();
    });
  }

  // A conference's recording under way: paused (silence, or with PauseBehavior=skip nothing), resumed, stopped.
  app.post<{ Params: P & { Sid: string }; Body: UpdateRecordingBody }>(`${accountBase}/${SCOPE_PATHS.conference}/:Sid.json`, {
    schema: { body: updateRecordingBody, response: { 200: conferenceRecordingSchema } },
  }, async (request) => {
    const found = await ownRecording(request, request.params);
    const b = request.body;
    const updated = await voice.conferences.controlRecording(found.conferenceSid ?? '', found.sid, b.Status, b.PauseBehavior === 'skip');
    if (!updated) throw new TwilioError(21220, `Recording ${found.sid} is ${found.status}: only a recording under way can be paused, resumed or stopped.`);
    return renderConferenceRecording(updated);
  });

  // The audio. `RE…` alone and `RE….wav` are WAV; `RE….mp3` is MP3.
  app.get<{ Params: { AccountSid: string; File: string } }>(`${accountBase}/Recordings/:File`, async (request, reply) => {
    const match = /^(RE[0-9a-f]{32})(?:\.(wav|mp3))?$/.exec(request.params.File);
    if (!match?.[1]) throw notFound(request);
    const found = await ownRecording(request, { AccountSid: request.params.AccountSid, Sid: match[1] });
    const audio = await findRecordingAudio(store.db, found.sid);
    if (!audio) throw notFound(request);
    if (match[2] !== 'mp3') return reply.header('content-type', 'audio/x-wav').send(audio.wav);
    let mp3 = mp3Cache.get(found.sid);
    if (!mp3) {
      // A dual-channel recording is a stereo MP3, as its WAV has two channels.
      const pcm = decodeWavChannels(audio.wav);
      if (!pcm) throw new TwilioError(20500, `Recording ${found.sid} has unreadable audio.`);
      mp3 = encodeMp3(pcm);
      mp3Cache.set(found.sid, mp3);
      if (mp3Cache.size > MP3_CACHE_SIZE) mp3Cache.delete(mp3Cache.keys().next().value ?? '');
    }
    return reply.header('content-type', 'audio/mpeg').send(mp3);
  });

  for (const scoped of [false, true]) {
    const base = scoped ? `${accountBase}/Recordings/:RecordingSid/Transcriptions` : `${accountBase}/Transcriptions`;
    type P = { AccountSid: string; RecordingSid?: string };
    const ownTranscription = async (request: FastifyRequest, params: P & { Sid: string }) => {
      const { account } = await accessAccount(store, request, params.AccountSid);
      const found = await findTranscription(store.db, account.sid, params.Sid);
      if (!found || (params.RecordingSid !== undefined && found.recordingSid !== params.RecordingSid)) throw notFound(request);
      return found;
    };
    app.get<{ Params: P; Querystring: PagingParams }>(`${base}.json`, {
      schema: { querystring: { type: 'object', properties: pagingQuery }, response: { 200: listSchema('transcriptions', transcriptionSchema) } },
    }, async (request) => {
      const { account } = await accessAccount(store, request, request.params.AccountSid);
      const paging = readPaging(request.query, 'desc');
      const page = await listTranscriptions(store.db, account.sid, request.params.RecordingSid ?? null, paging);
      return listBody(request, 'transcriptions', paging, page, renderTranscription);
    });
    app.get<{ Params: P & { Sid: string } }>(`${base}/:Sid.json`, { schema: { response: { 200: transcriptionSchema } } }, async (request) =>
      renderTranscription(await ownTranscription(request, request.params)));
    app.get<{ Params: P & { Sid: string } }>(`${base}/:Sid.txt`, async (request, reply) =>
      reply.header('content-type', 'text/plain; charset=utf-8').send((await ownTranscription(request, request.params)).transcriptionText ?? ''));
    app.delete<{ Params: P & { Sid: string } }>(`${base}/:Sid.json`, async (request, reply) => {
      const found = await ownTranscription(request, request.params);
      await deleteTranscription(store.db, found.accountSid, found.sid);
      return reply.status(204).send();
    });
  }
};
