import type { Stores } from '../../db/stores/stores.js';
import type { VerificationRecord } from '../../db/stores/verification-store.js';
import { createVerification } from '../../engine/failover/create-verification.js';
import type { CounterVerdict } from '../../engine/guards/guard.js';
import type { RoutingEngine } from '../../engine/routing-engine-types.js';
import { UNKNOWN_OPERATOR, type ProviderId, type RequestContext } from '../../engine/types.js';
import type { AppError } from '../http/app-error.js';
import {
  ForbiddenError,
  NotFoundError,
  RateLimitedError,
  UnavailableError,
  UnprocessableError,
} from '../http/app-error.js';
import type { CreateVerificationBody } from '../schemas/verification-schemas.js';
import type { CheckResult, VerificationView } from '../schemas/verification-schemas.js';
import type { CodeHasher } from '../security/codes.js';
import { normalizeCode } from '../security/codes.js';
import type { PhoneCrypto } from '../security/phone-crypto.js';
import type { AbuseLimits } from './abuse-limits.js';
import { newId } from './ids.js';
import { OperatorAdmission } from './operator-admission.js';
import { parsePhone, type ParsedPhone } from './phone-number.js';
import type { VerificationDriver } from './verification-driver.js';
import { toVerificationView } from './verification-view.js';

/** OTP rules (NIST SP 800-63B 5.1.3, OWASP ASVS V2.7). One place for each. */
export const OTP_RULES = Object.freeze({
  maxChecks: 5,
  defaultWindowMs: 5 * 60_000,
  maxWindowMs: 10 * 60_000,
  /** Failed checks per phone number (across verifications) before checks and new sends are refused. */
  phoneFailureLimit: 10,
  /** A phone's failures lapse this long after its last one, which also ends its lock. */
  phoneLockMs: 24 * 3_600_000,
});

/** How long a create waits for the first provider's answer before responding with `sending`. */
const SEND_GRACE_MS = 1_000;

export interface ServiceDeps {
  readonly stores: Stores;
  readonly engine: RoutingEngine;
  readonly driver: VerificationDriver;
  readonly clock: () => number;
  readonly phones: PhoneCrypto;
  readonly codes: CodeHasher;
  readonly limits: AbuseLimits;
  readonly operatorOf: (e164: string) => string | undefined;
  readonly maxAttempts: number;
}

export interface Caller {
  readonly tenantId: string;
  readonly ip: string;
}

const REFUSALS: Record<string, (reason: string, retryAfterMs?: number) => AppError> = {
  geo_not_permitted: (r) => new ForbiddenError('geo_not_permitted', r),
  fraud_score_too_high: (r) => new ForbiddenError('fraud_score_too_high', r),
  rate_limited: (r, ms) => new RateLimitedError('rate_limited', r, ms ?? 60_000),
  pumping_suspected: (r, ms) => new RateLimitedError('pumping_suspected', r, ms ?? 300_000),
  no_eligible_provider: (r, ms) => new UnavailableError('no_provider_available', r, ms ?? 30_000),
  window_exhausted: (r, ms) => new UnavailableError('no_provider_available', r, ms ?? 30_000),
  max_attempts_reached: (r) => new UnprocessableError('max_attempts_reached', r),
};

/** The verification use cases behind the HTTP API. */
export class VerificationService {
  readonly #operators = new OperatorAdmission();

  constructor(private readonly deps: ServiceDeps) {}

