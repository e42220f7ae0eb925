import { randomBytes } from 'node:crypto';
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { signWebhook } from '../../server/security/webhook-signature.js';

/**
 * How the fake provider answers `POST /messages`:
 * - `ok`: 200 `{ messageId, cost }`, then a signed `delivered` receipt;
 * - `hang`: reads the request and never answers (nothing sent);
 * - `accept_hang`: takes the message (it reaches the handset, receipt and all) and never answers;
 * - `5xx`: 503 with a JSON error body (nothing sent);
 * - `html`: 200 `text/html` (a proxy's error page);
 * - `truncated`: 200 `application/json` whose body is cut mid-object;
 * - `error200`: 200 carrying `{ error: { code: 'provider_error' } }`;
 * - `reset`: records the message as sent (and later posts its receipt), then resets the connection;
 * - `invalid_number`: 400 `{ error: { code: 'invalid_number' } }`.
 */
export const FAKE_MODES = [
  'ok',
  'hang',
  'accept_hang',
  '5xx',
  'html',
  'truncated',
  'error200',
  'reset',
  'invalid_number',
] as const;
export type FakeMode = (typeof FAKE_MODES)[number];

/** A message the fake provider took responsibility for (it would reach the handset). */
export interface FakeMessage {
  readonly messageId: string;
  readonly reference: string;
  readonly to: string;
  readonly body: string;
  readonly at: number;
}

export interface FakeProviderOptions {
  readonly id: string;
  readonly mode?: FakeMode;
  /** Delay before the delivery receipt is posted, ms; `null` posts none. Default 20. */
  readonly receiptDelayMs?: number | null;
  readonly cost?: number;
}

/**
 * A fault shared by several fake providers: the next `remaining` sends, whichever provider the
 * router picks, answer with `mode`; later sends use each provider's own mode. Lets a test fault
 * "the first provider tried" without knowing which one the policy will sample.
 */
export interface FaultPlan {
  mode: FakeMode;
  remaining: number;
}

export interface ReceiptOptions {
  readonly webhookId?: string;
  readonly status?: 'delivered' | 'failed';
  readonly occurredAt?: number;
  /** Override the signature header (wrong/short/non-base64 cases). */
  readonly signature?: string;
  /** Override the Unix-seconds timestamp header (replay cases). */
  readonly timestamp?: number;
  /** Send from this loopback address instead of the round robin over `sourceAddresses`. */
  readonly sourceAddress?: string;
}

const MAX_BODY = 64 * 1024;

/**
 * A fake SMS provider on loopback speaking the routewise HTTP wire format
 * (providers/README.md, "HTTP providers"), with switchable failure modes. It posts signed
 * Standard Webhooks receipts to `POST {target}/v1/receipts/{id}` once a target is set.
 */
export class FakeProvider {
  mode: FakeMode;
  receiptDelayMs: number | null;
  readonly messages: FakeMessage[] = [];
  /** Every `POST /messages` received, whatever the mode. */
  requests = 0;
  receiptsPosted = 0;
  plan?: FaultPlan;
  /** Epoch ms for receipt timestamps; a test with a moved server clock points this at it. */
  clock: () => number = Date.now;
  /** Delay before answering in `ok` mode, ms (a slow provider keeps requests in flight). */
  delayMs = 0;
  /**
   * Loopback source addresses receipts are sent from, round robin (e.g. 127.0.0.2-9, as a
   * provider's webhook fleet uses several IPs); empty: the default address.
   */
  sourceAddresses: readonly string[] = [];
  /** Called with each message taken, before the answer (a test can kill the server right there). */
  onMessage?: (m: FakeMessage) => void;
  /** Whether `GET /messages/{reference}` answers (a provider without a lookup API answers 404). */
  lookupEnabled = true;
  readonly receiptStatuses: number[] = [];
  #target?: { url: string; secret: string };
  readonly #sockets = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  #seq = 0;

  private constructor(
    readonly id: string,
    readonly url: string,
    private readonly server: Server,
    options: FakeProviderOptions,
    private readonly cost: number,
  ) {
    this.mode = options.mode ?? 'ok';
    this.receiptDelayMs = options.receiptDelayMs === undefined ? 20 : options.receiptDelayMs;
  }

