/**
 * The official Python SDK (Debian's python3-twilio, from /usr/bin/python3) drives the API,
 * on every dialect: accounts, subaccounts, keys, numbers, applications, pagination and errors;
 * messages, and Twilio's SMS quick start as a Flask app; calls and recordings.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { runPython } from '../support/python.js';

for (const dialect of DIALECTS) {
  describe(`Python twilio SDK (${dialect})`, () => {
    let platform: TestPlatform;
    before(async () => { platform = await startTestPlatform(dialect); });
    after(() => platform.stop());

    test('accounts, keys, numbers, applications, pagination and errors through the Python SDK', async () => {
      const { code, output } = await runPython('foundation.py', { DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token });
      assert.equal(code, 0, output);
      assert.match(output, /all python checks passed/);
      assert.equal(output.match(/^ok - /gm)?.length, 7, output);
    });

    test("messages: send, deliver, list with filters and pages, redact, delete, media (fetch, delete), schedule and cancel, STOP, delivery failures, errors and the test credentials' magic numbers through the Python SDK", async () => {
      const { code, output } = await runPython('messaging.py', {
        DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token,
        DIALTONE_TEST_SID: platform.account.testSid, DIALTONE_TEST_TOKEN: platform.account.testAuthToken,
      });
      assert.equal(code, 0, output);
      assert.match(output, /all python messaging checks passed/);
      assert.equal(output.match(/^ok - /gm)?.length, 10, output);
    });

    test("Twilio's Python SMS quick start (a Flask app, as its docs write it) answers a virtual phone's text; its webhook's signature validates with the SDK's validator", async () => {
      const { code, output } = await runPython('quickstart_sms.py', { DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token });
      assert.equal(code, 0, output);
      assert.match(output, /all python quick start checks passed/);
      assert.equal(output.match(/^ok - /gm)?.length, 3, output);
    });

    test('calls: Twilio\'s quick start says Hello World to a virtual phone; list, fetch, hang up, delete, recordings and errors through the Python SDK', async () => {
      const { code, output } = await runPython('voice.py', { DIALTONE_URL: platform.url, DIALTONE_SID: platform.sid, DIALTONE_TOKEN: platform.token });
      assert.equal(code, 0, output);
      assert.match(output, /all python voice checks passed/);
      assert.equal(output.match(/^ok - /gm)?.length, 7, output);
    });
  });
}
