// Countries as channels and shop exports write them: ISO 3166 codes (GB, GBR, 826), English names
// and their common aliases (United Kingdom, UK, USA), and names in the country's own language where
// exports use them (EIRE). The names come from i18n-iso-countries, not a table of our own. A value
// nobody recognises is kept as given and reported, never refused: the history is the customer's.
// The library without its Node entry, which loads all 78 languages' names (80 modules, ~10 ms of
// every preparation thread's start-up): the two languages read here are registered below.
import countries from 'i18n-iso-countries/index';
import english from 'i18n-iso-countries/langs/en.json';
import irish from 'i18n-iso-countries/langs/ga.json';
import type { FieldProblem } from '@ledger/domain';

countries.registerLocale(english);
countries.registerLocale(irish);

/** Case, accents, dots and extra spaces do not matter: `U.S.A.`, `usa`, `Éire`, `EIRE`. */
const normalised = (value: string): string =>
  value.normalize('NFD').replace(/\p{M}/gu, '').replace(/[.'’]/g, '').replace(/\s+/g, ' ').trim().toLowerCase();

const byName = new Map<string, string>();
for (const locale of ['ga', 'en']) {
  for (const [code, names] of Object.entries(countries.getNames(locale, { select: 'all' }))) {
    for (const name of names) byName.set(normalised(name), code);
  }
}

export interface CountryReading {
  /** The ISO 3166-1 alpha-2 code, or the value as given when it is not recognised. */
  country: string;
  recognised: boolean;
}

export function readCountry(value: string): CountryReading {
  const trimmed = value.trim();
  const code = countries.isValid(trimmed) ? countries.toAlpha2(trimmed) : byName.get(normalised(trimmed));
  return code ? { country: code, recognised: true } : { country: trimmed, recognised: false };
}

/** The profile with its country as an ISO code when recognised; a warning otherwise. */
export function withIsoCountry<T extends { country?: string }>(profile: T, warnings: FieldProblem[] | undefined): T {
  // null passes the DTO's @IsOptional ("no country"), as undefined does: nothing to read.
  if (profile.country === undefined || profile.country === null) return profile;
  const reading = readCountry(profile.country);
  if (!reading.recognised) {
    warnings?.push({
      field: 'country',
      reason: `'${reading.country}' is not an ISO 3166 code or a country name we know; it was kept as given`,
    });
  }
  return { ...profile, country: reading.country };
}
