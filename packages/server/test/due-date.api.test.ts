import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, pdfText, type TestContext } from './harness.js';

// Issue 12 §2: due dates from the car's real odometer. The walk-around's reading is the repair
// order's mileage-in; the one prediction rule gives the same due date on the vehicle page, the
// delivery card, the call screen and the nightly run's stored prediction.

const TODAY = '2026-11-20';
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const CHECKLIST = { workExplained: true, oldPartsShown: true, carClean: true };

let ctx: TestContext;
let sa: Client;
let cashier: Client;
let agent: Client;

beforeAll(async () => {
  ctx = await createTestContext({ now: `${TODAY}T02:00:00Z` });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  cashier = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['cashier'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
});
afterAll(() => ctx.close());

async function car(deliveredOn: string) {
  const customer = await createCustomer(sa, { name: '周敏' });
  const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId, deliveredOn }); // S5: 5,000 km / 3 months
  return { customer, vehicle };
}

const walkAround = (odometerKm: number, extra: Record<string, unknown> = {}) => ({
  checklist: [{ item: '灯光', ok: true }],
  damage: [],
  tyres: {},
  fuelLevel: 50,
  odometerKm,
  coversApplied: true,
  photos: [],
  signaturePng: PNG,
  ...extra,
});

const prediction = async (vehicleId: string) => {
  const response = await agent.get(`/api/v1/vehicles/${vehicleId}/maintenance-prediction`);
  expect(response.statusCode, response.body).toBe(200);
  return response.json();
};
const stored = (vehicleId: string) =>
  ctx.db.selectFrom('maintenance_predictions').selectAll().where('vehicle_id', '=', vehicleId).executeTakeFirst();
const readingsOf = async (vehicleId: string) =>
  (await sa.get(`/api/v1/vehicles/${vehicleId}/mileage`)).json().items as {
    readOn: string;
    km: number;
    source: string;
    odometerReplaced: boolean;
  }[];

