/**
 * Dialtone's configuration: parsed once, from command-line flags and environment variables,
 * into a typed frozen object. Nothing else in Dialtone reads `process.env`.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';

export interface Config {
  /** Interface the HTTP server binds to (`--host`, `HOST`). */
  readonly host: string;
  /** Port the HTTP server listens on (`--port`, `PORT`); 0 picks a free one. */
  readonly port: number;
  /** Where the embedded SQLite database lives (`--data-dir`, `DIALTONE_DATA_DIR`). */
  readonly dataDir: string;
  /** `postgres://…` switches the store to PostgreSQL (`--database-url`, `DATABASE_URL`). */
  readonly databaseUrl: string | null;
  /** Fixed credentials for the bootstrap account (`DIALTONE_ACCOUNT_SID`, `DIALTONE_AUTH_TOKEN`). */
  readonly bootstrap: { readonly accountSid: string | null; readonly authToken: string | null };
  /** The base URL users reach the API on, printed at start and used in absolute links. */
  readonly publicUrl: string | null;
  /** pino level (`--log-level`, `DIALTONE_LOG_LEVEL`). */
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * Refuse webhooks to loopback, private and link-local addresses (`--refuse-private-webhooks`,
   * `DIALTONE_REFUSE_PRIVATE_WEBHOOKS=1`): for production; off for local development.
   */
  readonly refusePrivateWebhooks: boolean;
  /**
   * How long a claimed job is held before another worker may take it over (`DIALTONE_JOB_LEASE_MS`,
   * default 15000): after a crash, unfinished work resumes once this has passed, and a dead voice
   * engine's live calls are ended.
   */
  readonly jobLeaseMs: number;
  /**
   * Call time (`--clock`, `DIALTONE_CLOCK`): `system` (wall-clock time, the default) or `fast`
   * (virtual time that jumps to the next timer whenever the platform is idle, for tests).
   */
  readonly clock: 'system' | 'fast';
  /**
   * Serve message media content without credentials (`DIALTONE_PUBLIC_MEDIA=1`), as Twilio does
   * unless "Enforce HTTP Auth on Media URLs" is enabled: for apps that fetch `MediaUrl0` with no
   * credentials. Off by default: media content needs the account's credentials.
   */
  readonly publicMedia: boolean;
  /**
   * The countries messages may be sent to (`DIALTONE_SMS_COUNTRIES=US,CA`: ISO 3166 codes), as
   * Twilio's Messaging Geographic Permissions: a message to any other country, or to a number
   * whose country is unknown, is refused with 21408. Unset (the default): every country.
   */
  readonly smsCountries: readonly string[] | null;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const SID = /^AC[0-9a-f]{32}$/;
const TOKEN = /^[0-9a-f]{32}$/;

type Env = Readonly<Record<string, string | undefined>>;

/** The flags every command that opens the platform's data accepts, for `parseArgs`. */
export const CONFIG_FLAGS = {
  host: { type: 'string' },
  port: { type: 'string' },
  'data-dir': { type: 'string' },
  'database-url': { type: 'string' },
  'public-url': { type: 'string' },
  'log-level': { type: 'string' },
  'refuse-private-webhooks': { type: 'boolean' },
  clock: { type: 'string' },
} as const;

export type ConfigFlags = { [K in Exclude<keyof typeof CONFIG_FLAGS, 'refuse-private-webhooks'>]?: string } & { 'refuse-private-webhooks'?: boolean };

/**
 * Builds the configuration from flags (already parsed) and an environment. Flags win over the
 * environment, the environment over defaults.
 *
 * @example
 * const config = parseConfig({ port: '4000' }, process.env);
 */
export function parseConfig(flags: ConfigFlags, env: Env = process.env, cwd = process.cwd()): Config {
  const host = flags.host ?? env.HOST ?? '127.0.0.1';
  const portText = flags.port ?? env.PORT ?? '3000';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) throw new ConfigError(`port must be a number from 0 to 65535, not "${portText}"`);
  const databaseUrl = flags['database-url'] ?? env.DATABASE_URL ?? null;
  if (databaseUrl !== null && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new ConfigError('DATABASE_URL must be a postgres:// connection string (leave it unset for the embedded SQLite store)');
  }
  const accountSid = env.DIALTONE_ACCOUNT_SID || null;
  const authToken = env.DIALTONE_AUTH_TOKEN || null;
  if (accountSid !== null && !SID.test(accountSid)) throw new ConfigError('DIALTONE_ACCOUNT_SID must be AC followed by 32 lowercase hex digits');
  if (authToken !== null && !TOKEN.test(authToken)) throw new ConfigError('DIALTONE_AUTH_TOKEN must be 32 lowercase hex digits');
  const logLevel = flags['log-level'] ?? env.DIALTONE_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel)) throw new ConfigError(`log level must be one of ${LOG_LEVELS.join(', ')}`);
  const leaseText = env.DIALTONE_JOB_LEASE_MS ?? '15000';
  if (!/^\d{2,7}$/.test(leaseText) || Number(leaseText) < 100) throw new ConfigError('DIALTONE_JOB_LEASE_MS must be a number of milliseconds, at least 100');
  const publicUrl = flags['public-url'] ?? env.DIALTONE_PUBLIC_URL ?? null;
  const smsCountries = env.DIALTONE_SMS_COUNTRIES?.trim() ? env.DIALTONE_SMS_COUNTRIES.split(',').map((c) => c.trim().toUpperCase()) : null;
  if (smsCountries?.some((c) => !/^[A-Z]{2}$/.test(c))) throw new ConfigError('DIALTONE_SMS_COUNTRIES must be ISO 3166 country codes separated by commas, such as US,CA');
  const clock = flags.clock ?? env.DIALTONE_CLOCK ?? 'system';
  if (clock !== 'system' && clock !== 'fast') throw new ConfigError(`clock must be system or fast, not "${clock}"`);
  return Object.freeze({
    host,
    port,
    dataDir: resolve(cwd, flags['data-dir'] ?? env.DIALTONE_DATA_DIR ?? 'data'),
    databaseUrl,
    bootstrap: Object.freeze({ accountSid, authToken }),
    publicUrl: publicUrl === null ? null : publicUrl.replace(/\/+$/, ''),
    logLevel: logLevel as Config['logLevel'],
    jobLeaseMs: Number(leaseText),
    clock,
    refusePrivateWebhooks: flags['refuse-private-webhooks'] ?? ['1', 'true', 'yes'].includes((env.DIALTONE_REFUSE_PRIVATE_WEBHOOKS ?? '').toLowerCase()),
    publicMedia: ['1', 'true', 'yes'].includes((env.DIALTONE_PUBLIC_MEDIA ?? '').toLowerCase()),
    smsCountries: smsCountries && Object.freeze(smsCountries),
  });
}

/** Parses `argv` (flags only) and the process environment into a Config. */
export function loadConfig(argv: readonly string[]): Config {
  const { values } = parseArgs({ args: [...argv], options: CONFIG_FLAGS, allowPositionals: false, strict: true });
  return parseConfig(values, process.env);
}
