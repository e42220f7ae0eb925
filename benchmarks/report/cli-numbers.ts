import { InvalidArgumentError } from 'commander';

/** A commander parser for an integer in [min, max]; the message names the range. */
export function integerIn(min: number, max = Number.MAX_SAFE_INTEGER) {
  return (value: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!Number.isInteger(n) || n < min || n > max)
      throw new InvalidArgumentError(
        max === Number.MAX_SAFE_INTEGER ? `must be an integer >= ${min}` : `must be an integer in [${min}, ${max}]`,
      );
    return n;
  };
}

/** A commander parser for a finite number in [min, max]. */
export function numberIn(min: number, max: number) {
  return (value: string): number => {
    const n = value.trim() === '' ? Number.NaN : Number(value);
    if (!(Number.isFinite(n) && n >= min && n <= max))
      throw new InvalidArgumentError(`must be a number in [${min}, ${max}]`);
    return n;
  };
}
