import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Tenant isolation: a dealer's user can neither read nor change another dealer's data through any
// endpoint; the car maker sees every dealer. Each new module adds its endpoints here.

let ctx: TestContext;
let dealerA: Client;
let dealerB: Client;
let carMaker: Client;
let customerOfB: { id: string; version: number; mobile: string };
let vehicleOfB: { id: string; version: number; plate: string; vin: string };

beforeAll(async () => {
  ctx = await createTestContext();
  dealerA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor', 'service_manager', 'dealer_admin'] });
  dealerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  carMaker = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  customerOfB = await createCustomer(dealerB, { name: '乙店客户', mobile: '13566667777' });
  vehicleOfB = await createVehicle(dealerB, customerOfB.id, { plate: '川A66666' });
  await dealerB.post(`/api/v1/vehicles/${vehicleOfB.id}/mileage`, { readOn: '2026-06-01', km: 5000, source: 'service_visit' });
});
afterAll(() => ctx.close());

describe("a dealer cannot read another dealer's data", () => {
  it.each([
    ['customer', () => `/api/v1/customers/${customerOfB.id}`],
    ['customer vehicles', () => `/api/v1/customers/${customerOfB.id}/vehicles`],
    ['customer timeline', () => `/api/v1/customers/${customerOfB.id}/timeline`],
    ['vehicle', () => `/api/v1/vehicles/${vehicleOfB.id}`],
    ['vehicle mileage', () => `/api/v1/vehicles/${vehicleOfB.id}/mileage`],
  ])('GET %s → 404', async (_label, url) => {
    const response = await dealerA.get(url());
    expect(response.statusCode).toBe(404);
    expect(response.body).not.toContain('乙店客户');
  });

  it('lists and searches only its own customers', async () => {
    const list = (await dealerA.get('/api/v1/customers?limit=200')).json().items.map((c: { id: string }) => c.id);
    expect(list).not.toContain(customerOfB.id);
    for (const q of ['乙店', '13566667777', '7777', '川A666', vehicleOfB.vin.slice(-6), vehicleOfB.vin]) {
      const found = (await dealerA.get(`/api/v1/customers/search?q=${encodeURIComponent(q)}`)).json().items;
      expect(found, q).toEqual([]);
    }
  });

  it('sees only its own dealer in the dealer list', async () => {
    const dealers = (await dealerA.get('/api/v1/dealers')).json().items.map((d: { id: string }) => d.id);
    expect(dealers).toEqual([ctx.network.dealerA]);
  });
});

describe("a dealer cannot change another dealer's data", () => {
  it('PATCH customer, PATCH vehicle, POST mileage → 404 and nothing changes', async () => {
    expect((await dealerA.patch(`/api/v1/customers/${customerOfB.id}`, { version: 1, name: '改名' })).statusCode).toBe(404);
    expect((await dealerA.patch(`/api/v1/vehicles/${vehicleOfB.id}`, { version: 1, color: '粉色' })).statusCode).toBe(404);
    expect(
      (await dealerA.post(`/api/v1/vehicles/${vehicleOfB.id}/mileage`, { readOn: '2026-07-01', km: 6000, source: 'call' })).statusCode,
    ).toBe(404);
    const customer = await ctx.db.selectFrom('customers').selectAll().where('id', '=', customerOfB.id).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: '乙店客户', version: 1 });
    const vehicle = await ctx.db.selectFrom('vehicles').selectAll().where('id', '=', vehicleOfB.id).executeTakeFirstOrThrow();
    expect(vehicle).toMatchObject({ color: null, version: 1 });
  });

  it("cannot register a vehicle for another dealer's customer", async () => {
    const response = await dealerA.post('/api/v1/vehicles', {
      vin: withVinCheckDigit('LYHS5A1C0TB400001'),
      plate: '京A40001',
      ownerId: customerOfB.id,
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0].field).toBe('ownerId');
  });

  it("does not see another dealer's readings as its own, nor its timeline entries", async () => {
    // B's vehicle arrives at A: A links it by exact plate.
    await dealerA.post('/api/v1/vehicles/lookup', { plate: vehicleOfB.plate });
    const readings = (await dealerA.get(`/api/v1/vehicles/${vehicleOfB.id}/mileage`)).json().items;
    expect(readings).toEqual([expect.objectContaining({ km: 5000, recordedHere: false })]);
    const timeline = (await dealerA.get(`/api/v1/customers/${customerOfB.id}/timeline`)).json().items;
    expect(timeline.every((e: { dealerName: string | null }) => e.dealerName !== '乙店')).toBe(true);
    expect(timeline.map((e: { kind: string }) => e.kind)).toContain('vehicle.linked');
  });
});

describe('the car maker sees the whole network', () => {
  it('reads any dealer’s customer and vehicle, and lists every dealer', async () => {
    expect((await carMaker.get(`/api/v1/customers/${customerOfB.id}`)).statusCode).toBe(200);
    expect((await carMaker.get(`/api/v1/vehicles/${vehicleOfB.id}`)).statusCode).toBe(200);
    const found = (await carMaker.get('/api/v1/customers/search?q=13566667777')).json().items;
    expect(found.map((c: { id: string }) => c.id)).toContain(customerOfB.id);
    const dealers = (await carMaker.get('/api/v1/dealers')).json().items;
    expect(dealers).toHaveLength(2);
  });

  it('but an analyst cannot edit a customer (policy)', async () => {
    const response = await carMaker.patch(`/api/v1/customers/${customerOfB.id}`, { version: 1, name: '改名' });
    expect(response.statusCode).toBe(403);
  });
});

