import { createHmac, timingSafeEqual } from 'node:crypto';

/** Default tolerance between the sender's timestamp and our clock, seconds (Standard Webhooks' suggestion). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

const SECRET_PREFIX = 'whsec_';
const SIGNATURE_BYTES = 32;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const TIMESTAMP = /^[0-9]{1,15}$/;

/** Header values as Node exposes them (lower-case names; repeated headers arrive as arrays). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type WebhookVerification =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: 'missing_headers' | 'bad_timestamp' | 'expired' | 'bad_signature' };

/**
 * Decodes a signing secret: `whsec_` + base64 (the prefix is optional), or raw bytes.
 * @throws TypeError when the secret is empty or not base64
 */
export function parseWebhookSecret(secret: string | Buffer): Buffer {
  if (Buffer.isBuffer(secret)) {
    if (secret.length === 0) throw new TypeError('webhook secret must not be empty');
    return secret;
  }
  const b64 = secret.startsWith(SECRET_PREFIX) ? secret.slice(SECRET_PREFIX.length) : secret;
  if (b64 === '' || !BASE64.test(b64)) throw new TypeError('webhook secret must be "whsec_" followed by base64');
  return Buffer.from(b64, 'base64');
}

function mac(key: Buffer, id: string, timestamp: string, body: string | Buffer): Buffer {
  return createHmac('sha256', key).update(`${id}.${timestamp}.`, 'utf8').update(body).digest();
}

/**
 * The `webhook-signature` header value `v1,<base64 HMAC-SHA256(secret, "${id}.${timestamp}.${body}")>`.
 * Reference: Standard Webhooks specification, https://www.standardwebhooks.com/.
 * @throws TypeError when the secret is malformed (see {@link parseWebhookSecret})
 */
export function signWebhook(secret: string | Buffer, id: string, timestamp: number, body: string | Buffer): string {
  return `v1,${mac(parseWebhookSecret(secret), id, String(timestamp), body).toString('base64')}`;
}

/**
 * Verifies a Standard Webhooks delivery: headers `webhook-id`, `webhook-timestamp`
 * (Unix seconds, within `toleranceSeconds` of `nowSeconds` either way, against replay)
 * and `webhook-signature` (space-separated `v1,<base64>` entries; one match is enough,
 * which lets the sender rotate secrets). Comparison is constant-time per candidate;
 * malformed, short or non-base64 signatures are reported, never thrown. `rawBody` must
 * be the exact bytes received, before any JSON parsing.
 * @throws TypeError only when `secret` is malformed (a configuration error)
 */
export function verifyWebhook(
  secret: string | Buffer,
  headers: WebhookHeaders,
  rawBody: string | Buffer,
  nowSeconds: number,
  toleranceSeconds: number = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): WebhookVerification {
  const key = parseWebhookSecret(secret);
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signatures = single(headers['webhook-signature']);
  if (id === undefined || timestamp === undefined || signatures === undefined) {
    return { ok: false, reason: 'missing_headers' };
  }
  if (!TIMESTAMP.test(timestamp)) return { ok: false, reason: 'bad_timestamp' };
  if (Math.abs(nowSeconds - Number(timestamp)) > toleranceSeconds) return { ok: false, reason: 'expired' };
  const expected = mac(key, id, timestamp, rawBody);
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    if (comma < 0 || entry.slice(0, comma) !== 'v1') continue;
    const b64 = entry.slice(comma + 1);
    if (!BASE64.test(b64)) continue;
    const candidate = Buffer.from(b64, 'base64');
    if (candidate.length === SIGNATURE_BYTES && timingSafeEqual(candidate, expected)) return { ok: true };
  }
  return { ok: false, reason: 'bad_signature' };
}

function single(value: string | readonly string[] | undefined): string | undefined {
  const v = typeof value === 'string' ? value : value?.length === 1 ? value[0] : undefined;
  return v === undefined || v === '' ? undefined : v;
}
