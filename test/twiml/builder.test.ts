// The builder writes TwiML that the parser reads back as exactly the tree the builder built,
// escaping text and attributes, and leaving Twilio's defaults unwritten.
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import { messagingResponse, parseTwiml, serializeTwiml, voiceResponse, type VoiceResponse } from '../../src/twiml/index.js';

function roundTrips(xml: string, tree: VoiceResponse): void {
  const result = parseTwiml(xml, { kind: 'voice' });
  assert.ok(result.ok, JSON.stringify(result.ok ? [] : result.errors));
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(result.document, tree);
}

describe('the TwiML builder', () => {
  test('writes the documented IVR example and it reads back as the same tree', () => {
    const b = voiceResponse()
      .say('Hello', { voice: 'alice' })
      .gather({ numDigits: 1, action: '/menu' }, (g) => g.say('Press 1'))
      .say('We did not receive any input. Goodbye!');
    assert.equal(b.toString(), '<?xml version="1.0" encoding="UTF-8"?><Response><Say voice="alice">Hello</Say>'
      + '<Gather action="/menu" numDigits="1"><Say>Press 1</Say></Gather><Say>We did not receive any input. Goodbye!</Say></Response>');
    roundTrips(b.toString(), b.build());
  });

  test('writes an empty document as <Response/>, which Twilio accepts', () => {
    assert.equal(voiceResponse().toString(), '<?xml version="1.0" encoding="UTF-8"?><Response/>');
    assert.equal(messagingResponse().toString(), '<?xml version="1.0" encoding="UTF-8"?><Response/>');
  });

  test('leaves attributes at Twilio\'s default unwritten, as the helper libraries do', () => {
    const xml = voiceResponse().gather({ timeout: 5, finishOnKey: '#', method: 'POST', input: ['dtmf'] }).toString();
    assert.equal(xml, '<?xml version="1.0" encoding="UTF-8"?><Response><Gather/></Response>');
  });

  test('escapes &, <, >, quotes and line breaks in text and attributes', () => {
    const tricky = 'Tom & Jerry <say> "hi" \'there\'\r\nnext\tline ]]>';
    const b = voiceResponse()
      .redirect(`/next?a=1&b=${encodeURIComponent(tricky)}`)
      .dial({}, (d) => d.client('alice', { parameters: { note: tricky, empty: '' } }))
      .sms(tricky)
      .message(tricky, { media: ['https://example.com/a.png?x=1&y=2'] });
    const xml = b.toString();
    assert.ok(!xml.includes('& '), 'a bare & was written');
    roundTrips(xml, b.build());
    const client = b.build().verbs[1];
    assert.ok(client?.verb === 'Dial' && client.nouns[0]?.noun === 'Client');
    assert.equal(client.nouns[0].parameters[0]?.value, tricky);
  });

  test('replaces characters XML cannot carry with U+FFFD instead of writing a broken document', () => {
    const xml = voiceResponse().say('bell\u0007 and lone \uD800 surrogate').toString();
    const result = parseTwiml(xml, { kind: 'voice' });
    assert.ok(result.ok);
    assert.deepEqual(result.document.verbs[0], { verb: 'Say', voice: 'man', language: 'en-US', loop: 1, text: 'bell\uFFFD and lone \uFFFD surrogate', ssml: null });
  });

  test('reads text as the parser does: Say collapses whitespace; names and URLs are trimmed', () => {
    const b = voiceResponse().say('  Hello\n   there  ').enqueue(' support ').redirect(' /next ', { method: 'GET' });
    assert.deepEqual(b.build().verbs.map((v) => ('text' in v ? v.text : 'name' in v ? v.name : 'url' in v ? v.url : '')), ['Hello there', 'support', '/next']);
    roundTrips(b.toString(), b.build());
  });

  test('writes a <Dial> of one plain number as <Dial>number</Dial>, and nouns otherwise', () => {
    assert.match(voiceResponse().dial('+14155551212').toString(), /<Dial>\+14155551212<\/Dial>/);
    assert.match(voiceResponse().dial({}, (d) => d.number('+14155551212', { sendDigits: '1' })).toString(), /<Dial><Number sendDigits="1">/);
  });

  test('builds every voice verb so that it reads back unchanged', () => {
    const b = voiceResponse()
      .say(['Hi ', { tag: 'break', strength: 'weak', time: null }, { tag: 'prosody', pitch: null, rate: 'fast', volume: null, content: ['quick  ', { tag: 'emphasis', level: null, content: ['words'] }] }])
      .play('https://example.com/a.mp3', { loop: 2 }).play({ digits: '1w2' }).pause({ length: 3 })
      .gather({ input: ['speech'], speechTimeout: 'auto', hints: 'a, b' }, (g) => g.play('https://example.com/b.mp3').pause())
      .dial({ record: 'record-from-ringing', recordingStatusCallbackEvent: ['absent', 'completed'] }, (d) => d.sip('sip:a@b.c').number('(415) 555-1212'))
      .dial({ timeout: 600 }, (d) => d.conference('room', { beep: false, statusCallbackEvent: ['join', 'leave'] }))
      .dial({}, (d) => d.queue('support', { url: '/whisper' }))
      .record({ finishOnKey: '', maxLength: 86400 }).enqueue('q', { waitUrl: '/hold' }).leave().hangup({ reason: 'done' })
      .redirect('/r').reject({ reason: 'rejected' }, { why: 'spam' }).sms('hey', { from: '+15005550006' })
      .message('', { media: ['https://example.com/m.png'] }).refer('sip:transfer@example.com')
      .connect({ url: 'wss://example.com/s', track: 'inbound_track' }).start([{ url: 'wss://a/1' }, { url: 'wss://a/2', name: 'two' }])
      .stop({ name: 'two' }).echo();
    roundTrips(b.toString(), b.build());
  });

  test('builds messaging replies that read back unchanged', () => {
    const b = messagingResponse().message('Thanks!\nSee you', { to: '+14155551212', statusCallback: '/cb' }).message('', { media: ['https://a/1.png'] }).redirect('/sms', { method: 'GET' });
    const result = parseTwiml(b.toString(), { kind: 'messaging' });
    assert.ok(result.ok);
    assert.deepEqual(result.document, b.build());
  });

  test('serializeTwiml writes any parsed document back to one that parses the same', () => {
    const xml = '<Response><Gather numDigits="2" input="dtmf speech"><Say voice="alice"><emphasis>Hi</emphasis> there</Say></Gather><Dial callerId="+15005550006"><Client>bob</Client></Dial></Response>';
    const first = parseTwiml(xml, { kind: 'voice' });
    assert.ok(first.ok);
    roundTrips(serializeTwiml(first.document), first.document);
  });
});
