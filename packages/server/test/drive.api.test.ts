import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The service drive's state (issue 12 §5). Friday 2026-11-20 10:00 in Shanghai, on the test clock.
const NOW = '2026-11-20T02:00:00Z';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let ctx: TestContext;
let sa: Client;
let manager: Client;
let cashier: Client;

beforeAll(async () => {
  ctx = await createTestContext({ now: NOW });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  cashier = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
});
afterAll(() => ctx.close());

type Order = { id: string; version: number; status: string; visitId: string };
type Entry = {
  visitId: string;
  stage: string;
  atRisk: boolean;
  atRiskReason: string | null;
  repairOrder: { id: string; status: string } | null;
};

async function car(client: Client = sa) {
  const customer = await createCustomer(client, { name: '驾驶员' });
  return createVehicle(client, customer.id, { modelId: ctx.network.modelId });
}

async function checkIn(vehicleId: string, client: Client = sa) {
  const response = await client.post('/api/v1/visits', { vehicleId });
  expect(response.statusCode, response.body).toBe(201);
  return response.json() as { id: string };
}

/** An RO on the visit: `hours` of customer-pay labour, promised at `promisedAt` (Shanghai wall clock). */
async function order(visitId: string, options: { hours?: number; promisedAt?: string } = {}): Promise<Order> {
  const response = await sa.post('/api/v1/repair-orders', {
    visitId,
    concerns: '保养',
    promisedAt: `2026-11-20T${options.promisedAt ?? '17:00'}:00+08:00`,
    lines: [{ kind: 'labour', description: '定期保养', hours: options.hours ?? 1, payType: 'customer' }],
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function sign(ro: Order): Promise<Order> {
  const response = await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG });
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
}

async function move(ro: Order, ...steps: string[]): Promise<Order> {
  for (const to of steps) {
    const response = await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to });
    expect(response.statusCode, response.body).toBe(200);
    ro = response.json();
  }
  return ro;
}

async function deliver(ro: Order) {
  const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
  expect(
    (await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: invoice.amountDueFen })).statusCode,
  ).toBe(201);
  const current = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
  const delivered = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, {
    version: current.version,
    checklist: { workExplained: true, oldPartsShown: true, carClean: true },
  });
  expect(delivered.statusCode, delivered.body).toBe(200);
}

const vehiclesIn = async () => {
  const rows = (await manager.get('/api/v1/kpis/service?from=2026-11-20&to=2026-11-20&groupBy=day')).json().items as {
    vehiclesIn: number;
  }[];
  return rows[0]?.vehiclesIn ?? 0;
};