  /** The table's operator for the number, or the request's within {@link OperatorAdmission}'s bound. */
  #operatorOf(phone: ParsedPhone, requested: string | undefined): string {
    const listed = this.deps.operatorOf(phone.e164);
    if (requested === undefined || requested === listed) return listed ?? UNKNOWN_OPERATOR;
    return this.#operators.admit(phone.country, requested);
  }

  /** Failed checks of a number within the lock period, summed over its hashes (one per key generation). */
  #phoneFailures(hashes: readonly string[], since: number): number {
    let total = 0;
    for (const h of hashes) total += this.deps.stores.phoneFailures.get(h, since);
    return total;
  }

  /**
   * The hashes a verification's number has under every key generation, its stored one first.
   * With one generation (no rotation yet), or once the number is erased, just the stored one.
   */
  #storedHashes(record: VerificationRecord): readonly string[] {
    const { phones } = this.deps;
    if (phones.generations === 1 || record.phoneEnc.length === 0) return [record.phoneHash];
    let all: readonly string[];
    try {
      all = phones.phoneHashes(phones.decryptPhone(record.phoneEnc, record.phoneKeyId));
    } catch {
      return [record.phoneHash]; // its key left the file: nothing older can be matched either
    }
    return [record.phoneHash, ...all.filter((h) => h !== record.phoneHash)];
  }

  /**
   * Creates a verification and sends the first code. Every refusal (bad number, guard,
   * limit, no provider) happens before anything is written or sent.
   */
  async create(caller: Caller, body: CreateVerificationBody): Promise<VerificationView> {
    const { stores, engine, clock, limits } = this.deps;
    const parsed = parsePhone(body.to);
    if (!parsed.ok) throw new UnprocessableError('invalid_phone_number', parsed.reason);
    const phone = parsed.phone;
    const tenant = stores.tenants.findById(caller.tenantId);
    if (!tenant) throw new ForbiddenError('unknown_tenant', 'the API key belongs to no tenant');
    const now = clock();
    // Failures counted before a key rotation sit under the number's older hashes.
    const phoneHashes = this.deps.phones.phoneHashes(phone.e164);
    const phoneHash = phoneHashes[0] as string;
    if (this.#phoneFailures(phoneHashes, now - OTP_RULES.phoneLockMs) >= OTP_RULES.phoneFailureLimit) {
      const until =
        Math.max(...phoneHashes.map((h) => stores.phoneFailures.lastFailureAt(h) ?? now)) + OTP_RULES.phoneLockMs;
      throw new RateLimitedError(
        'phone_locked',
        'too many failed checks for this number',
        Math.max(1_000, until - now),
      );
    }
    const windowMs = Math.min(OTP_RULES.maxWindowMs, (body.windowSeconds ?? OTP_RULES.defaultWindowMs / 1000) * 1000);
    const ctx: RequestContext = {
      country: phone.country,
      operator: this.#operatorOf(phone, body.operator),
      routeClass: body.routeClass ?? 'standard',
      action: body.action,
      tenant: tenant.id,
      fraudScore: body.fraudScore ?? 0,
      windowMs,
      at: now,
    };
    const rateLimit: CounterVerdict = limits.checkCreate({ tenantId: tenant.id, ip: caller.ip, phoneHash }, now);
    const decision = engine.decide({
      ctx,
      tried: [],
      remainingWindowMs: windowMs,
      ...(tenant.allowedCountries ? { allowedCountries: new Set(tenant.allowedCountries) } : {}),
      rateLimit,
      pumping: limits.checkPrefix(phone.prefix, now),
    });
    if (decision.kind === 'refuse') {
      const make = REFUSALS[decision.code] ?? ((r: string) => new UnavailableError('no_provider_available', r, 30_000));
      throw make(decision.reason, decision.retryAfterMs);
    }
    limits.recordCreate({ tenantId: tenant.id, ip: caller.ip, phoneHash, prefix: phone.prefix }, now);
    const id = newId('vf', now);
    const sealed = this.deps.phones.encryptPhone(phone.e164);
    const record: VerificationRecord = {
      tenantId: tenant.id,
      phoneEnc: sealed.ciphertext,
      phoneKeyId: sealed.keyId,
      phoneHash,
      country: ctx.country,
      operator: ctx.operator,
      routeClass: ctx.routeClass,
      action: ctx.action,
      fraudScore: ctx.fraudScore,
      windowMs,
      idempotencyKey: null,
      state: createVerification({
        id,
        createdAt: now,
        windowMs,
        maxAttempts: Math.min(this.deps.maxAttempts, decision.maxAttempts),
        maxChecks: OTP_RULES.maxChecks,
        country: ctx.country,
      }),
    };
    const { sent } = this.deps.driver.start(record, decision);
    // Group commit (ADR 0008): the create is stored with this turn's batch. If that COMMIT
    // fails nothing was sent, and the caller is told to retry rather than answered from
    // whatever is left.
    try {
      await this.deps.stores.committed();
    } catch {
      throw new UnavailableError(
        'not_stored',
        'the verification could not be stored and nothing was sent; retry',
        1_000,
      );
    }
    // The simulated network answers at once; a real provider gets a short grace period so the
    // response can show the accepted attempt, without holding the request hostage.
    let grace: NodeJS.Timeout | undefined;
    await Promise.race([sent, new Promise((resolve) => (grace = setTimeout(resolve, SEND_GRACE_MS)))]);
    clearTimeout(grace);
    return this.get(tenant.id, id);
  }

  get(tenantId: string, id: string): VerificationView {
    const record = this.deps.stores.verifications.findForTenant(tenantId, id);
    if (!record) throw new NotFoundError('verification not found');
    const attempts = this.deps.stores.verifications.listAttempts(id);
    const transitions = this.deps.stores.transitions.listByVerification(id);
    return toVerificationView(record, attempts, transitions);
  }

  /**
   * Checks a code against every live code of the verification, in constant time per code.
   * Unknown id, wrong code and an expired or canceled verification entered with a wrong code
   * all answer `pending`, so the answer reveals nothing about which ids exist; `expired` and
   * `canceled` are only told to a caller who holds a right code.
   */
  check(tenantId: string, id: string, input: unknown): CheckResult {
    const { stores, clock, limits } = this.deps;
    const now = clock();
    const code = normalizeCode(input);
    const record = /^vf_[A-Za-z0-9_-]{10,40}$/.test(id) ? stores.verifications.findForTenant(tenantId, id) : undefined;
    if (!record) {
      return {
        id,
        status: limits.countUnknownCheck(tenantId, id, now) >= OTP_RULES.maxChecks ? 'max_attempts_reached' : 'pending',
      };
    }
    const state = record.state;
    if (state.status === 'approved') return { id, status: 'approved' };
    const since = now - OTP_RULES.phoneLockMs;
    const phoneHashes = this.#storedHashes(record);
    if (
      state.status === 'max_attempts_reached' ||
      this.#phoneFailures(phoneHashes, since) >= OTP_RULES.phoneFailureLimit
    ) {
      return { id, status: 'max_attempts_reached' };
    }
    const attempts = stores.verifications.listAttempts(id);
    let matched: string | null = null;
    for (const a of attempts) {
      // Compare against every code (no early exit) so timing does not depend on which matched.
      if (code !== undefined && this.deps.codes.verifyCode(code, a.codeHash, a.id) && matched === null) matched = a.id;
    }
    if (state.status !== 'pending') {
      return {
        id,
        status: matched && (state.status === 'expired' || state.status === 'canceled') ? state.status : 'pending',
      };
    }
    // The failure count and the check's step commit together.
    const result = stores.transaction(() => {
      if (matched === null) stores.phoneFailures.increment(record.phoneHash, now, since);
      return this.deps.driver.dispatch(id, { type: 'code.checked', at: now, matchedAttemptId: matched });
    });
    const status = result?.state.status ?? 'pending';
    if (status === 'approved') {
      for (const h of phoneHashes) stores.phoneFailures.reset(h);
      return { id, status: 'approved' };
    }
    return { id, status: status === 'max_attempts_reached' ? 'max_attempts_reached' : 'pending' };
  }

  cancel(tenantId: string, id: string): VerificationView {
    const record = this.deps.stores.verifications.findForTenant(tenantId, id);
    if (!record) throw new NotFoundError('verification not found');
    this.deps.driver.dispatch(id, { type: 'verification.canceled', at: this.deps.clock() });
    return this.get(tenantId, id);
  }
}

export type { ProviderId };
