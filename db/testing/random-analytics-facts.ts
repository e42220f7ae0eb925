import { mulberry32 } from '../../engine/rng.js';
import type { VerificationStatus } from '../../engine/failover/verification-state.js';
import type { Stores } from '../stores/stores.js';
import { makeAttempt, makeState, makeVerification } from './record-fixtures.js';
import type { AttemptFact, VerificationFact } from './summarize-verifications.js';

const STATUSES: readonly VerificationStatus[] = [
  'pending',
  'approved',
  'approved',
  'approved',
  'expired',
  'canceled',
  'failed',
  'max_attempts_reached',
];
const COUNTRIES = [
  ['DE', '262-01'],
  ['DE', '262-02'],
  ['FR', '208-01'],
  ['BR', '724-05'],
] as const;
const PROVIDERS = ['alpha', 'beta', 'gamma'];

/**
 * Inserts `n` random verifications (tenants t1 and t2, created over `spanMs` from `start`) with
 * 0-3 attempts each, and returns them as the facts the reference summariser reads. Times to
 * verify are whole seconds, so percentiles meet ties; costs are cents and fractions of them.
 */
export function insertRandomFacts(
  stores: Stores,
  seed: number,
  n: number,
  start: number,
  spanMs: number,
): { verifications: (VerificationFact & { tenantId: string })[]; attempts: AttemptFact[] } {
  const random = mulberry32(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const verifications: (VerificationFact & { tenantId: string })[] = [];
  const attempts: AttemptFact[] = [];
  for (let i = 0; i < n; i++) {
    const id = `v${seed}-${i}`;
    const [country, operator] = pick(COUNTRIES);
    const status = pick(STATUSES);
    const createdAt = start + Math.floor(random() * spanMs);
    const finishedAt = status === 'pending' ? null : createdAt + 1000 * Math.floor(1 + random() * 40);
    const count = status === 'approved' ? 1 + Math.floor(random() * 3) : Math.floor(random() * 4);
    const own: AttemptFact[] = Array.from({ length: count }, (_, k) => ({
      verificationId: id,
      provider: pick(PROVIDERS),
      cost: Math.round(random() * 1000) / 10_000,
      completed: status === 'approved' && k === count - 1,
    }));
    const tenantId = random() < 0.7 ? 't1' : 't2';
    stores.verifications.insert(
      makeVerification(makeState(id, createdAt, { status, ...(finishedAt === null ? {} : { finishedAt }) }), {
        tenantId,
        country,
        operator,
      }),
      own.map((a, k) =>
        makeAttempt(`${id}-a${k + 1}`, id, {
          seq: k + 1,
          provider: a.provider,
          cost: a.cost,
          completed: a.completed,
          startedAt: createdAt,
          status: a.completed ? 'delivered' : 'timed_out',
        }),
      ),
    );
    verifications.push({ id, tenantId, country, operator, status, createdAt, finishedAt });
    attempts.push(...own);
  }
  return { verifications, attempts };
}
