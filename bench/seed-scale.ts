// A brand network at scale (e.g. 1M vehicles) for benchmarks, generated with set-based SQL.
//
//   DATABASE_URL=postgres://… npx servicebay seed --vehicles 1000000 [--dealers N]
//
// Every row is computed in the database from generate_series: nothing is generated row by row in
// JavaScript. The data is deterministic (pseudo-random values come from hashint8extended(row number,
// salt)); only the UUIDv7 ids and the network code differ between runs. Uniqueness is by
// construction, never by retry: mobiles, plates and VINs are bijections of the row number.
//
// Batches are slices of time across all dealers (see below), so UUIDv7 ids arrive roughly in order
// and the indexes are appended to rather than updated at random.
//
// The dealers' search keys (customer_search_keys) are filled as the links are inserted, by the
// statement-level triggers of migration 0019: set-based, one insert per batch statement.
//
// Runs on PostgreSQL and on PGlite (same SQL, smaller batches). Everything happens in one
// transaction, so a failed run leaves nothing behind; VACUUM ANALYZE follows, so the planner has
// statistics and the visibility map is set (index-only scans) before anything is measured.
import { isValidMobile, plateKind, vinProblem } from '@servicebay/contracts';
import { sql } from 'kysely';
import { fillStatements as searchKeyFills } from '../packages/server/migrations/0019_customer_search_keys.js';
import type { Database } from '../packages/server/src/platform/db.js';
import { SURNAMES } from '../packages/server/src/seed/names.js';

export type SeedScaleOptions = {
  vehicles: number;
  /** Default: vehicles / 3000, at least 3. */
  dealers?: number;
  /** Vehicles per batch (one time slice; one statement each for its customers and its vehicles). Default 200 000 (25 000 on PGlite), or SEED_SCALE_BATCH. */
  batchSize?: number;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
};

export type SeedScaleResult = {
  networkId: string;
  networkCode: string;
  dealers: number;
  customers: number;
  vehicles: number;
  seconds: number;
};

// ---------------------------------------------------------------------------------------------
// Reference data

/** Real cities, their plate prefixes (province character + issuing-office letter) and a weight for how many dealers they get. */
export const CITIES: readonly { name: string; code: string; prefixes: readonly string[]; weight: number }[] = [
  {
    name: '北京',
    code: 'BJ',
    prefixes: ['京A', '京B', '京C', '京E', '京F', '京G', '京H', '京J', '京K', '京L', '京M', '京N', '京P', '京Q'],
    weight: 10,
  },
  { name: '上海', code: 'SH', prefixes: ['沪A', '沪B', '沪D', '沪E', '沪F', '沪G', '沪H', '沪J', '沪K', '沪L', '沪M', '沪N'], weight: 9 },
  { name: '广州', code: 'GZ', prefixes: ['粤A'], weight: 7 },
  { name: '深圳', code: 'SZ', prefixes: ['粤B'], weight: 7 },
  { name: '成都', code: 'CD', prefixes: ['川A', '川G'], weight: 6 },
  { name: '重庆', code: 'CQ', prefixes: ['渝A', '渝B', '渝C', '渝D', '渝F', '渝G', '渝H'], weight: 6 },
  {
    name: '天津',
    code: 'TJ',
    prefixes: ['津A', '津B', '津C', '津D', '津E', '津F', '津G', '津H', '津J', '津K', '津L', '津M', '津N'],
    weight: 5,
  },
  { name: '杭州', code: 'HZ', prefixes: ['浙A'], weight: 5 },
  { name: '武汉', code: 'WH', prefixes: ['鄂A'], weight: 5 },
  { name: '南京', code: 'NJ', prefixes: ['苏A'], weight: 4 },
  { name: '苏州', code: 'SU', prefixes: ['苏E', '苏U'], weight: 4 },
  { name: '西安', code: 'XA', prefixes: ['陕A', '陕U'], weight: 4 },
  { name: '郑州', code: 'ZZ', prefixes: ['豫A'], weight: 4 },
  { name: '长沙', code: 'CS', prefixes: ['湘A'], weight: 4 },
  { name: '东莞', code: 'DG', prefixes: ['粤S'], weight: 3 },
  { name: '佛山', code: 'FS', prefixes: ['粤E', '粤X', '粤Y'], weight: 3 },
  { name: '青岛', code: 'QD', prefixes: ['鲁B', '鲁U'], weight: 3 },
  { name: '宁波', code: 'NB', prefixes: ['浙B'], weight: 3 },
  { name: '济南', code: 'JN', prefixes: ['鲁A'], weight: 3 },
  { name: '沈阳', code: 'SY', prefixes: ['辽A'], weight: 3 },
  { name: '合肥', code: 'HF', prefixes: ['皖A'], weight: 3 },
  { name: '昆明', code: 'KM', prefixes: ['云A'], weight: 3 },
  { name: '石家庄', code: 'SJZ', prefixes: ['冀A'], weight: 3 },
  { name: '哈尔滨', code: 'HEB', prefixes: ['黑A'], weight: 3 },
  { name: '大连', code: 'DL', prefixes: ['辽B'], weight: 2 },
  { name: '无锡', code: 'WX', prefixes: ['苏B'], weight: 2 },
  { name: '厦门', code: 'XM', prefixes: ['闽D'], weight: 2 },
  { name: '福州', code: 'FZ', prefixes: ['闽A'], weight: 2 },
  { name: '温州', code: 'WZ', prefixes: ['浙C'], weight: 2 },
  { name: '长春', code: 'CC', prefixes: ['吉A'], weight: 2 },
  { name: '南昌', code: 'NC', prefixes: ['赣A'], weight: 2 },
  { name: '南宁', code: 'NN', prefixes: ['桂A'], weight: 2 },
  { name: '贵阳', code: 'GY', prefixes: ['贵A'], weight: 2 },
  { name: '太原', code: 'TY', prefixes: ['晋A'], weight: 2 },
  { name: '泉州', code: 'QZ', prefixes: ['闽C'], weight: 1 },
  { name: '海口', code: 'HK', prefixes: ['琼A'], weight: 1 },
  { name: '兰州', code: 'LZ', prefixes: ['甘A'], weight: 1 },
  { name: '呼和浩特', code: 'HHHT', prefixes: ['蒙A'], weight: 1 },
  { name: '乌鲁木齐', code: 'WLMQ', prefixes: ['新A'], weight: 1 },
  { name: '银川', code: 'YC', prefixes: ['宁A'], weight: 1 },
  { name: '西宁', code: 'XN', prefixes: ['青A'], weight: 1 },
  { name: '拉萨', code: 'LS', prefixes: ['藏A'], weight: 1 },
];

