// Twilio's own helper library (the `twilio` npm package) is an independent writer of TwiML: for
// every verb, what its VoiceResponse / MessagingResponse writes must parse to the tree Dialtone's
// builder makes from the same intent (and Dialtone's builder output must parse to it too).
import { test, describe } from 'node:test';
import assert from 'node:assert/strict';
import twilio from 'twilio';
import {
  messagingResponse, parseTwiml, voiceResponse, type MessagingResponseBuilder, type VoiceResponseBuilder,
} from '../../src/twiml/index.js';

const { VoiceResponse, MessagingResponse } = twilio.twiml;
type TwilioVoice = InstanceType<typeof VoiceResponse>;
type TwilioMessaging = InstanceType<typeof MessagingResponse>;

interface VoiceCase {
  name: string;
  sdk: (r: TwilioVoice) => void;
  ours: (r: VoiceResponseBuilder) => void;
}

function parsesToOurs(sdkXml: string, ours: VoiceResponseBuilder | MessagingResponseBuilder, kind: 'voice' | 'messaging'): void {
  const fromSdk = parseTwiml(sdkXml, { kind });
  assert.ok(fromSdk.ok, `the SDK's document should parse: ${sdkXml}\n${JSON.stringify(fromSdk.ok ? [] : fromSdk.errors, null, 2)}`);
  assert.deepEqual(fromSdk.warnings, []);
  assert.deepEqual(fromSdk.document, ours.build());
  const fromOurs = parseTwiml(ours.toString(), { kind });
  assert.ok(fromOurs.ok);
  assert.deepEqual(fromOurs.document, ours.build());
}

