import { Router } from 'express';
import type { z } from 'zod';
import type { Stores } from '../../db/stores/stores.js';
import type { AttemptRecord } from '../../db/stores/verification-store.js';
import type { CompletionModel } from '../../engine/reward/completion-model.js';
import { segmentKey } from '../../engine/context/segment.js';
import { NotFoundError } from '../http/app-error.js';
import { requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { LearningRecorder } from '../learning/learning-recorder.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { iso, resolveRange } from '../schemas/common-schemas.js';
import {
  AttemptIdParams,
  DecisionView,
  HistoryQuery,
  HistoryResponse,
  RecentQuery,
  RecentResponse,
  SegmentsResponse,
  CompletionModelResponse,
} from '../schemas/routing-schemas.js';

const HOUR_MS = 3_600_000;
/** History reads: last hour by default, at most 7 days, at most 600 snapshot times per answer. */
export const HISTORY_RANGE = Object.freeze({ defaultMs: HOUR_MS, maxMs: 7 * 24 * HOUR_MS });
export const HISTORY_MAX_SNAPSHOTS = 600;
const HISTORY_MAX_EVENTS = 1_000;

const isoOrNull = (ms: number | null) => (ms === null ? null : iso(ms));

function decisionView(a: AttemptRecord): z.infer<typeof DecisionView> {
  return {
    attemptId: a.id,
    verificationId: a.verificationId,
    seq: a.seq,
    at: iso(a.startedAt),
    segment: a.segment,
    country: a.country,
    operator: a.operator,
    routeClass: a.routeClass,
    action: a.action,
    provider: a.provider,
    propensity: a.propensity,
    probabilities: { ...a.decision.probabilities },
    scores: { ...a.decision.scores },
    policy: a.policyKind,
    policyVersion: a.policyVersion,
    rewardVersion: a.rewardVersion,
    explanation: a.decision.explanation ?? null,
    outcome: {
      status: a.status,
      acceptedAt: isoOrNull(a.acceptedAt),
      receiptAt: isoOrNull(a.receiptAt),
      completedAt: isoOrNull(a.completedAt),
      completed: a.completed,
      cost: a.cost,
      errorClass: a.errorClass,
      settled: a.settled,
      reward: a.reward,
    },
  };
}

/** Admin reads of routing and learning: segments now, their history, one decision, recent verifications. */
export function routingRoutes(
  deps: { stores: Stores; recorder: LearningRecorder; clock: () => number; completion?: CompletionModel | undefined },
  docs: RouteDocs,
): Router {
  const router = Router();
  const { stores } = deps;

  docs.add({
    method: 'get',
    path: '/v1/routing/segments',
    summary: 'Per segment and provider: selection probability, estimated reward, health and breaker state',
    tags: ['routing'],
    auth: 'admin',
    responses: { 200: { description: 'every concrete segment seen so far', schema: SegmentsResponse } },
  });
  router.get('/v1/routing/segments', requireAdmin, (_req, res) => {
    res.json({ at: iso(deps.clock()), segments: deps.recorder.segments() });
  });

  docs.add({
    method: 'get',
    path: '/v1/routing/completion-model',
    summary: "The engine's completion model: completion rate by landing delay, and each provider's receipts checked against completions",
    description:
      'Policies learn the expected reward given when a code landed (ADR 0007). A calibration ratio other than 1 means a provider\'s delivery receipts in that country do not match what users do (receipts that lie, or none at all). 404 when the engine learns actual rewards.',
    tags: ['routing'],
    auth: 'admin',
    responses: { 200: { description: 'the model as of now', schema: CompletionModelResponse } },
  });
  router.get('/v1/routing/completion-model', requireAdmin, (_req, res) => {
    if (!deps.completion) throw new NotFoundError('the engine learns actual rewards: it has no completion model');
    const at = deps.clock();
    res.json({ at: iso(at), ...deps.completion.view(at) });
  });

  docs.add({
    method: 'get',
    path: '/v1/routing/history',
    summary:
      'Weight history of one segment (periodic snapshots) with breaker, change and config markers, and contextual coefficients',
    description: `Range defaults to the last hour and may not exceed 7 days; more than ${HISTORY_MAX_SNAPSHOTS} snapshot times are thinned evenly (downsampled: true).`,
    tags: ['routing'],
    auth: 'admin',
    query: HistoryQuery,
    responses: { 200: { description: 'points by time then provider, events by time', schema: HistoryResponse } },
  });
  router.get('/v1/routing/history', requireAdmin, (req, res) => {
    const q = parseInput(HistoryQuery, req.query);
    const { from, to } = resolveRange(q, deps.clock(), HISTORY_RANGE);
    const { points, downsampled } = stores.snapshots.querySampledHistory(q.segment, from, to, HISTORY_MAX_SNAPSHOTS);
    const events = stores.snapshots
      .queryEvents(from, to)
      .filter((e) => e.segment === q.segment || e.segment === null)
      .slice(-HISTORY_MAX_EVENTS);
    const times = new Set(points.map((p) => p.at));
    const coefficients = stores.snapshots
      .queryCoefficients(q.segment, from, to)
      .filter((c) => !downsampled || times.has(c.at));
    res.json({
      segment: q.segment,
      from: iso(from),
      to: iso(to),
      downsampled,
      points: points.map(({ segment: _s, at, ...p }) => ({ at: iso(at), ...p })),
      events: events.map((e) => ({ ...e, at: iso(e.at) })),
      coefficients: coefficients.map((c) => ({ at: iso(c.at), provider: c.provider, values: c.values })),
    });
  });

  docs.add({
    method: 'get',
    path: '/v1/routing/decisions/{attemptId}',
    summary: 'The stored decision of one attempt: probabilities, scores, propensity, versions, explanation and outcome',
    tags: ['routing'],
    auth: 'admin',
    params: AttemptIdParams,
    responses: { 200: { description: 'the decision', schema: DecisionView } },
  });
  router.get('/v1/routing/decisions/:attemptId', requireAdmin, (req, res) => {
    const { attemptId } = parseInput(AttemptIdParams, req.params);
    const attempt = stores.verifications.findAttempt(attemptId);
    if (!attempt) throw new NotFoundError(`no attempt ${attemptId}`);
    res.json(decisionView(attempt));
  });

  docs.add({
    method: 'get',
    path: '/v1/routing/recent',
    summary: 'Most recent verifications with their attempts and route transitions (no numbers, no codes)',
    tags: ['routing'],
    auth: 'admin',
    query: RecentQuery,
    responses: { 200: { description: 'newest first', schema: RecentResponse } },
  });
  router.get('/v1/routing/recent', requireAdmin, (req, res) => {
    const { limit } = parseInput(RecentQuery, req.query);
    const verifications = stores.verifications.listRecent(limit).map((v) => {
      const s = v.state;
      return {
        id: s.id,
        createdAt: iso(s.createdAt),
        status: s.status,
        finishReason: s.finishReason ?? null,
        segment: segmentKey(v),
        country: v.country,
        operator: v.operator,
        routeClass: v.routeClass,
        action: v.action,
        attempts: stores.verifications.listAttempts(s.id).map((a) => ({
          id: a.id,
          seq: a.seq,
          provider: a.provider,
          status: a.status,
          startedAt: iso(a.startedAt),
          propensity: a.propensity,
          completed: a.completed,
          cost: a.cost,
          errorClass: a.errorClass,
          reward: a.reward,
        })),
        transitions: stores.transitions
          .listByVerification(s.id)
          .map((t) => ({ at: iso(t.at), from: t.fromProvider, to: t.toProvider, reason: t.reason })),
      };
    });
    res.json({ verifications });
  });

  return router;
}
