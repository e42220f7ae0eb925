import { mulberry32 } from '../../engine/rng.js';
import { userDecision } from '../../providers/simulated/user-model.js';
import type { DemoClient } from './demo-client.js';
import type { DemoStats } from './demo-stats.js';
import type { DemoRequest } from './traffic-mix.js';

export interface UserDeps {
  readonly client: DemoClient;
  readonly stats: DemoStats;
  readonly now: () => number;
  /** Resolves after `ms`, rejects when `signal` aborts. */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly pollIntervalMs: number;
  readonly signal: AbortSignal;
}

const CODE = /\b(\d{4,10})\b/;

/** The code in a message body, or undefined. */
export function codeIn(body: string): string | undefined {
  return CODE.exec(body)?.[1];
}

/** A code of the same length that differs from `code` (a typo), drawn with one uniform. */
export function wrongCodeFor(code: string, random: () => number): string {
  const span = 10 ** code.length;
  const shift = 1 + Math.floor(random() * (span - 1));
  return String((Number(code) + shift) % span).padStart(code.length, '0');
}

/**
 * One person through the real API: asks for a code, looks at the sandbox inbox every
 * `pollIntervalMs` until a code lands or the window closes, decides with the latency-
 * dependent {@link userDecision} whether and when to type it, maybe makes a typo first,
 * and checks it. A pumping request only asks (pumpers never enter codes). Counts every
 * outcome in `stats`; an abort ends the user silently.
 */
export async function runUser(
  request: DemoRequest | { readonly kind: 'pumping'; readonly to: string },
  deps: UserDeps,
): Promise<void> {
  const { client, stats, signal } = deps;
  try {
    if (request.kind === 'pumping') {
      stats.add('pumpingSent');
      const created = await client.create(
        { to: request.to, action: 'signup', routeClass: 'standard', fraudScore: 0.2 },
        signal,
      );
      if (created.ok) stats.add('created');
      else stats.refused(created.code);
      return;
    }
    const created = await client.create(
      { to: request.to, action: request.action, routeClass: request.routeClass, fraudScore: request.fraudScore },
      signal,
    );
    if (!created.ok) return stats.refused(created.code);
    stats.add('created');
    const windowMs = Math.max(1, created.expiresAt - created.createdAt);
    let landed: { code: string; deliveredAt: number } | undefined;
    while (!landed && deps.now() < created.expiresAt) {
      const newest = (await client.messages(request.to, signal)).find((m) => m.deliveredAt >= created.createdAt);
      const code = newest && codeIn(newest.body);
      if (newest && code) landed = { code, deliveredAt: newest.deliveredAt };
      else await deps.sleep(deps.pollIntervalMs, signal);
    }
    if (!landed) return stats.add('noCode');
    const random = mulberry32(request.userSeed);
    const delayMs = Math.max(0, landed.deliveredAt - created.createdAt);
    const decision = userDecision(Math.min(delayMs, windowMs), windowMs, random, { fraudulent: request.fraudulent });
    if (!decision.completes) return stats.add('abandoned');
    await deps.sleep(Math.max(0, landed.deliveredAt + (decision.enterAfterMs ?? 0) - deps.now()), signal);
    if (request.wrongCodeFirst) {
      stats.add('wrongCodes');
      await client.check(created.id, wrongCodeFor(landed.code, random), signal);
    }
    const status = await client.check(created.id, landed.code, signal);
    if (status === 'approved') stats.add('approved');
    else stats.checkNotApproved(status);
  } catch {
    if (!signal.aborted) stats.add('errors');
  }
}