const VOICE_CASES: VoiceCase[] = [
  {
    name: '<Say> with voice, language and loop',
    sdk: (r) => r.say({ voice: 'Polly.Joanna', language: 'en-GB', loop: 3 }, 'Hello & welcome <friend>'),
    ours: (r) => r.say('Hello & welcome <friend>', { voice: 'Polly.Joanna', language: 'en-GB', loop: 3 }),
  },
  {
    name: '<Say> with every SSML element',
    sdk: (r) => {
      const say = r.say('Hi');
      say.break({ strength: 'x-weak', time: '100ms' });
      say.emphasis({ level: 'strong' }, 'Words');
      say.lang({ 'xml:lang': 'fr-FR' }, 'Bonjour');
      say.p('A paragraph');
      say.phoneme({ alphabet: 'ipa', ph: 'pɪˈkɑːn' }, 'pecan');
      say.prosody({ pitch: '+10%', rate: 'slow', volume: 'loud' }, 'Slowly');
      say.s('A sentence');
      say.sayAs({ 'interpret-as': 'spell-out' }, 'abc');
      say.sub({ alias: 'World Wide Web Consortium' }, 'W3C');
      say.w({ role: 'amazon:VB' }, 'read');
    },
    ours: (r) => r.say(['Hi', { tag: 'break', strength: 'x-weak', time: '100ms' }, { tag: 'emphasis', level: 'strong', content: ['Words'] },
      { tag: 'lang', xmlLang: 'fr-FR', content: ['Bonjour'] }, { tag: 'p', content: ['A paragraph'] },
      { tag: 'phoneme', alphabet: 'ipa', ph: 'pɪˈkɑːn', content: ['pecan'] },
      { tag: 'prosody', pitch: '+10%', rate: 'slow', volume: 'loud', content: ['Slowly'] }, { tag: 's', content: ['A sentence'] },
      { tag: 'say-as', interpretAs: 'spell-out', format: null, content: ['abc'] },
      { tag: 'sub', alias: 'World Wide Web Consortium', content: ['W3C'] }, { tag: 'w', role: 'amazon:VB', content: ['read'] }]),
  },
  {
    name: '<Play> a URL in a loop, and <Play digits>',
    sdk: (r) => {
      r.play({ loop: 0 }, 'https://api.twilio.com/cowbell.mp3');
      r.play({ digits: 'wwww3' });
    },
    ours: (r) => r.play('https://api.twilio.com/cowbell.mp3', { loop: 0 }).play({ digits: 'wwww3' }),
  },
  {
    name: '<Pause length>',
    sdk: (r) => r.pause({ length: 10 }),
    ours: (r) => r.pause({ length: 10 }),
  },
  {
    name: '<Gather> with its attributes and nested <Say>, <Play> and <Pause>',
    sdk: (r) => {
      const g = r.gather({
        input: ['dtmf', 'speech'], action: '/gather?step=1&lang=en', method: 'GET', timeout: 3, numDigits: 4, finishOnKey: '*',
        speechTimeout: 'auto', speechModel: 'phone_call', hints: 'yes, no', language: 'es-MX', profanityFilter: false,
        partialResultCallback: '/partial', partialResultCallbackMethod: 'GET', actionOnEmptyResult: true, enhanced: true,
        bargeIn: false, debug: true, maxSpeechTime: 20,
      });
      g.say('Press 1');
      g.play('https://example.com/menu.mp3');
      g.pause({ length: 2 });
    },
    ours: (r) => r.gather({
      input: ['dtmf', 'speech'], action: '/gather?step=1&lang=en', method: 'GET', timeout: 3, numDigits: 4, finishOnKey: '*',
      speechTimeout: 'auto', speechModel: 'phone_call', hints: 'yes, no', language: 'es-MX', profanityFilter: false,
      partialResultCallback: '/partial', partialResultCallbackMethod: 'GET', actionOnEmptyResult: true, enhanced: true,
      bargeIn: false, debug: true, maxSpeechTime: 20,
    }, (g) => g.say('Press 1').play('https://example.com/menu.mp3').pause({ length: 2 })),
  },
  {
    name: '<Dial> a bare number, with attributes',
    sdk: (r) => r.dial({ action: '/dialed', timeout: 20, timeLimit: 600, callerId: '+15005550006', hangupOnStar: true, answerOnBridge: true, record: 'record-from-answer-dual', trim: 'trim-silence', ringTone: 'de', recordingStatusCallbackEvent: ['in-progress', 'completed'] }, '415-123-4567'),
    ours: (r) => r.dial('415-123-4567', { action: '/dialed', timeout: 20, timeLimit: 600, callerId: '+15005550006', hangupOnStar: true, answerOnBridge: true, record: 'record-from-answer-dual', trim: 'trim-silence', ringTone: 'de', recordingStatusCallbackEvent: ['in-progress', 'completed'] }),
  },
  {
    name: '<Dial> <Number>, <Client> with <Identity> and <Parameter>, and <Sip>',
    sdk: (r) => {
      const d = r.dial();
      d.number({ sendDigits: 'ww1234#', statusCallbackEvent: ['initiated', 'answered'], statusCallback: '/status', machineDetection: 'Enable' }, '+14155551212');
      const c = d.client({ url: '/whisper' });
      c.identity('alice');
      c.parameter({ name: 'ticket', value: '42' });
      d.sip({ username: 'admin', password: 'secret' }, 'sip:bob@example.com');
    },
    ours: (r) => r.dial({}, (d) => d
      .number('+14155551212', { sendDigits: 'ww1234#', statusCallbackEvent: ['initiated', 'answered'], statusCallback: '/status', machineDetection: 'Enable' })
      .client('alice', { url: '/whisper', parameters: { ticket: '42' } })
      .sip('sip:bob@example.com', { username: 'admin', password: 'secret' })),
  },
  {
    name: '<Dial><Conference> with its attributes',
    sdk: (r) => r.dial().conference({
      muted: true, beep: 'onEnter', startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '', maxParticipants: 12,
      record: 'record-from-start', statusCallbackEvent: ['start', 'end', 'join'], statusCallback: '/conf', jitterBufferSize: 'off', region: 'de1',
    }, 'Room 1234'),
    ours: (r) => r.dial({}, (d) => d.conference('Room 1234', {
      muted: true, beep: 'onEnter', startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '', maxParticipants: 12,
      record: 'record-from-start', statusCallbackEvent: ['start', 'end', 'join'], statusCallback: '/conf', jitterBufferSize: 'off', region: 'de1',
    })),
  },
  {
    name: '<Dial><Queue>',
    sdk: (r) => r.dial().queue({ url: '/about_to_connect', method: 'GET' }, 'support'),
    ours: (r) => r.dial({}, (d) => d.queue('support', { url: '/about_to_connect', method: 'GET' })),
  },
  {
    name: '<Record> with its attributes',
    sdk: (r) => r.record({ action: '/recorded', timeout: 10, finishOnKey: '*#', maxLength: 30, playBeep: false, trim: 'do-not-trim', transcribe: true, transcribeCallback: '/transcribed', recordingStatusCallbackEvent: ['absent'] }),
    ours: (r) => r.record({ action: '/recorded', timeout: 10, finishOnKey: '*#', maxLength: 30, playBeep: false, trim: 'do-not-trim', transcribe: true, transcribeCallback: '/transcribed', recordingStatusCallbackEvent: ['absent'] }),
  },
  {
    name: '<Enqueue> with waitUrl, and <Leave>',
    sdk: (r) => {
      r.enqueue({ waitUrl: '/wait', waitUrlMethod: 'GET', action: '/left', maxQueueSize: 20 }, 'support');
      r.leave();
    },
    ours: (r) => r.enqueue('support', { waitUrl: '/wait', waitUrlMethod: 'GET', action: '/left', maxQueueSize: 20 }).leave(),
  },
  {
    name: '<Hangup> and <Echo>',
    sdk: (r) => {
      r.echo();
      r.hangup();
    },
    ours: (r) => r.echo().hangup(),
  },
  {
    name: '<Redirect method="GET">',
    sdk: (r) => r.redirect({ method: 'GET' }, 'https://example.com/next?x=1&y=2'),
    ours: (r) => r.redirect('https://example.com/next?x=1&y=2', { method: 'GET' }),
  },
  {
    name: '<Reject reason="busy">',
    sdk: (r) => r.reject({ reason: 'busy' }),
    ours: (r) => r.reject({ reason: 'busy' }),
  },
  {
    name: '<Sms> during a call',
    sdk: (r) => r.sms({ to: '+14155551212', from: '+15017122661', action: '/sms', statusCallback: '/sms-status' }, 'Store Location: 123 Easy St.'),
    ours: (r) => r.sms('Store Location: 123 Easy St.', { to: '+14155551212', from: '+15017122661', action: '/sms', statusCallback: '/sms-status' }),
  },
  {
    name: '<Refer><Sip>',
    sdk: (r) => r.refer({ action: '/referred' }).sip('sip:alice@example.com'),
    ours: (r) => r.refer('sip:alice@example.com', { action: '/referred' }),
  },
  {
    name: '<Connect><Stream> with a <Parameter>',
    sdk: (r) => r.connect({ action: '/after' }).stream({ url: 'wss://example.com/audio', name: 'bot' }).parameter({ name: 'caller', value: 'Jane' }),
    ours: (r) => r.connect({ url: 'wss://example.com/audio', name: 'bot', parameters: { caller: 'Jane' } }, { action: '/after' }),
  },
  {
    name: '<Start><Stream> and <Stop><Stream>',
    sdk: (r) => {
      r.start().stream({ url: 'wss://example.com/fork', name: 'fork', track: 'both_tracks', statusCallback: '/stream', statusCallbackMethod: 'GET' });
      r.stop().stream({ name: 'fork' });
    },
    ours: (r) => r
      .start({ url: 'wss://example.com/fork', name: 'fork', track: 'both_tracks', statusCallback: '/stream', statusCallbackMethod: 'GET' })
      .stop({ name: 'fork' }),
  },
];

