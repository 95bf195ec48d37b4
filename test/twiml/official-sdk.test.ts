// Twilio's own helper library (the `twilio` npm package) is an independent writer of TwiML: for
// every verb, what its VoiceResponse / MessagingResponse writes must parse, without warnings, to
// the tree written out literally below (Twilio's documented defaults: ./documented-defaults.ts).
// Nothing here comes from Dialtone's builder or vocabulary. `<Dial>` and its nouns are in
// ./official-sdk-dial.test.ts.
import type { MessagingVerb, VoiceVerb } from '../../src/twiml/index.js';
import { ACTION, ENQUEUE, GATHER, MESSAGE, PAUSE, PLAY, RECORD, REDIRECT, REJECT, SAY, SMS, STREAM } from './documented-defaults.js';
import { MessagingResponse, VoiceResponse, describeSdkCases, type SdkCase, type TwilioMessaging, type TwilioVoice } from './official-sdk.js';

const VOICE_CASES: SdkCase<TwilioVoice, VoiceVerb>[] = [
  {
    name: '<Say> with voice, language and loop',
    sdk: (r) => r.say({ voice: 'Polly.Joanna', language: 'en-GB', loop: 3 }, 'Hello & welcome <friend>'),
    verbs: [{ verb: 'Say', voice: 'Polly.Joanna', language: 'en-GB', loop: 3, text: 'Hello & welcome <friend>', ssml: null }],
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
    verbs: [{
      verb: 'Say', ...SAY,
      // `text` is the document's text with the markup removed: the SDK writes the elements with
      // nothing between them, so the words run together, except across a <break> (a pause reads
      // as a space); <sub> keeps its written text (the alias is for the speech engine).
      text: 'Hi WordsBonjourA paragraphpecanSlowlyA sentenceabcW3Cread',
      ssml: [
        'Hi',
        { tag: 'break', strength: 'x-weak', time: '100ms' },
        { tag: 'emphasis', level: 'strong', content: ['Words'] },
        { tag: 'lang', xmlLang: 'fr-FR', content: ['Bonjour'] },
        { tag: 'p', content: ['A paragraph'] },
        { tag: 'phoneme', alphabet: 'ipa', ph: 'pɪˈkɑːn', content: ['pecan'] },
        { tag: 'prosody', pitch: '+10%', rate: 'slow', volume: 'loud', content: ['Slowly'] },
        { tag: 's', content: ['A sentence'] },
        { tag: 'say-as', interpretAs: 'spell-out', format: null, content: ['abc'] },
        { tag: 'sub', alias: 'World Wide Web Consortium', content: ['W3C'] },
        { tag: 'w', role: 'amazon:VB', content: ['read'] },
      ],
    }],
  },
  {
    name: '<Play> a URL in a loop, and <Play digits>',
    sdk: (r) => {
      r.play({ loop: 0 }, 'https://api.twilio.com/cowbell.mp3');
      r.play({ digits: 'wwww3' });
    },
    verbs: [
      { verb: 'Play', ...PLAY, loop: 0, url: 'https://api.twilio.com/cowbell.mp3' },
      { verb: 'Play', ...PLAY, digits: 'wwww3', url: null },
    ],
  },
  {
    name: '<Pause length>, and <Pause> with its default',
    sdk: (r) => {
      r.pause({ length: 10 });
      r.pause();
    },
    verbs: [{ verb: 'Pause', length: 10 }, { verb: 'Pause', ...PAUSE }],
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
    verbs: [{
      verb: 'Gather',
      input: ['dtmf', 'speech'], action: '/gather?step=1&lang=en', method: 'GET', timeout: 3, numDigits: 4, finishOnKey: '*',
      speechTimeout: 'auto', speechModel: 'phone_call', hints: 'yes, no', language: 'es-MX', profanityFilter: false,
      partialResultCallback: '/partial', partialResultCallbackMethod: 'GET', actionOnEmptyResult: true, enhanced: true,
      bargeIn: false, debug: true, maxSpeechTime: 20,
      children: [
        { verb: 'Say', ...SAY, text: 'Press 1', ssml: null },
        { verb: 'Play', ...PLAY, url: 'https://example.com/menu.mp3' },
        { verb: 'Pause', length: 2 },
      ],
    }],
  },
  {
    name: '<Gather/> with Twilio\'s defaults',
    sdk: (r) => r.gather(),
    verbs: [{ verb: 'Gather', ...GATHER, children: [] }],
  },
  {
    name: '<Record> with its attributes, and with its defaults',
    sdk: (r) => {
      r.record({
        action: '/recorded', method: 'GET', timeout: 10, finishOnKey: '*#', maxLength: 30, playBeep: false, trim: 'do-not-trim',
        recordingStatusCallback: '/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['absent'],
        transcribe: true, transcribeCallback: '/transcribed',
      });
      r.record();
    },
    verbs: [
      {
        verb: 'Record', action: '/recorded', method: 'GET', timeout: 10, finishOnKey: '*#', maxLength: 30, playBeep: false,
        trim: 'do-not-trim', recordingStatusCallback: '/rec', recordingStatusCallbackMethod: 'GET',
        recordingStatusCallbackEvent: ['absent'], transcribe: true, transcribeCallback: '/transcribed', recordingConfigurationId: null,
      },
      { verb: 'Record', ...RECORD },
    ],
  },
  {
    name: '<Enqueue> with waitUrl, and <Leave>',
    sdk: (r) => {
      r.enqueue({ waitUrl: '/wait', waitUrlMethod: 'GET', action: '/left', maxQueueSize: 20 }, 'support');
      r.leave();
    },
    verbs: [
      { verb: 'Enqueue', ...ENQUEUE, waitUrl: '/wait', waitUrlMethod: 'GET', action: '/left', maxQueueSize: 20, name: 'support' },
      { verb: 'Leave' },
    ],
  },
  {
    name: '<Echo> and <Hangup>',
    sdk: (r) => {
      r.echo();
      r.hangup();
    },
    verbs: [{ verb: 'Echo' }, { verb: 'Hangup', parameters: [] }],
  },
  {
    name: '<Redirect method="GET">, and <Redirect> with its default method',
    sdk: (r) => {
      r.redirect({ method: 'GET' }, 'https://example.com/next?x=1&y=2');
      r.redirect('/again');
    },
    verbs: [
      { verb: 'Redirect', method: 'GET', url: 'https://example.com/next?x=1&y=2' },
      { verb: 'Redirect', ...REDIRECT, url: '/again' },
    ],
  },
  {
    name: '<Reject reason="busy">, and <Reject> with its default reason',
    sdk: (r) => {
      r.reject({ reason: 'busy' });
      r.reject();
    },
    verbs: [{ verb: 'Reject', reason: 'busy', parameters: [] }, { verb: 'Reject', ...REJECT, parameters: [] }],
  },
  {
    name: '<Sms> during a call',
    sdk: (r) => r.sms({ to: '+14155551212', from: '+15017122661', action: '/sms', statusCallback: '/sms-status' }, 'Store Location: 123 Easy St.'),
    verbs: [{
      verb: 'Sms', ...SMS, to: '+14155551212', from: '+15017122661', action: '/sms', statusCallback: '/sms-status',
      body: 'Store Location: 123 Easy St.',
    }],
  },
  {
    // The SDK's VoiceResponse has no message() method; addChild is its documented way to write
    // any other element, and Twilio accepts <Message> in voice TwiML.
    name: '<Message> during a call, with plain text and with <Body> and <Media>',
    sdk: (r) => {
      r.addChild('Message', { to: '+14155551212', from: '+15017122661', action: '/msg', method: 'GET', statusCallback: '/msg-status' })
        .addText('Our address: 123 Easy St.');
      const withMedia = r.addChild('Message', {});
      withMedia.addChild('Body', {}).addText('Here is our map.');
      withMedia.addChild('Media', {}).addText('https://example.com/map.png');
    },
    verbs: [
      {
        verb: 'Message', to: '+14155551212', from: '+15017122661', action: '/msg', method: 'GET', statusCallback: '/msg-status',
        body: 'Our address: 123 Easy St.', media: [],
      },
      { verb: 'Message', ...MESSAGE, body: 'Here is our map.', media: ['https://example.com/map.png'] },
    ],
  },
  {
    name: '<Refer><Sip>',
    sdk: (r) => r.refer({ action: '/referred' }).sip('sip:alice@example.com'),
    verbs: [{ verb: 'Refer', ...ACTION, action: '/referred', sip: 'sip:alice@example.com' }],
  },
  {
    name: '<Connect><Stream> with a <Parameter>',
    sdk: (r) => r.connect({ action: '/after' }).stream({ url: 'wss://example.com/audio', name: 'bot' }).parameter({ name: 'caller', value: 'Jane' }),
    verbs: [{
      verb: 'Connect', ...ACTION, action: '/after',
      stream: { noun: 'Stream', ...STREAM, url: 'wss://example.com/audio', name: 'bot', parameters: [{ noun: 'Parameter', name: 'caller', value: 'Jane' }] },
    }],
  },
  {
    name: '<Start><Stream> and <Stop><Stream>',
    sdk: (r) => {
      r.start().stream({ url: 'wss://example.com/fork', name: 'fork', track: 'both_tracks', statusCallback: '/stream', statusCallbackMethod: 'GET' });
      r.stop().stream({ name: 'fork' });
    },
    verbs: [
      {
        verb: 'Start', ...ACTION,
        nouns: [{
          noun: 'Stream', ...STREAM, url: 'wss://example.com/fork', name: 'fork', track: 'both_tracks', statusCallback: '/stream',
          statusCallbackMethod: 'GET', parameters: [],
        }],
      },
      { verb: 'Stop', nouns: [{ noun: 'Stream', ...STREAM, name: 'fork', parameters: [] }] },
    ],
  },
];

