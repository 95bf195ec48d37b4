/** SMS encoding and segments as Twilio counts them, the 1,600-character limit, and Smart Encoding. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_BODY_LENGTH, bodyLength, segmentBody, smartEncode } from '../../src/messaging/encoding.js';

const GSM_BASIC = '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENSION = '^{}\\[~]|€\f';
const EMOJI = '😀';

test('a 160-character GSM-7 body is one segment of 160', () => {
  assert.deepEqual(segmentBody('a'.repeat(160)), { encoding: 'GSM-7', segments: 1, units: 160, perSegment: 160 });
});

test('a 161-character GSM-7 body is 2 segments of 153', () => {
  assert.deepEqual(segmentBody('a'.repeat(161)), { encoding: 'GSM-7', segments: 2, units: 161, perSegment: 153 });
});

test('a 306-character GSM-7 body is 2 segments; 307 characters are 3', () => {
  assert.equal(segmentBody('a'.repeat(306)).segments, 2);
  assert.equal(segmentBody('a'.repeat(307)).segments, 3);
});

test('every character of the GSM 03.38 default alphabet is one septet', () => {
  assert.equal([...GSM_BASIC].length, 127, 'the 128 positions less the escape');
  for (const c of GSM_BASIC) assert.deepEqual(segmentBody(c), { encoding: 'GSM-7', segments: 1, units: 1, perSegment: 160 }, JSON.stringify(c));
});

test('extension-table characters ^ { } \\ [ ~ ] | € and form feed count two septets each', () => {
  for (const c of GSM_EXTENSION) assert.deepEqual(segmentBody(c), { encoding: 'GSM-7', segments: 1, units: 2, perSegment: 160 }, JSON.stringify(c));
});

test('80 euro signs fill one 160-septet segment; 81 take two', () => {
  assert.deepEqual(segmentBody('€'.repeat(80)), { encoding: 'GSM-7', segments: 1, units: 160, perSegment: 160 });
  assert.deepEqual(segmentBody('€'.repeat(81)), { encoding: 'GSM-7', segments: 2, units: 162, perSegment: 153 });
});

test('an extension character is never split across segments: its escape pair moves to the next part', () => {
  // The pair ends exactly at septet 153: 306 septets fit in 2 parts.
  assert.deepEqual(segmentBody(`${'a'.repeat(151)}{${'a'.repeat(153)}`), { encoding: 'GSM-7', segments: 2, units: 306, perSegment: 153 });
  // The pair would straddle septets 153/154: the first part closes at 152, so the same 306 septets need 3.
  assert.deepEqual(segmentBody(`${'a'.repeat(152)}{${'a'.repeat(152)}`), { encoding: 'GSM-7', segments: 3, units: 306, perSegment: 153 });
});

test('characters outside GSM-7 (backtick, ç, À, tab, Ω sign) make the body UCS-2', () => {
  for (const c of ['`', 'ç', 'À', '\t', '\u2126', '\u001b']) assert.equal(segmentBody(`a${c}`).encoding, 'UCS-2', JSON.stringify(c));
});

test('one non-GSM character switches the whole message to UCS-2', () => {
  assert.deepEqual(segmentBody('a'.repeat(160)), { encoding: 'GSM-7', segments: 1, units: 160, perSegment: 160 });
  assert.deepEqual(segmentBody(`${'a'.repeat(159)}ł`), { encoding: 'UCS-2', segments: 3, units: 160, perSegment: 67 });
});

test('a 70-character UCS-2 body is one segment of 70; 71 characters are 2 segments of 67', () => {
  assert.deepEqual(segmentBody('ł'.repeat(70)), { encoding: 'UCS-2', segments: 1, units: 70, perSegment: 70 });
  assert.deepEqual(segmentBody('ł'.repeat(71)), { encoding: 'UCS-2', segments: 2, units: 71, perSegment: 67 });
});

test('a 134-character UCS-2 body is 2 segments; 135 characters are 3', () => {
  assert.equal(segmentBody('ł'.repeat(134)).segments, 2);
  assert.equal(segmentBody('ł'.repeat(135)).segments, 3);
});

test('an emoji is UCS-2 and takes two code units (a surrogate pair)', () => {
  assert.deepEqual(segmentBody(EMOJI), { encoding: 'UCS-2', segments: 1, units: 2, perSegment: 70 });
  assert.deepEqual(segmentBody(EMOJI.repeat(35)), { encoding: 'UCS-2', segments: 1, units: 70, perSegment: 70 });
});

test('an emoji is never split across segments: its surrogate pair moves to the next part', () => {
  // Pairs aligned to the 67-unit parts: 134 units fit in 2.
  assert.deepEqual(segmentBody(`a${EMOJI.repeat(66)}a`), { encoding: 'UCS-2', segments: 2, units: 134, perSegment: 67 });
  // 67 emoji are also 134 units, but each part holds only 33 of them (66 units): 3 parts.
  assert.deepEqual(segmentBody(EMOJI.repeat(67)), { encoding: 'UCS-2', segments: 3, units: 134, perSegment: 67 });
});

test('an empty body (a media-only message) counts as one GSM-7 segment', () => {
  assert.deepEqual(segmentBody(''), { encoding: 'GSM-7', segments: 1, units: 0, perSegment: 160 });
});

test("Twilio's 1,600-character limit counts UTF-16 code units, so an emoji counts as two", () => {
  assert.equal(MAX_BODY_LENGTH, 1600);
  assert.equal(bodyLength(EMOJI.repeat(800)), 1600);
  assert.equal(bodyLength(EMOJI.repeat(801)), 1602);
  assert.equal(bodyLength('é'.repeat(1600)), 1600, 'a character of the Basic Multilingual Plane is one');
  assert.equal(bodyLength('a'.repeat(1601)), 1601);
  assert.equal(bodyLength(''), 0);
});

test('a UCS-2 grapheme (a flag, a ZWJ emoji sequence, a letter and its combining accent) is never split across parts', () => {
  const FLAG = '\u{1F1FA}\u{1F1F8}'; // two regional indicators: four code units, one grapheme
  // 64 + 4 + 65 = 133 units would fit 2 parts of 67 if the flag could be split (64 + 2 | 2 + 65);
  // kept whole, the first part ends after 64 units and the other 69 need two more: 3 parts.
  assert.deepEqual(segmentBody(`${'a'.repeat(64)}${FLAG}${'a'.repeat(65)}`), { encoding: 'UCS-2', segments: 3, units: 133, perSegment: 67 });
  const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}'; // man, woman, girl joined: 8 code units, one grapheme
  assert.equal(segmentBody(`${'é'.repeat(60)}${FAMILY}${'é'.repeat(50)}`).segments, 2, 'the family starts the second part whole');
  assert.equal(segmentBody(`${'é'.repeat(63)}${FAMILY}${'é'.repeat(60)}`).segments, 3, '131 units: 2 parts if split (63 + 4 | 4 + 60); moved whole, 63 | 67 | 1');
  const ACCENTED = `${'é'.repeat(66)}e\u0301${'é'.repeat(66)}`; // 134 units: 67 | 67 if split between e and its accent
  assert.deepEqual(segmentBody(ACCENTED), { encoding: 'UCS-2', segments: 3, units: 134, perSegment: 67 });
});

test('smart encoding straightens curly quotes and apostrophes', () => {
  assert.equal(smartEncode('\u201CHi\u201D \u2018there\u2019 it\u2019s \u00ABok\u00BB'), '"Hi" \'there\' it\'s "ok"');
});

test('smart encoding turns en and em dashes into hyphens and the ellipsis into three dots', () => {
  assert.equal(smartEncode('9\u201317 \u2014 wait\u2026'), '9-17 - wait...');
});

test('smart encoding turns non-breaking and other Unicode spaces into a space and drops zero-width ones', () => {
  assert.equal(smartEncode('a\u00A0b\u2009c\u202Fd\u3000e'), 'a b c d e');
  assert.equal(smartEncode('a\u200Bb\uFEFFc'), 'abc');
});

test('smart encoding turns fullwidth forms and fractions into ASCII', () => {
  assert.equal(smartEncode('\uFF21\uFF22\uFF23 \uFF11\uFF12\uFF13\uFF01 \u00BD'), 'ABC 123! 1/2');
});

test('smart encoding leaves GSM characters, accented letters and emoji as they are', () => {
  const text = `${GSM_BASIC}${GSM_EXTENSION}ł${EMOJI}`;
  assert.equal(smartEncode(text), text);
});

test('a body with curly quotes is UCS-2, and GSM-7 in fewer segments after smart encoding', () => {
  const body = `\u201C${'a'.repeat(100)}\u201D`;
  assert.deepEqual(segmentBody(body), { encoding: 'UCS-2', segments: 2, units: 102, perSegment: 67 });
  assert.deepEqual(segmentBody(smartEncode(body)), { encoding: 'GSM-7', segments: 1, units: 102, perSegment: 160 });
});

test('smart encoding cannot rescue a body with an emoji: it stays UCS-2', () => {
  assert.equal(segmentBody(smartEncode(`\u201CHi\u201D ${EMOJI}`)).encoding, 'UCS-2');
});
