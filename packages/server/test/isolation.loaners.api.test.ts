import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Loaner cars: a dealer never sees, reserves, hands over or takes back another dealer's loaners, nor
// reads its utilisation or chases its overdue returns; the car maker reads every dealer's utilisation
// and changes nothing.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let ctx: TestContext;
let managerA: Client;
let saA: Client;
let managerB: Client;
let saB: Client;
let analyst: Client;
let loanerA: { id: string; version: number };
let reservedA: string;
let outA: string;
let customerA: string;
let customerB: string;
const period = 'from=2026-11-01&to=2026-11-30';
const handover = { km: 1_000, fuelLevel: 80, signaturePng: PNG };

const rowsOf = async (dealerId: string) =>
  (await ctx.db.selectFrom('loaner_reservations').select(['id', 'status']).where('dealer_id', '=', dealerId).orderBy('id').execute()).map(
    (r) => `${r.id}:${r.status}`,
  );

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-10T02:00:00Z' });
  const { dealerA, dealerB } = ctx.network;
  managerA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  saA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  saB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  customerA = (await createCustomer(saA)).id;
  customerB = (await createCustomer(saB)).id;
  await createVehicle(saA, customerA, { modelId: ctx.network.modelId });
  loanerA = (
    await managerA.post('/api/v1/loaners', { plate: '京AL1001', model: '远航 S5', km: 1_000, fuelLevel: 80, costPerDayFen: 10_000 })
  ).json();
  const loanerA2 = (
    await managerA.post('/api/v1/loaners', { plate: '京AL1002', model: '远航 S5', km: 1_000, fuelLevel: 80, costPerDayFen: 10_000 })
  ).json();
  expect(
    (await managerB.post('/api/v1/loaners', { plate: '川AL1001', model: '远航 S3', km: 10, fuelLevel: 80, costPerDayFen: 8_000 }))
      .statusCode,
  ).toBe(201);
  const reserve = (loanerId: string, from: string, until: string) =>
    saA.post('/api/v1/loaner-reservations', { loanerId, customerId: customerA, reason: 'member', isMember: true, from, until });
  reservedA = (await reserve(loanerA.id, '2026-11-20T01:00:00Z', '2026-11-21T01:00:00Z')).json().id;
  outA = (await reserve(loanerA2.id, '2026-11-10T02:00:00Z', '2026-11-11T02:00:00Z')).json().id;
  expect((await saA.post(`/api/v1/loaner-reservations/${outA}/handover`, handover)).statusCode).toBe(200);
  // A day and a half later A's loaner is overdue; the staff log in again (sessions last 12 hours).
  ctx.clock.set('2026-11-11T14:00:00Z');
  managerA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  saB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
});
afterAll(() => ctx.close());

