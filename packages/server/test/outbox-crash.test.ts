import http from 'node:http';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createJobQueue, type JobQueue, MAINTENANCE_INTERVAL_SECONDS } from '../src/platform/jobs.js';
import { type ChannelMessage, recordingSmsProvider, type SmsProvider, webhookSmsProvider } from '../src/platform/message-channels.js';
import { createOutbox, DELIVERY_EXPIRE_SECONDS, LEASE_SECONDS, MAX_ATTEMPTS, MessageClaimedError } from '../src/platform/outbox.js';
import { type Client, createCustomer, createTestContext, type TestContext } from './harness.js';

// Issue 12 §11: messages survive a crash exactly once, and on time. A worker is "killed" after the
// gateway accepted a message and before the row was marked: it never answers again and never
// releases its jobs (as with kill -9). A new worker must resolve every message through pg-boss's own
// expiry and retry, handing the claimed one over again under the same idempotency key.
//
// The clock is the test's: it starts at 10:00 in Shanghai yesterday (so that, whatever the real date,
// every job is already due and within pg-boss's retention) and is moved by the test; nothing here
// asserts on wall-clock time. The killed worker's runs are made older than their expiry by moving their
// start back in pg-boss's table, as the passing of those seconds would.
const DAY0 = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
/** An instant (UTC) on DAY0 or a day after it. */
const at = (dayOffset: number, time: string) => new Date(new Date(`${DAY0}T${time}Z`).getTime() + dayOffset * 86_400_000);

const email = { send: async () => ({ ref: 'mail' }) };

/** A gateway that deduplicates on the idempotency key, as README says a gateway must. */
function fakeGateway() {
  const accepted = new Map<string, string>();
  const calls: string[] = [];
  const delivered: { key: string; to: string; body: string }[] = [];
  return {
    accepted,
    calls,
    delivered,
    accept(message: ChannelMessage): string {
      calls.push(message.idempotencyKey);
      if (!accepted.has(message.idempotencyKey)) {
        accepted.set(message.idempotencyKey, `gw-${accepted.size + 1}`);
        delivered.push({ key: message.idempotencyKey, to: message.to, body: message.body });
      }
      return accepted.get(message.idempotencyKey)!;
    },
  };
}
type Gateway = ReturnType<typeof fakeGateway>;

const healthy = (gateway: Gateway): SmsProvider => ({ name: 'fake', send: async (m) => ({ ref: gateway.accept(m) }) });

/** The gateway accepts the first message handed over, then the process "dies": the call never returns. */
function crashingAfterAccept(gateway: Gateway) {
  const frozen: (() => void)[] = [];
  const provider: SmsProvider = {
    name: 'crashing',
    send: (m) => {
      gateway.accept(m);
      return new Promise((_, reject) => frozen.push(() => reject(new Error('the process was killed'))));
    },
  };
  const release = () => {
    for (const reject of frozen.splice(0)) reject();
  };
  return { provider, release };
}

const until = async (check: () => boolean | Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await check()) && Date.now() < end) await new Promise((r) => setTimeout(r, 100));
  return check();
};

let ctx: TestContext;
let agent: Client;
/** Customers made up front, while the agent's login holds on the test clock. */
const consenting: { id: string; mobile: string }[] = [];
let refusing: { id: string; mobile: string };

beforeAll(async () => {
  ctx = await createTestContext({ now: at(0, '02:00:00').toISOString() });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
  for (let i = 0; i < 9; i++) consenting.push(await customer(true));
  refusing = await customer(false);
});
afterAll(() => ctx.close());

async function customer(sms: boolean) {
  const c = await createCustomer(agent, { name: '短信客户' });
  await ctx.db
    .updateTable('customers')
    .set({ consent: JSON.stringify({ sms, phone: true, email: false, wechat: false }) })
    .where('id', '=', c.id)
    .execute();
  return c as { id: string; mobile: string };
}

/** Queues one SMS per customer through an outbox on the app's queue (in one transaction, as a use-case would). */
async function enqueueFor(customers: { id: string; mobile: string }[], tag: string) {
  const outbox = createOutbox({ db: ctx.db, clock: ctx.clock, jobs: ctx.app.jobs.queue, sms: recordingSmsProvider, email });
  const ids: string[] = [];
  await ctx.db.transaction().execute(async (tx) => {
    for (const [n, c] of customers.entries()) {
      const queued = await outbox.enqueue(tx, {
        networkId: ctx.network.networkId,
        dealerId: ctx.network.dealerA,
        customerId: c.id,
        channel: 'sms',
        recipient: c.mobile,
        template: 'otp.code',
        locale: 'zh-CN',
        variables: { dealer: '甲店', code: String(100000 + n) },
        dedupeKey: `crash-test:${tag}:${n}`,
      });
      ids.push(queued!.messageId);
    }
  });
  return ids;
}

