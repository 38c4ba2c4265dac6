import { CUSTOMER_SEGMENTS } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Client, createCustomer, createTestContext, createVehicle, type TestContext } from './harness.js';

// Customer activities (issue 17): an activity planned, opened and its audience invited by SMS (each
// customer their own sign-up link; opted-out customers skipped; nobody texted twice), sign-up and
// cancellation from the link, the last seat won by exactly one of two racing customers, attendance
// marked by staff, and the report with the revenue that followed from the attendees' visits.

const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const DAY = 86_400_000;

let ctx: TestContext;
let manager: Client;
let sa: Client;
let cashier: Client;
let t0: number;
const customers: Record<'attends' | 'noShow' | 'optedOut' | 'declines', { id: string }> = {} as never;

const at = (ms: number) => new Date(ms).toISOString();
const activityBody = (overrides: Record<string, unknown> = {}) => ({
  kind: 'free_check',
  title: '冬季免费检测日',
  place: '甲店售后服务大厅',
  content: '免费检测 20 项，工时 8 折',
  startsAt: at(t0 + 5 * DAY),
  endsAt: at(t0 + 5 * DAY + 8 * 3_600_000),
  capacity: 30,
  costFen: 200_000,
  ...overrides,
});

/** A paid invoice at dealer A for a new car of the customer: 1 h of labour, paid in cash. */
async function paidInvoice(customerId: string): Promise<number> {
  const vehicle = await createVehicle(sa, customerId, { modelId: ctx.network.modelId });
  const visit = (await sa.post('/api/v1/visits', { vehicleId: vehicle.id })).json();
  let ro = (
    await sa.post('/api/v1/repair-orders', {
      visitId: visit.id,
      concerns: '常规保养',
      promisedAt: at(ctx.clock.now().getTime() + 6 * 3_600_000),
      lines: [{ kind: 'labour', description: '保养工时', hours: 1, payType: 'customer' }],
    })
  ).json();
  ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/authorise`, { version: ro.version, signaturePng: PNG })).json();
  for (const to of ['in_progress', 'quality_check', 'ready'])
    ro = (await sa.post(`/api/v1/repair-orders/${ro.id}/transitions`, { version: ro.version, to })).json();
  const invoice = await cashier.post(`/api/v1/repair-orders/${ro.id}/invoice`, { version: ro.version });
  expect(invoice.statusCode, invoice.body).toBe(201);
  const { id, amountDueFen } = invoice.json();
  const paid = await cashier.post(`/api/v1/invoices/${id}/payments`, { method: 'cash', amountFen: amountDueFen });
  expect(paid.statusCode, paid.body).toBeLessThan(300);
  return amountDueFen;
}

/** The sign-up token in the SMS an invitation was sent. */
async function tokenOf(activityId: string, customerId: string): Promise<string> {
  const row = await ctx.db
    .selectFrom('activity_invitations as i')
    .innerJoin('outbox_messages as m', 'm.id', 'i.message_id')
    .select('m.body')
    .where('i.activity_id', '=', activityId)
    .where('i.customer_id', '=', customerId)
    .executeTakeFirstOrThrow();
  return /\/activity\/([A-Za-z0-9_-]+\/[A-Za-z0-9_-]+)/.exec(row.body)![1]!;
}

/** Moves the clock and signs the staff in again (a session lasts hours, the activity is days away). */
async function moveTo(ms: number) {
  ctx.clock.set(new Date(ms));
  const { dealerA } = ctx.network;
  manager = await ctx.loginAs({ dealerId: dealerA, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: dealerA, roles: ['service_advisor'] });
  cashier = await ctx.loginAs({ dealerId: dealerA, roles: ['cashier'] });
}

const pub = (method: 'GET' | 'POST', url: string) => ctx.app.inject({ method, url: `/api/v1/public/activity-invitations/${url}` });

async function openActivity(overrides: Record<string, unknown> = {}) {
  const created = await manager.post('/api/v1/activities', activityBody(overrides));
  expect(created.statusCode, created.body).toBe(201);
  const opened = await manager.post(`/api/v1/activities/${created.json().id}/open`);
  expect(opened.statusCode, opened.body).toBe(200);
  return opened.json();
}

beforeAll(async () => {
  ctx = await createTestContext();
  t0 = ctx.clock.now().getTime();
  await moveTo(t0);
  customers.attends = await createCustomer(sa, { name: '李娜' });
  customers.noShow = await createCustomer(sa, { name: '张伟' });
  customers.optedOut = await createCustomer(sa, { name: '王芳', consent: { sms: false, phone: true, email: false, wechat: false } });
  customers.declines = await createCustomer(sa, { name: '刘洋' });
  // Each has a visit paid before the activity (which is not its revenue), so each has a value segment.
  for (const c of Object.values(customers)) await paidInvoice(c.id);
  const run = await manager.post('/api/v1/customer-value/run');
  expect(run.statusCode, run.body).toBe(200);
}, 60_000);
afterAll(() => ctx.close());

describe('an activity', () => {
  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = (await ctx.db.selectFrom('activities').select('id').execute()).length;
    for (const [body, field] of [
      [activityBody({ capacity: 0 }), 'capacity'],
      [activityBody({ capacity: 10_001 }), 'capacity'],
      [activityBody({ costFen: -1 }), 'costFen'],
      [activityBody({ title: 'x'.repeat(61) }), 'title'],
      [activityBody({ kind: 'party' }), 'kind'],
      [activityBody({ endsAt: at(t0 + 4 * DAY) }), 'endsAt'],
      [activityBody({ endsAt: at(t0 + 30 * DAY) }), 'endsAt'],
      [activityBody({ startsAt: at(t0 - DAY), endsAt: at(t0 - DAY + 3_600_000) }), 'startsAt'],
      [activityBody({ workPlanId: '01900000-0000-7000-8000-000000000000' }), 'workPlanId'],
    ] as const) {
      const response = await manager.post('/api/v1/activities', body);
      expect(response.statusCode, `${field}: ${response.body}`).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    expect((await ctx.db.selectFrom('activities').select('id').execute()).length).toBe(before);
  });

  it('is planned by a manager; an advisor reads it but may not plan one', async () => {
    expect((await sa.post('/api/v1/activities', activityBody())).statusCode).toBe(403);
    const created = await manager.post('/api/v1/activities', activityBody());
    expect(created.statusCode, created.body).toBe(201);
    expect(created.json()).toMatchObject({ state: 'draft', capacity: 30, costFen: 200_000, can: { open: true, invite: false } });
    expect((await sa.get(`/api/v1/activities/${created.json().id}`)).json().can).toMatchObject({ edit: false, open: false });
    // A draft takes no invitations.
    const invite = await manager.post(`/api/v1/activities/${created.json().id}/invitations`, { segments: [...CUSTOMER_SEGMENTS] });
    expect(invite.statusCode).toBe(409);
    const cancelled = await manager.post(`/api/v1/activities/${created.json().id}/cancel`, { reason: '场地冲突' });
    expect(cancelled.json()).toMatchObject({ state: 'cancelled', cancelReason: '场地冲突' });
  });
});

describe('invitations, sign-up and the report', () => {
  let activity: { id: string; version: number };
  const tokens: Record<string, string> = {};

  it('invites a value segment: an SMS with its own link each, opted-out customers skipped, nobody twice', async () => {
    activity = await openActivity();
    const audience = { segments: [...CUSTOMER_SEGMENTS] };
    const preview = await manager.post(`/api/v1/activities/${activity.id}/invitations/preview`, audience);
    expect(preview.json()).toEqual({ matched: 4, toInvite: 3, optedOut: 1, alreadyInvited: 0, cap: 500, overCap: false });
    const invited = await manager.post(`/api/v1/activities/${activity.id}/invitations`, audience);
    expect(invited.statusCode, invited.body).toBe(200);
    expect(invited.json()).toEqual({ matched: 4, invited: 3, skippedOptedOut: 1, alreadyInvited: 0, cap: 500 });
    const messages = await ctx.db.selectFrom('outbox_messages').selectAll().where('template', '=', 'activity.invitation').execute();
    expect(messages).toHaveLength(3);
    expect(messages.every((m) => m.body.includes('冬季免费检测日') && m.body.includes('http://sb.test/activity/'))).toBe(true);
    expect(new Set(messages.map((m) => m.body)).size).toBe(3);
    for (const key of ['attends', 'noShow', 'declines'] as const) tokens[key] = await tokenOf(activity.id, customers[key].id);
    // Only the hash is kept.
    const stored = await ctx.db.selectFrom('activity_invitations').select('token_hash').execute();
    expect(stored.some((r) => Object.values(tokens).includes(r.token_hash))).toBe(false);

    const again = await manager.post(`/api/v1/activities/${activity.id}/invitations`, audience);
    expect(again.json()).toEqual({ matched: 4, invited: 0, skippedOptedOut: 1, alreadyInvited: 3, cap: 500 });
    expect((await ctx.db.selectFrom('outbox_messages').select('id').where('template', '=', 'activity.invitation').execute()).length).toBe(
      3,
    );

    const list = (await sa.get(`/api/v1/activities/${activity.id}/invitations`)).json().items;
    expect(list.map((i: { customer: { name: string } }) => i.customer.name).sort()).toEqual(['刘洋', '张伟', '李娜'].sort());
    expect(list.every((i: { state: string; sms: string }) => i.state === 'invited' && i.sms === 'pending')).toBe(true);
  });

  it('refuses picked customers of another dealer and an audience with no filter', async () => {
    const other = await createCustomer(await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_advisor'] }));
    const foreign = await manager.post(`/api/v1/activities/${activity.id}/invitations`, { customerIds: [other.id] });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().errors[0]).toMatchObject({ field: 'customerIds', code: 'unknown_customer' });
    const none = await manager.post(`/api/v1/activities/${activity.id}/invitations`, {});
    expect(none.statusCode).toBe(400);
    expect(none.json().errors[0]).toMatchObject({ field: 'segments' });
  });

  it('shows the customer their invitation by the link, and signs them up or cancels', async () => {
    const page = await pub('GET', tokens.attends!);
    expect(page.statusCode, page.body).toBe(200);
    expect(page.json()).toMatchObject({
      customerName: '李娜',
      state: 'invited',
      canSignUp: true,
      canCancel: true,
      activity: { title: '冬季免费检测日', place: '甲店售后服务大厅', state: 'open' },
      dealer: { name: '甲店' },
    });
    expect((await pub('POST', `${tokens.attends}/sign-up`)).json()).toMatchObject({
      state: 'signed_up',
      canSignUp: false,
      canCancel: true,
    });
    // Again: the same answer, nothing more.
    expect((await pub('POST', `${tokens.attends}/sign-up`)).json()).toMatchObject({ state: 'signed_up' });
    expect((await pub('POST', `${tokens.noShow}/sign-up`)).statusCode).toBe(200);
    expect((await pub('POST', `${tokens.declines}/sign-up`)).statusCode).toBe(200);
    expect((await pub('POST', `${tokens.declines}/cancel`)).json()).toMatchObject({ state: 'cancelled', canSignUp: true });
    const counts = (await manager.get(`/api/v1/activities/${activity.id}`)).json().counts;
    expect(counts).toEqual({ invited: 3, signedUp: 2, attended: 0, noShow: 0, cancelled: 1, seatsTaken: 2 });
  });

  it('answers 404 to a token it did not send', async () => {
    const wrong = 'A'.repeat(43);
    expect((await pub('GET', wrong)).statusCode).toBe(404);
    expect((await pub('POST', `${wrong}/sign-up`)).statusCode).toBe(404);
    expect((await pub('POST', `${wrong}/cancel`)).statusCode).toBe(404);
  });

  it('gives the last seat to exactly one of two customers signing up at once', async () => {
    const race = await openActivity({ title: '新车主养护讲堂', kind: 'clinic', capacity: 1, costFen: 0 });
    const picked = { customerIds: [customers.attends.id, customers.declines.id] };
    expect((await manager.post(`/api/v1/activities/${race.id}/invitations`, picked)).json()).toMatchObject({ invited: 2 });
    const [a, b] = [await tokenOf(race.id, customers.attends.id), await tokenOf(race.id, customers.declines.id)];
    const results = await Promise.all([pub('POST', `${a}/sign-up`), pub('POST', `${b}/sign-up`)]);
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(results.find((r) => r.statusCode === 409)!.json().code).toBe('activity_full');
    const taken = await ctx.db
      .selectFrom('activity_invitations')
      .select('id')
      .where('activity_id', '=', race.id)
      .where('state', '=', 'signed_up')
      .execute();
    expect(taken).toHaveLength(1);
    const loser = results[0]!.statusCode === 409 ? a : b;
    expect((await pub('GET', loser)).json()).toMatchObject({ canSignUp: false, closedBecause: 'full' });
  });

  it('marks attendance once the activity has begun, not before; sign-up is then closed', async () => {
    const invitations = (await manager.get(`/api/v1/activities/${activity.id}/invitations`)).json().items as {
      id: string;
      customer: { id: string };
    }[];
    const of = (key: keyof typeof customers) => invitations.find((i) => i.customer.id === customers[key].id)!.id;
    const mark = (id: string, m: string) => manager.post(`/api/v1/activities/${activity.id}/invitations/${id}/attendance`, { mark: m });
    expect((await mark(of('attends'), 'attended')).statusCode).toBe(409);
    await moveTo(t0 + 5 * DAY + 3_600_000);
    expect((await pub('POST', `${tokens.declines}/sign-up`)).json()).toMatchObject({ code: 'signup_closed' });
    expect(
      (await sa.post(`/api/v1/activities/${activity.id}/invitations/${of('attends')}/attendance`, { mark: 'attended' })).statusCode,
    ).toBe(403);
    const came = await mark(of('attends'), 'attended');
    expect(came.statusCode, came.body).toBe(200);
    expect(came.json()).toMatchObject({ state: 'attended', attendedAt: ctx.clock.now().toISOString() });
    expect((await mark(of('noShow'), 'no_show')).json()).toMatchObject({ state: 'no_show', attendedAt: null });
    const bad = await mark(of('noShow'), 'maybe');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'mark' });
    expect((await manager.post(`/api/v1/activities/${activity.id}/close`)).json()).toMatchObject({ state: 'closed' });
  });

  it('reports the revenue that followed from the attendees’ visits, not from the others’', async () => {
    await moveTo(t0 + 12 * DAY);
    const attendeePaid = await paidInvoice(customers.attends.id);
    await paidInvoice(customers.noShow.id);
    const report = await manager.get(`/api/v1/activities/${activity.id}/report`);
    expect(report.statusCode, report.body).toBe(200);
    expect(report.json()).toMatchObject({
      invited: 3,
      signedUp: 2,
      attended: 1,
      noShow: 1,
      attendanceRate: 0.5,
      costFen: 200_000,
      costPerAttendeeFen: 200_000,
      revenueFen: attendeePaid,
      attendeesWithRevenue: 1,
      revenueDays: 30,
    });
    expect(attendeePaid).toBeGreaterThan(0);
    // Outside a shorter window, the visit on day 12 is not the activity's.
    expect((await manager.get(`/api/v1/activities/${activity.id}/report?days=5`)).json()).toMatchObject({ revenueFen: 0 });
    expect((await manager.get(`/api/v1/activities/${activity.id}/report?days=500`)).statusCode).toBe(400);
  });

  it('counts its cost in the activities cost budget of its month', async () => {
    const month = at(t0 + 5 * DAY).slice(0, 7);
    const body = (await manager.get(`/api/v1/cost-budgets?from=${month}&to=${month}`)).json() as {
      dealers: { categories: { category: string; months: { actualFen: number }[] }[] }[];
    };
    const activities = body.dealers[0]!.categories.find((c) => c.category === 'activities')!;
    expect(activities.months[0]!.actualFen).toBe(200_000);
  });

  it('counts an activity plan it carries out once: the plan until the activity opens, then the activity', async () => {
    const startsAt = ctx.clock.now().getTime() + 3 * DAY;
    const day = new Date(startsAt + 8 * 3_600_000).toISOString().slice(0, 10);
    const plan = await manager.post('/api/v1/work-plans', {
      kind: 'activity',
      title: '年末客户答谢会',
      periodFrom: day,
      periodTo: day,
      targetCount: 40,
      minimumCount: 20,
      metric: 'manual',
      plannedCostFen: 80_000,
    });
    expect(plan.statusCode, plan.body).toBe(201);
    expect((await manager.post(`/api/v1/work-plans/${plan.json().id}/actual`, { version: 1, actualCostFen: 50_000 })).statusCode).toBe(200);
    const activitiesCost = async () => {
      const month = day.slice(0, 7);
      const body = (await manager.get(`/api/v1/cost-budgets?from=${month}&to=${month}`)).json() as {
        dealers: { categories: { category: string; actualFen: number }[] }[];
      };
      return body.dealers[0]!.categories.find((c) => c.category === 'activities')!.actualFen;
    };
    const before = await activitiesCost();
    const linked = await manager.post(
      '/api/v1/activities',
      activityBody({
        title: '年末客户答谢会',
        startsAt: at(startsAt),
        endsAt: at(startsAt + 3 * 3_600_000),
        costFen: 70_000,
        workPlanId: plan.json().id,
      }),
    );
    expect(linked.statusCode, linked.body).toBe(201);
    expect(await activitiesCost()).toBe(before);
    const again = await manager.post(
      '/api/v1/activities',
      activityBody({ workPlanId: plan.json().id, startsAt: at(startsAt), endsAt: at(startsAt + DAY) }),
    );
    expect(again.json().errors[0]).toMatchObject({ field: 'workPlanId', code: 'plan_taken' });
    await manager.post(`/api/v1/activities/${linked.json().id}/open`);
    expect(await activitiesCost()).toBe(before - 50_000 + 70_000);
  });
});
