/** Twilio's default opt-out keywords (whole body, trimmed, any case) and its default replies. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentBody } from '../../src/messaging/encoding.js';
import { DEFAULT_POLICY, DEFAULT_REPLIES, classifyKeyword, parseKeywords, sharedKeyword } from '../../src/messaging/opt-out.js';
import type { KeywordKind } from '../../src/messaging/opt-out.js';

const KEYWORDS: Record<KeywordKind, readonly string[]> = {
  stop: ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT', 'REVOKE', 'OPTOUT'],
  start: ['START', 'YES', 'UNSTOP'],
  help: ['HELP', 'INFO'],
};

/** The same keyword as a person might type it. */
function variants(word: string): string[] {
  const title = word.charAt(0) + word.slice(1).toLowerCase();
  return [word, word.toLowerCase(), title, ` ${word}`, `${title} `, `\t${word.toLowerCase()}\n`, `  ${word}\r\n`];
}

for (const [kind, words] of Object.entries(KEYWORDS)) {
  for (const word of words) {
    test(`${word} is a ${kind.toUpperCase()} keyword in any case and with surrounding whitespace`, () => {
      for (const body of variants(word)) assert.equal(classifyKeyword(body), kind, JSON.stringify(body));
    });
  }
}

test('a keyword inside a longer message is not a keyword ("STOP PLEASE", "PLEASE CANCEL")', () => {
  for (const body of ['stop please', 'STOP PLEASE', 'PLEASE CANCEL', 'please stop', 'yes please', 'help me', 'I want to unsubscribe', 'STOP ALL', 'OPT OUT', 'stop\nstop']) {
    assert.equal(classifyKeyword(body), null, JSON.stringify(body));
  }
});

test('a keyword with punctuation or a typo is not a keyword', () => {
  for (const body of ['STOP!', 'stop.', '"STOP"', 'S.T.O.P', 'stopp', 'STO P', 'HELP?', 'yes!']) assert.equal(classifyKeyword(body), null, JSON.stringify(body));
});

test('an empty or blank body is not a keyword', () => {
  for (const body of ['', ' ', '\n\t ']) assert.equal(classifyKeyword(body), null, JSON.stringify(body));
});

test("Twilio's default STOP reply confirms the unsubscribe and says how to resubscribe", () => {
  assert.equal(DEFAULT_REPLIES.stop, 'You have successfully been unsubscribed. You will not receive any more messages from this number. Reply START to resubscribe.');
});

test("Twilio's default START reply confirms the resubscribe and names HELP and STOP", () => {
  assert.equal(DEFAULT_REPLIES.start, 'You have successfully been re-subscribed to messages from this number. Reply HELP for help. Reply STOP to unsubscribe. Msg&Data Rates May Apply.');
});

test("Twilio's default HELP reply says how to unsubscribe", () => {
  assert.equal(DEFAULT_REPLIES.help, 'Reply STOP to unsubscribe. Msg&Data Rates May Apply.');
});

test('each default reply is sent as a single GSM-7 segment', () => {
  for (const reply of Object.values(DEFAULT_REPLIES)) assert.equal(segmentBody(reply).encoding, 'GSM-7', reply);
  for (const reply of Object.values(DEFAULT_REPLIES)) assert.equal(segmentBody(reply).segments, 1, reply);
});

test('the default replies cannot be changed at run time', () => {
  assert.ok(Object.isFrozen(DEFAULT_REPLIES));
});

test("a number's own keywords replace Twilio's for their kind only; handling turned off classifies nothing", () => {
  const policy = { ...DEFAULT_POLICY, keywords: { ...DEFAULT_POLICY.keywords, stop: ['ARRET'] } };
  assert.equal(classifyKeyword(' arret ', policy), 'stop');
  assert.equal(classifyKeyword('STOP', policy), null);
  assert.equal(classifyKeyword('START', policy), 'start');
  assert.equal(classifyKeyword('STOP', { ...DEFAULT_POLICY, enabled: false }), null);
  assert.equal(classifyKeyword('HELP', { ...DEFAULT_POLICY, enabled: false }), null);
});

test('keyword lists are read as words separated by commas or spaces, upper-cased, each once', () => {
  assert.deepEqual(parseKeywords('arret, Stop  stop,FIN'), ['ARRET', 'STOP', 'FIN']);
  assert.deepEqual(parseKeywords(''), []);
  assert.deepEqual(parseKeywords('  ,  '), []);
  assert.deepEqual(parseKeywords('Désinscrire'), ['DÉSINSCRIRE']);
  assert.throws(() => parseKeywords('STOP!'), RangeError);
  assert.throws(() => parseKeywords('a'.repeat(33)), RangeError);
  assert.throws(() => parseKeywords(Array.from({ length: 21 }, (_, i) => `W${i}`).join(',')), RangeError);
});

test('a word of two kinds is found', () => {
  assert.equal(sharedKeyword(DEFAULT_POLICY.keywords), null);
  assert.equal(sharedKeyword({ stop: ['STOP', 'END'], start: ['START'], help: ['END'] }), 'END');
});
