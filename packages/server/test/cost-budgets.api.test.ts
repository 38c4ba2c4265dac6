import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../src/platform/ids.js';
import { type Client, createTestContext, insertCustomerRow, type TestContext } from './harness.js';

// Service cost budgets (domain.md §10): a month's budget per category beside the cost read from where
// it is recorded — approved service recoveries, win-back cases, activity plans — per dealer, with
// the variance and a warning near or over budget. The car maker reads them by dealer.

let ctx: TestContext;
let manager: Client;
let managerB: Client;
let sa: Client;
let analyst: Client;

type Category = { category: string; budgetFen: number | null; actualFen: number | null; varianceFen: number | null; standing: string };
type DealerCosts = {
  dealer: { id: string };
  categories: (Category & { months: (Category & { month: string; version: number | null })[] })[];
  total: Category;
};

async function recovery(dealerId: string, costFen: number, decidedAt: string, status: 'approved' | 'pending') {
  const { db, network } = ctx;
  const customerId = await insertCustomerRow(ctx, '成本客户');
  const complaintId = newId();
  await db
    .insertInto('complaints')
    .values({
      id: complaintId,
      network_id: network.networkId,
      dealer_id: dealerId,
      number: `TS${complaintId.slice(-8)}`,
      channel: 'desk',
      customer_id: customerId,
      customer_words: '等太久',
      severity: 'complaint',
      status: 'open',
      received_at: new Date(decidedAt),
      feedback_due_at: new Date(decidedAt),
    })
    .execute();
  await db
    .insertInto('complaint_recoveries')
    .values({
      id: newId(),
      complaint_id: complaintId,
      dealer_id: dealerId,
      kind: 'free_wash',
      cost_fen: costFen,
      status,
      created_at: new Date(decidedAt),
      decided_at: status === 'approved' ? new Date(decidedAt) : null,
    })
    .execute();
}

async function winBack(dealerId: string, costFen: number, createdAt: string) {
  await ctx.db
    .insertInto('win_back_cases')
    .values({
      id: newId(),
      dealer_id: dealerId,
      customer_id: await insertCustomerRow(ctx, '流失客户'),
      period_key: `test:${newId()}`,
      cost_fen: costFen,
      created_at: new Date(createdAt),
    })
    .execute();
}

/** A loaner car lent and returned at `returnedAt` for `costFen` (value-added services), and one still out (no cost yet). */
async function loanerReturned(dealerId: string, costFen: number, returnedAt: string, status: 'returned' | 'out' = 'returned') {
  const { db } = ctx;
  const loanerId = newId();
  const at = new Date(returnedAt);
  await db
    .insertInto('loaners')
    .values({
      dealer_id: dealerId,
      id: loanerId,
      plate_key: `京L${loanerId.slice(-5).toUpperCase()}`,
      model: '远航 S5',
      km: 1000,
      fuel_level: 80,
      cost_per_day_fen: costFen,
      created_at: new Date('2026-01-01T00:00:00Z'),
      updated_at: at,
    })
    .execute();
  const userId = (await db.selectFrom('users').select('id').executeTakeFirstOrThrow()).id;
  await db
    .insertInto('loaner_reservations')
    .values({
      dealer_id: dealerId,
      id: newId(),
      loaner_id: loanerId,
      customer_id: await insertCustomerRow(ctx, '代步车客户'),
      reason: 'warranty_repair',
      starts_at: new Date(at.getTime() - 86_400_000),
      ends_at: at,
      status,
      reserved_by: userId,
      created_at: at,
      handed_over_at: new Date(at.getTime() - 86_400_000),
      returned_at: status === 'returned' ? at : null,
      days_out: status === 'returned' ? 1 : null,
      cost_fen: status === 'returned' ? costFen : null,
    })
    .execute();
}

const budgetRows = async () => (await ctx.db.selectFrom('cost_budgets').selectAll().execute()).length;

beforeAll(async () => {
  ctx = await createTestContext();
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  managerB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
  const { dealerA, dealerB } = ctx.network;
  await recovery(dealerA, 30_000, '2026-11-05T03:00:00Z', 'approved');
  // 01:00 on 1 November in Beijing: November's cost, though October's in UTC.
  await recovery(dealerA, 5_000, '2026-10-31T17:00:00Z', 'approved');
  await recovery(dealerA, 99_999, '2026-11-06T03:00:00Z', 'pending');
  await recovery(dealerA, 1_000, '2026-10-15T03:00:00Z', 'approved');
  await winBack(dealerA, 20_000, '2026-11-10T03:00:00Z');
  await winBack(dealerB, 7_000, '2026-11-10T03:00:00Z');
  await loanerReturned(dealerA, 12_000, '2026-11-12T03:00:00Z');
  await loanerReturned(dealerA, 50_000, '2026-11-13T03:00:00Z', 'out');
  await loanerReturned(dealerB, 9_000, '2026-11-12T03:00:00Z');
});

