/**
 * The Hold Music twimlet (`/twimlets/holdmusic`): plays the audio files of an S3 bucket in a
 * random order, with an optional message between them, then comes back here to loop.
 * https://www.twilio.com/labs/twimlets/holdmusic
 *
 * Parameters: `Bucket` and `Message` (text or audio URL). As in holdmusic.php, a bucket name is
 * listed at `http://<Bucket>.s3.amazonaws.com/` and its `.mp3`, `.wav` and `.ul` keys are played
 * from there; Dialtone also takes an http(s) URL of an S3-style listing (MinIO, a local server),
 * whose keys are played relative to it. With no `Bucket` the caller hears "An S 3 bucket is
 * required." (holdmusic.php's words). When the listing cannot be read or holds no audio,
 * holdmusic.php said "Failed to fetch the hold music." and stopped; Dialtone says the `Message`
 * (or those words), pauses and tries again, so a caller on hold is never dropped.
 *
 * The twimlet is pure given its `list` function (the I/O lives in ./bucket.ts); the document is
 * kept under Twilio's 64 kB limit by playing fewer tracks.
 */
import { MAX_TWIML_BYTES, voiceResponse } from '../twiml/index.js';
import type { TwimletParams } from './params.js';
import { addPrompt, isHttpUrl } from './prompt.js';

const OWN = ['Bucket', 'Message'];
/** The keys holdmusic.php played. */
const AUDIO_KEY = /\.(mp3|wav|ul)$/;
const MAX_TRACKS = 100;
/** Seconds of silence before trying an unreadable bucket again. */
export const RETRY_PAUSE_SECONDS = 15;
/** S3 bucket names: 3 to 63 lowercase letters, digits, dots and hyphens. */
const BUCKET_NAME = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;

/** Lists a bucket's keys (null when it cannot be read). */
export type ListBucket = (listing: URL) => Promise<string[] | null>;

/** Where a bucket is listed, and where its keys are played from; null for neither a bucket name nor a URL. */
export function bucketLocation(bucket: string): { listing: URL; base: URL } | null {
  if (BUCKET_NAME.test(bucket)) {
    const url = new URL(`http://${bucket}.s3.amazonaws.com/`);
    return { listing: url, base: url };
  }
  if (!isHttpUrl(bucket)) return null;
  const listing = new URL(bucket);
  const base = new URL(listing.href);
  base.search = '';
  base.hash = '';
  if (!base.pathname.endsWith('/')) base.pathname = `${base.pathname}/`;
  return { listing, base };
}

/**
 * A key's URL under `base`, each path segment encoded (holdmusic.php urlencoded the key); the
 * `./` keeps a key such as `//elsewhere.example/a.mp3` under the bucket's host.
 */
function trackUrl(base: URL, key: string): string {
  return new URL(`./${key.split('/').map(encodeURIComponent).join('/')}`, base).href;
}

/** Fisher–Yates, as PHP's shuffle(). */
function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

function playlist(params: TwimletParams, tracks: readonly string[]): string {
  const response = voiceResponse();
  for (const track of tracks) {
    response.play(track);
    addPrompt(response, params.text('Message'));
  }
  return response.redirect(params.selfUrl('holdmusic', OWN)).toString();
}

/** The hold music for this request: the bucket's tracks, shuffled, then a loop back here. */
export async function holdmusicTwiml(params: TwimletParams, list: ListBucket, random: () => number = Math.random): Promise<string> {
  const bucket = params.text('Bucket');
  if (bucket === '') return voiceResponse().say('An S 3 bucket is required.').toString();
  const location = bucketLocation(bucket);
  const keys = location === null ? null : await list(location.listing);
  const audio = (keys ?? []).filter((key) => AUDIO_KEY.test(key));
  if (location === null || audio.length === 0) {
    const response = voiceResponse();
    addPrompt(response, params.text('Message'), 'Failed to fetch the hold music.');
    return response.pause({ length: RETRY_PAUSE_SECONDS }).redirect(params.selfUrl('holdmusic', OWN)).toString();
  }
  let tracks = shuffle(audio, random).slice(0, MAX_TRACKS).map((key) => trackUrl(location.base, key));
  let twiml = playlist(params, tracks);
  while (Buffer.byteLength(twiml, 'utf8') > MAX_TWIML_BYTES && tracks.length > 1) {
    tracks = tracks.slice(0, Math.ceil(tracks.length / 2));
    twiml = playlist(params, tracks);
  }
  return twiml;
}
