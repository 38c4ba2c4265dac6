import type { CustomerSegment, CustomerTier, RetentionPriority, ValueListOrder, ValueTrend } from '@servicebay/contracts';
import { sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';
import {
  CSI_SCORE,
  DEFAULT_RETENTION,
  FREQUENCY_PER_YEAR,
  MONETARY_FEN_PER_YEAR,
  NEW_CUSTOMER_DAYS,
  PRIORITY_AT,
  RECENCY_DAYS,
  TENURE_DAYS,
  TIER_PERCENT,
  TREND_SHARE,
  VALUE_DEFAULTS,
} from './customer-value.rules.js';

// The score limits of the rules, written into the statement as literals.
const scoreAtMost = (value: string, limits: readonly number[]) =>
  sql.raw(`case ${limits.map((l, i) => `when ${value} <= ${l} then ${5 - i}`).join(' ')} else 1 end`);
const scoreAtLeast = (value: string, limits: readonly number[]) =>
  sql.raw(`case ${limits.map((l, i) => `when ${value} >= ${l} then ${5 - i}`).join(' ')} else 1 end`);

export type CustomerValueRow = {
  dealer_id: string;
  customer_id: string;
  computed_on: string;
  first_visit_on: string;
  last_visit_on: string;
  recency_days: number;
  visits: number;
  revenue_fen: string;
  vehicles: number;
  r: number;
  f: number;
  m: number;
  segment: CustomerSegment;
  visits_per_year: string;
  revenue_per_vehicle_fen: string;
  lifetime_value_fen: string;
  recent_visits: number;
  prior_visits: number;
  recent_fen: string;
  prior_fen: string;
  trend: ValueTrend;
  tier: CustomerTier;
  tenure_score: number;
  loyalty: number;
  latest_csi: string | null;
  complaints_12m: number;
  open_complaints: number;
  satisfaction: number | null;
  priority: number;
  priority_level: RetentionPriority;
};

export type ValueInputsRow = {
  window_months: number;
  margin_share: number;
  discount_rate: number;
  horizon_years: number;
  retention: number;
};

/** The settings (or their defaults) and the retention a value was computed with. */
const inputs = sql`run.window_months, run.margin_share, run.discount_rate, run.horizon_years, run.retention`;

export function createCustomerValueRepository(db: Database) {
  /** The dealers of the run with their settings and their `today`: every dealer, or one. */
  const params = (today: string, dealerId: string | null) => sql`
    select d.id as dealer_id, d.time_zone, ${today}::date as today,
      coalesce(s.window_months, ${VALUE_DEFAULTS.windowMonths}) as window_months,
      coalesce(s.margin_share, ${VALUE_DEFAULTS.marginShare})::float8 as margin_share,
      coalesce(s.discount_rate, ${VALUE_DEFAULTS.discountRate})::float8 as discount_rate,
      coalesce(s.horizon_years, ${VALUE_DEFAULTS.horizonYears}) as horizon_years
    from dealers d left join customer_value_settings s on s.dealer_id = d.id
    where ${dealerId}::uuid is null or d.id = ${dealerId}::uuid`;

  /** Each customer's visits at each dealer up to today, by local day, with the window's bounds. */
  const visitFacts = (today: string, dealerId: string | null) => sql`
    p as (${params(today, dealerId)}),
    v as (
      select vi.dealer_id, vi.customer_id, vi.vehicle_id, (vi.arrived_at at time zone p.time_zone)::date as on_day
      from visits vi join p on p.dealer_id = vi.dealer_id
      where vi.status <> 'cancelled'
    ),
    va as (
      select v.dealer_id, v.customer_id,
        min(v.on_day) as first_on, max(v.on_day) as last_on, count(*)::int as all_visits,
        count(distinct v.vehicle_id)::int as vehicles,
        count(*) filter (where v.on_day > (p.today - make_interval(months => p.window_months))::date)::int as window_visits,
        count(*) filter (where v.on_day > (p.today - interval '12 months')::date)::int as recent_visits,
        count(*) filter (where v.on_day > (p.today - interval '24 months')::date
          and v.on_day <= (p.today - interval '12 months')::date)::int as prior_visits
      from v join p on p.dealer_id = v.dealer_id
      where v.on_day <= p.today
      group by v.dealer_id, v.customer_id
    )`;

  return {
    /**
     * The night's computation, set-based: the dealer's retention (last-but-one year's customers who
     * came back within the last year) and then every customer's figures, replacing the last night's.
     * The rules are customer-value.rules.ts; a parity test holds this statement to them.
     */
    async compute(today: string, dealerId: string | null, now: Date) {
      // The visit totals are read by both statements: computed once into a temporary table that goes
      // with the transaction. A night over a million customers sorts and hashes more than the default
      // work_mem holds; the settings too last only for the transaction.
      if (!db.isTransaction) throw new Error('the value computation runs in a transaction');
      await sql`set local work_mem = '256MB'`.execute(db);
      // Compiling the statement's expressions takes longer than the rows they save on a night this size.
      await sql`set local jit = off`.execute(db);
      await sql`drop table if exists value_visits`.execute(db);
      await sql`create temp table value_visits on commit drop as with ${visitFacts(today, dealerId)} select * from va`.execute(db);
      await sql`analyze value_visits`.execute(db);
      await sql`
        with p as (${params(today, dealerId)}),
        counts as (
          select p.dealer_id, p.window_months, p.margin_share, p.discount_rate, p.horizon_years,
            count(va.customer_id)::int as customers,
            (count(*) filter (where va.prior_visits > 0))::int as prior_year_customers,
            (count(*) filter (where va.prior_visits > 0 and va.recent_visits > 0))::int as returned
          from p left join value_visits va on va.dealer_id = p.dealer_id
          group by p.dealer_id, p.window_months, p.margin_share, p.discount_rate, p.horizon_years
        )
        insert into customer_value_runs (dealer_id, computed_on, customers, prior_year_customers, returned, retention,
          window_months, margin_share, discount_rate, horizon_years, computed_at)
        select dealer_id, ${today}::date, customers, prior_year_customers, returned,
          case when prior_year_customers = 0 then ${DEFAULT_RETENTION}::float8
            else returned::float8 / prior_year_customers::float8 end,
          window_months, margin_share, discount_rate, horizon_years, ${now}
        from counts
        on conflict (dealer_id) do update set computed_on = excluded.computed_on, customers = excluded.customers,
          prior_year_customers = excluded.prior_year_customers, returned = excluded.returned,
          retention = excluded.retention, window_months = excluded.window_months, margin_share = excluded.margin_share,
          discount_rate = excluded.discount_rate, horizon_years = excluded.horizon_years, computed_at = excluded.computed_at`.execute(db);
      await sql`delete from customer_values where ${dealerId}::uuid is null or dealer_id = ${dealerId}::uuid`.execute(db);
      const inserted = await sql`
        with p as (${params(today, dealerId)}),
        inv as (
          select ro.dealer_id, ro.customer_id,
            coalesce(sum(i.total_fen) filter (where d.on_day > (p.today - make_interval(months => p.window_months))::date), 0)::bigint as window_fen,
            coalesce(sum(i.total_fen) filter (where d.on_day > (p.today - interval '12 months')::date), 0)::bigint as recent_fen,
            coalesce(sum(i.total_fen) filter (where d.on_day > (p.today - interval '24 months')::date
              and d.on_day <= (p.today - interval '12 months')::date), 0)::bigint as prior_fen
          from invoices i
          join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
          join p on p.dealer_id = i.dealer_id
          cross join lateral (select (i.created_at at time zone p.time_zone)::date as on_day) d
          where d.on_day <= p.today
          group by ro.dealer_id, ro.customer_id
        ),
        sv as (
          select distinct on (sr.dealer_id, sr.customer_id) sr.dealer_id, sr.customer_id, sr.csi
          from survey_responses sr
          join p on p.dealer_id = sr.dealer_id
          cross join lateral (select (sr.submitted_at at time zone p.time_zone)::date as on_day) d
          where sr.csi is not null and d.on_day <= p.today
            and d.on_day > (p.today - make_interval(months => p.window_months))::date
          order by sr.dealer_id, sr.customer_id, sr.submitted_at desc
        ),
        cp as (
          select c.dealer_id, c.customer_id,
            (count(*) filter (where d.on_day > (p.today - interval '12 months')::date))::int as complaints_12m,
            (count(*) filter (where c.status <> 'closed'))::int as open_complaints
          from complaints c
          join p on p.dealer_id = c.dealer_id
          cross join lateral (select (c.received_at at time zone p.time_zone)::date as on_day) d
          where d.on_day <= p.today
          group by c.dealer_id, c.customer_id
        ),
        base as (
          select va.*, p.today, p.window_months, p.margin_share, p.discount_rate, p.horizon_years, run.retention,
            coalesce(inv.window_fen, 0) as window_fen, coalesce(inv.recent_fen, 0) as recent_fen, coalesce(inv.prior_fen, 0) as prior_fen,
            (p.today - va.last_on) as recency_days,
            (p.today - va.first_on) as tenure_days,
            va.window_visits::numeric * 12 / p.window_months as visits_per_year,
            coalesce(inv.window_fen, 0)::numeric * 12 / p.window_months as fen_per_year,
            coalesce(inv.window_fen, 0)::float8 * 12 / p.window_months::float8 as fen_per_year_f,
            sv.csi as latest_csi, coalesce(cp.complaints_12m, 0) as complaints_12m, coalesce(cp.open_complaints, 0) as open_complaints
          from value_visits va
          join p on p.dealer_id = va.dealer_id
          join customer_value_runs run on run.dealer_id = va.dealer_id
          left join inv on inv.dealer_id = va.dealer_id and inv.customer_id = va.customer_id
          left join sv on sv.dealer_id = va.dealer_id and sv.customer_id = va.customer_id
          left join cp on cp.dealer_id = va.dealer_id and cp.customer_id = va.customer_id
        ),
        scored as (
          select base.*,
            ${scoreAtMost('recency_days', RECENCY_DAYS)} as r,
            ${scoreAtLeast('visits_per_year', FREQUENCY_PER_YEAR)} as f,
            ${scoreAtLeast('fen_per_year', MONETARY_FEN_PER_YEAR)} as m,
            ${scoreAtLeast('tenure_days', TENURE_DAYS)} as tenure_score,
            case when latest_csi is not null then ${scoreAtLeast('latest_csi', CSI_SCORE)} end as csi_score,
            (all_visits = 1 and first_on > today - ${NEW_CUSTOMER_DAYS}::int) as is_new,
            retention / (1 + discount_rate) as q
          from base
        ),
        rated as (
          select scored.*,
            (tenure_score + f + 1) / 2 as loyalty,
            case
              when open_complaints > 0 then 1
              when complaints_12m > 0 then least(coalesce(csi_score, 2), 2)
              else csi_score
            end as satisfaction,
            round(fen_per_year_f * margin_share
              * case when abs(1 - q) < 1e-12 then horizon_years::float8 else (1 - power(q, horizon_years)) / (1 - q) end) as lifetime_value_fen
          from scored
        ),
        ranked as (
          select rated.*,
            (m + loyalty) * (6 - least(r, coalesce(satisfaction, 3))) * 2 as priority,
            row_number() over (partition by dealer_id order by lifetime_value_fen desc, customer_id) as value_rank,
            count(*) over (partition by dealer_id) as dealer_customers
          from rated
        )
        insert into customer_values (dealer_id, customer_id, computed_on, first_visit_on, last_visit_on, recency_days, visits,
          revenue_fen, vehicles, r, f, m, segment, visits_per_year, revenue_per_vehicle_fen, lifetime_value_fen,
          recent_visits, prior_visits, recent_fen, prior_fen, trend,
          tier, tenure_score, loyalty, latest_csi, complaints_12m, open_complaints, satisfaction, priority, priority_level)
        select dealer_id, customer_id, today, first_on, last_on, recency_days, window_visits, window_fen, vehicles, r, f, m,
          case
            when is_new then 'new'
            when r >= 4 and f >= 4 and m >= 4 then 'champions'
            when r >= 3 and f >= 3 then 'loyal'
            when r >= 3 then 'potential'
            when r = 2 and (f >= 3 or m >= 3) then 'at_risk'
            when r = 2 then 'hibernating'
            else 'lost'
          end,
          round(visits_per_year, 2),
          round(window_fen::numeric / greatest(1, vehicles)),
          lifetime_value_fen,
          recent_visits, prior_visits, recent_fen, prior_fen,
          case
            when prior_visits = 0 then 'new'
            when (case when prior_fen > 0 or recent_fen > 0 then recent_fen::float8 else recent_visits::float8 end)
              <= (case when prior_fen > 0 or recent_fen > 0 then prior_fen::float8 else prior_visits::float8 end) * (1 - ${TREND_SHARE}::float8)
              then 'declining'
            when (case when prior_fen > 0 or recent_fen > 0 then recent_fen::float8 else recent_visits::float8 end)
              >= (case when prior_fen > 0 or recent_fen > 0 then prior_fen::float8 else prior_visits::float8 end) * (1 + ${TREND_SHARE}::float8)
              then 'rising'
            else 'steady'
          end,
          case ${sql.raw(
            TIER_PERCENT.map(([tier, percent]) => `when value_rank <= (dealer_customers * ${percent} + 99) / 100 then '${tier}'`).join(' '),
          )} else 'general' end,
          tenure_score, loyalty, latest_csi, complaints_12m, open_complaints, satisfaction, priority,
          case when priority >= ${PRIORITY_AT.high} then 'high' when priority >= ${PRIORITY_AT.medium} then 'medium' else 'low' end
        from ranked`.execute(db);
      return Number(inserted.numAffectedRows ?? 0);
    },

    /** A customer's value at each dealer of the scope, with the dealer's inputs. */
    async valuesOf(scope: Scope, customerId: string) {
      const { rows } = await sql<CustomerValueRow & ValueInputsRow & { dealer_name: string }>`
        select cv.*, d.name as dealer_name, ${inputs}
        from customer_values cv
        join dealers d on d.id = cv.dealer_id
        join customer_value_runs run on run.dealer_id = cv.dealer_id
        where cv.customer_id = ${customerId} and ${inScope(scope, 'cv.dealer_id')}
        order by d.name`.execute(db);
      return rows;
    },

    /** Each dealer of the scope: its customers by segment, the top fifth's share of revenue, its retention. */
    async mix(scope: Scope) {
      const { rows } = await sql<{
        dealer_id: string;
        dealer_name: string;
        computed_on: string | null;
        retention: number | null;
        segments: { segment: CustomerSegment; customers: number; revenueFen: number }[] | null;
        grid: { f: number; m: number; customers: number; revenueFen: number }[] | null;
        pyramid: { tier: CustomerTier; customers: number; revenueFen: number; lifetimeValueFen: number }[] | null;
        priorities: { level: RetentionPriority; customers: number }[] | null;
        customers: number;
        total_fen: string;
        top_fen: string;
      }>`
        with ranked as (
          select cv.dealer_id, cv.segment, cv.revenue_fen, cv.f, cv.m, cv.tier, cv.priority_level, cv.lifetime_value_fen,
            row_number() over (partition by cv.dealer_id order by cv.revenue_fen desc, cv.customer_id) as rank,
            count(*) over (partition by cv.dealer_id) as customers
          from customer_values cv
          where ${inScope(scope, 'cv.dealer_id')}
        ),
        per_dealer as (
          select dealer_id, count(*)::int as customers, coalesce(sum(revenue_fen), 0)::bigint as total_fen,
            coalesce(sum(revenue_fen) filter (where rank <= greatest(1, ceil(customers / 5.0))), 0)::bigint as top_fen
          from ranked group by dealer_id
        ),
        per_segment as (
          select dealer_id, json_agg(json_build_object('segment', segment, 'customers', n, 'revenueFen', fen) order by segment) as segments
          from (select dealer_id, segment, count(*)::int as n, sum(revenue_fen)::bigint as fen from ranked group by dealer_id, segment) x
          group by dealer_id
        ),
        per_cell as (
          select dealer_id, json_agg(json_build_object('f', f, 'm', m, 'customers', n, 'revenueFen', fen) order by f desc, m desc) as grid
          from (select dealer_id, f, m, count(*)::int as n, sum(revenue_fen)::bigint as fen from ranked group by dealer_id, f, m) x
          group by dealer_id
        ),
        per_tier as (
          select dealer_id,
            json_agg(json_build_object('tier', tier, 'customers', n, 'revenueFen', fen, 'lifetimeValueFen', ltv)) as pyramid
          from (select dealer_id, tier, count(*)::int as n, sum(revenue_fen)::bigint as fen, sum(lifetime_value_fen)::bigint as ltv
            from ranked group by dealer_id, tier) x
          group by dealer_id
        ),
        per_priority as (
          select dealer_id, json_agg(json_build_object('level', priority_level, 'customers', n)) as priorities
          from (select dealer_id, priority_level, count(*)::int as n from ranked group by dealer_id, priority_level) x
          group by dealer_id
        )
        select d.id as dealer_id, d.name as dealer_name, run.computed_on::text as computed_on, run.retention,
          ps.segments, pc.grid, pt.pyramid, pp.priorities, coalesce(pd.customers, 0) as customers, coalesce(pd.total_fen, 0) as total_fen, coalesce(pd.top_fen, 0) as top_fen
        from dealers d
        left join customer_value_runs run on run.dealer_id = d.id
        left join per_dealer pd on pd.dealer_id = d.id
        left join per_segment ps on ps.dealer_id = d.id
        left join per_cell pc on pc.dealer_id = d.id
        left join per_tier pt on pt.dealer_id = d.id
        left join per_priority pp on pp.dealer_id = d.id
        where ${inScope(scope, 'd.id')}
        order by d.code`.execute(db);
      return rows;
    },

    settingsOf(dealerId: string) {
      return db.selectFrom('customer_value_settings').selectAll().where('dealer_id', '=', dealerId).executeTakeFirst();
    },

    saveSettings(row: {
      dealer_id: string;
      window_months: number;
      margin_share: number;
      discount_rate: number;
      horizon_years: number;
      updated_by: string;
      updated_at: Date;
    }) {
      const values = { ...row, margin_share: String(row.margin_share), discount_rate: String(row.discount_rate) };
      return db
        .insertInto('customer_value_settings')
        .values(values)
        .onConflict((oc) => oc.column('dealer_id').doUpdateSet(values))
        .execute();
    },

    /** The customers of a filter, the highest lifetime value (or retention priority) first, and how many match. */
    async list(
      scope: Scope,
      filter: {
        segments?: readonly CustomerSegment[];
        tiers?: readonly CustomerTier[];
        priority?: RetentionPriority;
        trend?: ValueTrend;
        minValueFen?: number;
        sort: ValueListOrder;
        offset: number;
        limit: number;
      },
    ) {
      const conditions = [inScope(scope, 'cv.dealer_id')];
      if (filter.segments?.length) conditions.push(sql<boolean>`cv.segment in (${sql.join(filter.segments)})`);
      if (filter.tiers?.length) conditions.push(sql<boolean>`cv.tier in (${sql.join(filter.tiers)})`);
      if (filter.priority) conditions.push(sql<boolean>`cv.priority_level = ${filter.priority}`);
      if (filter.trend) conditions.push(sql<boolean>`cv.trend = ${filter.trend}`);
      if (filter.minValueFen !== undefined) conditions.push(sql<boolean>`cv.lifetime_value_fen >= ${filter.minValueFen}`);
      const where = sql.join(conditions, sql` and `);
      const [{ rows }, count] = await Promise.all([
        sql<CustomerValueRow & { dealer_name: string; name: string; mobile: string }>`
          select cv.*, d.name as dealer_name, c.name, c.mobile
          from customer_values cv
          join dealers d on d.id = cv.dealer_id
          join customers c on c.id = cv.customer_id
          where ${where}
          order by ${filter.sort === 'priority' ? sql`cv.priority desc, ` : sql``}cv.lifetime_value_fen desc, cv.customer_id
          offset ${filter.offset} limit ${filter.limit}`.execute(db),
        sql<{ n: number }>`select count(*)::int as n from customer_values cv where ${where}`.execute(db),
      ]);
      return { rows, total: count.rows[0]?.n ?? 0 };
    },
  };
}

export type CustomerValueRepository = ReturnType<typeof createCustomerValueRepository>;
