import crypto from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WEBHOOK_EVENT_TYPES, webhookEventSchemaFor } from '@servicebay/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../src/app.js';
import { DEFAULT_CSI_TEMPLATE } from '../src/modules/csi/csi.template.js';
import { DISABLE_AFTER_FAILURES, SWEEP_AFTER_MS, SWEEP_EVERY_MS, WEBHOOK_LEASE_MS } from '../src/modules/webhooks/webhooks.rules.js';
import { createWebhookSender, fetchPost } from '../src/modules/webhooks/webhooks.sender.js';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext, testConfig } from './harness.js';

// Issue 18 §3: other systems hear every change. A real receiver in this process records what it is
// sent and checks the signature; the delivery jobs are run by hand on the test clock (Friday
// 2026-11-20 10:00 in Shanghai; bookings are for Monday).

type Received = { path: string; event: string; eventId: string; signature: string; body: string; valid: boolean };

function receiver() {
  const received: Received[] = [];
  const secrets = new Map<string, string>();
  let status = 200;
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      const path = req.url ?? '/';
      const signature = String(req.headers['servicebay-signature'] ?? '');
      const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(signature);
      const secret = secrets.get(path) ?? '';
      const expected = match ? crypto.createHmac('sha256', secret).update(`${match[1]}.${body}`).digest('hex') : '';
      received.push({
        path,
        event: String(req.headers['servicebay-event']),
        eventId: String(req.headers['servicebay-event-id']),
        signature,
        body,
        valid: !!match && match[2] === expected,
      });
      res.writeHead(path.startsWith('/down') ? 500 : status).end('ok');
    });
  });
  return {
    received,
    secrets,
    setStatus: (s: number) => (status = s),
    listen: () =>
      new Promise<string>((resolve) =>
        server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)),
      ),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

let ctx: TestContext;
let admin: Client;
let agent: Client;
let adminB: Client;
let base: string;
const rx = receiver();
const MONDAY = (hhmm: string) => `2026-11-23T${hhmm}:00+08:00`;

async function subscribe(client: Client, path: string, events: string[]) {
  const r = await client.post('/api/v1/webhooks', { url: `${base}${path}`, events });
  expect(r.statusCode, r.body).toBe(201);
  rx.secrets.set(path, r.json().secret);
  return r.json() as { id: string; secret: string };
}

async function book(startsAt: string) {
  const customer = await createCustomer(agent, { name: `钩子${Math.floor(Math.random() * 1e6)}` });
  const vehicle = await createVehicle(agent, customer.id);
  const r = await agent.post('/api/v1/appointments', {
    vehicleId: vehicle.id,
    startsAt,
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '保养' }],
    channel: 'phone',
  });
  expect(r.statusCode, r.body).toBe(201);
  return r.json() as { id: string; version: number };
}

/** Runs every due delivery job (as the worker would) until none is left to run now. */
async function drain(deliver = (dealerId: string, id: string) => ctx.app.jobs.webhooks.deliver(dealerId, id)) {
  for (let round = 0; round < 20; round++) {
    const due = await ctx.db
      .selectFrom('webhook_deliveries')
      .select(['dealer_id', 'id'])
      .where('status', 'in', ['pending', 'failed'])
      .where('next_attempt_at', '<=', ctx.clock.now())
      .orderBy('seq')
      .execute();
    const outcomes = [];
    for (const d of due) outcomes.push(await deliver(d.dealer_id, d.id));
    if (!outcomes.some((o) => o === 'delivered' || o === 'failed' || o === 'gave_up')) return;
  }
}

const deliveriesOf = (subscriptionId: string) =>
  ctx.db.selectFrom('webhook_deliveries').selectAll().where('subscription_id', '=', subscriptionId).orderBy('seq').execute();

beforeAll(async () => {
  base = await rx.listen();
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  for (let i = 0; i < 5; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
  admin = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['dealer_admin'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
  adminB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['dealer_admin'] });
});

afterAll(async () => {
  await ctx?.close();
  await rx.close();
});

