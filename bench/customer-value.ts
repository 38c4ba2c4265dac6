// The nightly customer value computation (domain.md §9) at scale: every customer's recency,
// frequency and money, segment, lifetime value, trend, tier and priority at their dealer, beside
// the raw limit measured in the same run: one hand-written statement computing the same RFM figures
// into a scratch table.
//
// The scale seed has no service history, so the first run gives every customer of the network 1–6
// closed visits over the last ~30 months at the dealer of their first car, each with a delivered
// repair order and its invoice (set-based, once per network; repair order numbers `RO-V-…` mark it).
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { type RawBuilder, sql } from 'kysely';
import { createCustomerValueRepository } from '../packages/server/src/modules/customers/customer-value.repository.js';
import {
  FREQUENCY_PER_YEAR,
  MONETARY_FEN_PER_YEAR,
  RECENCY_DAYS,
  VALUE_DEFAULTS,
} from '../packages/server/src/modules/customers/customer-value.rules.js';
import type { Database } from '../packages/server/src/platform/db.js';
import { openPostgres } from '../packages/server/src/platform/db.js';
import { localDate } from '../packages/server/src/platform/dealer-time.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { inTransaction } from '../packages/server/src/platform/transaction.js';
import { DEFAULT_BENCH_DATABASE_URL, ensureDatabase, largestScaleNetwork, resultFile } from './lookup.js';
import { planNetwork, seedScaleNetwork } from './seed-scale.js';

const BUDGET_SECONDS = 60; // issue: the nightly value computation over 1M customers in < 60 s
/** The history reaches this many days back (~30 months): beyond the 24-month window, so some customers fall out of it. */
const HISTORY_DAYS = 912;
/** The marker of this benchmark's repair orders (the follow-up benchmark's are `RO-B-…`). */
const RO_PREFIX = 'RO-V-';

type Network = { id: string; code: string; vehicles: number; customers: number };

