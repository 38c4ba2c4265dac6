import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

let ctx: TestContext;
let sa: Client;
beforeAll(async () => {
  ctx = await createTestContext();
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
});
afterAll(() => ctx.close());

const vehicleCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('vehicles')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

describe('registering a vehicle', () => {
  it('stores the plate normalised and shows it with the dot, with owner and user', async () => {
    const owner = await createCustomer(sa, { name: '刘洋' });
    const user = await createCustomer(sa, { name: '刘小洋' });
    const vehicle = await createVehicle(sa, owner.id, { plate: '京ａd·12345', userId: user.id, modelId: ctx.network.modelId });
    expect(vehicle).toMatchObject({
      plate: '京A·D12345',
      plateKind: 'new_energy',
      owner: { id: owner.id },
      user: { id: user.id },
      modelName: '远航 S5',
    });
    const userVehicles = (await sa.get(`/api/v1/customers/${user.id}/vehicles`)).json().items;
    expect(userVehicles.map((v: { id: string }) => v.id)).toEqual([vehicle.id]);
  });

  it.each([
    [{ vin: 'LYHS5A1C0TB2OOOO1' }, 'vin', 'invalid_vin_characters'], // O is never used in a VIN
    [{ vin: 'LYHS5A1C' + '5' + 'TB200001' }, 'vin', 'invalid_vin_check_digit'],
    [{ vin: 'LYHS5A1C' }, 'vin', 'invalid_vin_length'],
    [{ plate: '京A1234' }, 'plate', 'invalid_plate'],
  ])('refuses %o naming the field, writing nothing', async (override, field, code) => {
    const owner = await createCustomer(sa);
    const before = await vehicleCount();
    const valid = { vin: withVinCheckDigit('LYHS5A1C0TB200001'), plate: '京A99999', ownerId: owner.id };
    const response = await sa.post('/api/v1/vehicles', { ...valid, ...override });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors).toContainEqual(expect.objectContaining({ field, code }));
    expect(await vehicleCount()).toBe(before);
  });

  it('refuses a VIN or a plate that another vehicle already has', async () => {
    const owner = await createCustomer(sa);
    const first = await createVehicle(sa, owner.id);
    const sameVin = await sa.post('/api/v1/vehicles', { vin: first.vin, plate: '京A77777', ownerId: owner.id });
    expect(sameVin.statusCode).toBe(409);
    expect(sameVin.json()).toMatchObject({ code: 'vin_taken', errors: [{ field: 'vin' }] });
    const samePlate = await sa.post('/api/v1/vehicles', {
      vin: withVinCheckDigit('LYHS5A1C0TB377777'),
      plate: first.plate,
      ownerId: owner.id,
    });
    expect(samePlate.statusCode).toBe(409);
    expect(samePlate.json().code).toBe('plate_taken');
  });

  it('refuses an owner the dealer does not serve', async () => {
    const response = await sa.post('/api/v1/vehicles', {
      vin: withVinCheckDigit('LYHS5A1C0TB300001'),
      plate: '京A30001',
      ownerId: '0190a0a0-0000-7000-8000-000000000000',
    });
    expect(response.statusCode).toBe(400);
    expect(response.json().errors[0]).toMatchObject({ field: 'ownerId', code: 'unknown_customer' });
  });

  it('changes only the fields sent: fuel and use type are not reset by an edit', async () => {
    const owner = await createCustomer(sa);
    const vehicle = await createVehicle(sa, owner.id, { fuelType: 'electric', useType: 'ride_hailing' });
    const edited = await sa.patch(`/api/v1/vehicles/${vehicle.id}`, { version: 1, color: '蓝色' });
    expect(edited.json()).toMatchObject({ color: '蓝色', fuelType: 'electric', useType: 'ride_hailing' });
  });

  it('edits with a version and records an owner change on both customers', async () => {
    const seller = await createCustomer(sa, { name: '卖家' });
    const buyer = await createCustomer(sa, { name: '买家' });
    const vehicle = await createVehicle(sa, seller.id);
    const moved = await sa.patch(`/api/v1/vehicles/${vehicle.id}`, { version: 1, ownerId: buyer.id, color: '白色' });
    expect(moved.statusCode).toBe(200);
    expect(moved.json()).toMatchObject({ version: 2, owner: { id: buyer.id }, color: '白色' });
    expect((await sa.patch(`/api/v1/vehicles/${vehicle.id}`, { version: 1, color: '黑色' })).statusCode).toBe(409);
    for (const person of [seller, buyer]) {
      const kinds = (await sa.get(`/api/v1/customers/${person.id}/timeline`)).json().items.map((e: { kind: string }) => e.kind);
      expect(kinds).toContain('vehicle.owner_changed');
    }
  });
});