const rowsOf = (ids: string[]) =>
  ctx.db
    .selectFrom('outbox_messages')
    .select(['id', 'status', 'skip_reason', 'provider_ref', 'attempts', 'not_before', 'sent_at', 'lease_until'])
    .where('id', 'in', ids)
    .execute();

describe('a worker killed mid-delivery, on real pg-boss', () => {
  it('leaves no message sending: each ends sent or skipped with a reason, one SMS per message at the gateway, within the bound', async () => {
    const gateway = fakeGateway();
    const ids = await enqueueFor([...consenting.slice(0, 6), refusing], 'kill');
    const queuedAt = ctx.clock.now();

    // Worker A takes the whole batch, hands the first message to the gateway and dies there.
    const crash = crashingAfterAccept(gateway);
    const workerA: JobQueue = createJobQueue();
    workerA.register(...createOutbox({ db: ctx.db, clock: ctx.clock, jobs: workerA, sms: crash.provider, email }).jobs);
    await workerA.start(ctx.handle, { pollingIntervalSeconds: 0.5 });
    let workerB: JobQueue | null = null;
    try {
      expect(await until(() => gateway.calls.length === 1)).toBe(true);
      const claimed = (await rowsOf(ids)).filter((r) => r.status === 'sending');
      expect(claimed).toHaveLength(1);
      const firstRef = gateway.accepted.get(claimed[0]!.id);
      expect(firstRef).toBeDefined();
      // The killed worker's runs are still active in pg-boss, with the delivery's short expiry.
      const active = await sql<{
        n: number;
        expire: number;
      }>`select count(*)::int as n, max(extract(epoch from expire_in))::int as expire from pgboss.job where name = 'outbox.deliver' and state = 'active'`.execute(
        ctx.db,
      );
      expect(active.rows[0]).toEqual({ n: ids.length, expire: DELIVERY_EXPIRE_SECONDS });

      // Time passes: the lease and the runs' expiry run out. Worker B starts.
      ctx.clock.advance((LEASE_SECONDS + 1) * 1000);
      await sql`update pgboss.job set started_on = started_on - make_interval(secs => ${DELIVERY_EXPIRE_SECONDS + 1}) where name = 'outbox.deliver' and state = 'active'`.execute(
        ctx.db,
      );
      workerB = createJobQueue();
      workerB.register(...createOutbox({ db: ctx.db, clock: ctx.clock, jobs: workerB, sms: healthy(gateway), email }).jobs);
      await workerB.start(ctx.handle, { pollingIntervalSeconds: 0.5, maintenanceIntervalSeconds: 1 });
      const settled = await until(async () => (await rowsOf(ids)).every((r) => r.status !== 'pending' && r.status !== 'sending'));
      const rows = await rowsOf(ids);
      expect(settled, JSON.stringify(rows.map((r) => r.status))).toBe(true);

      // Every message ends sent, or skipped with a reason; none is left in between.
      for (const row of rows) {
        if (row.id === ids.at(-1)) expect(row).toMatchObject({ status: 'skipped', skip_reason: 'no_consent' });
        else expect(row).toMatchObject({ status: 'sent', lease_until: null });
      }
      // Exactly one SMS per message at the gateway; the claimed one was handed over again under its key
      // and keeps the gateway's first reference.
      expect(gateway.delivered.map((d) => d.key).sort()).toEqual(ids.slice(0, -1).sort());
      expect(gateway.calls.filter((k) => k === claimed[0]!.id)).toHaveLength(2);
      expect(rows.find((r) => r.id === claimed[0]!.id)).toMatchObject({ provider_ref: firstRef, attempts: 2 });
      for (const row of rows.filter((r) => r.status === 'sent')) expect(row.provider_ref).toBe(gateway.accepted.get(row.id));

      // On time: sent as soon as the lease passed, and the configuration bounds a crash's delay to about a minute
      // (expiry + maintenance + a poll + the first retry's backoff).
      for (const row of rows.filter((r) => r.status === 'sent'))
        expect(row.sent_at!.getTime() - queuedAt.getTime()).toBeLessThanOrEqual(60_000);
      expect(Math.max(DELIVERY_EXPIRE_SECONDS, LEASE_SECONDS) + MAINTENANCE_INTERVAL_SECONDS + 5 + 4).toBeLessThanOrEqual(60);
    } finally {
      await workerB?.stop();
      crash.release();
      await new Promise((r) => setTimeout(r, 200));
      await workerA.stop();
    }
  }, 180_000);
});

