import { getCountries } from 'libphonenumber-js/max';

/**
 * The region codes a phone number can resolve to (libphonenumber's, the library that gives every
 * verification its country): ISO 3166-1 alpha-2 plus the few non-ISO regions with their own
 * numbering (XK Kosovo, AC Ascension, TA Tristan da Cunha). A country in a routing table, a
 * tenant's geo permission or a providers file that is not one of them could never match a
 * number, so it is refused rather than stored.
 */
export const PHONE_REGIONS: ReadonlySet<string> = new Set(getCountries());

/** Codes people write for a country whose ISO code differs. */
const COMMON_MISTAKES: Readonly<Record<string, string>> = { UK: 'GB', EL: 'GR' };

/**
 * Why `code` is not a country a phone number can resolve to, or undefined when it is one,
 * e.g. `"UK" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2; did you mean "GB"?)`.
 */
export function countryCodeProblem(code: string): string | undefined {
  if (PHONE_REGIONS.has(code)) return undefined;
  const hint = COMMON_MISTAKES[code];
  return `"${code}" is not a country code phone numbers resolve to (ISO 3166-1 alpha-2${hint ? `; did you mean "${hint}"?` : ''})`;
}
