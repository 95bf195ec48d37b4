/**
 * The simulated network's control API, calls half (../shared/SIM-NETWORK.md): a virtual phone
 * places a call; a person answers or rejects a ringing `manual` phone; the phone's side of a
 * live call presses keys, speaks and hangs up; and each call's transcript — everything the phone
 * experienced, with call-time offsets.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { SimNetwork } from '../network/sim/index.js';
import type { Store } from '../store/index.js';
import { findCall } from '../store/calls.js';
import { findSimPhone } from '../store/sim-phones.js';
import type { SimCallEvent, SimPhone } from '../store/sim-phones.js';
import { toE164 } from './params.js';
import { SIM_ROOT, ownSimPhone, simAccount } from './sim.js';

function renderEvent(e: SimCallEvent) {
  return { at: e.atMs, event: e.event, ...(JSON.parse(e.detail) as Record<string, unknown>) };
}

const digitsBody = { type: 'object', required: ['digits'], properties: { digits: { type: 'string', pattern: '^[0-9*#A-D]{1,64}$', 'x-code': 20001 } } } as const;
const speechBody = { type: 'object', required: ['text'], properties: { text: { type: 'string', minLength: 1, maxLength: 2000, 'x-code': 20001 } } } as const;

type CallParams = { Params: { CallSid: string } };

export const simCallsRoutes: FastifyPluginAsync<{ store: Store; sim: SimNetwork }> = async (app, { store, sim }) => {
  /** The account's virtual phone that takes part in the call, or 20404. */
  const phoneOf = async (request: FastifyRequest, callSid: string) => {
    const account = simAccount(request);
    const call = await findCall(store.db, account.sid, callSid);
    const candidates = call ? [call.toNumber, call.fromNumber] : [await sim.voice.phoneOf(callSid)];
    let phone: SimPhone | undefined;
    // The callee first: its `to` may be a number, a `sip:` URI or a `client:` identity.
    for (const number of candidates) if (number !== undefined) phone ??= await sim.voice.phoneAt(number, account.sid);
    if (!phone || phone.accountSid !== account.sid) throw new TwilioError(20404, `No call ${callSid} with a virtual phone of this account.`);
    return phone;
  };
  /** The phone's side of the live call, or 20404 / 21220. */
  const liveLeg = async (request: FastifyRequest, callSid: string) => {
    await phoneOf(request, callSid);
    const leg = sim.voice.liveLeg(callSid);
    if (!leg) throw new TwilioError(21220, `Call ${callSid} is not in progress on this phone.`);
    return leg;
  };

  app.post<{ Params: { number: string }; Body: { to?: string } }>(`${SIM_ROOT}/Phones/:number/Calls`, {
    schema: { body: { type: 'object', required: ['to'], properties: { to: { type: 'string', maxLength: 32, 'x-code': 21211 } } } },
  }, async (request, reply) => {
    const phone = await ownSimPhone(store, request, request.params.number);
    const to = toE164(request.body.to ?? '');
    if (to === null) throw new TwilioError(21211, `The 'to' number ${request.body.to ?? ''} is not a valid phone number.`);
    const callSid = await sim.voice.placeCall(phone, to);
    if (callSid === null) throw new TwilioError(21214, `${to} is not a number of the platform: virtual phones can call the platform's numbers.`);
    return reply.status(201).send({ callSid });
  });

  for (const [path, answer] of [['Answer', true], ['Reject', false]] as const) {
    app.post<CallParams>(`${SIM_ROOT}/Calls/:CallSid/${path}`, async (request) => {
      await phoneOf(request, request.params.CallSid);
      if (!sim.voice.answerRinging(request.params.CallSid, answer)) throw new TwilioError(21220, `Call ${request.params.CallSid} is not ringing a phone in manual mode.`);
      return { callSid: request.params.CallSid, answered: answer };
    });
  }

  app.post<CallParams & { Body: { digits: string } }>(`${SIM_ROOT}/Calls/:CallSid/Digits`, { schema: { body: digitsBody } }, async (request) => {
    (await liveLeg(request, request.params.CallSid)).phonePress(request.body.digits);
    return { callSid: request.params.CallSid, digits: request.body.digits };
  });

  app.post<CallParams & { Body: { text: string } }>(`${SIM_ROOT}/Calls/:CallSid/Speech`, { schema: { body: speechBody } }, async (request) => {
    const leg = await liveLeg(request, request.params.CallSid);
    void leg.phoneSpeak(request.body.text);
    return { callSid: request.params.CallSid, text: request.body.text };
  });

  app.post<CallParams>(`${SIM_ROOT}/Calls/:CallSid/Hangup`, async (request) => {
    (await liveLeg(request, request.params.CallSid)).phoneHangup();
    return { callSid: request.params.CallSid };
  });

  app.get<CallParams>(`${SIM_ROOT}/Calls/:CallSid/Transcript`, async (request) => {
    const phone = await phoneOf(request, request.params.CallSid);
    const events = await sim.voice.transcriptOf(request.params.CallSid, phone.number);
    return { callSid: request.params.CallSid, phone: phone.number, live: sim.voice.liveLeg(request.params.CallSid) !== undefined, events: events.map(renderEvent) };
  });
};
