import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomer, createTestContext, createVehicle, type Client, type TestContext } from './harness.js';

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
