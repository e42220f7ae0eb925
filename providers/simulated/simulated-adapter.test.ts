import { describe, expect, it } from 'vitest';
import type { ProviderReceipt } from '../provider-adapter.js';
import { createSandboxInbox } from './sandbox-inbox.js';
import { createSimulatedAdapters } from './simulated-adapter.js';
import { createSimulatedNetwork } from './simulated-network.js';

const NOW = Date.UTC(2024, 0, 15, 3, 0);

function setup(seed = 42) {
  const timers: { at: number; fn: () => void }[] = [];
  const receipts: [string, ProviderReceipt][] = [];
  const inbox = createSandboxInbox();
  const network = createSimulatedNetwork({ seed });
  const adapters = createSimulatedAdapters({
    network,
    inbox,
    clock: () => NOW,
    onReceipt: (id, r) => receipts.push([id, r]),
    schedule: (at, fn) => timers.push({ at, fn }),
  });
  return { timers, receipts, inbox, network, adapters };
}

const req = {
  attemptId: 'att-1',
  to: '+4915112345678',
  country: 'DE',
  operator: '262-01',
  routeClass: 'premium',
  body: 'Your code is 424242',
} as const;

describe('createSimulatedAdapters', () => {
  it('builds one adapter per provider of the world', () => {
    expect(setup().adapters.map((a) => a.id)).toEqual([
      'sim-atlas',
      'sim-borealis',
      'sim-cobalt',
      'sim-dynamo',
      'sim-ember',
    ]);
  });

  it('answers like the network, fills the inbox and schedules the receipt at its time', async () => {
    const { timers, receipts, inbox, adapters } = setup();
    const expected = createSimulatedNetwork({ seed: 42 }).send({ ...req, provider: 'sim-atlas' }, NOW);
    const result = await adapters[0]!.send(req);
    expect(result).toEqual(expected.result);
    expect(timers.map((t) => t.at)).toEqual([expected.receipt!.at]);
    expect(receipts).toEqual([]);
    expect(inbox.list(req.to, expected.inboxAt! - 1)).toEqual([]);
    expect(inbox.list(req.to, expected.inboxAt!)).toEqual([
      { to: req.to, body: req.body, provider: 'sim-atlas', attemptId: 'att-1', deliveredAt: expected.inboxAt },
    ]);
    timers[0]!.fn();
    expect(receipts).toEqual([
      ['sim-atlas', { providerMessageId: 'sim-atlas-00000001', status: 'delivered', at: expected.receipt!.at }],
    ]);
  });

  it('schedules nothing for a rejected message', async () => {
    const { timers, inbox, adapters } = setup();
    const result = await adapters[3]!.send(req); // sim-dynamo sells no premium route in DE
    expect(result).toMatchObject({ status: 'rejected', errorClass: 'unreachable' });
    expect(timers).toEqual([]);
    expect(inbox.size).toBe(0);
  });

  it('resolves an aborted send as a retryable timeout without touching the network', async () => {
    const { timers, adapters } = setup();
    const controller = new AbortController();
    controller.abort();
    expect(await adapters[0]!.send(req, controller.signal)).toMatchObject({
      status: 'rejected',
      errorClass: 'timeout',
      retryable: true,
    });
    expect(timers).toEqual([]);
    expect(await adapters[0]!.send(req)).toMatchObject({ providerMessageId: 'sim-atlas-00000001' });
  });

  it('throws RangeError for a provider outside the world', () => {
    const network = createSimulatedNetwork({ seed: 1 });
    const base = {
      network,
      inbox: createSandboxInbox(),
      clock: () => 0,
      onReceipt: () => undefined,
      schedule: () => undefined,
    };
    expect(() => createSimulatedAdapters({ ...base, providers: ['sim-zeta'] })).toThrow(RangeError);
    expect(createSimulatedAdapters({ ...base, providers: ['sim-ember'] }).map((a) => a.id)).toEqual(['sim-ember']);
  });
});
