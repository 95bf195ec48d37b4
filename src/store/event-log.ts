/**
 * Append-only event rows (call traces, virtual phones' transcripts, the webhook log) written in batches: a busy
 * node produces thousands of events a second, and one multi-row insert per batch costs about
 * what one row would alone. Readers call `flush` first, so what they read includes every event
 * pushed before the read. Nothing here ever updates a row.
 */
import type { Insertable, Kysely } from 'kysely';
import type { CallTraceTable, Database, SimCallEventTable, WebhookRequestTable } from './schema.js';

interface EventTables {
  callTrace: CallTraceTable;
  simCallEvents: SimCallEventTable;
  webhookRequests: WebhookRequestTable;
}

export interface EventLogOptions {
  /** Longest a pushed row waits before it is written (default 20 ms). */
  readonly maxDelayMs?: number;
  /** Rows per insert (default 300; PostgreSQL allows 65,535 parameters per statement). */
  readonly maxRows?: number;
  /** Called when a batch cannot be written (the rows are dropped). */
  readonly onError: (err: unknown) => void;
}

export class EventLog<T extends keyof EventTables> {
  private pending: Insertable<EventTables[T]>[] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxRows: number;

  constructor(private readonly db: Kysely<Database>, private readonly table: T, private readonly options: EventLogOptions) {
    this.maxDelayMs = options.maxDelayMs ?? 20;
    this.maxRows = options.maxRows ?? 300;
  }

  push(row: Insertable<EventTables[T]>): void {
    this.pending.push(row);
    if (this.pending.length >= this.maxRows) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.maxDelayMs);
  }

  /** Writes everything pushed so far; resolves once it is stored. */
  flush(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = null; }
    const rows = this.pending;
    this.pending = [];
    // Batches are written in order, one at a time.
    this.writing = this.writing.then(() => this.write(rows));
    return this.writing;
  }

  private async write(rows: Insertable<EventTables[T]>[]): Promise<void> {
    for (let i = 0; i < rows.length; i += this.maxRows) {
      const batch = rows.slice(i, i + this.maxRows);
      try {
        // kysely cannot relate a generic table name to its row type; T is one of EventTables' keys.
        await (this.db as unknown as Kysely<EventTables>).insertInto(this.table as keyof EventTables).values(batch as Insertable<EventTables[keyof EventTables]>[]).execute();
      } catch (err) {
        this.options.onError(err);
      }
    }
  }
}
