/**
 * SMS encoding and segments, counted the way carriers and Twilio count them: GSM-7 (the GSM 03.38
 * default alphabet, with the basic extension table's characters taking two septets) when every
 * character fits, otherwise UCS-2. One segment carries 160 septets or 70 UCS-2 code units; a
 * multipart message carries 153 or 67 per part (the rest of each part is the concatenation
 * header), and an escape pair is never split across parts, nor is a UCS-2 character as the
 * reader sees it (a grapheme: an emoji with its modifiers, a flag, a letter with its accents),
 * as Twilio's Message Segment Calculator packs them. Twilio's 1,600-character body limit counts
 * UTF-16 code units, so an emoji counts as two ("emojis … will be counted as multiple
 * characters", error 21617).
 * See https://www.twilio.com/docs/glossary/what-sms-character-limit and
 * https://www.twilio.com/docs/glossary/what-is-gsm-7-character-encoding.
 *
 * Smart Encoding (replacing Unicode look-alikes such as curly quotes with GSM characters) is
 * `smartEncode`, applied when a message is created with `SmartEncoded=true` (Twilio's parameter;
 * otherwise a setting of Messaging Services). Without it a body goes out as written.
 *
 * Pure functions only: no I/O, no state, no configuration.
 */

/** How a body travels: 7-bit GSM 03.38 septets, or 16-bit UCS-2 code units. */
export type SmsEncoding = 'GSM-7' | 'UCS-2';

/** How a body is encoded and how many segments (billable parts) it takes. */
export interface SegmentInfo {
  /** GSM-7 when every character is in the GSM 03.38 alphabet or its basic extension table. */
  readonly encoding: SmsEncoding;
  /** Parts the body is sent in; an empty (media-only) body still counts as one. */
  readonly segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  readonly units: number;
  /** Units one part holds for this message: 160 or 70 when it fits one, else 153 or 67. */
  readonly perSegment: number;
}

/** Twilio's limit on a message body, in characters (UTF-16 code units); longer bodies get 21617. */
export const MAX_BODY_LENGTH = 1600;

/** GSM 03.38 default alphabet (0x1B, the escape to the extension table, left out): one septet each. */
const GSM_BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
/** GSM 03.38 basic extension table: an escape septet plus one, so two septets each. */
const GSM_EXTENSION = new Set([...'^{}\\[~]|€\f']);

/**
 * Characters in a body as Twilio's 1,600 limit counts them: UTF-16 code units, so an emoji
 * (outside the Basic Multilingual Plane) is two. Twilio documents that emoji "will be counted
 * as multiple characters if they have a higher byte count" (https://www.twilio.com/docs/api/errors/21617).
 *
 * @example
 * bodyLength('hi 😀') // 5
 */
export function bodyLength(body: string): number {
  return body.length;
}

/** Packs unit sizes into parts of `size`, never splitting an item (an escape pair, a grapheme). */
function countParts(sizes: readonly number[], size: number): number {
  let parts = 1;
  let used = 0;
  for (const n of sizes) {
    if (used + n > size) {
      parts++;
      used = 0;
    }
    used += n;
  }
  return parts;
}

const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });

/** The UTF-16 length of each grapheme of a body: what a UCS-2 part may not split. */
function graphemeSizes(body: string): number[] {
  return Array.from(graphemes.segment(body), (g) => g.segment.length);
}

/**
 * How a body is encoded and how many segments it takes, as Twilio reports in `num_segments`.
 * One character outside GSM-7 makes the whole message UCS-2. Multipart messages are packed as
 * Twilio's Message Segment Calculator packs them (github.com/TwilioDevEd/message-segment-calculator):
 * an extension character's escape pair, or a UCS-2 grapheme (a surrogate pair, an emoji with
 * a skin tone or a ZWJ sequence, a flag, a letter and its combining accent), that would
 * straddle a part boundary moves whole to the next part. A grapheme longer than a whole part
 * is split where it must be.
 *
 * @example
 * segmentBody('x'.repeat(161)) // { encoding: 'GSM-7', segments: 2, units: 161, perSegment: 153 }
 * segmentBody('')              // { encoding: 'GSM-7', segments: 1, units: 0, perSegment: 160 }
 */
export function segmentBody(body: string): SegmentInfo {
  const chars = [...body];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (!gsm) {
    if (body.length <= single) return { encoding: 'UCS-2', segments: 1, units: body.length, perSegment: single };
    const sizes = graphemeSizes(body).flatMap((n) => (n > multi ? Array.from({ length: n }, () => 1) : [n]));
    return { encoding: 'UCS-2', segments: countParts(sizes, multi), units: body.length, perSegment: multi };
  }
  const sizes = chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1));
  const units = sizes.reduce((a, b) => a + b, 0);
  if (units <= single) return { encoding: 'GSM-7', segments: 1, units, perSegment: single };
  return { encoding: 'GSM-7', segments: countParts(sizes, multi), units, perSegment: multi };
}

