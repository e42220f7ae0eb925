import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** Length in bytes of every key in the file (AES-256 and HMAC-SHA256 keys). */
export const KEY_BYTES = 32;

/** One generation of secrets. Old generations stay in the file so old rows still decrypt. */
export interface KeyEntry {
  readonly id: string;
  /** AES-256-GCM key for phone numbers at rest. */
  readonly encryptionKey: Buffer;
  /** Root of the HMAC keys (phone hash, code hash), see `phone-crypto.ts` and `codes.ts`. */
  readonly hmacKey: Buffer;
  /** ISO 8601 time the entry was generated. */
  readonly createdAt: string;
}

/** The parsed key file: every known entry and the one used for new writes. */
export interface KeyRing {
  readonly active: KeyEntry;
  readonly byId: ReadonlyMap<string, KeyEntry>;
}

export interface LoadKeyFileOptions {
  /** Create a fresh file (mode 0600, folder 0700) when none exists. Off in production if keys are provisioned. */
  readonly createIfMissing: boolean;
}

/** Builds a new random key entry. `createdAt` is an ISO 8601 string. */
export function createKeyEntry(id: string, createdAt: string): KeyEntry {
  return { id, encryptionKey: randomBytes(KEY_BYTES), hmacKey: randomBytes(KEY_BYTES), createdAt };
}

/** Serialises a key ring to the on-disk JSON shape `{ keys: [...], activeKeyId }`. */
export function serializeKeyRing(ring: KeyRing): string {
  const keys = [...ring.byId.values()].map((k) => ({
    id: k.id,
    encryptionKey: k.encryptionKey.toString('base64'),
    hmacKey: k.hmacKey.toString('base64'),
    createdAt: k.createdAt,
  }));
  return `${JSON.stringify({ keys, activeKeyId: ring.active.id }, null, 2)}\n`;
}

/**
 * Loads the secrets file `{ keys: [{ id, encryptionKey, hmacKey, createdAt }], activeKeyId }`
 * (keys base64, 32 bytes each). Several entries support rotation: rows are decrypted
 * with their own key id and new rows use `activeKeyId`.
 *
 * @throws Error when the file is missing (and `createIfMissing` is false), is not a
 *   regular file, is readable or writable by group/others (POSIX only), or is malformed.
 */
export function loadKeyFile(path: string, options: LoadKeyFileOptions): KeyRing {
  if (options.createIfMissing) createIfAbsent(path);
  let mode: number;
  try {
    const st = statSync(path);
    if (!st.isFile()) throw new Error(`key file ${path} is not a regular file`);
    mode = st.mode;
  } catch (err) {
    if (isCode(err, 'ENOENT'))
      throw new Error(`key file ${path} does not exist: create it with \`npm run keys -- init --key-file ${path}\``, {
        cause: err,
      });
    throw err;
  }
  // Windows has no POSIX permission bits; statSync reports 0o666 there.
  if (process.platform !== 'win32' && (mode & 0o077) !== 0) {
    const octal = (mode & 0o777).toString(8).padStart(4, '0');
    throw new Error(`key file ${path} has mode ${octal}; it must not be accessible by group or others (chmod 600)`);
  }
  try {
    return parseKeyFile(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new Error(`key file ${path} is malformed: ${(err as Error).message}`, { cause: err });
  }
}

/**
 * Parses and validates the key file's JSON text.
 * @throws Error naming the first problem found.
 */
export function parseKeyFile(text: string): KeyRing {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new Error('not valid JSON');
  }
  if (!isRecord(raw) || !Array.isArray(raw.keys) || raw.keys.length === 0) {
    throw new Error('expected { keys: [non-empty array], activeKeyId }');
  }
  const byId = new Map<string, KeyEntry>();
  raw.keys.forEach((k: unknown, i: number) => {
    if (!isRecord(k) || typeof k.id !== 'string' || k.id === '')
      throw new Error(`keys[${i}].id must be a non-empty string`);
    if (byId.has(k.id)) throw new Error(`keys[${i}].id "${k.id}" is duplicated`);
    if (typeof k.createdAt !== 'string') throw new Error(`keys[${i}].createdAt must be a string`);
    byId.set(k.id, {
      id: k.id,
      encryptionKey: decodeKey(k.encryptionKey, `keys[${i}].encryptionKey`),
      hmacKey: decodeKey(k.hmacKey, `keys[${i}].hmacKey`),
      createdAt: k.createdAt,
    });
  });
  const active = typeof raw.activeKeyId === 'string' ? byId.get(raw.activeKeyId) : undefined;
  if (active === undefined) throw new Error('activeKeyId must name one of keys[].id');
  return { active, byId };
}

function createIfAbsent(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  const entry = createKeyEntry('k1', new Date().toISOString());
  const text = serializeKeyRing({ active: entry, byId: new Map([[entry.id, entry]]) });
  try {
    // 'wx' fails if another process created the file first; theirs wins.
    writeFileSync(path, text, { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
  }
}

function decodeKey(value: unknown, name: string): Buffer {
  if (typeof value !== 'string') throw new Error(`${name} must be a base64 string`);
  const buf = Buffer.from(value, 'base64');
  // Buffer.from ignores garbage; a canonical round trip proves the text was exact base64.
  if (buf.length !== KEY_BYTES || buf.toString('base64') !== value) {
    throw new Error(`${name} must be base64 of exactly ${KEY_BYTES} bytes`);
  }
  return buf;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isCode(err: unknown, code: string): boolean {
  return isRecord(err) && err.code === code;
}
