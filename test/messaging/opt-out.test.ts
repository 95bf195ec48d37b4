/** Twilio's default opt-out keywords (whole body, trimmed, any case) and its default replies. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { segmentBody } from '../../src/messaging/encoding.js';
import { DEFAULT_POLICY, DEFAULT_REPLIES, classifyKeyword, parseKeywords, policyOf, sharedKeyword } from '../../src/messaging/opt-out.js';
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

test("a number's own keywords replace Twilio's others of their kind, never STOP, START or HELP", () => {
  const policy = policyOf({ stopKeywords: 'ARRET', startKeywords: null, helpKeywords: '', stopReply: null, startReply: 'Bienvenue', helpReply: null });
  assert.deepEqual(policy.keywords.stop, ['STOP', 'ARRET']);
  assert.deepEqual(policy.keywords.start, DEFAULT_POLICY.keywords.start);
  assert.deepEqual(policy.keywords.help, ['HELP']);
  assert.equal(classifyKeyword(' arret ', policy), 'stop');
  assert.equal(classifyKeyword('STOP', policy), 'stop');
  assert.equal(classifyKeyword('QUIT', policy), null);
  assert.equal(classifyKeyword('INFO', policy), null);
  assert.equal(classifyKeyword('help', policy), 'help');
  assert.equal(policy.replies.start, 'Bienvenue');
  assert.equal(policy.replies.stop, DEFAULT_REPLIES.stop);
  assert.equal(policyOf(undefined), DEFAULT_POLICY);
});

test('keyword lists are read as words separated by commas or spaces, upper-cased in NFC, each once, the required word aside', () => {
  assert.deepEqual(parseKeywords('arret, Stop  stop,FIN', 'stop'), ['ARRET', 'FIN']);
  assert.deepEqual(parseKeywords('', 'help'), []);
  assert.deepEqual(parseKeywords('  ,  ', 'start'), []);
  // "Désinscrire" typed with a combining accent is stored as the precomposed letter, and matches either way.
  assert.deepEqual(parseKeywords('De\u0301sinscrire', 'stop'), ['D\u00C9SINSCRIRE']);
  const policy = policyOf({ stopKeywords: parseKeywords('De\u0301sinscrire', 'stop').join(' '), startKeywords: null, helpKeywords: null, stopReply: null, startReply: null, helpReply: null });
  assert.equal(classifyKeyword('d\u00E9sinscrire', policy), 'stop');
  assert.equal(classifyKeyword('de\u0301sinscrire', policy), 'stop');
  assert.throws(() => parseKeywords('STOP!', 'stop'), RangeError);
  assert.throws(() => parseKeywords('a'.repeat(33), 'help'), RangeError);
  assert.throws(() => parseKeywords(Array.from({ length: 20 }, (_, i) => `W${i}`).join(','), 'stop'), /At most 20 keywords of each kind, STOP included/);
  assert.equal(parseKeywords(Array.from({ length: 19 }, (_, i) => `W${i}`).join(','), 'stop').length, 19);
});

test('a word of two kinds is found, with both kinds', () => {
  assert.equal(sharedKeyword(DEFAULT_POLICY.keywords), null);
  assert.deepEqual(sharedKeyword({ stop: ['STOP', 'END'], start: ['START'], help: ['HELP', 'END'] }), { word: 'END', kinds: ['stop', 'help'] });
});
