/**
 * Resource identifiers as Twilio makes them: a two-letter prefix and 32 lowercase hex digits.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

/** The prefixes Dialtone issues, by resource. */
export type SidPrefix = 'AC' | 'SK' | 'PN' | 'AP' | 'CA' | 'SM' | 'MM' | 'RE' | 'QU' | 'CF' | 'NO' | 'ME' | 'RQ' | 'WR' | 'JB' | 'TR';

/**
 * A new random SID with the given prefix. Drawn from randomUUID (122 random bits), whose cached
 * entropy pool makes it several times cheaper than randomBytes on the hot path of every message.
 */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomUUID().replace(/-/g, '');
}

let lastOrdered = 0;

/**
 * A new SID that sorts after every one this process made before: 13 hex digits of microseconds
 * since the epoch, then 19 random ones. For rows written by the thousand (messages, calls,
 * jobs, the webhook log, inbox entries): their primary-key index, and every index that leads
 * with the SID (a message's status history, a call's trace), then grows at one end instead of
 * taking each new key on a random page, so a commit writes a few pages rather than one per row
 * (random message SIDs made commits half the cost of the API's `messages.create`). Still
 * Twilio's shape (a prefix and 32 hex digits); the 76 random bits keep it unguessable, and the
 * time it tells is the record's date_created anyway.
 */
export function orderedSid(prefix: SidPrefix): string {
  const micros = Math.max(Date.now() * 1000, lastOrdered + 1);
  lastOrdered = micros;
  return prefix + micros.toString(16).padStart(13, '0') + randomUUID().replace(/-/g, '').slice(0, 19);
}

/**
 * A SID derived from a seed: the same seed always gives the same SID. For records that a
 * repeated job must find again rather than create twice (the inbound twin of an on-net message).
 *
 * @example
 * derivedSid('SM', 'inbound', 'SM0123…') === derivedSid('SM', 'inbound', 'SM0123…') // true
 */
export function derivedSid(prefix: SidPrefix, ...seed: readonly string[]): string {
  return prefix + createHash('sha256').update(seed.join('\n')).digest('hex').slice(0, 32);
}

/** A new random 32-hex-digit secret (auth tokens, API key secrets). */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Whether `value` is a well-formed SID with the given prefix. */
export function isSid(value: string, prefix: SidPrefix): boolean {
  return value.length === 34 && value.startsWith(prefix) && /^[0-9a-f]{32}$/.test(value.slice(2));
}

/** Microseconds since the epoch at process start, from the wall clock, anchoring the monotonic clock. */
const originMicros = Date.now() * 1000 - Number(process.hrtime.bigint() / 1000n);
let lastMicros = 0;

/**
 * The current time as the store keeps it: ISO 8601 UTC with microseconds
 * (`2026-11-25T05:55:14.123456Z`, fixed width so it sorts as text), strictly increasing within
 * the process. Records created in the same millisecond therefore list in creation order.
 */
export function nowIso(): string {
  let micros = originMicros + Number(process.hrtime.bigint() / 1000n);
  if (micros <= lastMicros) micros = lastMicros + 1;
  lastMicros = micros;
  return `${new Date(Math.floor(micros / 1000)).toISOString().slice(0, 23)}${String(micros % 1000).padStart(3, '0')}Z`;
}

/** A Date as the store keeps times (microsecond width), for comparisons with stored values. */
export function storeTime(date: Date): string {
  return date.toISOString().replace('Z', '000Z');
}

/** `2026-11-25T04:01:56.123Z` (or epoch ms) → `Wed, 25 Nov 2026 04:01:56 +0000`, Twilio's date format. */
export function rfc2822(time: string | number): string {
  return new Date(time).toUTCString().replace('GMT', '+0000');
}
