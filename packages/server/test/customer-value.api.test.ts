import { withVinCheckDigit } from '@servicebay/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCustomerValueRepository } from '../src/modules/customers/customer-value.repository.js';
import {
  type CustomerActivity,
  customerValue,
  retentionOf,
  tierOf,
  VALUE_DEFAULTS,
  type ValueSettings,
} from '../src/modules/customers/customer-value.rules.js';
import { addMonths } from '../src/modules/repair-orders/repair-orders.rules.js';
import { addDays } from '../src/platform/dealer-time.js';
import { newId } from '../src/platform/ids.js';
import { inTransaction } from '../src/platform/transaction.js';
import { type Client, createTestContext, insertCustomerRow, type TestContext } from './harness.js';

// Customer value (domain.md §9) is computed nightly by one set-based statement; the rule it implements
// is `customerValue`. Both must give every figure alike for every customer: here on a few hundred
// random customers at two dealers with different settings (visits before the window, after today,
// cancelled; invoices a day after the visit; several cars), and then through the API.

const TODAY = '2026-11-20';
let ctx: TestContext;
let manager: Client;
let crB: Client;
let analyst: Client;
let sa: Client;

function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

type Generated = { customerId: string; dealerId: string; activity: CustomerActivity };

let seq = 0;
async function generate(count: number, dealers: readonly string[]): Promise<Generated[]> {
  const { db, network } = ctx;
  const questionnaireId = newId();
  await db.insertInto('questionnaires').values({ id: questionnaireId, network_id: network.networkId, name: 'CSI' }).execute();
  const rnd = random(20261120);
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const out: Generated[] = [];
  for (let i = 0; i < count; i++) {
    const dealerId = dealers[i % dealers.length]!;
    const customerId = await insertCustomerRow(ctx, `价值${i}`);
    await db
      .insertInto('dealer_customers')
      .values({ dealer_id: dealerId, customer_id: customerId, source: 'visit', created_at: ctx.clock.now() })
      .execute();
    const cars: string[] = [];
    for (let c = int(1, 2); c > 0; c--) {
      const id = newId();
      const n = seq++;
      await db
        .insertInto('vehicles')
        .values({
          created_at: ctx.clock.now(),
          id,
          network_id: network.networkId,
          vin: withVinCheckDigit(`LVALU${String(n).padStart(4, '0')}0TB${String(n).padStart(5, '0')}`.slice(0, 17)),
          plate_key: `京V${String(n).padStart(5, '0')}`,
          fuel_type: 'petrol',
          use_type: 'private',
          owner_id: customerId,
          updated_at: new Date(),
        })
        .execute();
      cars.push(id);
    }
    const visits: string[] = [];
    const invoices: { on: string; fen: number }[] = [];
    const used = new Set<string>();
    // Most customers have visits; some are lapsing, a few come only after today (no value yet).
    const spread = rnd() < 0.3 ? 1200 : rnd() < 0.5 ? 700 : 300;
    for (let v = int(0, 7); v > 0; v--) {
      const on = addDays(TODAY, -int(-10, spread));
      const carId = cars[int(0, cars.length - 1)]!;
      const cancelled = rnd() < 0.08;
      const visitId = newId();
      const at = new Date(`${on}T${rnd() < 0.2 ? '17' : '04'}:00:00Z`); // 17:00Z is the next local day in Shanghai
      const localOn = at.getUTCHours() >= 16 ? addDays(on, 1) : on;
      await db
        .insertInto('visits')
        .values({
          created_at: at,
          dealer_id: dealerId,
          id: visitId,
          customer_id: customerId,
          vehicle_id: carId,
          arrived_at: at,
          greeted_at: at,
          status: cancelled ? 'cancelled' : 'closed',
          cancel_reason: cancelled ? '客户未到' : null,
        })
        .execute();
      if (cancelled) continue;
      visits.push(localOn);
      const roId = newId();
      await db
        .insertInto('repair_orders')
        .values({
          created_at: at,
          dealer_id: dealerId,
          id: roId,
          number: `RO-V-${seq++}`,
          visit_id: visitId,
          customer_id: customerId,
          vehicle_id: carId,
          concerns: '保养',
          promised_at: at,
          odometer_km: 1000,
          status: 'delivered',
          delivered_at: at,
        })
        .execute();
      if (rnd() < 0.15) continue; // not invoiced
      const invoiceOn = rnd() < 0.3 ? addDays(localOn, 1) : localOn;
      const fen = rnd() < 0.1 ? 0 : int(1, 1_200_000);
      const invoiceAt = new Date(`${invoiceOn}T05:00:00Z`);
      const key = `${roId}`;
      if (used.has(key)) continue;
      used.add(key);
      await db
        .insertInto('invoices')
        .values({
          dealer_id: dealerId,
          id: newId(),
          number: `INV-V-${seq++}`,
          repair_order_id: roId,
          totals: JSON.stringify({}),
          total_fen: fen,
          customer_payable_fen: fen,
          ready_to_pay_at: invoiceAt,
          created_at: invoiceAt,
        })
        .execute();
      invoices.push({ on: invoiceOn, fen });
    }
    // Some answered surveys (CSI with decimals, one a day) and some complained, a few cases still open.
    const surveys: { on: string; csi: number }[] = [];
    const surveyDays = new Set<string>();
    for (let a = rnd() < 0.5 ? int(1, 3) : 0; a > 0; a--) {
      const on = addDays(TODAY, -int(-5, 800));
      if (surveyDays.has(on)) continue;
      surveyDays.add(on);
      const csi = int(3000, 10000) / 100;
      await db
        .insertInto('survey_responses')
        .values({
          dealer_id: dealerId,
          id: newId(),
          network_id: network.networkId,
          questionnaire_id: questionnaireId,
          questionnaire_version: 1,
          customer_id: customerId,
          source: 'link',
          submitted_at: new Date(`${on}T03:00:00Z`),
          csi: String(csi),
          answers: JSON.stringify({}),
        })
        .execute();
      surveys.push({ on, csi });
    }
    const complaints: { on: string; open: boolean }[] = [];
    for (let c = rnd() < 0.25 ? int(1, 2) : 0; c > 0; c--) {
      const on = addDays(TODAY, -int(-5, 500));
      const open = rnd() < 0.4;
      const at = new Date(`${on}T03:00:00Z`);
      await db
        .insertInto('complaints')
        .values({
          dealer_id: dealerId,
          id: newId(),
          network_id: network.networkId,
          number: `CP-V-${seq++}`,
          status: open ? 'open' : 'closed',
          channel: 'desk',
          customer_id: customerId,
          customer_words: '等太久',
          severity: 'complaint',
          received_at: at,
          feedback_due_at: at,
        })
        .execute();
      complaints.push({ on, open });
    }
    out.push({ customerId, dealerId, activity: { visits, invoices, vehicles: 0, surveys, complaints } });
  }
  return out;
}

