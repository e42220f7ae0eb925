import { afterEach, describe, expect, it } from 'vitest';
import { MAX_REQUESTED_OPERATORS_PER_COUNTRY } from '../../server/verification/operator-admission.js';
import { startTestApp, TENANT_KEY, type TestApp } from './test-app.js';

let t: TestApp;
afterEach(() => t.close());

// A number prefix each: the SMS-pumping guard counts sends per prefix, and none of these complete.
const PREFIXES =
  '1511,1512,1513,1514,1515,1516,1517,1518,1519,1520,1521,1522,1523,1525,1526,1527,1529,1570,1571,1572,1573,1575,1577,1578,1579,1590,1591,1592,1593,1595,1596,1599,1601,1602,1603,1604,1605'.split(
    ',',
  );

const create = async (i: number, operator?: string) =>
  (
    await t.json<{ operator: string }>('/v1/verifications', {
      method: 'POST',
      key: TENANT_KEY,
      body: JSON.stringify({
        to: `+49${PREFIXES[i]}2345678`,
        action: 'login',
        ...(operator ? { operator } : {}),
      }),
    })
  ).body.operator;

describe('operators named by requests', () => {
  it('get segments up to a bound per country; beyond it they route as unknown, and the table operator always counts', async () => {
    t = await startTestApp();
    const named = [];
    for (let i = 0; i < MAX_REQUESTED_OPERATORS_PER_COUNTRY + 2; i++)
      named.push(await create(i, `999-${String(100 + i)}`));
    expect(named.slice(0, MAX_REQUESTED_OPERATORS_PER_COUNTRY)).toEqual(
      named.slice(0, MAX_REQUESTED_OPERATORS_PER_COUNTRY).map((_, i) => `999-${100 + i}`),
    );
    expect(named.slice(MAX_REQUESTED_OPERATORS_PER_COUNTRY)).toEqual(['unknown', 'unknown']);
    // Already admitted, the table's own (this app's table says 262-01), and no operator at all.
    expect([await create(34, '999-100'), await create(35, '262-01'), await create(36)]).toEqual([
      '999-100',
      '262-01',
      '262-01',
    ]);
    const segments = new Set(t.stores.verifications.listRecent(100).map((v) => v.operator));
    expect(segments.size).toBe(MAX_REQUESTED_OPERATORS_PER_COUNTRY + 2); // the named ones, unknown and 262-01
  });
});
