import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Friday 2026-11-20 10:00 in Shanghai.
let ctx: TestContext;
let sa: Client;
let packageId: string;
let brakeOpId: string;
let padsId: string;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

async function catalogue(dealerId: string) {
  const oil = newId();
  const filter = newId();
  const change = newId();
  brakeOpId = newId();
  padsId = newId();
  packageId = newId();
  await ctx.db
    .insertInto('parts')
    .values([
      { dealer_id: dealerId, id: oil, part_number: 'OIL-4L', name: '机油 4L', price_fen: 36800, stock_quantity: 10 },
      { dealer_id: dealerId, id: filter, part_number: 'OF-1', name: '机油滤清器', price_fen: 4500, stock_quantity: 10 },
      { dealer_id: dealerId, id: padsId, part_number: 'BP-F', name: '前刹车片', price_fen: 48000, stock_quantity: 2 },
    ])
    .execute();
  await ctx.db
    .insertInto('labour_operations')
    .values([
      { dealer_id: dealerId, id: change, code: 'L-OIL', name: '更换机油机滤', flat_rate_hours: 0.5 },
      { dealer_id: dealerId, id: brakeOpId, code: 'L-BRK', name: '更换前刹车片', flat_rate_hours: 1.2 },
    ])
    .execute();
  await ctx.db
    .insertInto('maintenance_packages')
    .values({ dealer_id: dealerId, id: packageId, code: 'PKG-5000', name: '5000公里保养', model_id: null, interval_km: 5000 })
    .execute();
  await ctx.db
    .insertInto('maintenance_package_items')
    .values([
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'labour', labour_operation_id: change, part_id: null, quantity: 1 },
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'parts', labour_operation_id: null, part_id: oil, quantity: 1 },
      { dealer_id: dealerId, id: newId(), package_id: packageId, kind: 'parts', labour_operation_id: null, part_id: filter, quantity: 1 },
    ])
    .execute();
}

async function walkInVisit(client: Client = sa) {
  const customer = await createCustomer(client, { name: '王建国' });
  const vehicle = await createVehicle(client, customer.id);
  const response = await client.post('/api/v1/visits', { vehicleId: vehicle.id });
  expect(response.statusCode).toBe(201);
  return { visit: response.json(), vehicle, customer };
}

const order = (visitId: string, overrides: Record<string, unknown> = {}) => ({
  visitId,
  concerns: '机油灯亮了，刹车有异响',
  promisedAt: '2026-11-20T17:00:00+08:00',
  packageIds: [packageId],
  lines: [
    { kind: 'labour', labourOperationId: brakeOpId, payType: 'customer' },
    { kind: 'parts', partId: padsId, quantity: 1, payType: 'customer', discountPercent: 10 },
    { kind: 'labour', description: '免费安全检查', hours: 0.3, payType: 'goodwill' },
  ],
  ...overrides,
});

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  await catalogue(ctx.network.dealerA);
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
});
afterAll(() => ctx.close());