describe('TwiML written by the official twilio VoiceResponse parses to the same tree as Dialtone\'s builder', () => {
  for (const c of VOICE_CASES) {
    test(c.name, () => {
      const sdk = new VoiceResponse();
      c.sdk(sdk);
      const ours = voiceResponse();
      c.ours(ours);
      parsesToOurs(sdk.toString(), ours, 'voice');
    });
  }
});

describe('TwiML written by the official twilio MessagingResponse parses to the same tree as Dialtone\'s builder', () => {
  const cases: { name: string; sdk: (r: TwilioMessaging) => void; ours: (r: MessagingResponseBuilder) => void }[] = [
    {
      name: '<Message> with plain text and attributes',
      sdk: (r) => r.message({ to: '+14155551212', from: '+15017122661', action: '/status', method: 'GET', statusCallback: '/cb' }, 'Thanks & bye'),
      ours: (r) => r.message('Thanks & bye', { to: '+14155551212', from: '+15017122661', action: '/status', method: 'GET', statusCallback: '/cb' }),
    },
    {
      name: '<Message> with <Body> and two <Media>',
      sdk: (r) => {
        const m = r.message({}, '');
        m.body('Store Location: 123 Easy St.');
        m.media('https://demo.twilio.com/owl.png');
        m.media('https://demo.twilio.com/owl-2.png');
      },
      ours: (r) => r.message('Store Location: 123 Easy St.', { media: ['https://demo.twilio.com/owl.png', 'https://demo.twilio.com/owl-2.png'] }),
    },
    {
      name: '<Redirect>',
      sdk: (r) => r.redirect({ method: 'GET' }, 'https://demo.twilio.com/welcome/sms/'),
      ours: (r) => r.redirect('https://demo.twilio.com/welcome/sms/', { method: 'GET' }),
    },
  ];
  for (const c of cases) {
    test(c.name, () => {
      const sdk = new MessagingResponse();
      c.sdk(sdk);
      const ours = messagingResponse();
      c.ours(ours);
      parsesToOurs(sdk.toString(), ours, 'messaging');
    });
  }
});
