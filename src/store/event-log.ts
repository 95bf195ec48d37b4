/**
 * Append-only event rows (call traces, virtual phones' transcripts) written in batches: a busy
 * node produces thousands of events a second, and one multi-row insert per batch costs about
 * what one row would alone. Readers call `flush` first, so what they read includes every event
 * pushed before the read. Nothing here ever updates a row.
 */
import type { Kysely, Selectable } from 'kysely';
import { insertRows } from './bulk-insert.js';
import type { BulkTable } from './bulk-insert.js';
import type { CallTraceTable, Database, MessageStatusHistoryTable, SimCallEventTable } from './schema.js';

interface EventTables {
  callTrace: Selectable<CallTraceTable>;
  simCallEvents: Selectable<SimCallEventTable>;
  messageStatusHistory: Selectable<MessageStatusHistoryTable>;
}

/** Each event table's columns, for cached multi-row inserts (./bulk-insert.ts). */
const SPECS: { readonly [T in keyof EventTables]: BulkTable<EventTables[T]> } = {
  callTrace: { table: 'call_trace', columns: ['callSid', 'seq', 'accountSid', 'at', 'kind', 'detail'] },
  simCallEvents: { table: 'sim_call_events', columns: ['callSid', 'seq', 'phoneNumber', 'atMs', 'event', 'detail'] },
  messageStatusHistory: { table: 'message_status_history', columns: ['messageSid', 'accountSid', 'status', 'at'] },
};

export interface EventLogOptions {
  /** Longest a pushed row waits before it is written (default 100 ms; readers flush first). */
  readonly maxDelayMs?: number;
  /** Rows per statement (default 128: on SQLite a write blocks the event loop, so batches stay short). */
  readonly maxRows?: number;
  /** Called when a batch cannot be written (the rows are dropped). */
  readonly onError: (err: unknown) => void;
}

export class EventLog<T extends keyof EventTables> {
  private pending: EventTables[T][] = [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();
  private readonly maxDelayMs: number;
  private readonly maxRows: number;

  constructor(private readonly db: Kysely<Database>, private readonly table: T, private readonly options: EventLogOptions) {
    this.maxDelayMs = options.maxDelayMs ?? 100;
    this.maxRows = options.maxRows ?? 128;
  }

  push(row: EventTables[T]): void {
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

  private async write(rows: EventTables[T][]): Promise<void> {
    for (let i = 0; i < rows.length; i += this.maxRows) {
      // Let I/O in between statements (a SQLite write holds the event loop while it runs).
      if (i > 0) await new Promise((resolve) => setImmediate(resolve));
      const batch = rows.slice(i, i + this.maxRows);
      try {
        await insertRows(this.db, SPECS[this.table] as BulkTable<EventTables[T]>, batch);
      } catch (err) {
        this.options.onError(err);
      }
    }
  }
}