/** Models of the brand: ~15% new-energy (8-character plates with D = electric, F = plug-in hybrid). */
const MODELS = [
  { code: 'S5', name: '远航 S5', fuel: 'petrol', km: 5000, months: 3, descriptor: 'S5A1C', newEnergy: null, weight: 20 },
  { code: 'S7', name: '远航 S7', fuel: 'petrol', km: 7500, months: 6, descriptor: 'S7A2C', newEnergy: null, weight: 15 },
  { code: 'X5', name: '远航 X5', fuel: 'petrol', km: 7500, months: 6, descriptor: 'X5B1D', newEnergy: null, weight: 20 },
  { code: 'X7', name: '远航 X7', fuel: 'petrol', km: 10000, months: 6, descriptor: 'X7B2D', newEnergy: null, weight: 20 },
  { code: 'M8', name: '远航 M8', fuel: 'diesel', km: 10000, months: 6, descriptor: 'M8C1G', newEnergy: null, weight: 10 },
  { code: 'H6', name: '远航 H6 PHEV', fuel: 'plug_in_hybrid', km: 5000, months: 6, descriptor: 'H6P3E', newEnergy: 'F', weight: 8 },
  { code: 'E3', name: '远航 E3', fuel: 'electric', km: 10000, months: 6, descriptor: 'E3E4F', newEnergy: 'D', weight: 5 },
  { code: 'E5', name: '远航 E5', fuel: 'electric', km: 10000, months: 12, descriptor: 'E5E5H', newEnergy: 'D', weight: 2 },
] as const;

const GRADES = ['A', 'B', 'C', 'D', 'E', 'F'] as const;
/** Share of dealers per grade (in 20ths) and how many vehicles a dealer of that grade has, relative to the mean. */
const GRADE_SHARE = { A: 3, B: 5, C: 5, D: 4, E: 2, F: 1 } as const;
const GRADE_SIZE = { A: 1.8, B: 1.3, C: 1.0, D: 0.8, E: 0.6, F: 0.4 } as const;
const DEALER_NAMES = [
  '东方',
  '锦程',
  '华通',
  '恒信',
  '鼎盛',
  '瑞丰',
  '金桥',
  '宏达',
  '新锐',
  '天成',
  '中升',
  '广汇',
  '永达',
  '利星',
  '之信',
  '安捷',
  '冠城',
  '嘉华',
];

const GIVEN_CHARS =
  '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志文婷雪梅晓东海燕鹏飞子涵一鸣浩然欣怡梓萱宇轩俊思远嘉雨桐博佳琪天丹玉凤红春晨阳斌辉波宁'.split(
    '',
  );
const COMPANY_WORDS = ['恒通', '华信', '鼎盛', '瑞丰', '金桥', '宏达', '新锐', '天成', '永兴', '汇丰'];
const COMPANY_SUFFIX = ['科技有限公司', '贸易有限公司', '物流有限公司', '建设工程有限公司', '餐饮管理有限公司', '汽车租赁有限公司'];
const MOBILE_PREFIXES = [
  '130',
  '131',
  '132',
  '133',
  '135',
  '136',
  '137',
  '138',
  '139',
  '150',
  '151',
  '152',
  '153',
  '155',
  '156',
  '157',
  '158',
  '159',
  '166',
  '173',
  '177',
  '180',
  '181',
  '182',
  '183',
  '185',
  '186',
  '187',
  '188',
  '189',
  '191',
  '198',
  '199',
];
const COLORS = ['白色', '白色', '黑色', '黑色', '银色', '灰色', '蓝色', '红色', '棕色', '绿色'];

const PLATE_LETTERS = 'ABCDEFGHJKLMNPQRSTUVWXYZ'; // plates never use I or O
const VIN_LETTERS = 'ABCDEFGHJKLMNPRSTUVWXYZ'; // VINs never use I, O or Q
const DIGITS = '0123456789';
/** The body (after province + letter) of a regular plate: D = digit, L = letter. Most are 5 digits or one or two letters in front. */
const REGULAR_PLATE_PATTERNS = ['DDDDD', 'LDDDD', 'LLDDD', 'DLDDD', 'DDDDL', 'LDLDD'];
/** A small new-energy plate: D/F, then a letter or digit, then 4 digits. */
const NEV_PLATE_PATTERN = 'XDDDD';
const WMI = 'LYH';
const FIRST_DELIVERY = '2019-01-01';
/** Multiplier of the row-number bijections (a prime larger than every modulus but the mobile one, which it does not divide). */
const MIX = 2654435761n;

// ---------------------------------------------------------------------------------------------

/** `servicebay seed --vehicles N [--dealers D]`: a new network SCALE-<n> of N vehicles. */
export async function seedScale(db: Database, options: SeedScaleOptions): Promise<void> {
  await seedScaleNetwork(db, options);
}

