/**
 * The simulated network's control API (`/sim/v1`, ../shared/SIM-NETWORK.md): virtual phones
 * (create, list, fetch, update, delete), what each sent and received, a phone sending a
 * message, and the event stream of messages and call events. The calls half is in
 * ./sim-calls.ts. JSON in and out; the account's own credentials.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { PHONE_REMOVED, parseScript } from '../network/sim/index.js';
import type { SimEvent, SimNetwork } from '../network/sim/index.js';
import { isClientIdentity, normaliseSipUri } from '../network/sim/addresses.js';
import { lookupInventory } from '../network/sim/inventory.js';
import type { Store } from '../store/index.js';
import { findPhoneNumberByE164 } from '../store/phone-numbers.js';
import {
  createSimPhone, deleteSimPhone, findSimPhone, findSimPhoneByClient, findSimPhoneBySipUri, listSimMessages, listSimNumbersBetween, listSimPhones, updateSimPhone,
} from '../store/sim-phones.js';
import type { SimInboxEntry, SimPhone } from '../store/sim-phones.js';
import type { EventStreams } from './event-stream.js';
import { isWebhookUrl, toE164 } from './params.js';

export const SIM_ROOT = '/sim/v1';

const ANSWER = ['answer', 'busy', 'no-answer', 'fail', 'reject', 'manual'] as const;
const SMS = ['deliver', 'undeliverable', 'unreachable', 'filtered', 'fail'] as const;

const phoneBody = {
  type: 'object',
  properties: {
    number: { type: 'string', maxLength: 32, 'x-code': 21421 },
    name: { type: 'string', maxLength: 64, 'x-code': 20001 },
    answer: { type: 'string', enum: ANSWER, 'x-code': 20001 },
    ringSeconds: { type: 'number', minimum: 0, maximum: 600, 'x-code': 20001 },
    sms: { type: 'string', enum: SMS, 'x-code': 20001 },
    script: { type: 'array', maxItems: 200, 'x-code': 20001 },
    machine: { type: 'boolean', 'x-code': 20001 },
    sipUri: { type: ['string', 'null'], maxLength: 512, 'x-code': 20001 },
    clientIdentity: { type: ['string', 'null'], maxLength: 256, 'x-code': 20001 },
  },
} as const;

interface PhoneBody {
  number?: string; name?: string; answer?: SimPhone['answer']; ringSeconds?: number; sms?: SimPhone['sms']; script?: unknown[]; machine?: boolean;
  sipUri?: string | null; clientIdentity?: string | null;
}

function renderPhone(p: SimPhone) {
  return {
    number: p.number, name: p.name, answer: p.answer, ringSeconds: p.ringSeconds, sms: p.sms, machine: p.machine === 1,
    script: JSON.parse(p.script) as unknown[], sipUri: p.sipUri, clientIdentity: p.clientIdentity, dateCreated: p.dateCreated,
  };
}

/**
 * The SIP URI and client identity a request gives a phone, checked (well formed, not another
 * phone's); a field left out stays undefined, null clears it.
 */
async function addressParams(store: Store, accountSid: string, b: PhoneBody, self: string | undefined): Promise<Pick<Partial<SimPhone>, 'sipUri' | 'clientIdentity'>> {
  const sipUri = b.sipUri === undefined || b.sipUri === null ? b.sipUri : normaliseSipUri(b.sipUri);
  if (sipUri === null && typeof b.sipUri === 'string') throw new TwilioError(20001, `sipUri ${b.sipUri} is not a SIP URI like sip:alice@example.com.`);
  if (typeof b.clientIdentity === 'string' && !isClientIdentity(b.clientIdentity)) {
    throw new TwilioError(20001, `clientIdentity ${b.clientIdentity} must be 1 to 256 letters, digits or underscores.`);
  }
  // A SIP URI is the network's; a client identity, the account's.
  const taken = (value: string, owner: SimPhone | undefined) => {
    if (owner && owner.number !== self) throw new TwilioError(21422, `${value} already belongs to the virtual phone ${owner.number}.`);
  };
  if (typeof sipUri === 'string') taken(sipUri, await findSimPhoneBySipUri(store.db, sipUri));
  if (typeof b.clientIdentity === 'string') taken(b.clientIdentity, await findSimPhoneByClient(store.db, accountSid, b.clientIdentity));
  return { sipUri, clientIdentity: b.clientIdentity };
}

