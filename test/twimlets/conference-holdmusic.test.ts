/**
 * The conference and hold music twimlets over HTTP. Hold music reads a fake S3 bucket listing
 * from a local app server (test/twimlets/fixtures/bucket-listing.xml), and must still answer
 * TwiML, never an error, when the bucket cannot be read.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, describe, test } from 'node:test';
import type { DialConference } from '../../src/twiml/index.js';
import { BucketReader, parseListing } from '../../src/twimlets/bucket.js';
import { bucketLocation } from '../../src/twimlets/holdmusic.js';
import { twimletPath } from '../../src/twimlets/index.js';
import { startAppServer, xml } from '../support/app-server.js';
import type { AppServer } from '../support/app-server.js';
import { startTestPlatform } from '../support/platform.js';
import type { TestPlatform } from '../support/platform.js';
import { fetchTwiml, queryOf, requestTwimlet, verbAt, verbNames } from './client.js';
import type { VoiceResponse } from '../../src/twiml/index.js';

const CALL = { CallSid: `CA${'6'.repeat(32)}`, From: '+19165550123', To: '+14155550199', Caller: '+19165550123', CallStatus: 'in-progress' };
const LISTING = readFileSync(new URL('./fixtures/bucket-listing.xml', import.meta.url), 'utf8');

function conferenceOf(doc: VoiceResponse): DialConference {
  const noun = verbAt(doc, doc.verbs.length - 1, 'Dial').nouns[0];
  assert.ok(noun?.noun === 'Conference');
  return noun;
}

describe('conference twimlet', () => {
  let platform: TestPlatform;
  before(async () => { platform = await startTestPlatform('sqlite'); });
  after(async () => { await platform.stop(); });

  test('Name=foo says the default message and joins room foo', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/conference?Name=foo', CALL);
    assert.deepEqual(verbNames(doc), ['Say', 'Dial']);
    assert.equal(verbAt(doc, 0, 'Say').text, 'You are now entering the conference line.');
    const room = conferenceOf(doc);
    assert.equal(room.name, 'foo');
    assert.equal(room.startConferenceOnEnter, true);
    assert.equal(room.waitUrl, null);
  });

  test('a Password is asked for first, with at least 3 digits, and the right one lets the caller in', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/conference?Name=foo&Password=12345', CALL);
    assert.deepEqual(verbNames(doc), ['Gather', 'Redirect']);
    const gather = verbAt(doc, 0, 'Gather');
    assert.equal(gather.numDigits, 5);
    assert.equal(gather.children[0]?.verb === 'Say' ? gather.children[0].text : null, 'Please enter your conference pass code');
    const wrong = await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '54321' });
    assert.deepEqual(verbNames(wrong), ['Gather', 'Redirect']);
    assert.equal(conferenceOf(await fetchTwiml(platform, gather.action ?? '', { ...CALL, Digits: '12345' })).name, 'foo');
    assert.equal(verbAt(await fetchTwiml(platform, '/twimlets/conference?Password=12'), 0, 'Gather').numDigits, 3);
  });

  test('without a Name the room is keyed off Message and Moderators, as twimlets.com did', async () => {
    assert.equal(conferenceOf(await fetchTwiml(platform, '/twimlets/conference', CALL)).name, 'd41d8cd98f00b204e9800998ecf8427e');
    const moderated = await fetchTwiml(platform, '/twimlets/conference?Moderators[0]=415-555-1212&Moderators[1]=555-867-5309', CALL);
    const room = conferenceOf(moderated);
    assert.equal(room.name, 'a5b8b5b4fa69de6fb8dad5cbf3545d9f');
    assert.equal(room.startConferenceOnEnter, false, 'a caller who is not a moderator waits');
    const moderator = conferenceOf(await fetchTwiml(platform, '/twimlets/conference?Moderators[0]=415-555-1212&Moderators[1]=555-867-5309', { ...CALL, From: '+14155551212' }));
    assert.equal(moderator.startConferenceOnEnter, true);
  });

  test('Music picks a genre\'s hold music twimlet (served by Dialtone) or a URL; Message is said or played', async () => {
    const rock = conferenceOf(await fetchTwiml(platform, '/twimlets/conference?Music=rock&Name=foo'));
    assert.equal(rock.waitUrl, 'http://twimlets.com/holdmusic?Bucket=com.twilio.music.rock');
    assert.equal(rock.waitMethod, 'GET');
    assert.equal(twimletPath(rock.waitUrl), '/twimlets/holdmusic?Bucket=com.twilio.music.rock');
    const own = await fetchTwiml(platform, '/twimlets/conference?Music=https://app.example/hold.mp3&Message=https://app.example/welcome.mp3&Name=foo');
    assert.equal(conferenceOf(own).waitUrl, 'https://app.example/hold.mp3');
    assert.equal(verbAt(own, 0, 'Play').url, 'https://app.example/welcome.mp3');
    assert.equal(conferenceOf(await fetchTwiml(platform, '/twimlets/conference?Music=polka&Name=foo')).waitUrl, null);
  });

  test('EnableSmsNotifications texts the moderators when someone else joins', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/conference?Moderators[0]=415-555-1212&Moderators[1]=555-867-5309&EnableSmsNotifications=true', CALL);
    assert.deepEqual(verbNames(doc), ['Message', 'Message', 'Say', 'Dial']);
    const text = verbAt(doc, 0, 'Message');
    assert.equal(text.to, '415-555-1212');
    assert.equal(text.body, '+19165550123 has entered your conference.  Call the number this text came from to join.');
  });
});

describe('holdmusic twimlet', () => {
  let platform: TestPlatform;
  let bucket: AppServer;
  before(async () => {
    platform = await startTestPlatform('sqlite');
    bucket = await startAppServer();
    bucket.route('/', xml(LISTING, 200, 'application/xml'));
    bucket.route('/music', xml(LISTING, 200, 'application/xml'));
    bucket.route('/missing', xml('<Error><Code>NoSuchBucket</Code></Error>', 404, 'application/xml'));
    bucket.route('/html', xml('<html><body>not a bucket</body></html>', 200, 'text/html'));
    bucket.route('/slow', (_req, res) => { setTimeout(() => { res.writeHead(200); res.end(LISTING); }, 1500); });
    bucket.route('/huge', xml(`<ListBucketResult>${'<Contents><Key>x.mp3</Key></Contents>'.repeat(70_000)}</ListBucketResult>`, 200, 'application/xml'));
  });
  after(async () => {
    await bucket.close();
    await platform.stop();
  });

  test('the bucket\'s mp3, wav and ul files are played, shuffled, then the twimlet loops to itself', async () => {
    const doc = await fetchTwiml(platform, `/twimlets/holdmusic?Bucket=${encodeURIComponent(`${bucket.origin}/`)}`);
    assert.deepEqual(verbNames(doc), ['Play', 'Play', 'Play', 'Redirect']);
    const played = doc.verbs.flatMap((v) => (v.verb === 'Play' && v.url !== null ? [v.url] : [])).sort();
    assert.deepEqual(played, [`${bucket.origin}/Long%20Winter.wav`, `${bucket.origin}/Pitx_-_A_Thought.mp3`, `${bucket.origin}/loops/ambient.ul`]);
    const loop = verbAt(doc, 3, 'Redirect');
    assert.equal(loop.url, `/twimlets/holdmusic?Bucket=${encodeURIComponent(`${bucket.origin}/`)}`);
    const again = await fetchTwiml(platform, `${loop.url}&${new URLSearchParams(CALL).toString()}`);
    assert.equal(verbAt(again, 3, 'Redirect').url, loop.url, 'the loop URL does not grow when Twilio GETs it');
  });

  test('a Message is said between the tracks; tracks play relative to a bucket URL\'s path', async () => {
    const doc = await fetchTwiml(platform, `/twimlets/holdmusic?Message=Please%20hold%20the%20line&Bucket=${encodeURIComponent(`${bucket.origin}/music`)}`, CALL);
    assert.deepEqual(verbNames(doc), ['Play', 'Say', 'Play', 'Say', 'Play', 'Say', 'Redirect']);
    assert.equal(verbAt(doc, 1, 'Say').text, 'Please hold the line');
    assert.ok(doc.verbs.every((v) => v.verb !== 'Play' || v.url?.startsWith(`${bucket.origin}/music/`)));
  });

  test('an unreachable, missing or non-listing bucket says the message, pauses and tries again', async () => {
    for (const url of ['http://127.0.0.1:1/', `${bucket.origin}/missing`, `${bucket.origin}/html`, 'not a bucket!']) {
      const path = `/twimlets/holdmusic?Message=Please%20hold&Bucket=${encodeURIComponent(url)}`;
      const doc = await fetchTwiml(platform, path);
      assert.deepEqual(verbNames(doc), ['Say', 'Pause', 'Redirect'], url);
      assert.equal(verbAt(doc, 0, 'Say').text, 'Please hold');
      assert.equal(verbAt(doc, 1, 'Pause').length, 15);
      const loop = verbAt(doc, 2, 'Redirect').url;
      assert.ok(loop.startsWith('/twimlets/holdmusic?'));
      assert.deepEqual([...queryOf(loop)], [...queryOf(path)]);
    }
    const silent = await fetchTwiml(platform, '/twimlets/holdmusic?Bucket=http://127.0.0.1:1/', CALL);
    assert.equal(verbAt(silent, 0, 'Say').text, 'Failed to fetch the hold music.');
  });

  test('a key is always played from the bucket\'s own host', async () => {
    bucket.route('/tricky/', xml('<ListBucketResult><Contents><Key>//elsewhere.example/intro.mp3</Key></Contents></ListBucketResult>', 200, 'application/xml'));
    const doc = await fetchTwiml(platform, `/twimlets/holdmusic?Bucket=${encodeURIComponent(`${bucket.origin}/tricky/`)}`);
    assert.equal(verbAt(doc, 0, 'Play').url, `${bucket.origin}/tricky///elsewhere.example/intro.mp3`);
  });

  test('no Bucket says that one is required', async () => {
    const doc = await fetchTwiml(platform, '/twimlets/holdmusic');
    assert.deepEqual(verbNames(doc), ['Say']);
    assert.equal(verbAt(doc, 0, 'Say').text, 'An S 3 bucket is required.');
  });

  test('a bucket name is listed on S3, as twimlets.com did', () => {
    assert.equal(bucketLocation('com.twilio.music.classical')?.listing.href, 'http://com.twilio.music.classical.s3.amazonaws.com/');
    assert.equal(bucketLocation('Not_A_Bucket'), null);
  });

  test('the listing is bounded in time and size, and must be a ListBucketResult without a DOCTYPE', async () => {
    const reader = new BucketReader({ timeoutMs: 300 });
    try {
      assert.equal(await reader.keys(new URL(`${bucket.origin}/slow`)), null);
      assert.equal(await reader.keys(new URL(`${bucket.origin}/huge`)), null);
      assert.equal((await reader.keys(new URL(`${bucket.origin}/`)))?.length, 5);
    } finally {
      await reader.close();
    }
    const guarded = new BucketReader({ refusePrivateAddresses: true });
    try {
      assert.equal(await guarded.keys(new URL(`${bucket.origin}/`)), null, 'a loopback bucket is refused in production mode');
    } finally {
      await guarded.close();
    }
    assert.equal(parseListing('<!DOCTYPE x [<!ENTITY a "b">]><ListBucketResult/>'), null);
    assert.equal(parseListing('<Error><Code>AccessDenied</Code></Error>'), null);
    assert.equal(parseListing('not xml'), null);
  });

  test('a very large bucket is cut to fit Twilio\'s 64 kB TwiML limit', async () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `<Contents><Key>${'track-'.repeat(30)}${i}.mp3</Key></Contents>`).join('');
    bucket.route('/large', xml(`<ListBucketResult>${keys}</ListBucketResult>`, 200, 'application/xml'));
    const answer = await requestTwimlet(platform, `/twimlets/holdmusic?Bucket=${encodeURIComponent(`${bucket.origin}/large`)}&Message=${'hold on '.repeat(400)}`);
    assert.equal(answer.status, 200);
    assert.ok(Buffer.byteLength(answer.text) <= 64 * 1024);
    const doc = await fetchTwiml(platform, `/twimlets/holdmusic?Bucket=${encodeURIComponent(`${bucket.origin}/large`)}`);
    assert.ok(verbNames(doc).length > 10);
  });
});
