/**
 * The simulated network's voice half (../shared/SIM-NETWORK.md): the platform calls virtual
 * phones, which ring and answer (or are busy, never answer, fail, reject, or wait for a person)
 * as their `answer` mode says; phones call the platform's numbers, which arrive as inbound calls.
 * Each live call has a SimLeg, driven from the phone's side by the control API and by scripts.
 */
import type { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock/clock.js';
import type { SpeechSynthesizer } from '../../media/index.js';
import { EventLog } from '../../store/event-log.js';
import { findPhoneNumberByE164 } from '../../store/phone-numbers.js';
import type { Database } from '../../store/schema.js';
import { orderedSid } from '../../store/sid.js';
import { findSimPhone, findSimPhoneByClient, findSimPhoneBySipUri, listSimCallEvents } from '../../store/sim-phones.js';
import type { SimCallEvent, SimPhone } from '../../store/sim-phones.js';
import type { DialOutcome, DialRequest, InboundCallHandler, NumberGeography, VoiceCarrier } from '../carrier.js';
import { parseDialled } from './addresses.js';
import { lookupInventory } from './inventory.js';
import { SimLeg } from './leg.js';
import { parseScript } from './script.js';
import type { ScriptStep } from './script.js';
import { Transcript } from './transcript.js';

export interface SimVoiceOptions {
  readonly db: Kysely<Database>;
  readonly events: EventEmitter;
  readonly clock: Clock;
  readonly synthesizer: SpeechSynthesizer;
  /** Where failures to keep transcript events are reported. */
  readonly onError: (err: unknown) => void;
}

type RingOutcome = 'answer' | 'reject' | 'timeout' | 'canceled';

export class SimVoice implements VoiceCarrier {
  private inbound: InboundCallHandler | null = null;
  private readonly legs = new Map<string, SimLeg>();
  private readonly ringing = new Map<string, (outcome: RingOutcome) => void>();
  /** Every call a phone is on (ringing or live), by CallSid: for when the phone is deleted. */
  private readonly onPhone = new Map<string, { readonly phone: string; readonly transcript: Transcript; end(): void }>();
  private readonly log: EventLog<'simCallEvents'>;

  constructor(private readonly options: SimVoiceOptions) {
    this.log = new EventLog(options.db, 'simCallEvents', { onError: options.onError });
  }

  onInboundCall(handler: InboundCallHandler): void {
    this.inbound = handler;
  }

  locate(number: string): NumberGeography {
    const known = lookupInventory(number);
    if (known) return { city: known.area.locality ?? '', state: known.area.region ?? '', zip: known.area.postalCode ?? '', country: known.isoCountry };
    // Virtual phones: the country from the calling code.
    return { city: '', state: '', zip: '', country: number.startsWith('+1') ? 'US' : number.startsWith('+44') ? 'GB' : '' };
  }

  async reaches(to: string, accountSid: string): Promise<boolean> {
    return (await this.phoneAt(to, accountSid)) !== undefined;
  }

  /**
   * The phone an address dialled by `accountSid` reaches: by number, by SIP URI (user@host, any
   * case), or by client identity (the account's own clients only).
   */
  async phoneAt(to: string, accountSid: string): Promise<SimPhone | undefined> {
    const address = parseDialled(to);
    switch (address.kind) {
      case 'number': return findSimPhone(this.options.db, address.number);
      case 'sip': return address.uri === null ? undefined : findSimPhoneBySipUri(this.options.db, address.uri);
      case 'client': return findSimPhoneByClient(this.options.db, accountSid, address.identity);
      default: { const never: never = address; return never; }
    }
  }

  private transcript(callSid: string, phone: string): Transcript {
    return new Transcript(callSid, phone, this.options.clock, this.log, this.options.events);
  }

  private leg(callSid: string, phone: SimPhone, transcript: Transcript, answered: boolean): SimLeg {
    const script = parseScript(JSON.parse(phone.script) as unknown[]);
    const leg = new SimLeg({
      callSid, clock: this.options.clock, transcript, synthesizer: this.options.synthesizer,
      script: typeof script === 'string' ? ([] as ScriptStep[]) : script, machine: phone.machine === 1, answered,
    });
    this.legs.set(callSid, leg);
    this.onPhone.set(callSid, { phone: phone.number, transcript, end: () => leg.phoneHangup() });
    void leg.ended.then(() => {
      this.legs.delete(callSid);
      this.onPhone.delete(callSid);
    });
    return leg;
  }

  /**
   * A deleted phone is gone from the network: a call it is on ends as though it hung up (one
   * still ringing goes unanswered), and nothing more is recorded under its number, which
   * another phone may take.
   */
  phoneRemoved(number: string): void {
    for (const call of [...this.onPhone.values()]) {
      if (call.phone !== number) continue;
      call.transcript.close();
      call.end();
    }
  }

  async dial(request: DialRequest): Promise<DialOutcome> {
    // Call time stands still until the phone rings on the clock (its answer and timeout timers
    // set): a fast clock must not run past them while the phone is looked up.
    let held: (() => void) | null = this.options.clock.hold();
    const letGo = () => { held?.(); held = null; };
    try {
      return await this.dialPhone(request, letGo);
    } finally {
      letGo();
    }
  }

  private async dialPhone(request: DialRequest, ringing: () => void): Promise<DialOutcome> {
    const phone = await this.phoneAt(request.to, request.accountSid);
    // An unknown SIP URI is a SIP 404, so `failed`; a client that is not registered (no phone
    // has the identity) is never answered, so `no-answer` (our reading: Twilio's <Client> page
    // does not say).
    if (!phone && request.to.startsWith('client:')) return { answered: false, status: 'no-answer', sipResponseCode: 480 };
    if (!phone || phone.answer === 'fail') return { answered: false, status: 'failed', sipResponseCode: phone ? 503 : 404 };
    const transcript = this.transcript(request.callSid, phone.number);
    if (phone.answer === 'busy') {
      transcript.record('busy');
      return { answered: false, status: 'busy', sipResponseCode: 486 };
    }
    transcript.record('ringing');
    request.onRinging();
    const outcome = await this.ring(request, phone, transcript, ringing);
    switch (outcome) {
      case 'answer': {
        const leg = this.leg(request.callSid, phone, transcript, false);
        leg.markAnswered();
        return { answered: true, leg };
      }
      case 'reject':
        transcript.record('hangup', { by: 'phone', reason: 'rejected' });
        return { answered: false, status: 'busy', sipResponseCode: 603 };
      case 'timeout':
        transcript.record('hangup', { by: 'platform', reason: 'no-answer' });
        return { answered: false, status: 'no-answer', sipResponseCode: 487 };
      case 'canceled':
        transcript.record('hangup', { by: 'platform', reason: 'canceled' });
        return { answered: false, status: 'canceled', sipResponseCode: 487 };
    }
  }

  /** Rings the phone until it answers or rejects (per its mode), the ring timeout, or cancellation. */
  private ring(request: DialRequest, phone: SimPhone, transcript: Transcript, timersSet: () => void): Promise<RingOutcome> {
    const clock = this.options.clock;
    return new Promise((resolve) => {
      const timers = [clock.setTimer(request.ringTimeoutMs, () => done('timeout'))];
      const onAbort = () => done('canceled');
      const done = (outcome: RingOutcome) => {
        for (const timer of timers) timer.cancel();
        request.signal.removeEventListener('abort', onAbort);
        this.ringing.delete(request.callSid);
        this.onPhone.delete(request.callSid);
        resolve(outcome);
      };
      this.onPhone.set(request.callSid, { phone: phone.number, transcript, end: () => done('timeout') });
      if (request.signal.aborted) return done('canceled');
      request.signal.addEventListener('abort', onAbort, { once: true });
      if (phone.answer === 'answer' || phone.answer === 'reject') {
        timers.push(clock.setTimer(phone.ringSeconds * 1000, () => done(phone.answer === 'answer' ? 'answer' : 'reject')));
      }
      if (phone.answer === 'manual') this.ringing.set(request.callSid, done);
      timersSet();
    });
  }

  /**
   * A virtual phone calls `to`. Resolves to the CallSid, or null when `to` is not a platform
   * number. The phone hears ringing until the platform answers or rejects the call.
   */
  async placeCall(phone: SimPhone, to: string): Promise<string | null> {
    if (!this.inbound || !(await findPhoneNumberByE164(this.options.db, to))) return null;
    const callSid = orderedSid('CA');
    const transcript = this.transcript(callSid, phone.number);
    transcript.record('ringing');
    const leg = this.leg(callSid, phone, transcript, false);
    await this.inbound({ callSid, from: phone.number, to, callerName: phone.name, leg });
    return callSid;
  }

  /** The live call `callSid`'s leg, for the phone's side of the control API. */
  liveLeg(callSid: string): SimLeg | undefined {
    return this.legs.get(callSid);
  }

  /** A person answers (or rejects) a ringing call to a phone in `manual` mode; false when it is not ringing. */
  answerRinging(callSid: string, answer: boolean): boolean {
    const ring = this.ringing.get(callSid);
    if (!ring) return false;
    ring(answer ? 'answer' : 'reject');
    return true;
  }

  /** Everything one phone experienced on a call, in order (events pushed before the read included). */
  async transcriptOf(callSid: string, phone: string): Promise<SimCallEvent[]> {
    await this.log.flush();
    return listSimCallEvents(this.options.db, callSid, phone);
  }

  /** The phone that took part in a call, from its transcript. */
  async phoneOf(callSid: string): Promise<string | undefined> {
    await this.log.flush();
    const row = await this.options.db.selectFrom('simCallEvents').select('phoneNumber').where('callSid', '=', callSid).limit(1).executeTakeFirst();
    return row?.phoneNumber;
  }

  /** Writes pending transcript events. */
  flush(): Promise<void> {
    return this.log.flush();
  }
}
