import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fillStatements as factStatements } from '../migrations/0022_complaint_facts.js';
import { buildApp } from '../src/app.js';
import { fixedClock } from '../src/platform/clock.js';
import { newId } from '../src/platform/ids.js';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext, testConfig } from './harness.js';

// Complaints (issue 6) against a real database: intake and routing, the SLA timers and escalation,
// recovery within approval limits, closing with the follow-up call, the car maker's desk, analysis.
// Friday 2026-11-20 10:00 in Shanghai.

const HOUR = 3_600_000;
let ctx: TestContext;
let sa: Client;
let otherSa: Client;
let agent: Client;
let partsManager: Client;
let techDirector: Client;
let manager: Client;
let gm: Client;
let oem: Client;
let dealerB: Client;

type Detail = {
  id: string;
  number: string;
  version: number;
  status: string;
  level: string;
  dueStep: string | null;
  dueAt: string | null;
  overdue: boolean;
  wasOverdue: boolean;
  handler: { id: string; role: string | null } | null;
  owner: { id: string } | null;
  events: { kind: string; data: Record<string, unknown> }[];
  recoveries: { id: string; status: string; costFen: number }[];
  recoveryCostFen: number;
  followUpTaskId: string | null;
  dealer: { id: string };
};

async function customerWithCar(client: Client = sa) {
  const customer = await createCustomer(client, { name: '赵敏' });
  const vehicle = await createVehicle(client, customer.id);
  return { customerId: customer.id, vehicleId: vehicle.id };
}

async function register(client: Client, body: Record<string, unknown>): Promise<Detail> {
  const response = await client.post('/api/v1/complaints', {
    channel: 'in_person',
    customerWords: '保养后发动机异响，第二次来了还没修好',
    ...body,
  });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

async function act(client: Client, c: { id: string; version: number }, path: string, body: Record<string, unknown> = {}) {
  return client.post(`/api/v1/complaints/${c.id}/${path}`, { version: c.version, ...body });
}

/** A delivered RO of the advisor for the car, written as it stands (the analysis reads its advisor). */
async function orderOf(advisorId: string, car: { customerId: string; vehicleId: string }) {
  const at = ctx.clock.now();
  const visitId = newId();
  const roId = newId();
  await ctx.db
    .insertInto('visits')
    .values({
      dealer_id: ctx.network.dealerA,
      id: visitId,
      ...{ customer_id: car.customerId, vehicle_id: car.vehicleId },
      arrived_at: at,
      greeted_at: at,
      status: 'closed',
      created_at: at,
    })
    .execute();
  await ctx.db
    .insertInto('repair_orders')
    .values({
      dealer_id: ctx.network.dealerA,
      id: roId,
      number: `RO-A-${roId.slice(-6)}`,
      visit_id: visitId,
      customer_id: car.customerId,
      vehicle_id: car.vehicleId,
      sa_id: advisorId,
      concerns: '保养',
      promised_at: at,
      status: 'delivered',
      delivered_at: at,
      created_at: at,
    })
    .execute();
  return roId;
}

const slaJob = () => (ctx.app as any).jobs.complaintJobs.slaCheck;
const complaintCount = async () =>
  Number(
    (
      await ctx.db
        .selectFrom('complaints')
        .select((eb) => eb.fn.countAll().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );

beforeAll(async () => {
  // Sessions outlive the days the clock is moved forward.
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z', config: { sessionTtlHours: 24 * 30 } });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  otherSa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
  partsManager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['parts_manager'] });
  techDirector = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['technical_director'] });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  gm = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['general_manager'] });
  oem = await ctx.loginAs({ dealerId: null, roles: ['oem_complaint_desk'] });
  dealerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
});
afterAll(() => ctx?.close());

