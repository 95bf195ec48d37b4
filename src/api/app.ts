/**
 * The REST API: Twilio's 2010-04-01 dialect as fastify plugins, one file per resource. It
 * validates, authorises, writes to the store and returns; it never talks to a carrier or to an
 * app's webhooks itself.
 */
import formbody from '@fastify/formbody';
import Fastify from 'fastify';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { newSid } from '../store/sid.js';
import type { MessagingEngine } from '../messaging/engine.js';
import type { Activity } from '../activity/index.js';
import type { Metrics } from '../metrics/index.js';
import type { SimNetwork } from '../network/sim/index.js';
import type { VoiceEngine } from '../voice/engine.js';
import type { Store } from '../store/index.js';
import { twimletsRoutes } from '../twimlets/index.js';
import { accountsRoutes } from './accounts.js';
import { applicationsRoutes } from './applications.js';
import { callsRoutes } from './calls.js';
import { conferencesRoutes } from './conferences.js';
import { consoleRoutes } from './console.js';
import { DIALTONE_ROOT, dialtoneRoutes } from './dialtone.js';
import { EventStreams } from './event-stream.js';
import { registerAuth } from './auth.js';
import { availablePhoneNumbersRoutes } from './available-phone-numbers.js';
import { registerErrorHandling } from './error-handler.js';
import { incomingPhoneNumbersRoutes } from './incoming-phone-numbers.js';
import { keysRoutes } from './keys.js';
import { messagesRoutes } from './messages.js';
import { optOutSettingsRoutes } from './opt-out-settings.js';
import { metricsRoutes } from './metrics.js';
import { notificationsRoutes } from './notifications.js';
import { queuesRoutes } from './queues.js';
import { recordingsRoutes } from './recordings.js';
import { refuseNulCharacters } from './params.js';
import { simCallsRoutes } from './sim-calls.js';
import { SIM_ROOT, simRoutes } from './sim.js';
import { API_ROOT } from './wire.js';

export interface ApiServices {
  readonly store: Store;
  readonly logger: FastifyBaseLogger;
  readonly messaging: MessagingEngine;
  readonly voice: VoiceEngine;
  readonly sim: SimNetwork;
  /** The base URL users reach the platform on (known once it listens). */
  readonly publicUrl: () => string;
  /** Refuse fetches to private addresses (the hold-music twimlet's bucket). */
  readonly refusePrivateAddresses: boolean;
  readonly metrics: Metrics;
  /** The bootstrap account, whose credentials read the metrics. */
  readonly operatorSid: string;
  /** The platform's live events (the console's event stream). */
  readonly activity: Activity;
  /** Message media content is served without credentials (config.publicMedia). */
  readonly publicMedia?: boolean;
}

/** Form bodies and query strings are bounded: Twilio's largest inputs (TwiML, bodies) are ~64 kB. */
const BODY_LIMIT = 1024 * 1024;

/**
 * Builds the API server (not yet listening).
 *
 * @example
 * const app = await buildApi({ store, logger });
 * await app.listen({ host: '127.0.0.1', port: 3000 });
 */
export async function buildApi(services: ApiServices): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: services.logger,
    bodyLimit: BODY_LIMIT,
    // Event streams (/sim/v1/Events) never go idle: close them too when the platform stops.
    forceCloseConnections: true,
    genReqId: () => newSid('RQ'),
    ajv: {
      // `x-code` on a property names the Twilio code its violations are answered with.
      customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false, keywords: ['x-code', 'x-expected'] },
    },
  });
  app.addHook('onRequest', async (request, reply) => {
    reply.header('Twilio-Request-Id', request.id);
  });
  app.addHook('preValidation', async (request) => {
    // A POST with no body at all is a form with no parameters, as Twilio reads it: each route
    // then names what is missing instead of failing the body as a whole.
    if (request.method === 'POST' && request.body == null) request.body = {};
    refuseNulCharacters(request.query);
    refuseNulCharacters(request.body);
  });
  registerErrorHandling(app);
  await app.register(formbody);
  registerAuth(app, services.store, [API_ROOT, SIM_ROOT, DIALTONE_ROOT], { publicMedia: services.publicMedia === true });
  const opts = { store: services.store };
  await app.register(accountsRoutes, opts);
  await app.register(keysRoutes, opts);
  await app.register(incomingPhoneNumbersRoutes, opts);
  await app.register(availablePhoneNumbersRoutes, opts);
  await app.register(applicationsRoutes, opts);
  await app.register(notificationsRoutes, opts);
  await app.register(messagesRoutes, { store: services.store, messaging: services.messaging });
  await app.register(callsRoutes, { store: services.store, voice: services.voice });
  await app.register(conferencesRoutes, { store: services.store, voice: services.voice });
  await app.register(queuesRoutes, { store: services.store, voice: services.voice });
  await app.register(recordingsRoutes, { store: services.store, publicUrl: services.publicUrl, voice: services.voice });
  const streams = new EventStreams();
  await app.register(simRoutes, { store: services.store, sim: services.sim, streams });
  await app.register(simCallsRoutes, { store: services.store, sim: services.sim });
  await app.register(twimletsRoutes, { refusePrivateAddresses: services.refusePrivateAddresses });
  await app.register(dialtoneRoutes, { store: services.store, voice: services.voice, activity: services.activity, streams });
  await app.register(optOutSettingsRoutes, opts);
  await app.register(consoleRoutes);
  await app.register(metricsRoutes, { store: services.store, metrics: services.metrics, operatorSid: services.operatorSid });
  return app;
}