describe('exact lookup across the network', () => {
  it("finds another dealer's vehicle by exact plate or VIN and links it and its owner to this dealer", async () => {
    const other = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] });
    const owner = await createCustomer(other, { name: '外店客户' });
    const vehicle = await createVehicle(other, owner.id);

    expect((await sa.get(`/api/v1/vehicles/${vehicle.id}`)).statusCode).toBe(404);
    expect((await sa.get(`/api/v1/customers/search?q=${encodeURIComponent(vehicle.plate)}`)).json().items).toEqual([]);
    expect((await sa.post('/api/v1/vehicles/lookup', { plate: vehicle.plate.slice(0, 5) })).statusCode).toBe(404); // partial is not a lookup

    const found = await sa.post('/api/v1/vehicles/lookup', { plate: vehicle.plate.replace('·', '').toLowerCase() });
    expect(found.statusCode).toBe(200);
    expect(found.json().id).toBe(vehicle.id);
    expect((await sa.get(`/api/v1/vehicles/${vehicle.id}`)).statusCode).toBe(200);
    expect((await sa.get(`/api/v1/customers/${owner.id}`)).statusCode).toBe(200);
    const relation = await ctx.db
      .selectFrom('dealer_customers')
      .selectAll()
      .where('customer_id', '=', owner.id)
      .where('dealer_id', '=', ctx.network.dealerA)
      .executeTakeFirstOrThrow();
    expect(relation.source).toBe('vehicle_lookup');
    expect((await sa.post('/api/v1/vehicles/lookup', { vin: vehicle.vin })).statusCode).toBe(200);
  });

  it('asks for exactly one of VIN or plate', async () => {
    expect((await sa.post('/api/v1/vehicles/lookup', {})).statusCode).toBe(400);
  });
});

describe('mileage readings', () => {
  it('keeps the history, refuses a decreasing reading unless the odometer was replaced', async () => {
    const owner = await createCustomer(sa);
    const vehicle = await createVehicle(sa, owner.id);
    const url = `/api/v1/vehicles/${vehicle.id}/mileage`;
    expect((await sa.post(url, { readOn: '2026-05-01', km: 12_000, source: 'service_visit' })).statusCode).toBe(201);
    expect((await sa.post(url, { readOn: '2026-10-01', km: 18_500, source: 'call' })).statusCode).toBe(201);

    const lower = await sa.post(url, { readOn: '2026-11-01', km: 9_000, source: 'customer' });
    expect(lower.statusCode).toBe(400);
    expect(lower.json()).toMatchObject({ code: 'mileage_decreasing', errors: [{ field: 'km', code: 'lower_than_earlier' }] });

    const future = await sa.post(url, { readOn: '2026-12-01', km: 20_000, source: 'customer' });
    expect(future.json().errors[0]).toMatchObject({ field: 'readOn', code: 'in_future' });

    expect((await sa.post(url, { readOn: '2026-11-01', km: 150, source: 'service_visit', odometerReplaced: true })).statusCode).toBe(201);
    const history = (await sa.get(url)).json().items;
    expect(history.map((h: { km: number }) => h.km)).toEqual([150, 18_500, 12_000]);
    expect((await sa.get(`/api/v1/vehicles/${vehicle.id}`)).json().lastKm).toBe(150);
  });
});
