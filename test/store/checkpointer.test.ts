/**
 * SQLite's checkpoints run in a thread of their own: the server's connection only appends to
 * the write-ahead log (its own automatic checkpoint waits for 20,000 pages), so the database
 * file grows only because the checkpointing thread copies the log into it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';

test('rows written reach the database file without the server checkpointing, and the store closes cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-checkpoint-'));
  try {
    const store = await openStore({ databaseUrl: null, dataDir });
    const file = join(dataDir, 'dialtone.db');
    await sql`create table bulk (id integer primary key, data blob)`.execute(store.db);
    const before = statSync(file).size;
    // About 4 MB: a thousand pages, a twentieth of the server's own checkpoint mark.
    for (let i = 0; i < 40; i++) {
      await sql`insert into bulk (data) select randomblob(1000) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < 100) select i from n)`.execute(store.db);
    }
    const deadline = Date.now() + 10_000;
    while (statSync(file).size < before + 3_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(statSync(file).size >= before + 3_000_000, `the database file grew from ${before} to ${statSync(file).size} bytes only`);
    await store.close();
    const again = await openStore({ databaseUrl: null, dataDir });
    try {
      const counted = await sql<{ n: number }>`select count(*) as n from bulk`.execute(again.db);
      assert.equal(counted.rows[0]?.n, 4000);
    } finally {
      await again.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
