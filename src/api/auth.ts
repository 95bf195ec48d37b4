/**
 * Who is calling, and which account a request may act on. HTTP Basic with an Account SID and
 * auth token, an API key (`SK…` and its secret), or the account's test credentials. A parent
 * reaches its subaccounts; siblings and strangers never do. Suspended and closed accounts (or
 * accounts under a suspended parent) are refused.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { TwilioError } from '../errors/index.js';
import { findAccount, findAccountByTestSid } from '../store/accounts.js';
import type { Account } from '../store/accounts.js';
import type { Store } from '../store/index.js';
import { verifyKey } from '../store/keys.js';

export interface Principal {
  /** The account the credentials belong to. */
  readonly account: Account;
  readonly credential: 'auth-token' | 'api-key' | 'test';
}

declare module 'fastify' {
  interface FastifyRequest {
    principal: Principal | null;
  }
  interface FastifyContextConfig {
    /** The route answers test credentials (Twilio: POST to Messages, Calls, IncomingPhoneNumbers). */
    testCredentials?: boolean;
    /** API keys may not use the route (Twilio: Accounts and Keys need the account's own token). */
    noApiKeys?: boolean;
    /** Media content: answered without credentials when the platform serves media publicly. */
    publicMedia?: boolean;
  }
}

const unauthenticated = () => new TwilioError(20003, 'Authenticate');

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

function parseBasic(header: string | undefined): { user: string; pass: string } | null {
  if (!header || !/^basic /i.test(header)) return null;
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), pass: decoded.slice(colon + 1) };
}

/** Throws 20005 unless the account, and its parent if it has one, are active. */
export async function assertActive(store: Store, account: Account): Promise<void> {
  if (account.status !== 'active') throw new TwilioError(20005, `Account ${account.sid} is ${account.status}.`);
  if (account.parentSid) {
    const parent = await findAccount(store.db, account.parentSid);
    if (!parent || parent.status !== 'active') throw new TwilioError(20005, `Account ${account.sid} belongs to an account that is not active.`);
  }
}

/** Resolves HTTP Basic credentials to a principal, or throws 20003/20005. */
export async function authenticate(store: Store, authorization: string | undefined): Promise<Principal> {
  const credentials = parseBasic(authorization);
  if (!credentials) throw unauthenticated();
  const { user, pass } = credentials;
  let principal: Principal | null = null;
  if (user.startsWith('SK')) {
    const key = await verifyKey(store.db, user, pass);
    const account = key && (await findAccount(store.db, key.accountSid));
    if (account) principal = { account, credential: 'api-key' };
  } else if (user.startsWith('AC')) {
    const live = await findAccount(store.db, user);
    if (live && sameSecret(live.authToken, pass)) principal = { account: live, credential: 'auth-token' };
    const test = live ? undefined : await findAccountByTestSid(store.db, user);
    if (test && sameSecret(test.testAuthToken, pass)) principal = { account: test, credential: 'test' };
  }
  if (!principal) throw unauthenticated();
  await assertActive(store, principal.account);
  return principal;
}

/** Registers authentication for every route under the given roots (the REST API, the sim API). */
export function registerAuth(app: FastifyInstance, store: Store, roots: readonly string[], options: { publicMedia?: boolean } = {}): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    if (!roots.some((root) => request.url.startsWith(`${root}/`))) return;
    const config = request.routeOptions.config;
    // A request without credentials to public media goes on with no principal; one with them is checked as ever.
    if (options.publicMedia && config.publicMedia && request.headers.authorization === undefined) return;
    const principal = await authenticate(store, request.headers.authorization);
    if (principal.credential === 'test' && !(config.testCredentials && request.method === 'POST')) {
      throw new TwilioError(20008, 'Resource not accessible with Test Account Credentials');
    }
    if (principal.credential === 'api-key' && config.noApiKeys) {
      throw new TwilioError(20003, 'API keys cannot access this resource: use the Account SID and Auth Token.');
    }
    request.principal = principal;
  });
}

export interface AccountAccess {
  /** The account acted on (for test credentials, the live account they belong to). */
  readonly account: Account;
  readonly principal: Principal;
}

/**
 * The account named by a request's path, if the caller may act on it: its own account, or one
 * of its subaccounts (active, unless `allowInactive`, which only the Account resource uses).
 */
export async function accessAccount(store: Store, request: FastifyRequest, accountSid: string, allowInactive = false): Promise<AccountAccess> {
  const principal = request.principal;
  if (!principal) throw unauthenticated();
  const own = principal.credential === 'test' ? principal.account.testSid : principal.account.sid;
  if (accountSid === own) return { account: principal.account, principal };
  if (principal.credential === 'test') throw unauthenticated();
  const target = await findAccount(store.db, accountSid);
  if (!target || target.parentSid !== principal.account.sid) throw unauthenticated();
  if (!allowInactive && target.status !== 'active') throw new TwilioError(20005, `Account ${target.sid} is ${target.status}.`);
  return { account: target, principal };
}
