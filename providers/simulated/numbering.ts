import { UNKNOWN_OPERATOR } from '../../engine/types.js';
import { DEFAULT_WORLD } from './default-world.js';
import type { CountryDef, OperatorDef, World } from './world.js';

/** Where a number belongs according to the world's prefix table. */
export interface NumberOwner {
  readonly country: string;
  readonly operator: string;
}

interface PrefixEntry {
  readonly owner: NumberOwner | undefined; // undefined: a marked invalid range
  readonly totalDigits: number;
}

interface PrefixTable {
  /** Keyed by calling code + NSN prefix, e.g. "49151". */
  readonly byPrefix: ReadonlyMap<string, readonly PrefixEntry[]>;
  readonly maxPrefixLength: number;
}

const tables = new WeakMap<World, PrefixTable>();

function prefixTable(world: World): PrefixTable {
  const cached = tables.get(world);
  if (cached) return cached;
  const byPrefix = new Map<string, PrefixEntry[]>();
  const add = (key: string, entry: PrefixEntry): void => {
    const list = byPrefix.get(key) ?? [];
    // A marked invalid range beats an operator prefix of the same digits.
    if (entry.owner === undefined) list.unshift(entry);
    else list.push(entry);
    byPrefix.set(key, list);
  };
  for (const c of world.countries) {
    for (const o of c.operators) {
      const totalDigits = c.callingCode.length + (o.numberLength ?? c.numberLength);
      for (const p of o.prefixes)
        add(c.callingCode + p, { owner: { country: c.code, operator: o.mccMnc }, totalDigits });
    }
    for (const p of c.invalidPrefixes) {
      for (const totalDigits of new Set(
        c.operators.map((o) => c.callingCode.length + (o.numberLength ?? c.numberLength)),
      )) {
        add(c.callingCode + p, { owner: undefined, totalDigits });
      }
    }
  }
  const table = { byPrefix, maxPrefixLength: Math.max(...[...byPrefix.keys()].map((k) => k.length)) };
  tables.set(world, table);
  return table;
}

/**
 * Country and operator of an E.164 number by longest-prefix match on the world's table
 * (the number must also have the operator's length). Approximate by nature: with mobile
 * number portability a ported number keeps its original prefix.
 * @returns undefined when the number is malformed, matches no prefix, has the wrong
 *   length or lies in a range marked invalid.
 */
export function operatorForNumber(e164: string, world: World = DEFAULT_WORLD): NumberOwner | undefined {
  if (!/^\+[1-9]\d{5,14}$/.test(e164)) return undefined;
  const digits = e164.slice(1);
  const table = prefixTable(world);
  for (let len = Math.min(table.maxPrefixLength, digits.length); len > 0; len--) {
    const entries = table.byPrefix.get(digits.slice(0, len));
    const entry = entries?.find((e) => e.totalDigits === digits.length);
    if (entry) return entry.owner;
  }
  return undefined;
}

/** Draws an operator MCC-MNC of `country` with probability proportional to its market share. @throws RangeError for an unknown country */
export function randomOperator(country: string, random: () => number, world: World = DEFAULT_WORLD): string {
  const c = findCountry(world, country);
  const total = c.operators.reduce((s, o) => s + o.share, 0);
  let u = random() * total;
  for (const o of c.operators) {
    u -= o.share;
    if (u < 0) return o.mccMnc;
  }
  return c.operators[c.operators.length - 1]!.mccMnc;
}

/**
 * A random E.164 number of `operator` in `country` (operator `"unknown"` draws one by
 * market share): a uniformly chosen prefix of the operator followed by uniform digits,
 * redrawn if it falls in an invalid range or in a more specific prefix of another operator.
 * @throws RangeError for an unknown country or operator, or when no valid number can be drawn
 */
export function randomNumber(
  country: string,
  operator: string,
  random: () => number,
  world: World = DEFAULT_WORLD,
): string {
  const c = findCountry(world, country);
  const mccMnc = operator === UNKNOWN_OPERATOR ? randomOperator(country, random, world) : operator;
  const op = c.operators.find((o) => o.mccMnc === mccMnc);
  if (!op)
    throw new RangeError(
      `operator must be one of ${c.operators.map((o) => o.mccMnc).join(', ')} or unknown for ${country}, got "${operator}"`,
    );
  for (let tries = 0; tries < 100; tries++) {
    const number = drawNumber(c, op, random);
    if (operatorForNumber(number, world)?.operator === op.mccMnc) return number;
  }
  throw new RangeError(`operator ${op.mccMnc} of ${country} has no prefix that yields a valid number`);
}

function drawNumber(c: CountryDef, op: OperatorDef, random: () => number): string {
  let nsn = op.prefixes[Math.floor(random() * op.prefixes.length)] ?? '';
  const length = op.numberLength ?? c.numberLength;
  while (nsn.length < length) nsn += String(Math.floor(random() * 10));
  return `+${c.callingCode}${nsn}`;
}

function findCountry(world: World, country: string): CountryDef {
  const c = world.countries.find((x) => x.code === country);
  if (!c)
    throw new RangeError(`country must be one of ${world.countries.map((x) => x.code).join(', ')}, got "${country}"`);
  return c;
}
