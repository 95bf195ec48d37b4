/**
 * Starts the whole platform from a configuration: the store (migrated), the bootstrap account,
 * and the API listening. The one place the parts are wired together.
 */
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { Activity } from './activity/index.js';
import { buildApi } from './api/app.js';
import { watchMessageStatuses } from './store/message-history.js';
import type { Config } from './config/index.js';
import type { Account } from './store/accounts.js';
import { ensureBootstrapAccount } from './store/bootstrap.js';
import { openStore } from './store/index.js';
import { flushWebhookRequests } from './store/webhook-requests.js';
import type { Store } from './store/index.js';
import { JobWorker } from './jobs/worker.js';
import type { WorkerOptions } from './jobs/worker.js';
import { MessagingEngine } from './messaging/engine.js';
import { createFastClock } from './clock/fast/index.js';
import { createSystemClock } from './clock/system/index.js';
import type { Clock } from './clock/clock.js';
import { detectSynthesizer } from './media/index.js';
import { createMetrics } from './metrics/index.js';
import type { Metrics } from './metrics/index.js';
import { createSimNetwork } from './network/sim/index.js';
import type { SimNetwork } from './network/sim/index.js';
import { twimletPath } from './twimlets/index.js';
import { VoiceEngine } from './voice/engine.js';
import { createWebhooks } from './webhooks/index.js';
import type { Webhooks } from './webhooks/index.js';

export interface Platform {
  /** Base URL of the API as users reach it. */
  readonly url: string;
  readonly account: Account;
  /** Whether the bootstrap account was created by this start. */
  readonly created: boolean;
  readonly store: Store;
  readonly api: FastifyInstance;
  /** The one way out to apps, for the engines. */
  readonly webhooks: Webhooks;
  readonly messaging: MessagingEngine;
  readonly voice: VoiceEngine;
  readonly metrics: Metrics;
  /** Call time: the system clock, or the fast clock (`--clock=fast`). */
  readonly clock: Clock;
  /** The simulated network (the embedded default carrier). */
  readonly sim: SimNetwork;
  close(): Promise<void>;
}

/** The URL to show users: the configured public URL, or the listener (loopback for wildcard hosts). */
function baseUrl(config: Config, port: number): string {
  if (config.publicUrl) return config.publicUrl;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}

/**
 * @example
 * const platform = await startPlatform(parseConfig({ port: '0' }));
 * console.log(platform.url, platform.account.sid);
 */
export interface PlatformOptions {
  readonly logger?: FastifyBaseLogger;
  /** Job worker tuning (tests shorten the lease to exercise crash recovery). */
  readonly jobs?: WorkerOptions;
}

export async function startPlatform(config: Config, options: PlatformOptions = {}): Promise<Platform> {
  const logger = options.logger;
  const log = logger ?? pino({ level: config.logLevel });
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const { account, created } = await ensureBootstrapAccount(store.db, config.bootstrap);
    // Known once the API listens: the URL users reach (recording URLs) and the listener itself (twimlets).
    let publicUrl = config.publicUrl ?? '';
    let listener = '';
    // twimlets.com is answered by the platform's own twimlets: a call never leaves the machine for them.
    const route = (url: URL) => { const path = twimletPath(url.href); return path !== null && listener ? { origin: listener, path } : null; };
    const webhooks = createWebhooks(store.db, { refusePrivateAddresses: config.refusePrivateWebhooks, route });
    const clock = config.clock === 'fast' ? createFastClock() : createSystemClock();
    const metrics = createMetrics();
    const sim = createSimNetwork({ db: store.db, clock, synthesizer: await detectSynthesizer(), onError: (err) => log.warn({ err }, 'keeping a transcript failed') });
    let worker: JobWorker | null = null;
    const notifyWorker = () => worker?.notify();
    const activity = new Activity();
    watchMessageStatuses(store.db, (e) => activity.publish({ type: 'message-status', ...e }));
    const messaging = new MessagingEngine({
      store, webhooks, carrier: sim.messaging, notifyWorker, holdJob: () => worker?.hold() ?? null, publicUrl: () => publicUrl, smsCountries: config.smsCountries,
    });
    const voice = new VoiceEngine({
      store, webhooks, carrier: sim.voice, clock, log, metrics, messaging, notifyWorker, publicUrl: () => publicUrl, activity,
      // A dead engine's calls are given up as a dead worker's jobs are.
      leaseMs: config.jobLeaseMs,
    });
    worker = new JobWorker(store, { ...messaging.jobHandlers(), ...voice.jobHandlers() }, log, { leaseMs: config.jobLeaseMs, ...options.jobs });
    const api = await buildApi({ store, logger: log, messaging, voice, sim, publicUrl: () => publicUrl, refusePrivateAddresses: config.refusePrivateWebhooks,
      metrics, operatorSid: account.sid, activity, publicMedia: config.publicMedia,
    });
    await api.listen({ host: config.host, port: config.port });
    const address = api.server.address();
    const port = typeof address === 'object' && address ? address.port : config.port;
    publicUrl = baseUrl(config, port);
    listener = baseUrl({ ...config, publicUrl: null }, port);
    const jobs = worker;
    await voice.start();
    jobs.start();
    return {
      url: publicUrl, account, created, store, api, webhooks, messaging, voice, clock, sim, metrics,
      close: async () => {
        await api.close();
        await voice.close();
        await jobs.stop();
        await sim.voice.flush();
        await webhooks.close();
        await flushWebhookRequests(store.db);
        await store.close();
      },
    };
  } catch (err) {
    await store.close();
    throw err;
  }
}
