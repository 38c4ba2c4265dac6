import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The car maker's staff (no dealer) read the service desk's boards, lists and KPIs across the whole
// network, and may narrow them to one dealer; they change nothing. A dealer's staff read their own
// dealer only: naming their own dealer changes nothing, naming another is refused.

const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const DAY = '2026-11-23';
const TODAY = '2026-11-20';

let ctx: TestContext;
let analyst: Client;
let staffA: Client;
type Seeded = { appointment: { id: string; version: number }; ro: { id: string; version: number }; task: string };
const seeded: Record<'A' | 'B', Seeded> = {} as never;

const ids = (response: { json(): unknown }) =>
  ((response.json() as { items: { id?: string; repairOrderId?: string }[] }).items ?? []).map((i) => i.id ?? i.repairOrderId);

beforeAll(async () => {
  ctx = await createTestContext();
  const roles = [
    'appointment_agent',
    'service_advisor',
    'front_desk_supervisor',
    'service_manager',
    'workshop_controller',
    'technician',
    'quality_inspector',
    'cashier',
  ] as const;
  for (const [key, dealerId] of [
    ['A', ctx.network.dealerA],
    ['B', ctx.network.dealerB],
  ] as const) {
    for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] });
    for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
    const staff = await ctx.loginAs({ dealerId, roles: [...roles] });
    if (key === 'A') staffA = staff;
    const customer = await createCustomer(staff, { name: `${key}店客户` });
    const vehicle = await createVehicle(staff, customer.id);
    const booked = await staff.post('/api/v1/appointments', {
      vehicleId: vehicle.id,
      startsAt: `${DAY}T10:00:00+08:00`,
      requestedWork: [{ kind: 'maintenance', description: '保养' }],
      channel: 'phone',
      parts: [],
    });
    expect(booked.statusCode, booked.body).toBe(201);
    await (ctx.app as any).jobs.appointmentJobs.hourBeforeCall.run({
      dealerId,
      appointmentId: booked.json().id,
      startsAt: booked.json().startsAt,
    });
    const task = (await ctx.db.selectFrom('tasks').select('id').where('appointment_id', '=', booked.json().id).executeTakeFirstOrThrow())
      .id;

    const visit = (await staff.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    let ro = (
      await staff.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: `${key}店的异响`,
        promisedAt: `${TODAY}T17:00:00+08:00`,
        lines: [{ kind: 'labour', description: '检查', hours: 1, payType: 'customer' }],
      })
    ).json();
    ro = (
      await staff.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: `data:image/png;base64,${PNG}` })
    ).json();
    expect((await staff.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [staff.user.id] })).statusCode).toBe(200);
    ro = (await staff.get(`/api/v1/repair-orders/${ro.id}`)).json();
    for (const to of ['in_progress', 'quality_check', 'ready']) {
      const moved = await staff.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to });
      expect(moved.statusCode, moved.body).toBe(200);
      ro = moved.json();
    }
    seeded[key] = { appointment: booked.json(), ro, task };
  }
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
});
afterAll(() => ctx.close());

/** Each opened read: its URL (with `?` or `&` ready for a narrowing) and the ids of A's and B's rows in it. */
const LISTS: [string, () => string, (key: 'A' | 'B') => string][] = [
  ['appointment board', () => `/api/v1/appointments?from=${DAY}&to=${DAY}`, (k) => seeded[k].appointment.id],
  ['repair orders', () => '/api/v1/repair-orders?limit=100', (k) => seeded[k].ro.id],
  ['tasks', () => '/api/v1/tasks?scope=all', (k) => seeded[k].task],
  ['workshop board', () => '/api/v1/workshop/board?', (k) => seeded[k].ro.id],
];

const boardIds = (response: { json(): unknown }) =>
  ((response.json() as { entries?: { repairOrderId: string }[] }).entries ?? []).map((e) => e.repairOrderId);
const rowIds = (url: string, response: { json(): unknown }) => (url.includes('/workshop/board') ? boardIds(response) : ids(response));
const withDealer = (url: string, dealerId: string) => `${url}${url.endsWith('?') ? '' : '&'}dealerId=${dealerId}`;

