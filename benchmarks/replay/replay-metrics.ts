import type { ProviderId } from '../../engine/types.js';

/** Outcome metrics of a sequence of attempts (logged or simulated). */
export interface ReplayMetrics {
  readonly decisions: number;
  readonly completionRate: number;
  readonly deliveryRate: number;
  /** Total cost / completions; Infinity when nothing completed. */
  readonly costPerCompletion: number;
  readonly meanReward: number;
  readonly totalCost: number;
  /** Share of decisions per provider, keys sorted. */
  readonly shares: Readonly<Record<ProviderId, number>>;
}

/** Accumulates {@link ReplayMetrics} one attempt at a time. */
export class MetricsAccumulator {
  private n = 0;
  private completed = 0;
  private delivered = 0;
  private cost = 0;
  private rewardSum = 0;
  private readonly counts = new Map<ProviderId, number>();

  add(
    provider: ProviderId,
    o: { readonly delivered: boolean; readonly completed: boolean; readonly cost: number },
    reward: number,
  ): void {
    this.n += 1;
    if (o.completed) this.completed += 1;
    if (o.delivered) this.delivered += 1;
    this.cost += o.cost;
    this.rewardSum += reward;
    this.counts.set(provider, (this.counts.get(provider) ?? 0) + 1);
  }

  result(): ReplayMetrics {
    const n = this.n;
    const shares = Object.fromEntries(
      [...this.counts].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([p, c]) => [p, c / n]),
    );
    return {
      decisions: n,
      completionRate: n ? this.completed / n : NaN,
      deliveryRate: n ? this.delivered / n : NaN,
      costPerCompletion: this.completed ? this.cost / this.completed : Infinity,
      meanReward: n ? this.rewardSum / n : NaN,
      totalCost: this.cost,
      shares,
    };
  }
}
