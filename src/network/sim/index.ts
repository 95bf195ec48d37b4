/**
 * The simulated network, the embedded default carrier: virtual phones that text and call. Its
 * messaging and voice halves share one event stream (what `/sim/v1/Events` publishes).
 */
import { EventEmitter } from 'node:events';
import type { Kysely } from 'kysely';
import type { Clock } from '../../clock/clock.js';
import type { SpeechSynthesizer } from '../../media/index.js';
import type { Database } from '../../store/schema.js';
import { SimMessaging } from './messaging.js';
import type { SimMessageEvent } from './messaging.js';
import type { SimCallEvent } from './transcript.js';
import { SimVoice } from './voice.js';

export type { SimMessageEvent } from './messaging.js';
export type { SimCallEvent } from './transcript.js';
export { parseScript } from './script.js';
export { SimVoice } from './voice.js';
export { SimMessaging } from './messaging.js';

/** What the event stream carries. */
export type SimEvent = SimMessageEvent | SimCallEvent;

/** Emitted on the network's events with the number when a virtual phone is deleted (the number may go to another account). */
export const PHONE_REMOVED = 'phone-removed';

export interface SimNetwork {
  readonly events: EventEmitter;
  readonly messaging: SimMessaging;
  readonly voice: SimVoice;
}

export function createSimNetwork(options: { db: Kysely<Database>; clock: Clock; synthesizer: SpeechSynthesizer; onError: (err: unknown) => void }): SimNetwork {
  const events = new EventEmitter();
  events.setMaxListeners(0);
  const messaging = new SimMessaging(options.db, events);
  const voice = new SimVoice({ db: options.db, events, clock: options.clock, synthesizer: options.synthesizer, onError: options.onError });
  events.on(PHONE_REMOVED, (number: string) => voice.phoneRemoved(number));
  return { events, messaging, voice };
}