describe('the car maker reads the whole network, narrowed on demand', () => {
  it.each(LISTS)('%s: both dealers, each row naming its dealer; dealerId narrows to one', async (_label, url, idOf) => {
    const all = await analyst.get(url());
    expect(all.statusCode, all.body).toBe(200);
    expect(rowIds(url(), all)).toEqual(expect.arrayContaining([idOf('A'), idOf('B')]));
    const rows = url().includes('/workshop/board') ? all.json().entries : all.json().items;
    for (const row of rows) expect(row.dealer.id).toMatch(new RegExp(`${ctx.network.dealerA}|${ctx.network.dealerB}`));
    expect(rows.find((r: { dealer: { id: string } }) => r.dealer.id === ctx.network.dealerB).dealer.name).toBe('乙店');

    const onlyB = await analyst.get(withDealer(url(), ctx.network.dealerB));
    expect(onlyB.statusCode, onlyB.body).toBe(200);
    expect(rowIds(url(), onlyB)).toContain(idOf('B'));
    expect(rowIds(url(), onlyB)).not.toContain(idOf('A'));
  });

  it('workshop reservations of a day span both dealers and narrow to one', async () => {
    const all = (await analyst.get(`/api/v1/workshop/reservations?date=${DAY}`)).json().items;
    const appointments = all.map((r: { appointmentId: string }) => r.appointmentId);
    expect(appointments).toEqual(expect.arrayContaining([seeded.A.appointment.id, seeded.B.appointment.id]));
    const onlyA = (await analyst.get(`/api/v1/workshop/reservations?date=${DAY}&dealerId=${ctx.network.dealerA}`)).json().items;
    expect(onlyA.map((r: { appointmentId: string }) => r.appointmentId)).toEqual([seeded.A.appointment.id]);
    expect(onlyA[0].dealer).toEqual({ id: ctx.network.dealerA, name: '甲店' });
  });

  it('reads one appointment, its history and one repair order of any dealer, with nothing it may do', async () => {
    const appointment = await analyst.get(`/api/v1/appointments/${seeded.B.appointment.id}`);
    expect(appointment.statusCode, appointment.body).toBe(200);
    expect(appointment.json().dealer.id).toBe(ctx.network.dealerB);
    expect(Object.values(appointment.json().can).every((v) => v === false)).toBe(true);
    expect((await analyst.get(`/api/v1/appointments/${seeded.B.appointment.id}/history`)).statusCode).toBe(200);
    const ro = await analyst.get(`/api/v1/repair-orders/${seeded.A.ro.id}`);
    expect(ro.statusCode, ro.body).toBe(200);
    expect(Object.values(ro.json().can).every((v) => v === false)).toBe(true);
  });

  it('appointment, service and workshop KPIs add both dealers up; dealerId gives one', async () => {
    const sum = (items: { counts: { due: number } }[]) => items.reduce((s, r) => s + r.counts.due, 0);
    const appointments = await analyst.get(`/api/v1/kpis/appointments?from=${DAY}&to=${DAY}`);
    expect(appointments.statusCode, appointments.body).toBe(200);
    expect(sum(appointments.json().items)).toBe(2);
    expect(sum((await analyst.get(`/api/v1/kpis/appointments?from=${DAY}&to=${DAY}&dealerId=${ctx.network.dealerA}`)).json().items)).toBe(
      1,
    );

    const service = await analyst.get(`/api/v1/kpis/service?from=${TODAY}&to=${TODAY}`);
    expect(service.statusCode, service.body).toBe(200);
    const vehiclesIn = (items: { vehiclesIn: number }[]) => items.reduce((s, r) => s + r.vehiclesIn, 0);
    expect(vehiclesIn(service.json().items)).toBe(2);
    expect(
      vehiclesIn((await analyst.get(`/api/v1/kpis/service?from=${TODAY}&to=${TODAY}&dealerId=${ctx.network.dealerB}`)).json().items),
    ).toBe(1);

    const workshop = await analyst.get(`/api/v1/kpis/workshop?from=${TODAY}&to=${TODAY}`);
    expect(workshop.statusCode, workshop.body).toBe(200);
    expect(workshop.json().counts.completedOrders).toBe(2);
    expect(
      (await analyst.get(`/api/v1/kpis/workshop?from=${TODAY}&to=${TODAY}&dealerId=${ctx.network.dealerB}`)).json().counts.completedOrders,
    ).toBe(1);
  });

  it('changes nothing: bookings, appointments, repair orders and tasks → 403', async () => {
    const { appointment, ro, task } = seeded.A;
    const writes = [
      analyst.post(`/api/v1/appointments/${appointment.id}/cancel`, { version: appointment.version, reason: 'x' }),
      analyst.post(`/api/v1/appointments/${appointment.id}/reschedule`, {
        version: appointment.version,
        startsAt: `${DAY}T11:00:00+08:00`,
      }),
      analyst.post(`/api/v1/appointments/${appointment.id}/check-in`),
      analyst.patch(`/api/v1/repair-orders/${ro.id}`, { version: ro.version, concerns: '改' }),
      analyst.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to: 'cancelled', reason: 'x' }),
      analyst.post(`/api/v1/tasks/${task}/complete`, { result: 'done' }),
    ];
    for (const response of await Promise.all(writes)) expect(response.statusCode, response.body).toBe(403);
    const row = await ctx.db
      .selectFrom('appointments')
      .select(['status', 'version'])
      .where('id', '=', appointment.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'booked', version: appointment.version });
  });
});

