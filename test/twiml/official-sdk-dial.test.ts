// `<Dial>` and its nouns as the official `twilio` npm package's VoiceResponse writes them, each
// parsed to the tree written out literally below (Twilio's documented defaults:
// ./documented-defaults.ts). Nothing here comes from Dialtone's builder or vocabulary.
import type { VoiceVerb } from '../../src/twiml/index.js';
import { AMD, CONFERENCE, DIAL, PARTY, QUEUE } from './documented-defaults.js';
import { VoiceResponse, describeSdkCases, type SdkCase, type TwilioVoice } from './official-sdk.js';

const CASES: SdkCase<TwilioVoice, VoiceVerb>[] = [
  {
    name: '<Dial> a bare number, with attributes: one <Number> with its defaults',
    sdk: (r) => r.dial({
      action: '/dialed', method: 'GET', timeout: 20, timeLimit: 600, callerId: '+15005550006', hangupOnStar: true,
      answerOnBridge: true, record: 'record-from-answer-dual', trim: 'trim-silence', ringTone: 'de',
      recordingStatusCallback: '/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['in-progress', 'completed'],
    }, '415-123-4567'),
    verbs: [{
      verb: 'Dial', ...DIAL,
      action: '/dialed', method: 'GET', timeout: 20, timeLimit: 600, callerId: '+15005550006', hangupOnStar: true,
      answerOnBridge: true, record: 'record-from-answer-dual', trim: 'trim-silence', ringTone: 'de',
      recordingStatusCallback: '/rec', recordingStatusCallbackMethod: 'GET', recordingStatusCallbackEvent: ['in-progress', 'completed'],
      nouns: [{ noun: 'Number', ...PARTY, ...AMD, sendDigits: null, byoc: null, number: '415-123-4567' }],
    }],
  },
  {
    name: '<Dial> with Twilio\'s defaults',
    sdk: (r) => r.dial('+14155551212'),
    verbs: [{ verb: 'Dial', ...DIAL, nouns: [{ noun: 'Number', ...PARTY, ...AMD, sendDigits: null, byoc: null, number: '+14155551212' }] }],
  },
  {
    name: '<Dial> <Number>, <Client> with <Identity> and <Parameter>, and <Sip>',
    sdk: (r) => {
      const d = r.dial({ sequential: true });
      d.number({
        sendDigits: 'ww1234#', url: '/screen', method: 'GET', statusCallbackEvent: ['initiated', 'answered'], statusCallback: '/status',
        statusCallbackMethod: 'GET', machineDetection: 'Enable', machineDetectionTimeout: 10, amdStatusCallback: '/amd',
      }, '+14155551212');
      const c = d.client({ url: '/whisper' });
      c.identity('alice');
      c.parameter({ name: 'ticket', value: '42' });
      d.sip({ username: 'admin', password: 'secret', statusCallbackEvent: ['ringing'] }, 'sip:bob@example.com');
    },
    verbs: [{
      verb: 'Dial', ...DIAL, sequential: true,
      nouns: [
        {
          noun: 'Number', ...PARTY, ...AMD, byoc: null, number: '+14155551212',
          sendDigits: 'ww1234#', url: '/screen', method: 'GET', statusCallbackEvent: ['initiated', 'answered'], statusCallback: '/status',
          statusCallbackMethod: 'GET', machineDetection: 'Enable', machineDetectionTimeout: 10, amdStatusCallback: '/amd',
        },
        { noun: 'Client', ...PARTY, url: '/whisper', identity: 'alice', parameters: [{ noun: 'Parameter', name: 'ticket', value: '42' }] },
        { noun: 'Sip', ...PARTY, ...AMD, username: 'admin', password: 'secret', statusCallbackEvent: ['ringing'], uri: 'sip:bob@example.com' },
      ],
    }],
  },
  {
    name: '<Dial><Client> by bare identity',
    sdk: (r) => r.dial().client('jenny'),
    verbs: [{ verb: 'Dial', ...DIAL, nouns: [{ noun: 'Client', ...PARTY, identity: 'jenny', parameters: [] }] }],
  },
  {
    name: '<Dial><Conference> with its attributes',
    sdk: (r) => r.dial().conference({
      muted: true, beep: 'onEnter', startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '', waitMethod: 'GET',
      maxParticipants: 12, record: 'record-from-start', trim: 'do-not-trim', statusCallbackEvent: ['start', 'end', 'join'],
      statusCallback: '/conf', statusCallbackMethod: 'GET', jitterBufferSize: 'off', region: 'de1', participantLabel: 'agent',
    }, 'Room 1234'),
    verbs: [{
      verb: 'Dial', ...DIAL,
      nouns: [{
        noun: 'Conference', ...CONFERENCE, name: 'Room 1234',
        muted: true, beep: 'onEnter', startConferenceOnEnter: false, endConferenceOnExit: true, waitUrl: '', waitMethod: 'GET',
        maxParticipants: 12, record: 'record-from-start', trim: 'do-not-trim', statusCallbackEvent: ['start', 'end', 'join'],
        statusCallback: '/conf', statusCallbackMethod: 'GET', jitterBufferSize: 'off', region: 'de1', participantLabel: 'agent',
      }],
    }],
  },
  {
    name: '<Dial><Conference> with its defaults, and beep="false"',
    sdk: (r) => {
      r.dial().conference('Room 1');
      r.dial().conference({ beep: 'false' }, 'Room 2');
    },
    verbs: [
      { verb: 'Dial', ...DIAL, nouns: [{ noun: 'Conference', ...CONFERENCE, name: 'Room 1' }] },
      { verb: 'Dial', ...DIAL, nouns: [{ noun: 'Conference', ...CONFERENCE, beep: false, name: 'Room 2' }] },
    ],
  },
  {
    name: '<Dial><Queue>',
    sdk: (r) => {
      r.dial().queue({ url: '/about_to_connect', method: 'GET' }, 'support');
      r.dial().queue('sales');
    },
    verbs: [
      { verb: 'Dial', ...DIAL, nouns: [{ noun: 'Queue', ...QUEUE, url: '/about_to_connect', method: 'GET', name: 'support' }] },
      { verb: 'Dial', ...DIAL, nouns: [{ noun: 'Queue', ...QUEUE, name: 'sales' }] },
    ],
  },
];

describeSdkCases('<Dial> written by the official twilio VoiceResponse parses to the documented tree', 'voice', () => new VoiceResponse(), CASES);
