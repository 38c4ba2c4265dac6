import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The test clock: Friday 2026-11-20 10:00 in Shanghai. Bookings are for Monday 2026-11-23.
const MONDAY_9 = '2026-11-23T09:00:00+08:00';

let ctx: TestContext;
let agent: Client;
let vehicleId: string;
let saIds: string[] = [];

/** 5 SAs and 10 technicians at 70%: floor(3.5) = 3 seats per slot. */
async function staffDealer(dealerId: string) {
  const ids: string[] = [];
  for (let i = 0; i < 5; i++) ids.push((await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] })).id);
  for (let i = 0; i < 10; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
  return ids;
}

async function newVehicle(client: Client = agent) {
  const customer = await createCustomer(client, { name: `预约${Math.floor(Math.random() * 1e6)}` });
  return (await createVehicle(client, customer.id)).id as string;
}

const booking = (overrides: Record<string, unknown> = {}) => ({
  vehicleId,
  startsAt: MONDAY_9,
  durationMinutes: 60,
  requestedWork: [{ kind: 'maintenance', description: '5000公里保养' }],
  customerWords: '机油灯亮了',
  channel: 'phone',
  ...overrides,
});

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  saIds = await staffDealer(ctx.network.dealerA);
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent'] });
  vehicleId = await newVehicle();
});
afterAll(() => ctx.close());

describe('capacity', () => {
  it('follows the roster: 5 SAs and 10 technicians give 3 seats; one SA off leaves 2', async () => {
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    expect((await manager.get('/api/v1/roster?date=2026-11-26')).json().capacityPerSlot).toBe(3);
    const updated = await manager.put('/api/v1/roster/2026-11-26', { offUserIds: [saIds[0]] });
    expect(updated.json()).toMatchObject({ capacityPerSlot: 2 });
    expect(updated.json().serviceAdvisors.find((s: { id: string }) => s.id === saIds[0]).off).toBe(true);
    const slots = (await agent.get('/api/v1/availability?from=2026-11-26&to=2026-11-26')).json().days[0];
    expect(slots.capacityPerSlot).toBe(2);
    expect((await agent.put('/api/v1/roster/2026-11-26', { offUserIds: [] })).statusCode).toBe(403);
  });

  it('shows remaining seats per slot and suggests the nearest free slots', async () => {
    const response = await agent.get(
      `/api/v1/availability?from=2026-11-23&to=2026-11-23&wanted=${encodeURIComponent('2026-11-23T10:10:00+08:00')}`,
    );
    expect(response.statusCode).toBe(200);
    const { days, suggestions } = response.json();
    expect(days[0].capacityPerSlot).toBe(3);
    expect(days[0].slots[0]).toMatchObject({ time: '08:30', remaining: 3 });
    expect(suggestions.map((s: { time: string }) => s.time)).toEqual(['09:30', '10:00', '10:30']);
  });
});