/** A script as stored (JSON), after checking every step; undefined when none was sent. */
function scriptParam(script: unknown[] | undefined): string | undefined {
  if (script === undefined) return undefined;
  const parsed = parseScript(script);
  if (typeof parsed === 'string') throw new TwilioError(20001, `${parsed}.`);
  return JSON.stringify(script);
}

function renderEntry(e: SimInboxEntry) {
  return { direction: e.direction, from: e.fromNumber, to: e.toNumber, body: e.body, mediaUrls: JSON.parse(e.mediaUrls) as string[], messageSid: e.messageSid, at: e.at };
}

/** How many times a phone created without a number tries the next free one when another request took it first. */
const ALLOCATION_RETRIES = 100;

/** Virtual phones get numbers from a block the inventory never hands out: +1 650 555 xxxx (the lowest free one). */
async function allocateNumber(store: Store): Promise<string> {
  const taken = new Set(await listSimNumbersBetween(store.db, '+16505550000', '+16505559999'));
  for (let line = 0; line < 10_000; line++) {
    const number = `+1650555${String(line).padStart(4, '0')}`;
    if (!taken.has(number)) return number;
  }
  throw new TwilioError(20001, 'No free virtual phone numbers are left; give a number.');
}

/** The account a control API request acts for (test credentials cannot drive phones). */
export function simAccount(request: FastifyRequest) {
  if (!request.principal || request.principal.credential === 'test') throw new TwilioError(20003, 'Authenticate');
  return request.principal.account;
}

/** The account's virtual phone `raw` (any spelling of the number), or 20404. */
export async function ownSimPhone(store: Store, request: FastifyRequest, raw: string): Promise<SimPhone> {
  const account = simAccount(request);
  const phone = await findSimPhone(store.db, toE164(raw) ?? raw);
  if (!phone || phone.accountSid !== account.sid) throw new TwilioError(20404, `No virtual phone ${raw} in this account.`);
  return phone;
}