describe('webhook subscriptions', () => {
  it('creates a subscription, shows its secret once, and refuses bad input naming the field', async () => {
    const created = await subscribe(admin, '/crud', ['appointment.booked']);
    expect(created.secret).toMatch(/^whsec_[0-9a-f]{48}$/);
    const list = (await admin.get('/api/v1/webhooks')).json();
    const listed = list.items.find((w: { id: string }) => w.id === created.id);
    expect(listed).toMatchObject({ url: `${base}/crud`, events: ['appointment.booked'], active: true });
    expect(JSON.stringify(list)).not.toContain(created.secret);

    const before = await ctx.db.selectFrom('webhook_subscriptions').select('id').execute();
    for (const [payload, field] of [
      [{ url: 'ftp://example.com/hook', events: ['appointment.booked'] }, 'url'],
      [{ url: `https://example.com/${'x'.repeat(500)}`, events: ['appointment.booked'] }, 'url'],
      [{ url: 'https://example.com/hook', events: ['appointment.exploded'] }, 'events'],
      [{ url: 'https://example.com/hook', events: [] }, 'events'],
    ] as const) {
      const r = await admin.post('/api/v1/webhooks', payload);
      expect(r.statusCode).toBe(400);
      expect(r.headers['content-type']).toContain('application/problem+json');
      expect(JSON.stringify(r.json().errors)).toContain(field);
    }
    expect(await ctx.db.selectFrom('webhook_subscriptions').select('id').execute()).toHaveLength(before.length);

    // Not the agent's to manage.
    expect((await agent.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await ctx.app.inject({ method: 'DELETE', url: `/api/v1/webhooks/${created.id}` })).statusCode).toBe(401);
  });

  it('describes the event payload in the OpenAPI document', async () => {
    const doc = (await ctx.app.inject({ method: 'GET', url: '/api/docs/json' })).json();
    const text = JSON.stringify(doc);
    expect(text).toContain('/api/v1/webhooks/{id}/deliveries');
    expect(text).toContain('ServiceBay-Signature');
    // Each event type's body, with its own data, under OpenAPI's `webhooks`.
    expect(Object.keys(doc.webhooks).sort()).toEqual([...WEBHOOK_EVENT_TYPES].sort());
    const decided = doc.webhooks['claim.decided'].post.requestBody.content['application/json'].schema;
    expect(decided.properties.data.properties.status.enum).toEqual(['approved', 'rejected', 'returned']);
  });
});

