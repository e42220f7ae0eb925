import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../engine/rng.js';
import type { RouteClass } from '../../engine/types.js';
import { randomNumber } from './numbering.js';
import { createSimulatedNetwork, type SimulatedSendRequest } from './simulated-network.js';

const QUIET = Date.UTC(2024, 0, 15, 3, 0);

function request(
  provider: string,
  country: string,
  operator: string,
  routeClass: RouteClass,
  to: string,
): SimulatedSendRequest {
  return { provider, attemptId: `att-${to}`, to, country, operator, routeClass, body: 'Your code is 123456' };
}

function mixedTraffic(seed: number): SimulatedSendRequest[] {
  const random = mulberry32(seed);
  const segments = [
    ['sim-atlas', 'DE', '262-01', 'premium'],
    ['sim-borealis', 'BR', '724-05', 'standard'],
    ['sim-cobalt', 'ID', '510-11', 'standard'],
    ['sim-dynamo', 'IN', '405-872', 'standard'],
    ['sim-ember', 'US', '310-260', 'standard'],
    ['sim-cobalt', 'US', '310-260', 'standard'],
  ] as const;
  return Array.from({ length: 300 }, (_, i) => {
    const [p, c, o, rc] = segments[i % segments.length]!;
    return request(p, c, o, rc, randomNumber(c, o, random));
  });
}

describe('createSimulatedNetwork', () => {
  it('gives an exact, seeded answer', () => {
    const net = createSimulatedNetwork({ seed: 42 });
    expect(net.send(request('sim-atlas', 'DE', '262-01', 'premium', '+4915112345678'), QUIET)).toEqual({
      result: { status: 'accepted', providerMessageId: 'sim-atlas-00000001', cost: expect.closeTo(0.144, 12) },
      inboxAt: 1705287603787,
      receipt: { at: 1705287604066, status: 'delivered' },
    });
  });

  it('is deterministic: same seed and calls give the same results, another seed differs', () => {
    const run = (seed: number) => {
      const net = createSimulatedNetwork({ seed });
      return mixedTraffic(5).map((req, i) => net.send(req, QUIET + i * 1_000));
    };
    expect(run(1)).toEqual(run(1));
    expect(run(2)).not.toEqual(run(1));
  });

  it.each([
    ['an unallocated prefix', '+4914112345678', 'DE'],
    ['the wrong length', '+491511234567', 'DE'],
    ['a marked invalid range', '+447700900123', 'GB'],
    ['a number of another country', '+33607123456', 'DE'],
    ['garbage', 'hello', 'DE'],
  ])('rejects %s as invalid_number, not retryable, without consuming randomness', (_name, to, country) => {
    const a = createSimulatedNetwork({ seed: 9 });
    const b = createSimulatedNetwork({ seed: 9 });
    expect(a.send(request('sim-atlas', country, 'unknown', 'standard', to), QUIET).result).toMatchObject({
      status: 'rejected',
      errorClass: 'invalid_number',
      retryable: false,
    });
    const valid = request('sim-atlas', 'DE', '262-01', 'standard', '+4915112345678');
    expect(a.send(valid, QUIET).inboxAt).toBe(b.send(valid, QUIET).inboxAt);
  });

  it('rejects segments the provider does not cover as unreachable', () => {
    const net = createSimulatedNetwork({ seed: 1 });
    expect(net.send(request('sim-cobalt', 'US', '310-260', 'standard', '+12064123456'), QUIET).result).toEqual({
      status: 'rejected',
      errorClass: 'unreachable',
      retryable: false,
      detail: 'sim-cobalt has no standard route to US 310-260',
    });
    expect(net.send(request('sim-atlas', 'NG', '621-60', 'standard', '+2348091234567'), QUIET).result).toMatchObject({
      errorClass: 'unreachable',
    });
  });

  it('uses the operator of the number, not the operator the caller guessed', () => {
    const net = createSimulatedNetwork({ seed: 1 });
    // The caller believes MTN, but 0809 is 9mobile, which sim-atlas does not reach.
    expect(net.send(request('sim-atlas', 'NG', '621-30', 'standard', '+2348091234567'), QUIET).result).toMatchObject({
      errorClass: 'unreachable',
    });
  });

  it('charges the true price and lands the message before its receipt', () => {
    const net = createSimulatedNetwork({ seed: 4 });
    const random = mulberry32(4);
    for (let i = 0; i < 200; i++) {
      const at = QUIET + i * 500;
      const out = net.send(
        request('sim-borealis', 'MX', '334-020', 'standard', randomNumber('MX', '334-020', random)),
        at,
      );
      if (out.result.status !== 'accepted') continue;
      expect(out.result.cost).toBe(net.truth('sim-borealis', 'MX', '334-020', 'standard', at).price);
      if (out.inboxAt !== undefined) expect(out.inboxAt).toBeGreaterThan(at);
      if (out.inboxAt !== undefined && out.receipt) expect(out.receipt.at).toBeGreaterThanOrEqual(out.inboxAt);
    }
  });

  it('throws RangeError for a provider outside the world', () => {
    const net = createSimulatedNetwork({ seed: 1 });
    expect(() => net.send(request('sim-zeta', 'DE', '262-01', 'standard', '+4915112345678'), QUIET)).toThrow(
      RangeError,
    );
  });
});