describe('booking', () => {
  it('books a slot with parts, a pre-pick request, a workshop reservation, reminders and a confirmation SMS', async () => {
    const partId = newId();
    await ctx.db
      .insertInto('parts')
      .values({ dealer_id: ctx.network.dealerA, id: partId, part_number: 'OF-100', name: '机油滤清器', price_fen: 4500, stock_quantity: 1 })
      .execute();
    const response = await agent.post(
      '/api/v1/appointments',
      booking({ startsAt: '2026-11-23T14:00:00+08:00', parts: [{ partId, quantity: 2 }], preferredSaId: saIds[1] }),
    );
    expect(response.statusCode).toBe(201);
    const appointment = response.json();
    expect(appointment).toMatchObject({
      status: 'booked',
      channel: 'phone',
      partsQuoteFen: 9000,
      preferredSa: { id: saIds[1] },
      bookedBy: { id: agent.user.id },
    });
    expect(appointment.number).toMatch(/^AP-20261123-\d{4}-\d{2}$/);
    expect(appointment.parts).toEqual([
      expect.objectContaining({ partNumber: 'OF-100', quantity: 2, inStock: false, status: 'requested' }),
    ]);

    const reservations = (await agent.get('/api/v1/workshop/reservations?date=2026-11-23')).json().items;
    expect(reservations.find((r: { appointmentId: string }) => r.appointmentId === appointment.id)).toMatchObject({
      startsAt: '2026-11-23T06:00:00.000Z',
      endsAt: '2026-11-23T07:00:00.000Z',
    });

    const jobs = await ctx.db
      .selectFrom('pgboss.job' as never)
      .select(['name' as never, 'start_after' as never, 'data' as never])
      .execute();
    const mine = (jobs as { name: string; start_after: Date; data: { appointmentId: string } }[]).filter(
      (j) => j.data?.appointmentId === appointment.id,
    );
    expect(mine.map((j) => [j.name, new Date(j.start_after).toISOString()]).sort()).toEqual([
      ['appointment.day_before_sms', '2026-11-22T02:00:00.000Z'],
      ['appointment.hour_before_call', '2026-11-23T05:00:00.000Z'],
      ['appointment.no_show_check', '2026-11-23T06:30:00.000Z'],
    ]);
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('dedupe_key', '=', `appointment:${appointment.id}:booked`)
      .executeTakeFirstOrThrow();
    expect(sms.body).toContain(appointment.number);
    expect(sms.body).toMatch(/http:\/\/sb\.test\/my-booking\/A01\/[A-Za-z0-9_-]{20,}/);
    expect(sms.body).toMatch(/http:\/\/sb\.test\/api\/v1\/public\/appointments\/A01\/[A-Za-z0-9_-]{20,}\/calendar\.ics/);

    // The answer is built from what the booking holds: it is what reading the appointment back gives.
    const { message: _message, ...booked } = appointment;
    expect(booked).toEqual((await agent.get(`/api/v1/appointments/${appointment.id}`)).json());
    const audit = await ctx.db
      .selectFrom('audit_log')
      .select(['action', 'after', 'actor_user_id'])
      .where('entity_id', '=', appointment.id)
      .executeTakeFirstOrThrow();
    expect(audit).toMatchObject({ action: 'appointment.booked', actor_user_id: agent.user.id });
    expect(audit.after).toMatchObject({ number: appointment.number, customer: { name: appointment.customer.name }, parts: booked.parts });
    const history = (await agent.get(`/api/v1/appointments/${appointment.id}/history`)).json().items;
    expect(history.map((e: { kind: string }) => e.kind)).toEqual(['booked']);
    const timeline = await ctx.db
      .selectFrom('timeline_events')
      .select(['kind', 'vehicle_id'])
      .where('customer_id', '=', appointment.customer.id)
      .where('kind', '=', 'appointment.booked')
      .execute();
    expect(timeline).toEqual([{ kind: 'appointment.booked', vehicle_id: appointment.vehicle.id }]);
  });

  it('numbers a booking by its day, slot time and seat, and never hands a number out twice, a cancellation notwithstanding', async () => {
    const book = async () => {
      const r = await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-24T10:30:00+08:00' }));
      expect(r.statusCode).toBe(201);
      return r.json();
    };
    const first = await book();
    const second = await book();
    expect([first.number, second.number]).toEqual(['AP-20261124-1030-01', 'AP-20261124-1030-02']);
    expect((await agent.post(`/api/v1/appointments/${second.id}/cancel`, { version: second.version, reason: 'test' })).statusCode).toBe(
      200,
    );
    expect((await book()).number).toBe('AP-20261124-1030-03');
  });

  it('lets exactly 3 of 50 concurrent bookings take a slot with 3 seats; the others get 409 with the next free slots', async () => {
    const vehicles: string[] = [];
    for (let i = 0; i < 50; i++) vehicles.push(await newVehicle());
    const responses = await Promise.all(
      vehicles.map((v) => agent.post('/api/v1/appointments', booking({ vehicleId: v, startsAt: '2026-11-23T11:00:00+08:00' }))),
    );
    const codes = responses.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 201)).toHaveLength(3);
    expect(codes.filter((c) => c === 409)).toHaveLength(47);
    const refused = responses.find((r) => r.statusCode === 409)!.json();
    expect(refused.code).toBe('slot_full');
    expect(refused.alternatives.length).toBeGreaterThanOrEqual(2);
    expect(refused.alternatives.every((s: { time: string; remaining: number }) => s.time !== '11:00' && s.remaining > 0)).toBe(true);
    const count = await ctx.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('starts_at', '=', new Date('2026-11-23T03:00:00Z'))
      .executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(3);
  });

  it('creates one appointment when a booking is retried with the same Idempotency-Key', async () => {
    const v = await newVehicle();
    const first = await agent.post('/api/v1/appointments', booking({ vehicleId: v, startsAt: '2026-11-23T15:00:00+08:00' }), {
      'idempotency-key': 'book-1',
    });
    const second = await agent.post('/api/v1/appointments', booking({ vehicleId: v, startsAt: '2026-11-23T15:00:00+08:00' }), {
      'idempotency-key': 'book-1',
    });
    expect(first.statusCode).toBe(201);
    expect(second.json().id).toBe(first.json().id);
    const rows = await ctx.db.selectFrom('appointments').select('id').where('vehicle_id', '=', v).execute();
    expect(rows).toHaveLength(1);
  });

  it.each([
    ['outside opening hours', { startsAt: '2026-11-23T07:00:00+08:00' }, 'startsAt', 'outside_opening_hours'],
    ['in the past', { startsAt: '2026-11-19T09:00:00+08:00' }, 'startsAt', 'in_past'],
    ['off the slot grid', { startsAt: '2026-11-23T09:10:00+08:00' }, 'startsAt', 'not_a_slot_start'],
    ['longer than the day', { durationMinutes: 16 * 60 }, 'durationMinutes', 'duration_too_long'],
    ['an unknown vehicle', { vehicleId: '0190a0a0-0000-7000-8000-000000000001' }, 'vehicleId', 'unknown_vehicle'],
    ['no requested work', { requestedWork: [] }, 'requestedWork', 'too_small'],
  ])('refuses a booking %s naming the field, writing nothing', async (_label, override, field, code) => {
    const before = await ctx.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    const response = await agent.post('/api/v1/appointments', booking(override));
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    const after = await ctx.db
      .selectFrom('appointments')
      .select((eb) => eb.fn.countAll().as('n'))
      .executeTakeFirstOrThrow();
    expect(after.n).toEqual(before.n);
  });
});

