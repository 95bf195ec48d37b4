/** Twilio's date filters: X=day is that day; X<= and X>= are inclusive, for days and instants. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dateRange } from '../../src/api/date-filter.js';

test('DateSent=day covers that whole UTC day', () => {
  assert.deepEqual(dateRange('DateSent', '2026-11-25', undefined, undefined), { from: '2026-11-25T00:00:00.000000Z', until: '2026-11-26T00:00:00.000000Z' });
});

test('DateSent<=day includes the day; DateSent>=day starts at it', () => {
  assert.deepEqual(dateRange('DateSent', undefined, '2026-11-25', undefined), { until: '2026-11-26T00:00:00.000000Z' });
  assert.deepEqual(dateRange('DateSent', undefined, undefined, '2026-11-25'), { from: '2026-11-25T00:00:00.000000Z' });
});

test('instants (as the Python SDK sends them) are inclusive bounds to the second, as Twilio shows times; DateSent=instant means its day', () => {
  assert.deepEqual(dateRange('DateSent', undefined, '2026-11-25T10:00:00Z', '2026-11-25T09:00:00Z'), { from: '2026-11-25T09:00:00.000000Z', until: '2026-11-25T10:00:01.000000Z' });
  assert.deepEqual(dateRange('DateSent', '2026-11-25T00:00:00Z', undefined, undefined), { from: '2026-11-25T00:00:00.000000Z', until: '2026-11-26T00:00:00.000000Z' });
});

test('an impossible date is refused with 20001, not rolled over to the next month or day', () => {
  for (const value of ['2026-13-45', '2026-02-30', '2026-04-31', '2026-02-29T10:00:00Z', '2026-01-01T24:00:00Z']) {
    assert.throws(() => dateRange('DateSent', value, undefined, undefined), (err: { code?: number }) => err.code === 20001, value);
  }
  assert.doesNotThrow(() => dateRange('DateSent', '2028-02-29', '2028-02-29T23:59:59.5Z', undefined));
});