describe('delivery', () => {
  it('delivers booked and cancelled once each, in order, signed, with the event id', async () => {
    const sub = await subscribe(admin, '/ok', ['appointment.booked', 'appointment.cancelled']);
    const appointment = await book(MONDAY('09:00'));
    const cancelled = await agent.post(`/api/v1/appointments/${appointment.id}/cancel`, {
      version: appointment.version,
      reason: '客户改期',
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);

    const rows = await deliveriesOf(sub.id);
    expect(rows.map((d) => d.event_type)).toEqual(['appointment.booked', 'appointment.cancelled']);
    // Each delivery's job was queued in the transaction of the change.
    for (const d of rows) {
      const { rows: jobs } = await sql<{
        n: number;
      }>`select count(*)::int as n from pgboss.job where name = 'webhook.deliver' and data->>'deliveryId' = ${d.id}`.execute(ctx.db);
      expect(jobs[0]!.n).toBe(1);
    }

    await drain();
    const got = rx.received.filter((r) => r.path === '/ok');
    expect(got.map((r) => r.event)).toEqual(['appointment.booked', 'appointment.cancelled']);
    expect(got.every((r) => r.valid)).toBe(true);
    expect(got.map((r) => r.eventId)).toEqual(rows.map((d) => d.event_id));
    const body = JSON.parse(got[0]!.body);
    expect(body).toMatchObject({
      id: rows[0]!.event_id,
      type: 'appointment.booked',
      occurredAt: '2026-11-20T02:00:00.000Z',
      dealer: { id: ctx.network.dealerA, code: 'A01' },
      data: { appointmentId: appointment.id },
    });
    const log = (await admin.get(`/api/v1/webhooks/${sub.id}/deliveries`)).json();
    expect(log.items.map((d: { status: string; attempts: number }) => [d.status, d.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 1],
    ]);
  });

  it('retries a failing receiver with backoff, holds the later event of the record, and delivers when it recovers', async () => {
    const sub = await subscribe(admin, '/flaky', ['appointment.booked', 'appointment.cancelled']);
    rx.setStatus(500);
    const appointment = await book(MONDAY('10:00'));
    await drain();
    let [booked] = await deliveriesOf(sub.id);
    expect(booked).toMatchObject({ status: 'failed', attempts: 1, last_status_code: 500 });
    expect(booked!.next_attempt_at.getTime() - ctx.clock.now().getTime()).toBe(60_000);

    // The cancellation comes while the booking is failing: it waits behind it.
    await agent.post(`/api/v1/appointments/${appointment.id}/cancel`, { version: appointment.version, reason: '客户改期' });
    await drain();
    expect(rx.received.filter((r) => r.path === '/flaky').map((r) => r.event)).toEqual(['appointment.booked']);

    ctx.clock.advance(60_000);
    await drain();
    [booked] = await deliveriesOf(sub.id);
    expect(booked).toMatchObject({ status: 'failed', attempts: 2 });
    expect(booked!.next_attempt_at.getTime() - ctx.clock.now().getTime()).toBe(120_000);

    rx.setStatus(200);
    ctx.clock.advance(60_000);
    await drain(); // not due yet
    expect((await deliveriesOf(sub.id))[0]!.attempts).toBe(2);
    ctx.clock.advance(60_000);
    await drain();
    const rows = await deliveriesOf(sub.id);
    expect(rows.map((d) => [d.event_type, d.status])).toEqual([
      ['appointment.booked', 'delivered'],
      ['appointment.cancelled', 'delivered'],
    ]);
    const got = rx.received.filter((r) => r.path === '/flaky');
    expect(got.map((r) => r.event)).toEqual(['appointment.booked', 'appointment.booked', 'appointment.booked', 'appointment.cancelled']);
    expect(new Set(got.map((r) => r.eventId)).size).toBe(2);
    expect(got.every((r) => r.valid)).toBe(true);
    await admin.post(`/api/v1/webhooks/${sub.id}/ping`);
  });

  it('loses nothing and delivers once when the sender is killed mid-delivery and a new app takes over', async () => {
    const sub = await subscribe(admin, '/crash', ['appointment.booked']);
    await book(MONDAY('11:00'));
    const [row] = await deliveriesOf(sub.id);

    // A sender whose process dies after the receiver got the POST: its call never returns.
    const dying = createWebhookSender({
      db: ctx.db,
      clock: ctx.clock,
      jobs: ctx.app.jobs.queue,
      post: async (url, request) => {
        await fetchPost(url, request);
        return new Promise(() => {});
      },
    });
    void dying.deliver(row!.dealer_id, row!.id);
    await expect.poll(() => rx.received.filter((r) => r.path === '/crash').length).toBe(1);

    // A new app on the same database: while the dead worker's claim holds, the job waits (and is retried).
    const restarted = await buildApp({ handle: ctx.handle, clock: ctx.clock, logger: false, work: false, config: testConfig() });
    try {
      await expect(restarted.jobs.webhooks.deliver(row!.dealer_id, row!.id)).rejects.toThrow(/being sent/);
      ctx.clock.advance(WEBHOOK_LEASE_MS + 1000);
      await drain((dealerId, id) => restarted.jobs.webhooks.deliver(dealerId, id));
    } finally {
      await restarted.close();
    }
    const got = rx.received.filter((r) => r.path === '/crash');
    expect(got.length).toBeGreaterThanOrEqual(1);
    expect(new Set(got.map((r) => r.eventId))).toEqual(new Set([row!.event_id]));
    expect(got.every((r) => r.valid)).toBe(true);
    const rows = await deliveriesOf(sub.id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: 'delivered', attempts: 2 });
    // Run again: nothing more is sent.
    await drain();
    expect(rx.received.filter((r) => r.path === '/crash')).toHaveLength(got.length);
  });

  it('disables a subscription after repeated failures', async () => {
    const sub = await subscribe(admin, '/down', ['appointment.booked']);
    for (let i = 0; i < DISABLE_AFTER_FAILURES; i++) {
      const ping = await admin.post(`/api/v1/webhooks/${sub.id}/ping`);
      expect(ping.statusCode, ping.body).toBe(200);
      expect(ping.json()).toMatchObject({
        delivered: false,
        delivery: { status: 'failed', lastStatusCode: 500, eventType: 'webhook.ping' },
      });
    }
    const listed = (await admin.get('/api/v1/webhooks')).json().items.find((w: { id: string }) => w.id === sub.id);
    expect(listed).toMatchObject({ active: false, consecutiveFailures: DISABLE_AFTER_FAILURES });
    expect(listed.disabledAt).toBe(ctx.clock.now().toISOString());
    // A disabled subscription hears nothing more.
    await book(MONDAY('14:00'));
    expect((await deliveriesOf(sub.id)).filter((d) => d.event_type === 'appointment.booked')).toHaveLength(0);
  });

  it('pings a healthy receiver at once, and replays a delivery with the same event id', async () => {
    const sub = await subscribe(admin, '/ping', ['appointment.booked']);
    const ping = await admin.post(`/api/v1/webhooks/${sub.id}/ping`);
    expect(ping.json()).toMatchObject({ delivered: true, delivery: { status: 'delivered', lastStatusCode: 200 } });
    const eventId = ping.json().delivery.eventId;
    const replay = await admin.post(`/api/v1/webhook-deliveries/${ping.json().delivery.id}/replay`);
    expect(replay.statusCode, replay.body).toBe(200);
    expect(replay.json()).toMatchObject({ status: 'pending', attempts: 0 });
    await drain();
    const got = rx.received.filter((r) => r.path === '/ping');
    expect(got.map((r) => r.eventId)).toEqual([eventId, eventId]);
  });
});