/** The dealer's retention as the rule counts it: last-but-one year's customers who came back within the last year. */
function retentionFrom(list: Generated[], today: string) {
  const yearAgo = addMonths(today, -12);
  const twoYearsAgo = addMonths(today, -24);
  let prior = 0;
  let returned = 0;
  for (const g of list) {
    const days = g.activity.visits.filter((d) => d <= today);
    if (!days.some((d) => d > twoYearsAgo && d <= yearAgo)) continue;
    prior++;
    if (days.some((d) => d > yearAgo)) returned++;
  }
  return retentionOf({ priorYearCustomers: prior, returned });
}

beforeAll(async () => {
  ctx = await createTestContext({ now: '2026-11-20T02:00:00Z' });
  manager = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_manager'] });
  sa = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['service_advisor'] });
  crB = await ctx.loginAs({ dealerId: ctx.network.dealerB, roles: ['customer_relations'] });
  analyst = await ctx.loginAs({ dealerId: null, roles: ['oem_analyst'] });
});
afterAll(() => ctx.close());

const SETTINGS_A: ValueSettings = { windowMonths: 18, marginShare: 0.3, discountRate: 0.08, horizonYears: 4 };
let generated: Generated[] = [];

describe('the nightly customer value', () => {
  it('equals the rule for every customer, at two dealers with their own settings', async () => {
    await ctx.db
      .insertInto('customer_value_settings')
      .values({
        dealer_id: ctx.network.dealerA,
        window_months: SETTINGS_A.windowMonths,
        margin_share: String(SETTINGS_A.marginShare),
        discount_rate: String(SETTINGS_A.discountRate),
        horizon_years: SETTINGS_A.horizonYears,
        updated_at: ctx.clock.now(),
      })
      .execute();
    generated = await generate(240, [ctx.network.dealerA, ctx.network.dealerB]);
    const written = await inTransaction(ctx.db, (tx) => createCustomerValueRepository(tx).compute(TODAY, null, ctx.clock.now()));
    const rows = await ctx.db.selectFrom('customer_values').selectAll().execute();
    expect(rows).toHaveLength(written);
    const byKey = new Map(rows.map((r) => [`${r.dealer_id}/${r.customer_id}`, r]));
    const vehiclesOf = new Map(
      (
        await ctx.db
          .selectFrom('visits')
          .select(['dealer_id', 'customer_id', (eb) => eb.fn.count<string>('vehicle_id').distinct().as('n')])
          .where('status', '!=', 'cancelled')
          .where('arrived_at', '<', new Date('2026-11-20T16:00:00Z'))
          .groupBy(['dealer_id', 'customer_id'])
          .execute()
      ).map((r) => [`${r.dealer_id}/${r.customer_id}`, Number(r.n)]),
    );
    let compared = 0;
    for (const dealerId of [ctx.network.dealerA, ctx.network.dealerB]) {
      const mine = generated.filter((g) => g.dealerId === dealerId);
      const retention = retentionFrom(mine, TODAY);
      const run = await ctx.db.selectFrom('customer_value_runs').selectAll().where('dealer_id', '=', dealerId).executeTakeFirstOrThrow();
      expect(run.retention).toBeCloseTo(retention, 12);
      const settings = dealerId === ctx.network.dealerA ? SETTINGS_A : VALUE_DEFAULTS;
      // The pyramid ranks the dealer's customers by lifetime value (then id), as the rule's tierOf takes them.
      const ranked = mine
        .map((g) => ({
          id: g.customerId,
          value: customerValue(
            { ...g.activity, vehicles: vehiclesOf.get(`${dealerId}/${g.customerId}`) ?? 0 },
            { today: TODAY, settings, retention: run.retention },
          ),
        }))
        .filter((x) => x.value !== null)
        .sort((a, b) => b.value!.lifetimeValueFen - a.value!.lifetimeValueFen || (a.id < b.id ? -1 : 1));
      const tierByCustomer = new Map(ranked.map((x, i) => [x.id, tierOf(i + 1, ranked.length)]));
      for (const g of mine) {
        const key = `${dealerId}/${g.customerId}`;
        const want = customerValue(
          { ...g.activity, vehicles: vehiclesOf.get(key) ?? 0 },
          { today: TODAY, settings, retention: run.retention },
        );
        const got = byKey.get(key);
        if (!want) {
          expect(got, key).toBeUndefined();
          continue;
        }
        compared++;
        expect(
          {
            lastVisitOn: got?.last_visit_on,
            firstVisitOn: got?.first_visit_on,
            recencyDays: got?.recency_days,
            visits: got?.visits,
            revenueFen: Number(got?.revenue_fen),
            r: got?.r,
            f: got?.f,
            m: got?.m,
            segment: got?.segment,
            visitsPerYear: Number(got?.visits_per_year),
            revenuePerVehicleFen: Number(got?.revenue_per_vehicle_fen),
            lifetimeValueFen: Number(got?.lifetime_value_fen),
            recentVisits: got?.recent_visits,
            priorVisits: got?.prior_visits,
            recentFen: Number(got?.recent_fen),
            priorFen: Number(got?.prior_fen),
            trend: got?.trend,
            tenure: got?.tenure_score,
            loyalty: got?.loyalty,
            latestCsi: got?.latest_csi === null ? null : Number(got?.latest_csi),
            complaints12m: got?.complaints_12m,
            openComplaints: got?.open_complaints,
            satisfaction: got?.satisfaction,
            priority: got?.priority,
            priorityLevel: got?.priority_level,
          },
          key,
        ).toEqual(want);
        expect(got?.tier, key).toBe(tierByCustomer.get(g.customerId));
      }
    }
    expect(compared).toBeGreaterThan(150);
    // Every segment and trend occurs, so the comparison reached every branch.
    expect(new Set(rows.map((r) => r.segment)).size).toBeGreaterThanOrEqual(6);
    expect(new Set(rows.map((r) => r.trend))).toEqual(new Set(['rising', 'steady', 'declining', 'new']));
    expect(new Set(rows.map((r) => r.tier))).toEqual(new Set(['vip', 'key', 'regular', 'general']));
    expect(new Set(rows.map((r) => r.priority_level))).toEqual(new Set(['high', 'medium', 'low']));
    expect(new Set(rows.map((r) => r.satisfaction))).toEqual(new Set([null, 1, 2, 3, 4, 5]));
  });

  it('is recomputed with the care run, replacing the last night’s figures', async () => {
    const before = await ctx.db
      .selectFrom('customer_values')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .executeTakeFirstOrThrow();
    const result = (await manager.post('/api/v1/follow-up/run', {})).json();
    expect(result.valued).toBeGreaterThan(0);
    const after = await ctx.db
      .selectFrom('customer_values')
      .select(({ fn }) => fn.countAll<string>().as('n'))
      .where('dealer_id', '=', ctx.network.dealerA)
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(result.valued);
    expect(Number(before.n)).toBeGreaterThan(Number(after.n));
  });
});