describe('roles', () => {
  it('a technician can read but not create customers', async () => {
    const tech = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    expect((await tech.get('/api/v1/customers')).statusCode).toBe(200);
    const response = await tech.post('/api/v1/customers', { name: '技师建的', mobile: '13700001111' });
    expect(response.statusCode).toBe(403);
    expect(response.json().code).toBe('forbidden');
  });

  it('every API route needs authentication', async () => {
    const routes = ctx.app.printRoutes({ commonPrefix: false });
    expect(routes).toContain('customers');
    for (const url of [
      '/api/v1/customers',
      `/api/v1/customers/${customerOfB.id}`,
      '/api/v1/dealers',
      '/api/v1/vehicle-models',
      `/api/v1/vehicles/${vehicleOfB.id}`,
    ]) {
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
    }
  });
});

describe("appointments: a dealer cannot see or act on another dealer's bookings", () => {
  let appointmentOfB: { id: string; version: number };
  let prepickOfB: string;
  let taskOfB: string;
  let agentA: Client;
  let unlinkedVehicleOfB: string;

  beforeAll(async () => {
    for (const dealerId of [ctx.network.dealerA, ctx.network.dealerB]) {
      for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['service_advisor'] });
      for (let i = 0; i < 3; i++) await buildUser(ctx.db, ctx.network, { dealerId, roles: ['technician'] });
    }
    const agentB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['appointment_agent', 'parts_manager'] });
    agentA = await ctx.loginAs({
      dealerId: ctx.network.dealerA,
      roles: ['appointment_agent', 'parts_manager', 'service_advisor', 'front_desk_supervisor', 'service_manager'],
    });
    unlinkedVehicleOfB = (await createVehicle(agentB, (await createCustomer(agentB, { name: '乙店另一位' })).id)).id;
    const partId = newId();
    await ctx.db
      .insertInto('parts')
      .values({ dealer_id: ctx.network.dealerB, id: partId, part_number: 'B-1', name: '乙店配件', price_fen: 100, stock_quantity: 5 })
      .execute();
    const booked = await agentB.post('/api/v1/appointments', {
      vehicleId: vehicleOfB.id,
      startsAt: '2026-11-23T10:00:00+08:00',
      requestedWork: [{ kind: 'maintenance', description: '保养' }],
      channel: 'phone',
      parts: [{ partId, quantity: 1 }],
    });
    expect(booked.statusCode).toBe(201);
    appointmentOfB = booked.json();
    prepickOfB = booked.json().parts[0].id;
    await (ctx.app as any).jobs.appointmentJobs.hourBeforeCall.run({
      dealerId: ctx.network.dealerB,
      appointmentId: appointmentOfB.id,
      startsAt: booked.json().startsAt,
    });
    taskOfB = (await ctx.db.selectFrom('tasks').select('id').where('appointment_id', '=', appointmentOfB.id).executeTakeFirstOrThrow()).id;
  });

  it.each([
    ['GET appointment', () => agentA.get(`/api/v1/appointments/${appointmentOfB.id}`)],
    ['GET history', () => agentA.get(`/api/v1/appointments/${appointmentOfB.id}/history`)],
    [
      'reschedule',
      () =>
        agentA.post(`/api/v1/appointments/${appointmentOfB.id}/reschedule`, {
          version: appointmentOfB.version,
          startsAt: '2026-11-23T11:00:00+08:00',
        }),
    ],
    ['cancel', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/cancel`, { version: appointmentOfB.version, reason: 'x' })],
    [
      'assign',
      () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/assign`, { version: appointmentOfB.version, saId: agentA.user.id }),
    ],
    [
      'confirm',
      () =>
        agentA.post(`/api/v1/appointments/${appointmentOfB.id}/confirmations`, {
          step: 'day_before',
          channel: 'phone',
          result: 'confirmed',
        }),
    ],
    ['check in', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/check-in`)],
    ['mark a pre-pick', () => agentA.post(`/api/v1/prepick/${prepickOfB}`, { status: 'shortage' })],
    ['complete a task', () => agentA.post(`/api/v1/tasks/${taskOfB}/complete`, { result: 'done' })],
  ])('%s → 404, nothing changes', async (_label, call) => {
    const response = await call();
    expect(response.statusCode).toBe(404);
    const row = await ctx.db
      .selectFrom('appointments')
      .select(['status', 'version', 'assigned_sa_id'])
      .where('id', '=', appointmentOfB.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ status: 'booked', version: 1, assigned_sa_id: null });
  });

  it('lists, boards and KPIs show only its own dealer', async () => {
    for (const url of [
      '/api/v1/appointments?from=2026-11-23&to=2026-11-23',
      '/api/v1/appointments/call-list?date=2026-11-23',
      '/api/v1/prepick?date=2026-11-23',
      '/api/v1/workshop/reservations?date=2026-11-23',
      '/api/v1/tasks?scope=all',
      '/api/v1/messages',
    ]) {
      const response = await agentA.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(appointmentOfB.id);
      expect(response.body, url).not.toContain('乙店客户');
    }
    const kpis = (await agentA.get('/api/v1/kpis/appointments?from=2026-11-23&to=2026-11-23')).json().items;
    expect(kpis).toEqual([]);
  });

  it("cannot book another dealer's vehicle", async () => {
    const response = await agentA.post('/api/v1/appointments', {
      vehicleId: unlinkedVehicleOfB,
      startsAt: '2026-11-23T10:00:00+08:00',
      requestedWork: [{ kind: 'repair', description: 'x' }],
      channel: 'phone',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'vehicleId', code: 'unknown_vehicle' });
  });

  it('keeps the lobby boards apart, and a manage token opens exactly one booking', async () => {
    const boardA = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/dealers/A01/welcome-board' });
    expect(boardA.json().entries).toEqual([]);
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/appointments/A01/not-a-real-token-but-long-enough' });
    expect(forged.statusCode).toBe(404);
  });

  it('car-maker staff read a booking but do not book or change one', async () => {
    expect((await carMaker.get(`/api/v1/appointments/${appointmentOfB.id}`)).statusCode).toBe(200);
    expect((await carMaker.post(`/api/v1/appointments/${appointmentOfB.id}/cancel`, { version: 1, reason: 'x' })).statusCode).toBe(403);
  });
});

describe("reception to delivery: a dealer cannot see or act on another dealer's visit, order, item or invoice", () => {
  const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
  let staffA: Client;
  let b: {
    visit: string;
    customer: string;
    line: string;
    ro: { id: string; number: string; version: number };
    item: string;
    invoice: string;
    photo: string;
    progressToken: string;
    approvalToken: string;
  };

  beforeAll(async () => {
    const roles = ['service_advisor', 'service_manager', 'workshop_controller', 'technician', 'quality_inspector', 'cashier'] as const;
    staffA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: [...roles] });
    const staffB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: [...roles] });
    const vehicle = await createVehicle(staffB, (await createCustomer(staffB, { name: '乙店车主' })).id, { plate: '川A77777' });
    const visit = (await staffB.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
    const photo = (await staffB.post('/api/v1/files', { contentType: 'image/png', dataBase64: PNG.split(',')[1] })).json().key;
    const signed = await staffB.post(`/api/v1/visits/${visit.id}/inspection`, {
      checklist: [{ item: '灯光', ok: true }],
      damage: [],
      tyres: {},
      fuelLevel: 50,
      odometerKm: 12_000,
      coversApplied: true,
      photos: [photo],
      signaturePng: PNG,
    });
    expect(signed.statusCode, signed.body).toBe(201);
    let ro = (
      await staffB.post('/api/v1/repair-orders', {
        visitId: visit.id,
        concerns: '乙店的异响',
        promisedAt: '2026-11-20T17:00:00+08:00',
        lines: [{ kind: 'labour', description: '检查', hours: 1, payType: 'customer' }],
      })
    ).json();
    ro = (await staffB.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
    expect((await staffB.post(`/api/v1/repair-orders/${ro.id}/dispatch`, { technicianIds: [staffB.user.id] })).statusCode).toBe(200);
    const item = (
      await staffB.post(`/api/v1/repair-orders/${ro.id}/additional-items`, {
        kind: 'labour',
        description: '更换雨刮',
        hours: 0.2,
        reason: '雨刮老化',
      })
    ).json();
    const sent = await staffB.post(`/api/v1/additional-items/${item.id}/send-link`, {});
    expect(sent.statusCode, sent.body).toBe(202);
    const approvalToken = (
      await ctx.db
        .selectFrom('outbox_messages')
        .select('body')
        .where('template', '=', 'repair_order.additional_work')
        .where('dealer_id', '=', ctx.network.dealerB)
        .orderBy('created_at', 'desc')
        .executeTakeFirstOrThrow()
    ).body.match(/approve\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/)![1]!;
    const progressToken = (await staffB.post(`/api/v1/repair-orders/${ro.id}/progress-link`)).json().url.split('/').slice(-2).join('/');
    ro = (await staffB.get(`/api/v1/repair-orders/${ro.id}`)).json();
    for (const to of ['in_progress', 'quality_check', 'ready'])
      ro = (await staffB.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
    const invoice = (await staffB.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
    ro = (await staffB.get(`/api/v1/repair-orders/${ro.id}`)).json();
    b = {
      visit: visit.id,
      customer: ro.customer.id,
      line: ro.lines[0].id,
      ro,
      item: item.id,
      invoice: invoice.id,
      photo,
      progressToken,
      approvalToken,
    };
  });

  it.each([
    ['GET visit', () => staffA.get(`/api/v1/visits/${b.visit}`)],
    ['GET inspection', () => staffA.get(`/api/v1/visits/${b.visit}/inspection`)],
    [
      'sign the inspection',
      () =>
        staffA.post(`/api/v1/visits/${b.visit}/inspection`, {
          checklist: [],
          damage: [],
          tyres: {},
          fuelLevel: 1,
          odometerKm: 1,
          coversApplied: false,
          signaturePng: PNG,
        }),
    ],
    ['GET photo', () => staffA.get(`/api/v1/files/${b.photo}`)],
    ['GET RO', () => staffA.get(`/api/v1/repair-orders/${b.ro.id}`)],
    ['GET RO PDF', () => staffA.get(`/api/v1/repair-orders/${b.ro.id}/pdf`)],
    ['PATCH RO', () => staffA.patch(`/api/v1/repair-orders/${b.ro.id}`, { version: b.ro.version, concerns: '改' })],
    ['authorise', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/authorise`, { version: b.ro.version, signaturePng: PNG })],
    [
      'transition',
      () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/transitions`, { version: b.ro.version, to: 'cancelled', reason: 'x' }),
    ],
    ['dispatch', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/dispatch`, { technicianIds: [staffA.user.id] })],
    ['clock on', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/clock-on`)],
    ['clock off', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/clock-off`)],
    [
      'quality check',
      () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/quality-checks`, { passed: true, checklist: [{ item: '外观', ok: true }] }),
    ],
    ['progress link', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/progress-link`)],
    [
      'raise additional work',
      () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/additional-items`, { kind: 'labour', description: 'x', hours: 1, reason: 'x' }),
    ],
    ['list additional work', () => staffA.get(`/api/v1/repair-orders/${b.ro.id}/additional-items`)],
    ['decide an item', () => staffA.post(`/api/v1/additional-items/${b.item}/decision`, { outcome: 'approved' })],
    ['text an item link', () => staffA.post(`/api/v1/additional-items/${b.item}/send-link`, {})],
    ['invoice', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/invoice`, { version: b.ro.version })],
    ['GET invoice', () => staffA.get(`/api/v1/invoices/${b.invoice}`)],
    ['GET invoice PDF', () => staffA.get(`/api/v1/invoices/${b.invoice}/pdf`)],
    ['pay', () => staffA.post(`/api/v1/invoices/${b.invoice}/payments`, { method: 'cash', amountFen: 100 })],
    [
      'deliver',
      () =>
        staffA.post(`/api/v1/repair-orders/${b.ro.id}/deliver`, {
          version: b.ro.version,
          checklist: { workExplained: true, oldPartsShown: true, carClean: true },
        }),
    ],
    // Issue 12: the drive, the customer's history, the technician's tablet, showing a link in person.
    ['cancel the visit', () => staffA.post(`/api/v1/visits/${b.visit}/cancel`, { reason: '误开' })],
    ['customer history', () => staffA.get(`/api/v1/customers/${b.customer}/history`)],
    ['customer open calls', () => staffA.get(`/api/v1/customers/${b.customer}/open-calls`)],
    ['show an item link', () => staffA.post(`/api/v1/additional-items/${b.item}/show-link`, {})],
    ['finish a line', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/lines/${b.line}/finish`)],
    ['record a finding', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/findings`, { text: '甲店的发现' })],
    ['send to the quality check', () => staffA.post(`/api/v1/repair-orders/${b.ro.id}/send-to-quality-check`)],
  ])('%s → 404, nothing changes', async (_label, call) => {
    const response = await call();
    expect(response.statusCode, response.body).toBe(404);
    expect(response.body).not.toContain('乙店');
    const ro = await ctx.db.selectFrom('repair_orders').select(['status', 'version']).where('id', '=', b.ro.id).executeTakeFirstOrThrow();
    expect(ro).toEqual({ status: 'invoiced', version: b.ro.version });
    expect(await ctx.db.selectFrom('payments').select('id').where('invoice_id', '=', b.invoice).execute()).toEqual([]);
    expect((await ctx.db.selectFrom('additional_items').select('status').where('id', '=', b.item).executeTakeFirstOrThrow()).status).toBe(
      'pending',
    );
    expect((await ctx.db.selectFrom('visits').select('status').where('id', '=', b.visit).executeTakeFirstOrThrow()).status).toBe('open');
    expect(await ctx.db.selectFrom('job_findings').select('id').where('repair_order_id', '=', b.ro.id).execute()).toEqual([]);
  });

  it("cannot open an order on another dealer's visit (the visit is unknown to it)", async () => {
    const response = await staffA.post('/api/v1/repair-orders', {
      visitId: b.visit,
      concerns: 'x',
      promisedAt: '2026-11-20T17:00:00+08:00',
      lines: [],
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'visitId', code: 'unknown_visit' });
  });

  it('lists, boards, jobs and KPIs show only its own dealer', async () => {
    for (const url of [
      '/api/v1/repair-orders',
      '/api/v1/workshop/board',
      '/api/v1/me/jobs',
      '/api/v1/kpis/service?from=2026-11-20&to=2026-11-20',
      '/api/v1/kpis/workshop?from=2026-11-20&to=2026-11-20',
      '/api/v1/catalogue',
      '/api/v1/drive/today',
      '/api/v1/additional-items/awaiting-decision?mine=false',
      '/api/v1/messages?limit=200',
    ]) {
      const response = await staffA.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(b.ro.id);
      expect(response.body, url).not.toContain('乙店');
    }
  });

  it('a token opens exactly its own item of its own dealer', async () => {
    const progress = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/${b.progressToken}` });
    expect(progress.json()).toMatchObject({ number: b.ro.number, dealerName: '乙店' });
    const approval = await ctx.app.inject({ method: 'GET', url: `/api/v1/public/approvals/${b.approvalToken}` });
    expect(approval.statusCode, approval.body).toBe(200);
    expect(approval.body).not.toContain(b.progressToken);
    // A progress token is not an approval token and the other way round.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/approvals/${b.progressToken}` })).statusCode).toBe(404);
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/progress/${b.approvalToken}` })).statusCode).toBe(404);
    // Dealer B's tokens under dealer A's code open nothing.
    for (const path of [`progress/A01/${b.progressToken.split('/')[1]}`, `approvals/A01/${b.approvalToken.split('/')[1]}`])
      expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/${path}` })).statusCode, path).toBe(404);
  });

  it("the dealer admin lists and manages only its own dealer's staff and tokens", async () => {
    const staff = await dealerA.get('/api/v1/admin/users?includeDisabled=true');
    expect(staff.statusCode, staff.body).toBe(200);
    expect(staff.body).not.toContain(ctx.network.dealerB);
    const bUser = await ctx.db.selectFrom('users').select('id').where('dealer_id', '=', ctx.network.dealerB).executeTakeFirstOrThrow();
    expect(staff.body).not.toContain(bUser.id);
    expect((await dealerA.post(`/api/v1/admin/users/${bUser.id}/disable`, {})).statusCode).toBe(404);
    expect(
      (await ctx.db.selectFrom('users').select('disabled_at').where('id', '=', bUser.id).executeTakeFirstOrThrow()).disabled_at,
    ).toBeNull();
  });

  it('a technician gets no mobile number or birthday of any customer from the API', async () => {
    const technician = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technician'] });
    const own = await createCustomer(dealerA, { name: '甲店车主', mobile: '13722223333', birthday: '1990-05-06' });
    const seen = (await technician.get(`/api/v1/customers/${own.id}`)).json();
    expect(seen).toMatchObject({ mobile: '137****3333', birthday: null });
    expect((await technician.get(`/api/v1/customers/${b.customer}`)).statusCode).toBe(404);
  });

  it('the car maker reads an order of any dealer but does not work on it', async () => {
    expect((await carMaker.get(`/api/v1/repair-orders/${b.ro.id}`)).statusCode).toBe(200);
    expect(
      (await carMaker.post(`/api/v1/repair-orders/${b.ro.id}/transitions`, { version: b.ro.version, to: 'cancelled', reason: 'x' }))
        .statusCode,
    ).toBe(403);
  });
});

