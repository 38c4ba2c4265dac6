import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Pick-up and delivery (上门取送车) and designated driving (代驾): the dealer's areas and fee, the desk's
// day plan with its drivers, a driver never booked twice at once, and the driver's page that opens
// one job by its token and texts the customer when the driver sets out and when the car is back.

const SIGNATURE = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=';

let ctx: TestContext;
let desk: Client;
let manager: Client;
let deskB: Client;
let driverUser: Client;
let otherDriver: Client;
let analyst: Client;
let vehicleId: string;

const settings = {
  enabled: true,
  maxDistanceKm: 20,
  freeKm: 10,
  feePerKmFen: 300,
  areas: [
    { name: '朝阳区', distanceKm: 8 },
    { name: '海淀区', distanceKm: 12.5 },
    { name: '通州区', distanceKm: 26 },
  ],
};
// The test clock is 2026-11-20T02:00Z (10:00 in Beijing): windows this afternoon.
const window = (fromHour: number, toHour: number) => ({
  windowStart: `2026-11-20T${String(fromHour).padStart(2, '0')}:00:00+08:00`,
  windowEnd: `2026-11-20T${String(toHour).padStart(2, '0')}:00:00+08:00`,
});
const jobCount = async () => (await ctx.db.selectFrom('pickup_jobs').select('id').execute()).length;
const smsTo = async (template: string) =>
  (await ctx.db.selectFrom('outbox_messages').select(['template', 'recipient']).where('template', '=', template).execute()).length;