export const simRoutes: FastifyPluginAsync<{ store: Store; sim: SimNetwork; streams: EventStreams }> = async (app, { store, sim, streams }) => {
  const accountOf = simAccount;
  const ownPhone = (request: FastifyRequest, raw: string) => ownSimPhone(store, request, raw);

  app.post<{ Body: PhoneBody }>(`${SIM_ROOT}/Phones`, { schema: { body: phoneBody } }, async (request, reply) => {
    const account = accountOf(request);
    const b = request.body ?? {};
    let number = b.number === undefined ? await allocateNumber(store) : toE164(b.number);
    if (number === null) throw new TwilioError(21421, `number ${b.number ?? ''} is not a valid E.164 phone number.`);
    if ((await findPhoneNumberByE164(store.db, number)) || lookupInventory(number)) {
      throw new TwilioError(21422, `${number} belongs to the platform's numbers and cannot be a virtual phone.`);
    }
    const addresses = await addressParams(store, account.sid, b, undefined);
    const create = (at: string) => createSimPhone(store.db, {
      number: at, accountSid: account.sid, name: b.name ?? at, answer: b.answer ?? 'answer', ringSeconds: b.ringSeconds ?? 1,
      sms: b.sms ?? 'deliver', script: scriptParam(b.script ?? []) ?? '[]', machine: b.machine ? 1 : 0,
      sipUri: addresses.sipUri ?? null, clientIdentity: addresses.clientIdentity ?? null,
    });
    let created = await create(number);
    // An allocated number another request took in the meantime: the next free one, a few times over.
    for (let retry = 0; created === 'taken' && b.number === undefined && retry < ALLOCATION_RETRIES && (await findSimPhone(store.db, number)); retry++) {
      created = await create(number = await allocateNumber(store));
    }
    if (created === 'taken') throw new TwilioError(21422, `${number} (or its sipUri or clientIdentity) is already a virtual phone's.`);
    return reply.status(201).send(renderPhone(created));
  });

  app.get(`${SIM_ROOT}/Phones`, async (request) => ({ phones: (await listSimPhones(store.db, accountOf(request).sid)).map(renderPhone) }));

  app.get<{ Params: { number: string } }>(`${SIM_ROOT}/Phones/:number`, async (request) => renderPhone(await ownPhone(request, request.params.number)));

  app.post<{ Params: { number: string }; Body: PhoneBody }>(`${SIM_ROOT}/Phones/:number`, { schema: { body: phoneBody } }, async (request) => {
    const phone = await ownPhone(request, request.params.number);
    const b = request.body ?? {};
    const updated = await updateSimPhone(store.db, phone.number, Object.fromEntries(Object.entries({
      ...(await addressParams(store, phone.accountSid, b, phone.number)),
      name: b.name, answer: b.answer, ringSeconds: b.ringSeconds, sms: b.sms, script: scriptParam(b.script), machine: b.machine === undefined ? undefined : b.machine ? 1 : 0,
    }).filter(([, v]) => v !== undefined)));
    return renderPhone(updated ?? phone);
  });

  app.delete<{ Params: { number: string } }>(`${SIM_ROOT}/Phones/:number`, async (request, reply) => {
    const phone = await ownPhone(request, request.params.number);
    await deleteSimPhone(store.db, phone.number);
    sim.events.emit(PHONE_REMOVED, phone.number);
    return reply.status(204).send();
  });

  app.post<{ Params: { number: string }; Body: { to?: string; body?: string; mediaUrls?: string[] } }>(`${SIM_ROOT}/Phones/:number/Messages`, {
    schema: { body: { type: 'object', required: ['to'], properties: { to: { type: 'string', maxLength: 32, 'x-code': 21211 }, body: { type: 'string', maxLength: 8000, 'x-code': 21617 }, mediaUrls: { type: 'array', maxItems: 10, items: { type: 'string', maxLength: 4096 }, 'x-code': 21623 } } } },
  }, async (request, reply) => {
    const phone = await ownPhone(request, request.params.number);
    const b = request.body;
    const to = toE164(b.to ?? '');
    if (to === null) throw new TwilioError(21211, `The 'to' number ${b.to ?? ''} is not a valid phone number.`);
    const badMedia = (b.mediaUrls ?? []).find((u) => !isWebhookUrl(u));
    if (badMedia !== undefined) throw new TwilioError(21620, `Media URL ${badMedia.slice(0, 200)} is invalid: give an http or https URL.`);
    const messageSid = await sim.messaging.sendFromPhone(phone.number, to, b.body ?? '', b.mediaUrls ?? []);
    if (messageSid === null) throw new TwilioError(21612, `${to} is neither a platform number nor a virtual phone.`);
    return reply.status(201).send({ messageSid });
  });

  app.get<{ Params: { number: string } }>(`${SIM_ROOT}/Phones/:number/Messages`, async (request) => {
    const phone = await ownPhone(request, request.params.number);
    return { messages: (await listSimMessages(store.db, phone.number)).map(renderEntry) };
  });

  /**
   * The account's phones' messages and call events. The numbers known to be the account's are
   * kept while the stream is open; a number whose phone is deleted is forgotten at once, since
   * another account's new phone may be given it.
   */
  app.get(`${SIM_ROOT}/Events`, async (request, reply) => {
    const account = accountOf(request);
    const phones = new Set((await listSimPhones(store.db, account.sid)).map((p) => p.number));
    streams.start(request, reply, account.sid, (stream) => {
      const forward = async (event: SimEvent) => {
        if (!phones.has(event.phone)) {
          const phone = await findSimPhone(store.db, event.phone);
          if (phone?.accountSid !== account.sid) return;
          phones.add(event.phone);
        }
        const data = event.type === 'message'
          ? { phone: event.phone, ...renderEntry(event.entry) }
          : { phone: event.phone, callSid: event.callSid, at: event.at, event: event.event, ...event.detail };
        stream.send(event.type, data);
      };
      // An emitter does not await listeners: a failed lookup must not become an unhandled rejection.
      const listener = (event: SimEvent) => {
        forward(event).catch((err: unknown) => request.log.warn({ err }, 'event stream write failed'));
      };
      const removed = (number: string) => phones.delete(number);
      sim.events.on('event', listener);
      sim.events.on(PHONE_REMOVED, removed);
      return () => {
        sim.events.off('event', listener);
        sim.events.off(PHONE_REMOVED, removed);
      };
    });
  });
};
