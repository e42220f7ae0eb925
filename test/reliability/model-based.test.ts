import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeProvider } from './fake-provider.js';
import { ApiClient, idOf, mobileNumber } from './harness/api-client.js';
import { startClockedApp, type ClockedApp } from './harness/clocked-app.js';
import { checkInvariants } from './harness/db-invariants.js';

/** The rules, as an in-memory model (issue 3 "Behaviour that must hold"). */
const RULES = {
  maxChecks: 5,
  phoneFailureLimit: 10,
  phoneLockMs: 24 * 3_600_000,
  idempotencyTtlMs: 24 * 3_600_000,
  perPhonePer10Min: 5,
  windowMs: 5 * 60_000,
} as const;
const PHONES = 2;

type Status = 'pending' | 'approved' | 'expired' | 'max_attempts_reached' | 'failed';
interface ModelVerification {
  readonly id: string;
  readonly phone: number;
  status: Status;
  checks: number;
  code: string;
  messageId: string;
  idempotencyKey: string;
  readonly createdAt: number;
}
interface Model {
  now: number;
  readonly verifications: ModelVerification[];
  readonly failures: number[];
  /** Time of each phone's last failure: its count lapses `phoneLockMs` later. */
  readonly lastFailure: number[];
  /** Successful creates per phone (times), kept in memory by the server: a restart forgets them. */
  creates: number[][];
}
interface Real {
  readonly app: ClockedApp;
  readonly fake: FakeProvider;
  readonly base: number;
  api(): ApiClient;
}

const phoneOf = (real: Real, p: number) => mobileNumber(real.base + p);
/** The index-th most recent verification (commands mostly hit the last few, so limits are reached). */
const pick = (m: Model, index: number) =>
  m.verifications[m.verifications.length - 1 - (index % m.verifications.length)] as ModelVerification;
/** How many commands of each kind ran, to show the run reached every rule. */
const ran = new Map<string, number>();
const count = (name: string) => ran.set(name, (ran.get(name) ?? 0) + 1);
/** The phone's failure count, 0 once its last failure is a lock period old. */
const failuresOf = (m: Readonly<Model>, phone: number) =>
  m.now - (m.lastFailure[phone] ?? 0) >= RULES.phoneLockMs ? 0 : (m.failures[phone] ?? 0);
const wrong = (code: string) => String((Number(code) + 1) % 1_000_000).padStart(6, '0');

class CreateCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly phone: number) {}
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    const key = `idem-${r.base}-${m.verifications.length}-${this.phone}`;
    const res = await r.api().create(phoneOf(r, this.phone), {}, { 'idempotency-key': key });
    const recent = m.creates[this.phone]?.filter((t) => t > m.now - 10 * 60_000) ?? [];
    if (failuresOf(m, this.phone) >= RULES.phoneFailureLimit) {
      expect([res.status, (res.body as { code: string }).code]).toEqual([429, 'phone_locked']);
    } else if (recent.length >= RULES.perPhonePer10Min) {
      expect([res.status, (res.body as { code: string }).code]).toEqual([429, 'rate_limited']);
    } else {
      const id = idOf(res);
      const msg = r.fake.messages.at(-1);
      expect(msg?.to).toBe(phoneOf(r, this.phone));
      m.creates[this.phone] = [...recent, m.now];
      const code = /(\d{6})/.exec(msg?.body ?? '')?.[1] as string;
      m.verifications.push({
        id,
        phone: this.phone,
        status: 'pending',
        checks: 0,
        code,
        messageId: msg?.messageId as string,
        idempotencyKey: key,
        createdAt: m.now,
      });
    }
  }
  toString = () => `create(${this.phone})`;
}

class ResendCommand implements fc.AsyncCommand<Model, Real> {
  constructor(readonly index: number) {}
  /** Only while the key is kept (24 h): after that the same key is a new create. */
  check = (m: Readonly<Model>) =>
    m.verifications.length > 0 && m.now - pick(m, this.index).createdAt < RULES.idempotencyTtlMs;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    const v = pick(m, this.index);
    const sends = r.fake.requests;
    const res = await r.api().create(phoneOf(r, v.phone), {}, { 'idempotency-key': v.idempotencyKey });
    expect([res.status, idOf(res), res.headers.get('idempotent-replayed')]).toEqual([201, v.id, 'true']);
    expect(r.fake.requests).toBe(sends);
  }
  toString = () => `resend(${this.index})`;
}

class CheckCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly index: number,
    readonly right: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.verifications.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    const v = pick(m, this.index);
    const res = await r.api().check(v.id, this.right ? v.code : wrong(v.code));
    let expected: string;
    const failures = failuresOf(m, v.phone);
    if (v.status === 'approved') expected = 'approved';
    else if (v.status === 'max_attempts_reached' || failures >= RULES.phoneFailureLimit)
      expected = 'max_attempts_reached';
    else if (v.status !== 'pending') expected = this.right && v.status === 'expired' ? 'expired' : 'pending';
    else if (this.right) {
      v.status = 'approved';
      m.failures[v.phone] = 0;
      expected = 'approved';
    } else {
      m.failures[v.phone] = failures + 1;
      m.lastFailure[v.phone] = m.now;
      v.checks++;
      if (v.checks >= RULES.maxChecks) v.status = 'max_attempts_reached';
      expected = v.status === 'max_attempts_reached' ? 'max_attempts_reached' : 'pending';
    }
    expect(res.body).toEqual({ id: v.id, status: expected });
  }
  toString = () => `check(${this.index}, ${this.right ? 'right' : 'wrong'})`;
}