describe('one open visit per vehicle', () => {
  it('answers a second check-in of the same car with 409 naming the open visit, and writes nothing', async () => {
    const vehicle = await car();
    const first = await checkIn(vehicle.id);
    const arrivals = () => ctx.db.selectFrom('arrivals').select('id').where('vehicle_id', '=', vehicle.id).execute();
    expect(await arrivals()).toHaveLength(1);

    const second = await sa.post('/api/v1/visits', { vehicleId: vehicle.id });
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json()).toMatchObject({ code: 'open_visit_exists', openVisitId: first.id });
    expect(await arrivals()).toHaveLength(1);
    const open = await ctx.db.selectFrom('visits').select('id').where('vehicle_id', '=', vehicle.id).execute();
    expect(open.map((v) => v.id)).toEqual([first.id]);
  });

  it('lets exactly one of two concurrent check-ins win, and the database refuses a second open visit on its own', async () => {
    const vehicle = await car();
    const responses = await Promise.all([
      sa.post('/api/v1/visits', { vehicleId: vehicle.id }),
      sa.post('/api/v1/visits', { vehicleId: vehicle.id }),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
    const winner = responses.find((r) => r.statusCode === 201)!.json();
    expect(responses.find((r) => r.statusCode === 409)!.json().openVisitId).toBe(winner.id);
    const visits = await ctx.db.selectFrom('visits').select(['id', 'status']).where('vehicle_id', '=', vehicle.id).execute();
    expect(visits).toEqual([{ id: winner.id, status: 'open' }]);

    // The partial unique index: a write that bypassed the check-in use-case still cannot open a second visit.
    const row = await ctx.db.selectFrom('visits').select(['customer_id']).where('id', '=', winner.id).executeTakeFirstOrThrow();
    const now = ctx.clock.now();
    await expect(
      ctx.db
        .insertInto('visits')
        .values({
          dealer_id: ctx.network.dealerA,
          id: newId(),
          customer_id: row.customer_id,
          vehicle_id: vehicle.id,
          arrived_at: now,
          greeted_at: now,
          created_at: now,
        })
        .execute(),
    ).rejects.toThrow();
  });
});

describe('cancelling a visit opened by mistake', () => {
  it('cancels it with its unsigned RO, audited, no longer counted in 进厂台次, and the car can be checked in again', async () => {
    const vehicle = await car();
    const visit = await checkIn(vehicle.id);
    const ro = await order(visit.id);
    const countedBefore = await vehiclesIn();

    const noReason = await sa.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0].field).toBe('reason');
    expect((await sa.get(`/api/v1/visits/${visit.id}`)).json().status).toBe('open');

    const cancelled = await sa.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '选错了车辆' });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(cancelled.json()).toMatchObject({ id: visit.id, status: 'cancelled', cancelReason: '选错了车辆' });
    expect((await sa.get(`/api/v1/visits/${visit.id}`)).json()).toMatchObject({ status: 'cancelled', cancelReason: '选错了车辆' });
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json().status).toBe('cancelled');

    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'actor_user_id', 'after'])
      .where('entity_id', '=', visit.id)
      .where('action', '=', 'visit.cancelled')
      .execute();
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({
      actor_user_id: sa.user.id,
      after: expect.objectContaining({ status: 'cancelled', reason: '选错了车辆' }),
    });

    expect(await vehiclesIn()).toBe(countedBefore - 1);
    expect((await sa.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '再次取消' })).statusCode).toBe(409);
    await checkIn(vehicle.id);
  });

  it('is refused once the customer has signed the RO, and the visit stays open and counted', async () => {
    const vehicle = await car();
    const visit = await checkIn(vehicle.id);
    await sign(await order(visit.id));
    const counted = await vehiclesIn();
    const refused = await sa.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '客户改主意' });
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'invalid_transition', rule: 'repair_order_signed' });
    expect((await sa.get(`/api/v1/visits/${visit.id}`)).json().status).toBe('open');
    expect(await vehiclesIn()).toBe(counted);
    expect(
      await ctx.db.selectFrom('audit_log').select('id').where('entity_id', '=', visit.id).where('action', '=', 'visit.cancelled').execute(),
    ).toHaveLength(0);
  });

  it('is not for a technician', async () => {
    const visit = await checkIn((await car()).id);
    const tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await tech.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '误操作' })).statusCode).toBe(403);
  });
});

