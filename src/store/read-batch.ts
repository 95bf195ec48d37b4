/**
 * Batched point reads: lookups by key made at about the same time (every request's account,
 * every message in flight) are answered by one `WHERE key IN (…)` query per turn of the event
 * loop instead of one query each. Nothing is cached: every load reads the database, in the
 * next batch, so it sees every write committed before it was asked.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

type Db = Kysely<Database> | Transaction<Database>;

interface Asker<V> {
  readonly resolve: (value: V | undefined) => void;
  readonly reject: (err: unknown) => void;
}

/** Reads the rows for a set of keys; rows are matched back to keys with `keyOf`. */
export type BatchFetch<K, V> = (db: Kysely<Database>, keys: readonly K[]) => Promise<readonly V[]>;

/**
 * The keys, repeated up to the next power of two: `IN (…)` lists then come in a few lengths
 * only, so their statements stay prepared in the driver's cache.
 */
export function padKeys<K>(keys: readonly K[]): readonly K[] {
  const last = keys[keys.length - 1];
  if (keys.length < 2 || last === undefined) return keys;
  const size = 2 ** Math.ceil(Math.log2(keys.length));
  return size === keys.length ? keys : [...keys, ...Array.from({ length: size - keys.length }, () => last)];
}

class ReadBatch<K, V> {
  private asked = new Map<K, Asker<V>[]>();
  private scheduled = false;

  constructor(private readonly db: Kysely<Database>, private readonly fetch: BatchFetch<K, V>, private readonly keyOf: (row: V) => K, private readonly max: number) {}

  load(key: K): Promise<V | undefined> {
    return new Promise((resolve, reject) => {
      const askers = this.asked.get(key);
      if (askers) askers.push({ resolve, reject });
      else this.asked.set(key, [{ resolve, reject }]);
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => void this.run());
      }
    });
  }

  private async run(): Promise<void> {
    this.scheduled = false;
    const asked = this.asked;
    this.asked = new Map();
    const keys = [...asked.keys()];
    for (let i = 0; i < keys.length; i += this.max) {
      const chunk = keys.slice(i, i + this.max);
      try {
        const rows = await this.fetch(this.db, padKeys(chunk));
        const found = new Map(rows.map((row) => [this.keyOf(row), row]));
        for (const key of chunk) for (const a of asked.get(key) ?? []) a.resolve(found.get(key));
      } catch (err) {
        for (const key of chunk) for (const a of asked.get(key) ?? []) a.reject(err);
      }
    }
  }
}

/**
 * A point lookup that batches: `load(db, key)` resolves to the row or undefined. Inside a
 * transaction the read is made at once, in it (a transaction must see its own writes).
 *
 * @example
 * const loadAccount = batchedLookup((db, sids) => db.selectFrom('accounts').selectAll().where('sid', 'in', sids).execute(), (a) => a.sid);
 * const account = await loadAccount(db, 'AC…');
 */
export function batchedLookup<K, V>(fetch: BatchFetch<K, V>, keyOf: (row: V) => K, max = 512): (db: Db, key: K) => Promise<V | undefined> {
  const batches = new WeakMap<Kysely<Database>, ReadBatch<K, V>>();
  return async (db, key) => {
    if (db.isTransaction) return (await fetch(db, [key])).find((row) => keyOf(row) === key);
    let batch = batches.get(db);
    if (!batch) {
      batch = new ReadBatch(db, fetch, keyOf, max);
      batches.set(db, batch);
    }
    return batch.load(key);
  };
}