describe('a claim that outlived its worker, delivered by hand on the test clock', () => {
  it('waits for the end of quiet hours when the retry falls into them, then resends under the same key', async () => {
    ctx.clock.set(at(0, '12:59:50')); // 20:59:50 in Shanghai; quiet hours start at 21:00
    const gateway = fakeGateway();
    const [id] = await enqueueFor([consenting[6]!], 'quiet');
    const crash = crashingAfterAccept(gateway);
    const killed = createOutbox({ db: ctx.db, clock: ctx.clock, jobs: ctx.app.jobs.queue, sms: crash.provider, email });
    const dying = killed.deliver(id!).catch(() => 'released');
    expect(await until(() => gateway.calls.length === 1)).toBe(true);

    const next = createOutbox({ db: ctx.db, clock: ctx.clock, jobs: ctx.app.jobs.queue, sms: healthy(gateway), email });
    // While the lease holds, nobody else takes the message.
    await expect(next.deliver(id!)).rejects.toBeInstanceOf(MessageClaimedError);
    ctx.clock.advance((LEASE_SECONDS + 10) * 1000); // 21:00:30
    expect(await next.deliver(id!)).toBe('deferred');
    expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'pending', not_before: at(1, '00:00:00'), lease_until: null });
    expect(gateway.calls).toHaveLength(1);

    ctx.clock.set(at(1, '00:00:05')); // 08:00:05
    expect(await next.deliver(id!)).toBe('sent');
    expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'sent', provider_ref: 'gw-1' });
    expect(gateway.delivered).toHaveLength(1);

    crash.release();
    expect(await dying).toBe('released');
    expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'sent', provider_ref: 'gw-1' });
  });

  it('gives up after the gateway refused it MAX_ATTEMPTS times: failed with a reason, and the job completes', async () => {
    ctx.clock.set(at(1, '02:00:00'));
    const [id] = await enqueueFor([consenting[7]!], 'refused');
    const outbox = createOutbox({
      db: ctx.db,
      clock: ctx.clock,
      jobs: ctx.app.jobs.queue,
      sms: { name: 'down', send: async () => Promise.reject(new Error('gateway answered 503')) },
      email,
    });
    for (let n = 1; n < MAX_ATTEMPTS; n++) {
      await expect(outbox.deliver(id!)).rejects.toThrow('503');
      expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'pending', attempts: n });
    }
    expect(await outbox.deliver(id!)).toBe('failed');
    expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'failed', skip_reason: 'delivery_failed', attempts: MAX_ATTEMPTS });
  });

  it('queues a message again when its job was lost, once its claim has passed', async () => {
    ctx.clock.set(at(1, '03:00:00'));
    const [id] = await enqueueFor([consenting[8]!], 'lost');
    const outbox = createOutbox({ db: ctx.db, clock: ctx.clock, jobs: ctx.app.jobs.queue, sms: recordingSmsProvider, email });
    await ctx.db
      .updateTable('outbox_messages')
      .set({ status: 'sending', lease_until: at(1, '03:00:30') })
      .where('id', '=', id!)
      .execute();
    const jobs = async () =>
      Number(
        (
          await sql<{
            n: number;
          }>`select count(*)::int as n from pgboss.job j join outbox_messages m on m.id = ${id}
              where j.name = 'outbox.deliver' and j.data->>'messageId' = ${id} and j.data->>'dealerId' = m.dealer_id::text`.execute(ctx.db)
        ).rows[0]!.n,
      );
    const before = await jobs();
    expect(await outbox.sweep()).toBe(0); // the claim is fresh
    ctx.clock.advance(5 * 60_000);
    expect(await outbox.sweep()).toBeGreaterThanOrEqual(1);
    expect(await jobs()).toBe(before + 1);
    expect(await outbox.deliver(id!)).toBe('sent');
    expect((await rowsOf([id!]))[0]).toMatchObject({ status: 'sent', provider_ref: `recorded-${id}` });
  });
});

describe('the HTTP gateway', () => {
  it('sends the idempotency key as a header and in the body', async () => {
    const seen: { header: string | undefined; body: Record<string, unknown> }[] = [];
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        seen.push({ header: req.headers['idempotency-key'] as string | undefined, body: JSON.parse(raw) });
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: 'gw-http-1' }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const port = (server.address() as { port: number }).port;
      const provider = webhookSmsProvider(`http://127.0.0.1:${port}/sms`, undefined);
      expect(await provider.send({ to: '13900000000', body: '您好', idempotencyKey: 'msg-1' })).toEqual({ ref: 'gw-http-1' });
      expect(seen).toEqual([{ header: 'msg-1', body: { to: '13900000000', body: '您好', idempotencyKey: 'msg-1' } }]);
    } finally {
      server.close();
    }
  });
});
