/** Configuration: flags over environment over defaults, validated once, frozen. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, parseConfig } from '../../src/config/index.js';

test('defaults: 127.0.0.1:3000, ./data, SQLite', () => {
  const config = parseConfig({}, {}, '/srv/app');
  assert.equal(config.host, '127.0.0.1');
  assert.equal(config.port, 3000);
  assert.equal(config.dataDir, '/srv/app/data');
  assert.equal(config.databaseUrl, null);
  assert.equal(config.publicMedia, false, 'media content needs credentials unless asked otherwise');
  assert.equal(parseConfig({}, { DIALTONE_PUBLIC_MEDIA: '1' }).publicMedia, true);
  assert.equal(config.smsCountries, null, 'messages may go to every country unless limited');
  assert.deepEqual(parseConfig({}, { DIALTONE_SMS_COUNTRIES: 'us, CA' }).smsCountries, ['US', 'CA']);
  assert.throws(() => parseConfig({}, { DIALTONE_SMS_COUNTRIES: 'USA' }), ConfigError);
  assert.ok(Object.isFrozen(config));
});

test('flags win over PORT, HOST and DIALTONE_DATA_DIR, which win over defaults', () => {
  const env = { PORT: '4000', HOST: '0.0.0.0', DIALTONE_DATA_DIR: '/var/lib/dialtone' };
  assert.deepEqual([parseConfig({}, env).port, parseConfig({}, env).host, parseConfig({}, env).dataDir], [4000, '0.0.0.0', '/var/lib/dialtone']);
  const flagged = parseConfig({ port: '5000', host: '::1', 'data-dir': '/tmp/x' }, env);
  assert.deepEqual([flagged.port, flagged.host, flagged.dataDir], [5000, '::1', '/tmp/x']);
});

test('DATABASE_URL selects PostgreSQL; anything but postgres:// is refused', () => {
  assert.equal(parseConfig({}, { DATABASE_URL: 'postgres://u@h/db' }).databaseUrl, 'postgres://u@h/db');
  assert.throws(() => parseConfig({}, { DATABASE_URL: 'mysql://u@h/db' }), ConfigError);
});

test('bootstrap credentials must look like Twilio\'s', () => {
  const sid = `AC${'0'.repeat(32)}`;
  assert.deepEqual(parseConfig({}, { DIALTONE_ACCOUNT_SID: sid, DIALTONE_AUTH_TOKEN: 'a'.repeat(32) }).bootstrap, { accountSid: sid, authToken: 'a'.repeat(32) });
  assert.throws(() => parseConfig({}, { DIALTONE_ACCOUNT_SID: 'AC123' }), /32 lowercase hex/);
  assert.throws(() => parseConfig({}, { DIALTONE_AUTH_TOKEN: 'secret' }), /32 lowercase hex/);
});

test('ports and log levels are checked', () => {
  assert.throws(() => parseConfig({ port: '70000' }, {}), ConfigError);
  assert.throws(() => parseConfig({ port: 'http' }, {}), ConfigError);
  assert.throws(() => parseConfig({ 'log-level': 'loud' }, {}), ConfigError);
  assert.equal(parseConfig({ port: '0' }, {}).port, 0);
});
