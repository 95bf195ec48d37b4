/**
 * The Participants API's form parameters: the schemas (each violation answered with Twilio's
 * code for the parameter) of creating a participant — a call's parameters and the conference's —
 * and of updating one.
 */
import { createCallBody } from './call-params.js';
import type { CreateCallBody } from './call-params.js';
import { methodParam } from './params.js';

export interface CreateParticipantBody extends Pick<CreateCallBody,
  'To' | 'From' | 'StatusCallback' | 'StatusCallbackMethod' | 'StatusCallbackEvent' | 'Timeout' | 'TimeLimit' | 'Record' | 'MachineDetection'
  | 'MachineDetectionTimeout' | 'RecordingStatusCallback' | 'RecordingStatusCallbackMethod' | 'RecordingStatusCallbackEvent'> {
  Label?: string; Muted?: boolean; Beep?: string; StartConferenceOnEnter?: boolean; EndConferenceOnExit?: boolean; WaitUrl?: string; WaitMethod?: string;
  MaxParticipants?: number; ConferenceStatusCallback?: string; ConferenceStatusCallbackMethod?: string; ConferenceStatusCallbackEvent?: string[];
  Coaching?: boolean; CallSidToCoach?: string; Region?: DialRegion; EarlyMedia?: boolean; ConferenceRecord?: string; CallerId?: string;
  ConferenceTrim?: 'trim-silence' | 'do-not-trim'; ConferenceRecordingStatusCallback?: string; ConferenceRecordingStatusCallbackMethod?: string;
  ConferenceRecordingStatusCallbackEvent?: string[];
}

type DialRegion = 'us1' | 'us2' | 'ie1' | 'sg1' | 'br1' | 'au1' | 'jp1' | 'de1';

export interface UpdateParticipantBody {
  Muted?: boolean; Hold?: boolean; HoldUrl?: string; HoldMethod?: string; AnnounceUrl?: string; AnnounceMethod?: string;
  WaitUrl?: string; WaitMethod?: string; BeepOnExit?: boolean; EndConferenceOnExit?: boolean; Coaching?: boolean; CallSidToCoach?: string;
}

const call = createCallBody.properties;
const url = { type: 'string', maxLength: 4096, 'x-code': 21205 } as const;
const flag = { type: 'boolean', 'x-code': 20001 } as const;
const callSid = { type: 'string', pattern: '^CA[0-9a-f]{32}$', 'x-code': 20001 } as const;

export const createParticipantBody = {
  type: 'object',
  properties: {
    To: call.To, From: call.From, StatusCallback: call.StatusCallback, StatusCallbackMethod: methodParam, StatusCallbackEvent: call.StatusCallbackEvent,
    Timeout: call.Timeout, TimeLimit: call.TimeLimit, Record: call.Record, MachineDetection: call.MachineDetection, MachineDetectionTimeout: call.MachineDetectionTimeout,
    RecordingStatusCallback: call.RecordingStatusCallback, RecordingStatusCallbackMethod: methodParam, RecordingStatusCallbackEvent: call.RecordingStatusCallbackEvent,
    Label: { type: 'string', minLength: 1, maxLength: 128, 'x-code': 20001 }, Muted: flag,
    Beep: { type: 'string', enum: ['true', 'false', 'onEnter', 'onExit'], 'x-code': 20001 },
    StartConferenceOnEnter: flag, EndConferenceOnExit: flag, WaitUrl: url, WaitMethod: methodParam,
    MaxParticipants: { type: 'integer', minimum: 2, maximum: 250, 'x-code': 20001 },
    ConferenceStatusCallback: url, ConferenceStatusCallbackMethod: methodParam,
    ConferenceStatusCallbackEvent: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 16, 'x-code': 20001 },
    Coaching: flag, CallSidToCoach: callSid, Region: { type: 'string', enum: ['us1', 'us2', 'ie1', 'sg1', 'br1', 'au1', 'jp1', 'de1'], 'x-code': 20001 },
    EarlyMedia: flag, ConferenceRecord: { type: 'string', enum: ['true', 'false', 'record-from-start', 'do-not-record'], 'x-code': 20001 },
    CallerId: { type: 'string', maxLength: 64, 'x-code': 21212 },
    ConferenceTrim: { type: 'string', enum: ['trim-silence', 'do-not-trim'], 'x-code': 20001 },
    ConferenceRecordingStatusCallback: url, ConferenceRecordingStatusCallbackMethod: methodParam,
    ConferenceRecordingStatusCallbackEvent: { type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: 8, 'x-code': 20001 },
  },
} as const;

export const updateParticipantBody = {
  type: 'object',
  properties: {
    Muted: flag, Hold: flag, HoldUrl: url, HoldMethod: methodParam, AnnounceUrl: url, AnnounceMethod: methodParam, WaitUrl: url, WaitMethod: methodParam,
    BeepOnExit: flag, EndConferenceOnExit: flag, Coaching: flag, CallSidToCoach: callSid,
  },
} as const;