describe('the life of an appointment', () => {
  it('reschedules and cancels keeping the history, and frees the seat', async () => {
    const v = await newVehicle();
    const booked = (await agent.post('/api/v1/appointments', booking({ vehicleId: v, startsAt: '2026-11-24T10:00:00+08:00' }))).json();
    const moved = await agent.post(`/api/v1/appointments/${booked.id}/reschedule`, {
      version: booked.version,
      startsAt: '2026-11-24T11:00:00+08:00',
    });
    expect(moved.statusCode).toBe(200);
    expect(moved.json().startsAt).toBe('2026-11-24T03:00:00.000Z');
    const stale = await agent.post(`/api/v1/appointments/${booked.id}/cancel`, { version: booked.version, reason: '客户有事' });
    expect(stale.statusCode).toBe(409);
    const cancelled = await agent.post(`/api/v1/appointments/${booked.id}/cancel`, { version: moved.json().version, reason: '客户有事' });
    expect(cancelled.json()).toMatchObject({ status: 'cancelled', cancelReason: '客户有事' });
    const history = (await agent.get(`/api/v1/appointments/${booked.id}/history`)).json().items.map((e: { kind: string }) => e.kind);
    expect(history).toEqual(['booked', 'rescheduled', 'cancelled']);
    const slots = (await agent.get('/api/v1/availability?from=2026-11-24&to=2026-11-24')).json().days[0].slots;
    expect(slots.find((s: { time: string }) => s.time === '11:00').remaining).toBe(3);
    expect(slots.find((s: { time: string }) => s.time === '10:00').remaining).toBe(3);
    const again = await agent.post(`/api/v1/appointments/${booked.id}/reschedule`, {
      version: cancelled.json().version,
      startsAt: '2026-11-24T12:00:00+08:00',
    });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('invalid_transition');
  });

  it('records confirmation attempts; a confirmation confirms; the supervisor assigns an SA', async () => {
    const booked = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-23T16:00:00+08:00' }))
    ).json();
    await agent.post(`/api/v1/appointments/${booked.id}/confirmations`, { step: 'day_before', channel: 'phone', result: 'no_answer' });
    const callList = (await agent.get('/api/v1/appointments/call-list?date=2026-11-23')).json().items.map((a: { id: string }) => a.id);
    expect(callList).toContain(booked.id);
    const confirmed = await agent.post(`/api/v1/appointments/${booked.id}/confirmations`, {
      step: 'day_before',
      channel: 'phone',
      result: 'confirmed',
    });
    expect(confirmed.json()).toMatchObject({ status: 'confirmed', confirmed: true });
    expect((await agent.get('/api/v1/appointments/call-list?date=2026-11-23')).json().items.map((a: { id: string }) => a.id)).not.toContain(
      booked.id,
    );
    const attempts = await ctx.db
      .selectFrom('confirmation_attempts')
      .select('result')
      .where('appointment_id', '=', booked.id)
      .orderBy('at')
      .execute();
    expect(attempts.map((a) => a.result)).toEqual(['no_answer', 'confirmed']);

    expect(
      (await agent.post(`/api/v1/appointments/${booked.id}/assign`, { version: confirmed.json().version, saId: saIds[2] })).statusCode,
    ).toBe(403);
    const desk = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['front_desk_supervisor'] });
    const assigned = await desk.post(`/api/v1/appointments/${booked.id}/assign`, { version: confirmed.json().version, saId: saIds[2] });
    expect(assigned.json().assignedSa.id).toBe(saIds[2]);
  });

  it('marks arrival on time within ±15 minutes, late after that', async () => {
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
    const onTime = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-20T11:00:00+08:00' }))
    ).json();
    const late = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-20T11:30:00+08:00' }))
    ).json();
    ctx.clock.set('2026-11-20T03:10:00Z'); // 11:10
    expect((await sa.post(`/api/v1/appointments/${onTime.id}/check-in`)).json()).toMatchObject({
      status: 'arrived',
      arrivalStatus: 'on_time',
    });
    ctx.clock.set('2026-11-20T03:50:00Z'); // 11:50
    expect((await sa.post(`/api/v1/appointments/${late.id}/check-in`)).json()).toMatchObject({ status: 'arrived', arrivalStatus: 'late' });
    expect((await sa.post(`/api/v1/appointments/${late.id}/check-in`)).statusCode).toBe(409);
    ctx.clock.set('2026-11-20T02:00:00Z');
  });
});

