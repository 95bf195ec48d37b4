/**
 * SQLite's checkpoints run in a thread of their own: the server's connection only appends to
 * the write-ahead log (its own automatic checkpoint waits for 4,000 pages), so the database
 * file grows only because the checkpointing thread copies the log into it.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { sql } from 'kysely';
import { openStore } from '../../src/store/index.js';

const batch = (rows: number, bytes: number) =>
  sql`insert into bulk (data) select randomblob(${bytes}) from (with recursive n(i) as (select 1 union all select i + 1 from n where i < ${rows}) select i from n)`;

test('rows written reach the database file without the server checkpointing, and the store closes cleanly', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-checkpoint-'));
  try {
    const store = await openStore({ databaseUrl: null, dataDir });
    const file = join(dataDir, 'dialtone.db');
    await sql`create table bulk (id integer primary key, data blob)`.execute(store.db);
    const before = statSync(file).size;
    // About 4 MB: a thousand pages, a quarter of the server's own checkpoint mark.
    for (let i = 0; i < 40; i++) {
      await batch(100, 1000).execute(store.db);
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

test('under writes that never pause, the write-ahead log is still restarted: it stays far smaller than what was written', async () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'dialtone-checkpoint-'));
  try {
    const store = await openStore({ databaseUrl: null, dataDir });
    try {
      await sql`create table bulk (id integer primary key, data blob)`.execute(store.db);
      let largest = 0;
      // 60 MB in 100 KB transactions, back to back. The log is restarted near 16 MB, later on a
      // machine whose disk is busy (a checkpoint waits on fsync); one never restarted exceeds 60 MB.
      for (let i = 0; i < 600; i++) {
        await batch(100, 1000).execute(store.db);
        largest = Math.max(largest, statSync(join(dataDir, 'dialtone.db-wal')).size);
      }
      assert.ok(largest < 40_000_000, `the log grew to ${largest} bytes`);
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
});
