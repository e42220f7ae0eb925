import { describe, expect, it } from 'vitest';
import { createSandboxInbox, type InboxMessage } from './sandbox-inbox.js';

const msg = (to: string, deliveredAt: number, attemptId = `a${deliveredAt}`): InboxMessage => ({
  to,
  body: `code for ${attemptId}`,
  provider: 'sim-atlas',
  attemptId,
  deliveredAt,
});

describe('createSandboxInbox', () => {
  it('lists only landed messages for the number, newest first, last recorded first on ties', () => {
    const inbox = createSandboxInbox();
    inbox.record(msg('+1', 300));
    inbox.record(msg('+1', 100));
    inbox.record(msg('+2', 50));
    inbox.record(msg('+1', 200, 'x'));
    inbox.record(msg('+1', 200, 'y'));
    expect(inbox.list('+1', 99)).toEqual([]);
    expect(inbox.list('+1', 250).map((m) => m.attemptId)).toEqual(['y', 'x', 'a100']);
    expect(inbox.list('+1', 300).map((m) => m.attemptId)).toEqual(['a300', 'y', 'x', 'a100']);
    expect(inbox.list('+3', 1_000)).toEqual([]);
    expect(inbox.size).toBe(5);
  });

  it('evicts the earliest-landing message of a number past its per-number cap', () => {
    const inbox = createSandboxInbox({ perNumberCapacity: 2 });
    inbox.record(msg('+1', 200));
    inbox.record(msg('+1', 100));
    inbox.record(msg('+1', 300));
    expect(inbox.list('+1', 1_000).map((m) => m.deliveredAt)).toEqual([300, 200]);
    expect(inbox.size).toBe(2);
  });

  it('evicts the oldest recorded message past the total cap', () => {
    const inbox = createSandboxInbox({ capacity: 3 });
    inbox.record(msg('+1', 10));
    inbox.record(msg('+2', 5));
    inbox.record(msg('+3', 30));
    inbox.record(msg('+4', 40));
    expect(inbox.list('+1', 1_000)).toEqual([]);
    expect(inbox.list('+2', 1_000)).toHaveLength(1);
    expect(inbox.size).toBe(3);
    inbox.clear();
    expect(inbox.size).toBe(0);
  });

  it('stores a copy, so later changes to the caller object do not leak in', () => {
    const inbox = createSandboxInbox();
    const m = { ...msg('+1', 1) };
    inbox.record(m);
    m.body = 'changed';
    expect(inbox.list('+1', 1)[0]!.body).toBe('code for a1');
  });

  it.each([
    [{ capacity: 0 }, 'capacity must be an integer >= 1, got 0'],
    [{ capacity: 1.5 }, 'capacity must be an integer >= 1, got 1.5'],
    [{ perNumberCapacity: -1 }, 'perNumberCapacity must be an integer >= 1, got -1'],
  ])('rejects %o with RangeError', (options, message) => {
    expect(() => createSandboxInbox(options)).toThrow(RangeError);
    expect(() => createSandboxInbox(options)).toThrow(message);
  });
});
