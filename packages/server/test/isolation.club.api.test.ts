import { DEFAULT_CLUB_SETTINGS } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// The owners' club is the network's: a member is recognised at every dealer the customer is known to,
// but a dealer never reads or enrols a customer it does not know, never reads or pays another dealer's
// invoice in points, never sees another dealer's figures and never sets the club; the car maker reads
// every dealer's figures and its admin alone sets the club.

let ctx: TestContext;
let saA: Client;
let cashierB: Client;
let saB: Client;
let managerB: Client;
let analyst: Client;
let customerA: string;
let invoiceA: string;
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const { dealerA, dealerB } = ctx.network;
  saA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  const cashierA = await ctx.loginAs({ dealerId: dealerA, roles: ['cashier'] });
  saB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_advisor'] });
  cashierB = await ctx.loginAs({ dealerId: dealerB, roles: ['cashier'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  const partId = newId();
  await ctx.db
    .insertInto('parts')
    .values({ dealer_id: dealerA, id: partId, part_number: 'OF-1', name: '机油滤清器', price_fen: 8_000, stock_quantity: 50 })
    .execute();
  const customer = await createCustomer(saA, { name: '甲店会员' });
  customerA = customer.id;
  expect((await saA.post(`/api/v1/customers/${customerA}/club`, {})).statusCode).toBe(201);
  const vehicle = await createVehicle(saA, customerA, { modelId: ctx.network.modelId });
  const visit = (await saA.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  let ro = (
    await saA.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '保养',
      promisedAt: '2026-11-20T17:00:00+08:00',
      lines: [
        { kind: 'labour', description: '保养', hours: 1, payType: 'customer' },
        { kind: 'parts', partId, quantity: 1, payType: 'customer' },
      ],
    })
  ).json();
  ro = (await saA.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await saA.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  const first = (await cashierA.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version })).json();
  expect((await cashierA.post(`/api/v1/invoices/${first.id}/payments`, { method: 'cash', amountFen: first.amountDueFen })).statusCode).toBe(
    201,
  );
  invoiceA = first.id;
});
afterAll(() => ctx.close());

describe("the club: a dealer never reaches another dealer's", () => {
  it('customer (card, enrolment, annual fee) → 404, and nothing is written', async () => {
    expect((await saB.get(`/api/v1/customers/${customerA}/club`)).statusCode).toBe(404);
    expect((await cashierB.post(`/api/v1/customers/${customerA}/club/fees`, { level: 'gold', method: 'cash' })).statusCode).toBe(404);
    expect((await analyst.post(`/api/v1/customers/${customerA}/club/fees`, { level: 'gold', method: 'cash' })).statusCode).toBe(403);
    expect(await ctx.db.selectFrom('club_fees').select('id').where('customer_id', '=', customerA).execute()).toEqual([]);
    const other = await createCustomer(saA, { name: '甲店客户' });
    expect((await saB.post(`/api/v1/customers/${other.id}/club`, {})).statusCode).toBe(404);
    expect(await ctx.db.selectFrom('club_memberships').select('customer_id').where('customer_id', '=', other.id).execute()).toEqual([]);
  });

  it('invoice (what points may pay, a payment in points, a payment taken back) → 404, and nothing is written', async () => {
    expect((await cashierB.get(`/api/v1/invoices/${invoiceA}/points`)).statusCode).toBe(404);
    expect((await cashierB.post(`/api/v1/invoices/${invoiceA}/payments`, { method: 'points', amountFen: 100 })).statusCode).toBe(404);
    expect(
      await ctx.db.selectFrom('club_points').select('id').where('customer_id', '=', customerA).where('kind', '=', 'redeem').execute(),
    ).toEqual([]);
    const paymentA = (await saA.get(`/api/v1/invoices/${invoiceA}`)).json().payments[0].id;
    const reversal = `/api/v1/invoices/${invoiceA}/payments/${paymentA}/reversal`;
    expect((await cashierB.post(reversal, { reason: '冲回测试' })).statusCode).toBe(404);
    expect((await analyst.post(reversal, { reason: '冲回测试' })).statusCode).toBe(403);
    expect(await ctx.db.selectFrom('payment_reversals').select('payment_id').where('invoice_id', '=', invoiceA).execute()).toEqual([]);
    expect(
      await ctx.db.selectFrom('club_points').select('id').where('customer_id', '=', customerA).where('kind', '=', 'reverse').execute(),
    ).toEqual([]);
  });

  it('figures: its own row only, naming the other dealer is 403; the settings are read, never set', async () => {
    const query = '/api/v1/club/overview?from=2026-11-01&to=2026-11-30';
    const own = (await managerB.get(query)).json();
    expect(own.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([ctx.network.dealerB]);
    expect(own.dealers[0]).toMatchObject({ members: 0, pointsEarned: 0 });
    expect((await managerB.get(`${query}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    expect((await saB.get(query)).statusCode).toBe(403);
    expect((await saB.get('/api/v1/club/settings')).statusCode).toBe(200);
    expect((await managerB.put('/api/v1/club/settings', DEFAULT_CLUB_SETTINGS)).statusCode).toBe(403);
    expect(await ctx.db.selectFrom('club_settings').selectAll().execute()).toEqual([]);
  });

  it('recognises a member once the car is at its door', async () => {
    const vehicle = (await saA.get(`/api/v1/customers/${customerA}/vehicles`)).json();
    const vin = (Array.isArray(vehicle) ? vehicle : vehicle.items)[0].vin;
    expect((await saB.post('/api/v1/vehicles/lookup', { vin })).statusCode).toBe(200);
    expect((await saB.get(`/api/v1/customers/${customerA}/club`)).json().membership.balance).toBeGreaterThan(0);
  });
});

describe('the club: no one unauthenticated', () => {
  it('every club route needs authentication', async () => {
    for (const url of [
      '/api/v1/club/settings',
      '/api/v1/club/overview?from=2026-11-01&to=2026-11-30',
      `/api/v1/customers/${customerA}/club`,
      `/api/v1/invoices/${invoiceA}/points`,
    ])
      expect((await ctx.app.inject({ method: 'GET', url })).statusCode, url).toBe(401);
  });
});

describe('the club: the car maker reads its network', () => {
  it("every dealer's figures and any member's card, and neither enrols nor (but for its admin) sets the club", async () => {
    const view = (await analyst.get('/api/v1/club/overview?from=2026-11-01&to=2026-11-30')).json();
    const a = view.dealers.find((d: { dealer: { id: string } }) => d.dealer.id === ctx.network.dealerA);
    expect(a).toMatchObject({ members: 1 });
    expect(a.pointsEarned).toBeGreaterThan(0);
    expect(view.dealers).toHaveLength(2);
    expect((await analyst.get(`/api/v1/customers/${customerA}/club`)).json().membership).not.toBeNull();
    const other = await createCustomer(saA, { name: '甲店客户二' });
    expect((await analyst.post(`/api/v1/customers/${other.id}/club`, {})).statusCode).toBe(403);
    expect((await analyst.put('/api/v1/club/settings', DEFAULT_CLUB_SETTINGS)).statusCode).toBe(403);
    expect((await analyst.get(`/api/v1/invoices/${invoiceA}/points`)).statusCode).toBe(403);
  });
});