describe('the confirmation routine (jobs)', () => {
  const jobsOf = () => (ctx.app as any).jobs.appointmentJobs;

  it('sends the day-before SMS once, records it, and skips a confirmed or moved appointment', async () => {
    const booked = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-23T17:00:00+08:00' }))
    ).json();
    const data = { dealerId: ctx.network.dealerA, appointmentId: booked.id, startsAt: booked.startsAt };
    await jobsOf().dayBeforeSms.run(data);
    await jobsOf().dayBeforeSms.run(data); // a retried job
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select(['template', 'body'])
      .where('dedupe_key', 'like', `appointment:${booked.id}:day_before:%`)
      .execute();
    expect(sms).toHaveLength(1);
    expect(sms[0]!.body).toContain('明天');
    const sent = await ctx.db.selectFrom('confirmation_attempts').select('result').where('appointment_id', '=', booked.id).execute();
    expect(sent).toEqual([{ result: 'sent' }]);

    const other = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-23T17:00:00+08:00' }))
    ).json();
    await agent.post(`/api/v1/appointments/${other.id}/reschedule`, { version: other.version, startsAt: '2026-11-23T17:30:00+08:00' });
    await jobsOf().dayBeforeSms.run({ dealerId: ctx.network.dealerA, appointmentId: other.id, startsAt: other.startsAt });
    expect(
      await ctx.db.selectFrom('outbox_messages').select('id').where('dedupe_key', 'like', `appointment:${other.id}:day_before:%`).execute(),
    ).toEqual([]);
  });

  it('gives the assigned SA a call task an hour before, once', async () => {
    const booked = (
      await agent.post(
        '/api/v1/appointments',
        booking({ vehicleId: await newVehicle(), startsAt: '2026-11-23T18:00:00+08:00', preferredSaId: saIds[3] }),
      )
    ).json();
    const data = { dealerId: ctx.network.dealerA, appointmentId: booked.id, startsAt: booked.startsAt };
    await jobsOf().hourBeforeCall.run(data);
    await jobsOf().hourBeforeCall.run(data);
    const tasks = await ctx.db.selectFrom('tasks').selectAll().where('appointment_id', '=', booked.id).execute();
    expect(tasks).toHaveLength(1);
    expect(tasks[0]).toMatchObject({ kind: 'appointment_call', assignee_user_id: saIds[3] });
  });

  it('turns an appointment nobody arrived for into a no-show after the grace period', async () => {
    const booked = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-20T15:00:00+08:00' }))
    ).json();
    await jobsOf().noShowCheck.run({ dealerId: ctx.network.dealerA, appointmentId: booked.id, startsAt: booked.startsAt });
    expect((await agent.get(`/api/v1/appointments/${booked.id}`)).json().status).toBe('no_show');
  });

  it('delivers through the outbox once, honouring consent and quiet hours', async () => {
    const outbox = (ctx.app as any).jobs.outbox;
    const booked = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-24T09:00:00+08:00' }))
    ).json();
    const message = await ctx.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('dedupe_key', '=', `appointment:${booked.id}:booked`)
      .executeTakeFirstOrThrow();
    expect(await outbox.deliver(message.id)).toBe('sent');
    expect(await outbox.deliver(message.id)).toBe('not_pending');

    const quiet = (
      await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-24T09:30:00+08:00' }))
    ).json();
    const quietMessage = await ctx.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('dedupe_key', '=', `appointment:${quiet.id}:booked`)
      .executeTakeFirstOrThrow();
    ctx.clock.set('2026-11-20T14:30:00Z'); // 22:30 in Shanghai
    expect(await outbox.deliver(quietMessage.id)).toBe('deferred');
    ctx.clock.set('2026-11-20T02:00:00Z');
    const deferred = await ctx.db
      .selectFrom('outbox_messages')
      .select(['status', 'not_before'])
      .where('id', '=', quietMessage.id)
      .executeTakeFirstOrThrow();
    expect(deferred.status).toBe('pending');
    expect(deferred.not_before.toISOString()).toBe('2026-11-21T00:00:00.000Z'); // 08:00 next morning

    const customer = await createCustomer(agent, { consent: { sms: false, phone: true, email: false, wechat: false } });
    const noSms = (await createVehicle(agent, customer.id)).id;
    const refused = (await agent.post('/api/v1/appointments', booking({ vehicleId: noSms, startsAt: '2026-11-24T10:00:00+08:00' }))).json();
    const refusedMessage = await ctx.db
      .selectFrom('outbox_messages')
      .selectAll()
      .where('dedupe_key', '=', `appointment:${refused.id}:booked`)
      .executeTakeFirstOrThrow();
    expect(await outbox.deliver(refusedMessage.id)).toBe('skipped');
  });
});

