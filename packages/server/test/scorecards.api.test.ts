import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Staff scorecards over a hand-made October 2026 at dealer A; every figure below is counted by hand
// from the rows inserted here. The test clock stands at 2026-11-20 10:00 in Shanghai.

let ctx: TestContext;
let sa: Client;
let otherSa: Client;
let tech: Client;
let agent: Client;
let manager: Client;
let desk: Client;
let managerB: Client;
let analyst: Client;
let cashierA: Client;
const OCT = 'period=2026-10';
const at = (iso: string) => new Date(iso);

type Card = {
  userId: string;
  role: string;
  score: number | null;
  weightWithData: number;
  parts: { metric: string; value: number | null; target: number; weight: number; points: number | null }[];
};
const part = (card: Card, metric: string) => card.parts.find((p) => p.metric === metric)!;
const cardsOf = async (client: Client, url: string) => {
  const response = await client.get(url);
  expect(response.statusCode, response.body).toBe(200);
  return response.json().items as Card[];
};

beforeAll(async () => {
  ctx = await createTestContext();
  const { db, network } = ctx;
  const { dealerA, dealerB } = network;
  sa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  otherSa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  tech = await ctx.loginAs({ dealerId: dealerA, roles: ['technician'] });
  agent = await ctx.loginAs({ dealerId: dealerA, roles: ['appointment_agent'] });
  manager = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  desk = await ctx.loginAs({ dealerId: dealerA, roles: ['front_desk_supervisor'] });
  cashierA = await ctx.loginAs({ dealerId: dealerA, roles: ['cashier'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  await buildUser(db, network, { dealerId: dealerB, roles: ['service_advisor'] });

  const customer = await createCustomer(manager);
  const vehicle = await createVehicle(manager, customer.id);

  // Two visits of the advisor in October: the first greeted in a minute, delivered on time and paid
  // (¥500); the second delivered late, its bill (¥120) still open, and it failed a quality check.
  const orders = [
    { arrived: '2026-10-08T01:00:00Z', promised: '2026-10-08T06:00:00Z', delivered: '2026-10-08T05:00:00Z', rework: 0, hours: 2 },
    { arrived: '2026-10-15T01:00:00Z', promised: '2026-10-15T06:00:00Z', delivered: '2026-10-15T08:00:00Z', rework: 1, hours: 1 },
  ];
  const roIds: string[] = [];
  for (const [i, o] of orders.entries()) {
    const visitId = newId();
    await db
      .insertInto('visits')
      .values({
        dealer_id: dealerA,
        id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        sa_id: sa.user.id,
        arrived_at: at(o.arrived),
        greeted_at: new Date(Date.parse(o.arrived) + 60_000),
        status: 'closed',
        created_at: at(o.arrived),
      })
      .execute();
    const roId = newId();
    roIds.push(roId);
    await db
      .insertInto('repair_orders')
      .values({
        dealer_id: dealerA,
        id: roId,
        number: `RO-${i}`,
        visit_id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        sa_id: sa.user.id,
        concerns: '—',
        promised_at: at(o.promised),
        status: 'delivered',
        rework_count: o.rework,
        delivered_at: at(o.delivered),
        created_at: at(o.arrived),
        updated_at: at(o.delivered),
      })
      .execute();
    // The technician finished the order's labour line: flat-rate hours sold.
    await db
      .insertInto('ro_lines')
      .values({
        dealer_id: dealerA,
        id: newId(),
        repair_order_id: roId,
        position: 0,
        kind: 'labour',
        description: '保养',
        pay_type: 'customer',
        hours: o.hours,
        hourly_rate_fen: 10000,
        finished_at: at(o.delivered),
        finished_by: tech.user.id,
        created_at: at(o.arrived),
      })
      .execute();
  }
  const invoice = (roId: string, number: string, netFen: number, readyAt: string, paidAt: string | null) =>
    db
      .insertInto('invoices')
      .values({
        dealer_id: dealerA,
        id: newId(),
        number,
        repair_order_id: roId,
        totals: JSON.stringify({ byPayType: { customer: { netFen } } }),
        total_fen: netFen,
        customer_payable_fen: netFen,
        ready_to_pay_at: at(readyAt),
        paid_at: paidAt ? at(paidAt) : null,
        created_at: at(readyAt),
      })
      .execute();
  await invoice(roIds[0]!, 'INV-0', 50000, '2026-10-08T04:00:00Z', '2026-10-08T04:10:00Z');
  await invoice(roIds[1]!, 'INV-1', 12000, '2026-10-15T07:00:00Z', null);

  // 2.5 hours clocked by the technician in October (and one hour in September, not counted).
  for (const [start, end] of [
    ['2026-10-08T01:30:00Z', '2026-10-08T03:30:00Z'],
    ['2026-10-15T02:00:00Z', '2026-10-15T02:30:00Z'],
    ['2026-09-15T02:00:00Z', '2026-09-15T03:00:00Z'],
  ] as const)
    await db
      .insertInto('clock_events')
      .values({
        dealer_id: dealerA,
        id: newId(),
        repair_order_id: roIds[0]!,
        technician_id: tech.user.id,
        started_at: at(start),
        ended_at: at(end),
      })
      .execute();

  // Additional work the technician found on the first order, approved by the customer in October.
  await db
    .insertInto('additional_items')
    .values({
      dealer_id: dealerA,
      id: newId(),
      repair_order_id: roIds[0]!,
      kind: 'labour',
      description: '更换刹车片',
      hours: 1,
      hourly_rate_fen: 10000,
      reason: '磨损',
      status: 'approved',
      raised_by: tech.user.id,
      decided_at: at('2026-10-08T02:00:00Z'),
      created_at: at('2026-10-08T01:45:00Z'),
    })
    .execute();

  // Appointments booked: one by the advisor and two by the agent in October, one by the agent in September.
  for (const [bookedBy, createdAt] of [
    [sa.user.id, '2026-10-02T02:00:00Z'],
    [agent.user.id, '2026-10-03T02:00:00Z'],
    [agent.user.id, '2026-10-31T15:00:00Z'], // 23:00 on 31 October in Shanghai
    [agent.user.id, '2026-09-30T17:00:00Z'], // 01:00 on 1 October in Shanghai: October
  ] as const)
    await db
      .insertInto('appointments')
      .values({
        dealer_id: dealerA,
        id: newId(),
        number: `AP-${newId().slice(-6)}`,
        customer_id: customer.id,
        plate_key: vehicle.plate,
        starts_at: at('2026-11-25T02:00:00Z'),
        duration_minutes: 60,
        status: 'booked',
        channel: 'phone',
        requested_work: JSON.stringify([]),
        booked_by: bookedBy,
        created_at: at(createdAt),
        updated_at: at(createdAt),
      })
      .execute();

  // Two the agent booked in July for October: one kept on time, one missed (the booked customers on time: 50%).
  for (const [status, arrival] of [
    ['arrived', 'on_time'],
    ['no_show', null],
  ] as const)
    await db
      .insertInto('appointments')
      .values({
        dealer_id: dealerA,
        id: newId(),
        number: `AP-${newId().slice(-6)}`,
        customer_id: customer.id,
        plate_key: vehicle.plate,
        starts_at: at('2026-10-12T02:00:00Z'),
        duration_minutes: 60,
        status,
        arrival_status: arrival,
        channel: 'phone',
        requested_work: JSON.stringify([]),
        booked_by: agent.user.id,
        created_at: at('2026-07-20T02:00:00Z'),
        updated_at: at('2026-10-12T02:00:00Z'),
      })
      .execute();

  // The agent's follow-up tasks opening in October: four, three closed; five calls made on them.
  const taskIds: string[] = [];
  for (const [i, status] of (['done', 'unreachable', 'done', 'open'] as const).entries()) {
    const id = newId();
    taskIds.push(id);
    await db
      .insertInto('follow_up_tasks')
      .values({
        dealer_id: dealerA,
        id,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        rule: 'post_service',
        anchor_on: '2026-10-05',
        due_from: `2026-10-1${i}`,
        due_until: `2026-10-2${i}`,
        period_key: `t${i}`,
        owner_id: agent.user.id,
        status,
      })
      .execute();
  }
  for (const [i, taskId] of [taskIds[0], taskIds[1], taskIds[1], taskIds[2], taskIds[3]].entries())
    await db
      .insertInto('follow_up_attempts')
      .values({
        dealer_id: dealerA,
        id: newId(),
        task_id: taskId!,
        agent_id: agent.user.id,
        at: at(`2026-10-1${i}T03:00:00Z`),
        result: 'reached',
      })
      .execute();
}, 60_000);

afterAll(async () => {
  await ctx?.close();
});

describe('my scorecard', () => {
  it('shows an advisor their October, every part with value, target, weight and points, CSI as no data', async () => {
    const [card, ...more] = await cardsOf(sa, `/api/v1/scorecards/me?${OCT}`);
    expect(more).toEqual([]);
    expect(card!.role).toBe('service_advisor');
    // Two ROs of 60 → 2/60 × 10 = 0.33 points; both visits greeted within the minute; one of two on time.
    expect(part(card!, 'rosOpened')).toMatchObject({ value: 2, target: 60, weight: 10, points: 0.33 });
    expect(part(card!, 'appointmentsBooked')).toMatchObject({ value: 1, target: 15 });
    expect(part(card!, 'timelyReceptionRate')).toMatchObject({ value: 100, points: 10 });
    expect(part(card!, 'onTimeDeliveryRate')).toMatchObject({ value: 50 });
    expect(part(card!, 'revenueFen')).toMatchObject({ value: 50000, target: 6_000_000 });
    expect(part(card!, 'additionalWorkApproved')).toMatchObject({ value: 1 });
    expect(part(card!, 'receivablesOpenFen')).toMatchObject({ value: 12000, weight: 0, points: 0 });
    // No survey and no complaint base beyond the ROs: CSI has no data, complaints are 0 per 100 ROs.
    expect(part(card!, 'csiScore')).toMatchObject({ value: null, points: null, weight: 15 });
    expect(part(card!, 'complaintsPer100Ros')).toMatchObject({ value: 0, points: 10 });
    // No repair with a concern code: first-time fix has no data either. 100 − CSI 15 − advisor factor 5 − FTF 5 = 75.
    expect(part(card!, 'firstTimeFixRate')).toMatchObject({ value: null });
    expect(card!.weightWithData).toBe(75);
    expect(card!.score).not.toBeNull();
  });

  it("agrees with the cockpit's advisor drill-down for the same month", async () => {
    await ctx.app.services.networkKpis.refreshKpis({ networkId: ctx.network.networkId, from: '2026-10', to: '2026-10' });
    const drill = await manager.get(`/api/v1/network/kpis/dealers/${ctx.network.dealerA}/advisors?from=2026-10&to=2026-10`);
    const values = drill.json().advisors.find((a: { advisorId: string }) => a.advisorId === sa.user.id).values;
    const [card] = await cardsOf(sa, `/api/v1/scorecards/me?${OCT}`);
    for (const [metric, kpi] of [
      ['timelyReceptionRate', 'timelyReceptionRate'],
      ['onTimeDeliveryRate', 'onTimeDeliveryRate'],
      ['processExecutionRate', 'processExecutionRate'],
      ['revenueFen', 'revenueFen'],
      ['csiScore', 'csiScore'],
    ] as const)
      expect(part(card!, metric).value, metric).toBe(values[kpi]);
  });

  it('shows a technician their hours, efficiency and rework', async () => {
    const [card] = await cardsOf(tech, `/api/v1/scorecards/me?${OCT}`);
    // 2 + 1 hours sold, 2.5 clocked → 120%; one of the two orders failed a check → 50% rework.
    expect(part(card!, 'hoursSold')).toMatchObject({ value: 3, target: 120 });
    expect(part(card!, 'hoursClocked')).toMatchObject({ value: 2.5 });
    expect(part(card!, 'labourEfficiency')).toMatchObject({ value: 120, achievement: 1, points: 20 });
    // Rework 50% against 2%: 2 / 50 × 25 = 1 point.
    expect(part(card!, 'reworkRate')).toMatchObject({ value: 50, points: 1 });
    expect(part(card!, 'additionalWorkApproved')).toMatchObject({ value: 1 });
  });

  it("shows an agent their bookings (the dealer's days), calls and call completion", async () => {
    const [card] = await cardsOf(agent, `/api/v1/scorecards/me?${OCT}`);
    expect(card!.parts.map((p) => [p.metric, p.value])).toEqual([
      ['appointmentsBooked', 3],
      ['keptAppointmentRate', 50],
      ['callsMade', 5],
      ['callCompletionRate', 75],
    ]);
    // 3/120 × 40 + 5/200 × 30 + 75/90 × 30 = 1 + 0.75 + 25 = 26.75 of 100.
    expect(card!.score).toBe(26.8);
  });

  it('gives a person without a scored role no cards, and a range of months three times the targets', async () => {
    expect(await cardsOf(cashierA, `/api/v1/scorecards/me?${OCT}`)).toEqual([]);
    const [card] = await cardsOf(agent, '/api/v1/scorecards/me?from=2026-09&to=2026-11');
    expect(part(card!, 'appointmentsBooked')).toMatchObject({ value: 3, target: 360 });
  });

  it('refuses a bad period with 400 naming the field', async () => {
    for (const [query, field] of [
      ['period=2026-13', 'period'],
      ['period=2026-10&from=2026-10&to=2026-10', 'period'],
      ['from=2026-10', 'to'],
      ['from=2026-10&to=2026-09', 'to'],
      ['from=2025-01&to=2026-10', 'to'],
    ] as const) {
      const response = await sa.get(`/api/v1/scorecards/me?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});

describe('who sees whose scorecard', () => {
  it("a manager sees the team, every scored role, and clicks through to a person's card", async () => {
    const team = await cardsOf(manager, `/api/v1/scorecards?${OCT}`);
    const byUser = new Set(team.map((c) => `${c.userId}/${c.role}`));
    for (const key of [
      `${sa.user.id}/service_advisor`,
      `${otherSa.user.id}/service_advisor`,
      `${tech.user.id}/technician`,
      `${agent.user.id}/appointment_agent`,
    ])
      expect(byUser.has(key), key).toBe(true);
    expect(team.some((c) => c.userId === managerB.user.id)).toBe(false);
    const technicians = await cardsOf(manager, `/api/v1/scorecards?${OCT}&role=technician`);
    expect(technicians.map((c) => c.userId)).toEqual([tech.user.id]);
    const [card] = await cardsOf(manager, `/api/v1/scorecards/${sa.user.id}?${OCT}`);
    expect(part(card!, 'rosOpened').value).toBe(2);
  });

  it('a front-desk supervisor sees the advisors only', async () => {
    const team = await cardsOf(desk, `/api/v1/scorecards?${OCT}`);
    expect(new Set(team.map((c) => c.role))).toEqual(new Set(['service_advisor']));
    expect((await desk.get(`/api/v1/scorecards/${sa.user.id}?${OCT}`)).statusCode).toBe(200);
    expect((await desk.get(`/api/v1/scorecards/${tech.user.id}?${OCT}`)).statusCode).toBe(404);
  });

  it("a person never sees another person's scorecard", async () => {
    expect((await otherSa.get(`/api/v1/scorecards/${sa.user.id}?${OCT}`)).statusCode).toBe(403);
    expect((await otherSa.get(`/api/v1/scorecards?${OCT}`)).statusCode).toBe(403);
    expect((await tech.get(`/api/v1/scorecards/${agent.user.id}?${OCT}`)).statusCode).toBe(403);
    // One's own id is one's own card.
    expect((await cardsOf(otherSa, `/api/v1/scorecards/${otherSa.user.id}?${OCT}`))[0]!.userId).toBe(otherSa.user.id);
  });

  it("another dealer's manager does not find the person, nor does the car maker by id", async () => {
    expect((await managerB.get(`/api/v1/scorecards/${sa.user.id}?${OCT}`)).statusCode).toBe(404);
    const teamB = await cardsOf(managerB, `/api/v1/scorecards?${OCT}`);
    expect(teamB.every((c) => c.userId !== sa.user.id)).toBe(true);
    expect((await analyst.get(`/api/v1/scorecards/${sa.user.id}?${OCT}`)).statusCode).toBe(403);
  });
});

describe('the car maker compares a role across dealers', () => {
  it('gives each dealer its staff scored, the mean score and each measure, no names', async () => {
    const response = await analyst.get(`/api/v1/network/scorecards?${OCT}&role=service_advisor`);
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json();
    const a = body.dealers.find((d: { dealer: { id: string } }) => d.dealer.id === ctx.network.dealerA);
    const b = body.dealers.find((d: { dealer: { id: string } }) => d.dealer.id === ctx.network.dealerB);
    expect(a.staff).toBe(2);
    expect(b.staff).toBe(1);
    // Two advisors at A: 2 ROs, and the other with no record in October (no data, not counted as 0) → a mean of 2.
    expect(a.parts.find((p: { metric: string }) => p.metric === 'rosOpened').value).toBe(2);
    expect(b.score).toBeNull();
    expect(response.body).not.toContain(sa.user.id);
  });

  it("is refused to a dealer's staff, and needs a role", async () => {
    expect((await manager.get(`/api/v1/network/scorecards?${OCT}&role=service_advisor`)).statusCode).toBe(403);
    const response = await analyst.get(`/api/v1/network/scorecards?${OCT}`);
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('role');
  });
});

describe('settings', () => {
  const agentSettings = [
    { metric: 'appointmentsBooked', weight: 50, target: 3 },
    { metric: 'callsMade', weight: 20, target: 5 },
    { metric: 'callCompletionRate', weight: 30, target: 75 },
  ];

  it('start at the defaults, version 0', async () => {
    const response = await manager.get('/api/v1/scorecards/settings');
    expect(response.statusCode).toBe(200);
    const agentRole = response.json().roles.find((r: { role: string }) => r.role === 'appointment_agent');
    expect(agentRole).toMatchObject({ version: 0, custom: false });
    expect(agentRole.metrics.map((m: { weight: number }) => m.weight)).toEqual([40, 0, 30, 30]);
  });

  it('refuse bad weights and measures with 400 naming the field, writing nothing', async () => {
    const bad = await manager.put('/api/v1/scorecards/settings/appointment_agent', {
      version: 0,
      metrics: [
        { metric: 'appointmentsBooked', weight: 50, target: 3 },
        { metric: 'hoursSold', weight: 40, target: 5 },
      ],
    });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { field: string }) => e.field)).toEqual(['metrics.1.metric', 'metrics']);
    const negative = await manager.put('/api/v1/scorecards/settings/appointment_agent', {
      version: 0,
      metrics: [{ metric: 'appointmentsBooked', weight: 100, target: -1 }],
    });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().errors[0].field).toBe('metrics.0.target');
    const count = await ctx.db
      .selectFrom('scorecard_settings')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(0);
  });

  it("are the manager's to change, not an advisor's", async () => {
    expect((await sa.put('/api/v1/scorecards/settings/appointment_agent', { version: 0, metrics: agentSettings })).statusCode).toBe(403);
    expect((await sa.get('/api/v1/scorecards/settings')).statusCode).toBe(403);
  });

  it('apply to the cards at once, audited; a stale version is 409', async () => {
    const saved = await manager.put('/api/v1/scorecards/settings/appointment_agent', { version: 0, metrics: agentSettings });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json().roles.find((r: { role: string }) => r.role === 'appointment_agent')).toMatchObject({ version: 1, custom: true });
    // Every target met: 100.
    const [card] = await cardsOf(agent, `/api/v1/scorecards/me?${OCT}`);
    expect(card!.score).toBe(100);
    expect((await manager.put('/api/v1/scorecards/settings/appointment_agent', { version: 0, metrics: agentSettings })).statusCode).toBe(
      409,
    );
    const audit = await ctx.db.selectFrom('audit_log').select(['action', 'entity_id']).where('action', '=', 'scorecard.settings').execute();
    expect(audit).toEqual([{ action: 'scorecard.settings', entity_id: ctx.network.dealerA }]);
    // Another dealer's cards keep their defaults.
    const b = await managerB.get('/api/v1/scorecards/settings');
    expect(b.json().roles.find((r: { role: string }) => r.role === 'appointment_agent')).toMatchObject({ version: 0 });
  });
});
