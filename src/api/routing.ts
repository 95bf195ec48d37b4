/**
 * The voice and SMS routing parameters that phone numbers and applications share (VoiceUrl,
 * SmsFallbackMethod, …): their schema, how they are read, and how they are written back.
 */
import type { RoutingColumns } from '../store/schema.js';
import { definedOnly, methodParam, readMethod, readUrl } from './params.js';
import { bool, orEmpty, str } from './wire.js';

const url = { type: 'string', maxLength: 4096, 'x-code': 21205 } as const;

export const routingBody = {
  VoiceUrl: url, VoiceMethod: methodParam, VoiceFallbackUrl: url, VoiceFallbackMethod: methodParam,
  StatusCallback: url, StatusCallbackMethod: methodParam, VoiceCallerIdLookup: { type: 'boolean', 'x-code': 20001 },
  SmsUrl: url, SmsMethod: methodParam, SmsFallbackUrl: url, SmsFallbackMethod: methodParam,
} as const;

export interface RoutingParams {
  VoiceUrl?: string; VoiceMethod?: string; VoiceFallbackUrl?: string; VoiceFallbackMethod?: string;
  StatusCallback?: string; StatusCallbackMethod?: string; VoiceCallerIdLookup?: boolean;
  SmsUrl?: string; SmsMethod?: string; SmsFallbackUrl?: string; SmsFallbackMethod?: string;
}

/** The routing columns a request sets (only those it sent). */
export function readRouting(body: RoutingParams): Partial<RoutingColumns> {
  return definedOnly({
    voiceUrl: readUrl('VoiceUrl', body.VoiceUrl),
    voiceMethod: readMethod(body.VoiceMethod),
    voiceFallbackUrl: readUrl('VoiceFallbackUrl', body.VoiceFallbackUrl),
    voiceFallbackMethod: readMethod(body.VoiceFallbackMethod),
    statusCallback: readUrl('StatusCallback', body.StatusCallback),
    statusCallbackMethod: readMethod(body.StatusCallbackMethod),
    voiceCallerIdLookup: body.VoiceCallerIdLookup === undefined ? undefined : Number(body.VoiceCallerIdLookup),
    smsUrl: readUrl('SmsUrl', body.SmsUrl),
    smsMethod: readMethod(body.SmsMethod),
    smsFallbackUrl: readUrl('SmsFallbackUrl', body.SmsFallbackUrl),
    smsFallbackMethod: readMethod(body.SmsFallbackMethod),
  });
}

/** Routing columns for a new record: what was sent, over Twilio's defaults. */
export function newRouting(body: RoutingParams): RoutingColumns {
  return {
    voiceUrl: null, voiceMethod: 'POST', voiceFallbackUrl: null, voiceFallbackMethod: 'POST',
    statusCallback: null, statusCallbackMethod: 'POST', voiceCallerIdLookup: 0,
    smsUrl: null, smsMethod: 'POST', smsFallbackUrl: null, smsFallbackMethod: 'POST',
    ...readRouting(body),
  };
}

/** The routing fields as Twilio's JSON writes them. */
export function renderRouting(row: RoutingColumns) {
  return {
    voice_url: orEmpty(row.voiceUrl),
    voice_method: row.voiceMethod,
    voice_fallback_url: orEmpty(row.voiceFallbackUrl),
    voice_fallback_method: row.voiceFallbackMethod,
    status_callback: orEmpty(row.statusCallback),
    status_callback_method: row.statusCallbackMethod,
    voice_caller_id_lookup: row.voiceCallerIdLookup === 1,
    sms_url: orEmpty(row.smsUrl),
    sms_method: row.smsMethod,
    sms_fallback_url: orEmpty(row.smsFallbackUrl),
    sms_fallback_method: row.smsFallbackMethod,
  };
}

export const routingSchema = {
  voice_url: str, voice_method: str, voice_fallback_url: str, voice_fallback_method: str,
  status_callback: str, status_callback_method: str, voice_caller_id_lookup: bool,
  sms_url: str, sms_method: str, sms_fallback_url: str, sms_fallback_method: str,
} as const;
