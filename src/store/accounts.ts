/**
 * Accounts and subaccounts. An account's auth token signs its webhooks, so it is kept as is; a
 * subaccount is reachable by its parent; siblings never see each other.
 */
import type { Kysely, Selectable } from 'kysely';
import { fetchPage } from './page.js';
import { batchedLookup } from './read-batch.js';
import type { Page, PageRequest } from './page.js';
import type { AccountStatus, AccountTable, Database } from './schema.js';
import { newSecret, newSid, nowIso } from './sid.js';

export type Account = Selectable<AccountTable>;

export interface NewAccount {
  readonly friendlyName: string;
  readonly parentSid: string | null;
  /** Fixed credentials (the bootstrap account in CI); random when omitted. */
  readonly sid?: string;
  readonly authToken?: string;
}

export async function createAccount(db: Kysely<Database>, input: NewAccount): Promise<Account> {
  const now = nowIso();
  const row: Account = {
    sid: input.sid ?? newSid('AC'),
    parentSid: input.parentSid,
    friendlyName: input.friendlyName,
    status: 'active',
    type: 'Full',
    authToken: input.authToken ?? newSecret(),
    testSid: newSid('AC'),
    testAuthToken: newSecret(),
    dateCreated: now,
    dateUpdated: now,
  };
  await db.insertInto('accounts').values(row).execute();
  return row;
}

const loadAccount = batchedLookup((db, sids: readonly string[]) => db.selectFrom('accounts').selectAll().where('sid', 'in', sids).execute(), (a) => a.sid);

/** The account with this SID (reads made at about the same time share one query). */
export async function findAccount(db: Kysely<Database>, sid: string): Promise<Account | undefined> {
  return loadAccount(db, sid);
}

export async function findAccountByTestSid(db: Kysely<Database>, testSid: string): Promise<Account | undefined> {
  return db.selectFrom('accounts').selectAll().where('testSid', '=', testSid).executeTakeFirst();
}

export interface AccountFilter {
  /** The account whose own record and subaccounts are listed. */
  readonly visibleTo: string;
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
}

export async function listAccounts(db: Kysely<Database>, filter: AccountFilter, page: PageRequest): Promise<Page<Account>> {
  let q = db
    .selectFrom('accounts')
    .selectAll()
    .where((eb) => eb.or([eb('sid', '=', filter.visibleTo), eb('parentSid', '=', filter.visibleTo)]));
  if (filter.friendlyName !== undefined) q = q.where('friendlyName', '=', filter.friendlyName);
  if (filter.status !== undefined) q = q.where('status', '=', filter.status);
  return fetchPage(q, page);
}

export interface AccountChanges {
  readonly friendlyName?: string;
  readonly status?: AccountStatus;
  readonly authToken?: string;
}

/**
 * Applies changes and returns the updated account. Closing an account releases its phone
 * numbers and revokes its API keys, as Twilio does: a closed account is gone for good.
 */
export async function updateAccount(db: Kysely<Database>, sid: string, changes: AccountChanges): Promise<Account | undefined> {
  return db.transaction().execute(async (tx) => {
    await tx.updateTable('accounts').set({ ...changes, dateUpdated: nowIso() }).where('sid', '=', sid).execute();
    if (changes.status === 'closed') {
      await tx.deleteFrom('incomingPhoneNumbers').where('accountSid', '=', sid).execute();
      await tx.deleteFrom('apiKeys').where('accountSid', '=', sid).execute();
    }
    return tx.selectFrom('accounts').selectAll().where('sid', '=', sid).executeTakeFirst();
  });
}
