import { createHash } from 'node:crypto';

/**
 * Canonical JSON: object keys sorted by UTF-16 code unit order at every depth, no
 * whitespace, arrays kept in order, `undefined` members dropped (as JSON.stringify does).
 * Two semantically equal scenario files therefore hash the same whatever their key order
 * or formatting (in the spirit of RFC 8785, without its number re-serialisation).
 * @throws TypeError on a value JSON cannot represent (non-finite number, function, bigint)
 */
export function canonicalJson(value: unknown): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'string':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`cannot encode the non-finite number ${String(value)}`);
      return JSON.stringify(value);
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v === undefined ? null : v)).join(',')}]`;
      const keys = Object.keys(value).sort();
      const parts: string[] = [];
      for (const key of keys) {
        const member = (value as Record<string, unknown>)[key];
        if (member === undefined) continue;
        parts.push(`${JSON.stringify(key)}:${canonicalJson(member)}`);
      }
      return `{${parts.join(',')}}`;
    }
    default:
      throw new TypeError(`cannot encode a value of type ${typeof value}`);
  }
}

/** Hex sha256 of the canonical JSON of `value` (the scenario hash stamped on results). */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value)).digest('hex');
}
