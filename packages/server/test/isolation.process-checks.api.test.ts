import { DEFAULT_MANUAL_CHECK_ITEMS } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Process spot-checks: a dealer never sees or checks another dealer's visits, checks, drills or
// figures; the car maker reads its network's figures per dealer and changes nothing.

let ctx: TestContext;
let crA: Client;
let crB: Client;
let managerB: Client;
let analyst: Client;
let visitA: string;
let visitB: string;
let checkA: string;
const period = 'from=2026-11-20&to=2026-11-20';

async function visitOf(sa: Client) {
  const customer = await createCustomer(sa);
  const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
  return (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json().id as string;
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const { dealerA, dealerB } = ctx.network;
  const saA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  const saB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_advisor'] });
  crA = await ctx.loginAs({ dealerId: dealerA, roles: ['customer_relations'] });
  crB = await ctx.loginAs({ dealerId: dealerB, roles: ['customer_relations'] });
  const supervisorA = await ctx.loginAs({ dealerId: dealerA, roles: ['front_desk_supervisor'] });
  managerB = await ctx.loginAs({ dealerId: dealerB, roles: ['service_manager'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  visitA = await visitOf(saA);
  await visitOf(saA);
  visitB = await visitOf(saB);
  checkA = (await crA.post('/api/v1/spot-checks', { visitId: visitA })).json().id;
  const results = DEFAULT_MANUAL_CHECK_ITEMS.map((i) => ({ code: i.code, result: 'pass' }));
  expect((await crA.post(`/api/v1/spot-checks/${checkA}/submit`, { results })).statusCode).toBe(200);
  const drill = { kind: 'drill', title: '演练', heldOn: '2026-11-20', participants: [{ userId: saA.user.id, result: 'pass' }] };
  expect((await supervisorA.post('/api/v1/drills', drill)).statusCode).toBe(201);
});
afterAll(() => ctx.close());

describe("process spot-checks: a dealer never sees or checks another dealer's", () => {
  it('visit, spot-check or submission → 404, and nothing is written', async () => {
    expect((await crB.get(`/api/v1/process-checks/visits/${visitA}`)).statusCode).toBe(404);
    expect((await crB.post('/api/v1/spot-checks', { visitId: visitA })).statusCode).toBe(404);
    expect((await crB.get(`/api/v1/spot-checks/${checkA}`)).statusCode).toBe(404);
    const results = DEFAULT_MANUAL_CHECK_ITEMS.map((i) => ({ code: i.code, result: 'fail', note: 'x' }));
    expect((await crB.post(`/api/v1/spot-checks/${checkA}/submit`, { results })).statusCode).toBe(404);
    expect(await ctx.db.selectFrom('spot_checks').select('id').where('dealer_id', '=', ctx.network.dealerB).execute()).toEqual([]);
  });

  it('figures, sample, drills, checklist and targets are its own only; naming the other dealer is 403', async () => {
    const figures = (await managerB.get(`/api/v1/process-checks/figures?${period}`)).json();
    expect(figures.items).toEqual([
      expect.objectContaining({ dealer: expect.objectContaining({ id: ctx.network.dealerB }), visits: 1, spotChecked: 0 }),
    ]);
    expect((await managerB.get(`/api/v1/process-checks/figures?${period}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    expect((await managerB.get(`/api/v1/drills?${period}&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
    const sample = (await crB.get(`/api/v1/process-checks/sample?${period}`)).json();
    expect(sample.items.map((i: { visitId: string }) => i.visitId)).toEqual([visitB]);
    expect((await managerB.get(`/api/v1/drills?${period}`)).json().items).toEqual([]);
    await managerB.put('/api/v1/process-checks/targets', { executionRate: 0.8, coverageRate: 0.3, drillPassRate: 0.9 });
    expect((await crA.get('/api/v1/process-checks/targets')).json()).toEqual({ executionRate: 0.9, coverageRate: 0.5, drillPassRate: 1 });
    await managerB.put('/api/v1/process-checks/checklist', {
      items: [{ step: 'reception', code: 'tea_offered', kind: 'manual', label: '奉茶', active: true }],
    });
    expect((await crA.get('/api/v1/process-checks/checklist')).json().items.some((i: { code: string }) => i.code === 'tea_offered')).toBe(
      false,
    );
  });
});

describe('process spot-checks: the car maker reads its network', () => {
  it("per dealer, narrowed on demand, and reads any dealer's visit and spot-check", async () => {
    const figures = (await analyst.get(`/api/v1/process-checks/figures?${period}`)).json();
    const byDealer = Object.fromEntries(figures.items.map((r: { dealer: { id: string } }) => [r.dealer.id, r]));
    expect(byDealer[ctx.network.dealerA]).toMatchObject({ visits: 2, spotChecked: 1, coverageRate: 0.5, drillPassRate: 1 });
    expect(byDealer[ctx.network.dealerB]).toMatchObject({ visits: 1, spotChecked: 0, targets: { executionRate: 0.8 } });
    const one = (await analyst.get(`/api/v1/process-checks/figures?${period}&dealerId=${ctx.network.dealerB}`)).json();
    expect(one.items.map((r: { dealer: { id: string } }) => r.dealer.id)).toEqual([ctx.network.dealerB]);
    expect((await analyst.get(`/api/v1/drills?${period}`)).json().items).toHaveLength(1);
    expect((await analyst.get(`/api/v1/process-checks/visits/${visitB}`)).statusCode).toBe(200);
    expect((await analyst.get(`/api/v1/spot-checks/${checkA}`)).json()).toMatchObject({ status: 'submitted' });
  });

  it('changes nothing and samples nothing: 403', async () => {
    expect((await analyst.post('/api/v1/spot-checks', { visitId: visitB })).statusCode).toBe(403);
    expect((await analyst.get(`/api/v1/process-checks/sample?${period}`)).statusCode).toBe(403);
    expect(
      (await analyst.put('/api/v1/process-checks/targets', { executionRate: 0.5, coverageRate: 0.5, drillPassRate: 1 })).statusCode,
    ).toBe(403);
    expect((await analyst.get('/api/v1/process-checks/checklist')).statusCode).toBe(403);
    const drill = { kind: 'drill', title: 'x', heldOn: '2026-11-20', participants: [{ userId: analyst.user.id, result: 'pass' }] };
    expect((await analyst.post('/api/v1/drills', drill)).statusCode).toBe(403);
  });
});
