import { z } from 'zod';
import { InstantField } from './common-schemas.js';

export const ReceiptParams = z.strictObject({
  provider: z.string().regex(/^[a-z0-9][a-z0-9-]{0,63}$/, 'must be a provider id'),
});

/** A delivery receipt as a provider (or its adapter) posts it. */
export const ReceiptBody = z.strictObject({
  providerMessageId: z.string().min(1).max(200),
  status: z.enum(['delivered', 'failed']),
  errorClass: z
    .string()
    .regex(/^[a-z0-9_]{1,64}$/, 'must be 1-64 characters of a-z, 0-9 and _')
    .optional(),
  occurredAt: InstantField,
});

export const ReceiptResult = z.object({
  result: z
    .enum(['applied', 'duplicate', 'orphan'])
    .describe(
      'applied to its attempt; duplicate of a webhook id already seen; orphan = kept until the send answer names the message',
    ),
});
