// The car maker's network cockpit over 10M repair orders, one dealer's dashboard for a year and its
// advisor drill-down (issue 13 §3; architecture §5: cockpit < 3 s, dealer dashboard < 300 ms,
// drill-down < 1 s), each beside a bare aggregate over the same rows measured in the same run.
//
//   npm run bench -- seed-ros --ros 10000000 --dealers 300   # the data, once (bench/seed-ros.ts)
//   npm run bench -- cockpit --fill-rollup                   # the figures; fills the rollup bench-side first
//   npm run bench -- cockpit --refresh                       # … after the service's refreshKpis, month by month
//   npm run bench -- cockpit --refresh --backfill-months 12  # … the 12 months the dealer's view and the drill-down read
//   PGOPTIONS='-c statement_timeout=300s' npm run bench -- cockpit --refresh-month   # one month of refreshKpis, bounded
//
// The database is BENCH_ROS_DATABASE_URL (default servicebay_bench_ros): a database of its own, so
// that the other benchmarks' networks do not share its pages.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { NETWORK_KPIS, type NetworkKpiQuery } from '@servicebay/contracts';
import { sql } from 'kysely';
import { createNetworkKpisService } from '../packages/server/src/modules/network/network-kpis.service.js';
import type { Actor } from '../packages/server/src/platform/actor.js';
import { systemClock } from '../packages/server/src/platform/clock.js';
import { type Database, openPostgres } from '../packages/server/src/platform/db.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { primaryReads } from '../packages/server/src/platform/read-routing.js';
import { ensureDatabase, resultFile } from './lookup.js';
import { seedRos } from './seed-ros.js';

export const DEFAULT_ROS_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/servicebay_bench_ros';
const TZ = 'Asia/Shanghai';
const NETWORK_BUDGET_MS = 3000;
const DEALER_BUDGET_MS = 300;
const DRILL_BUDGET_MS = 1000;

const databaseUrl = () => process.env.BENCH_ROS_DATABASE_URL ?? DEFAULT_ROS_DATABASE_URL;

/** `npm run bench -- seed-ros --ros N --dealers D [--days 730]`: a new SCALE-<n> network with its service history. */
export async function runSeedRos(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      ros: { type: 'string', default: '10000000' },
      dealers: { type: 'string', default: '300' },
      days: { type: 'string', default: '730' },
      'slice-days': { type: 'string', default: '30' },
      workers: { type: 'string', default: '2' },
    },
  });
  const url = databaseUrl();
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: Number(values.workers) + 1 });
  try {
    await migrateToLatest(handle.db);
    const result = await seedRos(handle.db, {
      ros: Number(values.ros),
      dealers: Number(values.dealers),
      days: Number(values.days),
      sliceDays: Number(values['slice-days']),
      workers: Number(values.workers),
    });
    const file = resultFile('seed-ros');
    fs.writeFileSync(file, JSON.stringify(result, null, 2));
    console.log(`Saved ${file}`);
  } finally {
    await handle.close();
  }
}

/** The cockpit as the API runs it (modules/network): one function per read, so the measurement does not depend on how the service is built. */
function cockpitService(db: Database) {
  const kpis = createNetworkKpisService({ db, reads: primaryReads(db), clock: systemClock });
  return {
    cockpit: (actor: Actor, query: NetworkKpiQuery) => kpis.cockpit(actor, query),
    trend: (actor: Actor, query: { from: string; to: string }) => kpis.trend(actor, { ...query, kpi: 'throughput' }),
    advisors: (actor: Actor, dealerId: string, query: { from: string; to: string }) => kpis.advisors(actor, dealerId, query),
    refresh: (networkId: string, range?: { from: string; to: string }) => kpis.refreshKpis({ networkId, ...range }),
  };
}

type Timing = { median: number; p95: number; runs: number };