describe('the workshop reservation', () => {
  it('reserves a free bay for the booked time, another bay for an overlapping booking, and only the time when all are taken', async () => {
    const bays = ['A工位', 'B工位'].map((name) => ({ dealer_id: ctx.network.dealerA, id: newId(), name, kind: 'general' }));
    await ctx.db.insertInto('bays').values(bays).execute();
    const ids: string[] = [];
    for (let i = 0; i < 3; i++)
      ids.push(
        (
          await agent.post(
            '/api/v1/appointments',
            booking({ vehicleId: await newVehicle(), startsAt: '2026-11-27T10:00:00+08:00', durationMinutes: 90 }),
          )
        ).json().id,
      );
    const reservations = (await agent.get('/api/v1/workshop/reservations?date=2026-11-27')).json().items;
    const bayOf = (id: string) => reservations.find((r: { appointmentId: string }) => r.appointmentId === id).bay?.name ?? null;
    expect(ids.map(bayOf)).toEqual(['A工位', 'B工位', null]);
  });
});

describe('an SMS gateway over HTTP', () => {
  it('hands the message to the gateway once and keeps its reference', async () => {
    const http = await import('node:http');
    const received: { to: string; body: string }[] = [];
    const server = http.createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        received.push(JSON.parse(raw));
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ id: `gw-${received.length}` }));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const port = (server.address() as { port: number }).port;
    const { webhookSmsProvider } = await import('../src/platform/message-channels.js');
    const { createOutbox } = await import('../src/platform/outbox.js');
    const outbox = createOutbox({
      db: ctx.db,
      clock: ctx.clock,
      jobs: (ctx.app as any).jobs.queue,
      sms: webhookSmsProvider(`http://127.0.0.1:${port}/sms`, 'secret'),
      email: { send: async () => ({ ref: 'x' }) },
    });
    try {
      const booked = (
        await agent.post('/api/v1/appointments', booking({ vehicleId: await newVehicle(), startsAt: '2026-11-27T15:00:00+08:00' }))
      ).json();
      const message = await ctx.db
        .selectFrom('outbox_messages')
        .selectAll()
        .where('dedupe_key', '=', `appointment:${booked.id}:booked`)
        .executeTakeFirstOrThrow();
      expect(await outbox.deliver(message.id)).toBe('sent');
      expect(await outbox.deliver(message.id)).toBe('not_pending');
      expect(received).toHaveLength(1);
      expect(received[0]!.body).toContain(booked.number);
      const sent = await ctx.db
        .selectFrom('outbox_messages')
        .select(['status', 'provider_ref'])
        .where('id', '=', message.id)
        .executeTakeFirstOrThrow();
      expect(sent).toEqual({ status: 'sent', provider_ref: 'gw-1' });
    } finally {
      server.close();
    }
  });
});