const APPOINTMENT_QUESTIONS = ['ease_of_booking', 'flexible_times', 'greeted_on_time'];
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

describe('the sweep', () => {
  const jobsOf = async (deliveryId: string) =>
    (
      await sql<{
        n: number;
      }>`select count(*)::int as n from pgboss.job where name = 'webhook.deliver' and data->>'deliveryId' = ${deliveryId}`.execute(ctx.db)
    ).rows[0]!.n;

  it('queues again a delivery whose job was lost, only once it is long overdue, and the queued job delivers it', async () => {
    const sub = await subscribe(admin, '/lost', ['appointment.booked']);
    await book(MONDAY('12:00'));
    const [row] = await deliveriesOf(sub.id);
    // The queue is wiped: the delivery's job is gone.
    await sql`delete from pgboss.job where name = 'webhook.deliver' and data->>'deliveryId' = ${row!.id}`.execute(ctx.db);
    expect(await jobsOf(row!.id)).toBe(0);

    // Not yet long overdue: left alone.
    ctx.clock.advance(SWEEP_AFTER_MS - 60_000);
    await ctx.app.jobs.webhooks.sweep();
    expect(await jobsOf(row!.id)).toBe(0);

    ctx.clock.advance(2 * 60_000);
    await ctx.app.jobs.webhooks.sweep();
    await ctx.app.jobs.webhooks.sweep(); // twice in the same slot: one job
    expect(await jobsOf(row!.id)).toBe(1);
    const [job] = (
      await sql<{
        data: { dealerId: string; deliveryId: string };
      }>`select data from pgboss.job where name = 'webhook.deliver' and data->>'deliveryId' = ${row!.id}`.execute(ctx.db)
    ).rows;
    expect(await ctx.app.jobs.webhooks.deliver(job!.data.dealerId, job!.data.deliveryId)).toBe('delivered');
    expect(rx.received.filter((r) => r.path === '/lost').map((r) => r.eventId)).toEqual([row!.event_id]);

    // Settled: the next sweep leaves it alone.
    ctx.clock.advance(SWEEP_AFTER_MS * 2);
    await ctx.app.jobs.webhooks.sweep();
    expect(await jobsOf(row!.id)).toBe(1);
  });

  it('runs on a schedule: each sweep queues the next one at the next slot, once', async () => {
    await ctx.app.jobs.webhooks.scheduleSweep();
    await ctx.app.jobs.webhooks.scheduleSweep();
    const next = (Math.floor(ctx.clock.now().getTime() / SWEEP_EVERY_MS) + 1) * SWEEP_EVERY_MS;
    const { rows } = await sql<{
      start_after: Date;
    }>`select start_after from pgboss.job where name = 'webhook.sweep' and data->>'at' = ${new Date(next).toISOString()}`.execute(ctx.db);
    expect(rows).toHaveLength(1);
    expect(new Date(rows[0]!.start_after).getTime()).toBe(next);
  });
});

