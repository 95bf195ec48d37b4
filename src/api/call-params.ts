/**
 * The Calls API's parameters: the form schemas (each violation answered with Twilio's code for
 * the parameter) and their reading into the engine's typed inputs. Lists such as
 * `StatusCallbackEvent` arrive as repeated keys or space-separated, as the SDKs send them.
 */
import { TwilioError } from '../errors/index.js';
import type { HttpMethod } from '../store/schema.js';
import type { CallInput } from '../voice/accept.js';
import type { CallChangesInput } from '../voice/engine.js';
import { methodParam, readMethod, readUrl, toE164 } from './params.js';

export interface CreateCallBody {
  To?: string; From?: string; Url?: string; Method?: string; FallbackUrl?: string; FallbackMethod?: string; Twiml?: string; ApplicationSid?: string;
  StatusCallback?: string; StatusCallbackMethod?: string; StatusCallbackEvent?: string[]; Timeout?: number; TimeLimit?: number; SendDigits?: string;
  Record?: boolean; RecordingStatusCallback?: string; RecordingStatusCallbackMethod?: string; RecordingStatusCallbackEvent?: string[];
  RecordingChannels?: string; RecordingTrack?: string; Trim?: string; MachineDetection?: 'Enable' | 'DetectMessageEnd'; MachineDetectionTimeout?: number;
}

export interface UpdateCallBody {
  Url?: string; Method?: string; Twiml?: string; Status?: 'canceled' | 'completed'; FallbackUrl?: string; FallbackMethod?: string;
  StatusCallback?: string; StatusCallbackMethod?: string; TimeLimit?: number;
}

const url = (code: number) => ({ type: 'string', maxLength: 4096, 'x-code': code }) as const;
const list = (max: number) => ({ type: 'array', items: { type: 'string', maxLength: 64 }, maxItems: max, 'x-code': 20001 }) as const;
const integer = (min: number, max: number) => ({ type: 'integer', minimum: min, maximum: max, 'x-code': 20001 }) as const;

/** Twilio's longest call: 24 hours; its default: 4 hours. */
export const MAX_TIME_LIMIT = 86_400;
export const DEFAULT_TIME_LIMIT = 14_400;

export const createCallBody = {
  type: 'object',
  properties: {
    To: { type: 'string', maxLength: 64, 'x-code': 21211 }, From: { type: 'string', maxLength: 64, 'x-code': 21212 },
    Url: url(21205), Method: methodParam, FallbackUrl: url(21205), FallbackMethod: methodParam,
    Twiml: { type: 'string', maxLength: 65_536, 'x-code': 20001 }, ApplicationSid: { type: 'string', maxLength: 34, 'x-code': 21218 },
    StatusCallback: url(21609), StatusCallbackMethod: methodParam, StatusCallbackEvent: list(16),
    // Twilio caps the ring time at 600 s rather than refusing more.
    Timeout: integer(1, 1_000_000), TimeLimit: integer(1, MAX_TIME_LIMIT),
    SendDigits: { type: 'string', pattern: '^[0-9A-D#*wW]{1,32}$', 'x-code': 20001 },
    Record: { type: 'boolean', 'x-code': 20001 }, RecordingStatusCallback: url(21205), RecordingStatusCallbackMethod: methodParam,
    RecordingStatusCallbackEvent: list(8), RecordingChannels: { type: 'string', enum: ['mono', 'dual'], 'x-code': 20001 },
    RecordingTrack: { type: 'string', enum: ['inbound', 'outbound', 'both'], 'x-code': 20001 },
    Trim: { type: 'string', enum: ['trim-silence', 'do-not-trim'], 'x-code': 20001 },
    MachineDetection: { type: 'string', enum: ['Enable', 'DetectMessageEnd'], 'x-code': 20001 }, MachineDetectionTimeout: integer(3, 59),
  },
} as const;