describe('pre-picking parts', () => {
  it('lists the day’s parts and turns a shortage into a task for the agent who booked', async () => {
    const partId = newId();
    await ctx.db
      .insertInto('parts')
      .values({ dealer_id: ctx.network.dealerA, id: partId, part_number: 'BP-200', name: '前刹车片', price_fen: 38000, stock_quantity: 0 })
      .execute();
    const booked = (
      await agent.post(
        '/api/v1/appointments',
        booking({ vehicleId: await newVehicle(), startsAt: '2026-11-25T09:00:00+08:00', parts: [{ partId, quantity: 1 }] }),
      )
    ).json();
    const parts = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['parts_manager'] });
    const list = (await parts.get('/api/v1/prepick?date=2026-11-25')).json().items;
    const item = list.find((i: { appointment: { id: string } }) => i.appointment.id === booked.id);
    expect(item).toMatchObject({ partNumber: 'BP-200', inStock: false });
    expect((await agent.post(`/api/v1/prepick/${item.id}`, { status: 'shortage' })).statusCode).toBe(403);
    expect((await parts.post(`/api/v1/prepick/${item.id}`, { status: 'shortage' })).json().status).toBe('shortage');
    const tasks = (await agent.get('/api/v1/tasks?scope=mine')).json().items;
    expect(tasks).toContainEqual(
      expect.objectContaining({ kind: 'parts_shortage', appointment: expect.objectContaining({ id: booked.id }) }),
    );
  });
});