describe('today on the drive', () => {
  it('shows every car by stage, the deliveries of the day and the promised times at risk, on the dealer’s clock', async () => {
    // A fresh dealer-A picture: the tests above left open visits, so the checks below look only at these cars.
    ctx.clock.set(NOW);
    const arrived = await checkIn((await car()).id);
    const waiting = await checkIn((await car()).id);
    await order(waiting.id);
    const workshop = await checkIn((await car()).id);
    const tight = await move(await sign(await order(workshop.id, { hours: 3, promisedAt: '12:00' })), 'in_progress');
    const qc = await checkIn((await car()).id);
    await move(await sign(await order(qc.id)), 'in_progress', 'quality_check');
    const ready = await checkIn((await car()).id);
    await move(await sign(await order(ready.id, { promisedAt: '10:30' })), 'in_progress', 'quality_check', 'ready');
    const delivered = await checkIn((await car()).id);
    await deliver(await move(await sign(await order(delivered.id)), 'in_progress', 'quality_check', 'ready'));
    const mistaken = await checkIn((await car()).id);
    expect((await sa.post(`/api/v1/visits/${mistaken.id}/cancel`, { reason: '重复登记' })).statusCode).toBe(200);

    const view = async (client: Client = manager) => {
      const response = await client.get('/api/v1/drive/today');
      expect(response.statusCode, response.body).toBe(200);
      return response.json() as { today: string; stages: Record<string, Entry[]>; atRisk: Entry[] };
    };
    const stageOf = (v: Awaited<ReturnType<typeof view>>, visitId: string) =>
      Object.entries(v.stages)
        .filter(([, entries]) => entries.some((e) => e.visitId === visitId))
        .map(([stage]) => stage);

    const now = await view();
    expect(now.today).toBe('2026-11-20');
    expect(stageOf(now, arrived.id)).toEqual(['arrived']);
    expect(stageOf(now, waiting.id)).toEqual(['waiting_signature']);
    expect(stageOf(now, workshop.id)).toEqual(['in_workshop']);
    expect(stageOf(now, qc.id)).toEqual(['quality_check']);
    expect(stageOf(now, ready.id)).toEqual(['ready']);
    expect(stageOf(now, delivered.id)).toEqual(['delivered']);
    expect(stageOf(now, mistaken.id)).toEqual([]);
    // Three hours of labour do not fit before 12:00: at risk by the workshop board's rule; a ready car never is.
    const atRisk = now.atRisk.map((e) => e.visitId);
    expect(atRisk).toContain(workshop.id);
    expect(now.atRisk.find((e) => e.visitId === workshop.id)).toMatchObject({
      atRiskReason: 'not_enough_time',
      repairOrder: { id: tight.id, status: 'in_progress' },
    });
    expect(atRisk).not.toContain(ready.id);
    expect(atRisk).not.toContain(qc.id);
    const board = (await manager.get('/api/v1/workshop/board')).json();
    expect(board.entries.find((e: { repairOrderId: string }) => e.repairOrderId === tight.id)).toMatchObject({
      atRisk: true,
      atRiskReason: 'not_enough_time',
    });

    // The next morning: the cars still here are still on the drive, yesterday's delivery is not, and 12:00 has passed.
    ctx.clock.set('2026-11-21T01:00:00Z');
    try {
      const tomorrow = await view(await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] }));
      expect(tomorrow.today).toBe('2026-11-21');
      expect(stageOf(tomorrow, arrived.id)).toEqual(['arrived']);
      expect(stageOf(tomorrow, ready.id)).toEqual(['ready']);
      expect(stageOf(tomorrow, delivered.id)).toEqual([]);
      expect(tomorrow.atRisk.find((e) => e.visitId === workshop.id)?.atRiskReason).toBe('overdue');
    } finally {
      ctx.clock.set(NOW);
    }
  });

  it('is for the front desk, the service manager and the workshop controller, not for a technician or the car maker', async () => {
    const controller = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['workshop_controller'] });
    const desk = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['front_desk_supervisor'] });
    expect((await controller.get('/api/v1/drive/today')).statusCode).toBe(200);
    expect((await desk.get('/api/v1/drive/today')).statusCode).toBe(200);
    expect((await sa.get('/api/v1/drive/today')).statusCode).toBe(200);
    const tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await tech.get('/api/v1/drive/today')).statusCode).toBe(403);
    const oem = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
    expect((await oem.get('/api/v1/drive/today')).statusCode).toBe(403);
  });
});

describe('tenant isolation of the drive', () => {
  it('shows another dealer none of it: its drive is empty, and it cannot see or cancel the visit', async () => {
    const visit = await checkIn((await car()).id);
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor', 'service_manager'] });
    const drive = await other.get('/api/v1/drive/today');
    expect(drive.statusCode).toBe(200);
    const entries = Object.values(drive.json().stages as Record<string, Entry[]>).flat();
    expect(entries).toEqual([]);
    expect(drive.json().atRisk).toEqual([]);
    expect((await other.get(`/api/v1/visits/${visit.id}`)).statusCode).toBe(404);
    expect((await other.post(`/api/v1/visits/${visit.id}/cancel`, { reason: '不是我们的' })).statusCode).toBe(404);
    expect((await sa.get(`/api/v1/visits/${visit.id}`)).json().status).toBe('open');

    // Dealer B's own car with an open visit is its own business: dealer A's drive does not show it.
    const own = await checkIn((await car(other)).id, other);
    expect(
      Object.values((await other.get('/api/v1/drive/today')).json().stages as Record<string, Entry[]>)
        .flat()
        .map((e) => e.visitId),
    ).toEqual([own.id]);
    expect(
      Object.values((await manager.get('/api/v1/drive/today')).json().stages as Record<string, Entry[]>)
        .flat()
        .map((e) => e.visitId),
    ).not.toContain(own.id);
  });
});
