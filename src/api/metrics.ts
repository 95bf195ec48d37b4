/**
 * `GET /metrics`: the platform's operational metrics in Prometheus's text format, for the
 * operator — the bootstrap account's own credentials (auth token), since the figures span
 * every account.
 */
import type { FastifyPluginAsync } from 'fastify';
import { TwilioError } from '../errors/index.js';
import type { Metrics } from '../metrics/index.js';
import type { Store } from '../store/index.js';
import { authenticate } from './auth.js';

export const metricsRoutes: FastifyPluginAsync<{ store: Store; metrics: Metrics; operatorSid: string }> = async (app, { store, metrics, operatorSid }) => {
  app.get('/metrics', async (request, reply) => {
    const principal = await authenticate(store, request.headers.authorization);
    if (principal.account.sid !== operatorSid || principal.credential !== 'auth-token') {
      throw new TwilioError(20003, 'The metrics are for the platform operator: use the bootstrap account\'s SID and auth token.', 403);
    }
    return reply.header('content-type', metrics.registry.contentType).send(await metrics.registry.metrics());
  });
};