/** The same, returning what was created (used by the benchmarks). */
export async function seedScaleNetwork(db: Database, options: SeedScaleOptions): Promise<SeedScaleResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const vehicles = Math.floor(options.vehicles);
  if (!Number.isFinite(vehicles) || vehicles < 1) throw new Error('--vehicles must be a positive number');
  const dealerCount = Math.floor(options.dealers ?? Math.min(vehicles, Math.max(3, Math.round(vehicles / 3000))));
  if (!Number.isFinite(dealerCount) || dealerCount < 1 || dealerCount > vehicles)
    throw new Error('--dealers must be between 1 and the number of vehicles');

  const started = performance.now();
  let phaseStarted = started;
  const seconds = (from: number) => ((performance.now() - from) / 1000).toFixed(1);
  const phase = (name: string) => {
    log(`  ${name.padEnd(50)} ${seconds(phaseStarted).padStart(7)} s`);
    phaseStarted = performance.now();
  };

  const version = (await sql<{ v: string }>`select version() as v`.execute(db)).rows[0]!.v;
  const isPglite = /emscripten|wasm|emcc/i.test(version);
  const batchSize = options.batchSize ?? (Number(process.env.SEED_SCALE_BATCH) || (isPglite ? 25_000 : 200_000));

  const plan = planNetwork(vehicles, dealerCount);
  const customers = plan.customers;
  const today = shanghaiDate(new Date());
  const deliveryDays = Math.max(1, daysBetween(FIRST_DELIVERY, today) - 3);

  const existing = await sql<{ code: string }>`select code from networks where code like 'SCALE-%'`.execute(db);
  const used = existing.rows.map((r) => Number(r.code.slice(6))).filter(Number.isFinite);
  const networkCode = `SCALE-${used.length ? Math.max(...used) + 1 : 1}`;
  log(
    `seed-scale: network ${networkCode}: ${fmt(vehicles)} vehicles, ${fmt(customers)} customers, ${fmt(dealerCount)} dealers in ${plan.cities} cities (batches of ${fmt(batchSize)})`,
  );

  const networkId = await db.transaction().execute(async (tx) => {
    await sql`set local synchronous_commit = off`.execute(tx);
    // The row estimates of generate_series are far off; JIT compiling for them costs seconds per statement.
    if (!isPglite) await sql`set local jit = off`.execute(tx);
    // Foreign keys hold by construction (every id comes from the rows generated just before), so when
    // the role may (a superuser, or GRANT SET ON PARAMETER session_replication_role), skip the
    // per-row foreign-key triggers as pg_restore --disable-triggers does: they are half the time.
    // Constraints, unique indexes and check constraints still apply.
    const skipTriggers = await trySet(tx, sql`set local session_replication_role = replica`);
    log(
      `  foreign-key triggers: ${skipTriggers ? 'skipped while loading (session_replication_role = replica)' : 'checked per row (not allowed to skip them)'}`,
    );
    await sql`set local work_mem = ${sql.lit(isPglite ? '32MB' : '256MB')}`.execute(tx);
    await createHelpers(tx);
    if (process.env.SEED_EXPLAIN) {
      await sql`load 'auto_explain'`.execute(tx);
      await sql`set local auto_explain.log_min_duration = 500`.execute(tx);
      await sql`set local auto_explain.log_analyze = on`.execute(tx);
      await sql`set local auto_explain.log_timing = on`.execute(tx);
      await sql`set local auto_explain.log_triggers = on`.execute(tx);
    }

    // --- network, models, dealers -------------------------------------------------------------
    const networkId = (
      await sql<{
        id: string;
      }>`insert into networks (id, code, name) values (pg_temp.uuid7(now()), ${networkCode}, ${`远航汽车（规模测试 ${networkCode.slice(6)}）`}) returning id`.execute(
        tx,
      )
    ).rows[0]!.id;

    const modelHi = cumulative(MODELS.map((m) => m.weight));
    await sql`create temp table scale_models on commit drop as
      select m.* , pg_temp.uuid7(now()) as id from (select
        unnest(${sql.raw(textArray(MODELS.map((m) => m.code)))}) as code,
        unnest(${sql.raw(textArray(MODELS.map((m) => m.name)))}) as name,
        unnest(${sql.raw(textArray(MODELS.map((m) => m.fuel)))}) as fuel,
        unnest(${sql.raw(intArray(MODELS.map((m) => m.km)))}) as km,
        unnest(${sql.raw(intArray(MODELS.map((m) => m.months)))}) as months,
        unnest(${sql.raw(textArray(MODELS.map((m) => m.descriptor)))}) as descriptor,
        unnest(${sql.raw(textArray(MODELS.map((m) => m.newEnergy ?? '')))}) as new_energy,
        unnest(${sql.raw(intArray(modelHi.map((hi, i) => hi - MODELS[i]!.weight)))}) as lo,
        unnest(${sql.raw(intArray(modelHi))}) as hi) m`.execute(tx);
    await sql`insert into vehicle_models (id, network_id, code, name, fuel_type, service_interval_km, service_interval_months)
      select id, ${networkId}::uuid, code, name, fuel, km, months from scale_models`.execute(tx);

    const d = plan.dealers;
    await sql`create temp table scale_dealers on commit drop as
      select x.*, pg_temp.uuid7(timestamptz '2018-06-01 09:00+08' + x.idx * interval '3 days') as id from (select
        unnest(${sql.raw(intArray(d.map((_, i) => i)))}) as idx,
        unnest(${sql.raw(textArray(d.map((r) => r.code)))}) as code,
        unnest(${sql.raw(textArray(d.map((r) => r.name)))}) as name,
        unnest(${sql.raw(textArray(d.map((r) => r.grade)))}) as grade,
        unnest(${sql.raw(textArray(d.map((r) => r.city)))}) as city,
        string_to_array(unnest(${sql.raw(textArray(d.map((r) => r.prefixes.join(','))))}), ',') as prefixes,
        unnest(${sql.raw(intArray(d.map((r) => r.prefixes.length)))}) as np,
        unnest(${sql.raw(intArray(d.map((r) => r.vstart)))})::bigint as vstart,
        unnest(${sql.raw(intArray(d.map((r) => r.vcount)))}) as vcount,
        unnest(${sql.raw(intArray(d.map((r) => r.cstart)))})::bigint as cstart,
        unnest(${sql.raw(intArray(d.map((r) => r.ccount)))}) as ccount,
        unnest(${sql.raw(intArray(d.map((r) => r.cityVstart)))})::bigint as city_vstart) x`.execute(tx);
    await sql`create unique index on scale_dealers (idx)`.execute(tx);
    await sql`analyze scale_dealers`.execute(tx);
    await sql`insert into dealers (id, network_id, code, name, grade, city, created_at)
      select id, ${networkId}::uuid, code, name, grade, city, timestamptz '2018-06-01 09:00+08' + idx * interval '3 days' from scale_dealers`.execute(
      tx,
    );
    phase(`network, ${MODELS.length} models, ${fmt(dealerCount)} dealers`);

    // --- customers and vehicles, in time slices ---------------------------------------------------
    // Dealer d has vehicles k = 0 … vcount-1 (global number n = vstart + k) delivered in k order from
    // 2019 to now, and customers j = 0 … ccount-1 (global m = cstart + j). Vehicle k is the first car
    // of customer j = k·ccount/vcount when that quotient moves on; the other ~15% are further cars of
    // customers who came before. A batch is a slice of time across all dealers (k from vcount·b/B),
    // so UUIDv7 ids arrive roughly in order and index inserts stay near the right edge: this keeps
    // the load fast when the indexes outgrow shared_buffers. Each insert is also sorted by its key.
    await sql`create temp table scale_customers (m bigint primary key, id uuid not null) on commit drop`.execute(tx);
    const surnames = sqlTextArray(SURNAMES);
    const given = sqlTextArray(GIVEN_CHARS);
    const mobileSpace = BigInt(MOBILE_PREFIXES.length) * 100_000_000n;
    const regular = plateDecoder('pb_reg', REGULAR_PLATE_PATTERNS, PLATE_LETTERS);
    const nev = plateDecoder('pb_nev', [NEV_PLATE_PATTERN], PLATE_LETTERS + DIGITS);
    if (plan.maxPerPrefix > Math.min(regular.size, nev.size)) {
      throw new Error(`too many vehicles per plate prefix (${plan.maxPerPrefix}); at most ${Math.min(regular.size, nev.size)}`);
    }
    const plants = Math.max(3, Math.ceil((vehicles * 1.5) / 1_000_000));
    if (plants > VIN_LETTERS.length) throw new Error('too many vehicles for the VIN plant/serial space');
    const vinSpace = BigInt(plants) * 1_000_000n;
    for (const space of [mobileSpace, BigInt(regular.size), BigInt(nev.size), vinSpace]) assertCoprime(MIX, space);
    const mix = sql.lit(MIX.toString());
    const yearCodes = 'KLMNPRSTVWXY'; // model years 2019…2030 (position 10 of the VIN)
    const slices = Math.max(1, Math.ceil(vehicles / batchSize));
    // Vehicle k of dealer d in slice b, and the two quantities every statement needs.
    const sliceOf = (b: number) => sql`
      from scale_dealers d
      cross join lateral generate_series((d.vcount * ${sql.lit(b)}) / ${sql.lit(slices)}, (d.vcount * ${sql.lit(b + 1)}) / ${sql.lit(slices)} - 1) k
      cross join lateral (select d.vstart + k as n, (k * d.ccount) / d.vcount as j,
                                 k = 0 or (k * d.ccount) / d.vcount <> ((k - 1) * d.ccount) / d.vcount as first_car) kk`;
    const delivered = (k: ReturnType<typeof sql>, n: ReturnType<typeof sql>) =>
      sql`(date ${sql.lit(FIRST_DELIVERY)} + (((${k}) * 1000 + pg_temp.h(${n}, 2, 1000)) * ${sql.lit(deliveryDays)} / (d.vcount * 1000))::int)`;
    let customersDone = 0;
    let vehiclesDone = 0;
    let customersSeconds = 0;
    let vehiclesSeconds = 0;

    for (let b = 0; b < slices; b++) {
      let t = performance.now();
      const c = await sql`
        with c as materialized (
          select x.*, pg_temp.uuid7(x.created_at) as id from (
            select d.cstart + kk.j as m, d.id as dealer_id, d.city,
              ((${delivered(sql`k`, sql`kk.n`)} - pg_temp.h(kk.n, 10, 45)::int)
                + time '09:00' + pg_temp.h(kk.n, 11, 36000)::int * interval '1 second') at time zone 'Asia/Shanghai' as created_at
            ${sliceOf(b)}
            where kk.first_car
          ) x
        ),
        ins_customers as (
          insert into customers (id, network_id, name, mobile, kind, gender, birthday, email, city, consent, consent_updated_at, created_at, updated_at)
          select id, ${networkId}::uuid,
            case when company
              then city || (${sql.raw(sqlTextArray(COMPANY_WORDS))})[(1 + pg_temp.h(m, 14, ${sql.lit(COMPANY_WORDS.length)}))::int] || (${sql.raw(sqlTextArray(COMPANY_SUFFIX))})[(1 + pg_temp.h(m, 15, ${sql.lit(COMPANY_SUFFIX.length)}))::int]
              -- surnames by frequency: the list is ordered, the index skewed to its head
              else (${sql.raw(surnames)})[(1 + pg_temp.h(m, 16, 1000) * pg_temp.h(m, 16, 1000) * ${sql.lit(SURNAMES.length)} / 1000000)::int]
                || (${sql.raw(given)})[(1 + pg_temp.h(m, 17, ${sql.lit(GIVEN_CHARS.length)}))::int]
                || case when pg_temp.h(m, 18, 100) < 55 then (${sql.raw(given)})[(1 + pg_temp.h(m, 19, ${sql.lit(GIVEN_CHARS.length)}))::int] else '' end
            end,
            mobile,
            case when company then 'company' else 'individual' end,
            case when company then 'unknown' when pg_temp.h(m, 13, 100) < 62 then 'male' else 'female' end,
            case when company then null else date '1960-01-01' + pg_temp.h(m, 20, 15700)::int end,
            case when pg_temp.h(m, 21, 100) < 20 then mobile || '@example.cn' end,
            city,
            jsonb_build_object('sms', pg_temp.h(m, 22, 100) < 90, 'phone', pg_temp.h(m, 23, 100) < 95, 'email', pg_temp.h(m, 24, 100) < 20, 'wechat', pg_temp.h(m, 25, 100) < 60),
            created_at, created_at, created_at
          from (select c.*, pg_temp.h(m, 12, 100) < 8 as company,
                  (${sql.raw(sqlTextArray(MOBILE_PREFIXES))})[(1 + pg_temp.mobile_digits(m, ${mix}, ${sql.lit(mobileSpace.toString())}) / 100000000)::int]
                    || lpad((pg_temp.mobile_digits(m, ${mix}, ${sql.lit(mobileSpace.toString())}) % 100000000)::text, 8, '0') as mobile
                from c offset 0) c
          order by id
        ),
        ins_links as (
          insert into dealer_customers (dealer_id, customer_id, source, created_at) select dealer_id, id, 'seed', created_at from c order by dealer_id, id
        ),
        ins_events as (
          insert into timeline_events (id, network_id, customer_id, dealer_id, kind, data, occurred_at)
          select pg_temp.uuid7(created_at), ${networkId}::uuid, id, dealer_id, 'customer.created', '{}', created_at from c order by 1
        )
        insert into scale_customers (m, id) select m, id from c`.execute(tx);
      customersDone += Number(c.numAffectedRows ?? 0);
      customersSeconds += (performance.now() - t) / 1000;
      await sql`analyze scale_customers`.execute(tx);

      t = performance.now();
      const v = await sql`
        with base as (
          select kk.n, d.idx as dealer_idx, d.id as dealer_id, k, kk.j, kk.first_car, d.cstart, d.prefixes, d.np,
            d.city_vstart + k as ci,
            ${delivered(sql`k`, sql`kk.n`)} as delivered_on,
            pg_temp.h(kk.n, 30, 100) as model_pick
          ${sliceOf(b)}
        ),
        shaped as materialized (
          select b.*, m.id as model_id, m.fuel, m.new_energy, m.descriptor,
            b.prefixes[(1 + b.ci % b.np)::int] as prefix,
            pg_temp.perm(b.ci / b.np, ${mix}, 7919, ${sql.lit(regular.size)}) as pb_reg,
            pg_temp.perm(b.ci / b.np, ${mix}, 104729, ${sql.lit(nev.size)}) as pb_nev,
            pg_temp.perm(b.n, ${mix}, 15485863, ${sql.lit(vinSpace.toString())}) as vs,
            least(greatest(extract(year from b.delivered_on)::int - (pg_temp.h(b.n, 31, 100) < 12)::int, 2019), 2030) as model_year,
            b.cstart + case when b.first_car then b.j else pg_temp.h(b.n, 32, b.j + 1) end as owner_m,
            case when pg_temp.h(b.n, 33, 100) < 15 then b.cstart + pg_temp.h(b.n, 34, b.j + 1) end as user_m,
            case when ${sql.lit(dealerCount)} > 1 and pg_temp.h(b.n, 35, 100) < 3
              then (b.dealer_idx + 1 + pg_temp.h(b.n, 36, ${sql.lit(Math.max(1, dealerCount - 1))})) % ${sql.lit(dealerCount)} end as second_dealer_idx,
            (b.delivered_on + time '10:00' + pg_temp.h(b.n, 37, 28800)::int * interval '1 second') at time zone 'Asia/Shanghai' as created_at
          from base b join scale_models m on b.model_pick >= m.lo and b.model_pick < m.hi
        ),
        v as materialized (
          select s.n, s.dealer_id, s.delivered_on, s.created_at, s.model_id, s.fuel, s.model_year,
            pg_temp.uuid7(s.created_at) as id,
            pg_temp.vin(${WMI} || s.descriptor || '0' || substr(${yearCodes}, s.model_year - 2018, 1)
              || substr(${VIN_LETTERS}, 1 + (s.vs / 1000000)::int, 1) || lpad((s.vs % 1000000)::text, 6, '0')) as vin,
            s.prefix || case when s.new_energy = '' then ${sql.raw(regular.sql)} else s.new_energy || ${sql.raw(nev.sql)} end as plate_key,
            o.id as owner_id,
            case when u.id <> o.id then u.id end as user_id,
            d2.id as second_dealer_id
          from shaped s
          join scale_customers o on o.m = s.owner_m
          left join scale_customers u on u.m = s.user_m
          left join scale_dealers d2 on d2.idx = s.second_dealer_idx
        ),
        readings as materialized (
          -- Up to 4 readings in the last two years (from the delivery if it is more recent), increasing.
          -- (offset 0 keeps each sub-result computed once instead of inlined into every use.)
          select r.vehicle_id, r.dealer_id, r.owner_id, r.read_on, r.j = r.cnt - 1 as latest,
            ((r.read_on - r.delivered_on) * r.km_per_day + pg_temp.h(r.n * 8 + r.j, 41, 30))::int as km,
            case when r.read_on = r.delivered_on then 'delivery' when pg_temp.h(r.n * 8 + r.j, 42, 100) < 85 then 'service_visit' else 'call' end as source,
            (r.read_on + time '11:00') at time zone 'Asia/Shanghai' as at
          from (
            select v.id as vehicle_id, v.dealer_id, v.owner_id, v.n, v.delivered_on, 15 + pg_temp.h(v.n, 40, 76) as km_per_day, j, p.cnt,
              p.start + j * p.step + case when j = 0 and p.start = v.delivered_on then 0 else pg_temp.h(v.n * 8 + j, 44, greatest(1, p.step / 2))::int end as read_on
            from v
            cross join lateral (
              select q.start, (date ${sql.lit(today)} - q.start) / q.cnt as step, q.cnt
              from (select greatest(v.delivered_on, date ${sql.lit(today)} - 730 + pg_temp.h(v.n, 43, 60)::int) as start,
                           least(4, 1 + (date ${sql.lit(today)} - greatest(v.delivered_on, date ${sql.lit(today)} - 730 + pg_temp.h(v.n, 43, 60)::int)) / 90) as cnt
                    offset 0) q
            ) p
            cross join lateral generate_series(0, p.cnt - 1) j
            offset 0
          ) r
        ),
        ins_vehicles as (
          insert into vehicles (id, network_id, vin, plate_key, model_id, model_year, color, fuel_type, use_type, delivered_on,
            owner_id, user_id, insurance_expires_on, inspection_due_on, created_at, updated_at)
          select id, ${networkId}::uuid, vin, plate_key, model_id, model_year,
            (${sql.raw(sqlTextArray(COLORS))})[(1 + pg_temp.h(n, 50, ${sql.lit(COLORS.length)}))::int],
            fuel,
            case when pg_temp.h(n, 51, 100) < 90 then 'private' when pg_temp.h(n, 52, 2) = 0 then 'company' else 'ride_hailing' end,
            delivered_on, owner_id, user_id,
            (delivered_on + (extract(year from age(date ${sql.lit(today)}, delivered_on))::int + 1) * interval '1 year')::date,
            (delivered_on + interval '6 years')::date,
            created_at, created_at
          from v order by id
        ),
        ins_links as (
          insert into dealer_vehicles (dealer_id, vehicle_id, source, created_at)
          select * from (
            select dealer_id, id, 'seed', created_at from v
            union all
            select second_dealer_id, id, 'seed', least(created_at + interval '400 days', now()) from v where second_dealer_id is not null
          ) l order by 1, 2
        ),
        ins_second_customers as (
          insert into dealer_customers (dealer_id, customer_id, source, created_at)
          select distinct on (second_dealer_id, owner_id) second_dealer_id, owner_id, 'seed', least(created_at + interval '400 days', now())
          from v where second_dealer_id is not null
          order by second_dealer_id, owner_id
          on conflict do nothing
        ),
        ins_readings as (
          insert into mileage_readings (id, vehicle_id, read_on, km, source, dealer_id, created_at)
          select pg_temp.uuid7(at), vehicle_id, read_on, km, source, dealer_id, at from readings order by 1
        ),
        ins_events as (
          -- vehicle.created for owner and user, and mileage.recorded for each vehicle's latest reading
          insert into timeline_events (id, network_id, customer_id, vehicle_id, dealer_id, kind, data, occurred_at)
          select * from (
            select pg_temp.uuid7(created_at), ${networkId}::uuid, owner_id, id, dealer_id, 'vehicle.created', jsonb_build_object('plate', plate_key), created_at from v
            union all
            select pg_temp.uuid7(created_at), ${networkId}::uuid, user_id, id, dealer_id, 'vehicle.created', jsonb_build_object('plate', plate_key), created_at from v where user_id is not null
            union all
            select pg_temp.uuid7(at), ${networkId}::uuid, owner_id, vehicle_id, dealer_id, 'mileage.recorded', jsonb_build_object('km', km, 'readOn', read_on), at from readings where latest
          ) e order by 1
        )
        select count(*) from v`.execute(tx);
      vehiclesDone += Number((v.rows[0] as { count: string | number } | undefined)?.count ?? 0);
      vehiclesSeconds += (performance.now() - t) / 1000;
      log(
        `    slice ${String(b + 1).padStart(3)}/${slices}: ${fmt(customersDone).padStart(11)} customers, ${fmt(vehiclesDone).padStart(11)} vehicles   ${seconds(phaseStarted)} s`,
      );
    }
    if (customersDone !== customers || vehiclesDone !== vehicles) {
      throw new Error(`internal: generated ${customersDone} customers and ${vehiclesDone} vehicles, planned ${customers} and ${vehicles}`);
    }
    log(`    (customers ${customersSeconds.toFixed(1)} s, vehicles with links, mileage and events ${vehiclesSeconds.toFixed(1)} s)`);
    phase(`${fmt(customers)} customers, ${fmt(vehicles)} vehicles`);
    if (skipTriggers) {
      // The triggers that keep the dealers' search keys were skipped with the foreign-key ones: the
      // keys of the new network's links, as migration 0019 fills them.
      for (const statement of searchKeyFills(`l.dealer_id in (select id from dealers where network_id = '${networkId}')`))
        await sql.raw(statement).execute(tx);
      phase('search keys');
    }

    await sql`drop function pg_temp.h(bigint, int, bigint), pg_temp.perm(bigint, bigint, bigint, bigint), pg_temp.uuid7(timestamptz), pg_temp.vin(text), pg_temp.mobile_digits(bigint, bigint, bigint)`.execute(
      tx,
    );
    return networkId;
  });
  phase('commit');

  // VACUUM cannot run in a transaction; it also sets the visibility map, as autovacuum would have by now in production.
  for (const table of [
    'networks',
    'dealers',
    'vehicle_models',
    'customers',
    'dealer_customers',
    'vehicles',
    'dealer_vehicles',
    'mileage_readings',
    'timeline_events',
    'customer_search_keys',
  ]) {
    await sql`vacuum (analyze) ${sql.table(table)}`.execute(db);
  }
  phase('vacuum analyze');

  await verifySample(db, networkId);
  phase('verify a sample (VINs, plates, mobiles, UUIDv7)');

  const counts = (
    await sql<{ customers: number; vehicles: number; readings: number; events: number }>`
      select (select count(*) from customers where network_id = ${networkId})::int as customers,
             (select count(*) from vehicles where network_id = ${networkId})::int as vehicles,
             (select count(*) from mileage_readings r join dealers d on d.id = r.dealer_id where d.network_id = ${networkId})::int as readings,
             (select count(*) from timeline_events where network_id = ${networkId})::int as events`.execute(db)
  ).rows[0]!;
  const total = Number(seconds(started));
  log(
    `seed-scale: ${networkCode} done in ${total.toFixed(1)} s — ${fmt(counts.vehicles)} vehicles, ${fmt(counts.customers)} customers, ` +
      `${fmt(counts.readings)} mileage readings, ${fmt(counts.events)} timeline events`,
  );
  return { networkId, networkCode, dealers: dealerCount, customers: counts.customers, vehicles: counts.vehicles, seconds: total };
}

