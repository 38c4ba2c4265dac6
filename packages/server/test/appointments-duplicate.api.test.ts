import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext, uniqueMobile } from './harness.js';

// Issue 12 §11: the same car booked twice on the same day (08:30 and 09:00) without a word. A second
// booking of a car with an open appointment that day is refused with 409 naming the first, unless
// the person confirms it is intended.
// The test clock: Friday 2026-11-20 10:00 in Shanghai; bookings are for Monday 2026-11-23.
// Each test books its own times, so that slot capacity (3 seats) never decides.
const MONDAY_0830 = '2026-11-23T08:30:00+08:00';
const MONDAY_0900 = '2026-11-23T09:00:00+08:00';
const TUESDAY_0900 = '2026-11-24T09:00:00+08:00';

let ctx: TestContext;
let agent: Client;

async function newVehicle(client: Client = agent, overrides: Record<string, unknown> = {}) {
  const customer = await createCustomer(client, { name: '重约客户' });
  return createVehicle(client, customer.id, overrides);
}

const booking = (vehicleId: string, startsAt: string, overrides: Record<string, unknown> = {}) => ({
  vehicleId,
  startsAt,
  durationMinutes: 60,
  requestedWork: [{ kind: 'maintenance', description: '5000公里保养' }],
  channel: 'phone',
  ...overrides,
});

const count = async (table: 'appointments' | 'outbox_messages') =>
  Number(
    (
      await ctx.db
        .selectFrom(table)
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  // 5 SAs and 10 technicians: 3 seats per slot, so capacity never decides here.
  for (let i = 0; i < 5; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerA, roles: ['technician'] });
  for (let i = 0; i < 5; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId: ctx.network.dealerB, roles: ['technician'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
});
afterAll(() => ctx.close());

describe('a second booking of the same car on the same day', () => {
  it('is refused with 409 naming the existing appointment, and nothing is written', async () => {
    const vehicle = await newVehicle();
    const first = await agent.post('/api/v1/appointments', booking(vehicle.id, MONDAY_0830));
    expect(first.statusCode).toBe(201);
    const appointmentsBefore = await count('appointments');
    const messagesBefore = await count('outbox_messages');

    const second = await agent.post('/api/v1/appointments', booking(vehicle.id, MONDAY_0900));
    expect(second.statusCode).toBe(409);
    expect(second.headers['content-type']).toContain('application/problem+json');
    expect(second.json()).toMatchObject({
      code: 'appointment_same_day',
      existing: { id: first.json().id, number: first.json().number, startsAt: '2026-11-23T00:30:00.000Z' },
    });
    expect(await count('appointments')).toBe(appointmentsBefore);
    expect(await count('outbox_messages')).toBe(messagesBefore);
    // The seat of 09:00 was not taken either.
    const slots = (await agent.get('/api/v1/availability?from=2026-11-23&to=2026-11-23')).json().days[0].slots;
    expect(slots.find((s: { time: string }) => s.time === '09:00')).toMatchObject({ booked: 0 });
  });

  it('is booked when the person confirms it is intended, with its own SMS', async () => {
    const vehicle = await newVehicle();
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T10:30:00+08:00'))).statusCode).toBe(201);
    const second = await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T11:00:00+08:00', { confirmDuplicate: true }));
    expect(second.statusCode).toBe(201);
    const rows = await ctx.db.selectFrom('appointments').select(['id', 'status']).where('vehicle_id', '=', vehicle.id).execute();
    expect(rows).toHaveLength(2);
    expect(
      await ctx.db
        .selectFrom('outbox_messages')
        .select('id')
        .where('dedupe_key', '=', `appointment:${second.json().id}:booked`)
        .executeTakeFirst(),
    ).toBeDefined();
  });

  it('books another day, or again once the first is cancelled, without asking', async () => {
    const vehicle = await newVehicle();
    const first = (await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T13:00:00+08:00'))).json();
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, TUESDAY_0900))).statusCode).toBe(201);
    expect((await agent.post(`/api/v1/appointments/${first.id}/cancel`, { version: first.version, reason: '客户改期' })).statusCode).toBe(
      200,
    );
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T13:30:00+08:00'))).statusCode).toBe(201);
  });

  it('counts the dealer-local day: 19:00 and 08:30 the next morning are different days', async () => {
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    // Open late on this dealer so that 19:30 local is bookable; the day boundary is midnight in Shanghai (16:00 UTC).
    expect((await manager.patch('/api/v1/appointment-settings', { closesAt: '20:00' })).statusCode).toBe(200);
    const vehicle = await newVehicle();
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T19:00:00+08:00'))).statusCode).toBe(201);
    // 2026-11-24 08:30 Shanghai is 2026-11-24T00:30Z: a different local day although within 24 hours.
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-24T08:30:00+08:00'))).statusCode).toBe(201);
  });

  it('does not look at another dealer’s appointments of the car', async () => {
    const vehicle = await newVehicle();
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T14:00:00+08:00'))).statusCode).toBe(201);
    const agentB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['appointment_agent'] });
    const found = await agentB.post('/api/v1/vehicles/lookup', { vin: vehicle.vin });
    expect(found.statusCode, found.body).toBe(200);
    expect((await agentB.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T14:30:00+08:00'))).statusCode).toBe(201);
  });

  it('refuses a booking from a follow-up call the same way, and books it when confirmed', async () => {
    const vehicle = await newVehicle();
    expect((await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-23T15:00:00+08:00'))).statusCode).toBe(201);
    const task = await ctx.db
      .insertInto('follow_up_tasks')
      .values({
        dealer_id: ctx.network.dealerA,
        id: newId(),
        rule: 'post_service',
        period_key: `dup-${vehicle.id}`,
        customer_id: vehicle.owner.id,
        vehicle_id: vehicle.id,
        anchor_on: '2026-11-20',
        due_from: '2026-11-20',
        due_until: '2026-11-30',
        owner_id: agent.user.id,
        created_at: ctx.clock.now(),
      })
      .returning(['id', 'version'])
      .executeTakeFirstOrThrow();
    const call = {
      version: task.version,
      startsAt: '2026-11-23T15:30:00+08:00',
      durationMinutes: 60,
      requestedWork: [{ kind: 'maintenance', description: '定期保养' }],
    };
    const refused = await agent.post(`/api/v1/follow-up/tasks/${task.id}/appointment`, call);
    expect(refused.statusCode, refused.body).toBe(409);
    expect(refused.json()).toMatchObject({ code: 'appointment_same_day', existing: { startsAt: '2026-11-23T07:00:00.000Z' } });
    const booked = await agent.post(`/api/v1/follow-up/tasks/${task.id}/appointment`, { ...call, confirmDuplicate: true });
    expect(booked.statusCode, booked.body).toBe(201);
  });
});