describeSdkCases('TwiML written by the official twilio VoiceResponse parses to the documented tree', 'voice', () => new VoiceResponse(), VOICE_CASES);

const MESSAGING_CASES: SdkCase<TwilioMessaging, MessagingVerb>[] = [
  {
    name: '<Message> with plain text and attributes',
    sdk: (r) => r.message({ to: '+14155551212', from: '+15017122661', action: '/status', method: 'GET', statusCallback: '/cb' }, 'Thanks & bye'),
    verbs: [{
      verb: 'Message', to: '+14155551212', from: '+15017122661', action: '/status', method: 'GET', statusCallback: '/cb',
      body: 'Thanks & bye', media: [],
    }],
  },
  {
    name: '<Message> with <Body> and two <Media>',
    sdk: (r) => {
      const m = r.message({}, '');
      m.body('Store Location: 123 Easy St.');
      m.media('https://demo.twilio.com/owl.png');
      m.media('https://demo.twilio.com/owl-2.png');
    },
    verbs: [{
      verb: 'Message', ...MESSAGE, body: 'Store Location: 123 Easy St.',
      media: ['https://demo.twilio.com/owl.png', 'https://demo.twilio.com/owl-2.png'],
    }],
  },
  {
    name: '<Redirect>, with a method and with the default',
    sdk: (r) => {
      r.redirect({ method: 'GET' }, 'https://demo.twilio.com/welcome/sms/');
      r.redirect('/next');
    },
    verbs: [
      { verb: 'Redirect', method: 'GET', url: 'https://demo.twilio.com/welcome/sms/' },
      { verb: 'Redirect', ...REDIRECT, url: '/next' },
    ],
  },
  {
    name: 'an empty MessagingResponse: no reply',
    sdk: () => undefined,
    verbs: [],
  },
];

describeSdkCases('TwiML written by the official twilio MessagingResponse parses to the documented tree', 'messaging', () => new MessagingResponse(), MESSAGING_CASES);
