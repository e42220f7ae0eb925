import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import type { RouteClass } from '../../engine/types.js';
import { randomNumber } from './numbering.js';
import { createSimulatedNetwork } from './simulated-network.js';

const N = 3_000;
const SEEDS = [11, 12, 13];

/** Rates over many sends must match truth() within 4 binomial standard deviations. */
function within4Sd(observed: number, expected: number, variance: number): void {
  expect(Math.abs(observed - expected)).toBeLessThanOrEqual(4 * Math.sqrt(variance) + 1e-9);
}

describe.each<[string, string, string, RouteClass, number]>([
  ['sim-atlas', 'ID', '510-11', 'standard', Date.UTC(2024, 0, 15, 3)],
  ['sim-borealis', 'DE', '262-03', 'premium', Date.UTC(2024, 0, 15, 3)],
  ['sim-borealis', 'BR', '724-06', 'standard', Date.UTC(2024, 0, 15, 22, 30)], // across Brazil's evening peak
  ['sim-cobalt', 'ID', '510-10', 'standard', Date.UTC(2024, 0, 15, 10, 30)], // into Indonesia's evening peak
  ['sim-dynamo', 'IN', '405-872', 'standard', Date.UTC(2024, 0, 15, 3)], // into the 09-12 congestion
  ['sim-ember', 'NG', '621-30', 'premium', Date.UTC(2024, 0, 15, 3)],
])('%s %s %s %s: outcomes match truth()', (provider, country, operator, routeClass, start) => {
  it.each(SEEDS)('seed %d', (seed) => {
    const net = createSimulatedNetwork({ seed });
    const numbers = mulberry32(seed + 1000);
    let accepted = 0;
    let expAccepted = 0;
    let varAccepted = 0;
    let landed = 0;
    let expLanded = 0;
    let varLanded = 0;
    let lost = 0;
    const z: number[] = [];
    const rejected = new Map<string, number>();
    const receiptLoss = net.truth(provider, country, operator, routeClass, start).receiptLoss;
    for (let i = 0; i < N; i++) {
      const at = start + i * 1_000;
      const t = net.truth(provider, country, operator, routeClass, at);
      const out = net.send(
        {
          provider,
          attemptId: `a${i}`,
          to: randomNumber(country, operator, numbers),
          country,
          operator,
          routeClass,
          body: 'x',
        },
        at,
      );
      expAccepted += t.acceptance;
      varAccepted += t.acceptance * (1 - t.acceptance);
      if (out.result.status === 'rejected') {
        rejected.set(out.result.errorClass, (rejected.get(out.result.errorClass) ?? 0) + 1);
        continue;
      }
      accepted += 1;
      expLanded += t.delivery;
      varLanded += t.delivery * (1 - t.delivery);
      if (out.receipt?.status === 'failed') expect(['unreachable', 'blocked']).toContain(out.receipt.errorClass);
      if (out.inboxAt === undefined) continue;
      landed += 1;
      if (out.receipt === undefined) lost += 1;
      z.push(Math.log((out.inboxAt - at) / t.latencyMedianMs) / t.latencySigma);
    }
    within4Sd(accepted, expAccepted, varAccepted);
    within4Sd(landed, expLanded, varLanded);
    within4Sd(lost, landed * receiptLoss, landed * receiptLoss * (1 - receiptLoss));
    expect([...rejected.keys()].every((k) => ['provider_error', 'throttled', 'blocked'].includes(k))).toBe(true);
    // log(latency / median) / sigma is standard normal.
    const mean = z.reduce((s, x) => s + x, 0) / z.length;
    const sd = Math.sqrt(z.reduce((s, x) => s + (x - mean) ** 2, 0) / (z.length - 1));
    expect(Math.abs(mean)).toBeLessThan(4 / Math.sqrt(z.length));
    expect(Math.abs(sd - 1)).toBeLessThan(0.06);
  });
});

describe('time of day', () => {
  it("sim-cobalt delivers visibly worse and slower in Indonesia's evening peak", () => {
    const rate = (startUtcHour: number) => {
      const net = createSimulatedNetwork({ seed: 5 });
      const numbers = mulberry32(5);
      let accepted = 0;
      let landed = 0;
      const latencies: number[] = [];
      for (let i = 0; i < 2_000; i++) {
        const at = Date.UTC(2024, 0, 15, startUtcHour) + i * 1_000; // 33 minutes
        const out = net.send(
          {
            provider: 'sim-cobalt',
            attemptId: `a${i}`,
            to: randomNumber('ID', '510-10', numbers),
            country: 'ID',
            operator: '510-10',
            routeClass: 'standard',
            body: 'x',
          },
          at,
        );
        if (out.result.status !== 'accepted') continue;
        accepted += 1;
        if (out.inboxAt !== undefined) {
          landed += 1;
          latencies.push(out.inboxAt - at);
        }
      }
      latencies.sort((a, b) => a - b);
      return { delivery: landed / accepted, median: latencies[Math.floor(latencies.length / 2)]! };
    };
    const offPeak = rate(3); // 10:00 WIB
    const peak = rate(12); // 19:00 WIB
    expect(offPeak.delivery).toBeGreaterThan(0.92);
    expect(peak.delivery).toBeLessThan(0.72);
    expect(peak.median / offPeak.median).toBeGreaterThan(2.5);
  });
});
