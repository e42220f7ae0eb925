import type { HistoryPoint } from '../api/api-types.js';
import { pivotByProvider } from './provider-series.js';

export interface StackedProbabilities {
  readonly xs: number[];
  readonly providers: string[];
  /** Each provider's own probability (0 where it was not eligible), clamped to [0, 1]. */
  readonly shares: number[][];
  /** Running sums bottom-up: stacked[k][i] = sum of shares[0..k][i]; the band of provider k lies between stacked[k-1] and stacked[k]. */
  readonly stacked: number[][];
  /**
   * 1 - the stack's top, at least 0: probability that went to providers this segment has no
   * state for yet (the listed probabilities are each provider's last logged one, so they need
   * not sum to 1). Drawn as a grey band so the stack never pretends to be complete.
   */
  readonly remainder: number[];
}

/**
 * History points -> stacked-area columns of selection probability per provider. A provider
 * missing at a snapshot had probability 0 there (excluded or not yet known), so gaps become 0
 * rather than holes in the stack.
 */
export function stackProbabilities(points: readonly HistoryPoint[]): StackedProbabilities {
  const { xs, providers, values } = pivotByProvider(points, (p) => p.probability);
  const shares = values.map((col) => col.map((v) => Math.min(1, Math.max(0, v ?? 0))));
  const stacked: number[][] = [];
  shares.forEach((col, k) => {
    const below = stacked[k - 1];
    stacked.push(col.map((v, i) => v + (below ? (below[i] ?? 0) : 0)));
  });
  const top = stacked[stacked.length - 1];
  const remainder = xs.map((_, i) => Math.max(0, 1 - (top?.[i] ?? 0)));
  return { xs, providers, shares, stacked, remainder };
}
