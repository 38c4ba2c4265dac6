import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';
import { COUNT_COLUMNS, type CountColumn, emptyCounts, type KpiCounts } from './network-cockpit.rules.js';
import { FIX_WINDOW_DAYS } from './network-kpis.rules.js';

const WINDOW = sql.lit(FIX_WINDOW_DAYS);
const MARGIN = sql.lit(FIX_WINDOW_DAYS + 1);

// The cockpit's SQL. The KPI definitions are the modules' own (appointments.repository#kpiCounts,
// repair-orders.repository#serviceKpiRows, follow-up.repository#kpis,
// complaints.repository#analysisByDealer, csi.repository#dailyDashboard), written once here as
// counts grouped either by dealer and month (the rollup) or by advisor (one dealer's drill-down).

/** A period of whole months in each dealer's own time zone: [from-01, the first day after `to`). */
export type MonthRange = { from: string; to: string };

/** How the counts are grouped: per dealer and month (the rollup) or per advisor of the scope's dealer. */
export type Grouping = 'month' | 'advisor';

type Family = { columns: readonly CountColumn[]; query: RawBuilder<unknown> };

const firstDay = (month: string) => `${month}-01`;
const dayAfter = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};

export function createNetworkRepository(db: Database) {
  /**
   * Every count of the headline KPIs in scope and period, grouped by (dealer, month 'YYYY-MM') or by
   * (dealer, advisor id or 'none'). `today` (network days) decides which first-time-fix windows have
   * closed, which follow-up calls are late and the day the active base is counted at.
   */
  async function counts(scope: Scope, range: MonthRange, grouping: Grouping, today: string) {
    const from = firstDay(range.from);
    const until = dayAfter(range.to);
    // Instants a day either side of the local period: lets the indexes on the instants work; the
    // exact local test follows.
    const roughFrom = sql`(${from}::date - 1)::timestamptz`;
    const roughUntil = sql`(${until}::date + 1)::timestamptz`;
    const local = (instant: string) => sql`(${sql.ref(instant)} at time zone d.time_zone)`;
    const inPeriod = (instant: string) =>
      sql`${sql.ref(instant)} >= ${roughFrom} and ${sql.ref(instant)} < ${roughUntil} and ${local(instant)} >= ${from}::timestamp and ${local(instant)} < ${until}::timestamp`;
    const key = (localExpression: RawBuilder<unknown>, advisor: RawBuilder<unknown> | string) =>
      grouping === 'month'
        ? sql`to_char(${localExpression}, 'YYYY-MM')`
        : sql`coalesce(${typeof advisor === 'string' ? sql.ref(advisor) : advisor}::text, 'none')`;

    const families: Family[] = [
      // 进厂台次, timely reception and process execution: visits by arrival (a cancelled visit is no vehicle in).
      {
        columns: ['vehicles_in', 'timely', 'process_visits', 'process_complete'],
        query: sql`
          select dealer_id, k, count(*) as vehicles_in, count(*) filter (where timely) as timely, count(*) as process_visits,
            count(*) filter (where coalesce(timely, true) and coalesce(walkaround, true) and coalesce(promised, true)
              and coalesce(explained, true) and coalesce(called, true)) as process_complete
          from (
            select v.dealer_id, ${key(local('v.arrived_at'), 'v.sa_id')} as k,
              v.greeted_at - v.arrived_at <= make_interval(mins => coalesce(s.timely_reception_minutes, 2)) as timely,
              exists (select 1 from inspections i where i.dealer_id = v.dealer_id and i.visit_id = v.id and i.signed_at is not null) as walkaround,
              case when ro.id is not null then ro.promised_at is not null end as promised,
              case when ro.id is not null then ro.signed_at is not null end as explained,
              (select case when t.status in ('done', 'unreachable') then true when t.due_until < ${today}::date then false end
                from follow_up_tasks t
                where t.dealer_id = v.dealer_id and t.repair_order_id = ro.id and t.rule = 'post_service' and t.status <> 'cancelled'
                order by t.due_from limit 1) as called
            from visits v
            join dealers d on d.id = v.dealer_id
            left join dealer_settings s on s.dealer_id = v.dealer_id
            left join lateral (
              select r.id, r.promised_at, r.signed_at from repair_orders r
              where r.dealer_id = v.dealer_id and r.visit_id = v.id and r.status <> 'cancelled'
              order by r.created_at, r.id limit 1
            ) ro on true
            where ${inScope(scope, 'v.dealer_id')} and v.status <> 'cancelled' and ${inPeriod('v.arrived_at')}
          ) x group by dealer_id, k`,
      },
      // Appointment rate's denominator: every customer who came (appointments and walk-ins). Arrivals name no advisor.
      {
        columns: ['arrivals_all'],
        query: sql`
          select r.dealer_id, ${key(local('r.arrived_at'), sql`null`)} as k, count(*) as arrivals_all
          from arrivals r join dealers d on d.id = r.dealer_id
          where ${inScope(scope, 'r.dealer_id')} and ${inPeriod('r.arrived_at')}
          group by 1, 2`,
      },
      // Appointments due in the period (not cancelled beforehand): arrived, no-shows, confirmed.
      {
        columns: ['appt_due', 'no_shows', 'confirmed', 'appt_arrived'],
        query: sql`
          select a.dealer_id, ${key(local('a.starts_at'), 'a.assigned_sa_id')} as k, count(*) as appt_due,
            count(*) filter (where a.status = 'no_show') as no_shows,
            count(*) filter (where exists (select 1 from confirmation_attempts ca where ca.dealer_id = a.dealer_id and ca.appointment_id = a.id and ca.result = 'confirmed')) as confirmed,
            count(*) filter (where a.arrived_at is not null) as appt_arrived
          from appointments a join dealers d on d.id = a.dealer_id
          where ${inScope(scope, 'a.dealer_id')} and a.status <> 'cancelled' and ${inPeriod('a.starts_at')}
          group by 1, 2`,
      },
      // On-time delivery: delivered by the promised time.
      {
        columns: ['delivered', 'delivered_on_time'],
        query: sql`
          select ro.dealer_id, ${key(local('ro.delivered_at'), 'ro.sa_id')} as k, count(*) as delivered,
            count(*) filter (where ro.delivered_at <= ro.promised_at) as delivered_on_time
          from repair_orders ro join dealers d on d.id = ro.dealer_id
          where ${inScope(scope, 'ro.dealer_id')} and ${inPeriod('ro.delivered_at')}
          group by 1, 2`,
      },
      // Service revenue: the net of every pay type of the invoices paid in the period.
      {
        columns: ['revenue_fen'],
        query: sql`
          select i.dealer_id, ${key(local('i.paid_at'), 'ro.sa_id')} as k,
            coalesce(sum((select sum((e.value ->> 'netFen')::bigint) from jsonb_each(i.totals -> 'byPayType') e)), 0) as revenue_fen
          from invoices i join dealers d on d.id = i.dealer_id
          join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
          where ${inScope(scope, 'i.dealer_id')} and ${inPeriod('i.paid_at')}
          group by 1, 2`,
      },
      // Complaints per 100 ROs: the ROs opened in the period (not cancelled).
      {
        columns: ['ros_opened'],
        query: sql`
          select ro.dealer_id, ${key(local('ro.created_at'), 'ro.sa_id')} as k, count(*) as ros_opened
          from repair_orders ro join dealers d on d.id = ro.dealer_id
          where ${inScope(scope, 'ro.dealer_id')} and ro.status <> 'cancelled' and ${inPeriod('ro.created_at')}
          group by 1, 2`,
      },
      // First-time fix and repeat repair, as network-kpis.rules.ts#firstTimeFixRate / #repeatRepairRate.
      {
        columns: ['repairs', 'repeats', 'ftf_judged', 'ftf_fixed'],
        query: sql`
          with rv as (${repairVisitsSql(scope, sql`${from}::date - ${MARGIN}`, sql`${until}::date + ${MARGIN}`)}),
          firsts as (
            select (select l.id from rv l
              where l.dealer_id = e.dealer_id and l.vehicle_id = e.vehicle_id and (l.delivered_on, l.id) > (e.delivered_on, e.id)
                and l.delivered_on <= e.delivered_on + ${WINDOW} and l.concerns && e.concerns
              order by l.delivered_on, l.id limit 1) as id
            from rv e
          ),
          judged as (
            select rv.*, exists (select 1 from firsts f where f.id = rv.id) as repeat,
              exists (select 1 from rv l
                where l.dealer_id = rv.dealer_id and l.vehicle_id = rv.vehicle_id and (l.delivered_on, l.id) > (rv.delivered_on, rv.id)
                  and l.delivered_on <= rv.delivered_on + ${WINDOW} and l.concerns && rv.concerns) as came_back
            from rv where rv.delivered_on >= ${from}::date and rv.delivered_on < ${until}::date
          )
          select dealer_id, ${grouping === 'month' ? sql`to_char(delivered_on, 'YYYY-MM')` : sql`coalesce(sa_id::text, 'none')`} as k,
            count(*) as repairs, count(*) filter (where repeat) as repeats,
            count(*) filter (where came_back or delivered_on + ${WINDOW} < ${today}::date) as ftf_judged,
            count(*) filter (where not came_back and delivered_on + ${WINDOW} < ${today}::date) as ftf_fixed
          from judged group by 1, 2`,
      },
      // Follow-up completion and the periodic-maintenance return rate: tasks whose window opened in the period.
      {
        columns: ['tasks_due', 'tasks_closed', 'reminder_targets', 'reminder_returned'],
        query: sql`
          select t.dealer_id, ${key(sql`t.due_from::timestamp`, 't.owner_id')} as k, count(*) as tasks_due,
            count(*) filter (where t.status in ('done', 'unreachable')) as tasks_closed,
            count(*) filter (where t.rule = 'periodic_maintenance') as reminder_targets,
            count(*) filter (where t.rule = 'periodic_maintenance' and exists (
              select 1 from visits vi where vi.dealer_id = t.dealer_id and vi.vehicle_id = t.vehicle_id and vi.status <> 'cancelled'
                and vi.arrived_at >= t.due_from::timestamp - interval '1 day' and vi.arrived_at < (t.anchor_on + 31)::timestamp
            )) as reminder_returned
          from follow_up_tasks t
          where ${inScope(scope, 't.dealer_id')} and t.status <> 'cancelled' and t.due_from >= ${from}::date and t.due_from < ${until}::date
          group by 1, 2`,
      },
      // Complaints received in the period: 24-hour response, close time.
      {
        columns: ['complaints', 'responded_in_time', 'complaints_closed', 'close_seconds'],
        query: sql`
          select c.dealer_id, ${key(local('c.received_at'), 'ro.sa_id')} as k, count(*) as complaints,
            count(*) filter (where c.feedback_at is not null and c.feedback_at <= c.feedback_due_at) as responded_in_time,
            count(*) filter (where c.closed_at is not null) as complaints_closed,
            coalesce(round(sum(extract(epoch from c.closed_at - c.received_at)) filter (where c.closed_at is not null)), 0) as close_seconds
          from complaints c join dealers d on d.id = c.dealer_id
          left join repair_orders ro on ro.dealer_id = c.dealer_id and ro.id = c.repair_order_id
          where ${inScope(scope, 'c.dealer_id')} and ${inPeriod('c.received_at')}
          group by 1, 2`,
      },
      // CSI: the daily figures by the dealer's day (as the CSI dashboards); by advisor from the responses.
      grouping === 'month'
        ? {
            columns: ['csi_sum', 'csi_count'],
            query: sql`
              select cd.dealer_id, to_char(cd.day, 'YYYY-MM') as k, sum(cd.csi_sum) as csi_sum, sum(cd.csi_count) as csi_count
              from csi_daily cd
              where ${inScope(scope, 'cd.dealer_id')} and cd.day >= ${from}::date and cd.day < ${until}::date
              group by 1, 2`,
          }
        : {
            columns: ['csi_sum', 'csi_count'],
            query: sql`
              select r.dealer_id, coalesce(r.sa_id::text, 'none') as k, coalesce(sum(r.csi), 0) as csi_sum, count(r.csi) as csi_count
              from survey_responses r join dealers d on d.id = r.dealer_id
              where ${inScope(scope, 'r.dealer_id')} and ${inPeriod('r.submitted_at')}
              group by 1, 2`,
          },
    ];
    // Retention is a stock: the dealer's vehicles at the end of each month (or today), by dealer only.
    if (grouping === 'month') families.push({ columns: ['retention_active', 'retention_retained'], query: retention(scope, range, today) });

    const union = sql.join(
      families.map(
        (f) =>
          sql`select dealer_id, k, ${sql.join(
            COUNT_COLUMNS.map((c) =>
              f.columns.includes(c) ? sql`(${sql.ref(c)})::numeric as ${sql.ref(c)}` : sql`0::numeric as ${sql.ref(c)}`,
            ),
          )} from (${f.query}) as ${sql.ref(`f_${f.columns[0]}`)}`,
      ),
      sql` union all `,
    );
    const result = await sql<Record<CountColumn, number> & { dealer_id: string; k: string }>`
      select dealer_id, k, ${sql.join(COUNT_COLUMNS.map((c) => sql`sum(${sql.ref(c)})::float8 as ${sql.ref(c)}`))}
      from (${union}) u group by dealer_id, k order by dealer_id, k`.execute(db);
    return result.rows.map((row) => {
      const c = emptyCounts();
      for (const column of COUNT_COLUMNS) c[column] = Number(row[column]);
      return { dealerId: row.dealer_id, key: row.k, counts: c };
    });
  }

  /**
   * 客户保持率 per dealer and month, as network-kpis.rules.ts#retentionRate at the month's last day
   * (or `today` in the running month): the dealer's vehicles delivered or seen in the 24 months to that
   * day, and those of them that visited in the last 12 months.
   */
  function retention(scope: Scope, range: MonthRange, today: string) {
    return sql`
      with months as (
        select m::date as month, least((m + interval '1 month' - interval '1 day')::date, ${today}::date) as on_day
        from generate_series(${firstDay(range.from)}::date, ${firstDay(range.to)}::date, interval '1 month') m
        where m::date <= ${today}::date
      ),
      base as (
        select dv.dealer_id, m.month, m.on_day, v.delivered_on,
          (select max((vi.arrived_at at time zone d.time_zone)::date) from visits vi
            where vi.dealer_id = dv.dealer_id and vi.vehicle_id = dv.vehicle_id and vi.status <> 'cancelled'
              and vi.arrived_at < (m.on_day + 2)::timestamptz and (vi.arrived_at at time zone d.time_zone)::date <= m.on_day) as last_visit_on
        from dealer_vehicles dv
        join dealers d on d.id = dv.dealer_id
        join vehicles v on v.id = dv.vehicle_id
        cross join months m
        where ${inScope(scope, 'dv.dealer_id')}
      ),
      judged as (
        select dealer_id, month, on_day, last_visit_on,
          (delivered_on > (on_day - interval '24 months')::date and delivered_on <= on_day)
            or (last_visit_on > (on_day - interval '24 months')::date and last_visit_on <= on_day) as active
        from base
      )
      select dealer_id, to_char(month, 'YYYY-MM') as k,
        count(*) filter (where active) as retention_active,
        count(*) filter (where active and last_visit_on > (on_day - interval '12 months')::date and last_visit_on <= on_day) as retention_retained
      from judged group by 1, 2`;
  }

  return {
    counts,

    /** Recomputes the rollup of the network's dealers for the months of the range: delete and insert, one statement each. */
    async replaceMonths(networkId: string, range: MonthRange, rows: { dealerId: string; key: string; counts: KpiCounts }[], at: Date) {
      await db
        .deleteFrom('kpi_dealer_months')
        .where('dealer_id', 'in', db.selectFrom('dealers').select('id').where('network_id', '=', networkId))
        .where('month', '>=', firstDay(range.from))
        .where('month', '<=', firstDay(range.to))
        .execute();
      for (let i = 0; i < rows.length; i += 500) {
        await db
          .insertInto('kpi_dealer_months')
          .values(rows.slice(i, i + 500).map((r) => ({ dealer_id: r.dealerId, month: firstDay(r.key), ...r.counts })))
          .execute();
      }
      await db
        .insertInto('kpi_refreshes')
        .values({ network_id: networkId, refreshed_at: at, from_month: firstDay(range.from), to_month: firstDay(range.to) })
        .onConflict((oc) =>
          oc.column('network_id').doUpdateSet({ refreshed_at: at, from_month: firstDay(range.from), to_month: firstDay(range.to) }),
        )
        .execute();
    },

    /** The rollup rows of the dealers in scope for the months of the range. */
    async monthRows(scope: Scope, range: MonthRange) {
      const rows = await db
        .selectFrom('kpi_dealer_months as m')
        .selectAll()
        .select(sql<string>`to_char(m.month, 'YYYY-MM')`.as('month_key'))
        .where(inScope(scope, 'm.dealer_id'))
        .where('m.month', '>=', firstDay(range.from))
        .where('m.month', '<=', firstDay(range.to))
        .execute();
      return rows.map((row) => {
        const c = emptyCounts();
        for (const column of COUNT_COLUMNS) c[column] = Number(row[column]);
        return { dealerId: row.dealer_id, month: row.month_key, counts: c };
      });
    },

    /** The dealers in scope, by code. */
    dealers(scope: Scope) {
      return db
        .selectFrom('dealers as x')
        .select(['x.id', 'x.code', 'x.name', 'x.region', 'x.city', 'x.grade'])
        .where(inScope(scope, 'x.id'))
        .orderBy('x.code')
        .execute();
    },

    async dealerInNetwork(networkId: string, dealerId: string) {
      return db
        .selectFrom('dealers')
        .select(['id', 'time_zone'])
        .where('network_id', '=', networkId)
        .where('id', '=', dealerId)
        .executeTakeFirst();
    },

    refreshedAt(networkId: string) {
      return db
        .selectFrom('kpi_refreshes')
        .select('refreshed_at')
        .where('network_id', '=', networkId)
        .executeTakeFirst()
        .then((r) => r?.refreshed_at ?? null);
    },

    /** CSI by factor per dealer over the period, from the daily factor figures (as the CSI dashboards). */
    async csiFactors(scope: Scope, range: MonthRange) {
      const result = await sql<{ dealer_id: string; factor: string; score: number | null }>`
        select f.dealer_id, f.factor, (sum(f.score_sum) / nullif(sum(f.answers), 0))::float8 as score
        from csi_daily_factors f
        where ${inScope(scope, 'f.dealer_id')} and f.day >= ${firstDay(range.from)}::date and f.day < ${dayAfter(range.to)}::date
        group by 1, 2 order by 1, 2`.execute(db);
      return result.rows;
    },

    networkIds() {
      return db
        .selectFrom('networks')
        .select('id')
        .orderBy('id')
        .execute()
        .then((rows) => rows.map((r) => r.id));
    },

    localeOf(userId: string) {
      return db
        .selectFrom('users')
        .select('locale')
        .where('id', '=', userId)
        .executeTakeFirst()
        .then((r) => (r?.locale === 'en' ? ('en' as const) : r ? ('zh-CN' as const) : null));
    },

    userNames(ids: string[]) {
      if (ids.length === 0) return Promise.resolve([]);
      return db.selectFrom('users').select(['id', 'display_name']).where('id', 'in', ids).execute();
    },

    /** The service advisors of a dealer (every user holding the role, also those with no record yet). */
    advisorsOf(dealerId: string) {
      return db
        .selectFrom('users')
        .select(['id', 'display_name'])
        .where('dealer_id', '=', dealerId)
        .where(sql<boolean>`'service_advisor' = any(roles)`)
        .orderBy('display_name')
        .execute();
    },

    records: (dealerId: string, kpi: string, range: MonthRange, filter: RecordFilter) => recordsOf(db, dealerId, kpi, range, filter),
  };
}

