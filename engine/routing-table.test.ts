import { describe, expect, it } from 'vitest';
import { routesFor, validateRoutingTable, type RoutingTable } from './routing-table.js';

const table: RoutingTable = {
  version: 't',
  countries: {
    FR: [
      { provider: 'atlas', premium: true },
      { provider: 'ember', premium: true, standard: false },
      { provider: 'dynamo', premium: false },
    ],
  },
};

describe('routesFor', () => {
  it('gives premium requests premium routes and standard requests every route that carries standard traffic, in table order', () => {
    expect(routesFor(table, 'FR', 'premium').map((r) => r.provider)).toEqual(['atlas', 'ember']);
    expect(routesFor(table, 'FR', 'standard').map((r) => r.provider)).toEqual(['atlas', 'dynamo']);
    expect(routesFor(table, 'DE', 'standard')).toEqual([]);
  });
});

describe('validateRoutingTable', () => {
  it.each([
    [{ FR: [] }, RangeError, 'countries.FR must list 1 to 32 routes'],
    [{ fr: [{ provider: 'a', premium: true }] }, TypeError, 'countries keys must be ISO alpha-2, got "fr"'],
    [{ FR: [{ provider: 'A!', premium: true }] }, TypeError, 'countries.FR[0].provider must match'],
    [{ FR: [{ provider: 'a', premium: true }, { provider: 'a', premium: false }] }, TypeError, 'countries.FR[1].provider "a" is listed twice'],
    [{ FR: [{ provider: 'a', premium: 'yes' }] }, TypeError, 'countries.FR[0].premium must be a boolean'],
    [{ FR: [{ provider: 'a', premium: false, standard: false }] }, TypeError, 'countries.FR[0] carries no traffic'],
  ])('rejects %j', (countries, type, message) => {
    const bad = { version: 'v', countries } as unknown as RoutingTable;
    expect(() => validateRoutingTable(bad)).toThrow(type);
    expect(() => validateRoutingTable(bad)).toThrow(message);
  });

  it('returns a frozen copy that keeps the input shape', () => {
    const valid = validateRoutingTable(table);
    expect(valid).toEqual(table);
    expect(Object.isFrozen(valid.countries.FR)).toBe(true);
  });
});
