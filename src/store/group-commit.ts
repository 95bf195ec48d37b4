/**
 * Group commit: writes that many callers make at about the same time (messages accepted by
 * concurrent API requests, status changes of messages in flight, finished jobs) are written
 * together, in one transaction per flush, and each kind of write as one statement for all its
 * items. A caller's promise resolves only once its write is committed, so nothing is
 * acknowledged before it is durable. A flush starts on the next turn of the event loop, or as
 * soon as the previous one ends: the busier the platform, the bigger the batches, and an idle
 * one adds no delay but a turn. If a batch fails, its items are retried one by one, so one bad
 * item fails only its own caller.
 *
 * Must never hold a caller's write back for a timer: latency is one flush at most.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';

/** One kind of write: how a batch of items is written inside a transaction. */
export interface WriteKind<I, R> {
  /** For errors and logs. */
  readonly name: string;
  /** Writes every item; one result per item, in order. */
  write(tx: Transaction<Database>, items: readonly I[]): Promise<readonly R[]>;
}

interface Waiter<I, R> {
  readonly item: I;
  readonly resolve: (result: R) => void;
  readonly reject: (err: unknown) => void;
}

/** The items of one kind waiting for the next flush. */
class KindQueue<I, R> {
  waiters: Waiter<I, R>[] = [];

  constructor(readonly kind: WriteKind<I, R>) {}

  /** Takes up to `max` waiters and returns what writes them and settles them. */
  take(max: number): { run: (tx: Transaction<Database>) => Promise<() => void>; alone: (db: Kysely<Database>) => Promise<void> } {
    const taken = this.waiters.splice(0, max);
    return {
      run: async (tx) => {
        const results = await this.kind.write(tx, taken.map((w) => w.item));
        return () => taken.forEach((w, i) => w.resolve(results[i] as R));
      },
      alone: async (db) => {
        for (const w of taken) {
          try {
            const [result] = await db.transaction().execute((tx) => this.kind.write(tx, [w.item]));
            w.resolve(result as R);
          } catch (err) {
            w.reject(err);
          }
        }
      },
    };
  }
}

export interface GroupCommitOptions {
  /** Most items in one flush (default 500). */
  readonly maxItems?: number;
}

export class GroupCommit {
  private readonly queues = new Map<WriteKind<never, unknown>, KindQueue<never, unknown>>();
  private pending = 0;
  private scheduled = false;
  private flushing: Promise<void> | null = null;
  private readonly maxItems: number;
  /** The kind served first in the next flush: kinds take turns, so a backlog of one cannot crowd out the rest. */
  private turn = 0;

  constructor(private readonly db: Kysely<Database>, options: GroupCommitOptions = {}) {
    this.maxItems = options.maxItems ?? 500;
  }

  /** Writes `item` with the next flush; resolves with its result once committed. */
  write<I, R>(kind: WriteKind<I, R>, item: I): Promise<R> {
    // One queue per kind; the map forgets the kind's types, which this lookup restores.
    let queue = this.queues.get(kind) as KindQueue<I, R> | undefined;
    if (!queue) {
      queue = new KindQueue(kind);
      this.queues.set(kind, queue as unknown as KindQueue<never, unknown>);
    }
    const target = queue;
    return new Promise<R>((resolve, reject) => {
      target.waiters.push({ item, resolve, reject });
      this.pending++;
      this.schedule();
    });
  }

  /** Resolves once everything written so far is committed. */
  async drain(): Promise<void> {
    while (this.pending > 0 || this.flushing || this.scheduled) await (this.flushing ?? new Promise((resolve) => setImmediate(resolve)));
  }

  private schedule(): void {
    if (this.scheduled || this.flushing) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.flushing = this.flush().finally(() => {
        this.flushing = null;
        if (this.pending > 0) this.schedule();
      });
    });
  }

  private async flush(): Promise<void> {
    const parts: ReturnType<KindQueue<never, unknown>['take']>[] = [];
    let room = this.maxItems;
    const queues = [...this.queues.values()];
    const first = this.turn++ % Math.max(1, queues.length);
    for (const queue of [...queues.slice(first), ...queues.slice(0, first)]) {
      if (room <= 0) break;
      const count = Math.min(room, queue.waiters.length);
      if (count === 0) continue;
      parts.push(queue.take(count));
      room -= count;
      this.pending -= count;
    }
    if (parts.length === 0) return;
    let settle: Array<() => void>;
    try {
      settle = await this.db.transaction().execute(async (tx) => {
        const done: Array<() => void> = [];
        for (const part of parts) done.push(await part.run(tx));
        return done;
      });
    } catch {
      for (const part of parts) await part.alone(this.db);
      return;
    }
    for (const resolve of settle) resolve();
  }
}

const commits = new WeakMap<Kysely<Database>, GroupCommit>();

/** The store's group commit (one per database handle). */
export function groupCommitOf(db: Kysely<Database>): GroupCommit {
  let commit = commits.get(db);
  if (!commit) {
    commit = new GroupCommit(db);
    commits.set(db, commit);
  }
  return commit;
}
