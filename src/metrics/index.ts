/**
 * The platform's operational metrics, in Prometheus's text format (`GET /metrics`): live and
 * total calls, verbs run and the engine's own time per verb (what the platform adds between
 * the app's TwiML and the phone, waits excluded), webhook round trips, and the process's
 * memory and CPU. One registry per platform, so tests running several platforms in one
 * process keep them apart. Records, never reads: nothing in the engines depends on it.
 */
import { Counter, Gauge, Registry, Summary, collectDefaultMetrics } from 'prom-client';

export interface Metrics {
  readonly registry: Registry;
  readonly callsStarted: Counter;
  readonly callsLive: Gauge;
  readonly verbs: Counter<'verb'>;
  /** Seconds of engine time per verb: the verb's wall time less its waits on the far end. */
  readonly verbOverhead: Summary;
  /** Seconds per webhook round trip (TwiML fetches and callbacks). */
  readonly webhookDuration: Summary<'purpose'>;
}

export function createMetrics(): Metrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const percentiles = [0.5, 0.9, 0.99, 0.999];
  return {
    registry,
    callsStarted: new Counter({ name: 'dialtone_calls_started_total', help: 'Calls the engine started (outbound placed and inbound received).', registers: [registry] }),
    callsLive: new Gauge({ name: 'dialtone_calls_live', help: 'Calls this engine is running now.', registers: [registry] }),
    verbs: new Counter({ name: 'dialtone_verbs_total', help: 'TwiML verbs executed, by verb.', labelNames: ['verb'], registers: [registry] }),
    verbOverhead: new Summary({
      name: 'dialtone_verb_engine_seconds', help: 'Engine time per verb: its wall time less its waits on the far end (prompts, input, recording).',
      percentiles, maxAgeSeconds: 600, ageBuckets: 5, registers: [registry],
    }),
    webhookDuration: new Summary({
      name: 'dialtone_webhook_seconds', help: 'Webhook round trips, by purpose.', labelNames: ['purpose'], percentiles, maxAgeSeconds: 600, ageBuckets: 5, registers: [registry],
    }),
  };
}