describe('one vehicle from check-in to delivery', () => {
  it('the walk-around reading is the mileage-in, and the vehicle page, the delivery card, the call screen and the nightly run give one due date', async () => {
    const { customer, vehicle } = await car('2024-05-01');
    // Readings from a call and from the customer; never serviced in the network before.
    expect((await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: '2026-02-20', km: 4_000, source: 'call' })).statusCode).toBe(
      201,
    );
    expect(
      (await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: '2026-06-20', km: 7_000, source: 'customer' })).statusCode,
    ).toBe(201);
    const before = await prediction(vehicle.id);
    // Counted from the readings, not from the delivery in 2024 at 0 km: the 10,000 km mark, ~25 km a day.
    expect(before).toMatchObject({ countedFrom: 'readings', lastServiceOn: null, dueKm: 10_000 });
    expect(before.dueOn >= '2026-09-20').toBe(true);

    // Check-in and the signed walk-around at 10,012 km.
    const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    expect((await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround(10_012))).statusCode).toBe(201);
    // The RO takes the walk-around's odometer as its mileage-in (进厂里程), on the page and the printed contract.
    let ro = (
      await sa.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '10000公里保养',
        promisedAt: `${TODAY}T17:00:00+08:00`,
        lines: [{ kind: 'labour', description: '常规保养', hours: 1, payType: 'customer' }],
      })
    ).json();
    expect(ro.odometerKm).toBe(10_012);
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json().odometerKm).toBe(10_012);
    expect(await pdfText(sa, `/api/v1/repair-orders/${ro.id}/pdf`)).toContain('进厂里程10,012km');
    // One reading for the visit, not two.
    expect((await readingsOf(vehicle.id)).filter((r) => r.readOn === TODAY)).toEqual([
      expect.objectContaining({ km: 10_012, source: 'service_visit' }),
    ]);

    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
    for (const to of ['in_progress', 'quality_check', 'ready'])
      ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
    const invoice = (await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    expect(
      (await cashier.post(`/api/v1/invoices/${invoice.id}/payments`, { method: 'cash', amountFen: invoice.amountDueFen })).statusCode,
    ).toBe(201);
    ro = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
    const delivered = await sa.post(`/api/v1/repair-orders/${ro.id}/deliver`, { version: ro.version, checklist: CHECKLIST });
    expect(delivered.statusCode, delivered.body).toBe(200);
    const card = delivered.json().nextMaintenance;
    // Served today at 10,012 km; 6,012 km in 273 days (22 a day): the 3 months come first.
    expect(card).toEqual({ dueOn: '2027-02-20', dueKm: 15_012 });

    // The vehicle page (recomputed now).
    expect(await prediction(vehicle.id)).toMatchObject({
      countedFrom: 'last_service',
      lastServiceOn: TODAY,
      lastServiceKm: 10_012,
      dueOn: card.dueOn,
      dueKm: card.dueKm,
      confidence: 'high',
    });

    // The nightly run, and the call screen of the post-service call the delivery raised.
    await ctx.db.deleteFrom('maintenance_predictions').where('vehicle_id', '=', vehicle.id).execute();
    await ctx.app.services.followUp.runNightly({ today: TODAY });
    expect(await stored(vehicle.id)).toMatchObject({
      due_on: card.dueOn,
      due_km: card.dueKm,
      counted_from: 'last_service',
      last_service_on: TODAY,
    });
    await ctx.app.services.followUp.onVisitDelivered({
      dealerId: ctx.network.dealerA,
      visitId: visit.id,
      repairOrderId: ro.id,
      customerId: customer.id,
      vehicleId: vehicle.id,
      deliveredAt: `${TODAY}T02:00:00.000Z`,
    });
    const task = await ctx.db.selectFrom('follow_up_tasks').select('id').where('repair_order_id', '=', ro.id).executeTakeFirstOrThrow();
    const screen = await agent.get(`/api/v1/follow-up/tasks/${task.id}`);
    expect(screen.statusCode, screen.body).toBe(200);
    expect(screen.json().vehicle.prediction).toMatchObject({ dueOn: card.dueOn, dueKm: card.dueKm });
  });

  it('a repair order opened before the walk-around gets its reading; the SA corrects a misread before signing, and not after', async () => {
    const { vehicle } = await car('2025-01-10');
    expect((await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: '2026-05-01', km: 9_000, source: 'call' })).statusCode).toBe(
      201,
    );
    const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    let ro = (
      await sa.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '保养',
        promisedAt: `${TODAY}T17:00:00+08:00`,
        lines: [{ kind: 'labour', description: '常规保养', hours: 1, payType: 'customer' }],
      })
    ).json();
    expect(ro.odometerKm).toBeNull();
    expect((await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround(15_800))).statusCode).toBe(201);
    ro = (await sa.get(`/api/v1/repair-orders/${ro.id}`)).json();
    expect(ro.odometerKm).toBe(15_800);

    // A misread: 15,800 was 15,080. The visit's reading is corrected, not doubled.
    const corrected = await sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, odometerKm: 15_080 });
    expect(corrected.statusCode, corrected.body).toBe(200);
    ro = corrected.json();
    expect(ro.odometerKm).toBe(15_080);
    expect((await readingsOf(vehicle.id)).map((r) => r.km)).toEqual([15_080, 9_000]);

    // Lower than the last reading (9,000 on 1 May): refused, naming the field and the last reading; nothing changes.
    const lower = await sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, odometerKm: 800 });
    expect(lower.statusCode).toBe(400);
    expect(lower.json()).toMatchObject({ code: 'mileage_decreasing', lastReading: { km: 9_000, readOn: '2026-05-01' } });
    expect(lower.json().errors[0]).toMatchObject({ field: 'odometerKm', code: 'lower_than_earlier' });
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json()).toMatchObject({ odometerKm: 15_080, version: ro.version });
    expect((await readingsOf(vehicle.id)).map((r) => r.km)).toEqual([15_080, 9_000]);
    // The instrument cluster was in fact replaced: with the flag it is taken.
    const replaced = await sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, odometerKm: 800, odometerReplaced: true });
    expect(replaced.statusCode, replaced.body).toBe(200);
    ro = replaced.json();
    expect((await readingsOf(vehicle.id))[0]).toMatchObject({ km: 800, odometerReplaced: true, readOn: TODAY });

    // Signed: the mileage-in is part of the contract now.
    const authorised = await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG });
    expect(authorised.statusCode, authorised.body).toBe(200);
    ro = authorised.json();
    const late = await sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, odometerKm: 900 });
    expect(late.statusCode).toBe(409);
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json().odometerKm).toBe(800);
  });
});

