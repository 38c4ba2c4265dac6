// The nightly run of the care centre (issue 5) at scale: maintenance due prediction for every
// vehicle of the network plus the timers' task generation, beside the raw limit measured in the same
// run: one hand-written statement that computes the same due dates into a scratch table.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { sql } from 'kysely';
import { predictionQuery } from '../packages/server/src/modules/follow-up/prediction.repository.js';
import { openPostgres } from '../packages/server/src/platform/db.js';
import { localDate } from '../packages/server/src/platform/dealer-time.js';
import { migrateToLatest } from '../packages/server/src/platform/migrate.js';
import { benchServices, DEFAULT_BENCH_DATABASE_URL, ensureDatabase, largestScaleNetwork, resultFile } from './lookup.js';
import { seedScaleNetwork } from './seed-scale.js';

const BUDGET_SECONDS = 60; // architecture §5: 1M vehicles in < 60 s on PostgreSQL

export async function runFollowUp(argv: string[]): Promise<void> {
  const { values } = parseArgs({ args: argv, options: { vehicles: { type: 'string', default: '1000000' } } });
  const vehicles = Number(values.vehicles);
  const url = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_DATABASE_URL;
  await ensureDatabase(url);
  const handle = await openPostgres(url, { max: 2 });
  const { db } = handle;
  try {
    await migrateToLatest(db);
    let network = await largestScaleNetwork(db);
    if (!network || network.vehicles < vehicles) {
      console.log(`No SCALE network with ${vehicles.toLocaleString('en-US')} vehicles; seeding one (a one-time cost).`);
      const seeded = await seedScaleNetwork(db, { vehicles });
      network = { id: seeded.networkId, code: seeded.networkCode, vehicles: seeded.vehicles };
    }
    const today = localDate(new Date(), 'Asia/Shanghai');
    console.log(`Network ${network.code}: ${network.vehicles.toLocaleString('en-US')} vehicles; today ${today}`);

    const orders = await deliveredOrders(db, network.id);
    const readings = Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from mileage_readings r join vehicles v on v.id = r.vehicle_id where v.network_id = ${network.id}`.execute(
          db,
        )
      ).rows[0]!.n,
    );
    console.log(`  ${orders.toLocaleString('en-US')} delivered repair orders, ${readings.toLocaleString('en-US')} mileage readings`);

    // A cold night: no predictions or tasks yet for this network.
    await sql`delete from follow_up_attempts where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db);
    await sql`delete from win_back_cases where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db);
    await sql`delete from follow_up_tasks where dealer_id in (select id from dealers where network_id = ${network.id})`.execute(db);
    await sql`delete from maintenance_predictions where network_id = ${network.id}`.execute(db);
    await sql`vacuum analyze maintenance_predictions`.execute(db);
    await sql`vacuum analyze follow_up_tasks`.execute(db);

    // The raw limit: the same due dates from one statement into an unlogged scratch table (no upsert, no tasks).
    await sql`drop table if exists bench_raw_due`.execute(db);
    const rawStart = performance.now();
    await sql`create unlogged table bench_raw_due as ${predictionQuery(today, null)}`.execute(db);
    const rawSeconds = (performance.now() - rawStart) / 1000;
    const rawRows = Number((await sql<{ n: string }>`select count(*) as n from bench_raw_due`.execute(db)).rows[0]!.n);

    const services = benchServices(db);
    const firstStart = performance.now();
    const first = await services.followUp.runNightly({ today });
    const firstSeconds = (performance.now() - firstStart) / 1000;
    const secondStart = performance.now();
    const second = await services.followUp.runNightly({ today });
    const secondSeconds = (performance.now() - secondStart) / 1000;

    const differences = Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from bench_raw_due r full join (select * from maintenance_predictions where network_id = ${network.id}) p using (vehicle_id)
        where r.due_on is distinct from p.due_on or r.due_km is distinct from p.due_km`.execute(db)
      ).rows[0]!.n,
    );
    await sql`drop table bench_raw_due`.execute(db);
    const created = Object.values(first.created).reduce((a, b) => a + b, 0);
    const createdAgain = Object.values(second.created).reduce((a, b) => a + b, 0);

    const rows = [
      ['raw limit: one statement computing the due dates (CREATE UNLOGGED TABLE AS)', rawSeconds, rawRows],
      ['nightly run, first night: predictions upserted + tasks generated + owners + win-back', firstSeconds, first.predicted],
      ['nightly run again the same night (idempotent: no new task)', secondSeconds, second.predicted],
    ] as const;
    console.log('\n| step | seconds | vehicles |\n|:---|---:|---:|');
    for (const [label, seconds, n] of rows) console.log(`| ${label} | ${seconds.toFixed(1)} | ${n.toLocaleString('en-US')} |`);
    console.log(
      `\nTasks created on the first night: ${created.toLocaleString('en-US')} (${Object.entries(first.created)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}); win-back cases ${first.winBack}`,
    );
    console.log(
      `Steps of the first night (s): ${Object.entries(first.seconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(
      `Steps of the second run (s): ${Object.entries(second.seconds)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')}`,
    );
    console.log(`Tasks created by the second run: ${createdAgain} (must be 0)`);
    console.log(`Due dates that differ between the nightly table and the raw statement: ${differences} (must be 0)`);
    console.log(
      `Ratio nightly / raw: ${(firstSeconds / rawSeconds).toFixed(2)}×; budget: ${network.vehicles.toLocaleString('en-US')} vehicles in < ${BUDGET_SECONDS} s → ${firstSeconds < BUDGET_SECONDS ? 'met' : 'NOT met'}`,
    );
    const file = resultFile('follow-up');
    fs.writeFileSync(
      file,
      JSON.stringify(
        { today, vehicles: network.vehicles, orders, readings, rawSeconds, firstSeconds, secondSeconds, first, second, differences },
        null,
        2,
      ),
    );
    console.log(`Saved ${file}`);
  } finally {
    await handle.close();
  }
}

