import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Role } from '@servicebay/contracts';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../src/platform/actor.js';
import { fixedClock } from '../src/platform/clock.js';
import type { DatabaseHandle } from '../src/platform/db.js';
import { addDays } from '../src/platform/dealer-time.js';
import { seedDemo } from '../src/seed/demo.js';
import { seedDemoActivities } from '../src/seed/demo-activities.js';
import { seedDemoClub } from '../src/seed/demo-club.js';
import { seedDemoComplaints } from '../src/seed/demo-complaints.js';
import { seedDemoCosts } from '../src/seed/demo-costs.js';
import { historyServices, kmOn, seedDemoHistory } from '../src/seed/demo-history.js';
import { seedDemoLoaners } from '../src/seed/demo-loaners.js';
import { seedDemoPickup } from '../src/seed/demo-pickup.js';
import { seedDemoRescue } from '../src/seed/demo-rescue.js';
import { createTestDatabase } from './harness.js';

// The first start's year of history, made through the use-cases: the figures every page opens on
// must be ones a dealer would recognise, and dealers must differ as their grades say.

const NOW = new Date('2026-11-20T02:00:00Z');
const TODAY = '2026-11-20';

describe('the demo history', () => {
  let handle: DatabaseHandle;
  let analyst: Actor;
  const options = { publicUrl: 'http://localhost:3000', filesDir: fs.mkdtempSync(path.join(os.tmpdir(), 'sb-demo-')) };

  beforeAll(async () => {
    handle = await createTestDatabase();
    await seedDemo(handle.db, NOW);
    const pending = await seedDemoHistory(handle.db, { now: NOW, ...options });
    expect(pending.every((job) => job.definition.id !== 'event.visit_delivered' && job.definition.id !== 'outbox.deliver')).toBe(true);
    await seedDemoComplaints(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoLoaners(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoActivities(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoCosts(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoPickup(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoRescue(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    await seedDemoClub(handle.db, (clock) => historyServices(handle.db, clock, options).services, NOW);
    const user = await handle.db
      .selectFrom('users')
      .select(['id', 'network_id', 'roles'])
      .where('login', '=', 'oem.analyst')
      .executeTakeFirstOrThrow();
    analyst = {
      userId: user.id,
      tokenId: null,
      networkId: user.network_id,
      dealerId: null,
      roles: user.roles as Role[],
      timeZone: 'Asia/Shanghai',
      requestId: null,
    };
  }, 300_000);
  afterAll(() => handle?.close());

  const services = () => historyServices(handle.db, fixedClock(NOW), options).services;

  it('takes every order of the year from check-in to delivery, paid, over several pay types', async () => {
    const db = handle.db;
    const orders = await db
      .selectFrom('repair_orders')
      .select(['dealer_id', 'status', 'created_at', 'odometer_km', 'next_due_on'])
      .execute();
    const dealers = await db.selectFrom('dealers').select(['id', 'grade']).execute();
    for (const dealer of dealers) expect(orders.filter((o) => o.dealer_id === dealer.id).length, dealer.grade).toBeGreaterThanOrEqual(50);
    expect(orders.every((o) => o.status === 'delivered' && o.odometer_km !== null)).toBe(true);
    // Each order says when the car is due next: after the visit, within the year after it.
    const dayOf = (at: Date) => at.toISOString().slice(0, 10);
    expect(orders.filter((o) => !(o.next_due_on! >= dayOf(o.created_at) && o.next_due_on! <= addDays(dayOf(o.created_at), 366)))).toEqual(
      [],
    );
    const days = orders.map((o) => o.created_at.getTime());
    expect((Math.max(...days) - Math.min(...days)) / 86_400_000).toBeGreaterThan(300);
    expect(Math.max(...days)).toBeLessThan(NOW.getTime());

    const unpaid = await db.selectFrom('invoices').select('id').where('paid_at', 'is', null).execute();
    expect(unpaid).toEqual([]);
    const payTypes = await db.selectFrom('ro_lines').select('pay_type').distinct().execute();
    expect(payTypes.map((p) => p.pay_type).sort()).toEqual(['customer', 'free_first_maintenance', 'goodwill', 'warranty']);
    const open = await db.selectFrom('visits').select('id').where('status', '=', 'open').execute();
    expect(open).toEqual([]);
  });

  it('has the post-service calls made, the latest still to make, and surveys sent and answered', async () => {
    const db = handle.db;
    const tasks = await db.selectFrom('follow_up_tasks').select(['status', 'due_from']).where('rule', '=', 'post_service').execute();
    expect(tasks.filter((t) => t.status !== 'open').length / tasks.length).toBeGreaterThan(0.8);
    expect(tasks.filter((t) => t.status === 'open').every((t) => t.due_from >= addDays(TODAY, -3))).toBe(true);
    const reached = await db.selectFrom('follow_up_attempts').select('id').where('result', '=', 'reached').execute();
    expect(reached.length).toBeGreaterThan(100);
    const messages = await db
      .selectFrom('outbox_messages')
      .select(['status', 'sent_at'])
      .where('template', '=', 'survey.invitation')
      .execute();
    expect(messages.every((m) => m.status === 'sent' || m.status === 'skipped')).toBe(true);
    expect(messages.filter((m) => m.status === 'sent').every((m) => m.sent_at! < NOW)).toBe(true);
  });

  it('gives each dealer a CSI between 70 and 95, in the order of their grades', async () => {
    const dashboard = await services().csi.dashboard(analyst, { from: addDays(TODAY, -364), to: TODAY, groupBy: 'dealer' });
    const byGrade = await Promise.all(
      dashboard.rows.map(async (row) => ({
        grade: (await handle.db.selectFrom('dealers').select('grade').where('id', '=', row.key).executeTakeFirstOrThrow()).grade,
        csi: row.csi!,
        responses: row.responses,
      })),
    );
    byGrade.sort((a, b) => a.grade.localeCompare(b.grade));
    expect(byGrade.map((d) => d.grade)).toEqual(['A', 'B', 'D']);
    for (const d of byGrade) {
      expect(d.csi, d.grade).toBeGreaterThanOrEqual(70);
      expect(d.csi, d.grade).toBeLessThanOrEqual(95);
      expect(d.responses, d.grade).toBeGreaterThanOrEqual(10);
    }
    expect(byGrade[0]!.csi).toBeGreaterThan(byGrade[1]!.csi);
    expect(byGrade[1]!.csi).toBeGreaterThan(byGrade[2]!.csi);
  });

  it('has between 0.5 and 5 complaints per 100 orders at every dealer, over the quarter and the year', async () => {
    for (const days of [89, 364]) {
      const analysis = await services().complaints.analysis(analyst, { from: addDays(TODAY, -days), to: TODAY });
      for (const dealer of analysis.byDealer) {
        expect(dealer.per100Ros, `${dealer.code} over ${days + 1} days`).toBeGreaterThanOrEqual(0.5);
        expect(dealer.per100Ros, `${dealer.code} over ${days + 1} days`).toBeLessThanOrEqual(5);
      }
    }
  });

  it('has a few repairs come back within the month at every dealer, so first-time fix and repeat repair differ', async () => {
    // Read as the cockpit shows them: the rollup refreshed over the year, then the car maker's figures.
    const period = { from: addDays(TODAY, -364).slice(0, 7), to: TODAY.slice(0, 7) };
    await services().networkKpis.refreshKpis({ networkId: analyst.networkId, ...period });
    const cockpit = await services().networkKpis.cockpit(analyst, period);
    expect(cockpit.dealers.length).toBe(3);
    const repeatRates: number[] = [];
    for (const dealer of cockpit.dealers) {
      // The repair visits behind the figure, as the drill-down lists them.
      const repairs = await services().networkKpis.records(analyst, dealer.dealerId, {
        kpi: 'repeatRepairRate',
        ...period,
        limit: 1,
        offset: 0,
      });
      expect(repairs.total, dealer.code).toBeGreaterThanOrEqual(20);
      const { firstTimeFixRate, repeatRepairRate } = dealer.values;
      expect(firstTimeFixRate, dealer.code).toBeGreaterThan(0);
      expect(firstTimeFixRate, dealer.code).toBeLessThan(100);
      expect(repeatRepairRate, dealer.code).toBeGreaterThan(0);
      expect(repeatRepairRate, dealer.code).toBeLessThanOrEqual(10);
      repeatRates.push(repeatRepairRate!);
    }
    expect(new Set(repeatRates).size, 'dealers differ').toBeGreaterThan(1);
  });

  it('has warranty claims at every dealer, in the states a claim goes through, and repairs the clerk found not covered', async () => {
    const claims = await handle.db
      .selectFrom('warranty_claims')
      .select(['id', 'dealer_id', 'status', 'kind', 'claimed_fen', 'approved_fen'])
      .execute();
    const dealers = await handle.db.selectFrom('dealers').select('id').execute();
    for (const d of dealers) {
      const statuses = new Set(claims.filter((c) => c.dealer_id === d.id).map((c) => c.status));
      // Paid ones, and the reviewer's queue.
      expect(statuses.has('approved') && statuses.has('submitted'), `${d.id}: ${[...statuses]}`).toBe(true);
    }
    const all = new Set(claims.map((c) => c.status));
    for (const status of ['draft', 'rejected'] as const) expect(all.has(status), status).toBe(true);
    const returned = await handle.db.selectFrom('warranty_claim_events').select('claim_id').where('kind', '=', 'returned').execute();
    expect(returned.length).toBeGreaterThan(0);
    expect(new Set(claims.map((c) => c.kind))).toEqual(new Set(['warranty', 'free_first_maintenance', 'campaign']));
    expect(claims.some((c) => c.status === 'approved' && c.approved_fen! < c.claimed_fen)).toBe(true);
    const checks = await handle.db.selectFrom('warranty_checks').select(['eligible', 'exclusion']).execute();
    const excluded = new Set(checks.filter((c) => !c.eligible).map((c) => c.exclusion));
    expect(excluded.has('expired') && excluded.has('not_serviced_on_schedule')).toBe(true);
    expect(checks.filter((c) => c.eligible).length).toBeGreaterThan(checks.length / 5);
    // The recall names cars at every dealer, each invited by a call; some are done, with their claim raised.
    const recall = await handle.db.selectFrom('campaign_vehicles').select(['dealer_id', 'completed_at', 'claim_id']).execute();
    for (const d of dealers)
      expect(
        recall.some((r) => r.dealer_id === d.id),
        d.id,
      ).toBe(true);
    expect(recall.some((r) => r.completed_at !== null && r.claim_id !== null)).toBe(true);
    expect(await handle.db.selectFrom('follow_up_tasks').select('id').where('rule', '=', 'campaign_invitation').execute()).not.toHaveLength(
      0,
    );
  });

  it('leaves no car due years ago unless its history says so', async () => {
    // The latest order of each car served in the year says when it is due next: never years before
    // today. Cars last seen the year before are due since then: lapsing customers the care centre calls.
    const latest = await sql<{
      next_due_on: string;
      delivered_on: string;
    }>`select distinct on (vehicle_id) next_due_on, (delivered_at at time zone 'Asia/Shanghai')::date::text as delivered_on
      from repair_orders order by vehicle_id, delivered_at desc`.execute(handle.db);
    const served = latest.rows.filter((r) => r.delivered_on > addDays(TODAY, -365));
    expect(served.filter((r) => r.next_due_on < addDays(TODAY, -365))).toEqual([]);
    const lapsing = latest.rows.filter((r) => r.delivered_on <= addDays(TODAY, -365));
    expect(lapsing.length).toBeGreaterThan(10);
    expect(lapsing.filter((r) => r.next_due_on > addDays(r.delivered_on, 366))).toEqual([]);
  });

  it('gives customer value every segment a dealer sees: retained, lapsing and lost customers beside the new', async () => {
    const services = historyServices(handle.db, fixedClock(NOW), options).services;
    await services.followUp.runNightly({ today: TODAY });
    const mix = (await services.customerValue.mix(analyst, {})).dealers;
    for (const dealer of mix) {
      const segments = new Set(dealer.segments.filter((x) => x.customers > 0).map((x) => x.segment));
      expect(segments.size, dealer.dealer.name).toBeGreaterThanOrEqual(4);
      expect(dealer.retention, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.retention, dealer.dealer.name).toBeLessThan(1);
      expect(dealer.priorities.find((p) => p.level === 'high')!.customers, dealer.dealer.name).toBeGreaterThan(0);
    }
    const all = new Set(mix.flatMap((d) => d.segments.filter((x) => x.customers > 0).map((x) => x.segment)));
    expect([...all]).toEqual(expect.arrayContaining(['at_risk', 'hibernating', 'lost', 'loyal', 'potential', 'new']));
  });

  it('has each dealer’s cost budgets for the quarter, the grade-A dealer within them and the grade-D dealer over some', async () => {
    const overview = await services().costBudgets.overview(analyst, { from: '2026-09', to: '2026-11' });
    const grades = new Map((await handle.db.selectFrom('dealers').select(['id', 'grade']).execute()).map((d) => [d.id, d.grade]));
    expect(overview.dealers).toHaveLength(3);
    for (const dealer of overview.dealers) {
      const budgeted = dealer.categories.filter((c) => c.category !== 'value_added');
      expect(budgeted.every((c) => c.budgetFen !== null && c.budgetFen > 0)).toBe(true);
      // Costs are really recorded: the activity, goodwill repairs and service recoveries somewhere.
      expect(dealer.categories.find((c) => c.category === 'activities')!.actualFen).toBeGreaterThan(0);
      const standings = budgeted.map((c) => c.standing);
      if (grades.get(dealer.dealer.id) === 'A') expect(standings.every((s) => s === 'within')).toBe(true);
      if (grades.get(dealer.dealer.id) === 'D') expect(standings).toContain('over');
    }
    expect(overview.dealers.some((d) => d.categories.find((c) => c.category === 'goodwill')!.actualFen! > 0)).toBe(true);
  });

  it('has each dealer’s loaner fleet with last month’s reservations returned, one out now and one overdue and chased', async () => {
    const services = historyServices(handle.db, fixedClock(NOW), options).services;
    const utilisation = (await services.loaners.utilisation(analyst, { from: '2026-10-21', to: TODAY })).items;
    expect(utilisation).toHaveLength(3);
    for (const dealer of utilisation) {
      expect(dealer.fleet, dealer.dealer.name).toBeGreaterThanOrEqual(3);
      expect(dealer.fleet, dealer.dealer.name).toBeLessThanOrEqual(5);
      expect(dealer.returned, dealer.dealer.name).toBeGreaterThan(2);
      expect(dealer.costFen, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.utilisation!, dealer.dealer.name).toBeGreaterThan(0.1);
      expect(dealer.utilisation!, dealer.dealer.name).toBeLessThan(0.9);
      expect(dealer.overdue, dealer.dealer.name).toBe(1);
    }
    const out = await handle.db.selectFrom('loaner_reservations').select(['dealer_id', 'ends_at']).where('status', '=', 'out').execute();
    expect(out.filter((r) => r.ends_at > NOW)).toHaveLength(3);
    const chased = await handle.db.selectFrom('tasks').select('dealer_id').where('kind', '=', 'loaner_overdue').execute();
    expect(new Set(chased.map((t) => t.dealer_id)).size).toBe(3);
    // The loaners' cost is the month's value-added service cost.
    const costs = await services.costBudgets.overview(analyst, { from: '2026-11', to: '2026-11' });
    for (const dealer of costs.dealers) expect(dealer.categories.find((c) => c.category === 'value_added')!.actualFen).toBeGreaterThan(0);
  });

  it('has two months of rescue calls per dealer, the grade-A dealer on site sooner than the grade-D one, and one call open now at each', async () => {
    const kpi = await services().rescue.kpi(analyst, { from: '2026-09-20', to: '2026-11-20' });
    const grades = new Map((await handle.db.selectFrom('dealers').select(['id', 'grade']).execute()).map((d) => [d.id, d.grade]));
    expect(kpi.dealers).toHaveLength(3);
    const median = (grade: string) => kpi.dealers.find((d) => grades.get(d.dealer.id) === grade)!.medianResponseMinutes!;
    for (const dealer of kpi.dealers) {
      expect(dealer.calls, dealer.dealer.name).toBeGreaterThanOrEqual(15);
      expect(dealer.completed, dealer.dealer.name).toBeGreaterThan(10);
      expect(dealer.withinTargetShare, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.months.length).toBeGreaterThanOrEqual(2);
    }
    expect(median('A')).toBeLessThan(median('D'));
    const open = await services().rescue.listCalls(analyst, { state: 'open', limit: 50 });
    expect(open.items.map((c) => c.status).sort()).toEqual(['arrived', 'dispatched', 'received']);
  });

  it('opens process spot-checks on figures against targets, a sample still to check and a coaching task or two', async () => {
    const services = historyServices(handle.db, fixedClock(NOW), options).services;
    const lastMonth = (await services.processChecks.figures(analyst, { from: '2026-09-22', to: '2026-10-21' })).items;
    const thisMonth = (await services.processChecks.figures(analyst, { from: '2026-10-22', to: TODAY })).items;
    for (const [before, now] of lastMonth.map((row, i) => [row, thisMonth[i]!] as const)) {
      expect(before.visits, before.dealer.name).toBeGreaterThan(5);
      expect(before.coverageRate!, before.dealer.name).toBeGreaterThanOrEqual(0.5);
      expect(before.executionRate!, before.dealer.name).toBeGreaterThan(0.3);
      expect(before.executionRate!, before.dealer.name).toBeLessThan(1);
      expect(now.coverageRate!, now.dealer.name).toBeLessThan(0.5);
      expect(now.spotChecked, now.dealer.name).toBeGreaterThan(0);
      expect(now.drillPassRate!, now.dealer.name).toBeLessThan(1);
    }
    const coaching = await handle.db
      .selectFrom('tasks')
      .select(['status', 'assignee_user_id'])
      .where('kind', '=', 'process_coaching')
      .execute();
    expect(coaching.some((t) => t.status === 'open')).toBe(true);
    expect(coaching.some((t) => t.status === 'done')).toBe(true);
  });

  it("gives every dealer's advisors last month's scorecards with plausible scores, against the targets its manager set", async () => {
    const network = await services().scorecards.network(analyst, { period: '2026-10', role: 'service_advisor' });
    expect(network.dealers).toHaveLength(3);
    for (const dealer of network.dealers) {
      expect(dealer.staff, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.score, dealer.dealer.name).toBeGreaterThan(30);
      expect(dealer.score, dealer.dealer.name).toBeLessThan(100);
      const ros = dealer.parts.find((p) => p.metric === 'rosOpened')!;
      expect(ros.value, dealer.dealer.name).toBeGreaterThan(0);
    }
    const settings = await handle.db.selectFrom('scorecard_settings').select(['dealer_id', 'role']).execute();
    expect(settings.filter((s) => s.role === 'service_advisor')).toHaveLength(3);
  });

  it("gives every dealer's technicians last month's hours sold and clocked from the workshop's own steps, with some rework", async () => {
    const network = await services().scorecards.network(analyst, { period: '2026-10', role: 'technician' });
    expect(network.dealers).toHaveLength(3);
    let reworked = 0;
    for (const dealer of network.dealers) {
      const value = (metric: string) => dealer.parts.find((p) => p.metric === metric)?.value ?? null;
      expect(dealer.staff, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.score, dealer.dealer.name).toBeGreaterThan(0);
      expect(value('hoursSold'), dealer.dealer.name).toBeGreaterThan(0);
      expect(value('hoursClocked'), dealer.dealer.name).toBeGreaterThan(0);
      // Clocked from clock-on to the line's end: an efficiency a workshop could have, not a ratio of zero.
      expect(value('labourEfficiency'), dealer.dealer.name).toBeGreaterThan(10);
      reworked += value('reworkRate') ?? 0;
    }
    expect(reworked).toBeGreaterThan(0);
    const failed = await handle.db.selectFrom('quality_checks').select('id').where('passed', '=', false).execute();
    expect(failed.length).toBeGreaterThan(0);
  });

  it("gives every dealer's desk a day of pick-ups: one done this morning, one with its driver, one to assign", async () => {
    const dealers = await handle.db.selectFrom('dealers').select(['id', 'network_id', 'name']).execute();
    for (const dealer of dealers) {
      const desk = await handle.db
        .selectFrom('users')
        .select(['id', 'roles'])
        .where('dealer_id', '=', dealer.id)
        .where('login', 'like', 'desk.%')
        .executeTakeFirstOrThrow();
      const actor: Actor = { ...analyst, userId: desk.id, dealerId: dealer.id, networkId: dealer.network_id, roles: desk.roles as Role[] };
      const day = await services().pickup.day(actor, { date: TODAY });
      expect(day.settings.enabled, dealer.name).toBe(true);
      expect(day.drivers.length, dealer.name).toBeGreaterThan(0);
      expect(day.jobs.map((j) => j.status).sort(), dealer.name).toEqual(['assigned', 'completed', 'requested']);
      const done = day.jobs.find((j) => j.status === 'completed')!;
      expect(done.endKm! - done.startKm!).toBeGreaterThan(0);
      expect(done.signed).toBe(true);
    }
    // Today's: one per dealer (the past months' jobs were texted on their own days).
    const texts = await handle.db
      .selectFrom('outbox_messages')
      .select('id')
      .where('template', '=', 'pickup.set_out')
      .where('created_at', '>=', new Date(NOW.getTime() - 12 * 3_600_000))
      .execute();
    expect(texts).toHaveLength(dealers.length);
  });

  it('has at every dealer a past activity with sign-ups, attendance and revenue, and an upcoming open one', async () => {
    const { items } = await services().activities.list(analyst, { limit: 50 });
    const dealers = await handle.db.selectFrom('dealers').select('id').execute();
    for (const dealer of dealers) {
      const own = items.filter((a) => a.dealer.id === dealer.id);
      const past = own.find((a) => a.state === 'closed')!;
      expect(past, dealer.id).toBeDefined();
      expect(own.some((a) => a.state === 'open' && new Date(a.startsAt) > NOW && a.counts.signedUp > 0)).toBe(true);
      const report = await services().activities.report(analyst, past.id, { days: 30 });
      expect(report.invited).toBeGreaterThan(10);
      expect(report.signedUp).toBeGreaterThan(0);
      expect(report.attended).toBeGreaterThan(0);
      expect(report.noShow).toBeGreaterThan(0);
      expect(report.attended).toBeLessThanOrEqual(report.signedUp);
      expect(report.costPerAttendeeFen).toBeGreaterThan(0);
      expect(report.revenueFen).toBeGreaterThan(0);
      expect(report.attendeesWithRevenue).toBeGreaterThan(0);
    }
  });

  it("has the owners' club at every dealer: members who earned, some who redeemed, one across dealers", async () => {
    const view = await services().club.overview(analyst, { from: addDays(TODAY, -364), to: TODAY });
    expect(view.dealers.length).toBeGreaterThanOrEqual(2);
    for (const dealer of view.dealers) {
      expect(dealer.members, dealer.dealer.name).toBeGreaterThanOrEqual(3);
      expect(dealer.pointsEarned, dealer.dealer.name).toBeGreaterThan(0);
      expect(dealer.pointsRedeemed, dealer.dealer.name).toBeGreaterThan(0);
    }
    expect(view.total.redeemedHereEarnedElsewhere).toBeGreaterThan(0);
    expect(view.dealers.some((d) => d.balanceFen !== 0)).toBe(true);
  });
  it("makes every value-added KPI meaningful for every dealer over the pages' default period", async () => {
    const kpi = await services().valueAdded.kpi(analyst, { from: addDays(TODAY, -89), to: TODAY });
    expect(kpi.dealers).toHaveLength(3);
    for (const { dealer, loaners, pickup, rescue, club } of kpi.dealers) {
      expect(loaners.fleet, dealer.name).toBeGreaterThan(0);
      expect(loaners.utilisation!, dealer.name).toBeGreaterThan(0);
      expect(loaners.loans, dealer.name).toBeGreaterThan(0);
      expect(loaners.costFen, dealer.name).toBeGreaterThan(0);
      expect(pickup.jobs, dealer.name).toBeGreaterThan(0);
      expect(pickup.done, dealer.name).toBeGreaterThan(0);
      expect(pickup.onTimeRate!, dealer.name).toBeGreaterThan(0);
      expect(pickup.feeFen + pickup.km, dealer.name).toBeGreaterThan(0);
      expect(rescue.calls, dealer.name).toBeGreaterThan(0);
      expect(rescue.medianResponseMinutes!, dealer.name).toBeGreaterThan(0);
      expect(club.members, dealer.name).toBeGreaterThan(0);
      expect(club.pointsEarned, dealer.name).toBeGreaterThan(0);
      expect(club.redemptionRate!, dealer.name).toBeGreaterThan(0);
    }
  });
});

describe('the mileage of a past visit', () => {
  const history = [
    { readOn: '2025-01-10', km: 10_000 },
    { readOn: '2025-07-10', km: 16_000 },
  ];
  it('lies between the readings around it, on the straight line', () => {
    expect(kmOn(history, '2025-04-10', '2024-01-10')).toBe(12_983);
    expect(kmOn(history, '2025-01-10', '2024-01-10')).toBe(10_000);
  });
  it('goes on from the last reading at the car’s own pace', () => {
    // 16,000 km in 547 days since delivery: about 29 km a day.
    expect(kmOn(history, '2025-08-09', '2024-01-10')).toBe(16_000 + Math.round((16_000 / 547) * 30));
  });
  it('starts from delivery when the car has no reading', () => {
    expect(kmOn([], '2024-02-09', '2024-01-10')).toBe(40 * 30);
  });
});