  static async start(options: FakeProviderOptions): Promise<FakeProvider> {
    const holder: { provider?: FakeProvider } = {};
    const server = createServer((req, res) => holder.provider?.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    const provider = new FakeProvider(options.id, `http://127.0.0.1:${port}`, server, options, options.cost ?? 0.01);
    holder.provider = provider;
    server.on('connection', (s) => {
      provider.#sockets.add(s);
      s.on('close', () => provider.#sockets.delete(s));
    });
    return provider;
  }

  /** Where receipts go: the routewise server's base URL and this provider's signing secret. */
  setReceiptTarget(url: string, secret: string): void {
    this.#target = { url, secret };
  }

  /** The code in the latest message to `to` (6 digits), if any. */
  codeFor(to: string): string | undefined {
    const m = this.messages.filter((x) => x.to === to).at(-1);
    return m ? /(\d{6})/.exec(m.body)?.[1] : undefined;
  }

  /** Posts one signed receipt now; resolves with the HTTP status. */
  async postReceipt(messageId: string, options: ReceiptOptions = {}): Promise<number> {
    const target = this.#target;
    if (!target) throw new Error('no receipt target set');
    const body = JSON.stringify({
      providerMessageId: messageId,
      status: options.status ?? 'delivered',
      occurredAt: options.occurredAt ?? this.clock(),
    });
    const id = options.webhookId ?? `msg_${randomBytes(8).toString('hex')}`;
    const ts = options.timestamp ?? Math.floor(this.clock() / 1000);
    const localAddress =
      options.sourceAddress ?? this.sourceAddresses[this.receiptsPosted % Math.max(1, this.sourceAddresses.length)];
    this.receiptsPosted++;
    const status = await postJson(
      `${target.url}/v1/receipts/${this.id}`,
      body,
      {
        'webhook-id': id,
        'webhook-timestamp': String(ts),
        'webhook-signature': options.signature ?? signWebhook(target.secret, id, ts, body),
      },
      localAddress,
    );
    this.receiptStatuses.push(status);
    return status;
  }

  /** Stops listening, cuts every connection (hanging ones included) and cancels pending receipts. */
  async close(): Promise<void> {
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    for (const s of this.#sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => {
      if (req.method === 'GET' && req.url?.startsWith('/messages/'))
        return this.lookup(decodeURIComponent(req.url.slice('/messages/'.length)), res);
      if (req.method !== 'POST' || req.url !== '/messages') return json(res, 404, { error: { code: 'not_found' } });
      this.requests++;
      let payload: { reference?: unknown; to?: unknown; body?: unknown };
      try {
        payload = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      } catch {
        return json(res, 400, { error: { code: 'bad_request' } });
      }
      this.answer(payload, res);
    });
  }

  private answer(payload: { reference?: unknown; to?: unknown; body?: unknown }, res: ServerResponse): void {
    const accept = (): FakeMessage => {
      const m: FakeMessage = {
        messageId: `${this.id}-m${++this.#seq}`,
        reference: String(payload.reference),
        to: String(payload.to),
        body: String(payload.body),
        at: Date.now(),
      };
      this.messages.push(m);
      this.scheduleReceipt(m.messageId);
      this.onMessage?.(m);
      return m;
    };
    const plan = this.plan;
    const mode = plan && plan.remaining > 0 ? (plan.remaining--, plan.mode) : this.mode;
    switch (mode) {
      case 'ok': {
        const m = accept();
        const answer = () => json(res, 200, { messageId: m.messageId, cost: this.cost });
        if (this.delayMs <= 0) return answer();
        const t = setTimeout(() => {
          this.#timers.delete(t);
          answer();
        }, this.delayMs);
        return void this.#timers.add(t);
      }
      case 'hang':
        return;
      case 'accept_hang':
        return void accept();
      case '5xx':
        return json(res, 503, { error: { code: 'provider_error', message: 'upstream overloaded' } });
      case 'html':
        res.writeHead(200, { 'content-type': 'text/html' });
        return void res.end('<html><body><h1>502 Bad Gateway</h1></body></html>');
      case 'truncated':
        res.writeHead(200, { 'content-type': 'application/json' });
        return void res.end('{"messageId":"tr-1","co');
      case 'error200':
        return json(res, 200, { error: { code: 'provider_error', message: 'internal failure' } });
      case 'reset':
        accept();
        return void res.socket?.resetAndDestroy();
      case 'invalid_number':
        return json(res, 400, { error: { code: 'invalid_number', message: 'number does not exist' } });
    }
  }

  private lookup(reference: string, res: ServerResponse): void {
    const m = this.lookupEnabled ? this.messages.find((x) => x.reference === reference) : undefined;
    if (!m) return json(res, 404, { error: { code: 'not_found' } });
    json(res, 200, { messageId: m.messageId, cost: this.cost });
  }

  private scheduleReceipt(messageId: string): void {
    if (this.receiptDelayMs === null || !this.#target) return;
    const t = setTimeout(() => {
      this.#timers.delete(t);
      this.postReceipt(messageId).catch(() => undefined);
    }, this.receiptDelayMs);
    this.#timers.add(t);
  }
}

const agent = new Agent({ keepAlive: true });

/** POSTs JSON with node:http (which, unlike fetch, can pick the source address); resolves with the status. */
function postJson(url: string, body: string, headers: Record<string, string>, localAddress?: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers },
        ...(localAddress ? { localAddress } : {}),
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error('receipt post timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  res.end(text);
}
