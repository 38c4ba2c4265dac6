import { DEFAULT_MANUAL_CHECK_ITEMS } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

let ctx: TestContext;
let sa: Client;
let cr: Client;
let supervisor: Client;
let manager: Client;
const visits: Record<'timelyWalked' | 'late' | 'withOrder', string> = { timelyWalked: '', late: '', withOrder: '' };

/** A visit of a new car, arrived at `arrivedAt` and greeted now (10:00 in Beijing). */
async function visit(arrivedAt?: string) {
  const customer = await createCustomer(sa);
  const vehicle = await createVehicle(sa, customer.id, { modelId: ctx.network.modelId });
  const response = await sa.post('/api/v1/visits', { vehicleId: vehicle.id, ...(arrivedAt ? { arrivedAt } : {}) });
  expect(response.statusCode, response.body).toBe(201);
  return response.json().id as string;
}

const allPass = () => DEFAULT_MANUAL_CHECK_ITEMS.map((i) => ({ code: i.code, result: 'pass' as const }));

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  const a = ctx.network.dealerA;
  sa = await ctx.loginAs({ dealerId: a, roles: ['service_advisor'] });
  cr = await ctx.loginAs({ dealerId: a, roles: ['customer_relations'] });
  supervisor = await ctx.loginAs({ dealerId: a, roles: ['front_desk_supervisor'] });
  manager = await ctx.loginAs({ dealerId: a, roles: ['service_manager'] });

  // 1. greeted within a minute, walk-around with covers, signed: every applicable item met.
  visits.timelyWalked = await visit('2026-11-20T09:59:00+08:00');
  const walked = await sa.post(`/api/v1/visits/${visits.timelyWalked}/inspection`, {
    checklist: [],
    damage: [],
    tyres: {},
    fuelLevel: 50,
    odometerKm: 1000,
    coversApplied: true,
    signaturePng: PNG,
  });
  expect(walked.statusCode, walked.body).toBe(201);
  // 2. waited an hour to be greeted, no walk-around.
  visits.late = await visit('2026-11-20T09:00:00+08:00');
  // 3. greeted at once, an order with its promised time, no walk-around.
  visits.withOrder = await visit();
  const ro = await sa.post('/api/v1/repair-orders', {
    visitId: visits.withOrder,
    concerns: '保养',
    promisedAt: '2026-11-20T17:00:00+08:00',
    odometerKm: 5000,
    lines: [{ kind: 'labour', description: '常规保养', hours: 1, payType: 'customer' }],
  });
  expect(ro.statusCode, ro.body).toBe(201);
});
afterAll(() => ctx.close());

