import { CSI_FACTOR_KPIS } from '@servicebay/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';
import { COUNT_COLUMNS, type CountColumn, CSI_FACTOR_COLUMNS, CSI_FACTORS, emptyCounts, type KpiCounts } from './network-cockpit.rules.js';
import { FIX_WINDOW_DAYS } from './network-kpis.rules.js';

const WINDOW = sql.lit(FIX_WINDOW_DAYS);
const MARGIN = sql.lit(FIX_WINDOW_DAYS + 1);

// The cockpit's SQL. The KPI definitions are the modules' own (appointments.repository#kpiCounts,
// repair-orders.repository#serviceKpiRows, follow-up.repository#kpis,
// complaints.repository#analysisCounts, csi.repository#dailyDashboard), written once here as
// counts grouped by dealer, month and advisor, with the dealer's totals from the same grouping.

/** A period of whole months in each dealer's own time zone: [from-01, the first day after `to`). */
export type MonthRange = { from: string; to: string };

/** What names no service advisor (walk-ins, unassigned appointments, the retention stock) is counted under this key. */
export const NO_ADVISOR = 'none';

/** One row of counts: a dealer's month (`advisorKey` null) or one advisor's share of it (an id or NO_ADVISOR). */
export type CountRow = { dealerId: string; month: string; advisorKey: string | null; counts: KpiCounts };

type Family = { columns: readonly CountColumn[]; query: RawBuilder<unknown> };

const firstDay = (month: string) => `${month}-01`;
const dayAfter = (month: string) => {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
};
const NONE = sql.lit(NO_ADVISOR);

