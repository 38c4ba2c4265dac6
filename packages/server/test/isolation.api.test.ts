import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { buildUser, createCustomer, createTestContext, createVehicle, type Client, type TestContext } from './harness.js';

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
    expect((await dealerA.post(`/api/v1/vehicles/${vehicleOfB.id}/mileage`, { readOn: '2026-07-01', km: 6000, source: 'call' })).statusCode).toBe(404);
    const customer = await ctx.db.selectFrom('customers').selectAll().where('id', '=', customerOfB.id).executeTakeFirstOrThrow();
    expect(customer).toMatchObject({ name: '乙店客户', version: 1 });
    const vehicle = await ctx.db.selectFrom('vehicles').selectAll().where('id', '=', vehicleOfB.id).executeTakeFirstOrThrow();
    expect(vehicle).toMatchObject({ color: null, version: 1 });
  });

  it("cannot register a vehicle for another dealer's customer", async () => {
    const response = await dealerA.post('/api/v1/vehicles', { vin: withVinCheckDigit('LYHS5A1C0TB400001'), plate: '京A40001', ownerId: customerOfB.id });
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
    for (const url of ['/api/v1/customers', `/api/v1/customers/${customerOfB.id}`, '/api/v1/dealers', '/api/v1/vehicle-models', `/api/v1/vehicles/${vehicleOfB.id}`]) {
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
    agentA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['appointment_agent', 'parts_manager', 'service_advisor', 'front_desk_supervisor', 'service_manager'] });
    unlinkedVehicleOfB = (await createVehicle(agentB, (await createCustomer(agentB, { name: '乙店另一位' })).id)).id;
    const partId = newId();
    await ctx.db.insertInto('parts').values({ dealer_id: ctx.network.dealerB, id: partId, part_number: 'B-1', name: '乙店配件', price_fen: 100, stock_quantity: 5 }).execute();
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
    await (ctx.app as any).jobs.appointmentJobs.hourBeforeCall.run({ dealerId: ctx.network.dealerB, appointmentId: appointmentOfB.id, startsAt: booked.json().startsAt });
    taskOfB = (await ctx.db.selectFrom('tasks').select('id').where('appointment_id', '=', appointmentOfB.id).executeTakeFirstOrThrow()).id;
  });

  it.each([
    ['GET appointment', () => agentA.get(`/api/v1/appointments/${appointmentOfB.id}`)],
    ['GET history', () => agentA.get(`/api/v1/appointments/${appointmentOfB.id}/history`)],
    ['reschedule', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/reschedule`, { version: appointmentOfB.version, startsAt: '2026-11-23T11:00:00+08:00' })],
    ['cancel', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/cancel`, { version: appointmentOfB.version, reason: 'x' })],
    ['assign', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/assign`, { version: appointmentOfB.version, saId: agentA.user.id })],
    ['confirm', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/confirmations`, { step: 'day_before', channel: 'phone', result: 'confirmed' })],
    ['check in', () => agentA.post(`/api/v1/appointments/${appointmentOfB.id}/check-in`)],
    ['mark a pre-pick', () => agentA.post(`/api/v1/prepick/${prepickOfB}`, { status: 'shortage' })],
    ['complete a task', () => agentA.post(`/api/v1/tasks/${taskOfB}/complete`, { result: 'done' })],
  ])('%s → 404, nothing changes', async (_label, call) => {
    const response = await call();
    expect(response.statusCode).toBe(404);
    const row = await ctx.db.selectFrom('appointments').select(['status', 'version', 'assigned_sa_id']).where('id', '=', appointmentOfB.id).executeTakeFirstOrThrow();
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
    const response = await agentA.post('/api/v1/appointments', { vehicleId: unlinkedVehicleOfB, startsAt: '2026-11-23T10:00:00+08:00', requestedWork: [{ kind: 'repair', description: 'x' }], channel: 'phone' });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'vehicleId', code: 'unknown_vehicle' });
  });

  it("keeps the lobby boards apart, and a manage token opens exactly one booking", async () => {
    const boardA = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/dealers/A01/welcome-board' });
    expect(boardA.json().entries).toEqual([]);
    const forged = await ctx.app.inject({ method: 'GET', url: '/api/v1/public/appointments/not-a-real-token-but-long-enough' });
    expect(forged.statusCode).toBe(404);
  });

  it('car-maker staff read a booking but do not book or change one', async () => {
    expect((await carMaker.get(`/api/v1/appointments/${appointmentOfB.id}`)).statusCode).toBe(200);
    expect((await carMaker.post(`/api/v1/appointments/${appointmentOfB.id}/cancel`, { version: 1, reason: 'x' })).statusCode).toBe(403);
  });
});
