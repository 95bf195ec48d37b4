/** Twilio's status callback parameters for a message, as apps read them. */
import type { Message } from '../store/messages.js';

/** `2026-11-25T04:01:56Z` → `2611250401` (Twilio's RawDlrDoneDate: YYMMDDhhmm, UTC). */
export function rawDlrDoneDate(date: Date): string {
  const iso = date.toISOString();
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10) + iso.slice(11, 13) + iso.slice(14, 16);
}

export function statusCallbackParams(message: Message): Record<string, string> {
  const params: Record<string, string> = {
    MessageSid: message.sid, SmsSid: message.sid, AccountSid: message.accountSid, From: message.fromNumber, To: message.toNumber,
    MessageStatus: message.status, SmsStatus: message.status, ApiVersion: '2010-04-01',
  };
  if (message.errorCode !== null) params.ErrorCode = String(message.errorCode);
  if (message.status === 'delivered' || message.status === 'undelivered') params.RawDlrDoneDate = rawDlrDoneDate(new Date(message.dateUpdated));
  return params;
}