async function book(overrides: Record<string, unknown> = {}) {
  const response = await desk.post('/api/v1/pickup/jobs', {
    kind: 'pickup',
    vehicleId,
    area: '海淀区',
    address: '中关村大街1号',
    ...window(14, 16),
    ...overrides,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

beforeAll(async () => {
  ctx = await createTestContext();
  const { dealerA, dealerB } = ctx.network;
  desk = await ctx.loginAs({ dealerId: dealerA, roles: ['front_desk_supervisor'] });
  manager = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  deskB = await ctx.loginAs({ dealerId: dealerB, roles: ['front_desk_supervisor'] });
  driverUser = await ctx.loginAs({ dealerId: dealerA, roles: ['driver'] });
  otherDriver = await ctx.loginAs({ dealerId: dealerA, roles: ['driver'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  const sa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  const customer = await createCustomer(sa, { name: '赵敏' });
  vehicleId = (await createVehicle(sa, customer.id)).id;
  const saved = await manager.put('/api/v1/pickup/settings', settings);
  expect(saved.statusCode, saved.body).toBe(200);
});

afterAll(async () => {
  await ctx?.close();
});

describe('the dealer’s settings', () => {
  it('are read back, and saved again only at the version read', async () => {
    const read = (await desk.get('/api/v1/pickup/settings')).json();
    expect(read).toMatchObject({ enabled: true, maxDistanceKm: 20, version: 1 });
    expect((await manager.put('/api/v1/pickup/settings', { ...settings, version: 1, feePerKmFen: 400 })).statusCode).toBe(200);
    expect((await manager.put('/api/v1/pickup/settings', { ...settings, version: 1 })).statusCode).toBe(409);
    expect((await manager.put('/api/v1/pickup/settings', { ...settings, version: 2, feePerKmFen: 300 })).statusCode).toBe(200);
  });

  it('refuse an area named twice, and the desk may not change them', async () => {
    const twice = await manager.put('/api/v1/pickup/settings', { ...settings, version: 3, areas: [settings.areas[0], settings.areas[0]] });
    expect(twice.statusCode).toBe(400);
    expect(twice.json().errors[0].field).toBe('areas.1.name');
    expect((await desk.put('/api/v1/pickup/settings', { ...settings, version: 3 })).statusCode).toBe(403);
  });
});

describe('booking', () => {
  it('prices the job by its area’s distance', async () => {
    const job = await book();
    expect(job).toMatchObject({ status: 'requested', distanceKm: 12.5, feeFen: 900, area: '海淀区', driver: null });
    expect(job.number).toMatch(/^PU-20261120-\d{4}$/);
  });

  it('refuses, naming the field and writing nothing: outside the area, an unknown area, a window that has begun or lasts too long', async () => {
    const before = await jobCount();
    for (const [overrides, field, code] of [
      [{ area: '通州区' }, 'area', 'outside_area'],
      [{ area: '延庆区' }, 'area', 'unknown_area'],
      [window(8, 9), 'windowStart', 'in_past'],
      [window(12, 17), 'windowEnd', 'window_too_long'],
      [{ address: '' }, 'address', undefined],
      [{ vehicleId: '00000000-0000-4000-8000-000000000000' }, 'vehicleId', 'unknown_vehicle'],
    ] as const) {
      const response = await desk.post('/api/v1/pickup/jobs', {
        kind: 'pickup',
        vehicleId,
        area: '海淀区',
        address: '中关村大街1号',
        ...window(14, 16),
        ...overrides,
      });
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      const error = response.json().errors[0];
      expect(error.field).toBe(field);
      if (code) expect(error.code).toBe(code);
    }
    expect(await jobCount()).toBe(before);
  });
});

describe('assigning a driver', () => {
  it('never books a driver twice at once, even when two desks assign together', async () => {
    const first = await book(window(13, 15));
    const second = await book(window(14, 16));
    const [a, b] = await Promise.all([
      desk.post(`/api/v1/pickup/jobs/${first.id}/assign`, { driverId: driverUser.user.id, version: first.version }),
      desk.post(`/api/v1/pickup/jobs/${second.id}/assign`, { driverId: driverUser.user.id, version: second.version }),
    ]);
    const codes = [a.statusCode, b.statusCode].sort();
    expect(codes).toEqual([200, 409]);
    const refused = a.statusCode === 409 ? a : b;
    expect(refused.json()).toMatchObject({ code: 'driver_busy' });
    expect(refused.json().errors[0].field).toBe('driverId');
    // Another driver takes the overlapping job; a window after the first is free for the same driver.
    const loser = a.statusCode === 409 ? first : second;
    expect(
      (await desk.post(`/api/v1/pickup/jobs/${loser.id}/assign`, { driverId: otherDriver.user.id, version: loser.version })).statusCode,
    ).toBe(200);
    const later = await book(window(16, 18));
    expect(
      (await desk.post(`/api/v1/pickup/jobs/${later.id}/assign`, { driverId: driverUser.user.id, version: later.version })).statusCode,
    ).toBe(200);
  });

  it('takes only a driver of the dealer', async () => {
    const job = await book(window(18, 19));
    const response = await desk.post(`/api/v1/pickup/jobs/${job.id}/assign`, { driverId: desk.user.id, version: job.version });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'driverId', code: 'unknown_driver' });
  });
});

describe('the driver’s page', () => {
  it('sets out, takes the car with the walk-around and the signature, and hands it over; the customer is texted twice for a delivery', async () => {
    const job = await book({ kind: 'delivery', ...window(19, 21) });
    const assigned = await desk.post(`/api/v1/pickup/jobs/${job.id}/assign`, { driverId: driverUser.user.id, version: job.version });
    const token = new URL(assigned.json().link.url).pathname.split('/').slice(-2).join('/');
    const page = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${token}` });
    expect(page.statusCode).toBe(200);
    expect(page.json()).toMatchObject({ id: job.id, status: 'assigned', dealer: { name: '甲店' } });

    // Not yet set out: the car cannot be taken.
    const early = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/driver-jobs/${token}/take`,
      payload: { damage: [], fuelLevel: 50, odometerKm: 12_000, signaturePng: SIGNATURE },
    });
    expect(early.statusCode).toBe(409);

    const setOut = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/driver-jobs/${token}/set-out` });
    expect(setOut.statusCode, setOut.body).toBe(200);
    expect(setOut.json().job.status).toBe('en_route');
    expect(setOut.json().message).toMatchObject({ channel: 'sms' });
    expect(await smsTo('pickup.set_out')).toBe(1);

    const take = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/driver-jobs/${token}/take`,
      payload: { damage: [{ x: 20, y: 30, kind: 'scratch', note: '左前门' }], fuelLevel: 60, odometerKm: 12_000, signaturePng: SIGNATURE },
    });
    expect(take.statusCode, take.body).toBe(200);
    expect(take.json().job).toMatchObject({ status: 'picked_up', startKm: 12_000, fuelLevel: 60, signed: true });
    expect(take.json().job.damage).toHaveLength(1);
    expect(take.json().message).toBeNull();

    const below = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/driver-jobs/${token}/hand-over`,
      payload: { odometerKm: 11_990 },
    });
    expect(below.statusCode).toBe(400);
    expect(below.json().errors[0]).toMatchObject({ field: 'odometerKm', code: 'below_start_km' });

    const handOver = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/driver-jobs/${token}/hand-over`,
      payload: { odometerKm: 12_014 },
    });
    expect(handOver.statusCode, handOver.body).toBe(200);
    expect(handOver.json().job).toMatchObject({ status: 'completed', endKm: 12_014 });
    expect(await smsTo('pickup.car_back')).toBe(1);

    // Done: the link no longer opens the job.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${token}` })).statusCode).toBe(410);
  });

  it('opens nothing with a made-up or replaced token', async () => {
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${'x'.repeat(43)}` })).statusCode).toBe(410);
    const job = await book(window(21, 22));
    const first = await desk.post(`/api/v1/pickup/jobs/${job.id}/assign`, { driverId: otherDriver.user.id, version: job.version });
    const oldToken = new URL(first.json().link.url).pathname.split('/').slice(-2).join('/');
    const fresh = await desk.post(`/api/v1/pickup/jobs/${job.id}/driver-link`);
    expect(fresh.statusCode).toBe(200);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${oldToken}` })).statusCode).toBe(410);
    const newToken = new URL(fresh.json().url).pathname.split('/').slice(-2).join('/');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${newToken}` })).json().id).toBe(job.id);
    // The link names its dealer: under another dealer's code the token opens nothing (as a replaced one), under a code of no
    // dealer it is not found; without a code (a link sent before links carried the dealer) it still opens the job.
    const [code, bare] = newToken.split('/') as [string, string];
    expect(code).toBe('A01');
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/B01/${bare}` })).statusCode).toBe(410);
    expect((await ctx.app.inject({ method: 'POST', url: `/api/v1/public/driver-jobs/B01/${bare}/set-out` })).statusCode).toBe(410);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/ZZ99/${bare}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/driver-jobs/${bare}` })).json()).toMatchObject({
      id: job.id,
      status: 'assigned',
    });
  });

  it('lists a driver’s own jobs, and opens a link only to the driver’s own job', async () => {
    const mine = (await driverUser.get('/api/v1/pickup/my-jobs')).json();
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((j: { driver: { id: string } }) => j.driver.id === driverUser.user.id)).toBe(true);
    const own = await driverUser.post(`/api/v1/pickup/jobs/${mine[0].id}/driver-link`);
    expect(own.statusCode).toBe(200);
    const theirs = (await otherDriver.get('/api/v1/pickup/my-jobs')).json();
    expect((await driverUser.post(`/api/v1/pickup/jobs/${theirs[0].id}/driver-link`)).statusCode).toBe(403);
  });
});

describe('the day plan', () => {
  it('lists the day’s jobs by window with the dealer’s drivers; the car maker reads it naming the dealer', async () => {
    const day = (await desk.get('/api/v1/pickup/jobs?date=2026-11-20')).json();
    expect(day.jobs.length).toBeGreaterThan(3);
    expect(day.drivers.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining([driverUser.user.id, otherDriver.user.id]));
    const starts = day.jobs.map((j: { windowStart: string }) => j.windowStart);
    expect(starts).toEqual([...starts].sort());
    expect((await desk.get('/api/v1/pickup/jobs?date=2026-11-21')).json().jobs).toEqual([]);

    const network = await analyst.get(`/api/v1/pickup/jobs?date=2026-11-20&dealerId=${ctx.network.dealerA}`);
    expect(network.statusCode).toBe(200);
    expect(network.json().jobs).toHaveLength(day.jobs.length);
    // The car maker reads; it books nothing.
    expect(
      (await analyst.post('/api/v1/pickup/jobs', { kind: 'pickup', vehicleId, area: '海淀区', address: '中关村', ...window(14, 16) }))
        .statusCode,
    ).toBe(403);
  });

  it('cancels a job before the car is taken, with the reason', async () => {
    const job = await book(window(15, 16));
    const cancelled = await desk.post(`/api/v1/pickup/jobs/${job.id}/cancel`, { reason: '客户改为自行到店', version: job.version });
    expect(cancelled.statusCode).toBe(200);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '客户改为自行到店' });
  });
});

describe('isolation', () => {
  it('keeps every endpoint inside the dealer', async () => {
    const job = await book(window(17, 18));
    const other = await deskB.get('/api/v1/pickup/jobs?date=2026-11-20');
    expect(other.json().jobs).toEqual([]);
    expect(
      (await deskB.post(`/api/v1/pickup/jobs/${job.id}/assign`, { driverId: driverUser.user.id, version: job.version })).statusCode,
    ).toBe(404);
    expect((await deskB.post(`/api/v1/pickup/jobs/${job.id}/cancel`, { reason: '不要了', version: job.version })).statusCode).toBe(404);
    expect((await deskB.post(`/api/v1/pickup/jobs/${job.id}/driver-link`)).statusCode).toBe(404);
    // Dealer B's desk cannot book dealer A's car.
    const foreign = await deskB.post('/api/v1/pickup/jobs', {
      kind: 'pickup',
      vehicleId,
      area: '海淀区',
      address: '中关村',
      ...window(14, 16),
    });
    expect(foreign.statusCode).toBe(400);
    // A dealer's staff cannot read another dealer's day by naming it.
    expect((await desk.get(`/api/v1/pickup/jobs?date=2026-11-20&dealerId=${ctx.network.dealerB}`)).statusCode).toBe(403);
  });
});

describe('the customer books a pick-up with an online booking', () => {
  const dealerCode = 'A01';
  const startsAt = '2026-11-23T13:00:00+08:00';
  const inject = (method: 'GET' | 'POST', url: string, payload?: object) => ctx.app.inject({ method, url, payload });

  // The service drive's seats come from its advisors and technicians.
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
  });

  /** A customer of dealer A with a car, and a one-time code sent to their phone. */
  async function customerWithCode(mobile: string, plate: string) {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const owner = await createCustomer(sa, { name: '钱多多', mobile });
    const vehicle = await createVehicle(sa, owner.id, { plate });
    expect((await inject('POST', `/api/v1/public/dealers/${dealerCode}/otp`, { mobile, plate })).statusCode).toBe(202);
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('recipient', '=', mobile)
      .where('template', '=', 'otp.code')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return {
      owner,
      vehicle,
      payload: {
        mobile,
        plate,
        code: /(\d{6})/.exec(sms.body)![1]!,
        startsAt,
        requestedWork: [{ kind: 'maintenance', description: '常规保养' }],
      },
    };
  }
  const pickup = {
    area: '海淀区',
    address: '中关村大街27号',
    windowStart: '2026-11-23T11:30:00+08:00',
    windowEnd: '2026-11-23T12:30:00+08:00',
  };
  const book = (payload: object) => inject('POST', `/api/v1/public/dealers/${dealerCode}/bookings`, payload);

  it('shows the dealer’s areas within its limit with their fee, and the window it offers', async () => {
    const dealer = (await inject('GET', `/api/v1/public/dealers/${dealerCode}`)).json();
    expect(dealer.pickup).toEqual({
      areas: [
        { name: '朝阳区', distanceKm: 8, feeFen: 0 },
        { name: '海淀区', distanceKm: 12.5, feeFen: 900 },
      ],
      leadMinutes: 30,
      windowMinutes: 60,
    });
  });

  it('books the pick-up with the appointment; the desk sees it on the day plan and the customer on the booking page', async () => {
    const { owner, vehicle, payload } = await customerWithCode('13712340001', '京A61001');
    const booked = await book({ ...payload, pickup });
    expect(booked.statusCode, booked.body).toBe(201);
    expect(booked.json().appointment.pickup).toMatchObject({ area: '海淀区', address: '中关村大街27号', feeFen: 900, status: 'requested' });
    const row = await ctx.db.selectFrom('pickup_jobs').selectAll().where('vehicle_id', '=', vehicle.id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      booked_via: 'online',
      created_by: null,
      customer_id: owner.id,
      contact_mobile: '13712340001',
      kind: 'pickup',
    });
    const day = (await desk.get('/api/v1/pickup/jobs?date=2026-11-23')).json();
    expect(day.jobs).toContainEqual(expect.objectContaining({ id: row.id, bookedVia: 'online', appointmentId: row.appointment_id }));

    const token = `${dealerCode}/${booked.json().manageToken}`;
    expect((await inject('GET', `/api/v1/public/appointments/${token}`)).json().pickup).toMatchObject({ status: 'requested' });
    // The driver's window was set for this time: moving it is the desk's job.
    const moved = await inject('POST', `/api/v1/public/appointments/${token}/move`, { startsAt: '2026-11-23T15:00:00+08:00' });
    expect(moved.statusCode).toBe(409);
    expect(moved.json().code).toBe('pickup_booked');
    // Cancelling the booking cancels the pick-up with it.
    const cancelled = await inject('POST', `/api/v1/public/appointments/${token}/cancel`);
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', pickup: null });
    const after = await ctx.db
      .selectFrom('pickup_jobs')
      .select(['status', 'cancel_reason'])
      .where('id', '=', row.id)
      .executeTakeFirstOrThrow();
    expect(after.status).toBe('cancelled');
  });

  it('refuses a pick-up outside the area, after the appointment or for an unknown car, naming the field and writing nothing', async () => {
    const { payload } = await customerWithCode('13712340002', '京A61002');
    const appointments = async () => (await ctx.db.selectFrom('appointments').select('id').execute()).length;
    const [jobsBefore, appointmentsBefore] = [await jobCount(), await appointments()];
    const far = await book({ ...payload, pickup: { ...pickup, area: '通州区' } });
    expect(far.statusCode).toBe(400);
    expect(far.json().errors[0]).toMatchObject({ field: 'pickup.area', code: 'outside_area' });
    const late = await book({
      ...payload,
      pickup: { ...pickup, windowStart: '2026-11-23T12:30:00+08:00', windowEnd: '2026-11-23T13:30:00+08:00' },
    });
    expect(late.statusCode).toBe(400);
    expect(late.json().errors[0]).toMatchObject({ field: 'pickup.windowEnd', code: 'after_appointment' });
    const badAddress = await book({ ...payload, pickup: { ...pickup, address: '' } });
    expect(badAddress.statusCode).toBe(400);
    expect(badAddress.json().errors[0].field).toBe('pickup.address');
    expect([await jobCount(), await appointments()]).toEqual([jobsBefore, appointmentsBefore]);

    // A plate the network does not know under this mobile books for staff review, without a driver.
    expect(
      (await inject('POST', `/api/v1/public/dealers/${dealerCode}/otp`, { mobile: '13712340003', plate: '京A69999' })).statusCode,
    ).toBe(202);
    const sms = await ctx.db.selectFrom('outbox_messages').select('body').where('recipient', '=', '13712340003').executeTakeFirstOrThrow();
    const stranger = await book({ ...payload, mobile: '13712340003', plate: '京A69999', code: /(\d{6})/.exec(sms.body)![1]!, pickup });
    expect(stranger.statusCode).toBe(400);
    expect(stranger.json().errors[0]).toMatchObject({ field: 'pickup', code: 'unregistered_car' });
    expect([await jobCount(), await appointments()]).toEqual([jobsBefore, appointmentsBefore]);
  });
});
