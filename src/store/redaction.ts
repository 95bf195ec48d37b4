/**
 * A message's Body lives on in what the platform logged about it: the webhook requests made for
 * it (its trace) and its alerts' request variables, and in what an app that echoes it answered.
 * Redacting the message blanks the Body there too; deleting it drops its webhook log and blanks
 * the Body of its alerts (alerts are the account's, and outlive the message). An echo is found
 * by its text, so a body shorter than `MIN_ECHO` characters is not hunted in the answers.
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { flushWebhookRequests } from './webhook-requests.js';

type Tx = Transaction<Database>;

const BODY = 'Body';

/** The shortest body looked for in the apps' answers: a shorter one would blank unrelated text. */
const MIN_ECHO = 4;

/** `params` (form-encoded) with its Body blanked; unchanged when it has none. */
function blankForm(encoded: string): string {
  const params = new URLSearchParams(encoded);
  if (!params.has(BODY)) return encoded;
  params.set(BODY, '');
  return params.toString();
}

/** A URL whose query (a GET webhook's parameters) has its Body blanked. */
function blankUrl(url: string): string {
  const at = url.indexOf('?');
  return at < 0 ? url : `${url.slice(0, at)}?${blankForm(url.slice(at + 1))}`;
}

/** What to take out of one log row's texts: a GET webhook's URL (in its blanked form) and echoes of the body. */
class Scrub {
  constructor(private readonly url: string | null, private readonly body: string) {}

  text(text: string | null): string | null {
    if (text === null) return null;
    let out = this.url === null ? text : text.split(this.url).join(blankUrl(this.url));
    if (this.body.length >= MIN_ECHO) for (const echo of new Set([this.body, escapeXml(this.body)])) out = out.split(echo).join('');
    return out;
  }

  /** A form-encoded text (an alert's, as Twilio writes them), value by value. */
  form(encoded: string): string {
    const out = new URLSearchParams();
    for (const [key, value] of new URLSearchParams(encoded)) out.append(key, this.text(value) ?? value);
    return out.toString();
  }
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

/** Whether every field of `next` is what `row` has already. */
function unchanged(next: Readonly<Record<string, unknown>>, row: Readonly<Record<string, unknown>>): boolean {
  return Object.entries(next).every(([key, value]) => row[key] === value);
}

async function blankWebhookLog(tx: Tx, accountSid: string, sid: string, body: string): Promise<void> {
  const rows = await tx.selectFrom('webhookRequests').select(['sid', 'url', 'requestParams', 'errorMessage', 'responseBody'])
    .where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  for (const row of rows) {
    const params = JSON.parse(row.requestParams) as Record<string, string>;
    const scrub = new Scrub(row.url, body);
    const next = {
      requestParams: BODY in params ? JSON.stringify({ ...params, [BODY]: '' }) : row.requestParams, url: blankUrl(row.url),
      errorMessage: scrub.text(row.errorMessage), responseBody: scrub.text(row.responseBody),
    };
    if (!unchanged(next, row)) await tx.updateTable('webhookRequests').set(next).where('sid', '=', row.sid).execute();
  }
}

async function blankAlerts(tx: Tx, accountSid: string, sid: string, body: string): Promise<void> {
  const rows = await tx.selectFrom('notifications').select(['sid', 'requestUrl', 'requestVariables', 'messageText', 'responseBody'])
    .where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  for (const row of rows) {
    const scrub = new Scrub(row.requestUrl, body);
    const text = scrub.form(row.messageText);
    const next = {
      requestVariables: row.requestVariables === null ? null : blankForm(row.requestVariables), requestUrl: row.requestUrl === null ? null : blankUrl(row.requestUrl),
      // Rewritten only if something was taken out (re-encoding alone is no change).
      messageText: text === new URLSearchParams(row.messageText).toString() ? row.messageText : text, responseBody: scrub.text(row.responseBody),
    };
    if (!unchanged(next, row)) await tx.updateTable('notifications').set(next).where('sid', '=', row.sid).execute();
  }
}

/** Writes what the webhook log still holds in memory, so that `forgetBody` sees every row. */
export function settleLogs(db: Kysely<Database>): Promise<void> {
  return flushWebhookRequests(db);
}

/** Blanks (redaction) or drops (deletion) what the logs keep of a message's `body`. */
export async function forgetBody(tx: Tx, accountSid: string, sid: string, body: string, how: 'redact' | 'delete'): Promise<void> {
  if (how === 'delete') await tx.deleteFrom('webhookRequests').where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  else await blankWebhookLog(tx, accountSid, sid, body);
  await blankAlerts(tx, accountSid, sid, body);
}
