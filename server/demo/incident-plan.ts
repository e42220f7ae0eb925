import { sampleIndex } from '../../engine/rng.js';
import type { Effect, Incident, World } from '../../providers/simulated/world.js';

/** The kinds of trouble the demo injects, with their effect on the provider's quality. */
export const DEMO_INCIDENT_EFFECTS: Readonly<Record<'failing' | 'silent' | 'slow', Effect>> = Object.freeze({
  /** Every send rejected: hard failures, immediate failover. */
  failing: Object.freeze({ acceptanceFactor: 0 }),
  /** Accepted and billed, never delivered, no receipt: soft failures after the attempt budget. */
  silent: Object.freeze({ silent: true }),
  /** Six times slower: codes land late, users give up, the reward falls. */
  slow: Object.freeze({ latencyFactor: 6 }),
});

/** P(failing), P(silent), P(slow). */
const KIND_WEIGHTS = [0.4, 0.3, 0.3] as const;

export type DemoIncident = Incident & { readonly kind: keyof typeof DEMO_INCIDENT_EFFECTS };

/**
 * Plans one incident over [at, at + durationMs): a country drawn by traffic weight (so the
 * failover shows where the traffic is), one of the providers covering it, uniformly, and a
 * kind by {@link KIND_WEIGHTS}. Three draws.
 * @throws RangeError when no weighted country is covered by any provider, or durationMs <= 0
 */
export function planIncident(
  world: World,
  countryWeights: Readonly<Record<string, number>>,
  random: () => number,
  at: number,
  durationMs: number,
  id: string,
): DemoIncident {
  if (!(Number.isFinite(durationMs) && durationMs > 0))
    throw new RangeError(`durationMs must be a finite number > 0, got ${String(durationMs)}`);
  const covered = (c: string) => world.providers.filter((p) => p.coverage.some((cov) => cov.country === c));
  const countries = Object.keys(countryWeights).filter((c) => covered(c).length > 0);
  if (countries.length === 0)
    throw new RangeError('countryWeights must name at least one country some provider covers');
  const total = countries.reduce((s, c) => s + (countryWeights[c] ?? 0), 0);
  const country = countries[
    sampleIndex(
      countries.map((c) => (countryWeights[c] ?? 0) / total),
      random(),
    )
  ] as string;
  const providers = covered(country);
  const provider = providers[Math.min(providers.length - 1, Math.floor(random() * providers.length))]!.id;
  const kinds = Object.keys(DEMO_INCIDENT_EFFECTS) as DemoIncident['kind'][];
  const kind = kinds[sampleIndex(KIND_WEIGHTS, random())] as DemoIncident['kind'];
  return { id, kind, provider, country, start: at, end: at + durationMs, effect: DEMO_INCIDENT_EFFECTS[kind] };
}