// ---------------------------------------------------------------------------------------------
// SQL helpers, created in pg_temp for the seeding session only (dropped before commit).

async function createHelpers(db: Database) {
  // A deterministic pseudo-random number in [0, mod) from a row number and a salt.
  await sql`create function pg_temp.h(n bigint, salt int, mod bigint) returns bigint language sql immutable
    as $$ select ((hashint8extended(n, salt) % mod) + mod) % mod $$`.execute(db);
  // A bijection of [0, space) when mul and space are coprime: unique values without retries.
  await sql`create function pg_temp.perm(x bigint, mul bigint, add bigint, space bigint) returns bigint language sql immutable
    as $$ select (x * mul + add) % space $$`.execute(db);
  // UUIDv7 for an instant (RFC 9562): 48-bit Unix milliseconds, version 7 (0x7000), 12 random bits;
  // then variant 10 (the sign bit set, the next one clear) and 62 random bits. random() rather than
  // gen_random_uuid(): 4× faster, and seed ids need no cryptographic randomness.
  await sql`create function pg_temp.uuid7(at timestamptz) returns uuid language sql volatile as $$
    select encode(
      int8send((floor(date_part('epoch', at) * 1000)::bigint << 16) | 28672 | floor(random() * 4096)::bigint)
      || int8send((floor(random() * 2147483648)::bigint << 31) | floor(random() * 2147483648)::bigint | (-9223372036854775808)::bigint),
      'hex')::uuid $$`.execute(db);
  // A 17-character VIN with its check digit (position 9) computed per ISO 3779 / GB 16735:
  // letters transliterate to 1–9, weights 8 7 6 5 4 3 2 10 0 9 8 7 6 5 4 3 2, sum mod 11, 10 = X.
  await sql`create function pg_temp.vin(body text) returns text language plpgsql immutable strict as $$
    declare
      t bytea := convert_to(translate(body, 'ABCDEFGHJKLMNPRSTUVWXYZ', '12345678123457923456789'), 'UTF8');
      w int[] := '{8,7,6,5,4,3,2,10,0,9,8,7,6,5,4,3,2}';
      s int := 0;
    begin
      for i in 0..16 loop s := s + (get_byte(t, i) - 48) * w[i + 1]; end loop;
      return overlay(body placing substr('0123456789X', s % 11 + 1, 1) from 9 for 1);
    end $$`.execute(db);
  // Customer m's mobile as a number in [0, prefixes × 10^8): a bijection of m (so mobiles are unique
  // without retries) whose last four digits are shuffled by the upper part, so that neighbouring
  // customers don't share a pattern. Prefix = digits / 10^8, the 8 digits = digits % 10^8.
  await sql`create function pg_temp.mobile_digits(m bigint, mul bigint, space bigint) returns bigint language sql immutable as $$
    select pg_temp.perm(m, mul, 12345, space) / 10000 * 10000
         + (pg_temp.perm(m, mul, 12345, space) % 10000 + pg_temp.h(pg_temp.perm(m, mul, 12345, space) / 10000, 9, 10000)) % 10000 $$`.execute(
    db,
  );
}