export async function runCustomerValue(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { customers: { type: 'string', default: '1000000' } } });
  const target = Number(values.customers);
  if (!Number.isFinite(target) || target < 1) throw new Error('--customers must be a positive number');
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 2 });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    let network = await withCustomers(db, await largestScaleNetwork(db));
    if (!network || network.customers < target) {
      const plan = vehiclesFor(target);
      console.log(
        `No SCALE network with ${fmt(target)} customers; seeding one of ${fmt(plan.vehicles)} vehicles (${fmt(plan.customers)} customers; a one-time cost).`,
      );
      const seeded = await seedScaleNetwork(db, plan);
      network = { id: seeded.networkId, code: seeded.networkCode, vehicles: seeded.vehicles, customers: seeded.customers };
    }
    const today = localDate(new Date(), 'Asia/Shanghai');
    console.log(`Network ${network.code}: ${fmt(network.customers)} customers, ${fmt(network.vehicles)} vehicles; today ${today}`);

    const history = await serviceHistory(db, network.id, today);
    console.log(
      `  service history (${RO_PREFIX}…): ${fmt(history.visits)} visits with a delivered repair order and ${fmt(history.invoices)} invoices ` +
        `for ${fmt(history.customers)} customers (${fmt(Math.round(history.fen / 100))} yuan)` +
        (history.seconds > 0 ? `, added in ${history.seconds.toFixed(1)} s` : ', added by an earlier run'),
    );

    const dealerIds = (
      await sql<{ id: string }>`select id from dealers where network_id = ${network.id} order by code`.execute(db)
    ).rows.map((r) => r.id);
    const otherDealers = Number(
      (await sql<{ n: string }>`select count(*) as n from dealers where network_id <> ${network.id}`.execute(db)).rows[0]!.n,
    );
    // compute(today, null) runs over every dealer of the database: with other networks present, the
    // night of this network is its dealers one by one (the same statements, one dealer each).
    const perDealer = otherDealers > 0;
    const mode = perDealer
      ? `compute(today, dealer) for each of the ${fmt(dealerIds.length)} dealers of ${network.code}, summed (the database has ${fmt(otherDealers)} other dealers)`
      : `compute(today, null): every dealer of the database, all of them ${network.code}'s`;
    console.log(`  timed: ${mode}`);

    // A cold night: no values or runs yet for this network.
    await sql`delete from customer_values where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db);
    await sql`delete from customer_value_runs where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db);
    await sql`vacuum analyze customer_values`.execute(db);
    await sql`vacuum analyze customer_value_runs`.execute(db);

    // The raw limit: the same RFM figures from one statement into an unlogged scratch table.
    await sql`drop table if exists bench_raw_value`.execute(db);
    const rawStart = performance.now();
    await sql`create unlogged table bench_raw_value as ${rawRfm(network.id, today)}`.execute(db);
    const rawSeconds = (performance.now() - rawStart) / 1000;
    const rawRows = Number((await sql<{ n: string }>`select count(*) as n from bench_raw_value`.execute(db)).rows[0]!.n);

    const night = async () => {
      const now = new Date();
      const started = performance.now();
      let customers = 0;
      // As the nightly care run does: one transaction (per dealer when other networks share the database).
      const compute = (id: string | null) => inTransaction(db, (tx) => createCustomerValueRepository(tx).compute(today, id, now));
      if (perDealer) for (const id of dealerIds) customers += await compute(id);
      else customers = await compute(null);
      return { customers, seconds: (performance.now() - started) / 1000 };
    };
    const first = await night();
    const second = await night();

    const ofNetwork = sql`(select * from customer_values where dealer_id in (select id from dealers where network_id = ${network.id}))`;
    const differences = Number(
      (
        await sql<{ n: string }>`
          select count(*) as n from bench_raw_value r full join ${ofNetwork} cv using (dealer_id, customer_id)
          where r.recency_days is distinct from cv.recency_days or r.visits is distinct from cv.visits
            or r.revenue_fen is distinct from cv.revenue_fen
            or r.r is distinct from cv.r or r.f is distinct from cv.f or r.m is distinct from cv.m`.execute(db)
      ).rows[0]!.n,
    );
    const segments = (
      await sql<{ segment: string; customers: number; revenue_fen: string }>`
        select segment, count(*)::int as customers, sum(revenue_fen)::bigint as revenue_fen from ${ofNetwork} cv
        group by segment order by 2 desc`.execute(db)
    ).rows;
    const retention = (
      await sql<{ min: number; avg: number; max: number }>`
        select min(retention) as min, avg(retention) as avg, max(retention) as max from customer_value_runs
        where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db)
    ).rows[0]!;
    await sql`drop table bench_raw_value`.execute(db);

    const rows = [
      ['raw limit: one statement computing recency, visits, revenue and R/F/M (CREATE UNLOGGED TABLE AS)', rawSeconds, rawRows],
      ['nightly value computation, first night: retention per dealer + every customer’s row inserted', first.seconds, first.customers],
      ['nightly value computation, second night: the same, replacing last night’s rows', second.seconds, second.customers],
    ] as const;
    console.log('\n| step | seconds | customers |\n|:---|---:|---:|');
    for (const [label, seconds, n] of rows) console.log(`| ${label} | ${seconds.toFixed(1)} | ${fmt(n)} |`);
    const total = segments.reduce((n, s) => n + s.customers, 0);
    console.log('\n| segment | customers | share | revenue in the window, yuan |\n|:---|---:|---:|---:|');
    for (const s of segments)
      console.log(
        `| ${s.segment} | ${fmt(s.customers)} | ${((100 * s.customers) / total).toFixed(1)}% | ${fmt(Math.round(Number(s.revenue_fen) / 100))} |`,
      );
    console.log(
      `\nRetention per dealer: ${retention.min.toFixed(3)}–${retention.max.toFixed(3)} (mean ${retention.avg.toFixed(3)}) over ${fmt(dealerIds.length)} dealers`,
    );
    console.log(`Customers whose figures differ between customer_values and the raw statement: ${differences} (must be 0)`);
    const budgetMet = first.seconds < BUDGET_SECONDS && second.seconds < BUDGET_SECONDS;
    console.log(
      `Ratio nightly / raw: ${(first.seconds / rawSeconds).toFixed(2)}× (first night), ${(second.seconds / rawSeconds).toFixed(2)}× (second); ` +
        `budget: ${fmt(first.customers)} customers in < ${BUDGET_SECONDS} s → ${budgetMet ? 'budget met' : 'budget NOT met'}`,
    );
    const file = resultFile('customer-value');
    fs.writeFileSync(
      file,
      JSON.stringify(
        {
          today,
          network: network.code,
          networkCustomers: network.customers,
          vehicles: network.vehicles,
          dealers: dealerIds.length,
          history,
          mode,
          rawSeconds,
          rawRows,
          first,
          second,
          ratio: first.seconds / rawSeconds,
          segments,
          retention,
          differences,
          budgetSeconds: BUDGET_SECONDS,
          budgetMet,
        },
        null,
        2,
      ),
    );
    console.log(`Saved ${file}`);
  } finally {
    await handle.close();
  }
}

const fmt = (n: number) => n.toLocaleString('en-US');

/** The network with its customer count (seed-scale makes ~0.85 customers per vehicle). */
async function withCustomers(db: Database, network: Awaited<ReturnType<typeof largestScaleNetwork>>): Promise<Network | undefined> {
  if (!network) return undefined;
  const customers = Number(
    (await sql<{ n: string }>`select count(*) as n from customers where network_id = ${network.id}`.execute(db)).rows[0]!.n,
  );
  return { ...network, customers };
}

/** The fewest vehicles (with seed-scale's default dealer count) whose network has at least `customers` customers. */
function vehiclesFor(customers: number) {
  const dealersOf = (vehicles: number) => Math.min(vehicles, Math.max(3, Math.round(vehicles / 3000)));
  let vehicles = Math.max(1, Math.floor(customers / 0.86));
  while (planNetwork(vehicles, dealersOf(vehicles)).customers < customers) vehicles++;
  return { vehicles, dealers: dealersOf(vehicles), customers: planNetwork(vehicles, dealersOf(vehicles)).customers };
}

/** A deterministic pseudo-random integer in [0, mod) from a row number and a salt (as seed-scale's). */
const h = (n: string, salt: number, mod: number | string) => `(((hashint8extended(${n}, ${salt}) % (${mod})) + (${mod})) % (${mod}))`;

/**
 * Every customer of the network gets 1–6 closed visits (most 1–2, a few regulars 5–6) at the dealer of
 * their first car, the last one 1–911 days ago (more of them recent), the earlier ones 45–345 days
 * apart (regulars closer), none before the car's delivery or more than ~30 months back. Each visit
 * has a delivered repair order and an invoice: most customers spend 250–1,000 yuan a visit, a quarter
 * 800–3,000 and a tenth 2,500–12,000, so that recency, frequency and money (and the segments) differ.
 * Once per network, in one transaction; later runs count what is there.
 */
async function serviceHistory(db: Database, networkId: string, today: string) {
  const count = async () =>
    (
      await sql<{ visits: number; invoices: number; customers: number; fen: string }>`
        select count(*)::int as visits, count(i.id)::int as invoices, count(distinct ro.customer_id)::int as customers,
          coalesce(sum(i.total_fen), 0)::bigint as fen
        from repair_orders ro
        join dealers d on d.id = ro.dealer_id
        left join invoices i on i.dealer_id = ro.dealer_id and i.repair_order_id = ro.id
        where d.network_id = ${networkId} and ro.number like ${`${RO_PREFIX}%`}`.execute(db)
    ).rows[0]!;
  const existing = await count();
  if (existing.visits > 0) return { ...existing, fen: Number(existing.fen), seconds: 0 };

  console.log('  adding a service history for every customer (once)…');
  const started = performance.now();
  const day = sql.lit(today);
  await db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    await sql`set local jit = off`.execute(tx);
    await sql`set local work_mem = '256MB'`.execute(tx);
    // The foreign keys hold by construction (as in seed-scale): skip their per-row triggers when allowed.
    await sql`savepoint cv_history`.execute(tx);
    try {
      await sql`set local session_replication_role = replica`.execute(tx);
      await sql`release savepoint cv_history`.execute(tx);
    } catch {
      await sql`rollback to savepoint cv_history`.execute(tx);
    }

    // Each customer's first car and the dealer it was first linked to; n numbers the customers.
    await sql`
      create temp table bench_cv_customers on commit drop as
      with first_car as (
        select distinct on (v.owner_id) v.owner_id, v.id as vehicle_id, v.delivered_on
        from vehicles v where v.network_id = ${networkId}
        order by v.owner_id, v.created_at, v.id
      ),
      home as (
        select distinct on (dv.vehicle_id) dv.vehicle_id, dv.dealer_id
        from dealer_vehicles dv join first_car f on f.vehicle_id = dv.vehicle_id
        order by dv.vehicle_id, dv.created_at, dv.dealer_id
      )
      select row_number() over (order by f.owner_id) as n, f.owner_id as customer_id, f.vehicle_id, h.dealer_id, d.time_zone,
        least(${sql.lit(HISTORY_DAYS)}, greatest(0, date ${day} - coalesce(f.delivered_on, date ${day} - ${sql.lit(HISTORY_DAYS)}))) as reach
      from first_car f join home h using (vehicle_id) join dealers d on d.id = h.dealer_id`.execute(tx);

    const fenOf = sql.raw(`case
        when s.tier < 65 then 25000 + ${h('s.k', 6, 75000)}
        when s.tier < 90 then 80000 + ${h('s.k', 6, 220000)}
        else 250000 + ${h('s.k', 6, 950000)} end`);
    await sql`
      create temp table bench_cv_visits on commit drop as
      select x.*,
        ${sql.raw(`'${RO_PREFIX}'`)} || to_char(x.on_day, 'YYYYMMDD') || '-' || lpad(row_number() over (partition by x.dealer_id, x.on_day order by x.visit_id)::text, 4, '0') as suffix
      from (
        select s.dealer_id, s.customer_id, s.vehicle_id, s.time_zone, s.k, s.on_day, s.odometer_km, s.maintenance,
          gen_random_uuid() as visit_id, gen_random_uuid() as ro_id, gen_random_uuid() as invoice_id,
          (s.on_day + time '08:30' + ${sql.raw(h('s.k', 7, 28800))} * interval '1 second') at time zone s.time_zone as arrived_at,
          ${fenOf}::int as total_fen
        from (
          select c.dealer_id, c.customer_id, c.vehicle_id, c.time_zone, c.tier, c.n * 8 + i as k,
            date ${day} - (c.last_ago + i * c.gap + case when i = 0 then 0 else ${sql.raw(h('c.n * 8 + i', 4, 15))} end)::int as on_day,
            ((c.reach - c.last_ago - i * c.gap) * (25 + ${sql.raw(h('c.n', 8, 40))}))::int as odometer_km,
            ${sql.raw(h('c.n * 8 + i', 9, 100))} < 70 as maintenance
          from (
            select c.*,
              1 + ${sql.raw(h('c.n', 1, 1000))} * ${sql.raw(h('c.n', 1, 1000))} * 6 / 1000000 as visits,
              least(c.reach, 1 + ${sql.raw(h('c.n', 2, 1000))} * ${sql.raw(h('c.n', 2, 1000))} * ${sql.lit(HISTORY_DAYS - 1)} / 1000000) as last_ago,
              ${sql.raw(h('c.n', 5, 100))} as tier
            from bench_cv_customers c
          ) c0
          cross join lateral (select c0.*, 45 + ${sql.raw(h('c0.n', 3, '50 * (7 - c0.visits)'))} as gap) c
          cross join lateral generate_series(0, c.visits - 1) i
          where i = 0 or c.last_ago + i * c.gap + 14 <= c.reach
        ) s
      ) x`.execute(tx);

    await sql`
      insert into visits (dealer_id, id, customer_id, vehicle_id, arrived_at, greeted_at, status, created_at)
      select dealer_id, visit_id, customer_id, vehicle_id, arrived_at, arrived_at + (60 + ${sql.raw(h('k', 10, 540))}) * interval '1 second', 'closed', arrived_at
      from bench_cv_visits order by dealer_id, visit_id`.execute(tx);
    await sql`
      insert into repair_orders (dealer_id, id, number, visit_id, customer_id, vehicle_id, concerns, promised_at, odometer_km, status,
        ready_at, delivered_at, created_at, updated_at)
      select dealer_id, ro_id, suffix, visit_id, customer_id, vehicle_id, case when maintenance then '定期保养' else '维修' end,
        (on_day + time '17:00') at time zone time_zone, greatest(0, odometer_km), 'delivered',
        (on_day + time '16:30') at time zone time_zone, (on_day + time '17:30') at time zone time_zone,
        arrived_at + interval '12 minutes', (on_day + time '17:30') at time zone time_zone
      from bench_cv_visits order by dealer_id, ro_id`.execute(tx);
    await sql`
      insert into invoices (dealer_id, id, number, repair_order_id, totals, total_fen, customer_payable_fen, ready_to_pay_at, paid_at, created_at)
      select dealer_id, invoice_id, 'INV-V-' || substr(suffix, ${sql.lit(RO_PREFIX.length + 1)}), ro_id,
        jsonb_build_object('byPayType', jsonb_build_object('customer', jsonb_build_object('grossFen', total_fen, 'discountFen', 0, 'netFen', total_fen)),
          'labourFen', total_fen * 2 / 5, 'partsFen', total_fen - total_fen * 2 / 5, 'grossFen', total_fen, 'discountFen', 0,
          'totalFen', total_fen, 'customerPayableFen', total_fen),
        total_fen, total_fen, (on_day + time '16:45') at time zone time_zone, (on_day + time '17:20') at time zone time_zone,
        (on_day + time '16:45') at time zone time_zone
      from bench_cv_visits order by dealer_id, invoice_id`.execute(tx);
  });
  for (const table of ['visits', 'repair_orders', 'invoices']) await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  const added = await count();
  return { ...added, fen: Number(added.fen), seconds: (performance.now() - started) / 1000 };
}

/**
 * The raw limit, written by hand from the rules: per dealer and customer, the last visit's local day
 * (→ recency), the visits and the invoiced revenue within the default 24-month window, and the R, F
 * and M scores by the same limits. Visits and money a year are compared multiplied out (visits × 12
 * ≥ limit × window), which is exact.
 */
function rawRfm(networkId: string, today: string): RawBuilder<unknown> {
  const months = VALUE_DEFAULTS.windowMonths;
  const atMost = (value: string, limits: readonly number[]) =>
    sql.raw(`case ${limits.map((l, i) => `when ${value} <= ${l} then ${5 - i}`).join(' ')} else 1 end`);
  const perYearAtLeast = (value: string, limits: readonly number[]) =>
    sql.raw(`case ${limits.map((l, i) => `when ${value} * 12 >= ${l * months} then ${5 - i}`).join(' ')} else 1 end`);
  const day = sql`${sql.lit(today)}::date`;
  const from = sql`(${day} - ${sql.raw(`interval '${months} months'`)})::date`;
  return sql`
    with p as (select id as dealer_id, time_zone from dealers where network_id = ${networkId}),
    v as (
      select vi.dealer_id, vi.customer_id, max(l.on_day) as last_on, count(*) filter (where l.on_day > ${from})::int as visits
      from visits vi join p on p.dealer_id = vi.dealer_id
      cross join lateral (select (vi.arrived_at at time zone p.time_zone)::date as on_day) l
      where vi.status <> 'cancelled' and l.on_day <= ${day}
      group by vi.dealer_id, vi.customer_id
    ),
    m as (
      select i.dealer_id, ro.customer_id, sum(i.total_fen)::bigint as fen
      from invoices i join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
      join p on p.dealer_id = i.dealer_id
      cross join lateral (select (i.created_at at time zone p.time_zone)::date as on_day) l
      where l.on_day > ${from} and l.on_day <= ${day}
      group by i.dealer_id, ro.customer_id
    )
    select v.dealer_id, v.customer_id, ${day} - v.last_on as recency_days, v.visits, coalesce(m.fen, 0)::bigint as revenue_fen,
      ${atMost(`(date '${today}' - v.last_on)`, RECENCY_DAYS)} as r,
      ${perYearAtLeast('v.visits', FREQUENCY_PER_YEAR)} as f,
      ${perYearAtLeast('coalesce(m.fen, 0)', MONETARY_FEN_PER_YEAR)} as m
    from v left join m on m.dealer_id = v.dealer_id and m.customer_id = v.customer_id`;
}