describe('intake and routing', () => {
  it('registers a desk complaint acknowledged at once, routes it by category and tells the handler', async () => {
    const car = await customerWithCar();
    const parts = await register(sa, {
      ...car,
      category: 'parts',
      subcategory: 'parts_shortage',
      demand: '尽快到货',
      background: '老客户，第三次来店',
    });
    expect(parts.number).toMatch(/^CP-20261120-\d{4}$/);
    expect(parts).toMatchObject({
      status: 'acknowledged',
      level: 'handler',
      dueStep: 'feedback',
      dueAt: '2026-11-21T02:00:00.000Z',
      overdue: false,
    });
    expect(parts.owner?.id).toBe(sa.user.id);
    expect(parts.handler).toMatchObject({ id: partsManager.user.id, role: 'parts_manager' });
    expect(parts.events.map((e) => e.kind).reverse()).toEqual(['received', 'acknowledged', 'routed']);

    const repair = await register(sa, { ...car, category: 'repair_quality' });
    expect(repair.handler).toMatchObject({ id: techDirector.user.id, role: 'technical_director' });
    const price = await register(sa, { ...car, category: 'price' });
    expect(price.handler).toMatchObject({ id: manager.user.id, role: 'service_manager' });

    const tasks = (await partsManager.get('/api/v1/tasks')).json().items as {
      kind: string;
      complaint: { id: string; number: string } | null;
    }[];
    expect(tasks).toContainEqual(
      expect.objectContaining({ kind: 'complaint_routed', complaint: expect.objectContaining({ id: parts.id, number: parts.number }) }),
    );
    // The SLA timer is a pg-boss job at the feedback deadline.
    const jobs = await ctx.db
      .selectFrom('pgboss.job' as never)
      .select(['data' as never, 'start_after' as never])
      .where('name' as never, '=', 'complaint.sla_due' as never)
      .execute();
    expect(jobs.map((j: any) => j.data.complaintId)).toContain(parts.id);
    const job = jobs.find((j: any) => j.data.complaintId === parts.id) as any;
    expect(new Date(job.start_after).toISOString()).toBe('2026-11-21T02:00:00.000Z');

    const mine = (await partsManager.get('/api/v1/complaints?view=mine')).json();
    expect(mine.items.map((c: Detail) => c.id)).toContain(parts.id);
    expect(mine.items.map((c: Detail) => c.id)).not.toContain(price.id);
  });

  it('waits for acknowledgement when a case comes in by e-mail, and routes per dealer settings', async () => {
    const put = await manager.put('/api/v1/complaint-settings', { routing: { price: 'general_manager' }, acknowledgeHours: 2 });
    expect(put.statusCode, put.body).toBe(200);
    const car = await customerWithCar();
    const c = await register(sa, { ...car, channel: 'email', category: 'price' });
    expect(c).toMatchObject({ status: 'open', dueStep: 'acknowledge', dueAt: '2026-11-20T04:00:00.000Z' });
    expect(c.handler?.id).toBe(gm.user.id);
    const acknowledged = await act(gm, c, 'acknowledge');
    expect(acknowledged.statusCode, acknowledged.body).toBe(200);
    expect(acknowledged.json()).toMatchObject({ status: 'acknowledged', dueStep: 'feedback', dueAt: '2026-11-21T02:00:00.000Z' });
    await manager.put('/api/v1/complaint-settings', { routing: { price: 'service_manager' }, acknowledgeHours: 1 });
  });

  it('refuses bad input with problem+json naming the field, and writes nothing', async () => {
    const car = await customerWithCar();
    const other = await customerWithCar();
    const before = await complaintCount();
    const cases: [Record<string, unknown>, string][] = [
      [{ ...car, customerWords: '' }, 'customerWords'],
      [{ ...car, channel: 'carrier_pigeon' }, 'channel'],
      [{ ...car, vehicleId: other.vehicleId }, 'vehicleId'],
      [{ ...car, receivedAt: '2026-11-21T02:00:00Z' }, 'receivedAt'],
      [{ customerId: newId() }, 'customerId'],
      [{ ...car, repairOrderId: newId() }, 'repairOrderId'],
    ];
    for (const [body, field] of cases) {
      const response = await sa.post('/api/v1/complaints', { channel: 'in_person', customerWords: '不满意', ...body });
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    const badSettings = await manager.put('/api/v1/complaint-settings', { feedbackHours: 0.5, acknowledgeHours: 1 });
    expect(badSettings.statusCode).toBe(400);
    expect(badSettings.json().errors[0].field).toBe('feedbackHours');
    expect(await complaintCount()).toBe(before);
    expect((await sa.put('/api/v1/complaint-settings', { feedbackHours: 48 })).statusCode).toBe(403);
  });

  it('raises a complaint from a dissatisfied follow-up call, once, with the agent as first responder', async () => {
    const car = await customerWithCar();
    const taskId = newId();
    await ctx.db
      .insertInto('follow_up_tasks')
      .values({
        created_at: ctx.clock.now(),
        dealer_id: ctx.network.dealerA,
        id: taskId,
        rule: 'post_service',
        period_key: 'test',
        customer_id: car.customerId,
        vehicle_id: car.vehicleId,
        anchor_on: '2026-11-19',
        due_from: '2026-11-19',
        due_until: '2026-11-22',
        owner_id: agent.user.id,
      })
      .execute();
    const body = {
      version: 1,
      result: 'reached',
      satisfaction: 'dissatisfied',
      dissatisfaction: { category: 'waiting_time', description: '交车比承诺晚了两个小时' },
    };
    const first = await agent.post(`/api/v1/follow-up/tasks/${taskId}/attempts`, body, { 'idempotency-key': 'fu-complaint-1' });
    expect(first.statusCode, first.body).toBe(201);
    const raised = first.json().complaint;
    expect(raised.number).toMatch(/^CP-/);
    const replay = await agent.post(`/api/v1/follow-up/tasks/${taskId}/attempts`, body, { 'idempotency-key': 'fu-complaint-1' });
    expect(replay.json().complaint.id).toBe(raised.id);
    const c = (await agent.get(`/api/v1/complaints/${raised.id}`)).json();
    expect(c).toMatchObject({
      channel: 'follow_up',
      category: 'timeliness',
      status: 'acknowledged',
      customerWords: '交车比承诺晚了两个小时',
      firstResponder: { id: agent.user.id },
    });
    expect(await ctx.db.selectFrom('complaints').select('id').where('customer_id', '=', car.customerId).execute()).toHaveLength(1);
  });
});

describe('SLA timers and escalation', () => {
  it('stops the feedback clock when feedback is given in time: the timer then does nothing', async () => {
    const car = await customerWithCar();
    const c = await register(sa, { ...car, category: 'service_attitude' });
    const due = c.dueAt!;
    ctx.clock.set('2026-11-20T08:00:00Z');
    const fed = await act(sa, c, 'communications', { channel: 'phone', summary: '致歉并说明已安排服务经理跟进', feedback: true });
    expect(fed.statusCode, fed.body).toBe(200);
    expect(fed.json()).toMatchObject({
      status: 'feedback_given',
      dueStep: 'resolve',
      dueAt: '2026-11-23T08:00:00.000Z',
      wasOverdue: false,
      feedbackAt: '2026-11-20T08:00:00.000Z',
    });
    ctx.clock.set('2026-11-21T03:00:00Z');
    await slaJob().run({ complaintId: c.id, step: 'feedback', dueAt: due });
    const after = (await sa.get(`/api/v1/complaints/${c.id}`)).json();
    expect(after).toMatchObject({ level: 'handler', overdue: false, wasOverdue: false });
    ctx.clock.set('2026-11-20T02:00:00Z');
  });

  it('escalates an overdue case one level at a time with notices, flags it, fires once per deadline, and reaches the car maker', async () => {
    const car = await customerWithCar();
    const c = await register(sa, { ...car, category: 'timeliness' });
    ctx.clock.set('2026-11-21T02:00:01Z');
    expect((await sa.get(`/api/v1/complaints/${c.id}`)).json().overdue).toBe(true);
    expect((await manager.get('/api/v1/complaints?view=overdue')).json().items.map((x: Detail) => x.id)).toContain(c.id);

    const data = { complaintId: c.id, step: 'feedback', dueAt: c.dueAt };
    await slaJob().run(data);
    await slaJob().run(data); // delivered twice: still one escalation
    let now = (await sa.get(`/api/v1/complaints/${c.id}`)).json();
    expect(now).toMatchObject({ level: 'service_manager', wasOverdue: true, overdue: false, dueAt: '2026-11-22T02:00:01.000Z' });
    expect(now.events.filter((e: { kind: string }) => e.kind === 'escalated')).toHaveLength(1);
    const managerTasks = (await manager.get('/api/v1/tasks'))
      .json()
      .items.filter(
        (t: { kind: string; complaint: { id: string } | null }) => t.kind === 'complaint_escalated' && t.complaint?.id === c.id,
      );
    expect(managerTasks).toHaveLength(1);
    expect((await manager.get('/api/v1/complaints?view=mine')).json().items.map((x: Detail) => x.id)).toContain(c.id);
    // The car maker reads a case the dealer is still handling, but its desk does not work it.
    expect((await oem.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
    expect((await act(oem, now, 'communications', { channel: 'phone', summary: 'x', feedback: false })).statusCode).toBe(403);

    ctx.clock.set('2026-11-22T02:00:02Z');
    await slaJob().run({ complaintId: c.id, step: 'feedback', dueAt: now.dueAt });
    now = (await sa.get(`/api/v1/complaints/${c.id}`)).json();
    expect(now.level).toBe('general_manager');
    expect(
      (await gm.get('/api/v1/tasks'))
        .json()
        .items.some(
          (t: { kind: string; complaint: { id: string } | null }) => t.kind === 'complaint_escalated' && t.complaint?.id === c.id,
        ),
    ).toBe(true);

    ctx.clock.set('2026-11-23T02:00:03Z');
    await slaJob().run({ complaintId: c.id, step: 'feedback', dueAt: now.dueAt });
    now = (await sa.get(`/api/v1/complaints/${c.id}`)).json();
    expect(now).toMatchObject({ level: 'car_maker', severity: 'escalated', escalatedTo: 'car_maker' });
    const desk = (await oem.get('/api/v1/complaints?view=team')).json();
    expect(desk.items.map((x: Detail) => x.id)).toContain(c.id);
    expect((await oem.get(`/api/v1/complaints/${c.id}`)).json().can).toMatchObject({
      assignDealer: true,
      setDeadline: true,
      communicate: true,
      close: false,
      update: false,
    });
    ctx.clock.set('2026-11-20T02:00:00Z');
  });

  it('refuses a stale version with 409 and applies one of two concurrent edits', async () => {
    const car = await customerWithCar();
    const c = await register(sa, { ...car, category: 'price' });
    const [a, b] = await Promise.all([
      sa.patch(`/api/v1/complaints/${c.id}`, { version: c.version, verification: '核实：工时费按标准收取' }),
      sa.patch(`/api/v1/complaints/${c.id}`, { version: c.version, rootCause: '报价时未说明工时费' }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const loser = a.statusCode === 409 ? a : b;
    expect(loser.json()).toMatchObject({ code: 'version_conflict' });
    const now = (await sa.get(`/api/v1/complaints/${c.id}`)).json();
    expect(now.version).toBe(c.version + 1);
    expect(now.events.filter((e: { kind: string }) => e.kind === 'updated')).toHaveLength(1);
  });
});

describe('handling to closure', () => {
  it('keeps ownership with the first responder until an explicit hand-over', async () => {
    const car = await customerWithCar();
    let c = await register(sa, { ...car, category: 'service_attitude' });
    expect((await act(otherSa, c, 'handover', { toUserId: otherSa.user.id, note: '我来跟' })).statusCode).toBe(403);
    const handed = await act(sa, c, 'handover', { toUserId: otherSa.user.id, note: '客户指定由王顾问跟进' });
    expect(handed.statusCode, handed.body).toBe(200);
    c = handed.json();
    expect(c.owner?.id).toBe(otherSa.user.id);
    expect(c.events[0]).toMatchObject({ kind: 'handed_over', data: { note: '客户指定由王顾问跟进', toId: otherSa.user.id } });
    expect((await act(otherSa, c, 'handover', { toUserId: newId(), note: 'x' })).json().errors[0].field).toBe('toUserId');
  });

  it('approves recovery within the limit of the role, holds it above, closes with prevention and books the follow-up call 7 days later', async () => {
    const car = await customerWithCar();
    let c = await register(sa, { ...car, category: 'repair_quality', subcategory: 'not_fixed_first_time' });
    expect(
      (
        await act(sa, c, 'close', {
          finalSatisfaction: 'satisfied',
          causeClass: 'defect',
          preventable: true,
          preventionMeasure: '返修车辆由技术总监终检',
        })
      ).json(),
    ).toMatchObject({ code: 'invalid_transition', status: 409, state: 'acknowledged' });

    const wash = await act(sa, c, 'recoveries', { kind: 'free_wash', costFen: 3_000, description: '免费精洗' });
    expect(wash.statusCode, wash.body).toBe(200);
    c = wash.json();
    expect(c.recoveries[0]).toMatchObject({ status: 'approved', costFen: 3_000 });
    const loaner = await act(sa, c, 'recoveries', { kind: 'loaner_car', costFen: 90_000, description: '返修期间代步车三天' });
    c = loaner.json();
    const pending = c.recoveries.find((r) => r.costFen === 90_000)!;
    expect(pending.status).toBe('pending');
    expect(c.recoveryCostFen).toBe(3_000);
    expect(
      (await sa.post(`/api/v1/complaints/${c.id}/recoveries/${pending.id}/decision`, { version: c.version, approve: true })).statusCode,
    ).toBe(403);

    const accepted = await act(sa, c, 'acceptance', { solutionPlan: '免费返修发动机支架，提供代步车' });
    expect(accepted.statusCode, accepted.body).toBe(200);
    c = accepted.json();
    expect(c).toMatchObject({ status: 'solution_agreed' });
    const blocked = await act(sa, c, 'close', {
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: true,
      preventionMeasure: '返修车辆由技术总监终检',
    });
    expect(blocked.statusCode).toBe(409);

    const approved = await manager.post(`/api/v1/complaints/${c.id}/recoveries/${pending.id}/decision`, {
      version: c.version,
      approve: true,
      note: '同意',
    });
    expect(approved.statusCode, approved.body).toBe(200);
    c = approved.json();
    expect(c.recoveryCostFen).toBe(93_000);

    const badClose = await act(sa, c, 'close', {
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: true,
      preventionMeasure: '',
    });
    expect(badClose.statusCode).toBe(400);
    expect(badClose.json().errors[0].field).toBe('preventionMeasure');
    ctx.clock.set('2026-11-22T06:00:00Z');
    const closed = await act(sa, c, 'close', {
      finalSatisfaction: 'satisfied',
      causeClass: 'defect',
      preventable: true,
      preventionMeasure: '返修车辆由技术总监终检',
    });
    expect(closed.statusCode, closed.body).toBe(200);
    c = closed.json();
    expect(c).toMatchObject({ status: 'closed', dueStep: null, finalSatisfaction: 'satisfied', preventable: true, wasOverdue: false });
    const task = await ctx.db.selectFrom('follow_up_tasks').selectAll().where('id', '=', c.followUpTaskId!).executeTakeFirstOrThrow();
    expect(task).toMatchObject({
      rule: 'complaint_follow_up',
      customer_id: car.customerId,
      anchor_on: '2026-11-22',
      due_from: '2026-11-29',
      due_until: '2026-12-01',
      owner_id: sa.user.id,
    });
    ctx.clock.set('2026-11-20T02:00:00Z');

    // Closing with the customer still unhappy is the manager's call.
    let unhappy = await register(sa, { ...car, category: 'price' });
    unhappy = (await act(sa, unhappy, 'communications', { channel: 'phone', summary: '已反馈处理方案', feedback: true })).json();
    expect(
      (
        await act(sa, unhappy, 'close', {
          finalSatisfaction: 'dissatisfied',
          causeClass: 'dissatisfaction',
          preventable: false,
          preventionMeasure: '报价前说明工时标准',
        })
      ).statusCode,
    ).toBe(403);
    const byManager = await act(manager, unhappy, 'close', {
      finalSatisfaction: 'dissatisfied',
      causeClass: 'dissatisfaction',
      preventable: false,
      preventionMeasure: '报价前说明工时标准',
    });
    expect(byManager.json()).toMatchObject({ status: 'closed', followUpTaskId: null });
  });
});

describe("the car maker's desk", () => {
  it('registers a hotline case for a dealer, which only that dealer sees, re-assigns it with its timeline and sets a deadline', async () => {
    const car = await customerWithCar();
    const created = await oem.post('/api/v1/network/complaints', {
      ...car,
      dealerId: ctx.network.dealerB,
      channel: 'oem_hotline',
      customerWords: '4S店拒绝保修变速箱',
      category: 'product_quality',
      deadlineAt: '2026-11-27T10:00:00Z',
    });
    expect(created.statusCode, created.body).toBe(201);
    let c = created.json() as Detail & { severity: string; escalatedTo: string; carMakerDeadlineAt: string };
    expect(c).toMatchObject({
      status: 'open',
      dueStep: 'acknowledge',
      severity: 'escalated',
      escalatedTo: 'car_maker',
      carMakerDeadlineAt: '2026-11-27T10:00:00.000Z',
      dealer: { id: ctx.network.dealerB },
    });
    expect((await dealerB.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
    expect((await sa.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(404);
    expect(
      (
        await oem.post(`/api/v1/complaints/${c.id}/close`, {
          version: c.version,
          finalSatisfaction: 'satisfied',
          causeClass: 'defect',
          preventable: false,
          preventionMeasure: 'x',
        })
      ).statusCode,
    ).toBe(403);

    const moved = await act(oem, c, 'dealer', { dealerId: ctx.network.dealerA });
    expect(moved.statusCode, moved.body).toBe(200);
    c = moved.json();
    expect(c.dealer.id).toBe(ctx.network.dealerA);
    expect(c.handler?.id).toBe(techDirector.user.id);
    expect(c.events.map((e) => e.kind)).toEqual(expect.arrayContaining(['received', 'routed', 'dealer_assigned']));
    expect((await dealerB.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(404);
    expect((await techDirector.get(`/api/v1/complaints/${c.id}`)).statusCode).toBe(200);
    // Moved by copy and delete: the case, its history, its facts and its timer are at the new dealer only.
    const placed = await sql<{ place: string; dealer_id: string; n: number }>`
      select 'case' as place, dealer_id, count(*)::int as n from complaints where id = ${c.id} group by dealer_id
      union all select 'events', dealer_id, count(*)::int from complaint_events where complaint_id = ${c.id} group by dealer_id
      union all select 'facts', dealer_id, count(*)::int from complaint_facts where complaint_id = ${c.id} group by dealer_id
      order by 1`.execute(ctx.db);
    expect(placed.rows.map((r) => [r.place, r.dealer_id])).toEqual([
      ['case', ctx.network.dealerA],
      ['events', ctx.network.dealerA],
      ['facts', ctx.network.dealerA],
    ]);
    expect(placed.rows.find((r) => r.place === 'events')!.n).toBe(c.events.length);
    const timers = await sql<{ dealer_id: string }>`
      select data->>'dealerId' as dealer_id from pgboss.job
      where name = 'complaint.sla_due' and data->>'complaintId' = ${c.id} and state = 'created'`.execute(ctx.db);
    expect(timers.rows.map((r) => r.dealer_id)).toContain(ctx.network.dealerA);

    c = (await act(techDirector, c, 'communications', { channel: 'phone', summary: '已联系客户，安排检测', feedback: true })).json();
    expect(c.dueAt).toBe('2026-11-27T10:00:00.000Z');
    const deadline = await act(oem, c, 'deadline', { deadlineAt: '2026-11-25T10:00:00Z' });
    expect(deadline.statusCode, deadline.body).toBe(200);
    expect(deadline.json()).toMatchObject({ dueStep: 'resolve', dueAt: '2026-11-25T10:00:00.000Z' });
    expect((await act(oem, deadline.json(), 'deadline', { deadlineAt: '2026-11-19T10:00:00Z' })).json().errors[0].field).toBe('deadlineAt');
    expect(
      (await dealerB.post('/api/v1/network/complaints', { ...car, dealerId: ctx.network.dealerB, channel: 'phone', customerWords: 'x' }))
        .statusCode,
    ).toBe(403);
  });
});

describe('analysis', () => {
  it("counts the dealer's own cases: Pareto, per 100 ROs, response in time, repeat complainants; the car maker sees every dealer", async () => {
    const mine = (await manager.get('/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30')).json();
    const total = await ctx.db
      .selectFrom('complaints')
      .select((eb) => eb.fn.countAll().as('n'))
      .where('dealer_id', '=', ctx.network.dealerA)
      .executeTakeFirstOrThrow();
    expect(mine.totals.complaints).toBe(Number(total.n));
    expect(mine.byDealer).toHaveLength(1);
    expect(mine.pareto.reduce((s: number, p: { count: number }) => s + p.count, 0)).toBe(mine.totals.complaints);
    expect(mine.pareto.at(-1).cumulativeShare).toBe(1);
    expect(mine.pareto[0].count).toBeGreaterThanOrEqual(mine.pareto.at(-1).count);
    expect(mine.totals.repeatComplainants).toBeGreaterThan(0);
    expect(mine.totals.closed).toBeGreaterThanOrEqual(2);
    expect(mine.totals.recoveryCostFen).toBe(93_000);
    expect(mine.totals.per100Ros).toBeNull(); // no repair orders in this database
    // The feedback given at 16:00 on the day counts as in time; the escalated one does not.
    expect(mine.totals.respondedInTime).toBeGreaterThanOrEqual(1);
    expect(mine.totals.wasOverdue).toBeGreaterThanOrEqual(1);

    const network = (await oem.get('/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30')).json();
    expect(network.byDealer.map((d: { dealerId: string }) => d.dealerId).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
    const other = (await dealerB.get('/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30')).json();
    expect(other.totals.complaints).toBe(0);
    expect((await manager.get('/api/v1/kpis/complaints?from=2026-11-30&to=2026-11-01')).json().errors[0].field).toBe('to');
  });
});

describe('analysis against the cases themselves', () => {
  it('gives by dealer, category, advisor and model the figures counted from every case, repeat complainants bounded with their total', async () => {
    // Cases after two repair orders of two advisors (one car of a known model), and a customer who complains twice.
    const first = await customerWithCar();
    const second = await customerWithCar();
    await ctx.db.updateTable('vehicles').set({ model_id: ctx.network.modelId }).where('id', '=', first.vehicleId).execute();
    await register(manager, { ...first, repairOrderId: await orderOf(sa.user.id, first), category: 'repair_quality' });
    await register(manager, { ...first, repairOrderId: await orderOf(otherSa.user.id, first), category: 'price' });
    await register(manager, { ...second, repairOrderId: await orderOf(sa.user.id, second), category: 'repair_quality' });
    await register(manager, { customerId: second.customerId, category: 'timeliness' });

    const from = new Date('2026-10-31T16:00:00Z');
    const to = new Date('2026-11-30T16:00:00Z');
    const cases = await ctx.db
      .selectFrom('complaints as c')
      .leftJoin('repair_orders as ro', (join) => join.onRef('ro.dealer_id', '=', 'c.dealer_id').onRef('ro.id', '=', 'c.repair_order_id'))
      .leftJoin('users as u', 'u.id', 'ro.sa_id')
      .leftJoin('vehicles as v', 'v.id', 'c.vehicle_id')
      .leftJoin('vehicle_models as m', 'm.id', 'v.model_id')
      .select([
        'c.id',
        'c.dealer_id',
        'c.customer_id',
        'c.category',
        'c.status',
        'c.feedback_at',
        'c.feedback_due_at',
        'c.closed_at',
        'c.received_at',
      ])
      .select(['c.due_at', 'c.was_overdue', 'c.preventable', 'ro.sa_id', 'u.display_name', 'v.model_id', 'm.name as model_name'])
      .where('c.received_at', '>=', from)
      .where('c.received_at', '<', to)
      .execute();
    const approved = await ctx.db
      .selectFrom('complaint_recoveries')
      .select(['complaint_id', 'cost_fen'])
      .where('status', '=', 'approved')
      .execute();
    const now = ctx.clock.now();
    const countBy = (rows: typeof cases, key: (c: (typeof cases)[number]) => [string, string]) => {
      const counts = new Map<string, { key: string; label: string; count: number }>();
      for (const c of rows) {
        const [k, label] = key(c);
        counts.set(k, { key: k, label, count: (counts.get(k)?.count ?? 0) + 1 });
      }
      return [...counts.values()].sort((a, b) => a.key.localeCompare(b.key));
    };
    const byKey = (rows: { key: string }[]) => [...rows].sort((a, b) => a.key.localeCompare(b.key));

    for (const [client, dealers] of [
      [manager, [ctx.network.dealerA]],
      [oem, [ctx.network.dealerA, ctx.network.dealerB]],
    ] as const) {
      const mine = cases.filter((c) => (dealers as readonly string[]).includes(c.dealer_id));
      const analysis = (await client.get('/api/v1/kpis/complaints?from=2026-11-01&to=2026-11-30')).json();
      const closed = mine.filter((c) => c.status === 'closed');
      const inTime = mine.filter((c) => c.feedback_at && c.feedback_at <= c.feedback_due_at).length;
      expect(analysis.totals).toMatchObject({
        complaints: mine.length,
        closed: closed.length,
        respondedInTime: inTime,
        overdue: mine.filter((c) => c.status !== 'closed' && c.due_at && c.due_at <= now).length,
        wasOverdue: mine.filter((c) => c.was_overdue).length,
        preventable: mine.filter((c) => c.preventable).length,
        recoveryCostFen: approved.filter((r) => mine.some((c) => c.id === r.complaint_id)).reduce((s, r) => s + r.cost_fen, 0),
        repeatComplainants: new Set(
          mine.filter((c) => mine.filter((x) => x.customer_id === c.customer_id).length > 1).map((c) => c.customer_id),
        ).size,
      });
      const closeHours = closed.reduce((s, c) => s + (c.closed_at!.getTime() - c.received_at.getTime()) / HOUR, 0);
      expect(analysis.totals.avgCloseHours).toBe(closed.length ? Math.round((closeHours / closed.length) * 10) / 10 : null);
      expect(
        byKey(analysis.pareto.map((p: { category: string; count: number }) => ({ key: p.category, label: p.category, count: p.count }))),
      ).toEqual(countBy(mine, (c) => [c.category ?? 'uncategorised', c.category ?? 'uncategorised']));
      expect(byKey(analysis.byServiceAdvisor)).toEqual(countBy(mine, (c) => (c.sa_id ? [c.sa_id, c.display_name!] : ['none', '—'])));
      expect(byKey(analysis.byModel)).toEqual(countBy(mine, (c) => (c.model_id ? [c.model_id, c.model_name!] : ['none', '—'])));
      for (const list of [analysis.byServiceAdvisor, analysis.byModel] as { count: number }[][])
        expect(list.map((r) => r.count)).toEqual(list.map((r) => r.count).sort((a, b) => b - a));
      expect(analysis.byDealer.map((d: { dealerId: string; complaints: number }) => [d.dealerId, d.complaints]).sort()).toEqual(
        dealers.map((id) => [id, mine.filter((c) => c.dealer_id === id).length]).sort(),
      );
      expect(analysis.repeatComplainants.length).toBe(Math.min(50, analysis.totals.repeatComplainants));
      expect(analysis.repeatComplainants.map((r: { customerId: string }) => r.customerId)).toContain(first.customerId);
    }
  });

  it("keeps the analysis' facts in the transaction of each write, as the migration fills them, with each customer's chain of cases", async () => {
    const car = await customerWithCar();
    const other = await customerWithCar();
    const now = ctx.clock.now().getTime();
    // Three cases of one customer, the last registered came in first; one of another customer.
    const late = await register(manager, { ...car, category: 'price' });
    const early = await register(manager, { ...car, category: 'parts', receivedAt: new Date(now - 5 * HOUR).toISOString() });
    const middle = await register(manager, { ...car, category: 'timeliness', receivedAt: new Date(now - 2 * HOUR).toISOString() });
    await register(manager, { ...other, category: 'price' });
    const ro = await orderOf(sa.user.id, car);
    await ctx.db.updateTable('complaints').set({ repair_order_id: ro }).where('id', '=', middle.id).execute();
    // The RO's advisor, the vehicle's model and an approved recovery change after the case is written.
    await ctx.db.updateTable('repair_orders').set({ sa_id: otherSa.user.id }).where('id', '=', ro).execute();
    await ctx.db.updateTable('vehicles').set({ model_id: ctx.network.modelId }).where('id', '=', car.vehicleId).execute();
    await ctx.db
      .insertInto('complaint_recoveries')
      .values({
        dealer_id: ctx.network.dealerA,
        id: newId(),
        complaint_id: early.id,
        kind: 'free_wash',
        cost_fen: 5000,
        status: 'approved',
        created_at: ctx.clock.now(),
      })
      .execute();

    const kept = async () =>
      (await ctx.db.selectFrom('complaint_facts').selectAll().orderBy('complaint_id').execute()).map((f) => ({
        ...f,
        recovery_cost_fen: Number(f.recovery_cost_fen),
      }));
    const facts = await kept();
    const fact = (id: string) => facts.find((f) => f.complaint_id === id)!;
    expect([early, middle, late].map((c) => fact(c.id).nth)).toEqual([1, 2, 3]);
    expect(fact(late.id).prev_received_at).toEqual(fact(middle.id).received_at);
    expect(fact(late.id).prev2_received_at).toEqual(fact(early.id).received_at);
    expect(fact(middle.id).sa_id).toBe(otherSa.user.id);
    expect(fact(late.id).model_id).toBe(ctx.network.modelId);
    expect(fact(early.id).recovery_cost_fen).toBe(5000);
    // A case taken back renumbers its customer's other cases.
    await ctx.db.deleteFrom('complaint_events').where('complaint_id', '=', middle.id).execute();
    await ctx.db.deleteFrom('tasks').where('complaint_id', '=', middle.id).execute();
    await ctx.db.deleteFrom('complaints').where('id', '=', middle.id).execute();
    expect((await kept()).find((f) => f.complaint_id === late.id)).toMatchObject({ nth: 2, prev2_received_at: null });

    // Cases in the partial months at both ends of a period and in the whole month between: the
    // counts read from the month's counts and from the facts add up to those of the cases themselves.
    for (const [receivedAt, category] of [
      ['2026-09-20T03:00:00Z', 'parts'],
      ['2026-10-10T03:00:00Z', 'price'],
      ['2026-10-31T23:00:00Z', 'price'],
      ['2026-11-05T03:00:00Z', 'timeliness'],
    ] as const)
      await register(manager, { ...other, category, receivedAt });
    const analysis = (await manager.get('/api/v1/kpis/complaints?from=2026-09-15&to=2026-11-30')).json();
    const inPeriod = await ctx.db
      .selectFrom('complaints')
      .select(['category'])
      .where('dealer_id', '=', ctx.network.dealerA)
      .where('received_at', '>=', new Date('2026-09-14T16:00:00Z'))
      .where('received_at', '<', new Date('2026-11-30T16:00:00Z'))
      .execute();
    const byCategory = new Map<string, number>();
    for (const c of inPeriod) byCategory.set(c.category ?? 'uncategorised', (byCategory.get(c.category ?? 'uncategorised') ?? 0) + 1);
    expect(Object.fromEntries(analysis.pareto.map((p: { category: string; count: number }) => [p.category, p.count]))).toEqual(
      Object.fromEntries(byCategory),
    );
    for (const list of [analysis.byServiceAdvisor, analysis.byModel] as { count: number }[][])
      expect(list.reduce((sum, r) => sum + r.count, 0)).toBe(inPeriod.length);

    const monthCounts = async () =>
      (await ctx.db.selectFrom('complaint_month_counts').selectAll().where('n', '>', 0).execute())
        .map((m) => `${m.dealer_id} ${m.month.toISOString()} ${m.dim} ${m.key} ${m.n}`)
        .sort();
    const before = await kept();
    const countsBefore = await monthCounts();
    expect(countsBefore.some((m) => m.includes('2026-10-01T00:00:00.000Z category price 2'))).toBe(true);
    await ctx.db.deleteFrom('complaint_facts').execute();
    await ctx.db.deleteFrom('complaint_month_counts').execute();
    for (const statement of factStatements) await sql.raw(statement).execute(ctx.db);
    expect(await kept()).toEqual(before);
    expect(await monthCounts()).toEqual(countsBefore);
  });
});

describe('a timer while the server is down', () => {
  it('fires once after the restart', async () => {
    const local = await createTestContext({ now: new Date(Date.now() - 30 * HOUR).toISOString() });
    const localSa = await local.loginAs({ dealerId: local.network.dealerA, roles: ['service_advisor'] });
    const localManager = await local.loginAs({ dealerId: local.network.dealerA, roles: ['service_manager'] });
    const customer = await createCustomer(localSa);
    // Received 30 hours ago: feedback was due 6 hours ago, while no process was running the jobs.
    const registered = await localSa.post('/api/v1/complaints', {
      customerId: customer.id,
      channel: 'phone',
      customerWords: '电话投诉：等了三个小时',
      category: 'timeliness',
    });
    expect(registered.statusCode, registered.body).toBe(201);
    const id = registered.json().id as string;
    await local.app.close();

    const restarted = await buildApp({
      handle: local.handle,
      clock: fixedClock(new Date()),
      logger: false,
      work: true,
      config: testConfig({ jobPollSeconds: 0.5 }),
    });
    try {
      const level = async () =>
        (await local.db.selectFrom('complaints').select('level').where('id', '=', id).executeTakeFirstOrThrow()).level;
      const deadline = Date.now() + 30_000;
      while ((await level()) === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
      expect(await level()).toBe(1);
      await new Promise((r) => setTimeout(r, 2_000));
      const events = await local.db
        .selectFrom('complaint_events')
        .select('kind')
        .where('complaint_id', '=', id)
        .where('kind', '=', 'escalated')
        .execute();
      expect(events).toHaveLength(1);
      expect(await level()).toBe(1);
      const notices = await local.db
        .selectFrom('tasks')
        .select('assignee_user_id')
        .where('complaint_id', '=', id)
        .where('kind', '=', 'complaint_escalated')
        .execute();
      expect(notices.map((n) => n.assignee_user_id)).toEqual([localManager.user.id]);
    } finally {
      await restarted.close();
      await local.handle.close();
    }
  });
});
