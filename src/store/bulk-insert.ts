/**
 * Multi-row inserts without the query builder, for the hottest writes (messages and their
 * jobs, inbox entries): kysely compiles a row's every value into nodes and runs each through
 * the camel-case plugin, which cost more than the database itself did for a batch of messages.
 * The SQL is built once per table, column set, row count and dialect, and cached.
 */
import { CompiledQuery, PostgresAdapter } from 'kysely';
import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** A table's columns in the order rows give their values: camelCase (as rows have them) to snake_case. */
export interface BulkTable<Row> {
  readonly table: string;
  readonly columns: ReadonlyArray<keyof Row & string>;
  /** `on conflict (…) do nothing` target, if repeats are to be skipped. */
  readonly ignoreConflictOn?: readonly string[];
}

const snake = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
const statements = new Map<string, string>();

function statementFor<Row>(spec: BulkTable<Row>, rows: number, postgres: boolean, returning: string | undefined): string {
  const key = `${spec.table}|${spec.columns.join(',')}|${rows}|${postgres}|${returning ?? ''}`;
  let text = statements.get(key);
  if (text === undefined) {
    const width = spec.columns.length;
    const tuples = Array.from({ length: rows }, (_, r) =>
      `(${spec.columns.map((_c, i) => (postgres ? `$${r * width + i + 1}` : '?')).join(', ')})`);
    const conflict = spec.ignoreConflictOn ? ` on conflict (${spec.ignoreConflictOn.map(snake).join(', ')}) do nothing` : '';
    const back = returning === undefined ? '' : ` returning "${snake(returning)}"`;
    text = `insert into "${spec.table}" (${spec.columns.map((c) => `"${snake(c)}"`).join(', ')}) values ${tuples.join(', ')}${conflict}${back}`;
    if (statements.size > 2000) statements.clear();
    statements.set(key, text);
  }
  return text;
}

/** Most rows in one statement (a power of two: see `chunkSizes`). */
const MAX_ROWS = 512;

/**
 * How `count` rows are split into statements: powers of two, largest first (13 → 8, 4, 1), so a
 * table needs at most ten distinct statements and the driver's prepared-statement cache keeps
 * them all, instead of preparing a new one for every batch size.
 */
export function chunkSizes(count: number): number[] {
  const sizes: number[] = [];
  let left = count;
  while (left > 0) {
    const size = Math.min(MAX_ROWS, 2 ** Math.floor(Math.log2(left)));
    sizes.push(size);
    left -= size;
  }
  return sizes;
}

/**
 * Inserts `rows` into the table (inside the caller's transaction, if any). With `returning`
 * (a unique column), resolves to that column's values of the rows really inserted: those a
 * conflict skipped are missing.
 */
export async function insertRows<Row extends object>(db: Kysely<Database>, spec: BulkTable<Row>, rows: readonly Row[], returning?: keyof Row & string): Promise<Set<unknown>> {
  const postgres = db.getExecutor().adapter instanceof PostgresAdapter;
  const inserted = new Set<unknown>();
  let start = 0;
  for (const size of chunkSizes(rows.length)) {
    const chunk = rows.slice(start, start + size);
    start += size;
    const params: unknown[] = [];
    for (const row of chunk) for (const column of spec.columns) params.push(row[column] ?? null);
    const result = await db.executeQuery<Record<string, unknown>>(CompiledQuery.raw(statementFor(spec, chunk.length, postgres, returning), params));
    if (returning !== undefined) for (const back of result.rows) inserted.add(back[snake(returning)] ?? back[returning]);
  }
  return inserted;
}
