import { ACTIONS, ROUTE_CLASSES, type RequestContext } from '../types.js';

const COUNTRY = /^[A-Z]{2}$/;
const OPERATOR = /^(\d{3}-\d{2,3}|unknown)$/;
/** Hard cap on a verification window: 10 minutes (NIST SP 800-63B OTP lifetime guidance). */
export const MAX_WINDOW_MS = 10 * 60_000;
export const MIN_WINDOW_MS = 30_000;

/**
 * Validates a request context built by a driver; the server validates HTTP input with
 * zod first, so this is the engine's own guard against programming errors.
 * @throws TypeError or RangeError naming the offending field
 */
export function validateRequestContext(ctx: RequestContext): RequestContext {
  if (!COUNTRY.test(ctx.country)) throw new TypeError(`country must be ISO 3166-1 alpha-2 (e.g. "DE"), got "${ctx.country}"`);
  if (!OPERATOR.test(ctx.operator)) throw new TypeError(`operator must be MCC-MNC ("262-01") or "unknown", got "${ctx.operator}"`);
  if (!ROUTE_CLASSES.includes(ctx.routeClass)) throw new TypeError(`routeClass must be one of ${ROUTE_CLASSES.join(', ')}`);
  if (!ACTIONS.includes(ctx.action)) throw new TypeError(`action must be one of ${ACTIONS.join(', ')}`);
  if (typeof ctx.tenant !== 'string' || ctx.tenant.length === 0) throw new TypeError('tenant must be a non-empty string');
  if (!(ctx.fraudScore >= 0 && ctx.fraudScore <= 1)) throw new RangeError(`fraudScore must be in [0, 1], got ${ctx.fraudScore}`);
  if (!(ctx.windowMs >= MIN_WINDOW_MS && ctx.windowMs <= MAX_WINDOW_MS)) {
    throw new RangeError(`windowMs must be in [${MIN_WINDOW_MS}, ${MAX_WINDOW_MS}], got ${ctx.windowMs}`);
  }
  if (!Number.isFinite(ctx.at)) throw new TypeError(`at must be finite epoch milliseconds, got ${ctx.at}`);
  return ctx;
}