describe('the value API', () => {
  it('shows a customer’s value with its inputs at the dealer; another dealer gets 404; the car maker sees each dealer', async () => {
    const g = generated.find((x) => x.dealerId === ctx.network.dealerA && x.activity.visits.some((d) => d <= TODAY))!;
    const mine = await manager.get(`/api/v1/customers/${g.customerId}/value`);
    expect(mine.statusCode, mine.body).toBe(200);
    expect(mine.json().items).toEqual([
      expect.objectContaining({
        dealer: expect.objectContaining({ id: ctx.network.dealerA }),
        inputs: expect.objectContaining({ windowMonths: 18, marginShare: 0.3, discountRate: 0.08, horizonYears: 4 }),
      }),
    ]);
    // The tier and the retention priority with what it was made of, as stored by the night.
    const row = await ctx.db
      .selectFrom('customer_values')
      .selectAll()
      .where('dealer_id', '=', ctx.network.dealerA)
      .where('customer_id', '=', g.customerId)
      .executeTakeFirstOrThrow();
    expect(mine.json().items[0]).toMatchObject({
      tier: row.tier,
      retention: {
        priority: row.priority,
        level: row.priority_level,
        loyalty: row.loyalty,
        tenure: row.tenure_score,
        satisfaction: row.satisfaction,
        complaints12m: row.complaints_12m,
        openComplaints: row.open_complaints,
      },
    });
    expect((await crB.get(`/api/v1/customers/${g.customerId}/value`)).statusCode).toBe(404);
    const network = (await analyst.get(`/api/v1/customers/${g.customerId}/value`)).json();
    expect(network.items.map((i: { dealer: { id: string } }) => i.dealer.id)).toEqual([ctx.network.dealerA]);
    // An advisor does not read customer value.
    expect((await sa.get(`/api/v1/customers/${g.customerId}/value`)).statusCode).toBe(403);
  });

  it('lists a segment filter by lifetime value within the dealer, and refuses an unknown segment naming the field', async () => {
    const list = (await manager.get('/api/v1/customer-value/customers?segment=at_risk,loyal,champions&limit=200')).json();
    expect(list.items.length).toBeGreaterThan(0);
    expect(list.items.every((i: { dealer: { id: string } }) => i.dealer.id === ctx.network.dealerA)).toBe(true);
    expect(list.items.every((i: { segment: string }) => ['at_risk', 'loyal', 'champions'].includes(i.segment))).toBe(true);
    const values = list.items.map((i: { lifetimeValueFen: number }) => i.lifetimeValueFen);
    expect(values).toEqual([...values].sort((a: number, b: number) => b - a));
    expect(list.total).toBe(list.items.length);
    const bad = await manager.get('/api/v1/customer-value/customers?segment=vip');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0]).toMatchObject({ field: 'segment' });
    // A dealer's staff cannot read another dealer by naming it.
    expect((await manager.get(`/api/v1/customer-value/customers?dealerId=${ctx.network.dealerB}`)).statusCode).toBe(403);
  });

  it('filters by pyramid tier and retention priority, the highest priority first when asked', async () => {
    const top = (await manager.get('/api/v1/customer-value/customers?tier=vip,key&limit=200')).json();
    const rows = await ctx.db.selectFrom('customer_values').selectAll().where('dealer_id', '=', ctx.network.dealerA).execute();
    expect(top.total).toBe(rows.filter((r) => r.tier === 'vip' || r.tier === 'key').length);
    // The top fifth by value: 20% of the dealer's customers, rounded up.
    expect(top.total).toBe(Math.ceil(rows.length / 5));
    const high = (await manager.get('/api/v1/customer-value/customers?priority=high&sort=priority&limit=200')).json();
    expect(high.total).toBe(rows.filter((r) => r.priority_level === 'high').length);
    expect(high.total).toBeGreaterThan(0);
    const priorities = high.items.map((i: { priority: number }) => i.priority);
    expect(priorities).toEqual([...priorities].sort((a: number, b: number) => b - a));
    expect(high.items.every((i: { priorityLevel: string }) => i.priorityLevel === 'high')).toBe(true);
    for (const [query, field] of [
      ['tier=gold', 'tier'],
      ['priority=urgent', 'priority'],
      ['sort=name', 'sort'],
    ]) {
      const bad = await manager.get(`/api/v1/customer-value/customers?${query}`);
      expect(bad.statusCode, query).toBe(400);
      expect(bad.json().errors[0]).toMatchObject({ field });
    }
  });

  it('gives the segment mix, the top fifth’s share and the retention: a dealer its own, the car maker each dealer', async () => {
    const own = (await manager.get('/api/v1/customer-value/mix')).json();
    expect(own.dealers).toHaveLength(1);
    const a = own.dealers[0];
    expect(a.dealer.id).toBe(ctx.network.dealerA);
    expect(a.segments.reduce((n: number, s: { customers: number }) => n + s.customers, 0)).toBe(a.customers);
    expect(a.topFifthShare).toBeGreaterThan(0.2);
    // The grid adds up to the same customers and revenue as the segments.
    const sum = (cells: { customers: number; revenueFen: number }[]) => [
      cells.reduce((n, c) => n + c.customers, 0),
      cells.reduce((n, c) => n + c.revenueFen, 0),
    ];
    expect(sum(a.grid)).toEqual(sum(a.segments));
    expect(a.grid.every((c: { f: number; m: number }) => c.f >= 1 && c.f <= 5 && c.m >= 1 && c.m <= 5)).toBe(true);
    // The pyramid (every tier, from the top) and the priorities count the same customers; the top holds the most value.
    expect(a.pyramid.map((t: { tier: string }) => t.tier)).toEqual(['vip', 'key', 'regular', 'general']);
    expect(sum(a.pyramid)).toEqual(sum(a.segments));
    expect(a.pyramid[0].customers).toBe(Math.ceil(a.customers / 20));
    expect(a.pyramid[0].lifetimeValueFen / a.pyramid[0].customers).toBeGreaterThan(a.pyramid[3].lifetimeValueFen / a.pyramid[3].customers);
    expect(a.priorities.map((p: { level: string }) => p.level)).toEqual(['high', 'medium', 'low']);
    expect(a.priorities.reduce((n: number, p: { customers: number }) => n + p.customers, 0)).toBe(a.customers);
    const network = (await analyst.get('/api/v1/customer-value/mix')).json();
    expect(network.dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual(
      expect.arrayContaining([ctx.network.dealerA, ctx.network.dealerB]),
    );
    expect((await crB.get('/api/v1/customer-value/mix')).json().dealers.map((d: { dealer: { id: string } }) => d.dealer.id)).toEqual([
      ctx.network.dealerB,
    ]);
  });

  it('makes a segment filter a call list in one step, once per customer, and the workbench filters by segment', async () => {
    const segments = ['at_risk', 'hibernating', 'lost'];
    const matching = (await manager.get(`/api/v1/customer-value/customers?segment=${segments.join(',')}&limit=200`)).json();
    expect(matching.total).toBeGreaterThan(10);
    const made = await manager.post('/api/v1/customer-value/call-list', { segments, limit: 10 });
    expect(made.statusCode, made.body).toBe(201);
    const first = made.json();
    expect(first.matched).toBe(10);
    expect(first.created + first.noConsent + first.alreadyOpen).toBe(10);
    expect(first.created).toBeGreaterThan(0);
    const tasks = await ctx.db
      .selectFrom('follow_up_tasks')
      .select(['customer_id', 'owner_id'])
      .where('rule', '=', 'value_care')
      .where('dealer_id', '=', ctx.network.dealerA)
      .execute();
    expect(tasks).toHaveLength(first.created);
    // The highest values of the filter are the ones listed.
    const top = new Set(matching.items.slice(0, 10).map((i: { customer: { id: string } }) => i.customer.id));
    expect(tasks.every((t) => top.has(t.customer_id))).toBe(true);
    expect(first.planId).toBeNull();
    // Made again: nobody is called twice, and no plan is made for no calls.
    const again = (await manager.post('/api/v1/customer-value/call-list', { segments, limit: 10, planTitle: '重点客户关怀' })).json();
    expect(again).toMatchObject({ matched: 10, created: 0, alreadyOpen: first.created, planId: null });
    // The workbench shows the listed calls under the segment filter, and none under another segment.
    const agent = await ctx.loginAs({ dealerId: ctx.network.dealerA, roles: ['customer_relations'] });
    const queue = (await agent.get('/api/v1/follow-up/tasks?scope=team&rule=value_care&segment=at_risk&view=all')).json();
    const atRisk = tasks.filter((t) =>
      matching.items.some((i: { customer: { id: string }; segment: string }) => i.customer.id === t.customer_id && i.segment === 'at_risk'),
    );
    expect(queue.items).toHaveLength(atRisk.length);
    expect((await agent.get('/api/v1/follow-up/tasks?scope=team&rule=value_care&segment=champions&view=all')).json().items).toEqual([]);
    // The next ten, with a work plan whose target is the calls made, counting this rule's calls.
    const withPlan = (await manager.post('/api/v1/customer-value/call-list', { segments, limit: 20, planTitle: '重点客户关怀' })).json();
    expect(withPlan.created).toBeGreaterThan(0);
    const plans = (await manager.get('/api/v1/work-plans')).json().items;
    expect(plans.find((p: { id: string }) => p.id === withPlan.planId)).toMatchObject({
      kind: 'follow_up',
      title: '重点客户关怀',
      targetCount: withPlan.created,
      metric: 'follow_up_calls',
      rule: 'value_care',
    });
    // Bad input names its field and writes nothing; another dealer's staff cannot make one.
    const bad = await manager.post('/api/v1/customer-value/call-list', { segments: [], limit: 10 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('segments');
    expect((await manager.post('/api/v1/customer-value/call-list', { segments: ['vip'], limit: 10 })).statusCode).toBe(400);
    // Some filter narrows the list: no segment, tier or priority is refused, naming the segments.
    const everybody = await manager.post('/api/v1/customer-value/call-list', { limit: 10 });
    expect(everybody.statusCode).toBe(400);
    expect(everybody.json().errors[0].field).toBe('segments');
    expect((await manager.post('/api/v1/customer-value/call-list', { segments, limit: 501 })).json().errors[0].field).toBe('limit');
    expect((await crB.post('/api/v1/customer-value/call-list', { segments, limit: 10 })).statusCode).toBe(403);
    expect((await analyst.post('/api/v1/customer-value/call-list', { segments, limit: 10 })).statusCode).toBe(403);
    expect(await ctx.db.selectFrom('follow_up_tasks').select('id').where('rule', '=', 'value_care').execute()).toHaveLength(
      first.created + withPlan.created,
    );
    // A call list of the high retention priority, the highest priority first.
    const high = (await manager.get('/api/v1/customer-value/customers?priority=high&sort=priority&limit=5')).json();
    const byPriority = (await manager.post('/api/v1/customer-value/call-list', { priority: 'high', sort: 'priority', limit: 5 })).json();
    expect(byPriority.matched).toBe(Math.min(5, high.total));
    const listed = await ctx.db
      .selectFrom('follow_up_tasks')
      .select('customer_id')
      .where('rule', '=', 'value_care')
      .where('dealer_id', '=', ctx.network.dealerA)
      .execute();
    const listedIds = new Set(listed.map((t) => t.customer_id));
    expect(high.items.every((i: { customer: { id: string } }) => listedIds.has(i.customer.id))).toBe(true);
  });

  it('runs the dealer’s computation now for a manager only', async () => {
    expect((await crB.post('/api/v1/customer-value/run', {})).statusCode).toBe(403);
    const run = await manager.post('/api/v1/customer-value/run', {});
    expect(run.statusCode, run.body).toBe(200);
    expect(run.json().customers).toBeGreaterThan(0);
    expect((await analyst.post('/api/v1/customer-value/run', {})).statusCode).toBe(403);
  });

  it('keeps the dealer’s settings: read by its staff, set by a manager within bounds, used by the next computation', async () => {
    expect((await manager.get('/api/v1/customer-value/settings')).json()).toEqual(SETTINGS_A);
    expect((await crB.get('/api/v1/customer-value/settings')).json()).toEqual(VALUE_DEFAULTS);
    const bad = await manager.put('/api/v1/customer-value/settings', { ...SETTINGS_A, windowMonths: 3 });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors[0].field).toBe('windowMonths');
    expect((await manager.put('/api/v1/customer-value/settings', { ...SETTINGS_A, marginShare: 2 })).json().errors[0].field).toBe(
      'marginShare',
    );
    expect((await crB.put('/api/v1/customer-value/settings', SETTINGS_A)).statusCode).toBe(403);
    expect((await manager.get('/api/v1/customer-value/settings')).json()).toEqual(SETTINGS_A);
    const next = { windowMonths: 12, marginShare: 0.4, discountRate: 0.05, horizonYears: 3 };
    const saved = await manager.put('/api/v1/customer-value/settings', next);
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json()).toEqual(next);
    expect((await manager.post('/api/v1/customer-value/run', {})).statusCode).toBe(200);
    const g = generated.find((x) => x.dealerId === ctx.network.dealerA && x.activity.visits.some((d) => d <= TODAY))!;
    const value = (await manager.get(`/api/v1/customers/${g.customerId}/value`)).json().items[0];
    expect(value.inputs).toMatchObject(next);
    // Dealer B's settings are untouched.
    expect((await crB.get('/api/v1/customer-value/settings')).json()).toEqual(VALUE_DEFAULTS);
  });
});
