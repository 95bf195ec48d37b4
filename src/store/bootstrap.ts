/**
 * The bootstrap account: created on first start, reused on every later start. Fixed credentials
 * from the configuration (CI, scripts) take over: the account with that SID is created or its
 * token updated, and it becomes the bootstrap account.
 */
import type { Kysely } from 'kysely';
import { createAccount, findAccount, updateAccount } from './accounts.js';
import type { Account } from './accounts.js';
import type { Database } from './schema.js';
import { getSetting, setSetting } from './settings.js';

const KEY = 'bootstrap_account_sid';

export interface BootstrapCredentials {
  readonly accountSid: string | null;
  readonly authToken: string | null;
}

export async function ensureBootstrapAccount(db: Kysely<Database>, fixed: BootstrapCredentials): Promise<{ account: Account; created: boolean }> {
  const sid = fixed.accountSid ?? (await getSetting(db, KEY));
  let existing = sid ? await findAccount(db, sid) : undefined;
  if (existing && fixed.authToken && existing.authToken !== fixed.authToken) {
    existing = await updateAccount(db, existing.sid, { authToken: fixed.authToken });
  }
  if (existing) {
    await setSetting(db, KEY, existing.sid);
    return { account: existing, created: false };
  }
  const account = await createAccount(db, {
    friendlyName: 'Dialtone bootstrap account',
    parentSid: null,
    ...(fixed.accountSid ? { sid: fixed.accountSid } : {}),
    ...(fixed.authToken ? { authToken: fixed.authToken } : {}),
  });
  await setSetting(db, KEY, account.sid);
  return { account, created: true };
}

/** The bootstrap account, if the platform has been started on this store before. */
export async function findBootstrapAccount(db: Kysely<Database>): Promise<Account | undefined> {
  const sid = await getSetting(db, KEY);
  return sid ? findAccount(db, sid) : undefined;
}
