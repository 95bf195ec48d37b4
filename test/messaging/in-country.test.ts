/** `<Message to>` without `+`: read in the country of the `from` number (NANP and the UK), else left as written. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { inCountryOf } from '../../src/messaging/outbound.js';

test('national numbers take the from number\'s country; anything else is left as written', () => {
  assert.equal(inCountryOf('(415) 555-1212', '+16505550100'), '+14155551212');
  assert.equal(inCountryOf('1-415-555-1212', '+16505550100'), '+14155551212');
  assert.equal(inCountryOf('07700 900123', '+447700900000'), '+447700900123');
  assert.equal(inCountryOf(' +33612345678 ', '+16505550100'), '+33612345678');
  assert.equal(inCountryOf('4155551212', '+447700900000'), '4155551212', 'not a UK national number');
  assert.equal(inCountryOf('client:alice', '+16505550100'), 'client:alice');
});