describe("follow-up: a dealer cannot see or work another dealer's calls, cases or plans", () => {
  let staffA: Client;
  let b: { task: { id: string; version: number }; winBack: string; plan: string; vehicle: string };

  beforeAll(async () => {
    staffA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations', 'service_manager'] });
    const staffB = await ctx.loginAs({
      dealerId: ctx.network.dealerB,
      roles: ['customer_relations', 'service_manager', 'service_advisor'],
    });
    const vehicle = await createVehicle(staffB, (await createCustomer(staffB, { name: '乙店回访客户' })).id, { deliveredOn: '2026-11-18' });
    expect((await staffB.post('/api/v1/follow-up/run')).statusCode).toBe(200);
    const task = (await staffB.get('/api/v1/follow-up/tasks?view=all&scope=team'))
      .json()
      .items.find((t: { vehicle: { id: string } | null }) => t.vehicle?.id === vehicle.id);
    const winBackId = newId();
    await ctx.db
      .insertInto('win_back_cases')
      .values({
        created_at: ctx.clock.now(),
        dealer_id: ctx.network.dealerB,
        id: winBackId,
        customer_id: customerOfB.id,
        vehicle_id: vehicleOfB.id,
        period_key: 'test',
        updated_at: new Date(),
      })
      .execute();
    const plan = (
      await staffB.post('/api/v1/work-plans', {
        kind: 'activity',
        title: '乙店活动',
        periodFrom: '2026-11-01',
        periodTo: '2026-11-30',
        targetCount: 10,
        minimumCount: 5,
        metric: 'manual',
      })
    ).json();
    b = { task: { id: task.id, version: task.version }, winBack: winBackId, plan: plan.id, vehicle: vehicle.id };
  });

  it.each([
    ['GET call screen', () => staffA.get(`/api/v1/follow-up/tasks/${b.task.id}`)],
    [
      'record an attempt',
      () => staffA.post(`/api/v1/follow-up/tasks/${b.task.id}/attempts`, { version: b.task.version, result: 'no_answer' }),
    ],
    [
      'book from the call',
      () =>
        staffA.post(`/api/v1/follow-up/tasks/${b.task.id}/appointment`, {
          version: b.task.version,
          startsAt: '2026-11-24T10:00:00+08:00',
          requestedWork: [{ kind: 'maintenance', description: 'x' }],
        }),
    ],
    ['reassign', () => staffA.post(`/api/v1/follow-up/tasks/${b.task.id}/reassign`, { version: b.task.version, ownerId: staffA.user.id })],
    ['update a win-back case', () => staffA.patch(`/api/v1/win-back/${b.winBack}`, { version: 1, costFen: 1 })],
    ['set a plan actual', () => staffA.post(`/api/v1/work-plans/${b.plan}/actual`, { version: 1, actualCount: 9 })],
    ['predict a vehicle', () => staffA.get(`/api/v1/vehicles/${b.vehicle}/maintenance-prediction`)],
  ])('%s → 404, nothing changes', async (_label, call) => {
    const response = await call();
    expect(response.statusCode, response.body).toBe(404);
    expect(response.body).not.toContain('乙店');
    const task = await ctx.db
      .selectFrom('follow_up_tasks')
      .select(['status', 'version', 'attempts'])
      .where('id', '=', b.task.id)
      .executeTakeFirstOrThrow();
    expect(task).toEqual({ status: 'open', version: b.task.version, attempts: 0 });
    expect(
      (await ctx.db.selectFrom('win_back_cases').select('cost_fen').where('id', '=', b.winBack).executeTakeFirstOrThrow()).cost_fen,
    ).toBe(0);
    expect(
      (await ctx.db.selectFrom('work_plans').select('manual_actual').where('id', '=', b.plan).executeTakeFirstOrThrow()).manual_actual,
    ).toBe(0);
  });

  it('queues, win-back lists, plans and KPIs show only its own dealer; its own run creates no task for the other', async () => {
    expect((await staffA.post('/api/v1/follow-up/run')).statusCode).toBe(200);
    for (const url of [
      '/api/v1/follow-up/tasks?view=all&scope=team',
      '/api/v1/win-back',
      '/api/v1/work-plans',
      '/api/v1/kpis/follow-up?from=2026-11-01&to=2026-11-30&groupBy=agent',
    ]) {
      const response = await staffA.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(b.task.id);
      expect(response.body, url).not.toContain('乙店');
    }
    const own = await ctx.db.selectFrom('follow_up_tasks').select('dealer_id').where('vehicle_id', '=', b.vehicle).execute();
    expect(own.map((t) => t.dealer_id)).toEqual([ctx.network.dealerB]);
  });
});

