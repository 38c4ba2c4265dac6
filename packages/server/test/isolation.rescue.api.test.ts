import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Roadside rescue: a dealer never sees, steps or dispatches another dealer's calls, never sends or
// changes another dealer's units, and reads its own KPI and target only; the car maker reads every
// dealer's calls and KPI and writes nothing.

let ctx: TestContext;
let deskA: Client;
let deskB: Client;
let supervisorB: Client;
let analyst: Client;
let callA: string;
let unitA: string;
let plateA: string;
const call = { location: '朝阳区建国路 88 号', mobile: '13912340000', problem: 'battery' };
const rowOf = (id: string) => ctx.db.selectFrom('rescue_calls').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

beforeAll(async () => {
  ctx = await createTestContext();
  const { dealerA, dealerB } = ctx.network;
  deskA = await ctx.loginAs({ dealerId: dealerA, roles: ['front_desk_supervisor'] });
  deskB = await ctx.loginAs({ dealerId: dealerB, roles: ['customer_relations'] });
  supervisorB = await ctx.loginAs({ dealerId: dealerB, roles: ['front_desk_supervisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  const saA = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  const customer = await createCustomer(saA);
  plateA = (await createVehicle(saA, customer.id, { modelId: ctx.network.modelId })).plate;
  unitA = (await deskA.post('/api/v1/rescue-units', { name: 'A 救援车', kind: 'own', phone: '13800000001' })).json().id;
  await supervisorB.post('/api/v1/rescue-units', { name: 'B 救援车', kind: 'own', phone: '13800000002' });
  callA = (await deskA.post('/api/v1/rescue-calls', { ...call, plate: plateA })).json().id;
  await deskA.put('/api/v1/rescue-settings', { targetMinutes: 30 });
});
afterAll(() => ctx.close());

describe("rescue: a dealer never sees or acts on another dealer's", () => {
  it('call: read, dispatch, arrival, completion, visit or cancellation → 404, and nothing changes', async () => {
    const before = await rowOf(callA);
    expect((await deskB.get(`/api/v1/rescue-calls/${callA}`)).statusCode).toBe(404);
    expect((await deskB.post(`/api/v1/rescue-calls/${callA}/dispatch`, { unitId: unitA })).statusCode).toBe(404);
    expect((await deskB.post(`/api/v1/rescue-calls/${callA}/arrived`, {})).statusCode).toBe(404);
    expect((await deskB.post(`/api/v1/rescue-calls/${callA}/complete`, { outcome: 'fixed_on_site' })).statusCode).toBe(404);
    expect((await supervisorB.post(`/api/v1/rescue-calls/${callA}/visit`, {})).statusCode).toBe(404);
    expect((await deskB.post(`/api/v1/rescue-calls/${callA}/cancel`, { reason: '不是我们的' })).statusCode).toBe(404);
    expect(await rowOf(callA)).toEqual(before);
  });

  it('calls in its lists; naming the other dealer is 403', async () => {
    for (const state of ['open', 'closed']) expect((await deskB.get(`/api/v1/rescue-calls?state=${state}`)).json().items).toEqual([]);
    expect((await deskB.get(`/api/v1/rescue-calls?dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
  });

  it('units: its own only, and another dealer’s unit can be neither sent nor changed', async () => {
    const units = (await deskB.get('/api/v1/rescue-units')).json().items;
    expect(units.map((u: { name: string }) => u.name)).toEqual(['B 救援车']);
    const callB = (await deskB.post('/api/v1/rescue-calls', call)).json().id;
    const foreign = await deskB.post(`/api/v1/rescue-calls/${callB}/dispatch`, { unitId: unitA });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'unitId', code: 'unknown_unit' });
    const change = await supervisorB.put(`/api/v1/rescue-units/${unitA}`, {
      name: '改名',
      kind: 'partner',
      phone: '13800000009',
      active: false,
    });
    expect(change.statusCode).toBe(404);
    expect(await ctx.db.selectFrom('rescue_units').select(['name', 'active']).where('id', '=', unitA).executeTakeFirst()).toEqual({
      name: 'A 救援车',
      active: true,
    });
  });

  it('cars: a plate of the other dealer’s car links nothing', async () => {
    const created = (await deskB.post('/api/v1/rescue-calls', { ...call, plate: plateA })).json();
    expect(created).toMatchObject({ vehicleId: null, customer: null, dealer: { id: ctx.network.dealerB } });
  });

  it('target and KPI: its own only', async () => {
    expect((await deskB.get('/api/v1/rescue-settings')).json()).toEqual({ targetMinutes: 60 });
    const kpi = (await deskB.get('/api/v1/rescue-kpis?from=2026-11-20&to=2026-11-20')).json();
    expect(kpi.dealers).toEqual([expect.objectContaining({ dealer: expect.objectContaining({ id: ctx.network.dealerB }), calls: 2 })]);
    expect((await deskB.get(`/api/v1/rescue-kpis?from=2026-11-20&to=2026-11-20&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);
  });
});

describe('rescue: the car maker reads its network', () => {
  it('every dealer’s calls and KPI, and writes nothing', async () => {
    expect((await analyst.get(`/api/v1/rescue-calls/${callA}`)).json()).toMatchObject({ dealer: { id: ctx.network.dealerA } });
    const kpi = (await analyst.get(`/api/v1/rescue-kpis?from=2026-11-20&to=2026-11-20&dealerId=${ctx.network.dealerA}`)).json();
    expect(kpi.dealers).toEqual([expect.objectContaining({ targetMinutes: 30, calls: 1 })]);
    expect((await analyst.get('/api/v1/rescue-calls')).json().items).toHaveLength(3);
    // Narrowed like the cockpit: a grade the test network's dealers do not have reads no dealer.
    expect((await analyst.get('/api/v1/rescue-kpis?from=2026-11-20&to=2026-11-20&grade=F')).json().dealers).toEqual([]);
    // A dealer's staff narrowing by region still read their own dealer only.
    expect((await deskB.get('/api/v1/rescue-kpis?from=2026-11-20&to=2026-11-20&region=x')).json().dealers).toHaveLength(1);
    expect((await analyst.post('/api/v1/rescue-calls', call)).statusCode).toBe(403);
    expect((await analyst.post(`/api/v1/rescue-calls/${callA}/dispatch`, { unitId: unitA })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/rescue-units', { name: 'x', kind: 'own', phone: '13800000003' })).statusCode).toBe(403);
    expect((await analyst.put('/api/v1/rescue-settings', { targetMinutes: 20 })).statusCode).toBe(403);
    expect((await rowOf(callA)).status).toBe('received');
  });
});
