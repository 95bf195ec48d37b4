/**
 * The simulated network's inventory: the numbers it can hand out to accounts. Numbers are
 * enumerated lazily in a fixed order from the areas in `regions.ts`; a search returns the first
 * matches that no account owns.
 */
import type { NumberGeography } from '../carrier.js';
import { COUNTRIES } from './regions.js';
import type { Area, Country, InventoryType } from './regions.js';

export type { InventoryType } from './regions.js';

export interface InventoryNumber {
  readonly phoneNumber: string;
  readonly isoCountry: string;
  readonly type: InventoryType;
  readonly area: Area;
}

export interface InventoryQuery {
  readonly isoCountry: string;
  readonly type: InventoryType;
  /** NANP area code (or the digits national numbers start with). */
  readonly areaCode?: string;
  /** Twilio's Contains pattern: digits, letters (keypad), `*` for any one digit. */
  readonly contains?: string;
  readonly inRegion?: string;
  readonly inLocality?: string;
  readonly inPostalCode?: string;
  readonly inLata?: string;
  readonly inRateCenter?: string;
  readonly limit: number;
}

/** Countries the simulated network has numbers in. */
export function inventoryCountries(): readonly Country[] {
  return COUNTRIES;
}

export function findCountry(isoCountry: string): Country | undefined {
  return COUNTRIES.find((c) => c.isoCountry === isoCountry.toUpperCase());
}

const KEYPAD: Readonly<Record<string, string>> = {
  A: '2', B: '2', C: '2', D: '3', E: '3', F: '3', G: '4', H: '4', I: '4', J: '5', K: '5', L: '5',
  M: '6', N: '6', O: '6', P: '7', Q: '7', R: '7', S: '7', T: '8', U: '8', V: '8', W: '9', X: '9', Y: '9', Z: '9',
};

/** Compiles Twilio's Contains pattern to a RegExp over the E.164 digits, or null when invalid. */
export function compileContains(pattern: string): RegExp | null {
  const cleaned = pattern.trim().toUpperCase().replace(/^\+/, '');
  if (!/^[0-9A-Z*]{1,16}$/.test(cleaned)) return null;
  const source = [...cleaned].map((ch) => (ch === '*' ? '\\d' : (KEYPAD[ch] ?? ch))).join('');
  return new RegExp(source);
}

function areaMatches(area: Area, q: InventoryQuery): boolean {
  if (area.type !== q.type) return false;
  if (q.areaCode !== undefined && !area.prefix.startsWith(q.areaCode)) return false;
  const eq = (a: string | null, b: string | undefined) => b === undefined || (a !== null && a.toLowerCase() === b.toLowerCase());
  return eq(area.region, q.inRegion) && eq(area.locality, q.inLocality) && eq(area.postalCode, q.inPostalCode) && eq(area.lata, q.inLata) && eq(area.rateCenter, q.inRateCenter);
}

/** Every number of the area, in order. */
function* areaNumbers(country: Country, area: Area): Generator<string> {
  const count = 10 ** area.lineDigits;
  for (let line = 0; line < count; line++) {
    yield `+${country.callingCode}${area.prefix}${String(line).padStart(area.lineDigits, '0')}`;
  }
}

/**
 * Searches the inventory. `isOwned` filters out numbers accounts already hold; it is called with
 * batches so the store can answer in one query per batch.
 */
export async function searchInventory(
  query: InventoryQuery,
  isOwned: (batch: readonly string[]) => Promise<Set<string>>,
): Promise<InventoryNumber[]> {
  const country = findCountry(query.isoCountry);
  if (!country) return [];
  const contains = query.contains === undefined ? null : compileContains(query.contains);
  const found: InventoryNumber[] = [];
  for (const area of country.areas) {
    if (!areaMatches(area, query)) continue;
    let batch: string[] = [];
    const flush = async () => {
      const owned = await isOwned(batch);
      for (const phoneNumber of batch) {
        if (found.length < query.limit && !owned.has(phoneNumber)) found.push({ phoneNumber, isoCountry: country.isoCountry, type: area.type, area });
      }
      batch = [];
    };
    for (const phoneNumber of areaNumbers(country, area)) {
      if (contains && !contains.test(phoneNumber.slice(1))) continue;
      batch.push(phoneNumber);
      if (batch.length >= Math.max(query.limit * 2, 100)) await flush();
      if (found.length >= query.limit) return found;
    }
    await flush();
    if (found.length >= query.limit) return found;
  }
  return found;
}

/** The inventory entry for an E.164 number, or undefined when the simulated network has no such number. */
export function lookupInventory(phoneNumber: string): InventoryNumber | undefined {
  for (const country of COUNTRIES) {
    const national = phoneNumber.startsWith(`+${country.callingCode}`) ? phoneNumber.slice(1 + country.callingCode.length) : null;
    if (national === null) continue;
    const area = country.areas.find((a) => national.startsWith(a.prefix) && national.length === a.prefix.length + a.lineDigits && /^\d+$/.test(national));
    if (area) return { phoneNumber, isoCountry: country.isoCountry, type: area.type, area };
  }
  return undefined;
}

/**
 * Where a number is, for Twilio's geographic parameters (FromCity, FromState, FromZip,
 * FromCountry…): the area's locality, region and postal code when the number is in the
 * inventory; otherwise only the country, from the calling code (for +1, the country whose areas
 * share the area code, else the first: virtual phones' +1 650 is the US).
 *
 * @example
 * locateNumber('+14155230001') // { city: 'San Francisco', state: 'CA', zip: '94103', country: 'US' }
 * locateNumber('+16505550100') // { city: '', state: '', zip: '', country: 'US' }
 */
export function locateNumber(phoneNumber: string): NumberGeography {
  const known = lookupInventory(phoneNumber);
  if (known) return { city: known.area.locality ?? '', state: known.area.region ?? '', zip: known.area.postalCode ?? '', country: known.isoCountry };
  const candidates = COUNTRIES.filter((c) => phoneNumber.startsWith(`+${c.callingCode}`));
  const areaCode = (c: Country) => phoneNumber.slice(1 + c.callingCode.length, 4 + c.callingCode.length);
  const country = candidates.find((c) => c.areas.some((a) => a.prefix.startsWith(areaCode(c)))) ?? candidates[0];
  return { city: '', state: '', zip: '', country: country?.isoCountry ?? '' };
}
