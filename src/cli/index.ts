/**
 * The `dialtone` command: start the platform, show credentials, manage numbers, lint TwiML.
 * Exit codes: 0 success, 1 failure, 2 wrong usage.
 */
import { Command, CommanderError, Option } from 'commander';
import { ConfigError, parseConfig } from '../config/index.js';
import type { Config, ConfigFlags } from '../config/index.js';
import { accountsCommand } from './accounts.js';
import { lintCommand } from './lint.js';
import { UsageError, processIo } from './io.js';
import type { CliIo } from './io.js';
import { buyNumberCommand, listNumbersCommand } from './numbers.js';
import type { ApiTarget } from './numbers.js';
import { startCommand } from './start.js';

interface StoreOptions { dataDir?: string; databaseUrl?: string }
interface ListenOptions extends StoreOptions { host?: string; port?: string; publicUrl?: string; logLevel?: string; refusePrivateWebhooks?: boolean; clock?: string }

function configFrom(opts: ListenOptions): Config {
  const flags: ConfigFlags = {
    host: opts.host, port: opts.port, 'data-dir': opts.dataDir, 'database-url': opts.databaseUrl,
    'public-url': opts.publicUrl, 'log-level': opts.logLevel, 'refuse-private-webhooks': opts.refusePrivateWebhooks, clock: opts.clock,
  };
  return parseConfig(Object.fromEntries(Object.entries(flags).filter(([, v]) => v !== undefined)) as ConfigFlags);
}

function storeOptions(command: Command): Command {
  return command
    .addOption(new Option('--data-dir <dir>', 'where the SQLite database lives (env DIALTONE_DATA_DIR)').default(undefined, './data'))
    .addOption(new Option('--database-url <url>', 'postgres:// URL to use PostgreSQL instead (env DATABASE_URL)'));
}

function apiOptions(command: Command): Command {
  return storeOptions(command)
    .option('--url <url>', 'Dialtone base URL (default: http://HOST:PORT)')
    .option('--host <host>', 'host of a local Dialtone (env HOST)')
    .option('--port <port>', 'port of a local Dialtone (env PORT)')
    .option('--account-sid <sid>', 'Account SID (env DIALTONE_ACCOUNT_SID; default: the bootstrap account)')
    .option('--auth-token <token>', 'Auth Token (env DIALTONE_AUTH_TOKEN)');
}

function buildProgram(io: CliIo, done: (code: Promise<number>) => void): Command {
  const program = new Command('dialtone')
    .description('Dialtone: a self-hosted, Twilio-compatible voice and SMS platform')
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .exitOverride()
    .showHelpAfterError();

  storeOptions(program.command('start').description('run the platform (API, storage, simulated network)'))
    .option('--host <host>', 'interface to listen on (env HOST)', undefined)
    .option('--port <port>', 'port to listen on; 0 picks a free one (env PORT)', undefined)
    .option('--public-url <url>', 'base URL users reach the API on (env DIALTONE_PUBLIC_URL)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env DIALTONE_LOG_LEVEL)')
    .option('--refuse-private-webhooks', 'refuse webhooks to loopback and private addresses (env DIALTONE_REFUSE_PRIVATE_WEBHOOKS=1)')
    .addOption(new Option('--clock <clock>', 'call time: system, or fast for tests (env DIALTONE_CLOCK)').choices(['system', 'fast']))
    .action((opts: ListenOptions) => done(startCommand(configFrom(opts), io)));

  storeOptions(program.command('accounts').description('show the bootstrap account\'s credentials and its subaccounts'))
    .option('--json', 'print JSON')
    .action((opts: StoreOptions & { json?: boolean }) => done(accountsCommand(configFrom(opts), io, opts.json === true)));

  const numbers = program.command('numbers').description('list and buy phone numbers (through the REST API)');
  apiOptions(numbers.command('list').description('list the account\'s phone numbers'))
    .action((opts: ListenOptions & ApiTarget) => done(listNumbersCommand(configFrom(opts), opts, io)));
  apiOptions(numbers.command('buy').description('buy a number from the simulated network\'s inventory'))
    .option('--area-code <code>', 'buy the first available number in this area code')
    .option('--number <e164>', 'buy this number')
    .option('--voice-url <url>', 'voice webhook URL')
    .option('--sms-url <url>', 'SMS webhook URL')
    .option('--friendly-name <name>', 'a name for the number')
    .action((opts: ListenOptions & ApiTarget & { areaCode?: string; number?: string; voiceUrl?: string; smsUrl?: string; friendlyName?: string }) =>
      done(buyNumberCommand(configFrom(opts), opts, opts, io)));

  program.command('lint').description('check a TwiML document (file, URL, or - for stdin) before deploying it')
    .argument('<target>', 'a file, an http(s) URL, or - for standard input')
    .addOption(new Option('--kind <kind>', 'the vocabulary to check against').choices(['voice', 'messaging', 'auto']).default('auto'))
    .action((target: string, opts: { kind: 'voice' | 'messaging' | 'auto' }) => done(lintCommand(target, io, { kind: opts.kind })));
  return program;
}

/** Runs the CLI with `argv` (without node and script); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let pending: Promise<number> = Promise.resolve(0);
  const program = buildProgram(io, (code) => { pending = code; });
  try {
    if (argv.length === 0) {
      program.outputHelp();
      return 2;
    }
    await program.parseAsync([...argv], { from: 'user' });
    return await pending;
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    if (err instanceof UsageError || err instanceof ConfigError) {
      io.stderr(`dialtone: ${err.message}`);
      return 2;
    }
    io.stderr(`dialtone: ${err instanceof Error ? err.message : String(err)}`);
    return 1;
  }
}