/**
 * Twilio's Smart Encoding table, grouped by replacement: each character of the second string
 * becomes the first. Follows https://www.twilio.com/docs/sms/services/smart-encoding-char-list as
 * mirrored by Twilio's own segment calculator (github.com/TwilioDevEd/message-segment-calculator,
 * src/libs/SmartEncodingMap.ts). Where that map is evidently a slip we do the sensible thing:
 * ‹ › become < > (not > <), spaces become one space, and control characters are left alone.
 */
const SMART_GROUPS: ReadonlyArray<readonly [string, string]> = [
  ['"', '\u00AB\u00BB\u201C\u201D\u201E\u201F\u02BA\u02EE\u275D\u275E\u301D\u301E\uFF02'],
  ["'", '\u2018\u2019\u201B\u02B9\u02BB\u02BC\u02BD\u02C8\u02CA\u02CB\u00B4\u0060\u275B\u275C\u0313\u0314\uFE10\uFE11\uFF07'],
  [',', '\u201A\u0326\u3001\uFE50\uFE51\uFF0C\uFF64'],
  ['-', '\u2010\u2013\u2014\u2015\u2022\u2043\u23BC\u23BD\uFE63\uFF0D'],
  ['...', '\u2026'],
  [' ', '\u00A0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000'],
  ['', '\u200B\u2060\uFEFF'],
  ['/', '\u00F7\u0337\u0338\u2044\u2215\u29F8\uFF0F'],
  ['1/4', '\u00BC'], ['1/2', '\u00BD'], ['3/4', '\u00BE'],
  ['\\', '\u20E5\u29F5\u29F9\uFE68\uFF3C'],
  ['_', '\u0332\uFF3F'],
  ['|', '\u20D2\u20D3\u2223\u239C\u239F\u23B8\u23B9\u23D0\uFF5C'],
  ['@', '\uFE6B\uFF20'], ['$', '\uFE69\uFF04'], ['#', '\uFE5F\uFF03'], ['%', '\uFE6A\uFF05'], ['&', '\uFE60\uFF06'],
  ['!', '\u01C3\uFE15\uFE57\uFF01'], ['!!', '\u203C'], ['?', '\uFE16\uFE56\uFF1F'],
  ['(', '\u2768\u276A\u27EE\u2985\uFE59\uFF08'], [')', '\u2769\u276B\u27EF\u2986\uFE5A\uFF09'],
  ['*', '\u204E\u2217\u229B\u2722\u2723\u2724\u2725\u2731\u2732\u2733\u273A\u273B\u273C\u273D\u2743\u2749\u274A\u274B\u29C6\uFE61\uFF0A'],
  ['+', '\u02D6\uFE62\uFF0B'], ['.', '\u3002\uFE52\uFF0E\uFF61'],
  [':', '\u02D0\u02F8\u2982\uA789\uFE13\uFF1A'], [';', '\u204F\uFE14\uFE54\uFF1B'],
  ['<', '\u2039\uFE64\uFF1C'], ['=', '\u0347\uA78A\uFE66\uFF1D'], ['>', '\u203A\uFE65\uFF1E'],
  ['^', '\u02C6\u0302\u1DCD\uFF3E'], ['{', '\u2774\uFE5B\uFF5B'], ['}', '\u2775\uFE5C\uFF5D'], ['[', '\uFF3B'], [']', '\uFF3D'],
  ['~', '\u02DC\u02F7\u0303\u0330\u0334\u223C\uFF5E'],
];

/** Latin small capitals Twilio folds to capitals (there are none for Q and X), in A–Z order. */
const SMALL_CAPITALS: readonly [string, string] = ['\u1D00\u0299\u1D04\u1D05\u1D07\uA730\u0262\u029C\u026A\u1D0A\u1D0B\u029F\u1D0D\u0274\u1D0F\u1D18\u0280\uA731\u1D1B\u1D1C\u1D20\u1D21\u028F\u1D22', 'ABCDEFGHIJKLMNOPRSTUVWYZ'];

function smartTable(): ReadonlyMap<string, string> {
  const table = new Map<string, string>();
  for (const [to, from] of SMART_GROUPS) for (const c of from) table.set(c, to);
  const [smallCaps, capitals] = SMALL_CAPITALS;
  [...smallCaps].forEach((c, i) => table.set(c, capitals.charAt(i)));
  // Fullwidth digits and capitals (U+FF10–FF19, U+FF21–FF3A) sit at a fixed offset from ASCII.
  for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ') table.set(String.fromCharCode(c.charCodeAt(0) + 0xFEE0), c);
  return table;
}

const SMART = smartTable();

/**
 * Replaces Unicode look-alikes with their GSM-7 forms, as Twilio's Smart Encoding does: curly
 * quotes become straight, en and em dashes a hyphen, the ellipsis three dots, exotic spaces a
 * space, fullwidth forms their ASCII letters. Everything else (emoji, accented letters outside
 * GSM-7, other scripts) is left as it is, so the result may still need UCS-2. Applied only when
 * asked for; see the module comment.
 *
 * @example
 * smartEncode('“Hi” — it’s here…') // '"Hi" - it\'s here...'
 */
export function smartEncode(body: string): string {
  let out = '';
  for (const c of body) out += SMART.get(c) ?? c;
  return out;
}
