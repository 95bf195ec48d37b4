/**
 * The message and echo twimlets over HTTP, and what every twimlet shares: public access, GET and
 * POST, PHP's array spellings, bounded input, and the twimlets.com URLs the engine rewrites.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_TWIML_BYTES } from '../../src/twiml/index.js';
import { TWIMLET_NAMES, twimletPath } from '../../src/twimlets/index.js';
import { basic, startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { fetchTwiml, requestTwimlet, verbAt, verbNames } from './client.js';

describe('message twimlet', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  test('Message[0]=Hello World says it (the URL from Twilio\'s calls.create examples)', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/message?Message%5B0%5D=Hello%20World');
    assert.equal(verbAt(doc, 0, 'Say').text, 'Hello World');
    assert.equal(doc.verbs.length, 1);
  });

  test('each item is said, or played when it is an http(s) URL, in the order written', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/message?Message[0]=Message%20one&Message[1]=https://example.com/message-two.mp3&Message[2]=Message%20three');
    assert.deepEqual(verbNames(doc), ['Say', 'Play', 'Say']);
    assert.equal(verbAt(doc, 1, 'Play').url, 'https://example.com/message-two.mp3');
    assert.equal(verbAt(doc, 2, 'Say').text, 'Message three');
  });

  test('a bare Message, repeated Message[], and %5B%5D spellings are all read', async () => {
    assert.equal(verbAt(await fetchTwiml(platform, '/twimlets/message?Message=Single+message'), 0, 'Say').text, 'Single message');
    const repeated = await fetchTwiml(platform, '/twimlets/message?Message[]=one&Message%5B%5D=two&Message[]=three');
    assert.deepEqual(repeated.verbs.map((v) => (v.verb === 'Say' ? v.text : v.verb)), ['one', 'two', 'three']);
  });

  test('POST reads the form body, and the body wins over the query string (PHP\'s $_REQUEST)', async () => {
    const posted = await fetchTwiml(platform, '/twimlets/message', { 'Message[0]': 'from the body', CallSid: `CA${'1'.repeat(32)}` });
    assert.equal(verbAt(posted, 0, 'Say').text, 'from the body');
    const both = await fetchTwiml(platform, '/twimlets/message?Message=query', { Message: 'body' });
    assert.equal(verbAt(both, 0, 'Say').text, 'body');
  });

  test('no message, or only blank ones, is an empty <Response/>', async () => {
    assert.deepEqual(verbNames(await fetchTwiml(platform, '/twimlets/message')), []);
    assert.deepEqual(verbNames(await fetchTwiml(platform, '/twimlets/message?Message[0]=%20&Message[1]=')), []);
  });

  test('text that merely starts with "http" is said, not played', async () => {
    assert.equal(verbAt(await fetchTwiml(platform, '/twimlets/message?Message=http%20is%20down'), 0, 'Say').text, 'http is down');
  });

  test('twimlets are public: no credentials, or wrong ones, still get TwiML', async () => {
    const answer = await requestTwimlet(platform, '/twimlets/message?Message=hi', undefined, { authorization: basic('ACnobody', 'wrong') });
    assert.equal(answer.status, 200);
    const api = await fetch(`${platform.url}/2010-04-01/Accounts/${platform.sid}.json`);
    assert.equal(api.status, 401, 'the REST API still needs credentials');
  });

  test('every twimlet answers both GET and POST', async () => {
    for (const name of TWIMLET_NAMES) {
      for (const form of [undefined, { CallSid: `CA${'2'.repeat(32)}` }]) {
        const answer = await requestTwimlet(platform, `/twimlets/${name}?Message=hi&Twiml=%3CResponse%2F%3E&Bucket=http://127.0.0.1:1/`, form);
        assert.equal(answer.status, 200, `${name}: ${answer.text}`);
        assert.match(answer.contentType ?? '', /^text\/xml\b/);
      }
    }
  });

  test('input is bounded: too many parameters or too long a value is a 400 in plain text', async () => {
    const many = Array.from({ length: 300 }, (_, i) => `Message[${i}]=x`).join('&');
    const tooMany = await requestTwimlet(platform, `/twimlets/message?${many}`);
    assert.equal(tooMany.status, 400);
    assert.match(tooMany.contentType ?? '', /^text\/plain/);
    const long = await requestTwimlet(platform, '/twimlets/message', { Message: 'x'.repeat(5000) });
    assert.equal(long.status, 400);
    const inherited = await requestTwimlet(platform, '/twimlets/message', { constructor: 'x'.repeat(5000) });
    assert.equal(inherited.status, 400, 'a name like "constructor" is bounded too');
    const longName = await requestTwimlet(platform, `/twimlets/message?${'M'.repeat(200)}=x`);
    assert.equal(longName.status, 400);
  });
});

describe('echo twimlet', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  test('Twiml is returned verbatim as text/xml', async () => {
    const twiml = '<?xml version="1.0"?>\n<Response>\n  <Say>echo okay</Say>\n</Response>\n';
    const answer = await requestTwimlet(platform, `/twimlets/echo?Twiml=${encodeURIComponent(twiml)}`);
    assert.equal(answer.status, 200);
    assert.match(answer.contentType ?? '', /^text\/xml\b/);
    assert.equal(answer.text, twiml);
    assert.equal(verbAt(await fetchTwiml(platform, '/twimlets/echo', { Twiml: twiml }), 0, 'Say').text, 'echo okay');
  });

  test('invalid TwiML is returned anyway, for the engine to report', async () => {
    const answer = await requestTwimlet(platform, '/twimlets/echo', { Twiml: '<Response><Dance/></Response>' });
    assert.equal(answer.status, 200);
    assert.equal(answer.text, '<Response><Dance/></Response>');
  });

  test('Twiml up to 64 kB is echoed; a larger one is refused with a 413', async () => {
    const fits = `<Response><Say>${'a'.repeat(MAX_TWIML_BYTES - 32)}</Say></Response>`;
    assert.equal(Buffer.byteLength(fits), MAX_TWIML_BYTES);
    const echoed = await requestTwimlet(platform, '/twimlets/echo', { Twiml: fits });
    assert.equal(echoed.status, 200);
    assert.ok(echoed.text === fits, 'echoed byte for byte');
    const over = await requestTwimlet(platform, '/twimlets/echo', { Twiml: `<Response><Say>${'a'.repeat(MAX_TWIML_BYTES)}</Say></Response>` });
    assert.equal(over.status, 413);
  });
});

describe('twimletPath', () => {
  test('a twimlets.com URL becomes the Dialtone path, query kept as written', () => {
    assert.equal(twimletPath('http://twimlets.com/message?Message%5B0%5D=Hello%20World'), '/twimlets/message?Message%5B0%5D=Hello%20World');
    assert.equal(twimletPath('https://www.twimlets.com/forward?PhoneNumber=415-555-1212'), '/twimlets/forward?PhoneNumber=415-555-1212');
    assert.equal(twimletPath('http://TWIMLETS.com/holdmusic?Bucket=com.twilio.music.rock'), '/twimlets/holdmusic?Bucket=com.twilio.music.rock');
    assert.equal(twimletPath('http://twimlets.com/voicemail'), '/twimlets/voicemail');
  });

  test('other hosts, schemes, ports and twimlets Dialtone does not serve are null', () => {
    for (const url of ['https://example.com/message?Message=hi', 'ftp://twimlets.com/message', 'http://twimlets.com:8080/message',
      'http://evil.twimlets.com.example/message', 'http://twimlets.com/callme', 'http://twimlets.com/', 'not a url', 'http://twimlets.com/message/extra']) {
      assert.equal(twimletPath(url), null, url);
    }
  });
});
