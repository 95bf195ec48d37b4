/**
 * Twilio's REST conventions: 404 and 405 bodies, unknown parameters ignored, invalid ones refused
 * with the right code, paging parameters checked, and no input ever answered with a 500.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DIALECTS, api, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';

for (const dialect of DIALECTS) {
  describe(`REST conventions (${dialect})`, () => {
    let platform: TestPlatform;
    let creds: [string, string];
    let base: string;
    before(async () => {
      platform = await startTestPlatform(dialect);
      creds = [platform.sid, platform.token];
      base = `/2010-04-01/Accounts/${platform.sid}`;
    });
    after(() => platform.stop());

    test('an unknown resource is a 404 with code 20404 naming the path', async () => {
      const r = await api(platform, 'GET', `${base}/Bogus.json`, creds);
      assert.equal(r.status, 404);
      assert.equal(r.body.code, 20404);
      assert.equal(r.body.message, `The requested resource ${base}/Bogus.json was not found`);
      assert.equal(r.body.more_info, 'https://www.twilio.com/docs/errors/20404');
    });

    test('a known resource with the wrong method is a 405 with code 20004', async () => {
      const r = await api(platform, 'DELETE', `${base}/Applications.json`, creds);
      assert.equal(r.status, 405);
      assert.equal(r.body.code, 20004);
    });

    test('a POST with no body is a form without parameters: the route names what is missing', async () => {
      const cases: Array<[string, number, RegExp]> = [
        [`${base}/Messages.json`, 21604, /To/],
        [`${base}/Calls.json`, 21201, /To/],
        [`${base}/Queues.json`, 20001, /FriendlyName/],
      ];
      for (const [path, code, message] of cases) {
        const r = await api(platform, 'POST', path, creds);
        assert.equal(r.status, 400, path);
        assert.equal(r.body.code, code, path);
        assert.match(String(r.body.message), message, path);
      }
      // An update with nothing in it changes nothing.
      const app = await api(platform, 'POST', `${base}/Applications.json`, creds, { FriendlyName: 'kept' });
      const same = await api(platform, 'POST', `${base}/Applications/${String(app.body.sid)}.json`, creds);
      assert.equal(same.status, 200);
      assert.equal(same.body.friendly_name, 'kept');
    });

    test('unknown parameters are ignored, as Twilio does', async () => {
      const r = await api(platform, 'POST', `${base}/Applications.json`, creds, { FriendlyName: 'x', NotAThing: 'y' });
      assert.equal(r.status, 201);
    });

    test('invalid values are refused with the parameter named', async () => {
      const cases: Array<[string, Record<string, string>, number, RegExp]> = [
        ['Applications.json', { VoiceCallerIdLookup: 'maybe' }, 20001, /VoiceCallerIdLookup must be true or false/],
        ['Applications.json', { SmsMethod: 'PUT' }, 20001, /SmsMethod must be one of: GET, POST/],
        ['Applications.json', { VoiceUrl: 'not a url' }, 21205, /VoiceUrl/],
        ['Applications.json', { FriendlyName: 'x'.repeat(65) }, 20001, /FriendlyName must be at most 64/],
        ['IncomingPhoneNumbers.json', {}, 21421, /PhoneNumber or an AreaCode/],
      ];
      for (const [path, form, code, message] of cases) {
        const r = await api(platform, 'POST', `${base}/${path}`, creds, form);
        assert.equal(r.status, 400, JSON.stringify(form));
        assert.equal(r.body.code, code, JSON.stringify(form));
        assert.match(String(r.body.message), message);
      }
    });

    test('PageSize above 1000 is 1000 (the SDKs ask for a list\'s whole limit); 0, a negative Page and a forged PageToken are refused', async () => {
      for (const size of ['1001', '5000']) {
        const r = await api(platform, 'GET', `${base}/Applications.json?PageSize=${size}`, creds);
        assert.equal(r.status, 200, size);
        assert.equal(r.body.page_size, 1000, size);
        assert.match(String(r.body.uri), /PageSize=1000/);
      }
      for (const query of ['PageSize=0', 'Page=-1', 'PageToken=garbage', 'PageToken=PAbm9wZQ']) {
        const r = await api(platform, 'GET', `${base}/Applications.json?${query}`, creds);
        assert.equal(r.status, 400, query);
        assert.equal(r.body.code, 20001, query);
      }
    });

    test('list bodies follow Twilio\'s paging shape and keep filters in page URIs', async () => {
      for (let i = 0; i < 3; i++) await api(platform, 'POST', `${base}/Applications.json`, creds, { FriendlyName: 'same name' });
      const r = await api(platform, 'GET', `${base}/Applications.json?FriendlyName=same%20name&PageSize=2`, creds);
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body).sort(), ['applications', 'end', 'first_page_uri', 'next_page_uri', 'page', 'page_size', 'previous_page_uri', 'start', 'uri']);
      assert.equal(r.body.page_size, 2);
      assert.equal(r.body.start, 0);
      assert.equal(r.body.end, 1);
      assert.equal(r.body.first_page_uri, `${base}/Applications.json?FriendlyName=same%20name&PageSize=2&Page=0`);
      assert.match(String(r.body.next_page_uri), new RegExp(`^${base}/Applications\\.json\\?FriendlyName=same%20name&PageSize=2&Page=1&PageToken=PA`));
      const next = await api(platform, 'GET', String(r.body.next_page_uri), creds);
      assert.equal((next.body.applications as unknown[]).length, 1);
      assert.equal(next.body.start, 2);
      assert.equal(next.body.next_page_uri, null);
      assert.match(String(next.body.previous_page_uri), /PageToken=PB/);
    });

    test('dates are RFC 2822 with +0000', async () => {
      const r = await api(platform, 'GET', `/2010-04-01/Accounts/${platform.sid}.json`, creds);
      assert.match(String(r.body.date_created), /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
    });

    test('hostile and malformed input never gets a 500', async () => {
      const values = ['', ' ', '\u0000', '%', 'ü'.repeat(300), '+'.repeat(40), '-1', '1e400', '[]', '{"a":1}', "'; drop table accounts; --", 'A'.repeat(5000)];
      const fields = ['FriendlyName', 'PhoneNumber', 'AreaCode', 'VoiceUrl', 'VoiceMethod', 'Status', 'VoiceApplicationSid', 'AccountSid', 'PageSize', 'Contains'];
      const paths = ['Applications.json', 'IncomingPhoneNumbers.json', 'Keys.json', 'AvailablePhoneNumbers/US/Local.json'];
      let requests = 0;
      for (const path of paths) {
        for (const field of fields) {
          for (const value of values) {
            const method = path.startsWith('Available') ? 'GET' : 'POST';
            const url = method === 'GET' ? `${base}/${path}?${new URLSearchParams({ [field]: value })}` : `${base}/${path}`;
            const r = await api(platform, method, url, creds, method === 'POST' ? { [field]: value } : undefined);
            requests++;
            assert.ok(r.status < 500, `${method} ${path} ${field}=${JSON.stringify(value.slice(0, 20))} → ${r.status} ${JSON.stringify(r.body)}`);
            if (r.status >= 400) assert.equal(typeof r.body.code, 'number');
          }
        }
      }
      assert.equal(requests, paths.length * fields.length * values.length);
      const huge = await fetch(`${platform.url}${base}/Applications.json`, {
        method: 'POST', body: `FriendlyName=${'x'.repeat(2 * 1024 * 1024)}`,
        headers: { authorization: `Basic ${Buffer.from(creds.join(':')).toString('base64')}`, 'content-type': 'application/x-www-form-urlencoded' },
      });
      assert.equal(huge.status, 413);
      assert.equal(((await huge.json()) as { code: number }).code, 20001);
    });
  });
}
