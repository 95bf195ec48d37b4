/** `dialtone start`: runs the platform until interrupted. */
import type { Config } from '../config/index.js';
import { startPlatform } from '../platform.js';
import { renderBanner } from './banner.js';
import type { CliIo } from './io.js';

export async function startCommand(config: Config, io: CliIo): Promise<number> {
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
