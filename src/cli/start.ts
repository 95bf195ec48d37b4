/** `dialtone start`: runs the platform until interrupted. */
import { setFlagsFromString } from 'node:v8';
import type { Config } from '../config/index.js';
import { startPlatform } from '../platform.js';
import { renderBanner } from './banner.js';
import type { CliIo } from './io.js';

/**
 * How far V8 lets the heap grow past what survived the last full collection, in percent. Left
 * alone, V8 grows it up to 4× when collecting looks costly, and a server holding thousands of
 * calls then keeps hundreds of megabytes of garbage: 10,000 simulated calls took ~700 MB of RSS
 * by default and ~400 MB at 40 %, for the same CPU (bench/voice.ts). `node
 * --heap-growing-percent=N bin/dialtone.js start` chooses another value.
 */
export const HEAP_GROWING_PERCENT = 40;

function tuneHeap(): void {
  if (process.execArgv.some((arg) => /^--heap[-_]growing[-_]percent\b/.test(arg))) return;
  setFlagsFromString(`--heap-growing-percent=${HEAP_GROWING_PERCENT}`);
}

export async function startCommand(config: Config, io: CliIo): Promise<number> {
  tuneHeap();
  const platform = await startPlatform(config);
  const storage = config.databaseUrl ? `PostgreSQL (${config.databaseUrl.replace(/\/\/[^@/]*@/, '//***@')})` : `SQLite (${config.dataDir}/dialtone.db)`;
  io.stdout(renderBanner({ url: platform.url, account: platform.account, created: platform.created, storage }));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  io.stderr('\n  stopping…\n');
  await platform.close();
  return 0;
}