async function time(repeat: number, run: () => Promise<unknown>): Promise<Timing | null> {
  const first = performance.now();
  try {
    await run(); // warm the cache and the plan
  } catch (error) {
    console.log(`  failed after ${((performance.now() - first) / 1000).toFixed(1)} s: ${(error as Error).message}`);
    return null;
  }
  const times: number[] = [];
  for (let i = 0; i < repeat; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return {
    median: times[Math.floor(times.length / 2)]!,
    p95: times[Math.min(times.length - 1, Math.ceil(times.length * 0.95) - 1)]!,
    runs: repeat,
  };
}

/** Whole months: `to` is the last complete month, `from` is `months` − 1 before it. */
function monthsBack(today: string, months: number): { from: string; to: string } {
  const [y, m] = today.split('-').map(Number) as [number, number];
  const at = (offset: number) => {
    const total = y * 12 + (m - 1) - offset;
    return `${Math.floor(total / 12)}-${String((total % 12) + 1).padStart(2, '0')}`;
  };
  return { from: at(months), to: at(1) };
}
const monthStart = (month: string) => `${month}-01T00:00:00+08:00`;
function monthAfter(month: string) {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
}

export async function runCockpit(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      repeat: { type: 'string', default: '7' },
      ros: { type: 'string', default: '10000000' },
      dealers: { type: 'string', default: '300' },
      refresh: { type: 'boolean', default: false },
      'backfill-months': { type: 'string', default: '24' },
      'fill-rollup': { type: 'boolean', default: false },
      'refresh-month': { type: 'boolean', default: false },
    },
  });
  const repeat = Number(values.repeat);
  const url = databaseUrl();
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 4 });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    let network = await largestHistory(db);
    if (!network) {
      console.log('No network with repair orders yet: seeding one (once).');
      await seedRos(db, { ros: Number(values.ros), dealers: Number(values.dealers) });
      network = (await largestHistory(db))!;
    }
    const today = (await sql<{ d: string }>`select (now() at time zone ${TZ})::date::text as d`.execute(db)).rows[0]!.d;
    const dealer = (
      await sql<{ id: string; code: string; manager: string | null; ros: string }>`
        select d.id, d.code, (select u.id from users u where u.dealer_id = d.id and 'service_manager' = any(u.roles) limit 1) as manager,
          (select count(*) from repair_orders r where r.dealer_id = d.id) as ros
        from dealers d where d.network_id = ${network.id} order by 4 desc limit 1`.execute(db)
    ).rows[0]!;
    const analyst = (
      await sql<{
        id: string;
      }>`select id from users where network_id = ${network.id} and dealer_id is null and 'oem_analyst' = any(roles) limit 1`.execute(db)
    ).rows[0];
    const base = { tokenId: null, networkId: network.id, timeZone: TZ, requestId: null };
    const analystActor: Actor = { ...base, userId: analyst?.id ?? network.id, dealerId: null, roles: ['oem_analyst'] };
    const dealerActor: Actor = { ...base, userId: dealer.manager ?? dealer.id, dealerId: dealer.id, roles: ['service_manager'] };

    const periods = [
      { label: '12 months', ...monthsBack(today, 12) },
      { label: '24 months', ...monthsBack(today, 24) },
    ];
    const service = cockpitService(db);
    const rows: { label: string; rows: number | null; timing: Timing | null; budget: number | null }[] = [];

    // The rollup: filled month by month (newest first) when the network has none yet or on --refresh,
    // then the nightly refresh as the job runs it (the running month and the two before it).
    const refreshes: { what: string; seconds: number; rows: number }[] = [];
    const refreshed = await sql`select 1 from kpi_refreshes where network_id = ${network.id}`.execute(db);
    if (values['fill-rollup']) {
      const started = performance.now();
      await fillRollup(db, network.id, monthsBack(today, 24).from);
      refreshes.push({
        what: 'bench-side fill of the rollup (24 months, simplified counts)',
        seconds: (performance.now() - started) / 1000,
        rows: 0,
      });
      console.log(`  bench-side rollup fill: ${refreshes.at(-1)!.seconds.toFixed(1)} s`);
    } else if (values['refresh-month']) {
      // One month of the service's own refresh (run with PGOPTIONS='-c statement_timeout=…' to bound it).
      const month = monthsBack(today, 1).from;
      const started = performance.now();
      try {
        const result = await service.refresh(network.id, { from: month, to: month });
        refreshes.push({ what: `refreshKpis, month ${month}`, seconds: (performance.now() - started) / 1000, rows: result.rows });
      } catch (error) {
        refreshes.push({
          what: `refreshKpis, month ${month}: FAILED (${(error as Error).message})`,
          seconds: (performance.now() - started) / 1000,
          rows: 0,
        });
      }
      console.log(`  ${refreshes.at(-1)!.what}: ${refreshes.at(-1)!.seconds.toFixed(1)} s`);
    } else if (refreshed.rows.length === 0 && !values.refresh) {
      console.log('  the rollup is empty: run once with --fill-rollup (bench-side) or --refresh (the service, month by month)');
    } else if (values.refresh) {
      const backfill = Number(values['backfill-months']);
      for (let i = 1; i <= backfill; i++) {
        const month = monthsBack(today, i).from;
        const started = performance.now();
        const result = await service.refresh(network.id, { from: month, to: month });
        refreshes.push({ what: `month ${month}`, seconds: (performance.now() - started) / 1000, rows: result.rows });
        console.log(`  refresh ${month}: ${refreshes.at(-1)!.seconds.toFixed(1)} s (${result.rows} dealer-months)`);
      }
      const started = performance.now();
      const result = await service.refresh(network.id);
      refreshes.push({ what: `nightly (${result.from} – ${result.to})`, seconds: (performance.now() - started) / 1000, rows: result.rows });
      console.log(`  nightly refresh ${result.from} – ${result.to}: ${refreshes.at(-1)!.seconds.toFixed(1)} s`);
      await sql`vacuum analyze kpi_dealer_months`.execute(db);
      await sql`vacuum analyze kpi_advisor_months`.execute(db);
    }

    // (a) the whole network
    for (const p of periods) {
      const from = monthStart(p.from);
      const to = monthStart(monthAfter(p.to));
      const n = Number(
        (
          await sql<{
            n: string;
          }>`select count(*) as n from repair_orders where dealer_id in (select id from dealers where network_id = ${network.id})
            and delivered_at >= ${from}::timestamptz and delivered_at < ${to}::timestamptz`.execute(db)
        ).rows[0]!.n,
      );
      rows.push({
        label: `raw: count by dealer and month over the network's delivered ROs (${p.label})`,
        rows: n,
        budget: null,
        timing: await time(repeat, () =>
          sql`select dealer_id, date_trunc('month', delivered_at at time zone ${TZ}) as month, count(*)
            from repair_orders where dealer_id in (select id from dealers where network_id = ${network.id})
              and delivered_at >= ${from}::timestamptz and delivered_at < ${to}::timestamptz group by 1, 2`.execute(db),
        ),
      });
      rows.push({
        label: `raw: the same with revenue (⋈ invoices, sum of totals) (${p.label})`,
        rows: n,
        budget: null,
        timing: await time(repeat, () =>
          sql`select r.dealer_id, date_trunc('month', r.delivered_at at time zone ${TZ}) as month, count(*), sum(i.total_fen)
            from repair_orders r join invoices i on i.dealer_id = r.dealer_id and i.repair_order_id = r.id
            where r.dealer_id in (select id from dealers where network_id = ${network.id})
              and r.delivered_at >= ${from}::timestamptz and r.delivered_at < ${to}::timestamptz group by 1, 2`.execute(db),
        ),
      });
      rows.push({
        label: `network cockpit, every dealer, ${NETWORK_KPIS.length} KPIs (${p.label})`,
        rows: n,
        budget: NETWORK_BUDGET_MS,
        timing: await time(repeat, () => service.cockpit(analystActor, { from: p.from, to: p.to })),
      });
    }

    // (b) one dealer, a year
    const year = periods[0]!;
    const from = monthStart(year.from);
    const to = monthStart(monthAfter(year.to));
    const dealerRows = Number(
      (
        await sql<{ n: string }>`select count(*) as n from repair_orders where dealer_id = ${dealer.id}
          and delivered_at >= ${from}::timestamptz and delivered_at < ${to}::timestamptz`.execute(db)
      ).rows[0]!.n,
    );
    rows.push({
      label: `raw: count and revenue by month over one dealer's delivered ROs (${dealer.code}, 12 months)`,
      rows: dealerRows,
      budget: null,
      timing: await time(repeat, () =>
        sql`select date_trunc('month', r.delivered_at at time zone ${TZ}) as month, count(*), sum(i.total_fen)
          from repair_orders r join invoices i on i.dealer_id = r.dealer_id and i.repair_order_id = r.id
          where r.dealer_id = ${dealer.id} and r.delivered_at >= ${from}::timestamptz and r.delivered_at < ${to}::timestamptz group by 1`.execute(
          db,
        ),
      ),
    });
    rows.push({
      label: `one dealer's dashboard (${dealer.code} beside the network, its managers' cockpit, 12 months)`,
      rows: dealerRows,
      budget: DEALER_BUDGET_MS,
      timing: await time(repeat, () => service.cockpit(dealerActor, { from: year.from, to: year.to })),
    });
    rows.push({
      label: `one dealer's trend of one KPI beside the network (${dealer.code}, 12 months)`,
      rows: dealerRows,
      budget: DEALER_BUDGET_MS,
      timing: await time(repeat, () => service.trend(dealerActor, { from: year.from, to: year.to })),
    });
    // The drill-down reads the advisor rollup (kpi_advisor_months), which only the service's refresh
    // fills (not --fill-rollup): its cost is this dealer's advisors × months, whatever the network's size.
    const advisorMonths = (
      await sql<{ rows: string; months: string; advisors: string }>`
        select count(*) as rows, count(distinct month) as months, count(distinct advisor_key) as advisors from kpi_advisor_months
        where dealer_id = ${dealer.id} and month >= ${`${year.from}-01`}::date and month <= ${`${year.to}-01`}::date`.execute(db)
    ).rows[0]!;
    if (Number(advisorMonths.months) < 12)
      console.log(
        `  the advisor rollup has ${advisorMonths.months} of the 12 months of ${dealer.code}: run with --refresh --backfill-months 12 for a full drill-down`,
      );
    rows.push({
      label: `drill-down: one dealer by service advisor, from the advisor rollup (${dealer.code}, 12 months: ${advisorMonths.rows} advisor-months of ${Number(advisorMonths.advisors) - 1} advisors and 'none')`,
      rows: dealerRows,
      budget: DRILL_BUDGET_MS,
      timing: await time(repeat, () => service.advisors(analystActor, dealer.id, { from: year.from, to: year.to })),
    });

    const counts = (
      await sql<{
        ros: string;
        dealers: string;
      }>`select (select count(*) from repair_orders where dealer_id in (select id from dealers where network_id = ${network.id})) as ros,
        (select count(*) from dealers where network_id = ${network.id}) as dealers`.execute(db)
    ).rows[0]!;
    console.log(
      `\nNetwork ${network.code}: ${Number(counts.dealers)} dealers, ${Number(counts.ros).toLocaleString('en-US')} repair orders; today ${today}; ${repeat} runs after a warm-up\n`,
    );
    console.log('| query | rows | median ms | p95 ms | budget |\n|:---|---:|---:|---:|:---|');
    for (const r of rows) {
      const budget =
        r.budget === null
          ? '(raw limit)'
          : r.timing
            ? `< ${r.budget} ms: ${r.timing.p95 < r.budget ? 'met' : r.timing.median < r.budget ? 'median met, p95 not' : 'NOT met'}`
            : 'did not finish (statement timeout)';
      console.log(
        `| ${r.label} | ${r.rows?.toLocaleString('en-US') ?? ''} | ${r.timing ? r.timing.median.toFixed(1) : '—'} | ${r.timing ? r.timing.p95.toFixed(1) : '—'} | ${budget} |`,
      );
    }
    for (const r of refreshes.filter((r) => !r.what.startsWith('month'))) console.log(`\n${r.what}: ${r.seconds.toFixed(1)} s`);
    const months = refreshes.filter((r) => r.what.startsWith('month'));
    if (months.length > 0) {
      console.log(
        `\nKPI refresh: ${months.length} months one by one in ${months.reduce((a, r) => a + r.seconds, 0).toFixed(1)} s (${Math.min(...months.map((r) => r.seconds)).toFixed(1)}–${Math.max(...months.map((r) => r.seconds)).toFixed(1)} s a month); ${refreshes.at(-1)!.what}: ${refreshes.at(-1)!.seconds.toFixed(1)} s`,
      );
    }
    const file = resultFile('cockpit');
    fs.writeFileSync(file, JSON.stringify({ today, network: network.code, counts, dealer: dealer.code, rows, refreshes }, null, 2));
    console.log(`Saved ${file}`);
  } finally {
    await handle.close();
  }
}