describe('process spot-checks', () => {
  it('judges each visit from its record and figures the execution rate against the default targets', async () => {
    const judged = (await cr.get(`/api/v1/process-checks/visits/${visits.withOrder}`)).json();
    expect(Object.fromEntries(judged.items.map((i: { code: string; met: boolean | null }) => [i.code, i.met]))).toEqual({
      timely_reception: true,
      covers_used: false,
      walkaround_signed: false,
      promised_time_on_ro: true,
      charges_explained: null,
      old_parts_shown: null,
      next_due_given: null,
      follow_up_call_in_window: null,
    });
    expect(judged.executed).toBe(false);

    const figures = (await manager.get('/api/v1/process-checks/figures?from=2026-11-20&to=2026-11-20')).json();
    expect(figures.items).toHaveLength(1);
    const row = figures.items[0];
    // 1 of 3 executed; timely 2 of 3; covers 1 of 3; promised time 1 of the 1 visit with an order.
    expect(row).toMatchObject({ visits: 3, executed: 1, executionRate: 0.3333, spotChecked: 0, coverageRate: 0, drillPassRate: null });
    expect(row.targets).toEqual({ executionRate: 0.9, coverageRate: 0.5, drillPassRate: 1 });
    const perItem = Object.fromEntries(row.perItem.map((p: { code: string; rate: number | null }) => [p.code, p.rate]));
    expect(perItem).toMatchObject({ timely_reception: 0.6667, covers_used: 0.3333, promised_time_on_ro: 1, charges_explained: null });
  });

  it('proposes the sample that brings coverage to 50%: 2 of 3 visits, the missed and the recent first', async () => {
    const sample = (await cr.get('/api/v1/process-checks/sample?from=2026-11-20&to=2026-11-20')).json();
    expect(sample).toMatchObject({ visits: 3, checked: 0, needed: 2, target: 0.5 });
    expect(sample.items.map((i: { visitId: string }) => i.visitId)).toEqual([visits.withOrder, visits.late]);
  });

  it('refuses a bad submission naming the field, and writes nothing', async () => {
    const check = (await cr.post('/api/v1/spot-checks', { visitId: visits.withOrder })).json();
    expect(check).toMatchObject({
      status: 'draft',
      items: expect.arrayContaining([expect.objectContaining({ code: 'greeting_etiquette', result: null })]),
    });
    const noNote = allPass().map((r) => (r.code === 'car_clean_at_delivery' ? { code: r.code, result: 'fail' } : r));
    const refused = await cr.post(`/api/v1/spot-checks/${check.id}/submit`, { results: noNote });
    expect(refused.statusCode).toBe(400);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(refused.json().errors[0]).toMatchObject({ field: 'results.5.note', code: 'required' });
    const incomplete = await cr.post(`/api/v1/spot-checks/${check.id}/submit`, { results: allPass().slice(1) });
    expect(incomplete.json().errors[0]).toMatchObject({ field: 'results', code: 'incomplete' });
    const badResult = await cr.post(`/api/v1/spot-checks/${check.id}/submit`, {
      results: [{ code: 'greeting_etiquette', result: 'maybe' }],
    });
    expect(badResult.statusCode).toBe(400);
    expect(badResult.json().errors[0].field).toBe('results.0.result');
    expect((await cr.get(`/api/v1/spot-checks/${check.id}`)).json()).toMatchObject({ status: 'draft', failedCount: 0, coachingTask: null });
    expect(await ctx.db.selectFrom('spot_check_results').select('item_code').execute()).toEqual([]);
    expect(await ctx.db.selectFrom('tasks').select('id').where('kind', '=', 'process_coaching').execute()).toEqual([]);
  });

  it("a failed item becomes a coaching task for the advisor's supervisor, in the submission", async () => {
    const check = (await cr.post('/api/v1/spot-checks', { visitId: visits.withOrder })).json(); // the open one again
    const results = allPass().map((r) =>
      r.code === 'estimate_explained' ? { code: r.code, result: 'fail', note: '未向客户解释估价' } : r,
    );
    const submitted = await cr.post(`/api/v1/spot-checks/${check.id}/submit`, { results });
    expect(submitted.statusCode, submitted.body).toBe(200);
    expect(submitted.json()).toMatchObject({
      status: 'submitted',
      failedCount: 1,
      coachingTask: { assignee: { id: supervisor.user.id } },
      items: expect.arrayContaining([
        { code: 'estimate_explained', step: 'repair_order', label: null, result: 'fail', note: '未向客户解释估价', photoKey: null },
      ]),
    });
    const tasks = (await supervisor.get('/api/v1/tasks')).json().items;
    expect(tasks).toEqual([
      expect.objectContaining({ kind: 'process_coaching', spotCheck: { id: check.id, saName: expect.any(String), failedCount: 1 } }),
    ]);
    expect((await cr.post(`/api/v1/spot-checks/${check.id}/submit`, { results })).statusCode).toBe(409);

    const figures = (await manager.get('/api/v1/process-checks/figures?from=2026-11-20&to=2026-11-20')).json().items[0];
    expect(figures).toMatchObject({ spotChecked: 1, coverageRate: 0.3333, failedSpotChecks: 1 });
    const sample = (await cr.get('/api/v1/process-checks/sample?from=2026-11-20&to=2026-11-20')).json();
    expect(sample).toMatchObject({ checked: 1, needed: 1 });
    expect(sample.items.map((i: { visitId: string }) => i.visitId)).toEqual([visits.late]);
  });

  it('records a drill with who took part; the pass rate is passed of participants', async () => {
    const refused = await supervisor.post('/api/v1/drills', {
      kind: 'drill',
      title: '接待礼仪演练',
      heldOn: '2026-11-20',
      participants: [{ userId: ctx.network.dealerB, result: 'pass' }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: 'participants.0.userId', code: 'unknown_user' });
    const drill = await supervisor.post('/api/v1/drills', {
      kind: 'drill',
      title: '接待礼仪演练',
      heldOn: '2026-11-20',
      participants: [
        { userId: sa.user.id, result: 'pass' },
        { userId: cr.user.id, result: 'fail' },
      ],
    });
    expect(drill.statusCode, drill.body).toBe(201);
    expect(drill.json().participants).toHaveLength(2);
    expect((await manager.get('/api/v1/drills?from=2026-11-01&to=2026-11-30')).json().items).toHaveLength(1);
    const figures = (await manager.get('/api/v1/process-checks/figures?from=2026-11-20&to=2026-11-20')).json().items[0];
    expect(figures).toMatchObject({ drillParticipants: 2, drillPassed: 1, drillPassRate: 0.5 });
    expect((await sa.post('/api/v1/drills', { kind: 'training', title: 'x', heldOn: '2026-11-20', participants: [] })).statusCode).toBe(
      400,
    );
    expect(
      (
        await cr.post('/api/v1/drills', {
          kind: 'training',
          title: 'x',
          heldOn: '2026-11-20',
          participants: [{ userId: sa.user.id, result: 'pass' }],
        })
      ).statusCode,
    ).toBe(403);
  });

  it('the dealer sets its own targets and checklist; bad ones are refused naming the field', async () => {
    const badTarget = await manager.put('/api/v1/process-checks/targets', { executionRate: 1.5, coverageRate: 0.5, drillPassRate: 1 });
    expect(badTarget.statusCode).toBe(400);
    expect(badTarget.json().errors[0].field).toBe('executionRate');
    expect((await cr.put('/api/v1/process-checks/targets', { executionRate: 0.95, coverageRate: 0.6, drillPassRate: 1 })).statusCode).toBe(
      403,
    );
    expect(
      (await manager.put('/api/v1/process-checks/targets', { executionRate: 0.95, coverageRate: 0.6, drillPassRate: 1 })).statusCode,
    ).toBe(200);

    const list = (await manager.get('/api/v1/process-checks/checklist')).json().items;
    const refused = await manager.put('/api/v1/process-checks/checklist', {
      items: [...list, { step: 'reception', code: 'tea_offered', kind: 'auto', label: null, active: true }],
    });
    expect(refused.statusCode).toBe(400);
    expect(refused.json().errors[0]).toMatchObject({ field: `items.${list.length}.code`, code: 'not_judgeable' });
    expect((await manager.get('/api/v1/process-checks/checklist')).json().items).toEqual(list);

    // Walk-around items off, a reception item of its own: visits 1 and 3 now executed (2 of 3).
    const own = list.map((i: { code: string }) => (['covers_used', 'walkaround_signed'].includes(i.code) ? { ...i, active: false } : i));
    const saved = await manager.put('/api/v1/process-checks/checklist', {
      items: [...own, { step: 'reception', code: 'tea_offered', kind: 'manual', label: '主动奉茶', active: true }],
    });
    expect(saved.statusCode, saved.body).toBe(200);
    const figures = (await manager.get('/api/v1/process-checks/figures?from=2026-11-20&to=2026-11-20')).json().items[0];
    expect(figures).toMatchObject({ executed: 2, executionRate: 0.6667, targets: { executionRate: 0.95, coverageRate: 0.6 } });
    const next = (await cr.post('/api/v1/spot-checks', { visitId: visits.late })).json();
    expect(next.items.find((i: { code: string }) => i.code === 'tea_offered')).toMatchObject({ label: '主动奉茶', step: 'reception' });
  });
});
