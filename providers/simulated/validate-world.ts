import { ROUTE_CLASSES, type RouteClass } from '../../engine/types.js';
import type { CountryDef, Effect, Incident, ProviderDef, Quality, World } from './world.js';
import {
  deepFreeze,
  requireAbove,
  requireArray,
  requireInteger,
  requireNumber,
  requireObject,
  requireOneOf,
  requireOptionalBoolean,
  requireString,
  requireUnique,
} from './world-checks.js';

const ROUTE_CLASS_SET: ReadonlySet<RouteClass> = new Set(ROUTE_CLASSES);
const DIGITS = /^\d{1,14}$/;
const MCC_MNC = /^\d{3}-\d{2,3}$/;
const MAX_FACTOR = 100;

/**
 * Checks a world definition and returns a deep-frozen copy (the input is not touched).
 * Cross-references are checked too: coverage, overrides and incidents must name existing
 * countries, operators and providers; codes, MCC-MNCs, prefixes and ids must be unique.
 * @throws TypeError when a field has the wrong type, RangeError when its value is out of
 *   range or unknown; the message starts with the field's path, e.g.
 *   `world.providers[1].coverage[0].acceptance must be in [0, 1], got 1.2`.
 */
export function validateWorld(world: World): World {
  requireObject('world', world);
  requireArray('world.countries', world.countries, 1);
  world.countries.forEach((c, i) => validateCountry(`world.countries[${i}]`, c));
  requireUnique(
    'world.countries[].code',
    world.countries.map((c) => c.code),
  );
  requireUnique(
    'world.countries[].operators[].mccMnc',
    world.countries.flatMap((c) => c.operators.map((o) => o.mccMnc)),
  );
  requireObject('world.routeClasses', world.routeClasses);
  for (const rc of ROUTE_CLASSES) {
    const path = `world.routeClasses.${rc}`;
    const effect = world.routeClasses[rc];
    requireObject(path, effect);
    requireAbove(`${path}.priceFactor`, effect.priceFactor, 0, MAX_FACTOR);
    requireNumber(`${path}.failureFactor`, effect.failureFactor, 0, MAX_FACTOR);
    requireAbove(`${path}.latencyFactor`, effect.latencyFactor, 0, MAX_FACTOR);
  }
  requireArray('world.providers', world.providers, 1);
  world.providers.forEach((p, i) => validateProvider(`world.providers[${i}]`, p, world.countries));
  requireUnique(
    'world.providers[].id',
    world.providers.map((p) => p.id),
  );
  requireArray('world.incidents', world.incidents);
  world.incidents.forEach((inc, i) => validateIncident(inc, world, `world.incidents[${i}]`));
  requireUnique(
    'world.incidents[].id',
    world.incidents.map((inc) => inc.id),
  );
  return deepFreeze(structuredClone(world));
}

/**
 * Checks one incident against a world (provider, country and operator must exist).
 * @throws TypeError | RangeError naming `path` and the field
 */
export function validateIncident(incident: Incident, world: World, path = 'incident'): void {
  requireObject(path, incident);
  requireString(`${path}.id`, incident.id, /^\S{1,128}$/, 'a non-empty id without spaces');
  requireOneOf(`${path}.provider`, incident.provider, new Set(world.providers.map((p) => p.id)));
  requireOneOf(`${path}.country`, incident.country, new Set(world.countries.map((c) => c.code)));
  if (incident.operator !== undefined) {
    const country = world.countries.find((c) => c.code === incident.country);
    requireOneOf(`${path}.operator`, incident.operator, new Set(country?.operators.map((o) => o.mccMnc)));
  }
  if (incident.routeClass !== undefined) requireOneOf(`${path}.routeClass`, incident.routeClass, ROUTE_CLASS_SET);
  requireNumber(`${path}.start`, incident.start, -Number.MAX_VALUE, Number.MAX_VALUE);
  requireNumber(`${path}.end`, incident.end, -Number.MAX_VALUE, Number.MAX_VALUE);
  if (!(incident.end > incident.start)) {
    throw new RangeError(`${path}.end must be > start (${incident.start}), got ${incident.end}`);
  }
  validateEffect(`${path}.effect`, incident.effect);
}

