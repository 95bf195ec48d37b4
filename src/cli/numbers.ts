/**
 * `dialtone numbers list|buy`: the account's phone numbers, through the REST API as any client
 * would. Credentials come from --account-sid/--auth-token, else DIALTONE_ACCOUNT_SID and
 * DIALTONE_AUTH_TOKEN, else the local store's bootstrap account.
 */
import type { Config } from '../config/index.js';
import { findBootstrapAccount } from '../store/bootstrap.js';
import { openStore } from '../store/index.js';
import type { CliIo } from './io.js';
import { UsageError } from './io.js';

export interface ApiTarget {
  readonly url?: string;
  readonly accountSid?: string;
  readonly authToken?: string;
}

interface Resolved { url: string; accountSid: string; authToken: string }

async function resolveTarget(config: Config, target: ApiTarget): Promise<Resolved> {
  const url = (target.url ?? config.publicUrl ?? `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${config.port}`).replace(/\/+$/, '');
  let accountSid = target.accountSid ?? config.bootstrap.accountSid;
  let authToken = target.authToken ?? config.bootstrap.authToken;
  if (!accountSid || !authToken) {
    const store = await openStore({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
    try {
      const account = await findBootstrapAccount(store.db);
      if (!account) throw new UsageError('No credentials: pass --account-sid and --auth-token, or start the platform once with this data directory.');
      accountSid ??= account.sid;
      authToken ??= account.authToken;
    } finally {
      await store.close();
    }
  }
  return { url, accountSid, authToken };
}

async function call(target: Resolved, method: 'GET' | 'POST', path: string, form?: URLSearchParams): Promise<Record<string, unknown>> {
  let response: Response;
  try {
    response = await fetch(`${target.url}/2010-04-01/Accounts/${target.accountSid}/${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${target.accountSid}:${target.authToken}`).toString('base64')}`,
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      body: form?.toString(),
    });
  } catch (err) {
    throw new Error(`Cannot reach Dialtone at ${target.url}: ${err instanceof Error && err.cause instanceof Error ? err.cause.message : String(err)}. Is it running?`);
  }
  const body = (await response.json()) as Record<string, unknown>;
  if (!response.ok) throw new Error(`Dialtone refused: ${String(body.message)} (error ${String(body.code)}, HTTP ${response.status})`);
  return body;
}

export async function listNumbersCommand(config: Config, target: ApiTarget, io: CliIo): Promise<number> {
  const api = await resolveTarget(config, target);
  let path: string | null = 'IncomingPhoneNumbers.json?PageSize=1000';
  let count = 0;
  while (path) {
    const page = await call(api, 'GET', path);
    for (const n of page.incoming_phone_numbers as Array<Record<string, string>>) {
      io.stdout(`${n.phone_number}  ${n.sid}  ${n.friendly_name}  voice: ${n.voice_url || '-'}  sms: ${n.sms_url || '-'}`);
      count++;
    }
    const next = page.next_page_uri as string | null;
    path = next ? next.replace(/^\/2010-04-01\/Accounts\/[^/]+\//, '') : null;
  }
  if (count === 0) io.stderr('No phone numbers yet: buy one with `dialtone numbers buy --area-code 415`.');
  return 0;
}

export interface BuyOptions { areaCode?: string; number?: string; voiceUrl?: string; smsUrl?: string; friendlyName?: string }

export async function buyNumberCommand(config: Config, target: ApiTarget, options: BuyOptions, io: CliIo): Promise<number> {
  if (!options.areaCode === !options.number) throw new UsageError('Give exactly one of --area-code and --number.');
  const form = new URLSearchParams();
  if (options.areaCode) form.set('AreaCode', options.areaCode);
  if (options.number) form.set('PhoneNumber', options.number);
  if (options.voiceUrl) form.set('VoiceUrl', options.voiceUrl);
  if (options.smsUrl) form.set('SmsUrl', options.smsUrl);
  if (options.friendlyName) form.set('FriendlyName', options.friendlyName);
  const number = await call(await resolveTarget(config, target), 'POST', 'IncomingPhoneNumbers.json', form);
  io.stdout(`${String(number.phone_number)}  ${String(number.sid)}`);
  return 0;
}