export const updateCallBody = {
  type: 'object',
  properties: {
    Url: url(21205), Method: methodParam, Twiml: { type: 'string', maxLength: 65_536, 'x-code': 20001 },
    Status: { type: 'string', enum: ['canceled', 'completed'], 'x-code': 20001 }, FallbackUrl: url(21205), FallbackMethod: methodParam,
    StatusCallback: url(21609), StatusCallbackMethod: methodParam, TimeLimit: integer(1, MAX_TIME_LIMIT),
  },
} as const;

/** Items of a list parameter, each of the allowed values. */
function readList(name: string, values: readonly string[] | undefined, allowed: readonly string[]): string[] {
  const items = (values ?? []).flatMap((v) => v.split(/[\s,]+/)).filter((v) => v.length > 0);
  const bad = items.find((v) => !allowed.includes(v));
  if (bad !== undefined) throw new TwilioError(20001, `${name} ${bad} is not one of ${allowed.join(', ')}.`);
  return [...new Set(items)];
}

const orCompleted = (events: string[]) => (events.length > 0 ? events : ['completed']);
const method = (value: string | undefined): HttpMethod => readMethod(value) ?? 'POST';
const number = (value: string | undefined) => (value === undefined ? undefined : (toE164(value) ?? value.trim()));

export function callInput(b: CreateCallBody): CallInput {
  return {
    to: number(b.To), from: number(b.From),
    url: readUrl('Url', b.Url) ?? null, method: method(b.Method),
    fallbackUrl: readUrl('FallbackUrl', b.FallbackUrl) ?? null, fallbackMethod: method(b.FallbackMethod),
    twiml: b.Twiml ?? null, applicationSid: b.ApplicationSid ?? null,
    statusCallback: readUrl('StatusCallback', b.StatusCallback, 21609) ?? null, statusCallbackMethod: method(b.StatusCallbackMethod),
    statusCallbackEvents: readList('StatusCallbackEvent', b.StatusCallbackEvent, ['initiated', 'ringing', 'answered', 'completed']),
    timeout: Math.min(b.Timeout ?? 60, 600), timeLimit: b.TimeLimit ?? DEFAULT_TIME_LIMIT, sendDigits: b.SendDigits ?? null,
    record: b.Record ?? false,
    recordingStatusCallback: readUrl('RecordingStatusCallback', b.RecordingStatusCallback) ?? null, recordingStatusCallbackMethod: method(b.RecordingStatusCallbackMethod),
    // Twilio sends only `completed` when no event is named.
    recordingStatusCallbackEvents: orCompleted(readList('RecordingStatusCallbackEvent', b.RecordingStatusCallbackEvent, ['in-progress', 'completed', 'absent'])),
    recordingTrack: b.RecordingTrack ?? 'both', trim: b.Trim ?? 'trim-silence',
    machineDetection: b.MachineDetection ?? null, machineDetectionTimeout: b.MachineDetectionTimeout ?? 30,
  };
}

export function updateInput(b: UpdateCallBody): CallChangesInput {
  const urlValue = readUrl('Url', b.Url);
  if (urlValue === null) throw new TwilioError(21205, 'Url cannot be empty.');
  return {
    ...(urlValue !== undefined ? { url: urlValue, method: method(b.Method) } : {}),
    ...(b.Twiml !== undefined && urlValue === undefined ? { twiml: b.Twiml } : {}),
    ...(b.Status !== undefined ? { status: b.Status } : {}),
    ...(b.FallbackUrl !== undefined ? { fallbackUrl: readUrl('FallbackUrl', b.FallbackUrl) ?? null, fallbackMethod: method(b.FallbackMethod) } : {}),
    ...(b.StatusCallback !== undefined ? { statusCallback: readUrl('StatusCallback', b.StatusCallback, 21609) ?? null, statusCallbackMethod: method(b.StatusCallbackMethod) } : {}),
    ...(b.TimeLimit !== undefined ? { timeLimit: b.TimeLimit } : {}),
  };
}
