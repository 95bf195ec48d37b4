/**
 * `npm run bench [-- NAME …] [--duration SECONDS] [--concurrency N] [--markdown FILE]`: runs the
 * benchmarks in bench/ (all, or the named ones), each against freshly started servers and beside
 * a baseline measured in the same run, and prints one table of every figure. DATABASE_URL
 * (postgres://…) runs the platform on PostgreSQL instead of its embedded SQLite. `--markdown`
 * also writes the table, with the machine it ran on, for BENCHMARKS.md.
 */
import { writeFileSync } from 'node:fs';
import { cpus, release, totalmem } from 'node:os';
import { benchApi } from './api.js';
import { benchDatabaseUrl } from './database.js';
import { benchMessaging } from './messaging.js';
import { benchMultiparty } from './multiparty.js';
import { parseCommand } from './options.js';
import type { BenchOptions } from './options.js';
import { benchStorage } from './storage.js';
import { formatMarkdown, formatText } from './table.js';
import type { Row } from './table.js';
import { benchTwiml } from './twiml.js';
import { benchVoice } from './voice.js';
import { benchWebhooks } from './webhooks.js';

const BENCHMARKS: Record<string, (options: BenchOptions) => Promise<Row[]>> = {
  api: benchApi,
  messaging: benchMessaging,
  voice: benchVoice,
  multiparty: benchMultiparty,
  twiml: benchTwiml,
  webhooks: benchWebhooks,
  storage: benchStorage,
};

function describeRun(options: BenchOptions): string[] {
  const cpu = cpus();
  const database = benchDatabaseUrl() === null ? 'SQLite (embedded default)' : 'PostgreSQL (DATABASE_URL)';
  return [
    `Machine: ${cpu.length} × ${cpu[0]?.model.trim() ?? 'unknown CPU'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Linux ${release()}, Node ${process.version}`,
    `Store: ${database}; --duration ${options.durationSeconds} s per timed phase, --concurrency ${options.concurrency}`,
  ];
}

async function main(): Promise<number> {
  const command = parseCommand(process.argv.slice(2), Object.keys(BENCHMARKS));
  const names = command.names.length > 0 ? command.names : Object.keys(BENCHMARKS);
  const started = new Date();
  for (const line of describeRun(command)) console.log(line);
  const rows: Row[] = [];
  const failed: string[] = [];
  for (const name of names) {
    const bench = BENCHMARKS[name];
    if (!bench) continue;
    const t = performance.now();
    console.log(`\n== ${name}`);
    try {
      const result = await bench(command);
      rows.push(...result);
      console.log(formatText(result));
      console.log(`(${((performance.now() - t) / 1000).toFixed(0)} s)`);
    } catch (err) {
      failed.push(name);
      console.error(`${name} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }
  const wall = `${((Date.now() - started.getTime()) / 1000).toFixed(0)} s`;
  const summary = [`Run of ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC, ${names.join(', ')}: ${wall} wall time.`, ...describeRun(command)];
  console.log(`\n== all figures (Dialtone ÷ baseline = ratio)\n${summary.join('\n')}\n\n${formatText(rows)}`);
  if (command.markdown !== null) {
    writeFileSync(command.markdown, `${summary.join('  \n')}\n\n${formatMarkdown(rows)}\n`);
    console.log(`\nMarkdown table written to ${command.markdown}`);
  }
  if (failed.length > 0) console.error(`\nfailed: ${failed.join(', ')}`);
  return failed.length > 0 ? 1 : 0;
}

// Every server is stopped by now; exit rather than wait on a pooled connection's keep-alive.
main().then((code) => process.exit(code), (err: unknown) => {
  console.error(err instanceof Error ? err.message : String(err));
  process.exit(2);
});