describe('the customer books online', () => {
  const dealerCode = 'A01';

  it('verifies the phone with a one-time code and books; the code works once', async () => {
    const owner = await createCustomer(agent, { name: '网约客户', mobile: '13612345678' });
    const vehicle = await createVehicle(agent, owner.id, { plate: '京A52088' });
    const sent = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/otp`,
      payload: { mobile: '13612345678', plate: '京A·52088' },
    });
    expect(sent.statusCode).toBe(202);
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('recipient', '=', '13612345678')
      .where('template', '=', 'otp.code')
      .executeTakeFirstOrThrow();
    const code = /(\d{6})/.exec(sms.body)![1]!;

    const payload = {
      mobile: '13612345678',
      plate: '京A52088',
      code,
      startsAt: '2026-11-23T13:00:00+08:00',
      requestedWork: [{ kind: 'repair', description: '空调不制冷' }],
    };
    const wrong = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/bookings`,
      payload: { ...payload, code: code === '000000' ? '111111' : '000000' },
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0]).toMatchObject({ field: 'code', code: 'invalid_code' });

    const booked = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/dealers/${dealerCode}/bookings`, payload });
    expect(booked.statusCode).toBe(201);
    const { manageToken, appointment } = booked.json();
    expect(appointment).toMatchObject({ status: 'booked', plate: '京A·52088' });
    const row = await ctx.db.selectFrom('appointments').selectAll().where('number', '=', appointment.number).executeTakeFirstOrThrow();
    expect(row).toMatchObject({
      vehicle_id: vehicle.id,
      customer_id: owner.id,
      channel: 'online',
      booked_by: null,
      needs_staff_review: false,
    });

    const reused = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/bookings`,
      payload: { ...payload, startsAt: '2026-11-23T13:30:00+08:00' },
    });
    expect(reused.statusCode).toBe(400);
    expect(reused.json().errors[0].field).toBe('code');

    const ics = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/appointments/${dealerCode}/${manageToken}/calendar.ics` });
    expect(ics.headers['content-type']).toContain('text/calendar');
    expect(ics.body).toContain('DTSTART:20261123T050000Z');
    // Another dealer's code opens and moves nothing; a link sent before links carried the code still opens the booking.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/appointments/B01/${manageToken}` })).statusCode).toBe(404);
    const elsewhere = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/appointments/B01/${manageToken}/move`,
      payload: { startsAt: '2026-11-23T14:30:00+08:00' },
    });
    expect(elsewhere.statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/appointments/${manageToken}` })).json().startsAt).toBe(
      '2026-11-23T05:00:00.000Z',
    );
    const moved = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/appointments/${dealerCode}/${manageToken}/move`,
      payload: { startsAt: '2026-11-23T14:30:00+08:00' },
    });
    expect(moved.json().startsAt).toBe('2026-11-23T06:30:00.000Z');
    const cancelled = await ctx.app.inject({ method: 'POST', url: `/api/v1/public/appointments/${dealerCode}/${manageToken}/cancel` });
    expect(cancelled.json().status).toBe('cancelled');
  });

  it('books an unknown plate as a new customer for staff to review', async () => {
    await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/otp`,
      payload: { mobile: '13787654321', plate: '京A77881' },
    });
    const sms = await ctx.db.selectFrom('outbox_messages').select('body').where('recipient', '=', '13787654321').executeTakeFirstOrThrow();
    const code = /(\d{6})/.exec(sms.body)![1]!;
    const booked = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/bookings`,
      payload: {
        mobile: '13787654321',
        plate: '京A77881',
        code,
        startsAt: '2026-11-23T13:00:00+08:00',
        name: '新客',
        requestedWork: [{ kind: 'maintenance', description: '保养' }],
      },
    });
    expect(booked.statusCode).toBe(201);
    const row = await ctx.db
      .selectFrom('appointments')
      .selectAll()
      .where('number', '=', booked.json().appointment.number)
      .executeTakeFirstOrThrow();
    expect(row).toMatchObject({ vehicle_id: null, plate_key: '京A77881', needs_staff_review: true });
    const staffView = (await agent.get(`/api/v1/appointments/${row.id}`)).json();
    expect(staffView).toMatchObject({ needsStaffReview: true, vehicle: { id: null, plate: '京A·77881' }, customer: { name: '新客' } });
  });

  it('limits codes per phone', async () => {
    const first = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/otp`,
      payload: { mobile: '13900001111', plate: '京A11111' },
    });
    expect(first.statusCode).toBe(202);
    const again = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/otp`,
      payload: { mobile: '13900001111', plate: '京A11111' },
    });
    expect(again.statusCode).toBe(429);
    const bad = await ctx.app.inject({
      method: 'POST',
      url: `/api/v1/public/dealers/${dealerCode}/otp`,
      payload: { mobile: '123', plate: '京A11111' },
    });
    expect(bad.statusCode).toBe(400);
  });

  it('shows the lobby welcome board with surname and masked plate only', async () => {
    const customer = await createCustomer(agent, { name: '王建国', gender: 'male' });
    const v = await createVehicle(agent, customer.id, { plate: '京A12345' });
    await agent.post('/api/v1/appointments', booking({ vehicleId: v.id, startsAt: '2026-11-20T16:00:00+08:00' }));
    const board = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/dealers/${dealerCode}/welcome-board` });
    expect(board.statusCode).toBe(200);
    const entry = board.json().entries.find((e: { plate: string }) => e.plate === '京A·***45');
    expect(entry).toMatchObject({ greeting: '王先生', time: '16:00' });
    expect(board.body).not.toContain('王建国');
    expect(board.body).not.toContain(customer.mobile);
  });
});

