import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The customer log (客户日志, domain.md §9, issue 12 point 3): one customer's visit and repair
// order, a kept and a missed appointment, a care call, a complaint, a survey and a blocked message,
// all made through the API and the use-cases, then read back as the 360 page's history, and who
// may see what. Friday 2026-11-20 10:00 in Shanghai.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
let ctx: TestContext;
let sa: Client;
let agent: Client;
let cashier: Client;
let carMaker: Client;
let dealerB: Client;
let customerId: string;
let vehicleId: string;
let vin: string;
const made: Record<string, string> = {};

type Entry = {
  kind: string;
  id: string;
  at: string;
  dealer: { id: string; name: string } | null;
  vehicle: { id: string; plate: string } | null;
} & Record<string, unknown>;
const history = async (client: Client, query = '') => {
  const response = await client.get(`/api/v1/customers/${customerId}/history${query}`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json() as { items: Entry[]; nextCursor: string | null };
};
const jobs = () =>
  (
    ctx.app as unknown as {
      jobs: {
        appointmentJobs: { noShowCheck: { run: (d: unknown) => Promise<void> } };
        outbox: { deliver: (id: string) => Promise<string> };
      };
    }
  ).jobs;

async function book(startsAt: string) {
  const response = await agent.post('/api/v1/appointments', {
    vehicleId,
    startsAt,
    durationMinutes: 60,
    requestedWork: [{ kind: 'maintenance', description: '常规保养' }],
    channel: 'phone',
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string; number: string; startsAt: string };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z', config: { sessionTtlHours: 24 * 30 } });
  for (let i = 0; i < 5; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  cashier = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
  carMaker = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  dealerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });

  const customer = await createCustomer(sa, { name: '日志客户', consent: { sms: true, phone: true, email: false, wechat: false } });
  customerId = customer.id;
  const vehicle = await createVehicle(sa, customerId, { modelId: ctx.network.modelId });
  vehicleId = vehicle.id;
  vin = vehicle.vin;

  // A missed appointment: booked for 08:30 on Monday, nobody came (the no-show timer fires).
  const missed = await book('2026-11-23T08:30:00+08:00');
  await jobs().appointmentJobs.noShowCheck.run({ dealerId: ctx.network.dealerA, appointmentId: missed.id, startsAt: missed.startsAt });
  made.missed = missed.id;

  // A kept appointment: booked for 10:30 today, the car checked in from it at 10:00; its order is
  // worked, invoiced, paid and delivered.
  const kept = await book('2026-11-20T10:30:00+08:00');
  made.kept = kept.id;
  const visit = await sa.post('/api/v1/visits', { appointmentId: kept.id });
  expect(visit.statusCode, visit.body).toBe(201);
  made.visit = visit.json().id;
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: made.visit,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      odometerKm: 19_000,
      lines: [
        { kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'customer' },
        { kind: 'labour', description: '免费检查', hours: 0.5, payType: 'goodwill' },
      ],
    })
  ).json();
  made.ro = ro.id;
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  expect(ro.status).toBe('ready');
  const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
  made.invoiceTotal = String(invoice.totalFen);
  expect(
    (await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'alipay', amountFen: invoice.amountDueFen })).statusCode,
  ).toBe(201);
  const current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
  const delivered = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
    version: current.version,
    checklist: { workExplained: true, oldPartsShown: true, carClean: true },
  });
  expect(delivered.statusCode, delivered.body).toBe(200);

  // What the delivery sets off: the post-service call and the survey SMS.
  const event = {
    dealerId: ctx.network.dealerA,
    visitId: made.visit!,
    repairOrderId: ro.id as string,
    customerId,
    vehicleId,
    deliveredAt: ctx.clock.now().toISOString(),
  };
  await ctx.app.services.followUp.onVisitDelivered(event);
  await ctx.app.services.csi.onVisitDelivered(event);

  // The survey, answered from the customer's phone: every item at 7.
  const sms = await ctx.db
    .selectFrom('outbox_messages')
    .select('body')
    .where('dedupe_key', '=', `survey:${ro.id}`)
    .executeTakeFirstOrThrow();
  const token = /\/survey\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(sms.body)![1]!;
  const survey = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` })).json();
  const answers: Record<string, unknown> = {};
  for (const q of survey.definition.questions) if (q.kind === 'scale') answers[q.id] = 7;
  ctx.clock.advance(3 * 3_600_000); // 13:00
  const submitted = await ctx.app.inject({
    method: 'POST',
    url: `/api/v1/public/surveys/${token}`,
    payload: { answers },
    remoteAddress: '203.0.113.9',
  });
  expect(submitted.statusCode, submitted.body).toBe(200);

  // The care call, reached, with notes.
  ctx.clock.advance(3_600_000); // 14:00
  const task = await ctx.db
    .selectFrom('follow_up_tasks')
    .selectAll()
    .where('customer_id', '=', customerId)
    .where('rule', '=', 'post_service')
    .executeTakeFirstOrThrow();
  made.task = task.id;
  const call = await agent.post(`/api/v1/follow-up/tasks/${task.id}/attempts`, {
    version: task.version,
    result: 'reached',
    satisfaction: 'satisfied',
    notes: '客户对刹车维修满意',
  });
  expect(call.statusCode, call.body).toBe(201);

  // A complaint at the desk.
  ctx.clock.advance(3_600_000); // 15:00
  const complaint = await sa.post('/api/v1/complaints', {
    customerId,
    vehicleId,
    channel: 'in_person',
    customerWords: '交车时车内没有清洁',
    category: 'service_attitude',
  });
  expect(complaint.statusCode, complaint.body).toBe(201);
  made.complaint = complaint.json().id;

  // The customer withdraws SMS consent; the next booking's confirmation is not sent.
  ctx.clock.advance(3_600_000); // 16:00
  const fresh = (await sa.get(`/api/v1/customers/${customerId}`)).json();
  expect(
    (
      await sa.patch(`/api/v1/customers/${customerId}`, {
        version: fresh.version,
        consent: { sms: false, phone: true, email: false, wechat: false },
      })
    ).statusCode,
  ).toBe(200);
  const later = await book('2026-11-27T09:00:00+08:00');
  made.later = later.id;
  const confirmation = await ctx.db
    .selectFrom('outbox_messages')
    .select('id')
    .where('dedupe_key', '=', `appointment:${later.id}:booked`)
    .executeTakeFirstOrThrow();
  made.blocked = confirmation.id;
  expect(await jobs().outbox.deliver(confirmation.id)).toBe('skipped');
});
afterAll(() => ctx?.close());

describe('the customer log', () => {
  it('lists every visit, appointment, call, complaint, survey and message of the customer, newest first, with what each says', async () => {
    const { items, nextCursor } = await history(sa, '?limit=100');
    expect(nextCursor).toBeNull();
    const times = items.map((e) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    const byId = (id: string) => items.find((e) => e.id === id);

    expect(byId(made.visit!)).toMatchObject({
      kind: 'visit',
      dealer: { id: ctx.network.dealerA, name: '甲店' },
      vehicle: { id: vehicleId },
      repairOrder: {
        id: made.ro,
        status: 'delivered',
        kmIn: 19_000,
        concerns: '刹车异响',
        work: ['更换前刹车片', '免费检查'],
        totalFen: Number(made.invoiceTotal),
      },
      serviceAdvisor: { id: sa.user.id },
    });
    expect(Number(made.invoiceTotal)).toBeGreaterThan(0);
    expect(byId(made.kept!)).toMatchObject({
      kind: 'appointment',
      outcome: 'kept',
      status: 'arrived',
      startsAt: '2026-11-20T02:30:00.000Z',
    });
    expect(byId(made.missed!)).toMatchObject({ kind: 'appointment', outcome: 'no_show', status: 'no_show' });
    expect(byId(made.later!)).toMatchObject({ kind: 'appointment', outcome: 'booked' });
    expect(items.find((e) => e.kind === 'call')).toMatchObject({
      taskId: made.task,
      rule: 'post_service',
      outcome: 'reached',
      satisfaction: 'satisfied',
      notes: '客户对刹车维修满意',
      agent: { id: agent.user.id },
    });
    expect(byId(made.complaint!)).toMatchObject({
      kind: 'complaint',
      status: expect.any(String),
      category: 'service_attitude',
      channel: 'in_person',
      number: expect.any(String),
    });
    expect(items.find((e) => e.kind === 'survey')).toMatchObject({ csi: 100, low: false, source: 'link', repairOrderId: made.ro });
    expect(byId(made.blocked!)).toMatchObject({
      kind: 'message',
      template: 'appointment.booked',
      channel: 'sms',
      status: 'skipped',
      skipReason: 'no_consent',
      sentAt: null,
    });
    const survey = items.find((e) => e.kind === 'message' && e.template === 'survey.invitation');
    expect(survey).toMatchObject({ status: 'pending' });
    // The message text (with its survey link) never leaves through the history.
    expect(JSON.stringify(items)).not.toContain('/survey/');
  });

  it('filters by kind', async () => {
    const calls = await history(sa, '?kinds=call,complaint');
    expect(new Set(calls.items.map((e) => e.kind))).toEqual(new Set(['call', 'complaint']));
    const appointments = await history(sa, '?kinds=appointment');
    expect(appointments.items.map((e) => e.id).sort()).toEqual([made.kept, made.missed, made.later].sort());
    const bad = await sa.get(`/api/v1/customers/${customerId}/history?kinds=visit,gossip`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('kinds');
  });

  it('pages with a cursor without losing or repeating an entry', async () => {
    const all = (await history(sa, '?limit=100')).items.map((e) => e.id);
    expect(all.length).toBeGreaterThanOrEqual(8);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = await history(sa, `?limit=3${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((e) => e.id));
      cursor = page.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(seen).toEqual(all);
    const bad = await sa.get(`/api/v1/customers/${customerId}/history?cursor=bm90LWEtY3Vyc29y`);
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('cursor');
  });

  it('offers the dealer’s open care calls to those who make calls', async () => {
    // The post-service call is done; a call still to make shows up.
    expect((await agent.get(`/api/v1/customers/${customerId}/open-calls`)).json().items).toEqual([]);
    await ctx.db
      .insertInto('follow_up_tasks')
      .values({
        dealer_id: ctx.network.dealerA,
        id: '019a0000-0000-7000-8000-0000000000c1',
        rule: 'birthday',
        period_key: '2026',
        customer_id: customerId,
        vehicle_id: null,
        anchor_on: '2026-11-22',
        due_from: '2026-11-20',
        due_until: '2026-11-22',
        owner_id: agent.user.id,
        created_at: ctx.clock.now(),
      })
      .execute();
    expect((await agent.get(`/api/v1/customers/${customerId}/open-calls`)).json().items).toEqual([
      { id: '019a0000-0000-7000-8000-0000000000c1', rule: 'birthday', dueFrom: '2026-11-20', dueUntil: '2026-11-22' },
    ]);
    expect((await carMaker.get(`/api/v1/customers/${customerId}/open-calls`)).json().items).toEqual([]);
  });
});