describe('capacity', () => {
  const burst = (spacingMs: number) => {
    const net = createSimulatedNetwork({ seed: 3 });
    const random = mulberry32(3);
    return Array.from({ length: 1_000 }, (_, i) => {
      const at = QUIET + i * spacingMs;
      return {
        at,
        out: net.send(request('sim-ember', 'US', '311-480', 'standard', randomNumber('US', '311-480', random)), at),
      };
    });
  };

  it('delays and then silently drops a burst beyond capacity (20/s, 10 s queue)', () => {
    const sends = burst(0);
    const accepted = sends.filter((s) => s.out.result.status === 'accepted');
    const vanished = accepted.filter((s) => s.out.receipt === undefined && s.out.inboxAt === undefined);
    expect(accepted.length).toBeGreaterThan(980);
    // Only 10 s / 50 ms + 1 = 201 fit in the queue; nearly everything else vanishes.
    expect(vanished.length).toBeGreaterThan(accepted.length - 210);
    const landed = accepted.map((s) => s.out.inboxAt).filter((t): t is number => t !== undefined);
    expect(Math.max(...landed) - QUIET).toBeGreaterThan(9_000);
  });

  it('neither delays nor drops traffic below capacity', () => {
    const sends = burst(100);
    const accepted = sends.filter((s) => s.out.result.status === 'accepted');
    const landed = accepted.filter((s) => s.out.inboxAt !== undefined);
    expect(landed.length / accepted.length).toBeGreaterThan(0.95);
    expect(Math.max(...landed.map((s) => s.out.inboxAt! - s.at))).toBeLessThan(15_000);
  });
});

describe('incidents', () => {
  const de = (to = '+4915112345678') => request('sim-atlas', 'DE', '262-01', 'standard', to);

  it('injects and clears incidents, and truth follows', () => {
    const net = createSimulatedNetwork({ seed: 1 });
    const id = net.injectIncident({
      provider: 'sim-atlas',
      country: 'DE',
      start: QUIET,
      end: QUIET + 60_000,
      effect: { deliveryFactor: 0.5 },
    });
    expect(id).toBe('injected-1');
    expect(net.truth('sim-atlas', 'DE', '262-01', 'standard', QUIET).delivery).toBeCloseTo(0.475, 12);
    expect(() =>
      net.injectIncident({ id, provider: 'sim-atlas', country: 'DE', start: 0, end: 1, effect: {} }),
    ).toThrow('incident.id must be unique, "injected-1" exists');
    expect(() =>
      net.injectIncident({ provider: 'sim-atlas', country: 'DE', operator: '310-260', start: 0, end: 1, effect: {} }),
    ).toThrow(RangeError);
    expect(net.clearIncident(id)).toBe(true);
    expect(net.clearIncident(id)).toBe(false);
    expect(net.truth('sim-atlas', 'DE', '262-01', 'standard', QUIET).delivery).toBe(0.95);
  });

  it('a silent incident swallows messages inside its window only, and only for its provider x country', () => {
    const net = createSimulatedNetwork({ seed: 2 });
    net.injectIncident({
      id: 'outage',
      provider: 'sim-atlas',
      country: 'DE',
      start: QUIET,
      end: QUIET + 100_000,
      effect: { silent: true },
    });
    const inside = Array.from({ length: 50 }, (_, i) => net.send(de(), QUIET + i * 1_000));
    expect(
      inside.every((s) => s.result.status !== 'accepted' || (s.receipt === undefined && s.inboxAt === undefined)),
    ).toBe(true);
    expect(inside.filter((s) => s.result.status === 'accepted').length).toBeGreaterThan(45);
    const fr = Array.from({ length: 50 }, (_, i) =>
      net.send(request('sim-atlas', 'FR', '208-01', 'standard', '+33607123456'), QUIET + i * 1_000),
    );
    expect(fr.filter((s) => s.inboxAt !== undefined).length).toBeGreaterThan(40);
    const other = Array.from({ length: 50 }, (_, i) =>
      net.send(request('sim-borealis', 'DE', '262-01', 'standard', '+4915112345678'), QUIET + i * 1_000),
    );
    expect(other.filter((s) => s.inboxAt !== undefined).length).toBeGreaterThan(40);
    const after = Array.from({ length: 50 }, (_, i) => net.send(de(), QUIET + 100_000 + i * 1_000));
    expect(after.filter((s) => s.inboxAt !== undefined).length).toBeGreaterThan(40);
  });

  it('sends follow an incident injected or cleared after earlier sends to the same segment', () => {
    const net = createSimulatedNetwork({ seed: 3 });
    const accepted = (from: number) =>
      Array.from({ length: 20 }, (_, i) => net.send(de(), from + i * 1_000)).filter((s) => s.result.status === 'accepted').length;
    expect(accepted(QUIET)).toBeGreaterThan(15);
    const id = net.injectIncident({
      provider: 'sim-atlas',
      country: 'DE',
      start: QUIET,
      end: QUIET + 1_000_000,
      effect: { acceptanceFactor: 0 },
    });
    expect(accepted(QUIET + 30_000)).toBe(0);
    net.clearIncident(id);
    expect(accepted(QUIET + 60_000)).toBeGreaterThan(15);
  });

  it('a scheduled operator-level acceptance outage rejects only that operator', () => {
    const net = createSimulatedNetwork({ seed: 2 });
    net.injectIncident({
      provider: 'sim-atlas',
      country: 'DE',
      operator: '262-02',
      start: QUIET,
      end: QUIET + 10_000,
      effect: { acceptanceFactor: 0 },
    });
    expect(net.send(de('+4915201234567'), QUIET).result.status).toBe('rejected');
    expect(net.send(de('+4915201234567'), QUIET + 10_000).result.status).toBe('accepted');
    expect(net.send(de('+4915112345678'), QUIET).result.status).toBe('accepted');
  });
});
