/**
 * Twilio's date filters (`DateSent`, `MessageDate`, …): `X=day` means on that day, and the
 * SDKs send `X<=value` and `X>=value` (keys `X<` and `X>`) meaning on or before, on or after.
 * Values are days (`2026-11-25`) or instants (`2026-11-25T10:00:00Z`, as the Python SDK sends).
 */
import { TwilioError } from '../errors/index.js';
import { storeTime } from '../store/sid.js';

export const dateFilterParam = {
  type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}(T\\d{2}:\\d{2}:\\d{2}(\\.\\d+)?Z)?$', 'x-code': 20001,
  'x-expected': 'a day (YYYY-MM-DD) or a UTC time (YYYY-MM-DDThh:mm:ssZ)',
} as const;

/** An ISO range: `from` inclusive, `until` exclusive; either may be open. */
export interface IsoRange {
  readonly from?: string;
  readonly until?: string;
}

/** A day or an instant; one that does not exist (February 30th, hour 24) is refused rather than rolled over. */
function parse(name: string, value: string): Date {
  const date = new Date(value.length === 10 ? `${value}T00:00:00Z` : value);
  const exists = !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 19) === `${value.slice(0, 10)}T${value.slice(11, 19) || '00:00:00'}`;
  if (!exists) throw new TwilioError(20001, `${name} ${value} is not a valid date.`);
  return date;
}

const DAY = 86_400_000;
const dayStart = (d: Date) => new Date(Math.floor(d.getTime() / DAY) * DAY);

export function dateRange(name: string, on: string | undefined, onOrBefore: string | undefined, onOrAfter: string | undefined): IsoRange {
  let from: Date | undefined;
  let until: Date | undefined;
  const narrow = (f: Date | undefined, u: Date | undefined) => {
    if (f && (!from || f > from)) from = f;
    if (u && (!until || u < until)) until = u;
  };
  if (on !== undefined) {
    const start = dayStart(parse(name, on));
    narrow(start, new Date(start.getTime() + DAY));
  }
  if (onOrBefore !== undefined) {
    const d = parse(`${name}<`, onOrBefore);
    // Twilio's times have whole seconds: on or before an instant includes all of its second.
    narrow(undefined, onOrBefore.length === 10 ? new Date(d.getTime() + DAY) : new Date(Math.floor(d.getTime() / 1000) * 1000 + 1000));
  }
  if (onOrAfter !== undefined) narrow(parse(`${name}>`, onOrAfter), undefined);
  return { ...(from ? { from: storeTime(from) } : {}), ...(until ? { until: storeTime(until) } : {}) };
}