describe('who sees which history', () => {
  it('answers 404 to a dealer with no relationship with the customer, for the history and the open calls', async () => {
    expect((await dealerB.get(`/api/v1/customers/${customerId}/history`)).statusCode).toBe(404);
    expect((await dealerB.get(`/api/v1/customers/${customerId}/open-calls`)).statusCode).toBe(404);
  });

  it('shows a second dealer only its own entries, the first dealer not the second’s, and the car maker all with dealer names', async () => {
    // The car comes to dealer B, which looks it up by VIN and registers a complaint.
    expect((await dealerB.post('/api/v1/vehicles/lookup', { vin })).statusCode).toBe(200);
    const complaintB = await dealerB.post('/api/v1/complaints', {
      customerId,
      vehicleId,
      channel: 'phone',
      customerWords: '在甲店修过的刹车还是响',
      category: 'repair_quality',
    });
    expect(complaintB.statusCode, complaintB.body).toBe(201);

    const seenByB = (await history(dealerB, '?limit=100')).items;
    expect(seenByB.map((e) => e.id)).toEqual([complaintB.json().id]);
    expect(seenByB[0]!.dealer).toEqual({ id: ctx.network.dealerB, name: '乙店' });

    const seenByA = (await history(sa, '?limit=100')).items;
    expect(seenByA.some((e) => e.id === complaintB.json().id)).toBe(false);
    expect(seenByA.every((e) => e.dealer?.id === ctx.network.dealerA)).toBe(true);

    const seenByCarMaker = (await history(carMaker, '?limit=100')).items;
    expect(seenByCarMaker.map((e) => e.id).sort()).toEqual([...seenByA.map((e) => e.id), complaintB.json().id].sort());
    expect(seenByCarMaker.find((e) => e.id === complaintB.json().id)!.dealer).toEqual({ id: ctx.network.dealerB, name: '乙店' });
    expect(seenByCarMaker.find((e) => e.id === made.visit)!.dealer).toEqual({ id: ctx.network.dealerA, name: '甲店' });
  });
});