class ReceiptCommand implements fc.AsyncCommand<Model, Real> {
  constructor(
    readonly index: number,
    readonly delivered: boolean,
    readonly duplicate: boolean,
  ) {}
  check = (m: Readonly<Model>) => m.verifications.length > 0;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    const v = pick(m, this.index);
    const webhookId = `wh-${v.id}-${this.delivered ? 'd' : 'f'}`;
    const status = await r.fake.postReceipt(v.messageId, {
      status: this.delivered ? 'delivered' : 'failed',
      webhookId,
    });
    if (this.duplicate)
      expect(
        await r.fake.postReceipt(v.messageId, { status: this.delivered ? 'delivered' : 'failed', webhookId }),
      ).toBe(200);
    expect(status).toBe(200);
    // One provider: an undelivered only attempt leaves nothing to route to, so the verification fails.
    const attempt = (await r.api().get(v.id)).body as { attempts: { status: string }[] };
    if (v.status === 'pending' && !this.delivered && attempt.attempts[0]?.status === 'undelivered') v.status = 'failed';
  }
  toString = () =>
    `receipt(${this.index}, ${this.delivered ? 'delivered' : 'failed'}${this.duplicate ? ', twice' : ''})`;
}

class ExpireCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    r.app.advance(RULES.windowMs + 1);
    m.now += RULES.windowMs + 1;
    r.app.tick();
    for (const v of m.verifications) if (v.status === 'pending') v.status = 'expired';
  }
  toString = () => 'expire';
}

/** A day passes: windows expire, and so do phone locks whose last failure was a day ago. */
class DayCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    r.app.advance(RULES.phoneLockMs);
    m.now += RULES.phoneLockMs;
    r.app.tick();
    for (const v of m.verifications) if (v.status === 'pending') v.status = 'expired';
  }
  toString = () => 'day';
}

class RestartCommand implements fc.AsyncCommand<Model, Real> {
  check = () => true;
  async run(m: Model, r: Real): Promise<void> {
    count(this.constructor.name);
    await r.app.restart();
    // Rate-limit counters are in memory (server/verification/abuse-limits.ts); failure counts are stored.
    m.creates = Array.from({ length: PHONES }, () => []);
    const views = await Promise.all(
      m.verifications.map(async (v) => ((await r.api().get(v.id)).body as { status: string }).status),
    );
    expect(views).toEqual(m.verifications.map((v) => v.status));
  }
  toString = () => 'restart';
}

const create = fc.integer({ min: 0, max: PHONES - 1 }).map((p) => new CreateCommand(p));
const wrongCheck = fc.nat({ max: 1 }).map((i) => new CheckCommand(i, false));
/** Weighted by repetition (fc.commands picks uniformly): enough checks per verification to reach the limits. */
const commands = [
  create,
  create,
  fc.nat({ max: 3 }).map((i) => new ResendCommand(i)),
  fc.tuple(fc.nat({ max: 2 }), fc.boolean()).map(([i, right]) => new CheckCommand(i, right)),
  wrongCheck,
  wrongCheck,
  wrongCheck,
  wrongCheck,
  fc.tuple(fc.nat({ max: 3 }), fc.boolean(), fc.boolean()).map(([i, d, dup]) => new ReceiptCommand(i, d, dup)),
  fc.constant(new ExpireCommand()),
  fc.constant(new DayCommand()),
  fc.constant(new RestartCommand()),
];

let fake: FakeProvider;
beforeAll(async () => {
  fake = await FakeProvider.start({ id: 'fake-a', receiptDelayMs: null });
});
afterAll(() => fake?.close());

describe('model-based: create, check, resend, receipt, expire, a day passing, restart against the rules', () => {
  it('the server agrees with the model after every command, and the database stays sound', async () => {
    let run = 0;
    let executed = 0;
    await fc.assert(
      fc.asyncProperty(fc.commands(commands, { maxCommands: 40, size: 'max' }), async (cmds) => {
        const app = await startClockedApp({ fakes: [fake] });
        const real: Real = { app, fake, base: 1_000_000 * ++run, api: () => new ApiClient(app.url) };
        const model: Model = {
          now: app.now(),
          verifications: [],
          failures: Array(PHONES).fill(0),
          lastFailure: Array(PHONES).fill(0),
          creates: Array.from({ length: PHONES }, () => []),
        };
        try {
          await fc.asyncModelRun(() => ({ model, real }), cmds);
          executed += [...cmds].length;
          expect(checkInvariants(app.files.dbPath).violations).toEqual([]);
        } finally {
          await app.stop();
        }
      }),
      { numRuns: 40, seed: 424242 },
    );
    process.stdout.write(
      `model-based: 40 runs, ${executed} commands generated, ran ${JSON.stringify(Object.fromEntries(ran))}\n`,
    );
    expect(ran.get('CheckCommand') ?? 0).toBeGreaterThan(100);
  }, 60_000);
});
