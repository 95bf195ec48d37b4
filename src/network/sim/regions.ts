/**
 * Where the simulated network has numbers: per country, the number types it offers and, for
 * each area, the number blocks it can hand out with their (real) geography. Blocks are chosen
 * so numbers look plausible; in the UK they are Ofcom's ranges reserved for drama.
 */

export type InventoryType = 'local' | 'toll-free' | 'mobile';

export interface Area {
  /** Digits after the country code that every number in the area starts with. */
  readonly prefix: string;
  /** How many digits follow the prefix. */
  readonly lineDigits: number;
  readonly type: InventoryType;
  readonly locality: string | null;
  readonly region: string | null;
  readonly postalCode: string | null;
  readonly rateCenter: string | null;
  readonly lata: string | null;
  readonly latitude: number | null;
  readonly longitude: number | null;
}

export interface Country {
  readonly isoCountry: string;
  readonly name: string;
  readonly callingCode: string;
  readonly areas: readonly Area[];
}

function local(prefix: string, lineDigits: number, locality: string, region: string, postalCode: string, lata: string, latitude: number, longitude: number): Area {
  return { prefix, lineDigits, type: 'local', locality, region, postalCode, rateCenter: locality.toUpperCase().slice(0, 10), lata, latitude, longitude };
}

function nonGeographic(prefix: string, lineDigits: number, type: InventoryType): Area {
  return { prefix, lineDigits, type, locality: null, region: null, postalCode: null, rateCenter: null, lata: null, latitude: null, longitude: null };
}

/** North American numbers: an area code and a central-office code, then four line digits. */
function nanp(areaCode: string, exchanges: readonly string[], locality: string, region: string, postalCode: string, lata: string, lat: number, long: number): Area[] {
  return exchanges.map((exchange) => local(areaCode + exchange, 4, locality, region, postalCode, lata, lat, long));
}

export const COUNTRIES: readonly Country[] = [
  {
    isoCountry: 'US',
    name: 'United States',
    callingCode: '1',
    areas: [
      ...nanp('415', ['523', '524', '555'], 'San Francisco', 'CA', '94103', '722', 37.7749, -122.4194),
      ...nanp('212', ['267', '555'], 'New York', 'NY', '10001', '132', 40.7506, -73.9971),
      ...nanp('312', ['248', '555'], 'Chicago', 'IL', '60601', '358', 41.8858, -87.6229),
      ...nanp('512', ['361', '555'], 'Austin', 'TX', '78701', '558', 30.2711, -97.7437),
      ...nanp('206', ['413', '555'], 'Seattle', 'WA', '98101', '674', 47.6101, -122.3344),
      ...nanp('617', ['349', '555'], 'Boston', 'MA', '02108', '128', 42.3577, -71.0631),
      ...nanp('303', ['529', '555'], 'Denver', 'CO', '80202', '656', 39.7527, -104.9998),
      ...nanp('305', ['514', '555'], 'Miami', 'FL', '33130', '460', 25.7679, -80.2003),
      ...['800', '833', '844', '855', '866', '877', '888'].map((code) => nonGeographic(code + '555', 4, 'toll-free')),
    ],
  },
  {
    isoCountry: 'CA',
    name: 'Canada',
    callingCode: '1',
    areas: [
      ...nanp('416', ['555'], 'Toronto', 'ON', 'M5H', '888', 43.6532, -79.3832),
      ...nanp('604', ['555'], 'Vancouver', 'BC', 'V6B', '888', 49.2827, -123.1207),
      ...nanp('514', ['555'], 'Montreal', 'QC', 'H2Y', '888', 45.5017, -73.5673),
    ],
  },
  {
    isoCountry: 'GB',
    name: 'United Kingdom',
    callingCode: '44',
    areas: [
      local('2079460', 3, 'London', 'London', 'EC1A', '', 51.5072, -0.1276),
      local('1614960', 3, 'Manchester', 'Manchester', 'M1', '', 53.4808, -2.2426),
      local('1134960', 3, 'Leeds', 'West Yorkshire', 'LS1', '', 53.8008, -1.5491),
      nonGeographic('7700900', 3, 'mobile'),
      nonGeographic('8081570', 3, 'toll-free'),
    ],
  },
];
