// A brand network with a realistic service history at scale (issue 13 §3): by default 10M repair
// orders over 300 dealers and two years, for the network cockpit benchmark (bench/cockpit.ts).
//
//   npm run bench -- seed-ros --ros 10000000 --dealers 300
//
// First a SCALE-<n> network (bench/seed-scale.ts: dealers by grade and city, customers, vehicles),
// ~6.5 visits per vehicle over the two years. Then, set-based, one time slice of days after the other:
// visits with the walk-around, repair orders with their job lines and invoices, the appointments they
// came from (and the no-shows and cancellations that never became an order), the day-before
// confirmation calls, comebacks for the same concern within 30 days, the post-service follow-up call,
// complaints (~1–2 per 100 orders) and satisfaction surveys with the daily CSI figures.
//
// Every value is computed in the database from generate_series and hashint8extended(row number, salt)
// (nothing row by row in JavaScript); dealer quality follows the grade (A better than F), with a spread
// per dealer. Secondary indexes of the loaded tables are dropped for the load and rebuilt after it;
// foreign-key triggers are skipped (every reference is to a row generated just before), check and
// unique constraints apply. One transaction; VACUUM ANALYZE afterwards.
import { sql } from 'kysely';
import { DEFAULT_CSI_TEMPLATE } from '../packages/server/src/modules/csi/csi.template.js';
import type { Database } from '../packages/server/src/platform/db.js';
import { seedScaleNetwork } from './seed-scale.js';

export type SeedRosOptions = {
  /** Repair orders before comebacks (comebacks add ~1.5%). */
  ros: number;
  dealers: number;
  /** Days of history up to yesterday (default 730). */
  days?: number;
  /** Days per slice (default 30). */
  sliceDays?: number;
  /** Connections loading slices side by side (default 2). */
  workers?: number;
  log?: (line: string) => void;
};

export type SeedRosResult = {
  networkId: string;
  networkCode: string;
  analystId: string;
  seconds: number;
  phases: [string, number][];
  counts: Record<string, number>;
};

/** Visits per vehicle over the period: ~3 a year for a brand's active base (maintenance twice, a repair). */
const VISITS_PER_VEHICLE = 6.5;
const TZ = 'Asia/Shanghai';

/** Regions (大区) of the car maker, by city. */
const REGIONS: Record<string, string> = {
  北京: '华北',
  天津: '华北',
  石家庄: '华北',
  太原: '华北',
  呼和浩特: '华北',
  上海: '华东',
  杭州: '华东',
  南京: '华东',
  苏州: '华东',
  宁波: '华东',
  无锡: '华东',
  温州: '华东',
  合肥: '华东',
  济南: '华东',
  青岛: '华东',
  福州: '华东',
  厦门: '华东',
  泉州: '华东',
  南昌: '华东',
  广州: '华南',
  深圳: '华南',
  东莞: '华南',
  佛山: '华南',
  南宁: '华南',
  海口: '华南',
  武汉: '华中',
  长沙: '华中',
  郑州: '华中',
  成都: '西南',
  重庆: '西南',
  昆明: '西南',
  贵阳: '西南',
  拉萨: '西南',
  西安: '西北',
  兰州: '西北',
  乌鲁木齐: '西北',
  银川: '西北',
  西宁: '西北',
  沈阳: '东北',
  大连: '东北',
  长春: '东北',
  哈尔滨: '东北',
};

/** Repair concerns (labour operation code, the customer's words), most frequent first. */
const REPAIRS: [string, string][] = [
  ['BRK01', '刹车异响'],
  ['AC01', '空调不制冷'],
  ['ENG01', '发动机故障灯亮'],
  ['SUS01', '过减速带底盘异响'],
  ['ELE01', '蓄电池亏电，无法启动'],
  ['STR01', '高速方向盘抖动'],
  ['TYR01', '轮胎偏磨'],
  ['TRN01', '换挡顿挫'],
  ['ENG02', '发动机漏油'],
  ['BDY01', '车窗升降异响'],
  ['INF01', '中控屏黑屏'],
  ['BDY02', '天窗漏水'],
  ['ELE02', '全景影像无显示'],
  ['ELE03', '遥控钥匙失灵'],
  ['AC02', '空调有异味'],
  ['ENG03', '怠速抖动'],
];
/** Periodic maintenance (small and large service). */
const SERVICES: [string, string][] = [
  ['PM-S', '常规保养（机油、机滤）'],
  ['PM-L', '大保养（机油、三滤、火花塞）'],
];
const COMPLAINT_WORDS = [
  '修完没几天同样的问题又出现了',
  '等了很久，交车时间一再推迟',
  '收费和报价不一致',
  '服务顾问态度不好',
  '车辆交回时内饰有污渍',
  '预约了还要排队等待',
];
const COMPLAINT_CATEGORIES = ['repair_quality', 'waiting_time', 'price', 'service_attitude', 'vehicle_care', 'appointment'];
/** Seasonality of workshop traffic by month (Jan … Dec): the pre-Spring-Festival rush, the holiday dip, summer A/C, golden week. */
const MONTH_WEIGHT = [1.1, 0.8, 1.0, 1.0, 1.0, 1.0, 1.05, 1.05, 1.1, 0.85, 1.0, 1.1];
/** Day of the week (Sun … Sat): weekends are the busiest days of a Chinese 4S workshop. */
const WEEKDAY_WEIGHT = [1.15, 1.0, 0.9, 0.9, 0.95, 1.0, 1.3];
/** Spring Festival (the workshop nearly closes for a week). */
const SPRING_FESTIVALS = ['2024-02-10', '2025-01-29', '2026-02-17', '2027-02-06', '2028-01-26'];

/** The loaded tables: their secondary indexes are dropped for the load and rebuilt after it. */
const LOADED = [
  'appointments',
  'confirmation_attempts',
  'visits',
  'inspections',
  'repair_orders',
  'ro_lines',
  'invoices',
  'follow_up_tasks',
  'complaints',
  'survey_responses',
  'arrivals',
] as const;

