/** Decisions in the moving window that must have left the failed route. */
export const MOVE_WINDOW = 20;
/** "Moved" = the failed provider's share in the window is at most this fraction of its baseline share. */
export const MOVE_RESIDUAL = 0.1;
/** First-attempt decisions before the incident that define the baseline share. */
export const BASELINE_DECISIONS = 100;
/** Segments where the failed provider had less than this baseline share are not counted (nothing to move). */
export const MIN_BASELINE_SHARE = 0.05;

/** One first-attempt decision of a segment: when, and whether it went to the incident's provider. */
export interface SegmentDecision {
  readonly at: number;
  readonly toFailed: boolean;
}

export interface MoveResult {
  /** Decisions of the segment during the incident. */
  readonly during: number;
  /** Failed provider's share of the last {@link BASELINE_DECISIONS} decisions before the start. */
  readonly baselineShare: number;
  /** Decisions after the start until moved (window end), or null when never moved before `end`. */
  readonly decisions: number | null;
  /** Simulated seconds from the start to that decision, or null. */
  readonly seconds: number | null;
}

/**
 * How fast a segment's traffic left a failed route. Baseline b = share of the failed provider
 * in the last 100 first-attempt decisions before `start`. After `start`, the first moving
 * window of 20 consecutive decisions (all inside [start, end)) in which the failed share is
 * <= 0.1 * b marks the move: at least 90% of the traffic the route carried has left it.
 * Reports that window's last decision, counted from the start (so never less than 20), and
 * its time. Returns null (segment not counted) when fewer than 10 baseline decisions exist,
 * b < 0.05, or the segment has fewer than 20 decisions during the incident (too thin to judge).
 * `decisions` must be in time order.
 */
export function incidentMove(decisions: readonly SegmentDecision[], start: number, end: number): MoveResult | null {
  let firstPost = decisions.findIndex((d) => d.at >= start);
  if (firstPost < 0) firstPost = decisions.length;
  const baseline = decisions.slice(Math.max(0, firstPost - BASELINE_DECISIONS), firstPost);
  if (baseline.length < 10) return null;
  const baselineShare = baseline.filter((d) => d.toFailed).length / baseline.length;
  if (baselineShare < MIN_BASELINE_SHARE) return null;
  let during = 0;
  for (let i = firstPost; i < decisions.length && (decisions[i] as SegmentDecision).at < end; i++) during++;
  if (during < MOVE_WINDOW) return null;
  const limit = MOVE_RESIDUAL * baselineShare * MOVE_WINDOW;
  let inWindow = 0;
  for (let i = firstPost; i < decisions.length; i++) {
    const d = decisions[i] as SegmentDecision;
    if (d.at >= end) break;
    if (d.toFailed) inWindow++;
    const leaving = i - MOVE_WINDOW;
    if (leaving >= firstPost && (decisions[leaving] as SegmentDecision).toFailed) inWindow--;
    const count = i - firstPost + 1;
    if (count >= MOVE_WINDOW && inWindow <= limit + 1e-9) {
      return { during, baselineShare, decisions: count, seconds: (d.at - start) / 1000 };
    }
  }
  return { during, baselineShare, decisions: null, seconds: null };
}
