import { z } from 'zod';
import { ACTIONS, ROUTE_CLASSES } from '../../engine/types.js';

/** E.164: '+', a non-zero digit, then up to 14 digits. Real validity is checked by libphonenumber. */
export const E164 = z.string().regex(/^\+[1-9]\d{1,14}$/, 'must be an E.164 number such as +4915112345678');

export const CreateVerificationBody = z.strictObject({
  to: E164,
  action: z.enum(ACTIONS),
  fraudScore: z.number().min(0).max(1).optional(),
  routeClass: z.enum(ROUTE_CLASSES).optional(),
  /** 30 s to 10 minutes (NIST SP 800-63B: short-lived OTPs). */
  windowSeconds: z.number().int().min(30).max(600).optional(),
  operator: z
    .string()
    .regex(/^\d{3}-\d{2,3}$/, 'must be MCC-MNC such as 262-01')
    .optional()
    .describe(
      'the mobile network, when the app knows it (else from the number prefix table, or unknown). ' +
        'Each operator is a routing segment: beyond 32 operators per country that are not in the prefix table, ' +
        'further ones route as "unknown" (the answer shows the operator used)',
    ),
});
export type CreateVerificationBody = z.infer<typeof CreateVerificationBody>;

export const CheckBody = z.strictObject({ code: z.unknown() });

export const IdParams = z.strictObject({ id: z.string().regex(/^vf_[A-Za-z0-9_-]{10,40}$/, 'must be a verification id') });

/** Header value: 1-255 visible ASCII characters. */
export const IdempotencyKey = z.string().regex(/^[\x21-\x7e]{1,255}$/, 'must be 1-255 visible ASCII characters');

export const AttemptView = z.object({
  id: z.string(),
  provider: z.string(),
  status: z.enum(['sending', 'accepted', 'rejected', 'delivered', 'undelivered', 'timed_out']),
  sentAt: z.iso.datetime(),
  acceptedAt: z.iso.datetime().optional(),
  receiptAt: z.iso.datetime().optional(),
  errorClass: z.string().optional(),
  completed: z.boolean(),
  cost: z.number(),
});

export const TransitionView = z.object({
  fromAttemptId: z.string(),
  fromProvider: z.string(),
  toAttemptId: z.string().nullable(),
  toProvider: z.string().nullable(),
  reason: z.string(),
  at: z.iso.datetime(),
});

export const VerificationStatusEnum = z.enum(['pending', 'approved', 'expired', 'canceled', 'failed', 'max_attempts_reached']);

export const VerificationView = z.object({
  id: z.string(),
  status: VerificationStatusEnum,
  country: z.string(),
  operator: z.string(),
  routeClass: z.enum(ROUTE_CLASSES),
  action: z.enum(ACTIONS),
  createdAt: z.iso.datetime(),
  expiresAt: z.iso.datetime(),
  finishReason: z.string().optional(),
  attempts: z.array(AttemptView),
  transitions: z.array(TransitionView).optional(),
});
export type VerificationView = z.infer<typeof VerificationView>;

export const CheckResult = z.object({
  id: z.string(),
  status: z.enum(['approved', 'pending', 'max_attempts_reached', 'expired', 'canceled']),
});
export type CheckResult = z.infer<typeof CheckResult>;