export async function seedRos(db: Database, options: SeedRosOptions): Promise<SeedRosResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const ros = Math.floor(options.ros);
  const dealers = Math.floor(options.dealers);
  const days = options.days ?? 730;
  const sliceDays = options.sliceDays ?? 30;
  const workers = Math.max(1, options.workers ?? 2);
  if (!(ros >= 1000) || !(dealers >= 1)) throw new Error('--ros must be at least 1000 and --dealers at least 1');
  const started = performance.now();
  const phases: [string, number][] = [];
  let phaseStarted = started;
  const phase = (name: string) => {
    const s = (performance.now() - phaseStarted) / 1000;
    phases.push([name, s]);
    log(`  ${name.padEnd(60)} ${s.toFixed(1).padStart(7)} s`);
    phaseStarted = performance.now();
  };

  const vehicles = Math.ceil(ros / VISITS_PER_VEHICLE);
  log(`seed-ros: ${fmt(ros)} repair orders over ${days} days, ${fmt(dealers)} dealers, ${fmt(vehicles)} vehicles`);
  const network = await seedScaleNetwork(db, { vehicles, dealers, log: (line) => log(`  ${line}`) });
  phase(`network ${network.networkCode}: ${fmt(vehicles)} vehicles (seed-scale)`);
  const networkId = network.networkId;

  const today = (await sql<{ d: string }>`select (now() at time zone ${TZ})::date::text as d`.execute(db)).rows[0]!.d;
  const T = sql.lit(today);
  const D = sql.lit(days);
  const perTable: Record<string, number> = {};
  let analystId = '';
  let questionnaireId = '';
  let indexes: { name: string; def: string }[] = [];

  await db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    await sql`set local jit = off`.execute(tx);
    await sql`set local session_replication_role = replica`.execute(tx);
    await sql`set local work_mem = '256MB'`.execute(tx);
    await sql`set local maintenance_work_mem = '1GB'`.execute(tx);
    await createHelpers(tx);
    for (const table of ['bench_ro_cells', 'bench_ro_days', 'bench_ro_vehicles', 'bench_ro_dealers'])
      await sql`drop table if exists ${sql.table(table)}`.execute(tx);

    // --- dealers: region, quality by grade, staff ----------------------------------------------
    const regionCase = sql.raw(
      `case city ${Object.entries(REGIONS)
        .map(([city, region]) => `when '${city}' then '${region}'`)
        .join(' ')} else '华东' end`,
    );
    await sql`update dealers set region = ${regionCase}, phone = '400-' || lpad((abs(hashtext(code)) % 10000000)::text, 7, '0') where network_id = ${networkId}`.execute(
      tx,
    );
    // g = 0 (A) … 5 (F); every figure gets a per-dealer spread so that grades overlap, as they do.
    await sql`create unlogged table bench_ro_dealers as
      select x.*,
        greatest(2, round(x.ros_total::numeric / ${D} / 14))::int as sa_count,
        55 - 6 * x.g + pg_temp.h(x.idx, 101, 11) - 5 as appt_pct,
        50 + 15 * x.g + pg_temp.h(x.idx, 102, 30) as no_show_pm,
        90 - 3 * x.g + pg_temp.h(x.idx, 110, 6) as confirm_pct,
        93 - 4 * x.g + pg_temp.h(x.idx, 103, 5) as timely_pct,
        4 + 3 * x.g + pg_temp.h(x.idx, 104, 4) as late_pct,
        25 + 8 * x.g + pg_temp.h(x.idx, 105, 10) as comeback_pm,
        8 + 2 * x.g + pg_temp.h(x.idx, 106, 5) as complaint_pm,
        93 - 3 * x.g + pg_temp.h(x.idx, 107, 4) as follow_up_pct,
        92 - 3 * x.g + pg_temp.h(x.idx, 108, 5) as csi_mean,
        20 + pg_temp.h(x.idx, 109, 15) as survey_pct,
        97 - x.g + pg_temp.h(x.idx, 111, 3) as signed_pct
      from (
        select y.*, round(${sql.lit(ros)}::numeric * y.vcum / y.vtotal)::int - round(${sql.lit(ros)}::numeric * (y.vcum - y.vcount) / y.vtotal)::int as ros_total
        from (
          select d.id, d.code, d.grade, ascii(d.grade) - 65 as g, (row_number() over (order by d.code) - 1)::int as idx,
            count(*)::int as vcount, sum(count(*)) over (order by d.code) as vcum, sum(count(*)) over () as vtotal
          from dealers d join dealer_vehicles dv on dv.dealer_id = d.id
          where d.network_id = ${networkId} group by d.id
        ) y
      ) x`.execute(tx);
    await sql`create unique index on bench_ro_dealers (idx)`.execute(tx);
    await sql`insert into users (id, network_id, dealer_id, login, display_name, password_hash, roles, locale, created_at, updated_at)
      select pg_temp.uuid7(now()), ${networkId}::uuid, d.id, lower(n.code) || '.' || lower(d.code) || '.' || s.role || s.i, s.name || s.i, 'x', array[s.role], 'zh-CN', now(), now()
      from bench_ro_dealers d cross join networks n
      cross join lateral (
        select 'service_advisor' as role, '服务顾问' as name, i from generate_series(1, d.sa_count) i
        union all select 'service_manager', '服务经理', 1
        union all select 'customer_relations', '客服专员', 1
      ) s
      where n.id = ${networkId}`.execute(tx);
    await sql`alter table bench_ro_dealers add column sa_ids uuid[], add column manager_id uuid, add column agent_id uuid`.execute(tx);
    await sql`update bench_ro_dealers d set
      sa_ids = (select array_agg(u.id order by u.login) from users u where u.dealer_id = d.id and u.roles = array['service_advisor']),
      manager_id = (select u.id from users u where u.dealer_id = d.id and u.roles = array['service_manager']),
      agent_id = (select u.id from users u where u.dealer_id = d.id and u.roles = array['customer_relations'])`.execute(tx);
    await sql`analyze bench_ro_dealers`.execute(tx);
    analystId = (
      await sql<{ id: string }>`insert into users (id, network_id, login, display_name, password_hash, roles, locale)
        select pg_temp.uuid7(now()), id, lower(code) || '.analyst', '区域经理', 'x', array['oem_analyst'], 'zh-CN' from networks where id = ${networkId}
        returning id`.execute(tx)
    ).rows[0]!.id;
    await sql`insert into dealer_settings (dealer_id) select id from bench_ro_dealers on conflict do nothing`.execute(tx);
    // The two maintenance packages whose labour lines are not repairs (first-time fix counts repairs only).
    await sql`insert into maintenance_packages (dealer_id, id, code, name, interval_km)
      select d.id, pg_temp.uuid7(now()), p.code, p.name, p.km from bench_ro_dealers d
      cross join (values ('PM-S', '常规保养', 5000), ('PM-L', '大保养', 20000)) p(code, name, km)`.execute(tx);
    await sql`alter table bench_ro_dealers add column pkg_s uuid, add column pkg_l uuid`.execute(tx);
    await sql`update bench_ro_dealers d set pkg_s = (select id from maintenance_packages p where p.dealer_id = d.id and p.code = 'PM-S'),
      pkg_l = (select id from maintenance_packages p where p.dealer_id = d.id and p.code = 'PM-L')`.execute(tx);
    questionnaireId = (
      await sql<{
        id: string;
      }>`insert into questionnaires (id, network_id, name, active, current_version) values (pg_temp.uuid7(now()), ${networkId}, 'J.D. Power CSI', true, 1) returning id`.execute(
        tx,
      )
    ).rows[0]!.id;
    await sql`insert into questionnaire_versions (questionnaire_id, version, definition) values (${questionnaireId}, 1, ${JSON.stringify(DEFAULT_CSI_TEMPLATE)}::jsonb)`.execute(
      tx,
    );

    // --- the vehicles each dealer serves, in delivery order; the days with their traffic weight ---
    await sql`create unlogged table bench_ro_vehicles as
      select d.idx as dealer_idx, (row_number() over (partition by d.idx order by v.delivered_on, v.id) - 1)::int as k,
        v.id, v.owner_id, v.plate_key, v.delivered_on
      from bench_ro_dealers d join dealer_vehicles dv on dv.dealer_id = d.id join vehicles v on v.id = dv.vehicle_id`.execute(tx);
    await sql`create unique index on bench_ro_vehicles (dealer_idx, k)`.execute(tx);
    await sql`create index on bench_ro_vehicles (dealer_idx, delivered_on, k)`.execute(tx);
    await sql`analyze bench_ro_vehicles`.execute(tx);
    const festivals = sql.raw(`array[${SPRING_FESTIVALS.map((d) => `date '${d}'`).join(',')}]`);
    await sql`create unlogged table bench_ro_days as
      select x.*, sum(w) over (order by idx) - w as wbefore, sum(w) over (order by idx) as wafter, sum(w) over () as wtotal
      from (
        select i as idx, day,
          (${sql.raw(`array[${MONTH_WEIGHT.join(',')}]`)})[extract(month from day)::int]
          * (${sql.raw(`array[${WEEKDAY_WEIGHT.join(',')}]`)})[extract(dow from day)::int + 1]
          * (1 + 0.12 * i / ${D}::numeric)  -- the fleet grows
          * case when exists (select 1 from unnest(${festivals}) f where day between f - 2 and f + 6) then 0.15
                 when exists (select 1 from unnest(${festivals}) f where day between f - 21 and f - 3) then 1.2 else 1 end as w
        from generate_series(0, ${sql.lit(days - 1)}) i, lateral (select date ${T} - ${D} + i as day) d
      ) x`.execute(tx);
    // ROs per dealer and day (cumulative rounding: each dealer's days add up to its total) and how many of its vehicles had been delivered by then.
    await sql`create unlogged table bench_ro_cells as
      select d.idx as dealer_idx, dy.idx as day_idx, dy.day,
        (round(d.ros_total * dy.wafter / dy.wtotal) - round(d.ros_total * dy.wbefore / dy.wtotal))::int as cnt,
        coalesce((select v.k + 1 from bench_ro_vehicles v where v.dealer_idx = d.idx and v.delivered_on < dy.day order by v.delivered_on desc, v.k desc limit 1), 0) as kmax
      from bench_ro_dealers d cross join bench_ro_days dy`.execute(tx);
    await sql`create index on bench_ro_cells (day_idx)`.execute(tx);
    await sql`analyze bench_ro_cells`.execute(tx);
    phase('regions, staff, settings, questionnaire, day weights');

    // --- drop the secondary indexes of the loaded tables (rebuilt after the load) ------------------
    indexes = (
      await sql<{ name: string; def: string }>`
        select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as def
        from pg_index i
        where i.indrelid = any(${sql.raw(`array[${LOADED.map((t) => `'${t}'::regclass`).join(',')}]`)})
          and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`.execute(tx)
    ).rows;
    for (const index of indexes) await sql`drop index ${sql.raw(index.name)}`.execute(tx);
    phase(`dropped ${indexes.length} secondary indexes`);
    await sql`drop function pg_temp.h(bigint, int, bigint), pg_temp.uuid7(timestamptz)`.execute(tx);
  });
  log('  (setup committed: from here a failure leaves the indexes dropped; drop the database and start again)');

  // --- the slices --------------------------------------------------------------------------------
  const repairCodes = sql.raw(textArray(REPAIRS.map((r) => r[0])));
  const repairWords = sql.raw(textArray(REPAIRS.map((r) => r[1])));
  const serviceCodes = sql.raw(textArray(SERVICES.map((r) => r[0])));
  const serviceWords = sql.raw(textArray(SERVICES.map((r) => r[1])));
  const factorKeys = DEFAULT_CSI_TEMPLATE.factors.map((f) => f.key);
  const factorScores = sql.raw(
    `jsonb_build_object(${factorKeys.map((k, i) => `'${k}', least(100, greatest(0, round(csi + (pg_temp.h(n, ${60 + i}, 21) - 10) * 0.8, 2)))`).join(', ')})`,
  );
  const slices = Math.ceil(days / sliceDays);
  let loaded = 0;
  const loadSlice = async (tx: Database, b: number) => {
    // Aligned to the end: the last slice is a whole one, so orders still open are all in it.
    const hi = days - (slices - 1 - b) * sliceDays;
    const lo = Math.max(0, hi - sliceDays);
    let t = performance.now();
    await sql`drop table if exists ro_slice`.execute(tx);
    // One row per repair order: the base orders of the slice's days, then the comebacks they cause.
    await sql`create temp table ro_slice as
        with base as (
          select c.dealer_idx, c.day_idx, c.day, i, ((c.dealer_idx::bigint * 4096 + c.day_idx) * 4096 + i) as n,
            false as comeback, v.id as vehicle_id, v.owner_id as customer_id, v.plate_key, v.delivered_on as vehicle_delivered_on,
            ((c.day + time '08:00' + (floor(570 * power(pg_temp.h(((c.dealer_idx::bigint * 4096 + c.day_idx) * 4096 + i), 7, 10000) / 10000.0, 1.4)) * 60
               + pg_temp.h(((c.dealer_idx::bigint * 4096 + c.day_idx) * 4096 + i), 8, 60)) * interval '1 second') at time zone ${TZ}) as arrived_at
          from bench_ro_cells c
          cross join lateral generate_series(1, c.cnt) i
          join bench_ro_vehicles v on v.dealer_idx = c.dealer_idx
            and v.k = floor(c.kmax * sqrt(pg_temp.h(((c.dealer_idx::bigint * 4096 + c.day_idx) * 4096 + i), 1, 1000000) / 1000000.0))::int
          where c.day_idx >= ${sql.lit(lo)} and c.day_idx < ${sql.lit(hi)} and c.cnt > 0 and c.kmax > 0
        ),
        kinds as (
          select b.*, pg_temp.h(n, 4, 100) < 58 as maintenance,
            (${repairCodes})[1 + floor(${sql.lit(REPAIRS.length)} * power(pg_temp.h(n, 5, 1000) / 1000.0, 1.6))::int] as repair_code,
            (${repairWords})[1 + floor(${sql.lit(REPAIRS.length)} * power(pg_temp.h(n, 5, 1000) / 1000.0, 1.6))::int] as repair_words
          from base b
        ),
        orders as (
          select k.*, d.comeback_pm from kinds k join bench_ro_dealers d on d.idx = k.dealer_idx
          union all
          -- A comeback: the same vehicle for the same concern, 3–27 days after the first visit.
          select k.dealer_idx, k.day_idx, k.day, k.i, -k.n, true, k.vehicle_id, k.customer_id, k.plate_key, k.vehicle_delivered_on,
            k.arrived_at + (3 + pg_temp.h(k.n, 21, 25)) * interval '1 day' + (pg_temp.h(k.n, 22, 240) - 120) * interval '1 minute',
            false, k.repair_code, k.repair_words, d.comeback_pm
          from kinds k join bench_ro_dealers d on d.idx = k.dealer_idx
          where not k.maintenance and pg_temp.h(k.n, 20, 1000) < d.comeback_pm
            and k.day + (3 + pg_temp.h(k.n, 21, 25))::int < date ${T}
        ),
        timed as (
          select o.*, d.id as dealer_id, d.g, d.manager_id, d.agent_id, d.pkg_s, d.pkg_l,
            d.sa_ids[1 + pg_temp.h(o.n, 3, d.sa_count)::int] as sa_id,
            d.appt_pct, d.no_show_pm, d.confirm_pct, d.complaint_pm, d.follow_up_pct, d.csi_mean, d.survey_pct,
            (case when o.comeback then pg_temp.h(o.n, 9, 100) < 70 else pg_temp.h(o.n, 9, 100) < d.appt_pct end) as booked,
            pg_temp.h(o.n, 12, 100) < d.timely_pct as timely,
            pg_temp.h(o.n, 15, 100) < d.late_pct as late,
            pg_temp.h(o.n, 16, 1000) < 5 as cancelled,
            pg_temp.h(o.n, 17, 100) < d.signed_pct as signed,
            o.arrived_at + case when o.maintenance then 90 + pg_temp.h(o.n, 13, 90)
                                when pg_temp.h(o.n, 14, 100) < 75 then 180 + pg_temp.h(o.n, 13, 300)
                                else 1440 + pg_temp.h(o.n, 13, 2880) end * interval '1 minute' as promised_at,
            case when o.maintenance then (${serviceCodes})[1 + (pg_temp.h(o.n, 6, 100) < 30)::int] else o.repair_code end as code,
            case when o.maintenance then (${serviceWords})[1 + (pg_temp.h(o.n, 6, 100) < 30)::int] else o.repair_words end as concerns,
            (o.arrived_at at time zone ${TZ})::date - o.vehicle_delivered_on as vehicle_age
          from orders o join bench_ro_dealers d on d.idx = o.dealer_idx
        ),
        done as (
          select t.*,
            case when t.late then t.promised_at + (10 + pg_temp.h(t.n, 18, 170)) * interval '1 minute'
                 else greatest(t.arrived_at + interval '20 minutes', t.promised_at - (15 + pg_temp.h(t.n, 18, 60)) * interval '1 minute') end as ready_at0
          from timed t
        )
        select y.*,
          case when y.status in ('delivered','closed') then y.delivered_at0 end as delivered_at,
          case when y.status in ('ready','delivered','closed') then y.ready_at0 end as ready_at,
          -- An order not yet delivered keeps its visit open (one open visit per vehicle and dealer).
          y.status in ('ready','in_progress')
            and row_number() over (partition by y.dealer_idx, y.vehicle_id, y.status in ('ready','in_progress') order by y.n desc) = 1 as visit_open
        from (select x.*,
          case when x.cancelled then 'cancelled'
               when x.delivered_at0 > now() then case when x.ready_at0 <= now() then 'ready' else 'in_progress' end
               when x.delivered_at0 > now() - interval '7 days' then 'delivered' else 'closed' end as status,
          x.labour_fen + x.parts_fen as total_fen,
          case when x.pay_type = 'customer' then x.labour_fen + x.parts_fen else 0 end as payable_fen
        from (
          select d.*,
            case when d.late then d.ready_at0 + (5 + pg_temp.h(d.n, 19, 55)) * interval '1 minute'
                 else least(d.promised_at, d.ready_at0 + (5 + pg_temp.h(d.n, 19, 35)) * interval '1 minute') end as delivered_at0,
            case when d.comeback then 'warranty'
                 when d.maintenance and d.vehicle_age < 120 then 'free_first_maintenance'
                 when not d.maintenance and d.vehicle_age < 1095 and pg_temp.h(d.n, 23, 100) < 45 then 'warranty'
                 when pg_temp.h(d.n, 23, 1000) < 8 then 'goodwill'
                 else 'customer' end as pay_type,
            case when d.maintenance then 0.5 + pg_temp.h(d.n, 24, 11) / 10.0 else 0.8 + pg_temp.h(d.n, 24, 53) / 10.0 end as hours,
            round((case when d.maintenance then 0.5 + pg_temp.h(d.n, 24, 11) / 10.0 else 0.8 + pg_temp.h(d.n, 24, 53) / 10.0 end) * 18000)::int as labour_fen,
            d.maintenance or pg_temp.h(d.n, 25, 100) < 70 as has_parts,
            (1 + pg_temp.h(d.n, 26, 4))::int as parts_qty,
            (8000 + pg_temp.h(d.n, 27, 112000) / 100 * 100)::int as parts_price,
            case when d.maintenance or pg_temp.h(d.n, 25, 100) < 70 then (1 + pg_temp.h(d.n, 26, 4)) * (8000 + pg_temp.h(d.n, 27, 112000) / 100 * 100) else 0 end::int as parts_fen,
            greatest(0, d.vehicle_age) * (25 + pg_temp.h(d.n, 28, 40)) + pg_temp.h(d.n, 29, 500) as odometer_km,
            'R' || case when d.comeback then 'C' else '' end || to_char(d.day, 'YYMMDD') || '-' || lpad(d.i::text, 4, '0') as number,
            pg_temp.uuid7(d.arrived_at) as visit_id,
            pg_temp.uuid7(d.arrived_at + interval '10 minutes') as id,
            pg_temp.uuid7(d.arrived_at + interval '5 minutes') as inspection_id,
            case when d.booked then pg_temp.uuid7(d.arrived_at - (1 + pg_temp.h(d.n, 10, 6)) * interval '1 day' - pg_temp.h(d.n, 11, 600) * interval '1 minute') end as appointment_id,
            date_bin('30 minutes', d.arrived_at + interval '10 minutes' + case when pg_temp.h(d.n, 30, 100) < 8 then interval '30 minutes' else interval '0' end, timestamptz '2000-01-01') as starts_at,
            d.arrived_at + case when d.timely then (10 + pg_temp.h(d.n, 31, 100)) else (130 + pg_temp.h(d.n, 31, 770)) end * interval '1 second' as greeted_at
          from done d
        ) x) y`.execute(tx);
    const add = (table: string, started: number) => {
      perTable[table] = (perTable[table] ?? 0) + (performance.now() - started) / 1000;
      return performance.now();
    };
    t = add('(slice: orders computed)', t);

    // Appointments: the booked orders' (arrived), and the no-shows and cancellations that never became one (a week before).
    await sql`with a as (insert into appointments (dealer_id, id, number, customer_id, vehicle_id, plate_key, starts_at, duration_minutes, status, channel,
          requested_work, customer_words, preferred_sa_id, assigned_sa_id, arrived_at, arrival_status, cancel_reason, created_at, updated_at)
        select dealer_id, id, number, customer_id, vehicle_id, plate_key, starts_at, duration, status, channel, '[]', concerns, sa_id, sa_id,
          arrived_at, arrival_status, cancel_reason, created_at, coalesce(arrived_at, starts_at)
        from (
          select dealer_id, appointment_id as id, 'A' || substr(number, 2) as number, customer_id, vehicle_id, plate_key, starts_at,
            case when maintenance then 60 else 120 end as duration, 'arrived' as status,
            (array['phone','phone','phone','online','online','proactive_call','web'])[1 + pg_temp.h(n, 32, 7)::int] as channel, concerns, sa_id,
            arrived_at, case when arrived_at < starts_at - interval '15 minutes' then 'early' when arrived_at <= starts_at + interval '15 minutes' then 'on_time' else 'late' end as arrival_status,
            null as cancel_reason, arrived_at - (1 + pg_temp.h(n, 10, 6)) * interval '1 day' - pg_temp.h(n, 11, 600) * interval '1 minute' as created_at
          from ro_slice where booked
          union all
          select dealer_id, pg_temp.uuid7(starts_at - interval '9 days'), 'A' || case when pg_temp.h(n, 33, 1000) < no_show_pm then 'N' else 'X' end || substr(number, 2),
            customer_id, vehicle_id, plate_key, starts_at - interval '7 days', 60,
            case when pg_temp.h(n, 33, 1000) < no_show_pm then 'no_show' else 'cancelled' end, 'phone', concerns, sa_id, null, null,
            case when pg_temp.h(n, 33, 1000) >= no_show_pm then '客户改期' end, starts_at - interval '9 days'
          from ro_slice where booked and not comeback and pg_temp.h(n, 33, 1000) < no_show_pm + 50
        ) a order by dealer_id, id
        returning dealer_id, id, number, status, starts_at)
        insert into confirmation_attempts (dealer_id, id, appointment_id, step, channel, result, by_user_id, at)
        select a.dealer_id, pg_temp.uuid7(a.starts_at - interval '1 day'), a.id, 'day_before', 'phone',
          case when pg_temp.h(hashtext(a.number), 34, 100) < case when a.status = 'no_show' then 40 else d.confirm_pct end then 'confirmed' else 'no_answer' end,
          d.agent_id, date_trunc('day', a.starts_at at time zone ${TZ}) at time zone ${TZ} - interval '14 hours'
        from a join bench_ro_dealers d on d.id = a.dealer_id
        order by 1, 2`.execute(tx);
    t = add('appointments + confirmation_attempts', t);
    await sql`insert into visits (dealer_id, id, customer_id, vehicle_id, appointment_id, sa_id, arrived_at, greeted_at, status, cancel_reason, created_at)
        select dealer_id, visit_id, customer_id, vehicle_id, appointment_id, sa_id, arrived_at, greeted_at,
          case when visit_open then 'open' else 'closed' end, null, arrived_at
        from ro_slice order by dealer_id, visit_id`.execute(tx);
    t = add('visits', t);
    await sql`insert into inspections (dealer_id, id, visit_id, checklist, fuel_level, odometer_km, covers_applied, signed_content_hash, signed_at, created_by, created_at)
        select dealer_id, inspection_id, visit_id, '[]', 20 + pg_temp.h(n, 35, 80), odometer_km, true,
          case when signed then md5(inspection_id::text) end, case when signed then arrived_at + interval '8 minutes' end, sa_id, arrived_at + interval '5 minutes'
        from ro_slice order by dealer_id, inspection_id`.execute(tx);
    t = add('inspections', t);
    await sql`insert into repair_orders (dealer_id, id, number, visit_id, customer_id, vehicle_id, sa_id, concerns, promised_at, odometer_km, status,
          signed_content_hash, signed_at, rework_count, cancel_reason, ready_at, delivered_at, version, created_at, updated_at)
        select dealer_id, id, number, visit_id, customer_id, vehicle_id, sa_id, concerns, promised_at, odometer_km, status,
          md5(id::text), arrived_at + interval '12 minutes', (pg_temp.h(n, 36, 100) < 2)::int,
          case when status = 'cancelled' then '客户取消维修' end, ready_at, delivered_at, 1, arrived_at + interval '10 minutes', coalesce(delivered_at, ready_at, arrived_at + interval '10 minutes')
        from ro_slice order by dealer_id, id`.execute(tx);
    t = add('repair_orders', t);
    await sql`insert into ro_lines (dealer_id, id, repair_order_id, position, kind, code, description, pay_type, hours, hourly_rate_fen, quantity, unit_price_fen, package_id, created_at)
        select dealer_id, pg_temp.uuid7(arrived_at + interval '15 minutes'), id, 1, 'labour', code, concerns, pay_type, hours, 18000, null, null,
          case when maintenance then case when code = 'PM-S' then pkg_s else pkg_l end end, arrived_at + interval '15 minutes'
        from ro_slice
        union all
        select dealer_id, pg_temp.uuid7(arrived_at + interval '16 minutes'), id, 2, 'parts', 'P' || code || '-' || (pg_temp.h(n, 37, 9) + 1), '配件', pay_type, null, null, parts_qty, parts_price,
          case when maintenance then case when code = 'PM-S' then pkg_s else pkg_l end end, arrived_at + interval '16 minutes'
        from ro_slice where has_parts
        order by 1, 2`.execute(tx);
    t = add('ro_lines', t);
    await sql`insert into invoices (dealer_id, id, number, repair_order_id, totals, total_fen, customer_payable_fen, ready_to_pay_at, paid_at, created_at)
        select dealer_id, pg_temp.uuid7(ready_at), 'I' || substr(number, 2), id,
          jsonb_build_object('byPayType', jsonb_build_object(pay_type, jsonb_build_object('grossFen', total_fen, 'discountFen', 0, 'netFen', total_fen)),
            'labourFen', labour_fen, 'partsFen', parts_fen, 'grossFen', total_fen, 'discountFen', 0, 'totalFen', total_fen, 'customerPayableFen', payable_fen),
          total_fen, payable_fen, ready_at, delivered_at - interval '5 minutes', ready_at
        from ro_slice where delivered_at is not null order by 1, 2`.execute(tx);
    t = add('invoices', t);
    // The post-service call 1–3 days after delivery (open while its window lasts).
    await sql`insert into follow_up_tasks (dealer_id, id, rule, period_key, customer_id, vehicle_id, repair_order_id, anchor_on, due_from, due_until, owner_id,
          status, attempts, outcome, created_at, closed_at)
        select dealer_id, pg_temp.uuid7(delivered_at + interval '3 hours'), 'post_service', number, customer_id, vehicle_id, id, fday, fday + 1, fday + 3, agent_id,
          case when fday + 3 >= date ${T} then 'open' when pg_temp.h(n, 38, 100) < follow_up_pct then 'done' else 'unreachable' end,
          case when fday + 3 >= date ${T} then 0 when pg_temp.h(n, 38, 100) < follow_up_pct then 1 + pg_temp.h(n, 39, 2) else 3 end,
          case when fday + 3 >= date ${T} then null when pg_temp.h(n, 38, 100) < follow_up_pct then 'reached' else 'no_answer' end,
          delivered_at + interval '3 hours',
          case when fday + 3 < date ${T} then delivered_at + (1 + pg_temp.h(n, 40, 2)) * interval '1 day' end
        from (select *, (delivered_at at time zone ${TZ})::date as fday from ro_slice where delivered_at is not null) s
        order by 1, 2`.execute(tx);
    // The periodic-maintenance reminder, ~6 months after a maintenance visit, once its window has opened.
    await sql`insert into follow_up_tasks (dealer_id, id, rule, period_key, customer_id, vehicle_id, repair_order_id, anchor_on, due_from, due_until, owner_id,
          status, attempts, outcome, created_at, closed_at)
        select dealer_id, pg_temp.uuid7(due_from::timestamp at time zone ${TZ}), 'periodic_maintenance', 'PM-' || number, customer_id, vehicle_id, id, anchor, due_from, anchor + 14, agent_id,
          case when anchor + 14 >= date ${T} then 'open' when pg_temp.h(n, 58, 100) < follow_up_pct then 'done' else 'unreachable' end,
          case when anchor + 14 >= date ${T} then 0 else 1 + pg_temp.h(n, 59, 3) end,
          case when anchor + 14 >= date ${T} then null when pg_temp.h(n, 58, 100) < follow_up_pct then 'reached' else 'no_answer' end,
          due_from::timestamp at time zone ${TZ} + interval '2 hours',
          case when anchor + 14 < date ${T} then (due_from + pg_temp.h(n, 40, 10)::int)::timestamp at time zone ${TZ} + interval '11 hours' end
        from (select *, (delivered_at at time zone ${TZ})::date + 182 as anchor, (delivered_at at time zone ${TZ})::date + 168 as due_from
              from ro_slice where delivered_at is not null and maintenance) s
        where due_from <= date ${T}
        order by 1, 2`.execute(tx);
    t = add('follow_up_tasks', t);
    // Every car that came in (the appointment rate's denominator): booked or not.
    await sql`insert into arrivals (dealer_id, id, arrived_at, appointment_id, customer_id, vehicle_id, recorded_by)
        select dealer_id, pg_temp.uuid7(arrived_at - interval '1 minute'), arrived_at - interval '1 minute', appointment_id, customer_id, vehicle_id, sa_id
        from ro_slice order by 1, 2`.execute(tx);
    t = add('arrivals', t);
    await sql`insert into complaints (dealer_id, id, network_id, number, status, channel, customer_id, vehicle_id, repair_order_id, customer_words, category,
          cause_class, severity, first_responder_id, owner_id, handler_id, handler_role, level, car_maker_involved, received_at, acknowledged_at,
          feedback_due_at, feedback_at, due_step, due_at, was_overdue, closed_at, final_satisfaction, created_at, updated_at)
        select dealer_id, pg_temp.uuid7(received_at), ${networkId}::uuid, 'TS' || substr(number, 2),
          case when closed_at < now() then 'closed' when feedback_at < now() then 'feedback_given' when acknowledged_at < now() then 'acknowledged' else 'open' end,
          (array['phone','phone','wechat','walk_in','survey','car_maker_hotline'])[1 + pg_temp.h(n, 41, 6)::int], customer_id, vehicle_id, id,
          (${sql.raw(textArray(COMPLAINT_WORDS))})[1 + w], (${sql.raw(textArray(COMPLAINT_CATEGORIES))})[1 + w],
          (array['defect','dissatisfaction','dissatisfaction','customer_fault'])[1 + pg_temp.h(n, 42, 4)::int],
          case when pg_temp.h(n, 43, 100) < 5 then 'escalated' when pg_temp.h(n, 43, 100) < 50 then 'complaint' else 'grumble' end,
          manager_id, manager_id, manager_id, 'service_manager', (pg_temp.h(n, 43, 100) < 5)::int, pg_temp.h(n, 43, 100) < 5,
          received_at, case when acknowledged_at < now() then acknowledged_at end, received_at + interval '24 hours', case when feedback_at < now() then feedback_at end,
          case when closed_at < now() then null when feedback_at < now() then 'resolve' when acknowledged_at < now() then 'feedback' else 'acknowledge' end,
          case when closed_at < now() then null when feedback_at < now() then closed_at when acknowledged_at < now() then received_at + interval '24 hours' else received_at + interval '2 hours' end,
          acknowledged_at > received_at + interval '24 hours', case when closed_at < now() then closed_at end,
          case when closed_at < now() then (array['satisfied','satisfied','neutral','dissatisfied'])[1 + pg_temp.h(n, 44, 4)::int] end,
          received_at, least(now(), closed_at)
        from (
          select s.*, pg_temp.h(n, 45, ${sql.lit(COMPLAINT_WORDS.length)})::int as w,
            delivered_at + (2 + pg_temp.h(n, 46, 166)) * interval '1 hour' as received_at,
            delivered_at + (2 + pg_temp.h(n, 46, 166)) * interval '1 hour'
              + case when pg_temp.h(n, 47, 100) < 92 - 3 * g then (20 + pg_temp.h(n, 48, 1300)) else (1450 + pg_temp.h(n, 48, 3000)) end * interval '1 minute' as acknowledged_at,
            delivered_at + (2 + pg_temp.h(n, 46, 166)) * interval '1 hour' + (26 + pg_temp.h(n, 49, 48)) * interval '1 hour' as feedback_at,
            delivered_at + (2 + pg_temp.h(n, 46, 166)) * interval '1 hour' + (30 + pg_temp.h(n, 50, 400)) * interval '1 hour' as closed_at
          from ro_slice s where delivered_at is not null and pg_temp.h(n, 51, 1000) < complaint_pm + case when comeback then 150 else 0 end
        ) c where received_at < now()
        order by 1, 2`.execute(tx);
    t = add('complaints', t);
    await sql`insert into survey_responses (dealer_id, id, network_id, questionnaire_id, questionnaire_version, customer_id, vehicle_id, repair_order_id, sa_id,
          source, submitted_at, csi, factor_scores, answers, low, flags)
        select dealer_id, pg_temp.uuid7(submitted_at), ${networkId}::uuid, ${questionnaireId}::uuid, 1, customer_id, vehicle_id, id, sa_id,
          case when pg_temp.h(n, 52, 100) < 80 then 'link' else 'call' end, submitted_at, csi, ${factorScores}, '{}', csi < 60, '{}'
        from (
          select s.*, delivered_at + (2 + pg_temp.h(n, 53, 70)) * interval '1 hour' as submitted_at,
            least(100, greatest(15, round(csi_mean + (pg_temp.h(n, 54, 100) + pg_temp.h(n, 55, 100) + pg_temp.h(n, 56, 100) - 150) / 5.0
              - case when late then 12 else 0 end - case when comeback then 15 else 0 end, 2))) as csi
          from ro_slice s where delivered_at is not null and pg_temp.h(n, 57, 100) < survey_pct
        ) r where submitted_at < now()
        order by 1, 2`.execute(tx);
    t = add('survey_responses', t);
    const count = Number((await sql<{ n: string }>`select count(*) as n from ro_slice`.execute(tx)).rows[0]!.n);
    loaded += count;
    log(
      `    slice ${String(b + 1).padStart(2)}/${slices} (days ${lo}–${hi - 1}): ${fmt(count)} orders, ${fmt(loaded)} in all   ${((performance.now() - phaseStarted) / 1000).toFixed(1)} s`,
    );
    await sql`drop table ro_slice`.execute(tx);
  };
  // Slices are handed out in time order to `workers` connections, each slice in its own transaction.
  let next = 0;
  const worker = () =>
    db.connection().execute(async (conn) => {
      await sql`set synchronous_commit = off`.execute(conn);
      await sql`set jit = off`.execute(conn);
      await sql`set session_replication_role = replica`.execute(conn);
      await sql`set work_mem = '256MB'`.execute(conn);
      await createHelpers(conn);
      try {
        for (let b = next++; b < slices; b = next++) {
          await sql`begin`.execute(conn);
          try {
            await loadSlice(conn, b);
            await sql`commit`.execute(conn);
          } catch (error) {
            await sql`rollback`.execute(conn);
            throw error;
          }
        }
      } finally {
        await sql`drop function if exists pg_temp.h(bigint, int, bigint), pg_temp.uuid7(timestamptz)`.execute(conn);
        await sql`reset session_replication_role`.execute(conn);
        await sql`reset work_mem`.execute(conn);
      }
    });
  await Promise.all(Array.from({ length: workers }, worker));
  const totalRos = loaded;
  log(
    `    (${Object.entries(perTable)
      .map(([k, v]) => `${k} ${v.toFixed(1)} s`)
      .join(', ')})`,
  );
  phase(
    `${fmt(totalRos)} repair orders with their visits, appointments, lines, invoices, follow-ups, complaints, surveys (${workers} connections)`,
  );

  await db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    await sql`set local maintenance_work_mem = '1GB'`.execute(tx);

    for (const index of indexes) {
      const t = performance.now();
      await sql.raw(index.def).execute(tx);
      log(`    ${index.name.padEnd(50)} ${((performance.now() - t) / 1000).toFixed(1).padStart(6)} s`);
    }
    phase(`rebuilt ${indexes.length} secondary indexes`);

    // The daily CSI figures the service keeps as it goes (invitations: one per delivered order).
    const local = (column: string) => sql.raw(`(${column} at time zone '${TZ}')::date`);
    await sql`insert into csi_daily (dealer_id, day, responses, csi_sum, csi_count, low)
      select dealer_id, ${local('submitted_at')}, count(*), coalesce(sum(csi), 0), count(csi), count(*) filter (where low)
      from survey_responses where network_id = ${networkId} group by 1, 2`.execute(tx);
    await sql`insert into csi_daily (dealer_id, day, invitations)
      select dealer_id, ${local('delivered_at')} + 1, count(*) from repair_orders where dealer_id in (select id from bench_ro_dealers) and delivered_at is not null group by 1, 2
      on conflict (dealer_id, day) do update set invitations = excluded.invitations`.execute(tx);
    await sql`insert into csi_daily_factors (dealer_id, day, factor, score_sum, answers)
      select dealer_id, ${local('submitted_at')}, f.key, sum(f.value::numeric), count(*)
      from survey_responses r, jsonb_each_text(r.factor_scores) f where r.network_id = ${networkId} group by 1, 2, 3`.execute(tx);
    phase('daily CSI figures');
    for (const table of ['bench_ro_cells', 'bench_ro_days', 'bench_ro_vehicles', 'bench_ro_dealers'])
      await sql`drop table ${sql.table(table)}`.execute(tx);
  });
  phase('commit');

  for (const table of [...LOADED, 'users', 'dealers', 'csi_daily', 'csi_daily_factors']) {
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  }
  phase('vacuum analyze');

  const counts: Record<string, number> = {};
  for (const table of LOADED) {
    counts[table] = Number(
      (
        await sql<{
          n: string;
        }>`select count(*) as n from ${sql.table(table)} where dealer_id in (select id from dealers where network_id = ${networkId})`.execute(
          db,
        )
      ).rows[0]!.n,
    );
  }
  const seconds = (performance.now() - started) / 1000;
  log(
    `seed-ros: ${network.networkCode} done in ${seconds.toFixed(1)} s — ${Object.entries(counts)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
  return { networkId, networkCode: network.networkCode, analystId, seconds, phases, counts };
}

/** pg_temp.h(n, salt, mod): a pseudo-random 0 … mod − 1 of a row number; pg_temp.uuid7(at): a UUIDv7 of that time. */
export async function createHelpers(db: Database) {
  await sql`create function pg_temp.h(n bigint, salt int, mod bigint) returns bigint language sql immutable
    as $$ select ((hashint8extended(n, salt) % mod) + mod) % mod $$`.execute(db);
  await sql`create function pg_temp.uuid7(at timestamptz) returns uuid language sql volatile as $$
    select encode(
      int8send((floor(date_part('epoch', at) * 1000)::bigint << 16) | 28672 | floor(random() * 4096)::bigint)
      || int8send((floor(random() * 2147483648)::bigint << 31) | floor(random() * 2147483648)::bigint | (-9223372036854775808)::bigint),
      'hex')::uuid $$`.execute(db);
}

const fmt = (n: number) => n.toLocaleString('en-US');
function textArray(values: readonly string[]): string {
  return `array[${values.map((v) => `'${v.replace(/'/g, "''")}'`).join(',')}]::text[]`;
}
