import { describe, expect, it } from 'vitest';
import { createVerification, type CreateVerificationInput } from './create-verification.js';

const valid: CreateVerificationInput = {
  id: 'v1',
  createdAt: 1_000,
  windowMs: 600_000,
  maxAttempts: 3,
  maxChecks: 5,
  country: 'BR',
};

describe('createVerification', () => {
  it('builds a pending verification expiring after the window', () => {
    expect(createVerification(valid)).toEqual({
      id: 'v1',
      status: 'pending',
      createdAt: 1_000,
      expiresAt: 601_000,
      maxAttempts: 3,
      maxChecks: 5,
      checks: 0,
      attempts: [],
      routing: false,
      country: 'BR',
    });
  });

  it('defaults country to the empty string', () => {
    const { country: _omit, ...rest } = valid;
    expect(createVerification(rest).country).toBe('');
  });

  it.each([
    ['maxAttempts', 1],
    ['maxAttempts', 5],
    ['maxChecks', 1],
    ['maxChecks', 10],
  ] as const)('accepts %s = %d at the edge of its range', (name, value) => {
    expect(createVerification({ ...valid, [name]: value })[name]).toBe(value);
  });

  it.each([
    [{ id: '' }, TypeError, 'id must be a non-empty string'],
    [{ createdAt: Number.NaN }, TypeError, 'createdAt must be finite'],
    [{ windowMs: 0 }, RangeError, 'windowMs must be a finite number > 0, got 0'],
    [{ windowMs: Number.POSITIVE_INFINITY }, RangeError, 'windowMs must be a finite number > 0'],
    [{ maxAttempts: 0 }, RangeError, 'maxAttempts must be an integer in [1, 5], got 0'],
    [{ maxAttempts: 6 }, RangeError, 'maxAttempts must be an integer in [1, 5], got 6'],
    [{ maxAttempts: 2.5 }, RangeError, 'maxAttempts must be an integer in [1, 5], got 2.5'],
    [{ maxChecks: 0 }, RangeError, 'maxChecks must be an integer in [1, 10], got 0'],
    [{ maxChecks: 11 }, RangeError, 'maxChecks must be an integer in [1, 10], got 11'],
  ] as [Partial<CreateVerificationInput>, ErrorConstructor, string][])('rejects %o', (patch, type, message) => {
    expect(() => createVerification({ ...valid, ...patch })).toThrow(type);
    expect(() => createVerification({ ...valid, ...patch })).toThrow(message);
  });
});