describe('the event catalogue', () => {
  it('delivers each event of the catalogue, in the transaction of its change, with its documented data', async () => {
    const sub = await subscribe(admin, '/all', [...WEBHOOK_EVENT_TYPES]);
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor', 'warranty_clerk'] });
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const relations = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
    const reviewer = await ctx.loginAs({ dealerId: null, roles: ['oem_warranty_reviewer'] });
    const received = () => rx.received.filter((r) => r.path === '/all').map((r) => JSON.parse(r.body));
    const lastOf = (type: string) =>
      received()
        .filter((e: { type: string }) => e.type === type)
        .at(-1);

    // appointment.changed: rescheduled by the agent, then given an advisor.
    const appointment = await book(MONDAY('15:00'));
    const moved = await agent.post(`/api/v1/appointments/${appointment.id}/reschedule`, {
      version: appointment.version,
      startsAt: MONDAY('16:00'),
    });
    expect(moved.statusCode, moved.body).toBe(200);
    await drain();
    expect(lastOf('appointment.changed')?.data).toEqual({
      appointmentId: appointment.id,
      change: 'rescheduled',
      startsAt: new Date(MONDAY('16:00')).toISOString(),
      previousStartsAt: new Date(MONDAY('15:00')).toISOString(),
      assignedAdvisorId: null,
    });

    // visit.checked_in (a walk-in), repair_order.authorised and .completed (ready after the quality check).
    const customer = await createCustomer(sa, { name: '事件客户' });
    const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId, deliveredOn: '2026-10-01' });
    const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    await drain();
    expect(lastOf('visit.checked_in')?.data).toEqual({
      visitId: visit.id,
      appointmentId: null,
      customerId: customer.id,
      vehicleId: vehicle.id,
      advisorId: sa.user.id,
      arrivedAt: ctx.clock.now().toISOString(),
    });
    let ro = (
      await sa.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '刹车异响',
        promisedAt: '2026-11-20T17:00:00+08:00',
        odometerKm: 3000,
        lines: [{ kind: 'labour', description: '检查刹车', hours: 1, payType: 'warranty' }],
      })
    ).json();
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
    expect(ro.status).toBe('authorised');
    await drain();
    expect(lastOf('repair_order.authorised')?.data).toMatchObject({
      repairOrderId: ro.id,
      number: ro.number,
      visitId: visit.id,
      status: 'authorised',
      authorisedAt: ctx.clock.now().toISOString(),
    });
    for (const to of ['in_progress', 'quality_check'])
      ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
    await drain();
    expect(lastOf('repair_order.completed')).toBeUndefined();
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to: 'ready' })).json();
    expect(ro.status).toBe('ready');
    await drain();
    expect(lastOf('repair_order.completed')?.data).toMatchObject({ repairOrderId: ro.id, status: 'ready', reworkCount: 0 });

    // claim.submitted and claim.decided (a return, then an approval).
    const policy = await reviewer.post('/api/v1/warranty/policies', {
      modelId: ctx.network.modelId,
      effectiveFrom: '2020-01-01',
      terms: {
        vehicle: [{ useType: 'private', months: 24, km: 60_000 }],
        components: [],
        fittedPartsMonths: 12,
        firstMaintenance: { months: 6, km: 5_000 },
      },
    });
    expect(policy.statusCode, policy.body).toBe(201);
    const checked = await sa.post(`/api/v1/repair-orders/${ro.id}/warranty-checks`, {
      term: 'vehicle',
      customerWords: '踩刹车有异响',
      technicianChecks: '刹车卡钳异响',
    });
    expect(checked.json(), checked.body).toMatchObject({ eligible: true });
    let claim = (
      await sa.post('/api/v1/warranty/claims', {
        repairOrderId: ro.id,
        kind: 'warranty',
        failureCode: 'noise',
        causeCode: 'material_defect',
      })
    ).json();
    claim = (await sa.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen })).json();
    expect(claim.status).toBe('submitted');
    claim = (await reviewer.post(`/api/v1/warranty/claims/${claim.id}/return`, { version: claim.version, note: '请补充照片' })).json();
    claim = (await sa.post(`/api/v1/warranty/claims/${claim.id}/submit`, { version: claim.version, claimedFen: claim.claimedFen })).json();
    claim = (await reviewer.post(`/api/v1/warranty/claims/${claim.id}/approve`, { version: claim.version })).json();
    expect(claim.status).toBe('approved');
    await drain();
    const claimEvents = received().filter((e) => e.data.claimId === claim.id);
    expect(claimEvents.map((e) => [e.type, e.data.status, e.data.resubmitted ?? null])).toEqual([
      ['claim.submitted', 'submitted', false],
      ['claim.decided', 'returned', null],
      ['claim.submitted', 'submitted', true],
      ['claim.decided', 'approved', null],
    ]);
    expect(claimEvents[3]!.data).toMatchObject({ number: claim.number, claimedFen: claim.claimedFen, approvedFen: claim.claimedFen });

    // complaint.escalated: marked escalated by the manager.
    const opened = await sa.post('/api/v1/complaints', {
      customerId: customer.id,
      vehicleId: vehicle.id,
      channel: 'in_person',
      customerWords: '刹车还是响',
      category: 'repair_quality',
    });
    expect(opened.statusCode, opened.body).toBe(201);
    const complaint = opened.json();
    const escalated = await manager.patch(`/api/v1/complaints/${complaint.id}`, {
      version: complaint.version,
      severity: 'escalated',
      escalatedTo: 'media',
    });
    expect(escalated.statusCode, escalated.body).toBe(200);
    await drain();
    expect(lastOf('complaint.escalated')?.data).toEqual({
      complaintId: complaint.id,
      number: complaint.number,
      reason: 'severity',
      level: 'handler',
      escalatedTo: 'media',
      missedStep: null,
    });

    // survey.answered: recorded on a follow-up call for a delivered order.
    const visitId = newId();
    const roId = newId();
    const now = ctx.clock.now();
    await ctx.db
      .insertInto('visits')
      .values({
        created_at: now,
        dealer_id: ctx.network.dealerA,
        id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        arrived_at: now,
        greeted_at: now,
        status: 'closed',
      })
      .execute();
    await ctx.db
      .insertInto('repair_orders')
      .values({
        created_at: now,
        dealer_id: ctx.network.dealerA,
        id: roId,
        number: `RO-T-${roId.slice(-6)}`,
        visit_id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        sa_id: sa.user.id,
        concerns: '保养',
        promised_at: now,
        status: 'delivered',
        delivered_at: now,
      })
      .execute();
    // A walk-in: the appointment questions are not asked.
    const answers: Record<string, unknown> = {};
    for (const q of DEFAULT_CSI_TEMPLATE.questions) if (q.kind === 'scale' && !APPOINTMENT_QUESTIONS.includes(q.id)) answers[q.id] = 7;
    const answered = await relations.post('/api/v1/surveys/call', { repairOrderId: roId, answers });
    expect(answered.statusCode, answered.body).toBe(201);
    await drain();
    expect(lastOf('survey.answered')?.data).toMatchObject({
      repairOrderId: roId,
      customerId: customer.id,
      source: 'call',
      low: false,
      complaintId: null,
    });

    // Every event type of the catalogue but the booking's neighbours came, signed, and matches its documented schema.
    const all = received();
    expect(rx.received.filter((r) => r.path === '/all').every((r) => r.valid)).toBe(true);
    for (const e of all) expect(webhookEventSchemaFor(e.type).safeParse(e).error).toBeUndefined();
    const types = new Set(all.map((e) => e.type));
    for (const type of [
      'appointment.changed',
      'visit.checked_in',
      'repair_order.authorised',
      'repair_order.completed',
      'complaint.escalated',
      'survey.answered',
      'claim.submitted',
      'claim.decided',
    ])
      expect(types).toContain(type);
    expect((await deliveriesOf(sub.id)).every((d) => d.status === 'delivered')).toBe(true);
    // No customer's name or mobile travels in these events.
    expect(JSON.stringify(all)).not.toContain('事件客户');
  });

  it('sends nothing when the change is refused', async () => {
    const sub = await subscribe(admin, '/refused', ['appointment.changed']);
    const appointment = await book(MONDAY('17:00'));
    const stale = await agent.post(`/api/v1/appointments/${appointment.id}/reschedule`, {
      version: appointment.version + 5,
      startsAt: MONDAY('16:30'),
    });
    expect(stale.statusCode).toBe(409);
    expect(await deliveriesOf(sub.id)).toHaveLength(0);
  });
});