export type NetworkRepository = ReturnType<typeof createNetworkRepository>;

export type RecordFilter = { advisorId?: string | undefined; limit: number; offset: number; today: string };

export type RecordRow = {
  kind: 'repair_order' | 'appointment' | 'complaint' | 'follow_up' | 'survey';
  id: string;
  number: string | null;
  at: Date;
  plate_key: string | null;
  advisor_name: string | null;
  counted: boolean;
  reason: string | null;
  total: number;
};

/**
 * The records behind one dealer's figure for a KPI and period, by the same definitions as `counts`:
 * each with whether it counts against the figure and the reason code.
 */
async function recordsOf(db: Database, dealerId: string, kpi: string, range: MonthRange, filter: RecordFilter): Promise<RecordRow[]> {
  const from = firstDay(range.from);
  const until = dayAfter(range.to);
  const scope: Scope = { kind: 'dealer', networkId: '', dealerId };
  const local = (instant: string) => sql`(${sql.ref(instant)} at time zone d.time_zone)`;
  const inPeriod = (instant: string) => sql`${local(instant)} >= ${from}::timestamp and ${local(instant)} < ${until}::timestamp`;
  const advisor = (column: string) => (filter.advisorId ? sql`and ${sql.ref(column)} = ${filter.advisorId}` : sql``);
  const today = filter.today;
  const query: RawBuilder<unknown> | null = (() => {
    switch (kpi) {
      case 'throughput':
      case 'timelyReceptionRate':
      case 'processExecutionRate':
        return sql`
          select 'repair_order' as kind, coalesce(ro.id, v.id) as id, ro.number, v.arrived_at as at, ve.plate_key, sa.display_name as advisor_name,
            ${kpi === 'throughput' ? sql`true` : sql`not (v.greeted_at - v.arrived_at <= make_interval(mins => coalesce(s.timely_reception_minutes, 2)))`} as counted,
            case when v.greeted_at - v.arrived_at > make_interval(mins => coalesce(s.timely_reception_minutes, 2)) then 'late_reception'
              when ro.id is null then 'no_repair_order' end as reason
          from visits v join dealers d on d.id = v.dealer_id
          left join dealer_settings s on s.dealer_id = v.dealer_id
          left join lateral (select r.id, r.number from repair_orders r where r.dealer_id = v.dealer_id and r.visit_id = v.id and r.status <> 'cancelled' order by r.created_at, r.id limit 1) ro on true
          left join vehicles ve on ve.id = v.vehicle_id left join users sa on sa.id = v.sa_id
          where v.dealer_id = ${dealerId} and v.status <> 'cancelled' and ${inPeriod('v.arrived_at')} ${advisor('v.sa_id')}`;
      case 'revenueFen':
        return sql`
          select 'repair_order' as kind, ro.id, ro.number, i.paid_at as at, ve.plate_key, sa.display_name as advisor_name, true as counted, null as reason
          from invoices i join dealers d on d.id = i.dealer_id join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
          left join vehicles ve on ve.id = ro.vehicle_id left join users sa on sa.id = ro.sa_id
          where i.dealer_id = ${dealerId} and i.paid_at is not null and ${inPeriod('i.paid_at')} ${advisor('ro.sa_id')}`;
      case 'onTimeDeliveryRate':
        return sql`
          select 'repair_order' as kind, ro.id, ro.number, ro.delivered_at as at, ve.plate_key, sa.display_name as advisor_name,
            ro.delivered_at > ro.promised_at as counted, case when ro.delivered_at > ro.promised_at then 'late_delivery' end as reason
          from repair_orders ro join dealers d on d.id = ro.dealer_id
          left join vehicles ve on ve.id = ro.vehicle_id left join users sa on sa.id = ro.sa_id
          where ro.dealer_id = ${dealerId} and ro.delivered_at is not null and ${inPeriod('ro.delivered_at')} ${advisor('ro.sa_id')}`;
      case 'firstTimeFixRate':
      case 'repeatRepairRate': {
        return sql`
          with rv as (${repairVisitsSql(scope, sql`${from}::date - ${MARGIN}`, sql`${until}::date + ${MARGIN}`)}),
          firsts as (
            select (select l.id from rv l where l.vehicle_id = e.vehicle_id and (l.delivered_on, l.id) > (e.delivered_on, e.id)
              and l.delivered_on <= e.delivered_on + ${WINDOW} and l.concerns && e.concerns order by l.delivered_on, l.id limit 1) as id
            from rv e
          ),
          judged as (
            select rv.*, exists (select 1 from firsts f where f.id = rv.id) as repeat,
              exists (select 1 from rv l where l.vehicle_id = rv.vehicle_id and (l.delivered_on, l.id) > (rv.delivered_on, rv.id)
                and l.delivered_on <= rv.delivered_on + ${WINDOW} and l.concerns && rv.concerns) as came_back
            from rv where rv.delivered_on >= ${from}::date and rv.delivered_on < ${until}::date
          )
          select 'repair_order' as kind, j.id, j.number, j.delivered_at as at, ve.plate_key, sa.display_name as advisor_name,
            ${
              kpi === 'repeatRepairRate'
                ? sql`j.repeat as counted, case when j.repeat then 'comeback' end as reason`
                : sql`j.came_back as counted, case when j.came_back then 'came_back' when j.delivered_on + ${WINDOW} >= ${today}::date then 'window_open' end as reason`
            }
          from judged j left join vehicles ve on ve.id = j.vehicle_id left join users sa on sa.id = j.sa_id
          where true ${advisor('j.sa_id')}`;
      }
      case 'appointmentRate':
      case 'noShowRate':
      case 'confirmationRate': {
        const confirmed = sql`exists (select 1 from confirmation_attempts ca where ca.dealer_id = a.dealer_id and ca.appointment_id = a.id and ca.result = 'confirmed')`;
        const counted =
          kpi === 'noShowRate'
            ? sql`a.status = 'no_show' as counted, case when a.status = 'no_show' then 'no_show' end as reason`
            : kpi === 'confirmationRate'
              ? sql`not ${confirmed} as counted, case when not ${confirmed} then 'not_confirmed' end as reason`
              : sql`a.arrived_at is not null as counted, case when a.arrived_at is null then 'not_arrived' end as reason`;
        return sql`
          select 'appointment' as kind, a.id, a.number, a.starts_at as at, a.plate_key, sa.display_name as advisor_name, ${counted}
          from appointments a join dealers d on d.id = a.dealer_id left join users sa on sa.id = a.assigned_sa_id
          where a.dealer_id = ${dealerId} and a.status <> 'cancelled' and ${inPeriod('a.starts_at')} ${advisor('a.assigned_sa_id')}`;
      }
      case 'complaintsPer100Ros':
      case 'complaintResponse24hRate':
      case 'complaintCloseHours': {
        const late = sql`not (c.feedback_at is not null and c.feedback_at <= c.feedback_due_at)`;
        const counted =
          kpi === 'complaintResponse24hRate'
            ? sql`${late} as counted, case when ${late} then 'late_response' end as reason`
            : kpi === 'complaintCloseHours'
              ? sql`c.closed_at is not null as counted, case when c.closed_at is null then 'open' end as reason`
              : sql`true as counted, null as reason`;
        return sql`
          select 'complaint' as kind, c.id, c.number, c.received_at as at, ve.plate_key, sa.display_name as advisor_name, ${counted}
          from complaints c join dealers d on d.id = c.dealer_id
          left join repair_orders ro on ro.dealer_id = c.dealer_id and ro.id = c.repair_order_id
          left join vehicles ve on ve.id = c.vehicle_id left join users sa on sa.id = ro.sa_id
          where c.dealer_id = ${dealerId} and ${inPeriod('c.received_at')} ${advisor('ro.sa_id')}`;
      }
      case 'followUpCompletionRate':
      case 'maintenanceReturnRate': {
        const returned = sql`exists (select 1 from visits vi where vi.dealer_id = t.dealer_id and vi.vehicle_id = t.vehicle_id and vi.status <> 'cancelled'
          and vi.arrived_at >= t.due_from::timestamp - interval '1 day' and vi.arrived_at < (t.anchor_on + 31)::timestamp)`;
        const counted =
          kpi === 'maintenanceReturnRate'
            ? sql`not ${returned} as counted, case when not ${returned} then 'not_returned' end as reason`
            : sql`t.status not in ('done', 'unreachable') as counted, case when t.status not in ('done', 'unreachable') then case when t.due_until < ${today}::date then 'overdue' else 'open' end end as reason`;
        return sql`
          select 'follow_up' as kind, t.id, null as number, t.due_from::timestamptz as at, ve.plate_key, sa.display_name as advisor_name, ${counted}
          from follow_up_tasks t left join vehicles ve on ve.id = t.vehicle_id left join users sa on sa.id = t.owner_id
          where t.dealer_id = ${dealerId} and t.status <> 'cancelled' and t.due_from >= ${from}::date and t.due_from < ${until}::date
            ${kpi === 'maintenanceReturnRate' ? sql`and t.rule = 'periodic_maintenance'` : sql``} ${advisor('t.owner_id')}`;
      }
      case 'csiScore':
        return sql`
          select 'survey' as kind, r.id, null as number, r.submitted_at as at, ve.plate_key, sa.display_name as advisor_name,
            r.low as counted, case when r.low then 'low_score' end as reason
          from survey_responses r join dealers d on d.id = r.dealer_id
          left join vehicles ve on ve.id = r.vehicle_id left join users sa on sa.id = r.sa_id
          where r.dealer_id = ${dealerId} and ${inPeriod('r.submitted_at')} ${advisor('r.sa_id')}`;
      default:
        return null; // retention is a count of vehicles, not of records
    }
  })();
  if (!query) return [];
  const result = await sql<RecordRow>`
    select x.*, count(*) over ()::int as total from (${query}) x
    order by x.counted desc, x.at desc, x.id limit ${filter.limit} offset ${filter.offset}`.execute(db);
  return result.rows;
}

/** Repair visits (delivered ROs with at least one labour operation outside a maintenance package) delivered in [from, until) dealer days. */
function repairVisitsSql(scope: Scope, from: RawBuilder<unknown>, until: RawBuilder<unknown>) {
  return sql`
    select ro.dealer_id, ro.id, ro.vehicle_id, ro.sa_id, ro.number, ro.delivered_at,
      (ro.delivered_at at time zone d.time_zone)::date as delivered_on,
      array_agg(distinct l.code order by l.code) as concerns
    from repair_orders ro
    join dealers d on d.id = ro.dealer_id
    join ro_lines l on l.dealer_id = ro.dealer_id and l.repair_order_id = ro.id and l.kind = 'labour' and l.code is not null and l.package_id is null
    where ${inScope(scope, 'ro.dealer_id')} and ro.status <> 'cancelled' and ro.delivered_at is not null
      and ro.delivered_at >= (${from})::timestamptz - interval '1 day' and ro.delivered_at < (${until})::timestamptz + interval '1 day'
      and (ro.delivered_at at time zone d.time_zone)::date >= ${from} and (ro.delivered_at at time zone d.time_zone)::date < ${until}
    group by ro.dealer_id, ro.id, d.time_zone`;
}