describe("complaints: a dealer cannot see or act on another dealer's case; the car maker sees the escalated ones", () => {
  let staffA: Client;
  let caseOfB: { id: string; version: number; recoveryId: string };

  beforeAll(async () => {
    staffA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor', 'service_manager', 'general_manager'] });
    const staffB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor', 'service_manager'] });
    const created = await staffB.post('/api/v1/complaints', {
      customerId: customerOfB.id,
      vehicleId: vehicleOfB.id,
      channel: 'in_person',
      customerWords: '乙店投诉：洗车没洗干净',
      category: 'repair_quality',
    });
    expect(created.statusCode, created.body).toBe(201);
    const withRecovery = (
      await staffB.post(`/api/v1/complaints/${created.json().id}/recoveries`, {
        version: created.json().version,
        kind: 'gift',
        costFen: 999_999,
      })
    ).json();
    caseOfB = { id: withRecovery.id, version: withRecovery.version, recoveryId: withRecovery.recoveries[0].id };
  });

  const v = () => caseOfB.version;
  it.each([
    ['GET the case', () => staffA.get(`/api/v1/complaints/${caseOfB.id}`)],
    ['PATCH the case', () => staffA.patch(`/api/v1/complaints/${caseOfB.id}`, { version: v(), rootCause: '甲店改' })],
    ['acknowledge', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/acknowledge`, { version: v() })],
    [
      'contact the customer',
      () =>
        staffA.post(`/api/v1/complaints/${caseOfB.id}/communications`, { version: v(), channel: 'phone', summary: 'x', feedback: true }),
    ],
    ['hand over', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/handover`, { version: v(), toUserId: staffA.user.id, note: 'x' })],
    ['re-route', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/handler`, { version: v(), handlerId: staffA.user.id })],
    ['add recovery', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/recoveries`, { version: v(), kind: 'gift', costFen: 1 })],
    [
      'approve recovery',
      () => staffA.post(`/api/v1/complaints/${caseOfB.id}/recoveries/${caseOfB.recoveryId}/decision`, { version: v(), approve: true }),
    ],
    ['customer accepts', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/acceptance`, { version: v(), solutionPlan: 'x' })],
    [
      'book the repair',
      () =>
        staffA.post(`/api/v1/complaints/${caseOfB.id}/appointment`, {
          version: v(),
          startsAt: '2026-11-24T10:00:00+08:00',
          requestedWork: [{ kind: 'repair', description: 'x' }],
        }),
    ],
    [
      'close',
      () =>
        staffA.post(`/api/v1/complaints/${caseOfB.id}/close`, {
          version: v(),
          finalSatisfaction: 'satisfied',
          causeClass: 'defect',
          preventable: false,
          preventionMeasure: 'x',
        }),
    ],
    ['reopen', () => staffA.post(`/api/v1/complaints/${caseOfB.id}/reopen`, { version: v(), reason: 'x' })],
  ])('%s → 404, nothing changes', async (_label, call) => {
    const response = await call();
    expect(response.statusCode, response.body).toBe(404);
    expect(response.body).not.toContain('乙店');
    const row = await ctx.db
      .selectFrom('complaints')
      .select(['version', 'status', 'dealer_id', 'root_cause'])
      .where('id', '=', caseOfB.id)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ version: caseOfB.version, status: 'acknowledged', dealer_id: ctx.network.dealerB, root_cause: null });
    expect(
      (await ctx.db.selectFrom('complaint_recoveries').select('status').where('id', '=', caseOfB.recoveryId).executeTakeFirstOrThrow())
        .status,
    ).toBe('pending');
  });

  it('inbox, staff list, settings and analysis show only its own dealer', async () => {
    for (const url of [
      '/api/v1/complaints?view=all',
      '/api/v1/complaints?view=team&q=乙店',
      '/api/v1/complaints/staff',
      '/api/v1/complaint-settings',
      '/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30',
      '/api/v1/tasks?scope=all',
    ]) {
      const response = await staffA.get(encodeURI(url));
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain(caseOfB.id);
      expect(response.body, url).not.toContain('乙店');
    }
    expect((await staffA.get(`/api/v1/complaints/staff?dealerId=${ctx.network.dealerB}`)).body).not.toContain(ctx.network.dealerB);
  });

  it("the car maker reads the network's cases (a case a dealer still handles too) and every dealer's figures", async () => {
    expect((await carMaker.get(`/api/v1/complaints/${caseOfB.id}`)).statusCode).toBe(200);
    await ctx.db.updateTable('complaints').set({ car_maker_involved: true }).where('id', '=', caseOfB.id).execute();
    const read = await carMaker.get(`/api/v1/complaints/${caseOfB.id}`);
    expect(read.statusCode).toBe(200);
    expect(read.json().can).toMatchObject({ assignDealer: false, setDeadline: false, communicate: false, close: false, update: false });
    // An analyst reads; only the complaint desk acts.
    expect(
      (await carMaker.post(`/api/v1/complaints/${caseOfB.id}/deadline`, { version: caseOfB.version, deadlineAt: '2026-12-01T00:00:00Z' }))
        .statusCode,
    ).toBe(403);
    const figures = (await carMaker.get('/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30')).json();
    expect(figures.byDealer.map((d: { dealerId: string }) => d.dealerId).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
  });
});

describe("CSI: a dealer cannot see another dealer's surveys, responses or questionnaires; the car maker sees every dealer", () => {
  let staffA: Client;
  let b: { roId: string; questionnaireId: string; token: string };

  beforeAll(async () => {
    staffA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations', 'service_manager'] });
    const staffB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager', 'customer_relations'] });
    const at = ctx.clock.now();
    const visitId = newId();
    const roId = newId();
    await ctx.db
      .insertInto('visits')
      .values({
        created_at: ctx.clock.now(),
        dealer_id: ctx.network.dealerB,
        id: visitId,
        customer_id: customerOfB.id,
        vehicle_id: vehicleOfB.id,
        arrived_at: at,
        greeted_at: at,
        status: 'closed',
      })
      .execute();
    await ctx.db
      .insertInto('repair_orders')
      .values({
        created_at: ctx.clock.now(),
        dealer_id: ctx.network.dealerB,
        id: roId,
        number: 'RO-B-SURVEY',
        visit_id: visitId,
        customer_id: customerOfB.id,
        vehicle_id: vehicleOfB.id,
        sa_id: null,
        concerns: '乙店保养',
        promised_at: at,
        status: 'delivered',
        delivered_at: at,
      })
      .execute();
    await ctx.app.services.csi.onVisitDelivered({
      dealerId: ctx.network.dealerB,
      visitId,
      repairOrderId: roId,
      customerId: customerOfB.id,
      vehicleId: vehicleOfB.id,
      deliveredAt: at.toISOString(),
    });
    const sms = await ctx.db
      .selectFrom('outbox_messages')
      .select('body')
      .where('dedupe_key', '=', `survey:${roId}`)
      .executeTakeFirstOrThrow();
    const token = /\/survey\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(sms.body)![1]!;
    const survey = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${token}` })).json();
    const low = Object.fromEntries(
      survey.definition.questions.filter((q: { kind: string }) => q.kind === 'scale').map((q: { id: string }) => [q.id, 1]),
    );
    expect(
      (
        await ctx.app.inject({
          method: 'POST',
          url: `/api/v1/public/surveys/${token}`,
          payload: { answers: low },
          remoteAddress: '203.0.113.50',
        })
      ).statusCode,
    ).toBe(200);
    const own = await staffB.post('/api/v1/questionnaires', { name: '乙店问卷', scope: 'dealer', definition: survey.definition });
    b = { roId, questionnaireId: own.json().id, token };
  });

  it("cannot read or change another dealer's questionnaire, nor record a survey on its order", async () => {
    expect((await staffA.get(`/api/v1/questionnaires/${b.questionnaireId}`)).statusCode).toBe(404);
    expect((await staffA.put(`/api/v1/questionnaires/${b.questionnaireId}`, { rowVersion: 1, name: '甲店改' })).statusCode).toBe(404);
    const recorded = await staffA.post('/api/v1/surveys/call', { repairOrderId: b.roId, answers: {} });
    expect(recorded.statusCode).toBe(400);
    expect(recorded.json().errors[0].field).toBe('repairOrderId');
    expect(await ctx.db.selectFrom('survey_responses').select('id').where('repair_order_id', '=', b.roId).execute()).toHaveLength(1);
    expect(
      (await ctx.db.selectFrom('questionnaires').select('name').where('id', '=', b.questionnaireId).executeTakeFirstOrThrow()).name,
    ).toBe('乙店问卷');
  });

  it('lists, dashboards and drill-downs show only its own dealer; the car maker sees both', async () => {
    for (const url of [
      '/api/v1/questionnaires',
      '/api/v1/survey-responses?from=2026-11-01&to=2026-11-30',
      '/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30&groupBy=sa',
      '/api/v1/kpis/csi/factors/quality?from=2026-11-01&to=2026-11-30',
      '/api/v1/tasks?scope=all',
    ]) {
      const response = await staffA.get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).not.toContain('乙店');
      expect(response.body, url).not.toContain(b.roId);
    }
    const own = await staffA.get('/api/v1/kpis/csi?from=2026-11-01&to=2026-11-30');
    expect(own.statusCode, own.body).toBe(200);
    expect(own.json().total.responses).toBe(0);
    const network = (await carMaker.get('/api/v1/survey-responses?from=2026-11-01&to=2026-11-30')).json().items;
    expect(network.map((r: { repairOrder: { id: string } | null }) => r.repairOrder?.id)).toContain(b.roId);
  });

  it('a survey token opens exactly its own invitation', async () => {
    const page = (await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${b.token}` })).json();
    expect(page).toMatchObject({ dealerName: '乙店', status: 'answered' });
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/${b.token.slice(0, -2)}xx` })).statusCode).toBe(404);
    // Under another dealer's code the same token opens nothing.
    expect((await ctx.app.inject({ method: 'GET', url: `/api/v1/public/surveys/A01/${b.token.split('/')[1]}` })).statusCode).toBe(404);
  });
});