function validateCountry(path: string, c: CountryDef): void {
  requireObject(path, c);
  requireString(`${path}.code`, c.code, /^[A-Z]{2}$/, 'an ISO 3166-1 alpha-2 code');
  requireString(`${path}.callingCode`, c.callingCode, /^[1-9]\d{0,2}$/, 'an E.164 calling code (1-3 digits)');
  requireInteger(`${path}.numberLength`, c.numberLength, 4, 15 - c.callingCode.length);
  requireNumber(`${path}.utcOffsetHours`, c.utcOffsetHours, -12, 14);
  requireAbove(`${path}.referencePrice`, c.referencePrice, 0, 10);
  requireArray(`${path}.invalidPrefixes`, c.invalidPrefixes);
  c.invalidPrefixes.forEach((p, i) => requireString(`${path}.invalidPrefixes[${i}]`, p, DIGITS, 'a string of digits'));
  requireArray(`${path}.operators`, c.operators, 1);
  c.operators.forEach((o, i) => {
    const op = `${path}.operators[${i}]`;
    requireObject(op, o);
    requireString(`${op}.mccMnc`, o.mccMnc, MCC_MNC, 'MCC-MNC like "262-01"');
    requireString(`${op}.name`, o.name, /\S/, 'a non-empty name');
    requireAbove(`${op}.share`, o.share, 0, 1_000);
    if (o.numberLength !== undefined)
      requireInteger(`${op}.numberLength`, o.numberLength, 4, 15 - c.callingCode.length);
    const length = o.numberLength ?? c.numberLength;
    requireArray(`${op}.prefixes`, o.prefixes, 1);
    o.prefixes.forEach((p, j) => {
      requireString(`${op}.prefixes[${j}]`, p, DIGITS, 'a string of digits');
      if (p.length >= length)
        throw new RangeError(`${op}.prefixes[${j}] must be shorter than the number length ${length}, got "${p}"`);
    });
  });
  requireUnique(
    `${path}.operators[].prefixes`,
    c.operators.flatMap((o) => o.prefixes),
  );
}

function validateProvider(path: string, p: ProviderDef, countries: readonly CountryDef[]): void {
  requireObject(path, p);
  requireString(`${path}.id`, p.id, /^[a-z0-9][a-z0-9-]{0,62}$/, 'a lower-case id like "sim-atlas"');
  requireAbove(`${path}.capacityPerSecond`, p.capacityPerSecond, 0, 1_000_000);
  requireNumber(`${path}.maxQueueMs`, p.maxQueueMs, 0, 86_400_000);
  requireNumber(`${path}.receiptLoss`, p.receiptLoss, 0, 1);
  const codes = new Set(countries.map((c) => c.code));
  requireArray(`${path}.coverage`, p.coverage);
  p.coverage.forEach((cov, i) => {
    const cp = `${path}.coverage[${i}]`;
    requireObject(cp, cov);
    requireOneOf(`${cp}.country`, cov.country, codes);
    requireNumber(`${cp}.priceFactor`, cov.priceFactor, 0.3, 3);
    requireArray(`${cp}.routeClasses`, cov.routeClasses, 1);
    cov.routeClasses.forEach((rc, j) => requireOneOf(`${cp}.routeClasses[${j}]`, rc, ROUTE_CLASS_SET));
    requireUnique(`${cp}.routeClasses`, cov.routeClasses);
    validateQuality(cp, cov, true);
    if (cov.operators === undefined) return;
    requireObject(`${cp}.operators`, cov.operators);
    const operators = new Set(countries.find((c) => c.code === cov.country)?.operators.map((o) => o.mccMnc));
    for (const [mccMnc, ov] of Object.entries(cov.operators)) {
      const op = `${cp}.operators["${mccMnc}"]`;
      requireOneOf(`${cp}.operators key`, mccMnc, operators);
      requireObject(op, ov);
      requireOptionalBoolean(`${op}.covered`, ov.covered);
      if (ov.priceFactor !== undefined) requireNumber(`${op}.priceFactor`, ov.priceFactor, 0.3, 3);
      validateQuality(op, ov, false);
    }
  });
  requireUnique(
    `${path}.coverage[].country`,
    p.coverage.map((c) => c.country),
  );
  requireArray(`${path}.timeOfDay`, p.timeOfDay);
  p.timeOfDay.forEach((t, i) => {
    const tp = `${path}.timeOfDay[${i}]`;
    requireObject(tp, t);
    if (t.country !== '*') requireOneOf(`${tp}.country`, t.country, codes);
    requireInteger(`${tp}.fromHour`, t.fromHour, 0, 23);
    requireInteger(`${tp}.toHour`, t.toHour, 0, 24);
    if (t.fromHour === t.toHour % 24)
      throw new RangeError(`${tp}.toHour must differ from fromHour (${t.fromHour}), got ${t.toHour}`);
    validateEffect(`${tp}.effect`, t.effect);
  });
}

function validateQuality(path: string, q: Partial<Quality>, required: boolean): void {
  if (required || q.acceptance !== undefined) requireNumber(`${path}.acceptance`, q.acceptance, 0, 1);
  if (required || q.delivery !== undefined) requireNumber(`${path}.delivery`, q.delivery, 0, 1);
  if (required || q.latencyMedianMs !== undefined)
    requireAbove(`${path}.latencyMedianMs`, q.latencyMedianMs, 0, 3_600_000);
  if (required || q.latencySigma !== undefined) requireNumber(`${path}.latencySigma`, q.latencySigma, 0, 3);
}

function validateEffect(path: string, e: Effect): void {
  requireObject(path, e);
  if (e.acceptanceFactor !== undefined) requireNumber(`${path}.acceptanceFactor`, e.acceptanceFactor, 0, MAX_FACTOR);
  if (e.deliveryFactor !== undefined) requireNumber(`${path}.deliveryFactor`, e.deliveryFactor, 0, MAX_FACTOR);
  if (e.latencyFactor !== undefined) requireAbove(`${path}.latencyFactor`, e.latencyFactor, 0, MAX_FACTOR);
  requireOptionalBoolean(`${path}.silent`, e.silent);
}