describe('check-in', () => {
  it('opens a visit from an appointment, marking the appointment arrived, with arrival and greeting times', async () => {
    for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
    for (let i = 0; i < 2; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
    const customer = await createCustomer(agent);
    const vehicle = await createVehicle(agent, customer.id);
    const booked = (
      await agent.post('/api/v1/appointments', {
        vehicleId: vehicle.id,
        startsAt: '2026-11-20T10:30:00+08:00',
        requestedWork: [{ kind: 'maintenance', description: '保养' }],
        channel: 'phone',
      })
    ).json();
    expect(booked.id).toBeDefined();
    const arrived = await sa.post('/api/v1/visits', { appointmentId: booked.id, arrivedAt: '2026-11-20T09:57:00+08:00' });
    expect(arrived.statusCode).toBe(201);
    expect(arrived.json()).toMatchObject({
      appointmentId: booked.id,
      vehicle: { id: vehicle.id },
      greetedAt: '2026-11-20T02:00:00.000Z',
      timelyReception: false,
    });
    expect((await sa.get(`/api/v1/appointments/${booked.id}`)).json().status).toBe('arrived');
    const again = await sa.post('/api/v1/visits', { appointmentId: booked.id });
    expect(again.statusCode).toBe(409);
  });

  it('checks in a car booked for tomorrow that came early', async () => {
    const agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
    const customer = await createCustomer(agent);
    const vehicle = await createVehicle(agent, customer.id);
    const booked = (
      await agent.post('/api/v1/appointments', {
        vehicleId: vehicle.id,
        startsAt: '2026-11-21T08:30:00+08:00',
        requestedWork: [{ kind: 'maintenance', description: '保养' }],
        channel: 'phone',
      })
    ).json();
    const response = await sa.post('/api/v1/visits', { appointmentId: booked.id });
    expect(response.statusCode, response.body).toBe(201);
    expect((await sa.get(`/api/v1/appointments/${booked.id}`)).json()).toMatchObject({ status: 'arrived', arrivalStatus: 'early' });
  });

  it('opens a walk-in visit greeted at once (timely reception)', async () => {
    const { visit } = await walkInVisit();
    expect(visit).toMatchObject({ appointmentId: null, timelyReception: true });
  });
});

describe('the walk-around', () => {
  it('keeps the photos, the tyres and the damage marks, turns the odometer into a reading, and records the hash of what was signed', async () => {
    const { visit } = await walkInVisit();
    const upload = await sa.post('/api/v1/files', { contentType: 'image/png', dataBase64: PNG.split(',')[1] });
    expect(upload.statusCode).toBe(201);
    const { key } = upload.json();
    expect(key.startsWith(`${ctx.network.dealerA}/`)).toBe(true);
    const photo = await sa.get(`/api/v1/files/${key}`);
    expect(photo.headers['content-type']).toBe('image/png');

    const walkAround = {
      checklist: [
        { item: '灯光', ok: true },
        { item: '雨刮', ok: false, note: '左雨刮老化' },
      ],
      damage: [{ x: 22.5, y: 60, kind: 'scratch', note: '左前门划痕' }],
      tyres: { frontLeft: { treadMm: 3.2, pressureKpa: 230 }, frontRight: { treadMm: 3.4, pressureKpa: 235 } },
      fuelLevel: 40,
      odometerKm: 18_420,
      valuables: '行车记录仪',
      coversApplied: true,
      photos: [key],
      signaturePng: PNG,
    };
    const signed = await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround);
    expect(signed.statusCode).toBe(201);
    expect(signed.json()).toMatchObject({ odometerKm: 18_420, coversApplied: true, photos: [key], damage: [{ kind: 'scratch' }] });
    expect(signed.json().signedContentHash).toMatch(/^[0-9a-f]{64}$/);
    const readings = (await sa.get(`/api/v1/vehicles/${visit.vehicle.id}/mileage`)).json().items;
    expect(readings[0]).toMatchObject({ km: 18_420, source: 'service_visit' });
    expect((await sa.post(`/api/v1/visits/${visit.id}/inspection`, walkAround)).statusCode).toBe(409);
    expect((await sa.get(`/api/v1/visits/${visit.id}/inspection`)).json().signedContentHash).toBe(signed.json().signedContentHash);

    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    expect((await other.get(`/api/v1/files/${key}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/visits/${visit.id}/inspection`)).statusCode).toBe(404);
    const { visit: second } = await walkInVisit();
    const foreignPhoto = await sa.post(`/api/v1/visits/${second.id}/inspection`, {
      ...walkAround,
      photos: [`${ctx.network.dealerB}/${'a'.repeat(64)}.png`],
    });
    expect(foreignPhoto.json().errors[0]).toMatchObject({ field: 'photos', code: 'unknown_file' });
  });
});

