import { createHmac } from 'node:crypto';
import type { KeyRing } from './key-file.js';

/**
 * The webhook signing secret of one provider (`whsec_<base64>`), derived from the key file's
 * active HMAC key so nothing extra must be provisioned for the simulated providers. A real
 * provider's secret is the one it issues; configure it per provider instead.
 */
export function providerWebhookSecret(keys: KeyRing, provider: string): string {
  return derive(keys.active.hmacKey, provider);
}

/**
 * Every secret a provider's receipts may be signed with: the active key's first, then those of
 * the older key generations still in the key file (a rotation does not break a provider that
 * still holds the old secret; removing the old key from the file ends it).
 */
export function providerWebhookSecrets(keys: KeyRing, provider: string): readonly string[] {
  return [keys.active, ...[...keys.byId.values()].filter((k) => k !== keys.active)].map((k) =>
    derive(k.hmacKey, provider),
  );
}

function derive(hmacKey: Buffer, provider: string): string {
  return `whsec_${createHmac('sha256', hmacKey).update(`routewise:webhook:${provider}`).digest('base64')}`;
}
