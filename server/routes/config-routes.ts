import { Router, type Request } from 'express';
import type { ConfigVersionRecord } from '../../db/stores/config-store.js';
import type { Stores } from '../../db/stores/stores.js';
import type { RewardConfig } from '../../engine/reward/reward-weights.js';
import type { RoutingEngine } from '../../engine/routing-engine-types.js';
import type { RoutingTable } from '../../engine/routing-table.js';
import type { ProviderId } from '../../engine/types.js';
import type { EventBus } from '../events/event-bus.js';
import { NotFoundError, ValidationError } from '../http/app-error.js';
import { principalOf, requireAdmin } from '../http/auth.js';
import { parseInput } from '../http/validate.js';
import type { AppMetrics } from '../metrics/app-metrics.js';
import type { RouteDocs } from '../openapi/route-docs.js';
import { iso } from '../schemas/common-schemas.js';
import {
  ConfigVersionParams,
  configVersionView,
  configView,
  RewardConfigBody,
  RoutingTableBody,
} from '../schemas/config-schemas.js';
import { saveConfigVersion } from '../settings/config-versions.js';

export interface ConfigRouteDeps {
  readonly stores: Stores;
  readonly engine: RoutingEngine;
  readonly events: EventBus;
  readonly clock: () => number;
  readonly metrics: AppMetrics;
  /** Providers with a configured adapter: a routing table may name no other. */
  readonly providers: ReadonlySet<ProviderId>;
}

type Kind = 'reward' | 'routing';

function versionOf(r: ConfigVersionRecord): string {
  const v = (r.body as { version?: unknown } | null)?.version;
  return typeof v === 'string' ? v : r.version;
}

const info = (r: ConfigVersionRecord) => ({
  version: versionOf(r),
  createdAt: iso(r.createdAt),
  createdBy: r.createdBy,
  active: r.active,
});

function view(stores: Stores, kind: Kind) {
  const history = stores.config.list(kind);
  const active = history.find((r) => r.active);
  if (!active) throw new NotFoundError(`no active ${kind} config`);
  return { ...info(active), body: active.body, history: history.map(info) };
}

/** The stored version `version` (as decisions log it, e.g. `routing-2`) of `kind`. @throws NotFoundError */
function storedVersion(stores: Stores, kind: Kind, version: string): ConfigVersionRecord {
  const found = stores.config.list(kind).find((r) => versionOf(r) === version);
  if (!found) throw new NotFoundError(`no ${kind} config version ${version}`);
  return found;
}

/** The engine validators throw `RangeError`/`TypeError` whose message starts with the field path. */
function toValidationError(err: RangeError | TypeError): ValidationError {
  const [path = '', ...rest] = err.message.split(' ');
  return new ValidationError([{ path, message: rest.join(' ') }]);
}

/**
 * `GET|PUT /v1/config/reward` and `/v1/config/routing`: versioned, audited config. A PUT is
 * validated at the edge (zod) and by the engine's validator, stored as the next version with
 * the admin key id, applied to the engine, recorded as a `config` routing event and published
 * on the event bus, all or nothing.
 */
