/**
 * The reward-weight what-if lives in the engine (engine/evaluation/what-if.ts) so the server's
 * `POST /v1/config/reward/what-if` and the replay CLI run the same pure code.
 */
export {
  DEFAULT_CONTEXTS_PER_SEGMENT,
  whatIf,
  type ProjectedMetrics,
  type ProviderRewardShift,
  type SegmentChoiceShift,
  type WhatIfOptions,
  type WhatIfReport,
} from '../../engine/evaluation/what-if.js';
