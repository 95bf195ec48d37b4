/** `dialtone accounts`: the bootstrap account's credentials and its subaccounts, read from the local store. */
import type { Config } from '../config/index.js';
import { listAccounts } from '../store/accounts.js';
import { findBootstrapAccount } from '../store/bootstrap.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './io.js';

export async function accountsCommand(config: Config, io: CliIo, json: boolean): Promise<number> {
  const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const bootstrap = await findBootstrapAccount(store.db);
    if (!bootstrap) {
      io.stderr('No bootstrap account yet: run `dialtone start` once (with the same --data-dir or DATABASE_URL).');
      return 1;
    }
    const page = await listAccounts(store.db, { visibleTo: bootstrap.sid }, { pageSize: 1000, cursor: null, offset: 0, order: 'asc' });
    if (json) {
      io.stdout(JSON.stringify(page.rows.map((a) => ({ sid: a.sid, authToken: a.authToken, friendlyName: a.friendlyName, status: a.status, parentSid: a.parentSid, testSid: a.testSid, testAuthToken: a.testAuthToken })), null, 2));
      return 0;
    }
    for (const account of page.rows) {
      const role = account.sid === bootstrap.sid ? 'bootstrap' : 'subaccount';
      io.stdout(`${account.sid}  ${account.authToken}  ${account.status.padEnd(9)}  ${role.padEnd(10)}  ${account.friendlyName}`);
    }
    io.stdout(`\ntest credentials (bootstrap): ${bootstrap.testSid} / ${bootstrap.testAuthToken}`);
    return 0;
  } finally {
    await store.close();
  }
}
