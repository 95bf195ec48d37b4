/**
 * Resource identifiers as Twilio makes them: a two-letter prefix and 32 lowercase hex digits.
 */
import { randomBytes } from 'node:crypto';

/** The prefixes Dialtone issues, by resource. */
export type SidPrefix = 'AC' | 'SK' | 'PN' | 'AP' | 'CA' | 'SM' | 'MM' | 'RE' | 'QU' | 'CF' | 'NO' | 'ME' | 'RQ' | 'WR' | 'JB';

/** A new random SID with the given prefix. */
export function newSid(prefix: SidPrefix): string {
  return prefix + randomBytes(16).toString('hex');
}

/** A new random 32-hex-digit secret (auth tokens, API key secrets). */
export function newSecret(): string {
  return randomBytes(16).toString('hex');
}

/** Whether `value` is a well-formed SID with the given prefix. */
export function isSid(value: string, prefix: SidPrefix): boolean {
  return value.length === 34 && value.startsWith(prefix) && /^[0-9a-f]{32}$/.test(value.slice(2));
}

/** The current time as the store keeps it: ISO 8601 UTC with milliseconds. */
export function nowIso(): string {
  return new Date().toISOString();
}
