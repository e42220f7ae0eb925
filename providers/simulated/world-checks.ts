/**
 * Field checks for world validation. Each names the full path of the field:
 * wrong type -> TypeError, wrong value -> RangeError.
 */

export function requireObject(path: string, value: unknown): asserts value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new TypeError(`${path} must be an object, got ${describe(value)}`);
  }
}

export function requireArray(path: string, value: unknown, minLength = 0): asserts value is readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array, got ${describe(value)}`);
  if (value.length < minLength)
    throw new RangeError(`${path} must have at least ${minLength} entries, got ${value.length}`);
}

export function requireNumber(path: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new TypeError(`${path} must be a number, got ${describe(value)}`);
  if (!(value >= min && value <= max)) throw new RangeError(`${path} must be in [${min}, ${max}], got ${value}`);
}

/** Strictly greater than `min`, at most `max`. */
export function requireAbove(path: string, value: unknown, min: number, max: number): asserts value is number {
  if (typeof value !== 'number' || Number.isNaN(value))
    throw new TypeError(`${path} must be a number, got ${describe(value)}`);
  if (!(value > min && value <= max)) throw new RangeError(`${path} must be in (${min}, ${max}], got ${value}`);
}

export function requireInteger(path: string, value: unknown, min: number, max: number): asserts value is number {
  requireNumber(path, value, min, max);
  if (!Number.isInteger(value)) throw new RangeError(`${path} must be an integer in [${min}, ${max}], got ${value}`);
}

export function requireString(path: string, value: unknown, pattern: RegExp, hint: string): asserts value is string {
  if (typeof value !== 'string') throw new TypeError(`${path} must be a string, got ${describe(value)}`);
  if (!pattern.test(value)) throw new RangeError(`${path} must be ${hint}, got "${value}"`);
}

export function requireOptionalBoolean(path: string, value: unknown): void {
  if (value !== undefined && typeof value !== 'boolean')
    throw new TypeError(`${path} must be a boolean, got ${describe(value)}`);
}

export function requireOneOf<T extends string>(
  path: string,
  value: unknown,
  allowed: ReadonlySet<T>,
): asserts value is T {
  if (typeof value !== 'string' || !allowed.has(value as T)) {
    throw new RangeError(`${path} must be one of ${[...allowed].join(', ')}, got ${describe(value)}`);
  }
}

export function requireUnique(path: string, values: readonly string[]): void {
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new RangeError(`${path} must be unique, "${v}" appears twice`);
    seen.add(v);
  }
}

function describe(value: unknown): string {
  if (typeof value === 'string') return `"${value}"`;
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : typeof value === 'object' ? 'an object' : String(value);
}

/** Deep-freezes plain data (objects and arrays) in place and returns it. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
