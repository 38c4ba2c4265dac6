import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Cases in scope (issue 13): the car maker reads its whole network — every dealer's complaints, CSI
// and follow-up KPIs — in network scope and acts only through its desk; a dealer's staff read their
// own dealer and are refused (403) when they name another; the abilities a case carries are what
// its endpoints allow.

let ctx: TestContext;
let managerA: Client;
let managerB: Client;
let analyst: Client;
let desk: Client;
type Case = { id: string; version: number; status: string; dealer: { id: string }; can: Record<string, boolean> };
let caseA: Case;
let caseB: Case;

const PERIOD = 'from=2026-11-01&to=2026-11-30';

async function register(client: Client): Promise<Case> {
  const customer = await createCustomer(client, { name: '范围客户' });
  const vehicle = await createVehicle(client, customer.id);
  const response = await client.post('/api/v1/complaints', {
    channel: 'in_person',
    customerWords: '保养后异响',
    category: 'repair_quality',
    customerId: customer.id,
    vehicleId: vehicle.id,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function followUpTask(dealerId: string, customerId: string) {
  await ctx.db
    .insertInto('follow_up_tasks')
    .values({
      dealer_id: dealerId,
      id: newId(),
      rule: 'post_service',
      period_key: `test:${newId()}`,
      customer_id: customerId,
      vehicle_id: null,
      repair_order_id: null,
      anchor_on: '2026-11-10',
      due_from: '2026-11-10',
      due_until: '2026-11-13',
      owner_id: null,
      call_back_at: null,
      outcome: null,
      appointment_id: null,
      reminder_sent_at: null,
      closed_at: null,
      created_at: ctx.clock.now(),
    })
    .execute();
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  await ctx.db.updateTable('dealers').set({ region: '华北' }).where('id', '=', ctx.network.dealerA).execute();
  await ctx.db.updateTable('dealers').set({ region: '西南' }).where('id', '=', ctx.network.dealerB).execute();
  managerA = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager', 'service_advisor'] });
  managerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager', 'service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  desk = await ctx.loginAs({ dealerId: null, roles: ['oem_complaint_desk'] });
  caseA = await register(managerA);
  caseB = await register(managerB);
  for (const [dealerId, client] of [
    [ctx.network.dealerA, managerA],
    [ctx.network.dealerB, managerB],
  ] as const) {
    await followUpTask(dealerId, (await createCustomer(client, { name: '回访客户' })).id);
    await ctx.db
      .insertInto('csi_daily')
      .values({ dealer_id: dealerId, day: '2026-11-10', invitations: 2, responses: 1, csi_sum: '80', csi_count: 1, low: 0 })
      .execute();
  }
});
afterAll(() => ctx?.close());

describe('the car maker reads the network', () => {
  it("lists every dealer's cases (not only escalated ones) with the dealer, narrowed by dealer or region", async () => {
    const all = (await analyst.get('/api/v1/complaints?view=all')).json();
    const ids = all.items.map((c: Case) => c.id);
    expect(ids).toEqual(expect.arrayContaining([caseA.id, caseB.id]));
    expect(all.items.find((c: Case) => c.id === caseB.id).dealer.id).toBe(ctx.network.dealerB);
    const onlyB = (await analyst.get(`/api/v1/complaints?view=all&dealerId=${ctx.network.dealerB}`)).json().items.map((c: Case) => c.id);
    expect(onlyB).toEqual([caseB.id]);
    const west = (await analyst.get(`/api/v1/complaints?view=all&region=${encodeURIComponent('西南')}`))
      .json()
      .items.map((c: Case) => c.id);
    expect(west).toEqual([caseB.id]);
  });

  it('opens the cases behind an analysis figure through the inbox filters', async () => {
    const analysis = (await analyst.get(`/api/v1/kpis/complaints?${PERIOD}`)).json();
    const quality = analysis.pareto.find((p: { category: string }) => p.category === 'repair_quality');
    const behind = (await analyst.get(`/api/v1/complaints?view=all&${PERIOD}&category=repair_quality`)).json().items;
    expect(behind).toHaveLength(quality.count);
    const perDealer = analysis.byDealer.find((d: { dealerId: string }) => d.dealerId === ctx.network.dealerA).complaints;
    expect((await analyst.get(`/api/v1/complaints?view=all&${PERIOD}&dealerId=${ctx.network.dealerA}`)).json().items).toHaveLength(
      perDealer,
    );
  });

  it("reads both dealers' CSI, per dealer, and both dealers' follow-up KPIs", async () => {
    const csi = (await analyst.get(`/api/v1/kpis/csi?${PERIOD}&groupBy=dealer`)).json();
    expect(csi.total.responses).toBe(2);
    expect(csi.rows.map((r: { key: string }) => r.key).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
    const month = (await analyst.get(`/api/v1/kpis/csi?${PERIOD}`)).json();
    expect(month.total).toMatchObject({ responses: 2, invitations: 4 });
    const kpis = await analyst.get(`/api/v1/kpis/follow-up?${PERIOD}&groupBy=dealer`);
    expect(kpis.statusCode, kpis.body).toBe(200);
    const rows = kpis.json().items;
    expect(rows.map((r: { key: string }) => r.key).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
    expect(rows.find((r: { key: string }) => r.key === ctx.network.dealerB).label).toContain('乙店');
    const network = (await analyst.get(`/api/v1/kpis/follow-up?${PERIOD}`)).json().items;
    expect(network[0].counts.tasksDue).toBe(2);
  });

  it('cannot act on a case: every ability is false, and the endpoints say 403', async () => {
    const read = (await analyst.get(`/api/v1/complaints/${caseB.id}`)).json();
    expect(Object.entries(read.can).filter(([key, value]) => key !== 'approveUpToFen' && value)).toEqual([]);
    const close = await analyst.post(`/api/v1/complaints/${caseB.id}/close`, {
      version: read.version,
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: false,
      preventionMeasure: 'x',
    });
    expect(close.statusCode).toBe(403);
    expect(
      (await analyst.post(`/api/v1/complaints/${caseB.id}/handler`, { version: read.version, handlerId: managerB.user.id })).statusCode,
    ).toBe(403);
    expect(
      (await analyst.post(`/api/v1/complaints/${caseB.id}/dealer`, { version: read.version, dealerId: ctx.network.dealerA })).statusCode,
    ).toBe(403);
  });
});

describe("a dealer's staff read their own dealer only", () => {
  it("never see the other dealer's cases", async () => {
    const ids = (await managerA.get('/api/v1/complaints?view=all')).json().items.map((c: Case) => c.id);
    expect(ids).toContain(caseA.id);
    expect(ids).not.toContain(caseB.id);
    expect((await managerA.get(`/api/v1/complaints/${caseB.id}`)).statusCode).toBe(404);
  });

  it.each([
    ['the inbox', () => `/api/v1/complaints?view=all&dealerId=${ctx.network.dealerB}`],
    ['the complaint analysis', () => `/api/v1/kpis/complaints?${PERIOD}&dealerId=${ctx.network.dealerB}`],
    ['the CSI dashboard', () => `/api/v1/kpis/csi?${PERIOD}&dealerId=${ctx.network.dealerB}`],
    ['the survey responses', () => `/api/v1/survey-responses?${PERIOD}&dealerId=${ctx.network.dealerB}`],
    ['the follow-up KPIs', () => `/api/v1/kpis/follow-up?${PERIOD}&dealerId=${ctx.network.dealerB}`],
  ])('get 403 naming another dealer in %s', async (_label, url) => {
    const response = await managerA.get(url());
    expect(response.statusCode).toBe(403);
  });

  it('read their own figures when they name their own dealer', async () => {
    expect((await managerA.get(`/api/v1/kpis/follow-up?${PERIOD}&dealerId=${ctx.network.dealerA}`)).json().items[0].counts.tasksDue).toBe(
      1,
    );
    expect((await managerA.get(`/api/v1/kpis/csi?${PERIOD}`)).json().total.responses).toBe(1);
  });
});

describe('the abilities a case carries are what its endpoints allow', () => {
  it('the dealer: acknowledged at the desk, the case cannot be closed yet (409) until feedback is given', async () => {
    const c = (await managerA.get(`/api/v1/complaints/${caseA.id}`)).json();
    expect(c.can).toMatchObject({ update: true, communicate: true, close: false, reopen: false, assignDealer: false, setDeadline: false });
    const close = await managerA.post(`/api/v1/complaints/${caseA.id}/close`, {
      version: c.version,
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: false,
      preventionMeasure: 'x',
    });
    expect(close.statusCode).toBe(409);
    const fed = await managerA.post(`/api/v1/complaints/${caseA.id}/communications`, {
      version: c.version,
      channel: 'phone',
      summary: '已回复客户',
      feedback: true,
    });
    expect(fed.statusCode, fed.body).toBe(200);
    expect(fed.json().can.close).toBe(true);
  });

  it("the car maker's desk: works a case it is involved in (can.setDeadline), not one a dealer still handles", async () => {
    const notInvolved = (await desk.get(`/api/v1/complaints/${caseB.id}`)).json();
    expect(notInvolved.can).toMatchObject({ setDeadline: false, assignDealer: false, communicate: false });
    expect(
      (await desk.post(`/api/v1/complaints/${caseB.id}/deadline`, { version: notInvolved.version, deadlineAt: '2026-11-27T10:00:00Z' }))
        .statusCode,
    ).toBe(403);
    await ctx.db.updateTable('complaints').set({ car_maker_involved: true }).where('id', '=', caseB.id).execute();
    const involved = (await desk.get(`/api/v1/complaints/${caseB.id}`)).json();
    expect(involved.can).toMatchObject({ setDeadline: true, assignDealer: true, communicate: true, close: false });
    const deadline = await desk.post(`/api/v1/complaints/${caseB.id}/deadline`, {
      version: involved.version,
      deadlineAt: '2026-11-27T10:00:00Z',
    });
    expect(deadline.statusCode, deadline.body).toBe(200);
    const close = await desk.post(`/api/v1/complaints/${caseB.id}/close`, {
      version: deadline.json().version,
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: false,
      preventionMeasure: 'x',
    });
    expect(close.statusCode).toBe(403);
  });
});