/** Runs a SET inside the transaction; false (and the transaction intact) when it is not allowed. */
async function trySet(tx: Database, statement: ReturnType<typeof sql>): Promise<boolean> {
  await sql`savepoint seed_scale_try`.execute(tx);
  try {
    await statement.execute(tx);
    await sql`release savepoint seed_scale_try`.execute(tx);
    return true;
  } catch {
    await sql`rollback to savepoint seed_scale_try`.execute(tx);
    return false;
  }
}

/** A SQL expression decoding the integer column `col` (in [0, size)) into a plate body, pattern by pattern. */
function plateDecoder(col: string, patterns: string[], letters: string): { sql: string; size: number } {
  const alphabet = (c: string) => (c === 'D' ? DIGITS : c === 'L' ? PLATE_LETTERS : letters);
  let offset = 0;
  const branches: string[] = [];
  for (const pattern of patterns) {
    const radices = [...pattern].map((c) => alphabet(c).length);
    const size = radices.reduce((a, b) => a * b, 1);
    const parts = [...pattern].map((c, i) => {
      const divisor = radices.slice(i + 1).reduce((a, b) => a * b, 1);
      return `substr('${alphabet(c)}', ((s.${col} - ${offset}) / ${divisor} % ${radices[i]})::int + 1, 1)`;
    });
    branches.push(`when s.${col} < ${offset + size} then ${parts.join(' || ')}`);
    offset += size;
  }
  return { sql: `(case ${branches.join(' ')} end)`, size: offset };
}