describe("loaner cars: a dealer never sees or touches another dealer's", () => {
  it('fleet: listed its own only, naming the other dealer is 403, editing its loaner is 404', async () => {
    const own = (await saB.get('/api/v1/loaners')).json().items;
    expect(own.map((l: { plate: string }) => l.plate)).toEqual(['川A·L1001']);
    expect((await saB.get(`/api/v1/loaners?dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    const edit = await managerB.put(`/api/v1/loaners/${loanerA.id}`, {
      plate: '京AL1001',
      model: '改',
      km: 1,
      fuelLevel: 1,
      costPerDayFen: 1,
      state: 'retired',
      version: 1,
    });
    expect(edit.statusCode).toBe(404);
    const stored = await ctx.db.selectFrom('loaners').select(['model', 'state']).where('id', '=', loanerA.id).executeTakeFirstOrThrow();
    expect(stored).toEqual({ model: '远航 S5', state: 'active' });
  });

  it('reservations: not listed, not read, not reserved, handed over, returned or cancelled', async () => {
    const before = await rowsOf(ctx.network.dealerA);
    expect((await saB.get(`/api/v1/loaner-reservations?${period}`)).json().items).toEqual([]);
    expect((await saB.get(`/api/v1/loaner-reservations?${period}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    expect((await saB.get(`/api/v1/loaner-reservations/${reservedA}`)).statusCode).toBe(404);
    const steal = await saB.post('/api/v1/loaner-reservations', {
      loanerId: loanerA.id,
      customerId: customerB,
      reason: 'member',
      isMember: true,
      from: '2026-11-25T01:00:00Z',
      until: '2026-11-26T01:00:00Z',
    });
    expect(steal.statusCode).toBe(400);
    expect(steal.json().errors[0].field).toBe('loanerId');
    expect((await saB.post(`/api/v1/loaner-reservations/${reservedA}/handover`, handover)).statusCode).toBe(404);
    expect((await saB.post(`/api/v1/loaner-reservations/${outA}/return`, handover)).statusCode).toBe(404);
    expect((await saB.post(`/api/v1/loaner-reservations/${reservedA}/cancel`, { reason: '不要了' })).statusCode).toBe(404);
    expect(await rowsOf(ctx.network.dealerA)).toEqual(before);
  });

  it('settings, utilisation and the overdue chase are its own only', async () => {
    expect((await managerB.put('/api/v1/loaners/settings', { warrantyRepairMinDays: 5 })).statusCode).toBe(200);
    expect((await managerA.get('/api/v1/loaners/settings')).json()).toEqual({ warrantyRepairMinDays: 1 });
    const utilisation = (await managerB.get(`/api/v1/loaners/utilisation?${period}`)).json().items;
    expect(utilisation.map((u: { dealer: { id: string } }) => u.dealer.id)).toEqual([ctx.network.dealerB]);
    expect(utilisation[0]).toMatchObject({ fleet: 1, daysOut: 0, overdue: 0 });
    expect((await managerB.get(`/api/v1/loaners/utilisation?${period}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    // B's chase makes no task of A's overdue loaner; A's does.
    expect((await managerB.post('/api/v1/loaners/chase-overdue')).json()).toEqual({ created: 0 });
    expect(await ctx.db.selectFrom('tasks').select('id').where('kind', '=', 'loaner_overdue').execute()).toEqual([]);
    expect((await managerA.post('/api/v1/loaners/chase-overdue')).json()).toEqual({ created: 1 });
    const tasksB = (await managerB.get('/api/v1/tasks?scope=all')).json().items;
    expect(tasksB.filter((t: { kind: string }) => t.kind === 'loaner_overdue')).toEqual([]);
  });
});

describe('loaner cars: the car maker reads every dealer’s utilisation and changes nothing', () => {
  it('utilisation by dealer, narrowed on demand; no fleet, reservation or setting of a dealer is its to write', async () => {
    const all = (await analyst.get(`/api/v1/loaners/utilisation?${period}`)).json().items;
    const byDealer = Object.fromEntries(all.map((u: { dealer: { id: string } }) => [u.dealer.id, u]));
    expect(byDealer[ctx.network.dealerA]).toMatchObject({ fleet: 2, overdue: 1 });
    expect(byDealer[ctx.network.dealerB]).toMatchObject({ fleet: 1, overdue: 0 });
    const narrowed = (await analyst.get(`/api/v1/loaners/utilisation?${period}&dealerId=${ctx.network.dealerB}`)).json().items;
    expect(narrowed.map((u: { dealer: { id: string } }) => u.dealer.id)).toEqual([ctx.network.dealerB]);
    const before = await rowsOf(ctx.network.dealerA);
    expect((await analyst.get('/api/v1/loaners')).statusCode).toBe(403);
    expect((await analyst.get(`/api/v1/loaner-reservations?${period}`)).statusCode).toBe(403);
    expect(
      (await analyst.post('/api/v1/loaners', { plate: '京AL1009', model: 'x', km: 0, fuelLevel: 0, costPerDayFen: 0 })).statusCode,
    ).toBe(403);
    expect((await analyst.put('/api/v1/loaners/settings', { warrantyRepairMinDays: 3 })).statusCode).toBe(403);
    expect((await analyst.post(`/api/v1/loaner-reservations/${reservedA}/handover`, handover)).statusCode).toBe(403);
    expect((await analyst.post(`/api/v1/loaner-reservations/${reservedA}/cancel`, { reason: '不要了' })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/loaners/chase-overdue')).statusCode).toBe(403);
    expect(await rowsOf(ctx.network.dealerA)).toEqual(before);
  });
});
