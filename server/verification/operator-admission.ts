import { UNKNOWN_OPERATOR } from '../../engine/types.js';

/** Operators per country that a request may name beyond the operator table (MCC-MNC values are plentiful; real networks are not). */
export const MAX_REQUESTED_OPERATORS_PER_COUNTRY = 32;

/**
 * Bounds the segments requests can create. The operator is part of every segment key, and
 * every segment holds learned state, health histograms and a row per provider in each
 * routing-history snapshot, while `operator` in a create request is any "ddd-dd(d)" string:
 * without a bound, one tenant key (or one buggy client) could grow the engine's memory and
 * the database without limit. The first {@link MAX_REQUESTED_OPERATORS_PER_COUNTRY}
 * operators requests name in a country get segments of their own; later ones route as
 * `unknown` (the country's data still applies through the hierarchical prior). Operators
 * from the operator table are not counted. In memory: after a restart the slots fill again.
 */
export class OperatorAdmission {
  readonly #byCountry = new Map<string, Set<string>>();

  constructor(readonly maxPerCountry = MAX_REQUESTED_OPERATORS_PER_COUNTRY) {}

  /** `operator` when it already has a slot in `country` or one is free, else `unknown`. */
  admit(country: string, operator: string): string {
    if (operator === UNKNOWN_OPERATOR) return operator;
    let admitted = this.#byCountry.get(country);
    if (admitted === undefined) {
      admitted = new Set();
      this.#byCountry.set(country, admitted);
    }
    if (admitted.has(operator)) return operator;
    if (admitted.size >= this.maxPerCountry) return UNKNOWN_OPERATOR;
    admitted.add(operator);
    return operator;
  }
}
