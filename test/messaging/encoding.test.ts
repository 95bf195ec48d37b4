/** SMS encoding and segments as carriers count them, and Twilio's opt-out keywords. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { bodyLength, segmentBody, smartEncode } from '../../src/messaging/encoding.js';
import { classifyKeyword } from '../../src/messaging/opt-out.js';

test('a GSM-7 body of 160 characters is one segment; 161 is two of 153', () => {
  assert.deepEqual(segmentBody('a'.repeat(160)), { encoding: 'GSM-7', segments: 1, units: 160, perSegment: 160 });
  assert.deepEqual(segmentBody('a'.repeat(161)), { encoding: 'GSM-7', segments: 2, units: 161, perSegment: 153 });
  assert.equal(segmentBody('a'.repeat(306)).segments, 2);
  assert.equal(segmentBody('a'.repeat(307)).segments, 3);
});

test('extension-table characters count two septets and are never split across segments', () => {
  assert.equal(segmentBody('€'.repeat(80)).units, 160);
  assert.equal(segmentBody('€'.repeat(80)).segments, 1);
  assert.equal(segmentBody('€'.repeat(81)).segments, 2);
  // 152 single septets then an escape pair: the pair moves to the second part.
  const info = segmentBody(`${'a'.repeat(152)}{${'a'.repeat(152)}`);
  assert.equal(info.units, 306);
  assert.equal(info.segments, 3);
});

test('one character outside GSM-7 makes the whole message UCS-2: 70 per segment, 67 per part', () => {
  assert.equal(segmentBody(`${'a'.repeat(69)}ł`).encoding, 'UCS-2');
  assert.equal(segmentBody(`${'a'.repeat(69)}ł`).segments, 1);
  assert.equal(segmentBody(`${'a'.repeat(70)}ł`).segments, 2);
  assert.equal(segmentBody('ł'.repeat(134)).segments, 2);
  assert.equal(segmentBody('ł'.repeat(135)).segments, 3);
  assert.equal(segmentBody('a`').encoding, 'UCS-2', 'the backtick is not in GSM-7');
});

test('emoji are surrogate pairs: two units each, never split', () => {
  assert.equal(segmentBody('😀'.repeat(35)).units, 70);
  assert.equal(segmentBody('😀'.repeat(35)).segments, 1);
  // 134 units would fill exactly two parts of 67 if a pair could be split; it cannot, so three.
  assert.equal(segmentBody(`aa${'😀'.repeat(66)}`).units, 134);
  assert.equal(segmentBody(`aa${'😀'.repeat(66)}`).segments, 3);
});

test('an empty body (a media-only message) is one segment; the 1600 limit counts code points', () => {
  assert.equal(segmentBody('').segments, 1);
  assert.equal(bodyLength('😀'.repeat(1600)), 1600);
});

test('smart encoding turns look-alikes into GSM characters', () => {
  assert.equal(smartEncode('“Hi” – it’s… here'), '"Hi" - it\'s... here');
  assert.equal(segmentBody(smartEncode('“Hi”')).encoding, 'GSM-7');
});

test('opt-out keywords match the whole trimmed body in any case, and nothing else', () => {
  for (const word of ['STOP', 'stop', ' Stop ', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT']) assert.equal(classifyKeyword(word), 'stop', word);
  for (const word of ['START', 'yes', 'UNSTOP']) assert.equal(classifyKeyword(word), 'start', word);
  for (const word of ['HELP', 'info']) assert.equal(classifyKeyword(word), 'help', word);
  for (const word of ['stop please', 'STOP!', 'hello', '']) assert.equal(classifyKeyword(word), null, word);
});