describe('the customer’s own booking page', () => {
  async function codeFor(mobile: string, plate: string) {
    const sent = await ctx.app.inject({ method: 'POST', url: '/api/v1/public/dealers/A01/otp', payload: { mobile, plate } });
    expect(sent.statusCode).toBe(202);
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('recipient', '=', mobile)
      .where('template', '=', 'otp.code')
      .orderBy('created_at', 'desc')
      .executeTakeFirstOrThrow();
    return /(\d{6})/.exec(sms.body)![1]!;
  }
  const publicBooking = (payload: Record<string, unknown>) =>
    ctx.app.inject({ method: 'POST', url: '/api/v1/public/dealers/A01/bookings', payload });

  it('tells the customer the car is already booked that day (number and time, no internal id), keeps the code usable, and books when confirmed', async () => {
    const mobile = uniqueMobile();
    const owner = await createCustomer(agent, { name: '网约重复', mobile });
    const vehicle = await createVehicle(agent, owner.id);
    const staffBooked = (await agent.post('/api/v1/appointments', booking(vehicle.id, '2026-11-25T08:30:00+08:00'))).json();

    const code = await codeFor(mobile, vehicle.plate);
    const payload = {
      mobile,
      plate: vehicle.plate,
      code,
      startsAt: '2026-11-25T13:00:00+08:00',
      requestedWork: [{ kind: 'repair', description: '空调不制冷' }],
    };
    const before = await count('appointments');
    const refused = await publicBooking(payload);
    expect(refused.statusCode).toBe(409);
    expect(refused.json()).toMatchObject({
      code: 'appointment_same_day',
      existing: { number: staffBooked.number, startsAt: '2026-11-25T00:30:00.000Z' },
    });
    expect(refused.json().existing.id).toBeUndefined();
    expect(await count('appointments')).toBe(before);

    const booked = await publicBooking({ ...payload, confirmDuplicate: true });
    expect(booked.statusCode, booked.body).toBe(201);
  });

  it('matches an unknown plate by the plate', async () => {
    const mobile = uniqueMobile();
    const plate = '京A9Z981';
    const first = await publicBooking({
      mobile,
      plate,
      code: await codeFor(mobile, plate),
      startsAt: '2026-11-26T10:00:00+08:00',
      name: '新客',
      requestedWork: [{ kind: 'maintenance', description: '保养' }],
    });
    expect(first.statusCode, first.body).toBe(201);
    ctx.clock.advance(61_000); // a new code may be asked for after a minute
    const second = await publicBooking({
      mobile,
      plate,
      code: await codeFor(mobile, plate),
      startsAt: '2026-11-26T15:00:00+08:00',
      name: '新客',
      requestedWork: [{ kind: 'maintenance', description: '保养' }],
    });
    expect(second.statusCode).toBe(409);
    expect(second.json().existing).toMatchObject({ number: first.json().appointment.number, startsAt: '2026-11-26T02:00:00.000Z' });
  });
});
