/**
 * Twilio's twimlets (https://www.twilio.com/labs/twimlets), served by Dialtone under
 * `/twimlets/<name>` so that apps using `http://twimlets.com/…` URLs work offline: the voice
 * engine rewrites those URLs with {@link twimletPath} and fetches them like any app URL.
 *
 * Twimlets are public, as twimlets.com was: no authentication (the API's auth hook guards only
 * its own roots). Each answers GET and POST (parameters in the query string, the form body, or
 * both) with `text/xml` TwiML, built by the pure function in its own file. A request whose
 * parameters are out of bounds gets a 400 (or 413) in plain text, which the engine reports as it
 * reports any failing app. The hold music twimlet is the only one that reaches out (to a bucket
 * listing), bounded in time and size.
 */
import type { FastifyPluginAsync } from 'fastify';
import { BucketReader } from './bucket.js';
import { conferenceTwiml } from './conference.js';
import { ECHO_LONG_VALUES, echoTwiml } from './echo.js';
import { findmeTwiml } from './findme.js';
import { forwardTwiml } from './forward.js';
import { holdmusicTwiml } from './holdmusic.js';
import { menuTwiml } from './menu.js';
import { messageTwiml } from './message.js';
import { readParams, TWIMLETS_ROOT } from './params.js';
import type { TwimletParams } from './params.js';
import { isHttpUrl } from './prompt.js';
import { simulringTwiml } from './simulring.js';
import { voicemailTwiml } from './voicemail.js';
import { whisperTwiml } from './whisper.js';

export { TWIMLETS_ROOT } from './params.js';

/** What a twimlet may use besides its parameters. */
interface TwimletServices {
  readonly buckets: BucketReader;
}

interface Twimlet {
  /** Parameters allowed past the usual value length, with their limit in bytes. */
  readonly longValues?: Readonly<Record<string, number>>;
  respond(params: TwimletParams, services: TwimletServices): string | Promise<string>;
}

/** Every twimlet Dialtone serves, by its twimlets.com name. */
const TWIMLETS: Readonly<Record<string, Twimlet>> = {
  message: { respond: messageTwiml },
  echo: { longValues: ECHO_LONG_VALUES, respond: echoTwiml },
  menu: { respond: menuTwiml },
  voicemail: { respond: voicemailTwiml },
  forward: { respond: forwardTwiml },
  simulring: { respond: simulringTwiml },
  findme: { respond: findmeTwiml },
  whisper: { respond: whisperTwiml },
  holdmusic: { respond: (params, { buckets }) => holdmusicTwiml(params, (url) => buckets.keys(url)) },
  conference: { respond: conferenceTwiml },
};

/** The names of the twimlets Dialtone serves. */
export const TWIMLET_NAMES: readonly string[] = Object.freeze(Object.keys(TWIMLETS));

const TWIMLETS_HOSTS = new Set(['twimlets.com', 'www.twimlets.com']);

/**
 * The Dialtone path of a twimlets.com URL: `http(s)://twimlets.com/<name>?query` (or
 * `www.twimlets.com`, or `…/twimlets/<name>`, where the twimlets' own action URLs lead) →
 * `/twimlets/<name>?query`, the query (and any fragment, which carries
 * Dialtone's connection overrides) kept as written. Null for any other URL, and for twimlets
 * Dialtone does not serve, so the engine can fetch those from the network as it would any URL.
 *
 * @example
 * twimletPath('http://twimlets.com/message?Message%5B0%5D=Hello'); // '/twimlets/message?Message%5B0%5D=Hello'
 * twimletPath('https://example.com/message'); // null
 */
export function twimletPath(url: string): string | null {
  if (!isHttpUrl(url)) return null;
  const parsed = new URL(url);
  if (!TWIMLETS_HOSTS.has(parsed.hostname) || parsed.port !== '' || parsed.username !== '' || parsed.password !== '') return null;
  // Twimlets' own action URLs are `/twimlets/<name>…`: on twimlets.com they resolve to that path.
  const name = parsed.pathname.replace(/^\/(?:twimlets\/)?/, '');
  if (!Object.hasOwn(TWIMLETS, name)) return null;
  return `${TWIMLETS_ROOT}/${name}${parsed.search}${parsed.hash}`;
}

/** Options of {@link twimletsRoutes}. */
export interface TwimletsOptions {
  /** Refuse hold music buckets on loopback and private addresses (production); default false. */
  readonly refusePrivateAddresses?: boolean;
  /** How long the hold music twimlet waits for a bucket listing; default 5 s. */
  readonly bucketTimeoutMs?: number;
}

/**
 * Registers `GET` and `POST /twimlets/<name>` for every twimlet.
 *
 * @example
 * await app.register(twimletsRoutes);
 * // GET /twimlets/message?Message=Hello → <Response><Say>Hello</Say></Response>
 */
export const twimletsRoutes: FastifyPluginAsync<TwimletsOptions> = async (app, options) => {
  const buckets = new BucketReader({ refusePrivateAddresses: options.refusePrivateAddresses, timeoutMs: options.bucketTimeoutMs });
  app.addHook('onClose', async () => { await buckets.close(); });
  for (const [name, twimlet] of Object.entries(TWIMLETS)) {
    app.route({
      method: ['GET', 'POST'],
      url: `${TWIMLETS_ROOT}/${name}`,
      handler: async (request, reply) => {
        const mark = request.url.indexOf('?');
        const read = readParams(mark < 0 ? '' : request.url.slice(mark + 1), request.body, twimlet.longValues);
        if (!read.ok) return reply.code(read.status).type('text/plain; charset=utf-8').send(read.message);
        const twiml = await twimlet.respond(read.params, { buckets });
        return reply.type('text/xml').send(twiml);
      },
    });
  }
};
