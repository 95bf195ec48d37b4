/**
 * The error registry: every Twilio code Dialtone emits is registered, documented in
 * docs/errors.md, and used somewhere in src/ (no dead entries, no undocumented codes).
 */
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { TWILIO_ERRORS, TwilioError } from '../../src/errors/index.js';

const root = new URL('../..', import.meta.url).pathname;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') && !path.endsWith('errors/index.ts') ? [path] : [];
  });
}

test('every registered code is documented in docs/errors.md and used in src/', () => {
  const docs = readFileSync(join(root, 'docs/errors.md'), 'utf8');
  const code = sources(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const key of Object.keys(TWILIO_ERRORS)) {
    assert.ok(new RegExp(`\\| ${key} \\|`).test(docs), `${key} is not documented in docs/errors.md`);
    assert.ok(new RegExp(`\\b${key}\\b`).test(code), `${key} is registered but never used in src/`);
  }
});

test('every code used in a TwilioError is registered (the compiler checks; this catches casts)', () => {
  const code = sources(join(root, 'src')).map((f) => readFileSync(f, 'utf8')).join('\n');
  for (const match of code.matchAll(/new TwilioError\((\d+)/g)) {
    assert.ok(match[1] && match[1] in TWILIO_ERRORS, `code ${match[1]} is not in the registry`);
  }
});

test('a TwilioError serialises to Twilio\'s JSON body', () => {
  const error = new TwilioError(21421, 'PhoneNumber 123 is not a valid phone number.');
  assert.deepEqual(error.toJSON(), { code: 21421, message: 'PhoneNumber 123 is not a valid phone number.', more_info: 'https://www.twilio.com/docs/errors/21421', status: 400 });
  assert.equal(new TwilioError(20003).status, 401);
});
