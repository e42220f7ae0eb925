import { randomBytes } from 'node:crypto';

/** Random, unguessable ids: 128 bits, base64url. */
export function newId(prefix: 'vf' | 'at' | 'tn' | 'key'): string {
  return `${prefix}_${randomBytes(16).toString('base64url')}`;
}
