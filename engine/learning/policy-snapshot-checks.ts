import type { Snapshot } from '../types.js';
import type { PolicyKind } from './policy.js';

/**
 * Readers for `Policy.restore`: each checks one shape and throws a TypeError naming the
 * path, so a corrupt or foreign snapshot is rejected before any state is replaced.
 */

export function requireRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new TypeError(`${path} must be an object`);
  return value as Record<string, unknown>;
}

export function requireArray(value: unknown, path: string): readonly unknown[] {
  if (!Array.isArray(value)) throw new TypeError(`${path} must be an array`);
  return value;
}

export function requireString(value: unknown, path: string): string {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${path} must be a non-empty string`);
  return value;
}

/** @throws TypeError unless `value` is a finite number >= `min` */
export function requireNumber(value: unknown, path: string, min = -Infinity): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min) {
    throw new TypeError(`${path} must be a finite number >= ${min}`);
  }
  return value;
}

/** @throws TypeError unless `value` is an array of `length` finite numbers */
export function requireNumbers(value: unknown, path: string, length: number): Float64Array {
  const items = requireArray(value, path);
  if (items.length !== length) throw new TypeError(`${path} must have ${length} entries, got ${items.length}`);
  const out = new Float64Array(length);
  for (let i = 0; i < length; i++) out[i] = requireNumber(items[i], `${path}[${i}]`);
  return out;
}

/**
 * Checks the snapshot's kind and returns its state object.
 * @throws TypeError when the snapshot is not an object, of another kind, or has no state object
 */
export function snapshotState(snapshot: Snapshot<PolicyKind>, kind: PolicyKind): Record<string, unknown> {
  const snap = requireRecord(snapshot, 'snapshot');
  if (snap.kind !== kind) throw new TypeError(`snapshot kind must be "${kind}", got "${String(snap.kind)}"`);
  return requireRecord(snap.state, 'snapshot.state');
}
