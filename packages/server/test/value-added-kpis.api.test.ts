import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildNetwork, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The value-added services' KPIs: a loaner lent and returned, two pick-up jobs (one on time, one
// late), a rescue call reached in 42 minutes and club points earned at one dealer and redeemed at
// the other, all made through the API; the figures read back exactly, per dealer and for the
// network, and each reader sees only its scope.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const PERIOD = 'from=2026-11-20&to=2026-11-25';

let ctx: TestContext;
const parts: Record<string, string> = {};

type Staff = { managerA: Client; managerB: Client; saA: Client; saB: Client; analyst: Client };
/** Sessions last 12 hours: after the clock moves, the staff log in again. */
async function staffAt(instant: string): Promise<Staff> {
  ctx.clock.set(instant);
  const { dealerA, dealerB } = ctx.network;
  return {
    managerA: await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] }),
    managerB: await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] }),
    saA: await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] }),
    saB: await ctx.loginAs({ dealerId: dealerB, roles: ['service_advisor'] }),
    analyst: await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] }),
  };
}

const driverPost = (token: string, step: string, payload?: unknown) =>
  ctx.app.inject({ method: 'POST', url: `/api/v1/public/driver-jobs/${token}/${step}`, payload: payload as never });

/** A paid (or, with points, part-paid) invoice of a new car of the customer at the advisor's dealer: 1.5 h labour and two pads. */
async function invoiceFor(sa: Client, saA: Client, dealerId: string, customerId: string) {
  const cashier = await ctx.loginAs({ dealerId, roles: ['cashier'] });
  const vehicle = await createVehicle(saA, customerId, { modelId: ctx.network.modelId });
  if (dealerId !== ctx.network.dealerA) expect((await sa.post('/api/v1/vehicles/lookup', { vin: vehicle.vin })).statusCode).toBe(200);
  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '刹车异响',
      promisedAt: '2026-11-20T17:00:00+08:00',
      lines: [
        { kind: 'labour', description: '更换前刹车片', hours: 1.5, payType: 'customer' },
        { kind: 'parts', partId: parts[dealerId], quantity: 2, payType: 'customer' },
      ],
    })
  ).json();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  const invoice = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
  expect(invoice.statusCode, invoice.body).toBe(201);
  return { cashier, invoice: invoice.json() };
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const { dealerA, dealerB } = ctx.network;
  // Another car maker's network: never in this network's figures.
  await buildNetwork(ctx.db, ctx.clock.now());
  for (const dealerId of [dealerA, dealerB]) {
    parts[dealerId] = newId();
    await ctx.db
      .insertInto('parts')
      .values({ dealer_id: dealerId, id: parts[dealerId]!, part_number: 'BP-F', name: '前刹车片', price_fen: 48_000, stock_quantity: 500 })
      .execute();
  }
  let s = await staffAt('2026-11-20T02:00:00Z');
  const desk = await ctx.loginAs({ dealerId: dealerA, roles: ['front_desk_supervisor'] });
  const driver = await ctx.loginAs({ dealerId: dealerA, roles: ['driver'] });
  const customer = await createCustomer(s.saA, { name: '赵敏' });
  const vehicleId = (await createVehicle(s.saA, customer.id, { modelId: ctx.network.modelId })).id;

  // Loaners: one in dealer A's fleet from now on, reserved for tomorrow.
  const loaner = await s.managerA.post('/api/v1/loaners', {
    plate: '京AL0001',
    model: '远航 S5',
    km: 12_000,
    fuelLevel: 80,
    costPerDayFen: 15_000,
  });
  expect(loaner.statusCode, loaner.body).toBe(201);
  const reserved = await s.saA.post('/api/v1/loaner-reservations', {
    loanerId: loaner.json().id,
    customerId: customer.id,
    vehicleId,
    reason: 'warranty_repair',
    expectedRepairDays: 3,
    from: '2026-11-21T01:00:00Z',
    until: '2026-11-23T01:00:00Z',
  });
  expect(reserved.statusCode, reserved.body).toBe(201);

  // Pick-up: 14–16 h and 17–19 h today, one driver.
  const settings = await s.managerA.put('/api/v1/pickup/settings', {
    enabled: true,
    maxDistanceKm: 20,
    freeKm: 10,
    feePerKmFen: 300,
    areas: [{ name: '海淀区', distanceKm: 12.5 }],
  });
  expect(settings.statusCode, settings.body).toBe(200);
  const tokens: string[] = [];
  for (const [start, end] of [
    ['14', '16'],
    ['17', '19'],
  ]) {
    const job = (
      await desk.post('/api/v1/pickup/jobs', {
        kind: 'pickup',
        vehicleId,
        area: '海淀区',
        address: '中关村大街1号',
        windowStart: `2026-11-20T${start}:00:00+08:00`,
        windowEnd: `2026-11-20T${end}:00:00+08:00`,
      })
    ).json();
    const assigned = await desk.post(`/api/v1/pickup/jobs/${job.id}/assign`, { driverId: driver.user.id, version: job.version });
    expect(assigned.statusCode, assigned.body).toBe(200);
    tokens.push(new URL(assigned.json().link.url).pathname.split('/').slice(-2).join('/'));
  }

  // Rescue: called 50 minutes ago, reached 42 minutes after the call (dealer A's target: the default hour).
  const unit = (await desk.post('/api/v1/rescue-units', { name: '救援车 1 号', kind: 'own', phone: '13800000001' })).json().id;
  const minutesAgo = (m: number) => new Date(ctx.clock.now().getTime() - m * 60_000).toISOString();
  const rescue = (
    await desk.post('/api/v1/rescue-calls', {
      location: '朝阳区建国路 88 号',
      mobile: '13912340000',
      problem: 'battery',
      receivedAt: minutesAgo(50),
    })
  ).json();
  expect((await desk.post(`/api/v1/rescue-calls/${rescue.id}/dispatch`, { unitId: unit, at: minutesAgo(45) })).statusCode).toBe(200);
  expect((await desk.post(`/api/v1/rescue-calls/${rescue.id}/arrived`, { at: minutesAgo(8) })).statusCode).toBe(200);

  // Club: a member of dealer A earns 1,500 points there and pays 1,000 of them at dealer B.
  const member = await createCustomer(s.saA, { name: '会员客户' });
  expect((await s.saA.post(`/api/v1/customers/${member.id}/club`, {})).statusCode).toBe(201);
  const earned = await invoiceFor(s.saA, s.saA, dealerA, member.id);
  const paid = await earned.cashier.post(`/api/v1/invoices/${earned.invoice.id}/payments`, {
    method: 'wechat_pay',
    amountFen: earned.invoice.amountDueFen,
  });
  expect(paid.statusCode, paid.body).toBe(201);
  const atB = await invoiceFor(s.saB, s.saA, dealerB, member.id);
  const redeemed = await atB.cashier.post(`/api/v1/invoices/${atB.invoice.id}/payments`, { method: 'points', amountFen: 1_000 });
  expect(redeemed.statusCode, redeemed.body).toBe(201);

  // The driver takes the first car at 14:30 (in its window) and hands it over at 15:30; takes the second at 19:30 (late).
  ctx.clock.set('2026-11-20T06:30:00Z');
  expect((await driverPost(tokens[0]!, 'set-out')).statusCode).toBe(200);
  const take = { damage: [], fuelLevel: 60, odometerKm: 12_000, signaturePng: PNG };
  expect((await driverPost(tokens[0]!, 'take', take)).statusCode).toBe(200);
  ctx.clock.set('2026-11-20T07:30:00Z');
  expect((await driverPost(tokens[0]!, 'hand-over', { odometerKm: 12_014 })).statusCode).toBe(200);
  ctx.clock.set('2026-11-20T11:30:00Z');
  expect((await driverPost(tokens[1]!, 'set-out')).statusCode).toBe(200);
  expect((await driverPost(tokens[1]!, 'take', take)).statusCode).toBe(200);

  // The loaner goes out on the 21st at 09:00 and comes back on the 23rd at 12:00 (2 days 3 hours: 3 days charged).
  s = await staffAt('2026-11-21T01:00:00Z');
  const handover = { km: 12_010, fuelLevel: 75, damage: [], photos: [], signaturePng: PNG };
  const out = await s.saA.post(`/api/v1/loaner-reservations/${reserved.json().id}/handover`, handover);
  expect(out.statusCode, out.body).toBe(200);
  s = await staffAt('2026-11-23T04:00:00Z');
  const back = await s.saA.post(`/api/v1/loaner-reservations/${reserved.json().id}/return`, { ...handover, km: 12_260 });
  expect(back.statusCode, back.body).toBe(200);
});
afterAll(() => ctx.close());