export function createNetworkRepository(db: Database) {
  /**
   * Every count of the headline KPIs in scope and period per (dealer, month 'YYYY-MM', advisor), and
   * per (dealer, month) from the same grouped rows (`group by grouping sets`): each table is read
   * once, and a dealer's advisor rows add up to its dealer row by construction. `today` (network
   * days) decides which first-time-fix windows have closed, which follow-up calls are late and the
   * day the active base is counted at.
   */
  async function counts(scope: Scope, range: MonthRange, today: string): Promise<CountRow[]> {
    const from = firstDay(range.from);
    const until = dayAfter(range.to);
    // Instants a day either side of the local period: lets the indexes on the instants work; the
    // exact local test follows.
    const roughFrom = sql`(${from}::date - 1)::timestamptz`;
    const roughUntil = sql`(${until}::date + 1)::timestamptz`;
    const local = (instant: string) => sql`(${sql.ref(instant)} at time zone d.time_zone)`;
    const inPeriod = (instant: string) =>
      sql`${sql.ref(instant)} >= ${roughFrom} and ${sql.ref(instant)} < ${roughUntil} and ${local(instant)} >= ${from}::timestamp and ${local(instant)} < ${until}::timestamp`;
    const month = (localExpression: RawBuilder<unknown>) => sql`to_char(${localExpression}, 'YYYY-MM')`;
    const advisor = (column: string) => sql`coalesce(${sql.ref(column)}::text, ${NONE})`;
    const factor = (key: string) => sql`(r.factor_scores ->> ${sql.lit(key)})::numeric`;

    const families: Family[] = [
      // 进厂台次, timely reception and process execution: visits by arrival (a cancelled visit is no vehicle in).
      {
        columns: ['vehicles_in', 'timely', 'process_visits', 'process_complete'],
        query: sql`
          select dealer_id, ${month(sql`arrived_local`)} as k, ${advisor('sa_id')} as a,
            count(*) as vehicles_in, count(*) filter (where timely) as timely, count(*) as process_visits, count(*) filter (where complete) as process_complete
          from (${visitSteps(scope, from, until, today)}) x group by 1, 2, 3`,
      },
      // Appointment rate's denominator: every customer who came (appointments and walk-ins). Arrivals name no advisor.
      {
        columns: ['arrivals_all'],
        query: sql`
          select r.dealer_id, ${month(local('r.arrived_at'))} as k, ${NONE} as a, count(*) as arrivals_all
          from arrivals r join dealers d on d.id = r.dealer_id
          where ${inScope(scope, 'r.dealer_id')} and ${inPeriod('r.arrived_at')}
          group by 1, 2, 3`,
      },
      // Appointments due in the period (not cancelled beforehand): arrived, no-shows, confirmed.
      {
        columns: ['appt_due', 'no_shows', 'confirmed', 'appt_arrived'],
        query: sql`
          select a.dealer_id, ${month(local('a.starts_at'))} as k, ${advisor('a.assigned_sa_id')} as a, count(*) as appt_due,
            count(*) filter (where a.status = 'no_show') as no_shows,
            count(*) filter (where exists (select 1 from confirmation_attempts ca where ca.dealer_id = a.dealer_id and ca.appointment_id = a.id and ca.result = 'confirmed')) as confirmed,
            count(*) filter (where a.arrived_at is not null) as appt_arrived
          from appointments a join dealers d on d.id = a.dealer_id
          where ${inScope(scope, 'a.dealer_id')} and a.status <> 'cancelled' and ${inPeriod('a.starts_at')}
          group by 1, 2, 3`,
      },
      // On-time delivery: delivered by the promised time.
      {
        columns: ['delivered', 'delivered_on_time'],
        query: sql`
          select ro.dealer_id, ${month(local('ro.delivered_at'))} as k, ${advisor('ro.sa_id')} as a, count(*) as delivered,
            count(*) filter (where ro.delivered_at <= ro.promised_at) as delivered_on_time
          from repair_orders ro join dealers d on d.id = ro.dealer_id
          where ${inScope(scope, 'ro.dealer_id')} and ${inPeriod('ro.delivered_at')}
          group by 1, 2, 3`,
      },
      // Service revenue: the net of every pay type of the invoices paid in the period.
      {
        columns: ['revenue_fen'],
        query: sql`
          select i.dealer_id, ${month(local('i.paid_at'))} as k, ${advisor('ro.sa_id')} as a,
            coalesce(sum((select sum((e.value ->> 'netFen')::bigint) from jsonb_each(i.totals -> 'byPayType') e)), 0) as revenue_fen
          from invoices i join dealers d on d.id = i.dealer_id
          join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
          where ${inScope(scope, 'i.dealer_id')} and ${inPeriod('i.paid_at')}
          group by 1, 2, 3`,
      },
      // Complaints per 100 ROs: the ROs opened in the period (not cancelled).
      {
        columns: ['ros_opened'],
        query: sql`
          select ro.dealer_id, ${month(local('ro.created_at'))} as k, ${advisor('ro.sa_id')} as a, count(*) as ros_opened
          from repair_orders ro join dealers d on d.id = ro.dealer_id
          where ${inScope(scope, 'ro.dealer_id')} and ro.status <> 'cancelled' and ${inPeriod('ro.created_at')}
          group by 1, 2, 3`,
      },
      // First-time fix and repeat repair, as network-kpis.rules.ts#firstTimeFixRate / #repeatRepairRate.
      {
        columns: ['repairs', 'repeats', 'ftf_judged', 'ftf_fixed'],
        query: sql`
          select dealer_id, to_char(delivered_on, 'YYYY-MM') as k, ${advisor('sa_id')} as a,
            count(*) as repairs, count(*) filter (where repeat) as repeats,
            count(*) filter (where came_back or delivered_on + ${WINDOW} < ${today}::date) as ftf_judged,
            count(*) filter (where not came_back and delivered_on + ${WINDOW} < ${today}::date) as ftf_fixed
          from (${judgedRepairs(scope, from, until)}) j group by 1, 2, 3`,
      },
      // Follow-up completion and the periodic-maintenance return rate: tasks whose window opened in the period.
      {
        columns: ['tasks_due', 'tasks_closed', 'reminder_targets', 'reminder_returned'],
        query: sql`
          select t.dealer_id, to_char(t.due_from::timestamp, 'YYYY-MM') as k, ${advisor('ro.sa_id')} as a, count(*) as tasks_due,
            count(*) filter (where t.status in ('done', 'unreachable')) as tasks_closed,
            count(*) filter (where t.rule = 'periodic_maintenance') as reminder_targets,
            count(*) filter (where t.rule = 'periodic_maintenance' and exists (
              select 1 from visits vi where vi.dealer_id = t.dealer_id and vi.vehicle_id = t.vehicle_id and vi.status <> 'cancelled'
                and vi.arrived_at >= t.due_from::timestamp - interval '1 day' and vi.arrived_at < (t.anchor_on + 31)::timestamp
            )) as reminder_returned
          from follow_up_tasks t
          left join repair_orders ro on ro.dealer_id = t.dealer_id and ro.id = t.repair_order_id -- the advisor of the visit followed up
          where ${inScope(scope, 't.dealer_id')} and t.status <> 'cancelled' and t.due_from >= ${from}::date and t.due_from < ${until}::date
          group by 1, 2, 3`,
      },
      // Complaints received in the period: 24-hour response, close time.
      {
        columns: ['complaints', 'responded_in_time', 'complaints_closed', 'close_seconds'],
        query: sql`
          select c.dealer_id, ${month(local('c.received_at'))} as k, ${advisor('ro.sa_id')} as a, count(*) as complaints,
            count(*) filter (where c.feedback_at is not null and c.feedback_at <= c.feedback_due_at) as responded_in_time,
            count(*) filter (where c.closed_at is not null) as complaints_closed,
            coalesce(round(sum(extract(epoch from c.closed_at - c.received_at)) filter (where c.closed_at is not null)), 0) as close_seconds
          from complaints c join dealers d on d.id = c.dealer_id
          left join repair_orders ro on ro.dealer_id = c.dealer_id and ro.id = c.repair_order_id
          where ${inScope(scope, 'c.dealer_id')} and ${inPeriod('c.received_at')}
          group by 1, 2, 3`,
      },
      // CSI and CSI by factor: the responses submitted in the dealer's month (the days csi_daily and
      // csi_daily_factors count them on), each factor's score as the response stored it.
      {
        columns: ['csi_sum', 'csi_count', ...CSI_FACTOR_COLUMNS],
        query: sql`
          select r.dealer_id, ${month(local('r.submitted_at'))} as k, ${advisor('r.sa_id')} as a,
            coalesce(sum(r.csi), 0) as csi_sum, count(r.csi) as csi_count,
            ${sql.join(
              CSI_FACTORS.map(
                (f) =>
                  sql`coalesce(sum(${factor(f)}), 0) as ${sql.ref(`csi_${f}_sum`)}, count(${factor(f)}) as ${sql.ref(`csi_${f}_count`)}`,
              ),
            )}
          from survey_responses r join dealers d on d.id = r.dealer_id
          where ${inScope(scope, 'r.dealer_id')} and ${inPeriod('r.submitted_at')}
          group by 1, 2, 3`,
      },
      // Retention is a stock: the dealer's vehicles at the end of each month (or today), named to no advisor.
      { columns: ['retention_active', 'retention_retained'], query: retention(scope, range, today) },
    ];

    const union = sql.join(
      families.map(
        (f) =>
          sql`select dealer_id, k, a, ${sql.join(
            COUNT_COLUMNS.map((c) =>
              f.columns.includes(c) ? sql`(${sql.ref(c)})::numeric as ${sql.ref(c)}` : sql`0::numeric as ${sql.ref(c)}`,
            ),
          )} from (${f.query}) as ${sql.ref(`f_${f.columns[0]}`)}`,
      ),
      sql` union all `,
    );
    // Every family names an advisor key (never null), so a null `a` is the dealer's row.
    const result = await sql<Record<CountColumn, number> & { dealer_id: string; k: string; a: string | null }>`
      select dealer_id, k, a, ${sql.join(COUNT_COLUMNS.map((c) => sql`sum(${sql.ref(c)})::float8 as ${sql.ref(c)}`))}
      from (${union}) u group by grouping sets ((dealer_id, k, a), (dealer_id, k)) order by dealer_id, k, a nulls first`.execute(db);
    return result.rows.map((row) => {
      const c = emptyCounts();
      for (const column of COUNT_COLUMNS) c[column] = Number(row[column]);
      return { dealerId: row.dealer_id, month: row.k, advisorKey: row.a, counts: c };
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
      seen as (
        select vi.dealer_id, vi.vehicle_id, (vi.arrived_at at time zone d.time_zone)::date as day
        from visits vi join dealers d on d.id = vi.dealer_id
        where ${inScope(scope, 'vi.dealer_id')} and vi.status <> 'cancelled'
          and vi.arrived_at >= (${firstDay(range.from)}::date - interval '25 months')::timestamptz
          and vi.arrived_at < ((select max(on_day) from months) + 2)::timestamptz
      ),
      last_seen as (
        select s.dealer_id, s.vehicle_id, m.month, max(s.day) as last_visit_on
        from seen s join months m on s.day <= m.on_day and s.day > (m.on_day - interval '24 months')::date
        group by 1, 2, 3
      ),
      base as (
        select dv.dealer_id, m.month, m.on_day, v.delivered_on, ls.last_visit_on
        from dealer_vehicles dv
        join vehicles v on v.id = dv.vehicle_id
        cross join months m
        left join last_seen ls on ls.dealer_id = dv.dealer_id and ls.vehicle_id = dv.vehicle_id and ls.month = m.month
        where ${inScope(scope, 'dv.dealer_id')}
      ),
      judged as (
        select dealer_id, month, on_day, last_visit_on,
          (delivered_on > (on_day - interval '24 months')::date and delivered_on <= on_day)
            or (last_visit_on > (on_day - interval '24 months')::date and last_visit_on <= on_day) as active
        from base
      )
      select dealer_id, to_char(month, 'YYYY-MM') as k, ${NONE} as a,
        count(*) filter (where active) as retention_active,
        count(*) filter (where active and last_visit_on > (on_day - interval '12 months')::date and last_visit_on <= on_day) as retention_retained
      from judged group by 1, 2, 3`;
  }

  return {
    counts,

    /**
     * Recomputes both rollups of the network's dealers for the months of the range: the dealer rows
     * into kpi_dealer_months, the advisor rows into kpi_advisor_months; delete and insert.
     */
    async replaceMonths(networkId: string, range: MonthRange, rows: CountRow[], at: Date) {
      const ofNetwork = db.selectFrom('dealers').select('id').where('network_id', '=', networkId);
      for (const table of ['kpi_dealer_months', 'kpi_advisor_months'] as const)
        await db
          .deleteFrom(table)
          .where('dealer_id', 'in', ofNetwork)
          .where('month', '>=', firstDay(range.from))
          .where('month', '<=', firstDay(range.to))
          .execute();
      const dealerRows = rows.filter((r) => r.advisorKey === null);
      const advisorRows = rows.filter((r) => r.advisorKey !== null);
      for (let i = 0; i < dealerRows.length; i += 500)
        await db
          .insertInto('kpi_dealer_months')
          .values(dealerRows.slice(i, i + 500).map((r) => ({ dealer_id: r.dealerId, month: firstDay(r.month), ...r.counts })))
          .execute();
      for (let i = 0; i < advisorRows.length; i += 500)
        await db
          .insertInto('kpi_advisor_months')
          .values(
            advisorRows
              .slice(i, i + 500)
              .map((r) => ({ dealer_id: r.dealerId, month: firstDay(r.month), advisor_key: r.advisorKey!, ...r.counts })),
          )
          .execute();
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

    /**
     * One dealer's advisor rows of the rollup, the months of the range summed per advisor (flows add
     * up; the retention stock is never an advisor's).
     */
    async advisorRows(scope: Scope, range: MonthRange) {
      const rows = await db
        .selectFrom('kpi_advisor_months as m')
        .select('m.advisor_key')
        .select(COUNT_COLUMNS.map((c) => sql<number>`sum(${sql.ref(`m.${c}`)})::float8`.as(c)))
        .where(inScope(scope, 'm.dealer_id'))
        .where('m.month', '>=', firstDay(range.from))
        .where('m.month', '<=', firstDay(range.to))
        .groupBy('m.advisor_key')
        .execute();
      return rows.map((row) => {
        const c = emptyCounts();
        for (const column of COUNT_COLUMNS) c[column] = Number(row[column]);
        return { advisorKey: row.advisor_key, counts: c };
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

    /**
     * The earliest month of a network's dealer rollup that has no advisor rows at all: months rolled
     * up before the advisor rollup existed (migration 0018), which a refresh must redo once.
     */
    firstMonthWithoutAdvisors(networkId: string) {
      return db
        .selectFrom('kpi_dealer_months as m')
        .innerJoin('dealers as d', 'd.id', 'm.dealer_id')
        .select(sql<string | null>`to_char(min(m.month), 'YYYY-MM')`.as('month'))
        .where('d.network_id', '=', networkId)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('kpi_advisor_months as a')
                .innerJoin('dealers as ad', 'ad.id', 'a.dealer_id')
                .select('a.month')
                .where('ad.network_id', '=', networkId)
                .whereRef('a.month', '=', 'm.month'),
            ),
          ),
        )
        .executeTakeFirst()
        .then((r) => r?.month ?? null);
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
      case 'processExecutionRate': {
        const counted =
          kpi === 'throughput'
            ? sql`true as counted, case when v.ro_id is null then 'no_repair_order' end as reason`
            : kpi === 'timelyReceptionRate'
              ? sql`not v.timely as counted, case when not v.timely then 'late_reception' end as reason`
              : sql`not v.complete as counted, case when v.timely = false then 'late_reception' when v.walkaround = false then 'walkaround_unsigned'
                  when v.promised = false then 'no_promised_time' when v.explained = false then 'charges_not_signed'
                  when v.called = false then 'follow_up_call_missed' end as reason`;
        // A visit is shown by its repair order (the page that opens); a car still without one by the visit.
        return sql`
          select 'repair_order' as kind, coalesce(v.ro_id, v.id) as id, v.ro_number as number, v.arrived_at as at, ve.plate_key, sa.display_name as advisor_name, ${counted}
          from (${visitSteps(scope, from, until, today)}) v
          left join vehicles ve on ve.id = v.vehicle_id left join users sa on sa.id = v.sa_id
          where true ${advisor('v.sa_id')}`;
      }
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
          select 'repair_order' as kind, j.id, j.number, j.delivered_at as at, ve.plate_key, sa.display_name as advisor_name,
            ${
              kpi === 'repeatRepairRate'
                ? sql`j.repeat as counted, case when j.repeat then 'comeback' end as reason`
                : sql`j.came_back as counted, case when j.came_back then 'came_back' when j.delivered_on + ${WINDOW} >= ${today}::date then 'window_open' end as reason`
            }
          from (${judgedRepairs(scope, from, until)}) j left join vehicles ve on ve.id = j.vehicle_id left join users sa on sa.id = j.sa_id
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
          from follow_up_tasks t left join vehicles ve on ve.id = t.vehicle_id
          left join repair_orders ro on ro.dealer_id = t.dealer_id and ro.id = t.repair_order_id left join users sa on sa.id = ro.sa_id
          where t.dealer_id = ${dealerId} and t.status <> 'cancelled' and t.due_from >= ${from}::date and t.due_from < ${until}::date
            ${kpi === 'maintenanceReturnRate' ? sql`and t.rule = 'periodic_maintenance'` : sql``} ${advisor('ro.sa_id')}`;
      }
      case 'csiScore':
      case 'csiInitiation':
      case 'csiAdvisor':
      case 'csiFacility':
      case 'csiPickup':
      case 'csiQuality': {
        // A factor's figure: the responses that answered the factor.
        const factor = Object.entries(CSI_FACTOR_KPIS).find(([, k]) => k === kpi)?.[0];
        return sql`
          select 'survey' as kind, r.id, null as number, r.submitted_at as at, ve.plate_key, sa.display_name as advisor_name,
            r.low as counted, case when r.low then 'low_score' end as reason
          from survey_responses r join dealers d on d.id = r.dealer_id
          left join vehicles ve on ve.id = r.vehicle_id left join users sa on sa.id = r.sa_id
          where r.dealer_id = ${dealerId} and ${inPeriod('r.submitted_at')} ${advisor('r.sa_id')}
            ${factor ? sql`and r.factor_scores ->> ${factor} is not null` : sql``}`;
      }
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

/**
 * The repair visits delivered in [from, until) with whether each is a comeback (the first later repair
 * of a concern of an earlier visit within the window: network-kpis.rules.ts#repeatRepairRate) and
 * whether the car came back for one of its concerns (#firstTimeFixRate). Pairs of visits of the same
 * car are found by an equality join on (dealer, vehicle), so the work grows with the visits, not their square.
 */
function judgedRepairs(scope: Scope, from: string, until: string) {
  return sql`
    with rv as (${repairVisitsSql(scope, sql`${from}::date - ${MARGIN}`, sql`${until}::date + ${MARGIN}`)}),
    pairs as (
      select e.id as earlier_id, l.id as later_id, l.delivered_on as later_on
      from rv e join rv l on l.dealer_id = e.dealer_id and l.vehicle_id = e.vehicle_id
      where (l.delivered_on, l.id) > (e.delivered_on, e.id) and l.delivered_on <= e.delivered_on + ${WINDOW} and l.concerns && e.concerns
    ),
    firsts as (select distinct on (earlier_id) later_id from pairs order by earlier_id, later_on, later_id),
    back as (select distinct earlier_id from pairs)
    select rv.*, f.later_id is not null as repeat, b.earlier_id is not null as came_back
    from rv
    left join (select distinct later_id from firsts) f on f.later_id = rv.id
    left join back b on b.earlier_id = rv.id
    where rv.delivered_on >= ${from}::date and rv.delivered_on < ${until}::date`;
}

/**
 * The visits that arrived in [from, until) dealer days (not cancelled) with the steps of the process
 * as network-kpis.rules.ts#processExecution takes them: true, false, or null where the step does not
 * apply (no RO yet; the follow-up call still in its window). Set-based: the visit's first live RO,
 * signed walk-arounds and post-service calls are joined, not looked up per visit.
 */
function visitSteps(scope: Scope, from: string, until: string, today: string) {
  const since = sql`(${from}::date - 1)::timestamptz`;
  const to = sql`(${until}::date + 1)::timestamptz`;
  return sql`
    select v.dealer_id, v.id, v.sa_id, v.vehicle_id, v.arrived_at, (v.arrived_at at time zone d.time_zone) as arrived_local,
      ro.id as ro_id, ro.number as ro_number, timely, walkaround, promised, explained, called,
      coalesce(timely, true) and coalesce(walkaround, true) and coalesce(promised, true) and coalesce(explained, true) and coalesce(called, true) as complete
    from visits v
    join dealers d on d.id = v.dealer_id
    left join dealer_settings s on s.dealer_id = v.dealer_id
    left join (
      select distinct on (r.dealer_id, r.visit_id) r.dealer_id, r.visit_id, r.id, r.number, r.promised_at, r.signed_at
      from repair_orders r
      where ${inScope(scope, 'r.dealer_id')} and r.status <> 'cancelled' and r.created_at >= ${since}
      order by r.dealer_id, r.visit_id, r.created_at, r.id
    ) ro on ro.dealer_id = v.dealer_id and ro.visit_id = v.id
    left join (
      select distinct i.dealer_id, i.visit_id from inspections i
      where ${inScope(scope, 'i.dealer_id')} and i.signed_at is not null and i.created_at >= ${since}
    ) wa on wa.dealer_id = v.dealer_id and wa.visit_id = v.id
    left join (
      select distinct on (t.dealer_id, t.repair_order_id) t.dealer_id, t.repair_order_id, t.status, t.due_until
      from follow_up_tasks t
      where ${inScope(scope, 't.dealer_id')} and t.rule = 'post_service' and t.status <> 'cancelled' and t.repair_order_id is not null
        and t.due_from >= ${from}::date - 1
      order by t.dealer_id, t.repair_order_id, t.due_from
    ) call on call.dealer_id = v.dealer_id and call.repair_order_id = ro.id
    cross join lateral (
      select v.greeted_at - v.arrived_at <= make_interval(mins => coalesce(s.timely_reception_minutes, 2)) as timely,
        wa.visit_id is not null as walkaround,
        case when ro.id is not null then ro.promised_at is not null end as promised,
        case when ro.id is not null then ro.signed_at is not null end as explained,
        case when call.status in ('done', 'unreachable') then true when call.due_until < ${today}::date then false end as called
    ) steps
    where ${inScope(scope, 'v.dealer_id')} and v.status <> 'cancelled'
      and v.arrived_at >= ${since} and v.arrived_at < ${to}
      and (v.arrived_at at time zone d.time_zone) >= ${from}::timestamp and (v.arrived_at at time zone d.time_zone) < ${until}::timestamp`;
}
