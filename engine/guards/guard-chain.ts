import type { Candidate, DenyCode, Guard, GuardInput, GuardVerdict, RemovedProvider } from './guard.js';
import { MAX_ATTEMPTS_CAP } from './retry-bounds-guard.js';

/**
 * The fixed order in which {@link runGuards} applies guards, by name:
 * absolute refusals first (geo, fraud), then attempt bounds (country risk), then counters
 * (rate limit, pumping), then the per-attempt pool shaping (retry bounds removes tried
 * providers, window budget removes slow ones) and the circuit breaker last, so its promise
 * never to remove the last eligible provider holds for the final pool.
 */
export const GUARD_ORDER = [
  'geo-permission',
  'fraud-tier',
  'country-risk',
  'rate-limit',
  'pumping',
  'retry-bounds',
  'window-budget',
  'circuit-breaker',
] as const;
export type GuardName = (typeof GUARD_ORDER)[number];

export interface AppliedGuard {
  readonly guard: string;
  readonly verdict: GuardVerdict;
}

export type GuardChainResult =
  | {
      readonly outcome: 'allow';
      /** Candidates left, in input order. */
      readonly eligible: readonly Candidate[];
      /** Tightest attempt bound set by any guard, at most {@link MAX_ATTEMPTS_CAP}. */
      readonly maxAttempts: number;
      readonly applied: readonly AppliedGuard[];
    }
  | {
      readonly outcome: 'deny';
      readonly code: DenyCode;
      readonly reason: string;
      readonly retryAfterMs?: number;
      readonly applied: readonly AppliedGuard[];
    };

const BEFORE_BREAKER = GUARD_ORDER.indexOf('circuit-breaker') - 0.5;

function rank(name: string): number {
  const i = (GUARD_ORDER as readonly string[]).indexOf(name);
  return i >= 0 ? i : BEFORE_BREAKER;
}

/** Guards sorted into {@link GUARD_ORDER}; guards with other names keep their relative order and run just before `circuit-breaker`. */
export function orderGuards(guards: readonly Guard[]): Guard[] {
  return guards
    .map((guard, index) => ({ guard, index }))
    .sort((a, b) => rank(a.guard.name) - rank(b.guard.name) || a.index - b.index)
    .map((x) => x.guard);
}

/**
 * Runs the guards in {@link GUARD_ORDER} (whatever order they are passed in), each seeing the
 * candidates left by the previous ones. The first deny wins. A narrow removes its providers
 * and may tighten `maxAttempts` (min over guards, starting at {@link MAX_ATTEMPTS_CAP}); when
 * attempts already made reach the tightened bound the chain denies `max_attempts_reached`,
 * and when narrowing leaves no candidate it denies `no_eligible_provider`. Pure; the input is
 * not mutated.
 */
export function runGuards(guards: readonly Guard[], input: GuardInput): GuardChainResult {
  return runOrderedGuards(orderGuards(guards), input);
}

/**
 * {@link runGuards} for guards already sorted by {@link orderGuards}, run in the order given:
 * a caller that runs the same chain for every request sorts it once.
 */
export function runOrderedGuards(ordered: readonly Guard[], input: GuardInput): GuardChainResult {
  const applied: AppliedGuard[] = [];
  let eligible: readonly Candidate[] = input.candidates;
  let seen: GuardInput = input;
  let maxAttempts = MAX_ATTEMPTS_CAP;
  for (const guard of ordered) {
    if (seen.candidates !== eligible) seen = { ...input, candidates: eligible };
    const verdict = guard.check(seen);
    applied.push({ guard: guard.name, verdict });
    if (verdict.kind === 'allow') continue;
    if (verdict.kind === 'deny') {
      const { code, reason, retryAfterMs } = verdict;
      return { outcome: 'deny', code, reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}), applied };
    }
    if (verdict.removed.length > 0) eligible = withoutRemoved(eligible, verdict.removed);
    if (verdict.maxAttempts !== undefined && verdict.maxAttempts < maxAttempts) {
      maxAttempts = verdict.maxAttempts;
      if (input.tried.length >= maxAttempts) {
        return {
          outcome: 'deny',
          code: 'max_attempts_reached',
          reason: `${input.tried.length} attempt(s) made, ${guard.name} allows ${maxAttempts}`,
          applied,
        };
      }
    }
    if (eligible.length === 0) {
      return {
        outcome: 'deny',
        code: 'no_eligible_provider',
        // A narrow that removed nothing found the list empty already: say why it was empty.
        reason: verdict.removed.length > 0 ? `no provider left after ${guard.name}: ${verdict.reason}` : noRoute(input),
        applied,
      };
    }
  }
  if (eligible.length === 0) return { outcome: 'deny', code: 'no_eligible_provider', reason: noRoute(input), applied };
  return { outcome: 'allow', eligible, maxAttempts, applied };
}

function noRoute({ ctx }: GuardInput): string {
  return `the routing table has no ${ctx.routeClass} route to ${ctx.country}`;
}

function withoutRemoved(candidates: readonly Candidate[], removed: readonly RemovedProvider[]): Candidate[] {
  return candidates.filter((c) => !removed.some((r) => r.provider === c.provider));
}
