/** `judgeContent`: what is sent (body, media, callback, validity), judged with Twilio's codes before anything is stored. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { TwilioError } from '../../src/errors/index.js';
import { judgeContent } from '../../src/messaging/outbound.js';
import type { OutboundInput } from '../../src/messaging/outbound.js';

const input = (over: Partial<OutboundInput>) => ({ body: 'hi', mediaUrls: [], statusCallback: null, validityPeriod: null, direction: 'outbound-api' as const, ...over });
const codeOf = (run: () => unknown): number | null => {
  try { run(); return null; } catch (err) { return err instanceof TwilioError ? err.code : -1; }
};

test("the API's StatusCallback may not have an underscore in its host (Twilio's spec); a reply's callback may", () => {
  assert.equal(codeOf(() => judgeContent(input({ statusCallback: 'https://my_app.example.com/status' }))), 21609);
  assert.equal(codeOf(() => judgeContent(input({ statusCallback: 'https://my-app.example.com/my_status' }))), null, 'an underscore in the path is fine');
  // A <Message action> resolved against an app on a private network such as docker compose's `sms_app`.
  assert.equal(judgeContent(input({ statusCallback: 'http://sms_app:5000/status', direction: 'outbound-reply' })), 'hi');
  assert.equal(codeOf(() => judgeContent(input({ statusCallback: 'ftp://example.com/status', direction: 'outbound-reply' }))), 21609);
});

test('bodies, media and validity are judged in Twilio\'s order of codes', () => {
  assert.equal(codeOf(() => judgeContent(input({ body: '' }))), 21602);
  assert.equal(codeOf(() => judgeContent(input({ body: 'x'.repeat(1601) }))), 21617);
  assert.equal(codeOf(() => judgeContent(input({ mediaUrls: ['notaurl'] }))), 21620);
  assert.equal(codeOf(() => judgeContent(input({ validityPeriod: 0 }))), 90007);
  assert.equal(judgeContent(input({ body: '', mediaUrls: ['https://example.com/cat.jpg'] })), '', 'media alone is a message');
});