describe('cars without a service in the network', () => {
  it('a car with readings from calls only is counted from its readings, never from its delivery at 0 km; every view agrees', async () => {
    const { vehicle } = await car('2019-03-01');
    for (const [readOn, km] of [
      ['2026-03-01', 61_000],
      ['2026-07-01', 65_800],
      ['2026-10-01', 69_400],
    ] as const) {
      expect((await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn, km, source: 'call' })).statusCode).toBe(201);
    }
    const page = await prediction(vehicle.id);
    // 8,400 km in 214 days; 600 km to the 70,000 mark after 1 October → 17 October. Three readings over 7 months: high.
    expect(page).toMatchObject({
      countedFrom: 'readings',
      lastServiceOn: null,
      lastServiceKm: null,
      dueOn: '2026-10-17',
      dueKm: 70_000,
      dailyKm: 39.3,
      confidence: 'high',
      basis: 'distance',
    });
    await ctx.db.deleteFrom('maintenance_predictions').where('vehicle_id', '=', vehicle.id).execute();
    await ctx.app.services.followUp.runNightly({ today: TODAY });
    expect(await stored(vehicle.id)).toMatchObject({
      due_on: page.dueOn,
      due_km: page.dueKm,
      counted_from: 'readings',
      confidence: 'high',
    });
  });

  it('a car with no reading at all is counted from its delivery, with low confidence', async () => {
    const { vehicle } = await car('2026-10-01');
    expect(await prediction(vehicle.id)).toMatchObject({
      countedFrom: 'delivery',
      lastServiceOn: '2026-10-01',
      lastServiceKm: 0,
      dueOn: '2027-01-01',
      dueKm: 5_000,
      confidence: 'low',
      basis: 'time_only',
      readingsUsed: 0,
    });
  });

  it('a delivered repair order without a mileage-in still counts as the last service (its walk-around reading)', async () => {
    const { customer, vehicle } = await car('2023-06-01');
    // An order from before the walk-around reached the RO: the RO has no mileage-in, the walk-around has one.
    const visitId = newId();
    const at = new Date('2026-10-20T03:00:00Z');
    await ctx.db
      .insertInto('visits')
      .values({
        created_at: at,
        dealer_id: ctx.network.dealerA,
        id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        arrived_at: at,
        greeted_at: at,
        status: 'closed',
      })
      .execute();
    await ctx.db
      .insertInto('inspections')
      .values({
        created_at: at,
        dealer_id: ctx.network.dealerA,
        id: newId(),
        visit_id: visitId,
        checklist: '[]',
        damage: '[]',
        tyres: '{}',
        photos: '[]',
        odometer_km: 42_000,
        signed_at: at,
      })
      .execute();
    await ctx.db
      .insertInto('repair_orders')
      .values({
        created_at: at,
        dealer_id: ctx.network.dealerA,
        id: newId(),
        number: 'RO-DUE-1',
        visit_id: visitId,
        customer_id: customer.id,
        vehicle_id: vehicle.id,
        concerns: '保养',
        promised_at: at,
        odometer_km: null,
        status: 'delivered',
        delivered_at: at,
      })
      .execute();
    expect(await prediction(vehicle.id)).toMatchObject({
      countedFrom: 'last_service',
      lastServiceOn: '2026-10-20',
      lastServiceKm: 42_000,
      dueOn: '2027-01-20',
      dueKm: 47_000,
    });
  });
});

describe('a lower odometer reading', () => {
  it('is refused without "odometer replaced", with the last reading and its date; nothing is written', async () => {
    const { vehicle } = await car('2025-03-01');
    expect((await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: '2026-09-12', km: 23_500, source: 'call' })).statusCode).toBe(
      201,
    );

    const refused = await sa.post(`/api/v1/vehicles/${vehicle.id}/mileage`, { readOn: TODAY, km: 2_350, source: 'customer' });
    expect(refused.statusCode).toBe(400);
    expect(refused.json()).toMatchObject({
      code: 'mileage_decreasing',
      lastReading: { km: 23_500, readOn: '2026-09-12' },
      errors: [{ field: 'km', code: 'lower_than_earlier' }],
    });
    expect(await readingsOf(vehicle.id)).toHaveLength(1);

    // The walk-around: the same, naming its odometer field; no walk-around is stored.
    const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    const walk = await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround(2_350));
    expect(walk.statusCode).toBe(400);
    expect(walk.json()).toMatchObject({
      code: 'mileage_decreasing',
      lastReading: { km: 23_500, readOn: '2026-09-12' },
      errors: [{ field: 'odometerKm', code: 'lower_than_earlier' }],
    });
    expect((await sa.get(`/api/v1/visits/${visit.id}/inspection`)).statusCode).toBe(404);
    expect(await readingsOf(vehicle.id)).toHaveLength(1);

    // With the flag, the new odometer's life starts there.
    expect((await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround(2_350, { odometerReplaced: true }))).statusCode).toBe(201);
    expect((await readingsOf(vehicle.id))[0]).toMatchObject({ km: 2_350, odometerReplaced: true, source: 'service_visit' });
  });
});
