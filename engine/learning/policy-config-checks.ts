/**
 * Validators shared by the policy config builders. Each error names the parameter and
 * its allowed range (STYLE.md 4), so a bad deployment config fails fast and readably.
 */

export interface RangeOptions {
  readonly minExclusive?: boolean;
  readonly maxExclusive?: boolean;
  readonly integer?: boolean;
}

/**
 * Returns `value` when it is a number within [min, max] (bounds exclusive as requested).
 * @throws TypeError when `value` is not a number; RangeError when it is NaN or out of range
 */
export function requireInRange(
  name: string,
  value: unknown,
  min: number,
  max: number,
  options: RangeOptions = {},
): number {
  const range = `${options.minExclusive ? '(' : '['}${min}, ${max}${options.maxExclusive ? ')' : ']'}`;
  const what = options.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number') throw new TypeError(`${name} must be ${what} in ${range}, got ${typeof value}`);
  const aboveMin = options.minExclusive ? value > min : value >= min;
  const belowMax = options.maxExclusive ? value < max : value <= max;
  if (!(aboveMin && belowMax) || (options.integer && !Number.isInteger(value))) {
    throw new RangeError(`${name} must be ${what} in ${range}, got ${value}`);
  }
  return value;
}

/** @throws TypeError unless `version` is a non-empty string */
export function requireVersion(version: unknown): string {
  if (typeof version !== 'string' || version.length === 0) throw new TypeError('version must be a non-empty string');
  return version;
}

/**
 * Merges `partial` over `defaults`, rejecting keys the config does not have (a typo such as
 * `epsilom` would otherwise be silently ignored) and a `kind` other than the default's.
 * @throws TypeError on a non-object partial, an unknown key or a wrong kind
 */
export function mergeConfig<T extends { readonly kind: string }>(defaults: T, partial: Partial<T> | undefined): T {
  if (partial === undefined) return { ...defaults };
  if (typeof partial !== 'object' || partial === null || Array.isArray(partial)) {
    throw new TypeError(`${defaults.kind} config must be an object`);
  }
  for (const key of Object.keys(partial)) {
    if (!Object.hasOwn(defaults, key)) throw new TypeError(`unknown ${defaults.kind} config key "${key}"`);
  }
  if (partial.kind !== undefined && partial.kind !== defaults.kind) {
    throw new TypeError(`kind must be "${defaults.kind}", got "${String(partial.kind)}"`);
  }
  return { ...defaults, ...partial };
}

/** @throws RangeError unless the reward is a number in [0, 1] (a reward outside it is a bug upstream) */
export function requireReward(reward: unknown): number {
  return requireInRange('reward', reward, 0, 1);
}