describe("the car maker's subscriptions", () => {
  it('hears the events of every dealer of the network, logs each under its dealer, pings and replays', async () => {
    const oemAdmin = await ctx.loginAs({ dealerId: null, roles: ['oem_admin'] });
    const sub = await subscribe(oemAdmin, '/network', ['appointment.booked', 'visit.checked_in']);
    expect((await oemAdmin.get('/api/v1/webhooks')).json().items.map((w: { id: string }) => w.id)).toEqual([sub.id]);
    // Not a dealer's: neither dealer's admin lists it.
    expect((await admin.get('/api/v1/webhooks')).json().items.map((w: { id: string }) => w.id)).not.toContain(sub.id);

    // A booking at dealer A, a walk-in at dealer B.
    await book(MONDAY('08:30'));
    const saB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const customerB = await createCustomer(saB, { name: '乙店钩子' });
    const vehicleB = await createVehicle(saB, customerB.id);
    expect((await saB.post('/api/v1/visits', { vehicleId: vehicleB.id })).statusCode).toBe(201);
    await drain();

    const rows = await ctx.db
      .selectFrom('webhook_deliveries')
      .selectAll()
      .where('network_subscription_id', '=', sub.id)
      .orderBy('seq')
      .execute();
    expect(rows.map((d) => [d.dealer_id, d.subscription_id, d.status])).toEqual([
      [ctx.network.dealerA, null, 'delivered'],
      [ctx.network.dealerB, null, 'delivered'],
    ]);
    const got = rx.received.filter((r) => r.path === '/network');
    expect(got.every((r) => r.valid)).toBe(true);
    expect(got.map((r) => JSON.parse(r.body).dealer.code)).toEqual(['A01', 'B01']);

    const log = (await oemAdmin.get(`/api/v1/webhooks/${sub.id}/deliveries`)).json().items;
    expect(log.map((d: { payload: { dealer: { code: string } } }) => d.payload.dealer.code)).toEqual(['B01', 'A01']);
    // A dealer's admin sees neither the network's log nor its deliveries at the dealer.
    expect((await admin.get(`/api/v1/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/webhook-deliveries/${rows[0]!.id}/replay`)).statusCode).toBe(404);
    expect((await admin.post(`/api/v1/webhooks/${sub.id}/ping`)).statusCode).toBe(404);
    expect((await admin.delete(`/api/v1/webhooks/${sub.id}`)).statusCode).toBe(404);

    const ping = await oemAdmin.post(`/api/v1/webhooks/${sub.id}/ping`);
    expect(ping.statusCode, ping.body).toBe(200);
    expect(ping.json()).toMatchObject({ delivered: true, delivery: { subscriptionId: sub.id, eventType: 'webhook.ping' } });
    const replay = await oemAdmin.post(`/api/v1/webhook-deliveries/${rows[1]!.id}/replay`);
    expect(replay.statusCode, replay.body).toBe(200);
    await drain();
    const again = rx.received.filter((r) => r.path === '/network' && r.eventId === rows[1]!.event_id);
    expect(again).toHaveLength(2);

    // The car maker's analyst does not manage webhooks.
    const analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    expect((await analyst.get('/api/v1/webhooks')).statusCode).toBe(403);
    expect((await oemAdmin.delete(`/api/v1/webhooks/${sub.id}`)).statusCode).toBe(204);
    expect((await oemAdmin.get('/api/v1/webhooks')).json().items).toEqual([]);
  });
});

describe('isolation', () => {
  it("another dealer cannot see, replay, ping or delete this dealer's webhooks", async () => {
    const sub = await subscribe(admin, '/mine', ['appointment.booked']);
    const ping = (await admin.post(`/api/v1/webhooks/${sub.id}/ping`)).json();
    expect((await adminB.get('/api/v1/webhooks')).json().items).toEqual([]);
    expect((await adminB.get(`/api/v1/webhooks/${sub.id}/deliveries`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/webhooks/${sub.id}/ping`)).statusCode).toBe(404);
    expect((await adminB.post(`/api/v1/webhook-deliveries/${ping.delivery.id}/replay`)).statusCode).toBe(404);
    const del = await adminB.delete(`/api/v1/webhooks/${sub.id}`);
    expect(del.statusCode).toBe(404);
    const mine = await admin.delete(`/api/v1/webhooks/${sub.id}`);
    expect(mine.statusCode).toBe(204);
    expect((await admin.get('/api/v1/webhooks')).json().items.some((w: { id: string }) => w.id === sub.id)).toBe(false);
  });
});
