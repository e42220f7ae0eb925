import { parsePhoneNumberWithError, type NumberType } from 'libphonenumber-js/max';

/** Number types we send codes to. Landlines, premium-rate, toll-free, shared-cost and pagers are refused before any spend. */
const SENDABLE: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE']);

export interface ParsedPhone {
  readonly e164: string;
  /** ISO 3166-1 alpha-2. */
  readonly country: string;
  /** Prefix used for SMS-pumping velocity: calling code + first 4 national digits. */
  readonly prefix: string;
}

export type PhoneParseResult = { readonly ok: true; readonly phone: ParsedPhone } | { readonly ok: false; readonly reason: string };

/**
 * Parses and classifies a number with libphonenumber-js (full metadata): country and number
 * type come from the number itself, never from hand-written patterns.
 */
export function parsePhone(input: string): PhoneParseResult {
  let parsed;
  try {
    parsed = parsePhoneNumberWithError(input);
  } catch {
    return { ok: false, reason: 'not a parseable phone number' };
  }
  if (!parsed.isValid() || !parsed.country) return { ok: false, reason: 'not a valid phone number' };
  const type = parsed.getType();
  if (!type || !SENDABLE.has(type)) {
    return { ok: false, reason: `number type ${type?.toLowerCase() ?? 'unknown'} cannot receive verification codes` };
  }
  const e164 = parsed.number;
  return {
    ok: true,
    phone: { e164, country: parsed.country, prefix: `${parsed.countryCallingCode}-${parsed.nationalNumber.slice(0, 4)}` },
  };
}