// Read at the end of the 25th (Beijing): the fleet was available from 10:00 on the 20th, 5 days 14 hours.
const readAt = () => staffAt('2026-11-25T16:00:00Z');

const dealerAFigures = {
  loaners: { fleet: 1, fleetDays: 5.6, daysOut: 2.1, utilisation: 0.381, loans: 1, overdue: 0, costFen: 45_000 },
  pickup: { jobs: 2, done: 1, met: 2, onTime: 1, onTimeRate: 0.5, feeFen: 900, km: 14 },
  rescue: { calls: 1, arrived: 1, medianResponseMinutes: 42, averageResponseMinutes: 42, withinTarget: 1, withinTargetShare: 1 },
  club: {
    members: 1,
    newMembers: 1,
    pointsEarned: 1_500,
    pointsRedeemed: 0,
    redemptionRate: 0,
    redeemedFromOthers: 0,
    redeemedAtOthers: 1_000,
  },
};
const dealerBClub = {
  members: 0,
  newMembers: 0,
  pointsEarned: 0,
  pointsRedeemed: 1_000,
  redemptionRate: null,
  redeemedFromOthers: 1_000,
  redeemedAtOthers: 0,
};

describe('value-added KPIs', () => {
  it("reads a dealer's own figures exactly", async () => {
    const { managerA } = await readAt();
    const response = await managerA.get(`/api/v1/kpis/value-added?${PERIOD}`);
    expect(response.statusCode, response.body).toBe(200);
    const kpi = response.json();
    expect(kpi.dealers).toHaveLength(1);
    expect(kpi.dealers[0]).toMatchObject({ dealer: { id: ctx.network.dealerA, name: '甲店' }, rescueTargetMinutes: 60, ...dealerAFigures });
    expect(kpi.total).toMatchObject(dealerAFigures);
  });

  it("never shows a dealer another dealer's figures", async () => {
    const { managerB } = await readAt();
    const kpi = (await managerB.get(`/api/v1/kpis/value-added?${PERIOD}`)).json();
    expect(kpi.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerB]);
    expect(kpi.dealers[0]).toMatchObject({
      loaners: { fleet: 0, utilisation: null, loans: 0 },
      pickup: { jobs: 0, onTimeRate: null },
      rescue: { calls: 0 },
      club: dealerBClub,
    });
    expect((await managerB.get(`/api/v1/kpis/value-added?${PERIOD}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
  });

  it("shows the car maker its network's dealers only, narrowed like the other network KPIs", async () => {
    const { analyst } = await readAt();
    const kpi = (await analyst.get(`/api/v1/kpis/value-added?${PERIOD}`)).json();
    expect(kpi.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerA, ctx.network.dealerB]);
    expect(kpi.total.club).toMatchObject({ members: 1, pointsEarned: 1_500, pointsRedeemed: 1_000, redemptionRate: 0.667 });
    expect(kpi.total.pickup).toMatchObject({ jobs: 2, onTimeRate: 0.5 });
    const narrowed = (await analyst.get(`/api/v1/kpis/value-added?${PERIOD}&dealerId=${ctx.network.dealerB}`)).json();
    expect(narrowed.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerB]);
    const gradeA = (await analyst.get(`/api/v1/kpis/value-added?${PERIOD}&grade=A`)).json();
    expect(gradeA.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerA]);
    expect((await analyst.get(`/api/v1/kpis/value-added?${PERIOD}&city=上海`)).json().dealers).toEqual([]);
  });

  it('leaves out days after the period', async () => {
    const { managerA } = await readAt();
    const kpi = (await managerA.get('/api/v1/kpis/value-added?from=2026-11-24&to=2026-11-25')).json();
    expect(kpi.dealers[0]).toMatchObject({
      loaners: { fleet: 1, fleetDays: 2, daysOut: 0, utilisation: 0, loans: 0, costFen: 0 },
      pickup: { jobs: 0 },
      rescue: { calls: 0 },
      club: { members: 1, newMembers: 0, pointsEarned: 0 },
    });
  });

  it('refuses a bad period as a problem naming the field', async () => {
    const { managerA } = await readAt();
    for (const [query, field] of [
      ['from=2026-11-25&to=2026-11-20', 'to'],
      ['from=2025-01-01&to=2026-11-20', 'to'],
      ['from=2026-13-01&to=2026-11-20', 'from'],
      ['to=2026-11-20', 'from'],
    ] as const) {
      const response = await managerA.get(`/api/v1/kpis/value-added?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });

  it('is for those who read KPIs', async () => {
    const { saA } = await readAt();
    expect((await saA.get(`/api/v1/kpis/value-added?${PERIOD}`)).statusCode).toBe(403);
  });
});
