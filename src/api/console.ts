/**
 * The console: the web UI's bundle (console/dist, built by `npm run build`) served at
 * /console/. The pages are public files; everything they show comes from the API, which they
 * call with the credentials the user signs in with.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync } from 'fastify';

export const CONSOLE_PATH = '/console/';

/** console/dist, from src/api or dist/api alike. */
const BUNDLE = fileURLToPath(new URL('../../console/dist/', import.meta.url));

export const consoleRoutes: FastifyPluginAsync = async (app) => {
  app.get('/console', async (_request, reply) => reply.redirect(CONSOLE_PATH));
  if (!existsSync(BUNDLE)) {
    app.get(`${CONSOLE_PATH}*`, async (_request, reply) => reply.status(503).type('text/plain')
      .send('The console is not built: run `npm run build` (or `npm run build:console`) and restart.\n'));
    return;
  }
  await app.register(fastifyStatic, { root: BUNDLE, prefix: CONSOLE_PATH, index: ['index.html'], maxAge: '1h', immutable: false });
};
