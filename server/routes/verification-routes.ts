import { createHash } from 'node:crypto';
import { Router, type Request, type Response } from 'express';
import type { IdempotencyStore } from '../../db/stores/idempotency-store.js';
import { ConflictError, UnprocessableError } from '../http/app-error.js';
import { principalOf, requireTenant } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import {
  CheckBody,
  CheckResult,
  CreateVerificationBody,
  IdParams,
  IdempotencyKey,
  VerificationView,
} from '../schemas/verification-schemas.js';
import type { VerificationService } from '../verification/verification-service.js';

/** Idempotency records are kept 24 hours (Stripe's convention). */
export const IDEMPOTENCY_TTL_MS = 24 * 3_600_000;

export interface VerificationRouteDeps {
  readonly service: VerificationService;
  readonly idempotency: IdempotencyStore;
  readonly clock: () => number;
  readonly clientIp: (req: Request) => string;
}

function tenantOf(req: Request): string {
  return principalOf(req).tenantId as string;
}

export function verificationRoutes(deps: VerificationRouteDeps, docs: RouteDocs): Router {
  const router = Router();
  const { service } = deps;

  docs.add({
    method: 'post',
    path: '/v1/verifications',
    summary: 'Start a verification and send the first code',
    description:
      'Country and number type come from the number (landlines, premium-rate and invalid numbers are refused before any spend). With an Idempotency-Key the same key and body return the same response without a second send; a different body gives 422; a request still in flight gives 409.',
    tags: ['verifications'],
    auth: 'tenant',
    headers: { 'Idempotency-Key': { description: '1-255 visible ASCII characters, scoped to the tenant, kept 24 h' } },
    body: CreateVerificationBody,
    responses: { 201: { description: 'created; the first attempt has been sent', schema: VerificationView } },
  });
  router.post('/v1/verifications', requireTenant, async (req: Request, res: Response) => {
    const tenantId = tenantOf(req);
    const rawKey = req.headers['idempotency-key'];
    const body = parseInput(CreateVerificationBody, req.body);
    if (rawKey === undefined) {
      const view = await service.create({ tenantId, ip: deps.clientIp(req) }, body);
      res.status(201).json(view);
      return;
    }
    const key = parseInput(IdempotencyKey, rawKey);
    const requestHash = createHash('sha256').update(JSON.stringify(body)).digest('hex');
    const begun = deps.idempotency.begin(tenantId, key, requestHash, deps.clock(), IDEMPOTENCY_TTL_MS);
    if (begun !== 'new') {
      if (begun.requestHash !== requestHash) {
        throw new UnprocessableError('idempotency_key_reused', 'this Idempotency-Key was used with a different request body');
      }
      if (begun.state === 'in_flight') throw new ConflictError('idempotency_in_flight', 'a request with this Idempotency-Key is in progress');
      res.status(begun.status).setHeader('Idempotent-Replayed', 'true').type('application/json').send(begun.body);
      return;
    }
    try {
      const view = await service.create({ tenantId, ip: deps.clientIp(req) }, body);
      const text = JSON.stringify(view);
      deps.idempotency.complete(tenantId, key, 201, text);
      res.status(201).type('application/json').send(text);
    } catch (err) {
      // Refusals write nothing and send nothing, so a retry with the same key may run again.
      deps.idempotency.abandon(tenantId, key);
      throw err;
    }
  });

  docs.add({
    method: 'get',
    path: '/v1/verifications/{id}',
    summary: 'Read a verification: status, attempts with outcomes, route transitions (never a code)',
    tags: ['verifications'],
    auth: 'tenant',
    params: IdParams,
    responses: { 200: { description: 'the verification', schema: VerificationView } },
  });
  router.get('/v1/verifications/:id', requireTenant, (req, res) => {
    const { id } = parseInput(IdParams, req.params);
    res.json(service.get(tenantOf(req), id));
  });

  docs.add({
    method: 'post',
    path: '/v1/verifications/{id}/checks',
    summary: 'Check a code',
    description:
      'At most 5 checks per verification; failed checks also count per phone number across verifications: after 10, checks and new verifications for the number are refused (429 phone_locked) until 24 h after the last failure. A wrong code, an unknown id and an expired verification answer alike (pending); expired and canceled are only told to a caller holding a right code.',
    tags: ['verifications'],
    auth: 'tenant',
    params: IdParams.partial(),
    body: CheckBody,
    responses: { 200: { description: 'the check result', schema: CheckResult } },
  });
  router.post('/v1/verifications/:id/checks', requireTenant, (req, res) => {
    const { code } = parseInput(CheckBody, req.body);
    const id = String(req.params.id).slice(0, 64);
    res.json(service.check(tenantOf(req), id, code));
  });

  docs.add({
    method: 'post',
    path: '/v1/verifications/{id}/cancel',
    summary: 'Cancel a pending verification',
    tags: ['verifications'],
    auth: 'tenant',
    params: IdParams,
    responses: { 200: { description: 'the canceled verification', schema: VerificationView } },
  });
  router.post('/v1/verifications/:id/cancel', requireTenant, (req, res) => {
    const { id } = parseInput(IdParams, req.params);
    res.json(service.cancel(tenantOf(req), id));
  });

  return router;
}