afterAll(async () => {
  await ctx?.close();
});

describe('service cost budgets', () => {
  it('an activity plan carries participants and its planned and actual cost; a service plan its revenue target', async () => {
    const activity = await manager.post('/api/v1/work-plans', {
      kind: 'activity',
      title: '冬季免费检测日',
      periodFrom: '2026-11-15',
      periodTo: '2026-11-16',
      targetCount: 40,
      minimumCount: 20,
      metric: 'manual',
      participants: '服务顾问2人、技师3人、保险公司',
      plannedCostFen: 80_000,
    });
    expect(activity.statusCode, activity.body).toBe(201);
    expect(activity.json()).toMatchObject({ participants: '服务顾问2人、技师3人、保险公司', plannedCostFen: 80_000, actualCostFen: null });
    const cost = await sa.post(`/api/v1/work-plans/${activity.json().id}/actual`, { version: 1, actualCostFen: 60_000 });
    expect(cost.statusCode, cost.body).toBe(200);
    expect(cost.json()).toMatchObject({ actualCostFen: 60_000, version: 2 });

    const service = await manager.post('/api/v1/work-plans', {
      kind: 'service',
      title: '十一月保养冲刺',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      targetCount: 120,
      minimumCount: 100,
      metric: 'service_visits',
      revenueTargetFen: 50_000_000,
    });
    expect(service.statusCode, service.body).toBe(201);
    expect(service.json()).toMatchObject({ revenueTargetFen: 50_000_000, actualRevenueFen: 0 });

    // A revenue target belongs to a service plan, a cost to an activity.
    const wrong = await manager.post('/api/v1/work-plans', {
      kind: 'activity',
      title: 'x',
      periodFrom: '2026-11-01',
      periodTo: '2026-11-30',
      targetCount: 1,
      minimumCount: 0,
      metric: 'manual',
      revenueTargetFen: 1,
    });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().errors[0].field).toBe('revenueTargetFen');
    const notActivity = await sa.post(`/api/v1/work-plans/${service.json().id}/actual`, { version: 1, actualCostFen: 1 });
    expect(notActivity.statusCode).toBe(400);
    expect(notActivity.json().errors[0].field).toBe('actualCostFen');
  });

  it('sets budgets and shows each category against its cost, near and over budget flagged', async () => {
    for (const [category, budgetFen] of [
      ['service_recovery', 30_000],
      ['win_back', 25_000],
      ['activities', 65_000],
    ] as const) {
      const set = await manager.put('/api/v1/cost-budgets', { category, month: '2026-11', budgetFen });
      expect(set.statusCode, set.body).toBe(200);
    }
    const response = await manager.get('/api/v1/cost-budgets?from=2026-10&to=2026-11');
    expect(response.statusCode, response.body).toBe(200);
    const body = response.json() as { months: string[]; dealers: DealerCosts[] };
    expect(body.months).toEqual(['2026-10', '2026-11']);
    expect(body.dealers.map((d) => d.dealer.id)).toEqual([ctx.network.dealerA]);
    const category = (name: string) => body.dealers[0]!.categories.find((c) => c.category === name)!;
    const november = (name: string) => category(name).months.find((m) => m.month === '2026-11')!;
    // 30 000 + 5 000 approved in November (local time); the pending one is no cost; October's 1 000 is October's.
    expect(november('service_recovery')).toMatchObject({
      budgetFen: 30_000,
      actualFen: 35_000,
      varianceFen: 5_000,
      standing: 'over',
      version: 1,
    });
    expect(category('service_recovery').months[0]).toMatchObject({
      month: '2026-10',
      budgetFen: null,
      actualFen: 1_000,
      standing: 'unbudgeted',
    });
    expect(november('win_back')).toMatchObject({ budgetFen: 25_000, actualFen: 20_000, varianceFen: -5_000, standing: 'within' });
    expect(november('activities')).toMatchObject({ budgetFen: 65_000, actualFen: 60_000, standing: 'near' });
    // The loaner returned in November costs 12 000; the one still out costs nothing yet, the other dealer's is its own.
    expect(november('value_added')).toMatchObject({ budgetFen: null, actualFen: 12_000, standing: 'unbudgeted' });
    expect(category('value_added').months[0]).toMatchObject({ month: '2026-10', actualFen: 0 });
    expect(category('service_recovery')).toMatchObject({ budgetFen: 30_000, actualFen: 36_000, standing: 'over' });
    expect(body.dealers[0]!.total).toMatchObject({ budgetFen: 120_000, actualFen: 128_000, varianceFen: 8_000, standing: 'over' });
  });

  it('changing a budget needs the version read; a stale one is a conflict', async () => {
    const stale = await manager.put('/api/v1/cost-budgets', { category: 'win_back', month: '2026-11', budgetFen: 1 });
    expect(stale.statusCode).toBe(409);
    const changed = await manager.put('/api/v1/cost-budgets', { category: 'win_back', month: '2026-11', budgetFen: 15_000, version: 1 });
    expect(changed.statusCode, changed.body).toBe(200);
    const winBack = (changed.json() as { dealers: DealerCosts[] }).dealers[0]!.categories.find((c) => c.category === 'win_back')!;
    expect(winBack.months[0]).toMatchObject({ budgetFen: 15_000, actualFen: 20_000, standing: 'over', version: 2 });
    const audit = await ctx.db.selectFrom('audit_log').select('action').where('action', '=', 'cost.budget').execute();
    expect(audit).toHaveLength(4);
  });

  it('refuses bad input naming the field, and writes nothing', async () => {
    const before = await budgetRows();
    for (const [body, field] of [
      [{ category: 'win_back', month: '2026-13', budgetFen: 1 }, 'month'],
      [{ category: 'parties', month: '2026-12', budgetFen: 1 }, 'category'],
      [{ category: 'win_back', month: '2026-12', budgetFen: -1 }, 'budgetFen'],
      [{ category: 'win_back', month: '2026-12', budgetFen: 1.5 }, 'budgetFen'],
      [{ category: 'win_back', month: '2030-01', budgetFen: 1 }, 'month'],
    ] as const) {
      const response = await manager.put('/api/v1/cost-budgets', body);
      expect(response.statusCode, JSON.stringify(body)).toBe(400);
      expect(response.headers['content-type']).toContain('application/problem+json');
      expect(response.json().errors[0].field).toBe(field);
    }
    for (const [query, field] of [
      ['from=2026-11&to=2026-10', 'to'],
      ['from=2024-01&to=2026-11', 'to'],
      ['from=2026-1&to=2026-11', 'from'],
    ] as const) {
      const response = await manager.get(`/api/v1/cost-budgets?${query}`);
      expect(response.statusCode, query).toBe(400);
      expect(response.json().errors[0].field).toBe(field);
    }
    expect(await budgetRows()).toBe(before);
  });

  it('only managers set budgets, at their own dealer; the car maker reads every dealer and sets none', async () => {
    expect((await sa.get('/api/v1/cost-budgets?from=2026-11&to=2026-11')).statusCode).toBe(403);
    expect((await sa.put('/api/v1/cost-budgets', { category: 'win_back', month: '2026-11', budgetFen: 1 })).statusCode).toBe(403);
    expect((await analyst.put('/api/v1/cost-budgets', { category: 'win_back', month: '2026-11', budgetFen: 1 })).statusCode).toBe(403);

    // Dealer B sees its own costs only, and may not name dealer A.
    const own = (await managerB.get('/api/v1/cost-budgets?from=2026-11&to=2026-11')).json() as { dealers: DealerCosts[] };
    expect(own.dealers.map((d) => d.dealer.id)).toEqual([ctx.network.dealerB]);
    expect(own.dealers[0]!.categories.find((c) => c.category === 'win_back')).toMatchObject({ budgetFen: null, actualFen: 7_000 });
    expect(own.dealers[0]!.categories.find((c) => c.category === 'service_recovery')).toMatchObject({ actualFen: 0 });
    expect((await managerB.get(`/api/v1/cost-budgets?from=2026-11&to=2026-11&dealerId=${ctx.network.dealerA}`)).statusCode).toBe(403);

    const network = (await analyst.get('/api/v1/cost-budgets?from=2026-11&to=2026-11')).json() as { dealers: DealerCosts[] };
    expect(network.dealers.map((d) => d.dealer.id).sort()).toEqual([ctx.network.dealerA, ctx.network.dealerB].sort());
    const narrowed = (await analyst.get(`/api/v1/cost-budgets?from=2026-11&to=2026-11&dealerId=${ctx.network.dealerB}`)).json() as {
      dealers: DealerCosts[];
    };
    expect(narrowed.dealers.map((d) => d.dealer.id)).toEqual([ctx.network.dealerB]);
  });
});
