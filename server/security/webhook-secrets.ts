import { createHmac } from 'node:crypto';
import type { KeyRing } from './key-file.js';

/**
 * The webhook signing secret of one provider (`whsec_<base64>`), derived from the key file's
 * active HMAC key so nothing extra must be provisioned for the simulated providers. A real
 * provider's secret is the one it issues; configure it per provider instead.
 */
export function providerWebhookSecret(keys: KeyRing, provider: string): string {
  const mac = createHmac('sha256', keys.active.hmacKey).update(`routewise:webhook:${provider}`).digest('base64');
  return `whsec_${mac}`;
}