// ---------------------------------------------------------------------------------------------
// The network plan (a few hundred rows, computed here and inserted in one statement).

type DealerPlan = {
  code: string;
  name: string;
  grade: string;
  city: string;
  prefixes: readonly string[];
  vstart: number;
  vcount: number;
  cstart: number;
  ccount: number;
  cityVstart: number;
};

export function planNetwork(vehicles: number, dealerCount: number) {
  // Dealers go to cities by D'Hondt on the city weights: the first ones to the biggest cities.
  const perCity = new Map<string, number>();
  const cityOf: (typeof CITIES)[number][] = [];
  for (let i = 0; i < dealerCount; i++) {
    let best = CITIES[0]!;
    let bestScore = -1;
    for (const c of CITIES) {
      const score = c.weight / ((perCity.get(c.code) ?? 0) + 1);
      if (score > bestScore) [best, bestScore] = [c, score];
    }
    perCity.set(best.code, (perCity.get(best.code) ?? 0) + 1);
    cityOf.push(best);
  }
  const gradeCycle = GRADES.flatMap((g) => Array<string>(GRADE_SHARE[g]).fill(g));
  const grades = cityOf.map((_, i) => gradeCycle[(i * 7) % gradeCycle.length]! as keyof typeof GRADE_SIZE);
  const weights: number[] = grades.map((g) => GRADE_SIZE[g]);
  let totalWeight = weights.reduce((a, b) => a + b, 0);
  if (weights.some((w) => Math.round((vehicles * w) / totalWeight) < 2)) {
    weights.fill(1);
    totalWeight = dealerCount;
  }
  const cumulativeWeight = cumulative(weights);

  const dealers: DealerPlan[] = [];
  const seenInCity = new Map<string, number>();
  const cityVehicles = new Map<string, number>();
  let vstart = 0;
  let cstart = 0;
  for (let i = 0; i < dealerCount; i++) {
    const city = cityOf[i]!;
    // Cumulative rounding: the counts add up to exactly `vehicles`; an even split when that leaves a dealer empty.
    const vcount = Math.round((vehicles * cumulativeWeight[i]!) / totalWeight) - vstart;
    const ccount = Math.max(1, Math.round(vcount * 0.85));
    const nth = (seenInCity.get(city.code) ?? 0) + 1;
    seenInCity.set(city.code, nth);
    const cityVstart = cityVehicles.get(city.code) ?? 0;
    cityVehicles.set(city.code, cityVstart + vcount);
    dealers.push({
      code: `${city.code}${String(nth).padStart(2, '0')}`,
      name: `${city.name}远航${DEALER_NAMES[(nth - 1) % DEALER_NAMES.length]}${nth > DEALER_NAMES.length ? Math.ceil(nth / DEALER_NAMES.length) : ''}4S店`,
      grade: grades[i]!,
      city: city.name,
      prefixes: city.prefixes,
      vstart,
      vcount,
      cstart,
      ccount,
      cityVstart,
    });
    vstart += vcount;
    cstart += ccount;
  }
  if (vstart !== vehicles || dealers.some((d) => d.vcount < 1))
    throw new Error(`cannot spread ${vehicles} vehicles over ${dealerCount} dealers`);
  const maxPerPrefix = Math.max(...CITIES.map((c) => Math.ceil((cityVehicles.get(c.code) ?? 0) / c.prefixes.length)));
  return { dealers, customers: cstart, cities: perCity.size, maxPerPrefix };
}

