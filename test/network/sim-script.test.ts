/**
 * Virtual phones' script steps: `match` is a case-insensitive regular expression found anywhere
 * in what was heard, matched in linear time (a pattern that makes a backtracking engine run for
 * ever is answered at once: scripts come from any account); what RE2 does not take is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseScript } from '../../src/network/sim/index.js';

function matchOf(pattern: string) {
  const parsed = parseScript([{ waitFor: 'say', match: pattern }]);
  if (typeof parsed === 'string') throw new Error(parsed);
  const [step] = parsed;
  if (!step || !('waitFor' in step) || !step.match) throw new Error('no match');
  return step.match;
}

test('a match is found anywhere in what was heard, whatever its case', () => {
  const match = matchOf('press (1|one)');
  assert.equal(match.test('Please PRESS 1 for sales.'), true);
  assert.equal(match.test('Press 2 for support.'), false);
  assert.equal(matchOf('^goodbye\\.$').test('Goodbye.'), true);
});

test('a pattern that backtracks without end elsewhere is answered at once', { timeout: 10_000 }, () => {
  // A backtracking engine takes about 2^40 steps here.
  assert.equal(matchOf('^(a+)+$').test(`${'a'.repeat(40)}b`), false);
  assert.equal(matchOf('^(a|a)*$').test(`${'a'.repeat(5000)}!`), false);
});

test('what RE2 does not take is refused with the step and the reason', () => {
  assert.match(String(parseScript([{ wait: 1 }, { waitFor: 'say', match: '(a)\\1' }])), /^script step 1: match .*(no backreferences or lookaround)/);
  assert.match(String(parseScript([{ waitFor: 'say', match: '(?=a)' }])), /not a regular expression RE2 takes/);
  assert.match(String(parseScript([{ waitFor: 'say', match: 'x'.repeat(501) }])), /at most 500 characters/);
});