/**
 * The scale seed has mileage readings but no repair orders: give 60% of the vehicles a delivered
 * order at their latest service-visit reading (once; later runs reuse them).
 */
async function deliveredOrders(db: Parameters<typeof seedScaleNetwork>[0], networkId: string): Promise<number> {
  const count = async () =>
    Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from repair_orders ro join dealers d on d.id = ro.dealer_id where d.network_id = ${networkId} and ro.delivered_at is not null`.execute(
          db,
        )
      ).rows[0]!.n,
    );
  const existing = await count();
  if (existing > 0) return existing;
  console.log('  adding delivered repair orders for 60% of the vehicles (once)…');
  await db.transaction().execute(async (tx) => {
    await sql`
      create temp table bench_last_service on commit drop as
      select distinct on (r.vehicle_id) r.vehicle_id, r.dealer_id, r.read_on, r.km, v.owner_id, gen_random_uuid() as visit_id, gen_random_uuid() as ro_id
      from mileage_readings r join vehicles v on v.id = r.vehicle_id
      where v.network_id = ${networkId} and r.source = 'service_visit' and r.dealer_id is not null and abs(hashtext(r.vehicle_id::text)) % 10 < 6
      order by r.vehicle_id, r.read_on desc`.execute(tx);
    await sql`
      insert into visits (dealer_id, id, customer_id, vehicle_id, arrived_at, greeted_at, status)
      select dealer_id, visit_id, owner_id, vehicle_id, (read_on + time '09:00') at time zone 'Asia/Shanghai', (read_on + time '09:01') at time zone 'Asia/Shanghai', 'closed' from bench_last_service`.execute(
      tx,
    );
    await sql`
      insert into repair_orders (dealer_id, id, number, visit_id, customer_id, vehicle_id, concerns, promised_at, odometer_km, status, delivered_at, created_at, updated_at)
      select dealer_id, ro_id, 'RO-B-' || to_char(read_on, 'YYYYMMDD') || '-' || row_number() over (partition by dealer_id, read_on order by ro_id), visit_id, owner_id, vehicle_id, '定期保养',
        (read_on + time '17:00') at time zone 'Asia/Shanghai', km, 'delivered', (read_on + time '16:00') at time zone 'Asia/Shanghai', (read_on + time '09:05') at time zone 'Asia/Shanghai', (read_on + time '16:00') at time zone 'Asia/Shanghai'
      from bench_last_service`.execute(tx);
  });
  await sql`analyze repair_orders`.execute(db);
  await sql`analyze visits`.execute(db);
  return count();
}
