/**
 * SMS encoding and segments, as carriers count them: GSM-7 (GSM 03.38 default alphabet, with the
 * extension table's characters taking two septets) when every character fits, otherwise UCS-2.
 * One segment carries 160 septets or 70 UCS-2 code units; a multipart message carries 153 or 67
 * per part (the rest is the concatenation header). An escape pair or a surrogate pair is never
 * split across parts. Twilio's 1,600-character limit is counted in characters (code points).
 *
 * Smart encoding (replacing look-alike Unicode with GSM characters) is available as
 * `smartEncode` but not applied by default, as Twilio does not apply it outside Messaging
 * Services. No I/O.
 */

export type SmsEncoding = 'GSM-7' | 'UCS-2';

export interface SegmentInfo {
  readonly encoding: SmsEncoding;
  readonly segments: number;
  /** Septets for GSM-7 (extension characters count 2), UTF-16 code units for UCS-2. */
  readonly units: number;
  /** Units one part holds for this message (160/153 or 70/67). */
  readonly perSegment: number;
}

export const MAX_BODY_LENGTH = 1600;

const GSM_BASIC = new Set([...'@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà']);
const GSM_EXTENSION = new Set([...'^{}\\[~]|€\f']);

/** Characters in Twilio's 1,600 limit: code points. */
export function bodyLength(body: string): number {
  return [...body].length;
}

/** Packs unit sizes (1 or 2 each) into parts of `size`, never splitting a 2-unit item. */
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

/**
 * How a body is encoded and how many segments it takes.
 *
 * @example
 * segmentBody('x'.repeat(161)) // { encoding: 'GSM-7', segments: 2, units: 161, perSegment: 153 }
 */
export function segmentBody(body: string): SegmentInfo {
  const chars = [...body];
  const gsm = chars.every((c) => GSM_BASIC.has(c) || GSM_EXTENSION.has(c));
  const sizes = gsm ? chars.map((c) => (GSM_EXTENSION.has(c) ? 2 : 1)) : chars.map((c) => c.length);
  const units = sizes.reduce((a, b) => a + b, 0);
  const single = gsm ? 160 : 70;
  const multi = gsm ? 153 : 67;
  if (units <= single) return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: 1, units, perSegment: single };
  return { encoding: gsm ? 'GSM-7' : 'UCS-2', segments: countParts(sizes, multi), units, perSegment: multi };
}

/** Twilio's Smart Encoding replacements: look-alike Unicode characters and their GSM forms. */
const SMART: Readonly<Record<string, string>> = {
  '\u00AB': '"', '\u00BB': '"', '\u201C': '"', '\u201D': '"', '\u02BA': '"', '\u02EE': '"', '\u201F': '"', '\u275D': '"', '\u275E': '"', '\u301D': '"', '\u301E': '"', '\uFF02': '"',
  '\u2018': "'", '\u2019': "'", '\u02BB': "'", '\u02C8': "'", '\u02BC': "'", '\u02BD': "'", '\u02B9': "'", '\u201B': "'", '\uFF07': "'", '\u00B4': "'", '\u02CA': "'", '\u0060': "'", '\u2032': "'", '\u2035': "'", '\u275B': "'", '\u275C': "'",
  '\u0313': "'", '\u0314': "'", '\uFE10': "'", '\uFE11': "'",
  '\u00F7': '/', '\u00BC': '1/4', '\u00BD': '1/2', '\u00BE': '3/4', '\u29F8': '/', '\u0337': '/', '\u0338': '/', '\u2044': '/', '\u2215': '/', '\uFF0F': '/',
  '\u29F9': '\\', '\u29F5': '\\', '\u20E5': '\\', '\uFE68': '\\', '\uFF3C': '\\',
  '\u0332': '_', '\uFF3F': '_', '\u20D2': '|', '\u20D3': '|', '\u2223': '|', '\uFF5C': '|', '\u23B8': '|', '\u23B9': '|', '\u23D0': '|', '\u239C': '|', '\u239F': '|',
  '\u23BC': '-', '\u23BD': '-', '\u2015': '-', '\uFE63': '-', '\uFF0D': '-', '\u2010': '-', '\u2043': '-', '\uFE6B': '@', '\uFF20': '@', '\uFE69': '$', '\uFF04': '$',
  '\u01C3': '!', '\uFE15': '!', '\uFE57': '!', '\uFF01': '!', '\uFE5F': '#', '\uFF03': '#', '\uFE6A': '%', '\uFF05': '%', '\uFE60': '&', '\uFF06': '&',
  '\u201A': ',', '\u0326': ',', '\uFE50': ',', '\u3001': ',', '\uFE51': ',', '\uFF0C': ',', '\uFF64': ',', '\u2768': '(', '\u276A': '(', '\uFE59': '(', '\uFF08': '(', '\u27EE': '(', '\u2985': '(',
  '\u2769': ')', '\u276B': ')', '\uFE5A': ')', '\uFF09': ')', '\u27EF': ')', '\u2986': ')', '\u204E': '*', '\u2217': '*', '\u229B': '*', '\u2722': '*', '\u2723': '*', '\u2724': '*', '\u2725': '*', '\u2731': '*', '\u2732': '*', '\u2733': '*', '\u273A': '*', '\u273B': '*', '\u273C': '*', '\u273D': '*', '\u2743': '*', '\u2749': '*', '\u274A': '*', '\u274B': '*', '\u29C6': '*', '\uFE61': '*', '\uFF0A': '*',
  '\u02D6': '+', '\uFE62': '+', '\uFF0B': '+', '\u3002': '.', '\uFE52': '.', '\uFF0E': '.', '\uFF61': '.',
  '\uFF10': '0', '\uFF11': '1', '\uFF12': '2', '\uFF13': '3', '\uFF14': '4', '\uFF15': '5', '\uFF16': '6', '\uFF17': '7', '\uFF18': '8', '\uFF19': '9',
  '\u02D0': ':', '\u02F8': ':', '\u2982': ':', '\uA789': ':', '\uFE13': ':', '\uFF1A': ':', '\u204F': ';', '\uFE14': ';', '\uFE54': ';', '\uFF1B': ';',
  '\uFE64': '<', '\uFF1C': '<', '\u0347': '=', '\uA78A': '=', '\uFE66': '=', '\uFF1D': '=', '\uFE65': '>', '\uFF1E': '>', '\uFE16': '?', '\uFE56': '?', '\uFF1F': '?',
  '\u2013': '-', '\u2014': '-', '\u2026': '...', '\u00A0': ' ', '\u2000': ' ', '\u2001': ' ', '\u2002': ' ', '\u2003': ' ', '\u2004': ' ', '\u2005': ' ', '\u2006': ' ', '\u2007': ' ', '\u2008': ' ', '\u2009': ' ', '\u200A': ' ', '\u200B': '', '\u202F': ' ', '\u205F': ' ', '\u3000': ' ', '\uFEFF': '',
};

/** Replaces look-alike Unicode characters with their GSM-7 forms (Twilio's Smart Encoding). */
export function smartEncode(body: string): string {
  let out = '';
  for (const c of body) out += SMART[c] ?? c;
  return out;
}