/** The network with the most repair orders (the one seed-ros made). */
async function largestHistory(db: Database): Promise<{ id: string; code: string } | null> {
  const row = (
    await sql<{ id: string; code: string }>`
      select n.id, n.code from networks n
      where exists (select 1 from dealers d join repair_orders r on r.dealer_id = d.id where d.network_id = n.id)
      order by (select count(*) from users u where u.network_id = n.id) desc limit 1`.execute(db)
  ).rows[0];
  return row ?? null;
}

/**
 * A stand-in for the service's refresh, for timing the cockpit's reads when that refresh cannot run
 * at this scale: the rollup's counts per dealer and month from the raw tables, set-based (one
 * grouped scan per table). Simplified: first-time fix and repeat repairs count the comeback orders
 * (`RC…`), process execution counts timely receptions, retention is left at 0.
 */
async function fillRollup(db: Database, networkId: string, fromMonth: string) {
  const from = sql`${`${fromMonth}-01`}::date`;
  const month = (column: string) => sql.raw(`date_trunc('month', ${column} at time zone 'Asia/Shanghai')::date`);
  const scope = sql`dealer_id in (select id from dealers where network_id = ${networkId})`;
  await db.transaction().execute(async (tx) => {
    await sql`set local work_mem = '256MB'`.execute(tx);
    await sql`delete from kpi_dealer_months where ${scope}`.execute(tx);
    await sql`insert into kpi_dealer_months (dealer_id, month)
      select d.id, m::date from dealers d, generate_series(${from}, date_trunc('month', now() at time zone 'Asia/Shanghai'), interval '1 month') m
      where d.network_id = ${networkId}`.execute(tx);
    const update = async (columns: string[], query: ReturnType<typeof sql>) => {
      const started = performance.now();
      await sql`update kpi_dealer_months k set ${sql.raw(columns.map((c) => `${c} = x.${c}`).join(', '))}
        from (${query}) x where k.dealer_id = x.dealer_id and k.month = x.month`.execute(tx);
      console.log(`    ${columns.join(', ').padEnd(70)} ${((performance.now() - started) / 1000).toFixed(1)} s`);
    };
    await update(
      ['vehicles_in', 'timely', 'process_visits', 'process_complete'],
      sql`select dealer_id, ${month('arrived_at')} as month, count(*) as vehicles_in, count(*) filter (where greeted_at - arrived_at <= interval '2 minutes') as timely,
        count(*) as process_visits, count(*) filter (where greeted_at - arrived_at <= interval '2 minutes') as process_complete
        from visits where ${scope} and status <> 'cancelled' group by 1, 2`,
    );
    await update(
      ['arrivals_all'],
      sql`select dealer_id, ${month('arrived_at')} as month, count(*) as arrivals_all from arrivals where ${scope} group by 1, 2`,
    );
    await update(
      ['appt_due', 'no_shows', 'confirmed', 'appt_arrived'],
      sql`select a.dealer_id, ${month('a.starts_at')} as month, count(*) as appt_due, count(*) filter (where a.status = 'no_show') as no_shows,
        count(c.appointment_id) as confirmed, count(*) filter (where a.arrived_at is not null) as appt_arrived
        from appointments a left join (select distinct dealer_id, appointment_id from confirmation_attempts where result = 'confirmed') c
          on c.dealer_id = a.dealer_id and c.appointment_id = a.id
        where a.${scope} and a.status <> 'cancelled' group by 1, 2`,
    );
    await update(
      ['delivered', 'delivered_on_time', 'repairs', 'repeats', 'ftf_judged', 'ftf_fixed'],
      sql`select dealer_id, ${month('delivered_at')} as month, count(*) as delivered, count(*) filter (where delivered_at <= promised_at) as delivered_on_time,
        count(*) filter (where concerns not like '%保养%') as repairs, count(*) filter (where number like 'RC%') as repeats,
        count(*) filter (where concerns not like '%保养%') as ftf_judged, count(*) filter (where concerns not like '%保养%' and number not like 'RC%') as ftf_fixed
        from repair_orders where ${scope} and delivered_at is not null and status <> 'cancelled' group by 1, 2`,
    );
    await update(
      ['ros_opened'],
      sql`select dealer_id, ${month('created_at')} as month, count(*) as ros_opened from repair_orders where ${scope} and status <> 'cancelled' group by 1, 2`,
    );
    await update(
      ['revenue_fen'],
      sql`select dealer_id, ${month('paid_at')} as month, sum(total_fen) as revenue_fen from invoices where ${scope} and paid_at is not null group by 1, 2`,
    );
    await update(
      ['tasks_due', 'tasks_closed', 'reminder_targets'],
      sql`select dealer_id, date_trunc('month', due_from)::date as month, count(*) as tasks_due, count(*) filter (where status in ('done', 'unreachable')) as tasks_closed,
        count(*) filter (where rule = 'periodic_maintenance') as reminder_targets
        from follow_up_tasks where ${scope} and status <> 'cancelled' group by 1, 2`,
    );
    await update(
      ['complaints', 'responded_in_time', 'complaints_closed', 'close_seconds'],
      sql`select dealer_id, ${month('received_at')} as month, count(*) as complaints,
        count(*) filter (where feedback_at is not null and feedback_at <= feedback_due_at) as responded_in_time,
        count(*) filter (where closed_at is not null) as complaints_closed,
        coalesce(round(sum(extract(epoch from closed_at - received_at)) filter (where closed_at is not null)), 0) as close_seconds
        from complaints where ${scope} group by 1, 2`,
    );
    await update(
      ['csi_sum', 'csi_count'],
      sql`select dealer_id, date_trunc('month', day)::date as month, sum(csi_sum) as csi_sum, sum(csi_count) as csi_count from csi_daily where ${scope} group by 1, 2`,
    );
    await sql`insert into kpi_refreshes (network_id, refreshed_at, from_month, to_month)
      values (${networkId}, now(), ${from}, date_trunc('month', now() at time zone 'Asia/Shanghai')::date)
      on conflict (network_id) do update set refreshed_at = excluded.refreshed_at, from_month = excluded.from_month, to_month = excluded.to_month`.execute(
      tx,
    );
  });
  await sql`vacuum analyze kpi_dealer_months`.execute(db);
}