describe('the walk-around checklist', () => {
  it('is the default list until the service manager sets the dealer’s own; bad lists are refused and change nothing', async () => {
    expect((await sa.get('/api/v1/walkaround-template')).json()).toEqual({
      items: ['灯光', '雨刮', '轮胎', '车身外观', '内饰', '油液'],
      updatedAt: null,
    });
    expect((await sa.put('/api/v1/walkaround-template', { items: ['灯光'] })).statusCode).toBe(403);

    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const duplicate = await manager.put('/api/v1/walkaround-template', { items: ['灯光', '灯光'] });
    expect(duplicate.statusCode).toBe(400);
    expect(duplicate.json().errors[0].field).toBe('items');
    const empty = await manager.put('/api/v1/walkaround-template', { items: [] });
    expect(empty.json().errors[0].field).toBe('items');
    expect((await sa.get('/api/v1/walkaround-template')).json().updatedAt).toBeNull();

    const saved = await manager.put('/api/v1/walkaround-template', { items: [' 灯光 ', '随车工具', '备胎'] });
    expect(saved.statusCode).toBe(200);
    expect((await sa.get('/api/v1/walkaround-template')).json()).toMatchObject({
      items: ['灯光', '随车工具', '备胎'],
      updatedAt: expect.any(String),
    });
    // Another dealer keeps its own (default) list.
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    expect((await other.get('/api/v1/walkaround-template')).json().updatedAt).toBeNull();
  });
});

