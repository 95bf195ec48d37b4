/**
 * A message's media, copied onto the platform as Twilio copies it. An outbound MMS fetches each
 * MediaUrl before it is sent: Twilio checks the Content-Type the URL answers with against the
 * types it accepts for media and refuses a message whose media weigh more than 5 MB in all, and
 * so does this (the message fails with 12300, 11751, or the retrieval failure's 112xx, and the
 * account gets an alert). An inbound MMS copies what the sender attached (any well-formed
 * type, 5 MB in all), so that MediaContentType{N} is the type it really has; a copy that fails
 * is a warning, and that media's content URL still leads to where it came from. Media fetches
 * are not signed (the URL is the sender's to choose). Media already copied is not fetched
 * again, so a job repeated after a crash picks up where the copy stopped.
 */
import type { Message } from '../store/messages.js';
import { listMedia } from '../store/messages.js';
import type { Store } from '../store/index.js';
import { storeMediaContent, storedMediaSizes } from '../store/media-content.js';
import type { Webhooks } from '../webhooks/index.js';

/** Twilio's limit on a message's media, all together. */
export const MAX_MEDIA_BYTES = 5 * 1024 * 1024;

/**
 * The content types Twilio accepts for outbound MMS media ("Accepted Content Types for Media",
 * its older lists and the current table's MMS column: heic, heif and video/mpeg4 are the newest).
 */
export const ACCEPTED_MEDIA_TYPES: ReadonlySet<string> = new Set([
  'image/jpeg', 'image/jpg', 'image/gif', 'image/png', 'image/bmp', 'image/tiff', 'image/heic', 'image/heif',
  'audio/basic', 'audio/l24', 'audio/mp4', 'audio/mpeg', 'audio/ogg', 'audio/vorbis', 'audio/vnd.rn-realaudio', 'audio/vnd.wave',
  'audio/3gpp', 'audio/3gpp2', 'audio/ac3', 'audio/webm', 'audio/amr-nb', 'audio/amr', 'audio/aac',
  'video/mpeg', 'video/mpeg4', 'video/mp4', 'video/quicktime', 'video/webm', 'video/3gpp', 'video/3gpp2', 'video/3gpp-tt',
  'video/h261', 'video/h263', 'video/h263-1998', 'video/h263-2000', 'video/h264',
  'text/vcard', 'text/x-vcard', 'text/csv', 'text/rtf', 'text/richtext', 'text/calendar', 'text/directory',
  'application/pdf', 'application/vcard', 'application/vnd.apple.pkpass', 'application/msword', 'application/vnd.ms-excel',
  'application/vnd.ms-powerpoint', 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
]);

export interface MediaDeps {
  readonly store: Store;
  readonly webhooks: Webhooks;
}

/** Why an outbound message's media could not be sent: the message fails with this. */
export interface MediaProblem {
  readonly code: number;
  readonly message: string;
}

const anyType = (type: string) => /^[a-z0-9!#$&^_.+-]+\/[a-z0-9!#$&^_.+-]+$/.test(type);

/**
 * Copies the message's media not copied yet, in order. Outbound: the first problem stops the
 * copy and is returned. Inbound: every media is tried, and problems are only warnings.
 */
export async function copyMedia(deps: MediaDeps, account: { sid: string; authToken: string }, message: Message): Promise<MediaProblem | null> {
  const outbound = message.direction !== 'inbound';
  const media = await listMedia(deps.store.db, message.accountSid, message.sid);
  const stored = await storedMediaSizes(deps.store.db, media.map((m) => m.sid));
  // Twilio counts an outbound message's text in its 5 MB too.
  let used = [...stored.values()].reduce((a, b) => a + b, outbound ? Buffer.byteLength(message.body) : 0);
  for (const m of media) {
    if (stored.has(m.sid)) continue;
    const fetched = await deps.webhooks.fetchMedia({
      url: m.url, account, resourceSid: message.sid, maxBytes: Math.max(0, MAX_MEDIA_BYTES - used),
      accepts: outbound ? (type) => ACCEPTED_MEDIA_TYPES.has(type) : anyType, level: outbound ? 'error' : 'warning',
    });
    if (!fetched.ok) {
      if (outbound) return { code: fetched.code, message: fetched.message };
      continue;
    }
    await storeMediaContent(deps.store.db, m.sid, fetched.contentType, fetched.content);
    used += fetched.content.length;
  }
  return null;
}