describe('KPIs', () => {
  it('matches a hand-computed day', async () => {
    const manager = await ctx.loginAs({
      dealerId: ctx.network.dealerB,
      roles: ['service_manager', 'appointment_agent', 'service_advisor'],
    });
    await staffDealer(ctx.network.dealerB);
    // Wednesday 2026-11-25 at dealer B: 4 appointments: 2 confirmed and arrived on time, 1 late, 1 no-show; plus 2 walk-ins.
    const ids: string[] = [];
    for (const time of ['09:00', '09:30', '10:00', '10:30']) {
      const v = await newVehicle(manager);
      ids.push((await manager.post('/api/v1/appointments', booking({ vehicleId: v, startsAt: `2026-11-25T${time}:00+08:00` }))).json().id);
    }
    for (const id of ids.slice(0, 2))
      await manager.post(`/api/v1/appointments/${id}/confirmations`, { step: 'day_before', channel: 'phone', result: 'confirmed' });
    const walkIns = [await newVehicle(manager), await newVehicle(manager)];
    ctx.clock.set('2026-11-25T00:30:00Z');
    const sa = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor', 'service_manager'] });
    ctx.clock.set('2026-11-25T01:05:00Z'); // 09:05
    await sa.post(`/api/v1/appointments/${ids[0]}/check-in`);
    ctx.clock.set('2026-11-25T01:35:00Z');
    await sa.post(`/api/v1/appointments/${ids[1]}/check-in`);
    ctx.clock.set('2026-11-25T02:40:00Z'); // 10:40: 40 minutes late for 10:00
    await sa.post(`/api/v1/appointments/${ids[2]}/check-in`);
    const row = await ctx.db.selectFrom('appointments').select(['starts_at']).where('id', '=', ids[3]!).executeTakeFirstOrThrow();
    await (ctx.app as any).jobs.appointmentJobs.noShowCheck.run({
      dealerId: ctx.network.dealerB,
      appointmentId: ids[3],
      startsAt: row.starts_at.toISOString(),
    });
    for (const v of walkIns) expect((await sa.post('/api/v1/arrivals/walk-in', { vehicleId: v })).statusCode).toBe(201);

    const kpis = (await sa.get('/api/v1/kpis/appointments?from=2026-11-25&to=2026-11-25&groupBy=day')).json().items;
    expect(kpis).toEqual([
      expect.objectContaining({
        key: '2026-11-25',
        counts: { arrivalsAll: 5, arrivalsWithAppointment: 3, due: 4, noShows: 1, confirmationTargets: 4, confirmed: 2, arrivedOnTime: 2 },
        appointmentRate: 60,
        noShowRate: 25,
        confirmationRate: 50,
        successRate: 75,
        onTimeRate: 66.7,
      }),
    ]);
    ctx.clock.set('2026-11-26T02:00:00Z');
    const later = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
    const flow = (await later.get('/api/v1/kpis/arrival-flow')).json();
    expect(flow).toMatchObject({ days: 90, capacityPerSlot: 4 }); // 7 SAs (two of the logins above are SAs too), 10 technicians
    expect(flow.hours).toEqual([
      expect.objectContaining({ hour: 9, arrivals: 2, walkIns: 0 }),
      expect.objectContaining({ hour: 10, arrivals: 3, walkIns: 2 }),
    ]);
    ctx.clock.set('2026-11-20T02:00:00Z');
  });
});