export function configRoutes(deps: ConfigRouteDeps, docs: RouteDocs): Router {
  const router = Router();
  const { stores, engine } = deps;

  const save = (
    kind: Kind,
    body: Omit<RewardConfig, 'version'> | Omit<RoutingTable, 'version'>,
    req: Request,
    restoredFrom?: string,
  ) => {
    const createdBy = principalOf(req).keyId;
    const now = deps.clock();
    let detail: { kind: Kind; version: string; createdBy: string; restoredFrom?: string };
    try {
      detail = stores.transaction(() => {
        // The engine is switched last: anything that throws before leaves both the database and the engine unchanged.
        const saved = saveConfigVersion<RewardConfig | RoutingTable>(stores, kind, body, createdBy, now);
        const d = { kind, version: saved.version, createdBy, ...(restoredFrom !== undefined ? { restoredFrom } : {}) };
        stores.snapshots.insertEvent({ at: now, kind: 'config', segment: null, provider: null, detail: d });
        if (kind === 'reward') engine.setRewardConfig(saved as RewardConfig);
        else engine.setRoutingTable(saved as RoutingTable);
        return d;
      });
    } catch (err) {
      if (err instanceof RangeError || err instanceof TypeError) throw toValidationError(err);
      throw err;
    }
    deps.events.publish({ type: 'config', at: now, data: detail });
    deps.metrics.configChanges.inc({ kind });
  };

  const schemas = { reward: RewardConfigBody, routing: RoutingTableBody } as const;
  for (const kind of ['reward', 'routing'] as const) {
    const path = `/v1/config/${kind}`;
    const View = configView(schemas[kind]);
    docs.add({
      method: 'get',
      path,
      summary: `The active ${kind} config with its version history (audit trail)`,
      tags: ['config'],
      auth: 'admin',
      responses: { 200: { description: 'active version, newest first history', schema: View } },
    });
    docs.add({
      method: 'put',
      path,
      summary: `Store and apply a new ${kind} config version`,
      description:
        kind === 'reward'
          ? 'Weights are non-negative, completion and reference prices positive. Decisions made from now on log the new version.'
          : 'Every provider must have an adapter; each country lists 1-32 routes, ranked, premium flags per route.',
      tags: ['config'],
      auth: 'admin',
      body: schemas[kind],
      responses: { 200: { description: 'the new active version', schema: View } },
    });
    docs.add({
      method: 'get',
      path: `${path}/versions/{version}`,
      summary: `One stored ${kind} config version with its body (to compare, or to restore)`,
      tags: ['config'],
      auth: 'admin',
      params: ConfigVersionParams,
      responses: { 200: { description: 'the stored version', schema: configVersionView(schemas[kind]) } },
    });
    docs.add({
      method: 'post',
      path: `${path}/versions/{version}/restore`,
      summary: `Roll back: store a stored ${kind} version's body as the next version and apply it`,
      description:
        'The body is validated again as a PUT of it would be (a routing table may only name providers that have an adapter now), ' +
        'stored as a new version by the calling admin key (the audit trail keeps who rolled back, and when) and applied; ' +
        'its config marker and live event carry `restoredFrom`. No body.',
      tags: ['config'],
      auth: 'admin',
      params: ConfigVersionParams,
      responses: { 200: { description: 'the new active version', schema: View } },
    });
    router.get(path, requireAdmin, (_req, res) => {
      res.json(view(stores, kind));
    });
    router.get(`${path}/versions/:version`, requireAdmin, (req, res) => {
      const { version } = parseInput(ConfigVersionParams, req.params);
      const found = storedVersion(stores, kind, version);
      res.json({ ...info(found), body: found.body });
    });
    router.post(`${path}/versions/:version/restore`, requireAdmin, (req, res) => {
      const { version } = parseInput(ConfigVersionParams, req.params);
      const { body } = storedVersion(stores, kind, version);
      if (kind === 'reward') saveReward(body, req, version);
      else saveRouting(body, req, version);
      res.json(view(stores, kind));
    });
  }

  const saveReward = (input: unknown, req: Request, restoredFrom?: string) => {
    const { version: _ignored, ...body } = parseInput(RewardConfigBody, input);
    save('reward', body, req, restoredFrom);
  };

  const saveRouting = (input: unknown, req: Request, restoredFrom?: string) => {
    const { version: _ignored, ...body } = parseInput(RoutingTableBody, input);
    const unknown = Object.entries(body.countries).flatMap(([country, routes]) =>
      routes.flatMap((r, i) =>
        deps.providers.has(r.provider)
          ? []
          : [{ path: `countries.${country}.${i}.provider`, message: `"${r.provider}" is not a configured provider` }],
      ),
    );
    if (unknown.length > 0) throw new ValidationError(unknown.slice(0, 20));
    save('routing', body, req, restoredFrom);
  };

  router.put('/v1/config/reward', requireAdmin, (req, res) => {
    saveReward(req.body, req);
    res.json(view(stores, 'reward'));
  });

  router.put('/v1/config/routing', requireAdmin, (req, res) => {
    saveRouting(req.body, req);
    res.json(view(stores, 'routing'));
  });

  return router;
}
