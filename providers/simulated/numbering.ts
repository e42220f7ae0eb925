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

/** A node of the digit trie: one child per next digit, and the entries whose prefix ends here. */
interface PrefixNode {
  readonly next: (PrefixNode | undefined)[];
  entries: PrefixEntry[] | undefined;
}

const newNode = (): PrefixNode => ({ next: new Array<PrefixNode | undefined>(10).fill(undefined), entries: undefined });

const DIGIT_0 = 48;
const PLUS = 43;

/** The world's prefixes (calling code + NSN prefix, e.g. "49151") as a digit trie: a lookup walks the number once, building no strings. */
const tables = new WeakMap<World, PrefixNode>();

function prefixTable(world: World): PrefixNode {
  const cached = tables.get(world);
  if (cached) return cached;
  const root = newNode();
  const add = (key: string, entry: PrefixEntry): void => {
    let node = root;
    for (let i = 0; i < key.length; i++) {
      const d = key.charCodeAt(i) - DIGIT_0;
      // A prefix with a non-digit can never match a number's digits.
      if (!(d >= 0 && d <= 9)) return;
      node = node.next[d] ??= newNode();
    }
    const list = (node.entries ??= []);
    // A marked invalid range beats an operator prefix of the same digits.
    if (entry.owner === undefined) list.unshift(entry);
    else list.push(entry);
  };
  for (const c of world.countries) {
    for (const o of c.operators) {
      const totalDigits = c.callingCode.length + (o.numberLength ?? c.numberLength);
      // One owner object per operator, so callers may key caches by it.
      const owner: NumberOwner = Object.freeze({ country: c.code, operator: o.mccMnc });
      for (const p of o.prefixes) add(c.callingCode + p, { owner, totalDigits });
    }
    for (const p of c.invalidPrefixes) {
      for (const totalDigits of new Set(
        c.operators.map((o) => c.callingCode.length + (o.numberLength ?? c.numberLength)),
      )) {
        add(c.callingCode + p, { owner: undefined, totalDigits });
      }
    }
  }
  tables.set(world, root);
  return root;
}

/** "+" then 6 to 15 digits, the first not 0 (E.164), i.e. /^\+[1-9]\d{5,14}$/ without a regex. */
function isE164(s: string): boolean {
  if (s.length < 7 || s.length > 16 || s.charCodeAt(0) !== PLUS || s.charCodeAt(1) === DIGIT_0) return false;
  for (let i = 1; i < s.length; i++) {
    const d = s.charCodeAt(i) - DIGIT_0;
    if (!(d >= 0 && d <= 9)) return false;
  }
  return true;
}

/**
 * Country and operator of an E.164 number by longest-prefix match on the world's table
 * (the number must also have the operator's length). Approximate by nature: with mobile
 * number portability a ported number keeps its original prefix.
 * @returns undefined when the number is malformed, matches no prefix, has the wrong
 *   length or lies in a range marked invalid.
 */
export function operatorForNumber(e164: string, world: World = DEFAULT_WORLD): NumberOwner | undefined {
  if (!isE164(e164)) return undefined;
  const digits = e164.length - 1;
  let node: PrefixNode | undefined = prefixTable(world);
  let owner: NumberOwner | undefined;
  for (let i = 1; i < e164.length; i++) {
    node = node.next[e164.charCodeAt(i) - DIGIT_0];
    if (node === undefined) break;
    const entries = node.entries;
    if (entries === undefined) continue;
    // The deepest prefix with an entry of the number's length wins; its first entry of that length decides.
    for (const e of entries) {
      if (e.totalDigits === digits) {
        owner = e.owner;
        break;
      }
    }
  }
  return owner;
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

/** Countries by code per world (first definition wins, as Array.find did): traffic generation draws a number per request. */
const countryIndexes = new WeakMap<World, Map<string, CountryDef>>();

function findCountry(world: World, country: string): CountryDef {
  let index = countryIndexes.get(world);
  if (index === undefined) {
    index = new Map();
    for (const x of world.countries) if (!index.has(x.code)) index.set(x.code, x);
    countryIndexes.set(world, index);
  }
  const c = index.get(country);
  if (!c)
    throw new RangeError(`country must be one of ${world.countries.map((x) => x.code).join(', ')}, got "${country}"`);
  return c;
}