// ---------------------------------------------------------------------------------------------

async function verifySample(db: Database, networkId: string) {
  const rows = (
    await sql<{ id: string; created_at: Date; vin: string; plate_key: string; mobile: string; city: string; fuel_type: string }>`
      select v.id, v.created_at, v.vin, v.plate_key, c.mobile, d.city, v.fuel_type
      from (select * from vehicles where network_id = ${networkId} order by md5(vin) limit 3000) v
      join customers c on c.id = v.owner_id
      join dealer_vehicles dv on dv.vehicle_id = v.id
      join dealers d on d.id = dv.dealer_id`.execute(db)
  ).rows;
  const prefixes = new Map(CITIES.map((c) => [c.name, c.prefixes]));
  const problems: string[] = [];
  for (const r of rows) {
    const vp = vinProblem(r.vin);
    if (vp) problems.push(`VIN ${r.vin}: ${vp}`);
    const kind = plateKind(r.plate_key);
    if (!kind) problems.push(`plate ${r.plate_key}: not a valid plate`);
    else if ((kind === 'new_energy') !== (r.fuel_type === 'electric' || r.fuel_type === 'plug_in_hybrid'))
      problems.push(`plate ${r.plate_key}: wrong kind for ${r.fuel_type}`);
    if (!isValidMobile(r.mobile)) problems.push(`mobile ${r.mobile}: not valid`);
    // UUIDv7: version 7, variant 10, and the first 48 bits are the creation time in Unix milliseconds.
    const hex = r.id.replace(/-/g, '');
    if (hex[12] !== '7' || !'89ab'.includes(hex[16]!) || parseInt(hex.slice(0, 12), 16) !== new Date(r.created_at).getTime()) {
      problems.push(`id ${r.id}: not a UUIDv7 of ${new Date(r.created_at).toISOString()}`);
    }
    // A vehicle linked to a second dealer may be in another city; its plate matches the first one.
    if (!prefixes.get(r.city)?.includes(r.plate_key.slice(0, 2)))
      problems.push(`plate ${r.plate_key}: not a ${r.city} plate (second dealer?)`);
  }
  // Vehicles with a second dealer appear twice in the join, once with a foreign city: allow those.
  const hard = problems.filter((p) => !p.endsWith('(second dealer?)'));
  const foreign = problems.length - hard.length;
  if (rows.length === 0 || hard.length > 0 || foreign > rows.length * 0.1) {
    throw new Error(`seed-scale: the sample of ${rows.length} vehicles has problems:\n  ${problems.slice(0, 20).join('\n  ')}`);
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (n: number) => n.toLocaleString('en-US');

function cumulative(values: readonly number[]): number[] {
  let sum = 0;
  return values.map((v) => (sum += v));
}

function quote(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
function textArray(values: readonly string[]): string {
  return `array[${values.map(quote).join(',')}]::text[]`;
}
const sqlTextArray = textArray;
function intArray(values: readonly number[]): string {
  return `array[${values.map((v) => String(Math.trunc(v))).join(',')}]::bigint[]`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}
function assertCoprime(a: bigint, b: bigint) {
  if (gcd(a, b) !== 1n) throw new Error(`internal: ${a} and ${b} are not coprime; the bijection would repeat values`);
}

function shanghaiDate(at: Date): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(at);
}
function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}
