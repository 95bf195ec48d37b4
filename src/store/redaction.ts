/**
 * A message's Body lives on in what the platform logged about it: the webhook requests made for
 * it (its trace) and its alerts' request variables. Redacting the message blanks the Body there
 * too; deleting it drops its webhook log and blanks the Body of its alerts (alerts are the
 * account's, and outlive the message).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Database } from './schema.js';
import { flushWebhookRequests } from './webhook-requests.js';

type Tx = Transaction<Database>;

const BODY = 'Body';

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

/** `text` with every mention of `url` (a GET webhook's, quoted in error messages) in its blanked form. */
function blankMentions(text: string | null, url: string | null): string | null {
  if (text === null || url === null) return text;
  return text.split(url).join(blankUrl(url));
}

async function blankWebhookLog(tx: Tx, accountSid: string, sid: string): Promise<void> {
  const rows = await tx.selectFrom('webhookRequests').select(['sid', 'url', 'requestParams', 'errorMessage']).where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  for (const row of rows) {
    const params = JSON.parse(row.requestParams) as Record<string, string>;
    if (!(BODY in params) && blankUrl(row.url) === row.url) continue;
    if (BODY in params) params[BODY] = '';
    await tx.updateTable('webhookRequests').set({ requestParams: JSON.stringify(params), url: blankUrl(row.url), errorMessage: blankMentions(row.errorMessage, row.url) })
      .where('sid', '=', row.sid).execute();
  }
}

async function blankAlerts(tx: Tx, accountSid: string, sid: string): Promise<void> {
  const rows = await tx.selectFrom('notifications').select(['sid', 'requestUrl', 'requestVariables', 'messageText']).where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  for (const row of rows) {
    const variables = row.requestVariables === null ? null : blankForm(row.requestVariables);
    const url = row.requestUrl === null ? null : blankUrl(row.requestUrl);
    if (variables === row.requestVariables && url === row.requestUrl) continue;
    // The alert's text (form-encoded, as Twilio's) may quote the URL.
    const text = new URLSearchParams(row.messageText);
    for (const [key, value] of text) text.set(key, blankMentions(value, row.requestUrl) ?? value);
    await tx.updateTable('notifications').set({ requestVariables: variables, requestUrl: url, messageText: text.toString() }).where('sid', '=', row.sid).execute();
  }
}

/** Writes what the webhook log still holds in memory, so that `forgetBody` sees every row. */
export function settleLogs(db: Kysely<Database>): Promise<void> {
  return flushWebhookRequests(db);
}

/** Blanks (redaction) or drops (deletion) what the logs keep of a message's Body. */
export async function forgetBody(tx: Tx, accountSid: string, sid: string, how: 'redact' | 'delete'): Promise<void> {
  if (how === 'delete') await tx.deleteFrom('webhookRequests').where('accountSid', '=', accountSid).where('resourceSid', '=', sid).execute();
  else await blankWebhookLog(tx, accountSid, sid);
  await blankAlerts(tx, accountSid, sid);
}
