import type { ProviderId } from '../../engine/types.js';
import type { ProviderAdapter, ProviderReceipt, SendResult } from '../provider-adapter.js';
import type { SandboxInbox } from './sandbox-inbox.js';
import type { SimulatedNetwork } from './simulated-network.js';

export interface SimulatedAdapterOptions {
  readonly network: SimulatedNetwork;
  readonly inbox: SandboxInbox;
  /** Epoch ms now (the server's clock). */
  readonly clock: () => number;
  /** Called at the receipt's time with the normalised receipt (the server posts it to its webhook handler). */
  readonly onReceipt: (providerId: ProviderId, receipt: ProviderReceipt) => void;
  /** Runs `fn` at epoch ms `atMs` (setTimeout in the server, a fake in tests). */
  readonly schedule: (atMs: number, fn: () => void) => void;
  /** Providers to build adapters for; default every provider of the network's world. */
  readonly providers?: readonly ProviderId[];
}

const ABORTED: SendResult = Object.freeze({
  status: 'rejected',
  errorClass: 'timeout',
  retryable: true,
  detail: 'aborted before send',
});

/**
 * One {@link ProviderAdapter} per simulated provider, for the real-time server. Timer-free:
 * the network decides each message's fate at `clock()`, the landed message goes to the
 * inbox at once (it stays invisible until `deliveredAt`), and the receipt is handed to
 * `schedule` for its time. An already aborted `signal` resolves `timeout` without sending.
 * @throws RangeError for a provider id not in the network's world
 */
export function createSimulatedAdapters(options: SimulatedAdapterOptions): readonly ProviderAdapter[] {
  const { network, inbox, clock, onReceipt, schedule } = options;
  const known = network.world.providers.map((p) => p.id);
  const ids = options.providers ?? known;
  for (const id of ids) {
    if (!known.includes(id)) throw new RangeError(`providers must be among ${known.join(', ')}, got "${id}"`);
  }
  return ids.map((id) => ({
    id,
    send(req, signal) {
      if (signal?.aborted) return Promise.resolve(ABORTED);
      const out = network.send({ ...req, provider: id }, clock());
      const { result, receipt, inboxAt } = out;
      if (result.status === 'accepted') {
        if (inboxAt !== undefined) {
          inbox.record({ to: req.to, body: req.body, provider: id, attemptId: req.attemptId, deliveredAt: inboxAt });
        }
        if (receipt) {
          const normalised: ProviderReceipt = {
            providerMessageId: result.providerMessageId,
            status: receipt.status,
            at: receipt.at,
            ...(receipt.errorClass ? { errorClass: receipt.errorClass } : {}),
          };
          schedule(receipt.at, () => onReceipt(id, normalised));
        }
      }
      return Promise.resolve(result);
    },
  }));
}