describe("scorecards: a dealer cannot see another dealer's staff; a person sees only their own and their team's", () => {
  const NOV = 'period=2026-11';
  let saOfB: Client;

  beforeAll(async () => {
    saOfB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
  });

  it("GET another dealer's person → 404, and the team holds only its own dealer's staff", async () => {
    for (const id of [saOfB.user.id, dealerB.user.id])
      expect((await dealerA.get(`/api/v1/scorecards/${id}?${NOV}`)).statusCode, id).toBe(404);
    const team = await dealerA.get(`/api/v1/scorecards?${NOV}`);
    expect(team.statusCode, team.body).toBe(200);
    const ids = team.json().items.map((c: { userId: string; dealer: { id: string } }) => c.dealer.id);
    expect(ids.length).toBeGreaterThan(0);
    expect(new Set(ids)).toEqual(new Set([ctx.network.dealerA]));
    const mine = (await dealerA.get(`/api/v1/scorecards/me?${NOV}`)).json().items;
    expect(mine.map((c: { userId: string }) => c.userId)).toEqual([dealerA.user.id]);
  });

  it("an advisor reads no one else's card, in their dealer or another", async () => {
    expect((await saOfB.get(`/api/v1/scorecards/${dealerB.user.id}?${NOV}`)).statusCode).toBe(403);
    expect((await saOfB.get(`/api/v1/scorecards/${dealerA.user.id}?${NOV}`)).statusCode).toBe(403);
    expect((await saOfB.get(`/api/v1/scorecards?${NOV}`)).statusCode).toBe(403);
  });

  it("settings are the dealer's own: a change at A leaves B's defaults", async () => {
    const settings = (await dealerA.get('/api/v1/scorecards/settings')).json().roles;
    const technician = settings.find((r: { role: string }) => r.role === 'technician');
    const manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
    const saved = await manager.put('/api/v1/scorecards/settings/technician', { version: technician.version, metrics: technician.metrics });
    expect(saved.statusCode, saved.body).toBe(200);
    const managerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
    const ofB = (await managerB.get('/api/v1/scorecards/settings')).json().roles;
    expect(ofB.every((r: { version: number }) => r.version === 0)).toBe(true);
  });

  it("the car maker compares dealers but reads no person's card nor changes settings; a dealer gets no comparison", async () => {
    const network = await carMaker.get(`/api/v1/network/scorecards?${NOV}&role=service_advisor`);
    expect(network.statusCode, network.body).toBe(200);
    expect(new Set(network.json().dealers.map((d: { dealer: { id: string } }) => d.dealer.id))).toEqual(
      new Set([ctx.network.dealerA, ctx.network.dealerB]),
    );
    expect((await carMaker.get(`/api/v1/scorecards/me?${NOV}`)).statusCode).toBe(403);
    expect((await carMaker.get(`/api/v1/scorecards/${saOfB.user.id}?${NOV}`)).statusCode).toBe(403);
    expect((await carMaker.put('/api/v1/scorecards/settings/technician', { version: 0, metrics: [] })).statusCode).toBe(400);
    const valid = await carMaker.put('/api/v1/scorecards/settings/appointment_agent', {
      version: 0,
      metrics: [{ metric: 'appointmentsBooked', weight: 100, target: 10 }],
    });
    expect(valid.statusCode).toBe(403);
    expect((await dealerA.get(`/api/v1/network/scorecards?${NOV}&role=service_advisor`)).statusCode).toBe(403);
    for (const url of ['/api/v1/scorecards/me', '/api/v1/scorecards', '/api/v1/network/scorecards?role=technician'])
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
  });
});
