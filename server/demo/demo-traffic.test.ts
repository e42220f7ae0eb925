import { afterEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_WORLD } from '../../providers/simulated/default-world.js';
import type { SimulatedNetwork } from '../../providers/simulated/simulated-network.js';
import type { Logger } from '../logger.js';
import type { CreateRequest, DemoClient } from './demo-client.js';
import { createDemoTrafficConfig } from './demo-config.js';
import { startDemoTraffic } from './demo-traffic.js';

const quiet: Logger = { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} };

/** Refuses every create at once, so no user sleeps: only the generator's own timers run. */
function refusingClient(log: CreateRequest[]): DemoClient {
  return {
    create: async (body) => (log.push(body), { ok: false, status: 403, code: 'fraud_score_too_high' }),
    messages: async () => [],
    check: async () => 'pending',
  };
}

function fakeNetwork() {
  const injected: string[] = [];
  const cleared: string[] = [];
  const network = {
    world: DEFAULT_WORLD,
    injectIncident: (i: { id?: string }) => (injected.push(i.id ?? '?'), i.id ?? '?'),
    clearIncident: (id: string) => (cleared.push(id), true),
  } as unknown as SimulatedNetwork;
  return { network, injected, cleared };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('startDemoTraffic', () => {
  it('sends Poisson arrivals at the configured rate, injects and clears incidents on schedule, and leaves no timer behind', async () => {
    vi.useFakeTimers();
    const creates: CreateRequest[] = [];
    const { network, injected, cleared } = fakeNetwork();
    const config = createDemoTrafficConfig({
      ratePerSecond: 20,
      seed: 5,
      firstIncidentAfterMs: 1_000,
      incidentEveryMs: 10_000,
      incidentDurationMs: 2_000,
    });
    const traffic = startDemoTraffic({
      client: refusingClient(creates),
      world: DEFAULT_WORLD,
      network,
      config,
      logger: quiet,
    });
    await vi.advanceTimersByTimeAsync(25_000);
    // 500 expected arrivals; Poisson sd ~22.
    expect(creates.length).toBeGreaterThan(400);
    expect(creates.length).toBeLessThan(600);
    expect(traffic.stats().refused).toEqual({ fraud_score_too_high: creates.length });
    // Incidents at 1 s, 11 s and 21 s, each cleared 2 s later.
    expect(injected).toEqual(['demo-1', 'demo-2', 'demo-3']);
    expect(cleared).toEqual(['demo-1', 'demo-2', 'demo-3']);
    await traffic.stop();
    expect(vi.getTimerCount()).toBe(0);
    const after = creates.length;
    await vi.advanceTimersByTimeAsync(10_000);
    expect(creates.length).toBe(after);
  });

  it('is reproducible from the seed', async () => {
    const run = async () => {
      vi.useFakeTimers();
      const creates: CreateRequest[] = [];
      const traffic = startDemoTraffic({
        client: refusingClient(creates),
        world: DEFAULT_WORLD,
        config: createDemoTrafficConfig({ ratePerSecond: 10, seed: 9, incidentEveryMs: 0 }),
        logger: quiet,
      });
      await vi.advanceTimersByTimeAsync(5_000);
      await traffic.stop();
      vi.useRealTimers();
      return creates;
    };
    const a = await run();
    expect(a.length).toBeGreaterThan(20);
    expect(await run()).toEqual(a);
  });

  it('skips arrivals beyond maxConcurrentUsers and aborts live users on stop', async () => {
    vi.useFakeTimers();
    let started = 0;
    const hanging: DemoClient = {
      create: (_body, signal) =>
        new Promise((_resolve, reject) => {
          started++;
          signal.addEventListener('abort', () => reject(signal.reason));
        }),
      messages: async () => [],
      check: async () => 'pending',
    };
    const traffic = startDemoTraffic({
      client: hanging,
      world: DEFAULT_WORLD,
      config: createDemoTrafficConfig({ ratePerSecond: 50, maxConcurrentUsers: 10, incidentEveryMs: 0 }),
      logger: quiet,
    });
    await vi.advanceTimersByTimeAsync(2_000);
    expect(started).toBe(10);
    expect(traffic.stats().skipped).toBeGreaterThan(50);
    expect(traffic.stats().inFlight).toBe(10);
    await traffic.stop();
    expect(traffic.stats()).toMatchObject({ inFlight: 0, errors: 0 });
  });
});