describe('the repair order', () => {
  it('is numbered per dealer and day, built from a maintenance package and catalogue lines, with totals equal to the sum of its lines', async () => {
    const { visit } = await walkInVisit();
    const response = await sa.post('/api/v1/repair-orders', order(visit.id, { odometerKm: 15_230 }));
    expect(response.statusCode).toBe(201);
    const ro = response.json();
    expect(ro.number).toMatch(/^RO-20261120-\d{4}$/);
    expect(ro.status).toBe('open');
    expect(ro.lines.map((l: { code: string | null; description: string }) => l.code ?? l.description)).toEqual([
      'L-OIL',
      'OIL-4L',
      'OF-1',
      'L-BRK',
      'BP-F',
      '免费安全检查',
    ]);
    // Labour at the default 180 yuan an hour: 0.5 h = 90.00, 1.2 h = 216.00; pads 480.00 less 10%.
    expect(ro.lines.find((l: { code: string }) => l.code === 'L-BRK').amount.netFen).toBe(21600);
    expect(ro.lines.find((l: { code: string }) => l.code === 'BP-F').amount).toEqual({ grossFen: 48000, discountFen: 4800, netFen: 43200 });
    const sum = ro.lines.reduce((s: number, l: { amount: { netFen: number } }) => s + l.amount.netFen, 0);
    expect(ro.totals.totalFen).toBe(sum);
    expect(ro.totals.customerPayableFen).toBe(sum - ro.totals.byPayType.goodwill.netFen);
    expect(ro.totals.freeItemCount).toBe(1);
    const reading = await ctx.db
      .selectFrom('mileage_readings')
      .selectAll()
      .where('vehicle_id', '=', visit.vehicle.id)
      .executeTakeFirstOrThrow();
    expect(reading).toMatchObject({ km: 15_230, source: 'service_visit' });
  });

  it.each([
    ['without the promised delivery time', { promisedAt: undefined }, 'promisedAt'],
    ['with a promised time already passed', { promisedAt: '2026-11-20T09:00:00+08:00' }, 'promisedAt'],
    [
      'with an unknown part',
      { lines: [{ kind: 'parts', partId: '0190a0a0-0000-7000-8000-000000000009', quantity: 1, payType: 'customer' }] },
      'lines.0.partId',
    ],
    ['without the customer’s words', { concerns: '' }, 'concerns'],
  ])('is refused %s, naming the field, and nothing is written', async (_label, override, field) => {
    const { visit } = await walkInVisit();
    const before = await ctx.db
      .selectFrom('repair_orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const response = await sa.post('/api/v1/repair-orders', order(visit.id, override));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    const after = await ctx.db
      .selectFrom('repair_orders')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });

  it('writes nothing when the odometer reading is lower than an earlier one', async () => {
    const { visit } = await walkInVisit();
    await sa.post(`/api/v1/vehicles/${visit.vehicle.id}/mileage`, { readOn: '2026-10-01', km: 20_000, source: 'service_visit' });
    const response = await sa.post('/api/v1/repair-orders', order(visit.id, { odometerKm: 19_000 }));
    expect(response.statusCode).toBe(400);
    // The refusal names the order's own field and carries the last reading for the form.
    expect(response.json().errors[0]).toMatchObject({ field: 'odometerKm', code: 'lower_than_earlier' });
    expect(response.json().lastReading).toEqual({ km: 20_000, readOn: '2026-10-01' });
    expect(await ctx.db.selectFrom('repair_orders').select('id').where('visit_id', '=', visit.id).execute()).toEqual([]);
  });

  it('refuses a stale edit with 409; of two concurrent edits exactly one wins', async () => {
    const { visit } = await walkInVisit();
    const ro = (await sa.post('/api/v1/repair-orders', order(visit.id))).json();
    const results = await Promise.all([
      sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, diagnosis: '前刹车片磨损到极限' }),
      sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, diagnosis: '机油液位偏低' }),
    ]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('version_conflict');
    const winner = results.find((r) => r.statusCode === 200)!.json();
    expect((await sa.get(`/api/v1/repair-orders/${ro.id}`)).json().diagnosis).toBe(winner.diagnosis);
  });

  it('is authorised by the customer’s signature, with the hash of what was signed; lines are then locked', async () => {
    const { visit } = await walkInVisit();
    const ro = (await sa.post('/api/v1/repair-orders', order(visit.id))).json();
    const unsigned = await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: 'not-a-png' });
    expect(unsigned.statusCode).toBe(400);
    const signed = await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG });
    expect(signed.statusCode).toBe(200);
    expect(signed.json()).toMatchObject({ status: 'authorised', signedAt: '2026-11-20T02:00:00.000Z' });
    expect(signed.json().signedContentHash).toMatch(/^[0-9a-f]{64}$/);
    const edit = await sa.patch(`/api/v1/repair-orders/${ro.id}`, { version: signed.json().version, lines: [] });
    expect(edit.statusCode).toBe(409);
    expect(edit.json().code).toBe('invalid_transition');
  });

  it('cannot be authorised without lines', async () => {
    const { visit } = await walkInVisit();
    const ro = (await sa.post('/api/v1/repair-orders', order(visit.id, { lines: [], packageIds: [] }))).json();
    const response = await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'lines', code: 'no_lines' });
  });

  it('moves through the workshop; a failed quality check goes back with a reason and counts a rework', async () => {
    const { visit } = await walkInVisit();
    let ro = (await sa.post('/api/v1/repair-orders', order(visit.id))).json();
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
    const step = async (to: string, reason?: string) => {
      const r = await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to, ...(reason ? { reason } : {}) });
      if (r.statusCode === 200) ro = r.json();
      return r;
    };
    expect((await step('ready')).statusCode).toBe(409); // not before the work and the check
    expect((await step('in_progress')).json().status).toBe('in_progress');
    expect((await step('quality_check')).json().status).toBe('quality_check');
    const noReason = await step('in_progress');
    expect(noReason.statusCode).toBe(400);
    expect(noReason.json().errors[0]).toMatchObject({ field: 'reason', code: 'reason_required' });
    expect((await step('in_progress', '刹车仍有异响')).json()).toMatchObject({ status: 'in_progress', reworkCount: 1 });
    await step('quality_check');
    expect((await step('ready')).json().status).toBe('ready');
    const invoiced = await step('invoiced');
    expect(invoiced.statusCode).toBe(409);
    expect((await step('cancelled', '客户不修了')).statusCode).toBe(409);
  });

  it('stays within the dealer: another dealer neither reads nor edits it', async () => {
    const { visit } = await walkInVisit();
    const ro = (await sa.post('/api/v1/repair-orders', order(visit.id))).json();
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    expect((await other.get(`/api/v1/repair-orders/${ro.id}`)).statusCode).toBe(404);
    expect((await other.get(`/api/v1/visits/${visit.id}`)).statusCode).toBe(404);
    expect((await other.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, diagnosis: 'x' })).statusCode).toBe(404);
    expect((await other.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).statusCode).toBe(404);
    expect(
      (await other.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to: 'cancelled', reason: 'x' })).statusCode,
    ).toBe(404);
    expect((await other.post('/api/v1/repair-orders', order(visit.id))).statusCode).toBe(400);
    expect((await other.get('/api/v1/repair-orders')).json().items.map((r: { id: string }) => r.id)).not.toContain(ro.id);
    expect((await other.get('/api/v1/catalogue')).json().packages).toEqual([]);
  });
});
