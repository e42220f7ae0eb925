import { randomFillSync } from 'node:crypto';

/**
 * The 64 characters of base64url in ASCII order, so that a fixed-width number written in
 * them sorts as text (SQLite's BINARY collation) in numeric order.
 */
const SORTABLE_DIGITS = '-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz';
/** Characters of the time prefix: 64^8 ms is ~8,900 years from 1970. */
const TIME_CHARS = 8;
const TIME_LIMIT = 64 ** TIME_CHARS;
/**
 * CSPRNG bytes drawn 4 kB at a time and handed out 16 per id (as Node's randomUUID caches its
 * entropy): one randomBytes call per id was ~2% of the server's busy time under bench:http.
 */
const pool = Buffer.alloc(4096);
let used = pool.length;

function random16(): Buffer {
  if (used + 16 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  used += 16;
  return pool.subarray(used - 16, used);
}

/**
 * `<prefix>_<time><random>`: the creation time in ms as 8 sortable characters, then 128
 * random bits (base64url, 22 characters), so ids stay unguessable and new rows land next to
 * each other in every index keyed by id (the primary keys of verifications and attempts): a
 * group commit writes the few index pages its batch shares instead of one random page per row
 * (docs/performance.md, "Time-ordered ids"). The prefix tells whoever holds an id when it was
 * made, which its owner can already read from the verification. Ids of the same millisecond
 * are in random order.
 *
 * @param at creation time in ms since the epoch (the caller's clock); clamped to [0, 64^8)
 */
export function newId(prefix: 'vf' | 'at' | 'tn' | 'key', at: number): string {
  let t = Number.isFinite(at) ? Math.min(TIME_LIMIT - 1, Math.max(0, Math.floor(at))) : 0;
  let time = '';
  for (let i = 0; i < TIME_CHARS; i++) {
    time = SORTABLE_DIGITS[t % 64] + time;
    t = Math.floor(t / 64);
  }
  return `${prefix}_${time}${random16().toString('base64url')}`;
}
