/**
 * Twilio's connection overrides in a webhook URL's fragment
 * (https://www.twilio.com/docs/usage/webhooks/webhooks-connection-overrides): the timeouts and
 * retries are honoured; `e=` (the edge location Twilio sends from) and `sni=` are read and
 * ignored, since Dialtone has one place it sends from; none of it is signed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_OVERRIDES, parseOverrides, parseWebhookUrl } from '../../src/webhooks/target.js';

test('ct, rt, tt, rc and rp are honoured, clamped to Twilio\'s ranges', () => {
  const overrides = parseOverrides('#ct=50&rt=3000&tt=99999&rc=2&rp=4xx,5xx');
  assert.equal(overrides.connectTimeout, 100);
  assert.equal(overrides.readTimeout, 3000);
  assert.equal(overrides.totalTimeout, 15000);
  assert.equal(overrides.retryCount, 2);
  assert.deepEqual([...overrides.retryPolicy], ['4xx', '5xx']);
});

test('e= and sni= are parsed and ignored: the other overrides stand, the rest keep their defaults', () => {
  assert.deepEqual(parseOverrides('#e=ashburn&sni=y'), DEFAULT_OVERRIDES);
  assert.deepEqual(parseOverrides('#e=frankfurt&rc=3'), { ...DEFAULT_OVERRIDES, retryCount: 3 });
  const target = parseWebhookUrl('https://my.app:8443/sms?x=1#e=dublin&rc=0');
  assert.ok(target);
  assert.equal(target.url.href, 'https://my.app:8443/sms?x=1');
  assert.equal(target.signedUrl, 'https://my.app/sms?x=1');
  assert.equal(target.overrides.retryCount, 0);
});
