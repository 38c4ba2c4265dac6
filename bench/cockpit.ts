// The car maker's network cockpit over 10M repair orders, and one dealer's dashboard for a year
// (issue 13 §3; architecture §5: cockpit < 3 s, dealer dashboard < 300 ms), each beside a bare
// aggregate over the same rows measured in the same run.
//
//   npm run bench -- seed-ros --ros 10000000 --dealers 300   # the data, once (bench/seed-ros.ts)
//   npm run bench -- cockpit                                 # the figures
//
// The database is BENCH_ROS_DATABASE_URL (default servicebay_bench_ros): a database of its own, so
// that the other benchmarks' networks do not share its pages.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { NetworkKpiQuery } from '@servicebay/contracts';
import { sql } from 'kysely';
import type { Actor } from '../packages/server/src/platform/actor.js';
import { type Database, openPostgres } from '../packages/server/src/platform/db.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { ensureDatabase, resultFile } from './lookup.js';
import { seedRos } from './seed-ros.js';

export const DEFAULT_ROS_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/servicebay_bench_ros';
const TZ = 'Asia/Shanghai';
const NETWORK_BUDGET_MS = 3000;
const DEALER_BUDGET_MS = 300;

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

/**
 * The cockpit as the API runs it: one function, so the measurement does not depend on how the
 * service is built. Returns null while the network KPI service does not exist on this branch.
 */
type CockpitService = {
  cockpit(actor: Actor, query: NetworkKpiQuery): Promise<unknown>;
  refresh?: () => Promise<unknown>;
};
async function cockpitService(_db: Database): Promise<CockpitService | null> {
  // PENDING: the network KPI service (modules/network, branch h-cockpit) is not merged yet.
  return null;
}

type Timing = { median: number; p95: number; runs: number };

async function time(repeat: number, run: () => Promise<unknown>): Promise<Timing> {
  await run(); // warm the cache and the plan
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
    const service = await cockpitService(db);
    const rows: { label: string; rows: number | null; timing: Timing | null; budget: number | null; note?: string }[] = [];

    let refreshSeconds: number | null = null;
    if (service?.refresh && values.refresh) {
      const started = performance.now();
      await service.refresh();
      refreshSeconds = (performance.now() - started) / 1000;
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
        label: `network cockpit, every dealer, 17 KPIs (${p.label})`,
        rows: n,
        budget: NETWORK_BUDGET_MS,
        timing: service ? await time(repeat, () => service.cockpit(analystActor, { from: p.from, to: p.to })) : null,
        note: service ? undefined : 'PENDING: the cockpit service is not on this branch yet',
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
      label: `one dealer's dashboard (${dealer.code}, its managers' cockpit, 12 months)`,
      rows: dealerRows,
      budget: DEALER_BUDGET_MS,
      timing: service ? await time(repeat, () => service.cockpit(dealerActor, { from: year.from, to: year.to })) : null,
      note: service ? undefined : 'PENDING: the cockpit service is not on this branch yet',
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
            : (r.note ?? '');
      console.log(
        `| ${r.label} | ${r.rows?.toLocaleString('en-US') ?? ''} | ${r.timing ? r.timing.median.toFixed(1) : '—'} | ${r.timing ? r.timing.p95.toFixed(1) : '—'} | ${budget} |`,
      );
    }
    if (refreshSeconds !== null) console.log(`\nKPI refresh (the nightly job) over the whole history: ${refreshSeconds.toFixed(1)} s`);
    const file = resultFile('cockpit');
    fs.writeFileSync(file, JSON.stringify({ today, network: network.code, counts, dealer: dealer.code, rows, refreshSeconds }, null, 2));
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
