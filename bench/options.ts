/**
 * The command line of `npm run bench`: which benchmarks, and the bounds every benchmark honours.
 * Parsed once into a typed value (no I/O), so each benchmark trusts it.
 *
 *   npm run bench -- [NAME …] [--duration SECONDS] [--concurrency N] [--markdown FILE]
 */
import { parseArgs } from 'node:util';

/** What every benchmark is given. */
export interface BenchOptions {
  /** Seconds each timed phase lasts (a load phase, a parse loop, a hold). */
  readonly durationSeconds: number;
  /** Concurrent clients of each load phase (HTTP requests, webhooks, store writes in flight). */
  readonly concurrency: number;
}

export interface Command extends BenchOptions {
  /** The benchmarks to run, in order; empty for all of them. */
  readonly names: readonly string[];
  /** Also write the table as Markdown to this file. */
  readonly markdown: string | null;
}

export const DEFAULT_OPTIONS: BenchOptions = { durationSeconds: 5, concurrency: 50 };

function bounded(text: string | undefined, name: string, fallback: number, max: number): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n <= 0 || n > max) throw new Error(`--${name} must be a number above 0 and at most ${max}, not "${text}"`);
  return n;
}

/** Parses the arguments after `npm run bench --`; throws a usage message when they are wrong. */
export function parseCommand(args: readonly string[], known: readonly string[]): Command {
  const { values, positionals } = parseArgs({
    args: [...args], allowPositionals: true, strict: true,
    options: { duration: { type: 'string' }, concurrency: { type: 'string' }, markdown: { type: 'string' } },
  });
  for (const name of positionals) if (!known.includes(name)) throw new Error(`no benchmark "${name}": choose from ${known.join(', ')}`);
  const concurrency = bounded(values.concurrency, 'concurrency', DEFAULT_OPTIONS.concurrency, 1000);
  if (!Number.isInteger(concurrency)) throw new Error(`--concurrency must be a whole number, not "${values.concurrency ?? ''}"`);
  return {
    names: positionals,
    durationSeconds: bounded(values.duration, 'duration', DEFAULT_OPTIONS.durationSeconds, 600),
    concurrency,
    markdown: values.markdown ?? null,
  };
}