describe("a dealer's staff read their own dealer, and no path gives them the network", () => {
  it.each(LISTS)('%s: own rows only; naming its own dealer is the same; naming the other → 403', async (_label, url, idOf) => {
    const own = await staffA.get(url());
    expect(own.statusCode, own.body).toBe(200);
    expect(rowIds(url(), own)).toContain(idOf('A'));
    expect(rowIds(url(), own)).not.toContain(idOf('B'));

    const named = await staffA.get(withDealer(url(), ctx.network.dealerA));
    expect(named.statusCode).toBe(200);
    expect(rowIds(url(), named).sort()).toEqual(rowIds(url(), own).sort());

    const other = await staffA.get(withDealer(url(), ctx.network.dealerB));
    expect(other.statusCode).toBe(403);
    expect(other.body).not.toContain('乙店');
  });

  it.each([
    ['appointment KPIs', `/api/v1/kpis/appointments?from=${DAY}&to=${DAY}`],
    ['service KPIs', `/api/v1/kpis/service?from=${TODAY}&to=${TODAY}`],
    ['workshop KPIs', `/api/v1/kpis/workshop?from=${TODAY}&to=${TODAY}`],
    ['value-added KPIs', `/api/v1/kpis/value-added?from=${TODAY}&to=${TODAY}`],
    ['workshop reservations', `/api/v1/workshop/reservations?date=${DAY}`],
  ])('%s: naming the other dealer → 403; its own → 200', async (_label, url) => {
    expect((await staffA.get(`${url}&dealerId=${ctx.network.dealerB}`)).statusCode).toBe(403);
    expect((await staffA.get(`${url}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(200);
  });

  it("KPIs without a narrowing count the dealer's own only", async () => {
    const due = (await staffA.get(`/api/v1/kpis/appointments?from=${DAY}&to=${DAY}`)).json().items;
    expect(due.reduce((s: number, r: { counts: { due: number } }) => s + r.counts.due, 0)).toBe(1);
    expect((await staffA.get(`/api/v1/kpis/workshop?from=${TODAY}&to=${TODAY}`)).json().counts.completedOrders).toBe(1);
    const valueAdded = (await staffA.get(`/api/v1/kpis/value-added?from=${TODAY}&to=${TODAY}`)).json().dealers;
    expect(valueAdded.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerA]);
    const network = (await analyst.get(`/api/v1/kpis/value-added?from=${TODAY}&to=${TODAY}`)).json().dealers;
    expect(network.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerA, ctx.network.dealerB]);
  });

  it("gets 404 for one of the other dealer's appointments or repair orders, and may act on its own", async () => {
    expect((await staffA.get(`/api/v1/appointments/${seeded.B.appointment.id}`)).statusCode).toBe(404);
    expect((await staffA.get(`/api/v1/repair-orders/${seeded.B.ro.id}`)).statusCode).toBe(404);
    const own = (await staffA.get(`/api/v1/appointments/${seeded.A.appointment.id}`)).json();
    expect(own.can).toMatchObject({ reschedule: true, cancel: true, checkIn: true });
  });
});
