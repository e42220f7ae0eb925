/** Small validators for configuration values; each error names the parameter and its allowed range. */

/** @throws RangeError naming `name` unless `value` is a finite number > 0 */
export function requirePositive(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value > 0)) {
    throw new RangeError(`${name} must be a finite number > 0, got ${String(value)}`);
  }
  return value;
}

/** @throws RangeError naming `name` unless `value` is a finite number >= 0 (a count or a sum of weights) */
export function requireNonNegative(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value) && value >= 0)) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${String(value)}`);
  }
  return value;
}

/** @throws RangeError naming `name` unless `value` is an integer in [min, max] */
export function requireInteger(name: string, value: number, min: number, max: number): number {
  if (!(Number.isInteger(value) && value >= min && value <= max)) {
    throw new RangeError(`${name} must be an integer in [${min}, ${max}], got ${String(value)}`);
  }
  return value;
}

/** @throws TypeError naming `name` unless `value` is a finite number (a timestamp or a sample) */
export function requireFinite(name: string, value: number): number {
  if (!(typeof value === 'number' && Number.isFinite(value))) {
    throw new TypeError(`${name} must be a finite number, got ${String(value)}`);
  }
  return value;
}
