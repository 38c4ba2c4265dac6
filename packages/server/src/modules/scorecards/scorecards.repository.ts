import type { ScorecardMetricSetting, ScorecardRole } from '@servicebay/contracts';
import { type RawBuilder, sql } from 'kysely';
import type { Database } from '../../platform/db.js';
import { inScope, type Scope } from '../../platform/scope.js';

/** A period of whole months in each dealer's own days: [from-01, the first day after `to`). */
export type MonthRange = { from: string; to: string };

const firstDay = (month: string) => `${month}-01`;
const dayAfter = (month: string) => {
  const [y, mo] = month.split('-').map(Number) as [number, number];
  return mo === 12 ? `${y + 1}-01-01` : `${y}-${String(mo + 1).padStart(2, '0')}-01`;
};

/** What one person did at one dealer in the period, beside the advisor counts of the KPI rollup's query. */
export type StaffMeasureRow = {
  dealerId: string;
  userId: string;
  appointmentsBooked: number;
  bookedDue: number;
  keptAppointments: number;
  callsMade: number;
  tasksDue: number;
  tasksClosed: number;
  hoursSold: number;
  hoursClocked: number;
  technicianRos: number;
  technicianReworked: number;
  additionalApproved: number;
  additionalRaisedApproved: number;
  receivablesOpenFen: number;
};

const COLUMNS = [
  'appointments_booked',
  'booked_due',
  'kept_appointments',
  'calls_made',
  'tasks_due',
  'tasks_closed',
  'hours_sold',
  'hours_clocked',
  'technician_ros',
  'technician_reworked',
  'additional_approved',
  'additional_raised_approved',
  'receivables_open_fen',
] as const;
type Column = (typeof COLUMNS)[number];

export function createScorecardsRepository(db: Database) {
  /**
   * The staff measures in scope and period that the KPI rollup does not count, per (dealer, user), in
   * one statement: each family reads its table once, grouped by the person it names; months are the
   * dealer's local ones. The advisor's rates, revenue and CSI come from network.repository#counts.
   */
  async function measures(scope: Scope, range: MonthRange, today: string): Promise<StaffMeasureRow[]> {
    const from = firstDay(range.from);
    const until = dayAfter(range.to);
    const roughFrom = sql`(${from}::date - 1)::timestamptz`;
    const roughUntil = sql`(${until}::date + 1)::timestamptz`;
    const local = (instant: string) => sql`(${sql.ref(instant)} at time zone d.time_zone)`;
    const inPeriod = (instant: string) =>
      sql`${sql.ref(instant)} >= ${roughFrom} and ${sql.ref(instant)} < ${roughUntil} and ${local(instant)} >= ${from}::timestamp and ${local(instant)} < ${until}::timestamp`;
    // The end of the period, or today in the running month: receivables are the bills open then.
    const asOf = sql`least(${until}::timestamp, (${today}::date + 1)::timestamp)`;

    const families: { columns: readonly Column[]; query: RawBuilder<unknown> }[] = [
      // Appointments a person booked in the period (whatever became of them).
      {
        columns: ['appointments_booked'],
        query: sql`select a.dealer_id, a.booked_by as u, count(*) as appointments_booked
          from appointments a join dealers d on d.id = a.dealer_id
          where ${inScope(scope, 'a.dealer_id')} and a.booked_by is not null and ${inPeriod('a.created_at')}
          group by 1, 2`,
      },
      // Of the appointments a person booked, those due in the period (not cancelled) and those kept on time.
      {
        columns: ['booked_due', 'kept_appointments'],
        query: sql`select a.dealer_id, a.booked_by as u, count(*) as booked_due,
            count(*) filter (where a.arrival_status = 'on_time') as kept_appointments
          from appointments a join dealers d on d.id = a.dealer_id
          where ${inScope(scope, 'a.dealer_id')} and a.booked_by is not null and a.status <> 'cancelled' and ${inPeriod('a.starts_at')}
          group by 1, 2`,
      },
      // Follow-up and care calls made (every attempt counts as a call).
      {
        columns: ['calls_made'],
        query: sql`select f.dealer_id, f.agent_id as u, count(*) as calls_made
          from follow_up_attempts f join dealers d on d.id = f.dealer_id
          where ${inScope(scope, 'f.dealer_id')} and f.agent_id is not null and ${inPeriod('f.at')}
          group by 1, 2`,
      },
      // Call completion: the tasks a person owns whose window opened in the period, and those closed
      // (done or unreachable), as the follow-up completion rate counts them.
      {
        columns: ['tasks_due', 'tasks_closed'],
        query: sql`select t.dealer_id, t.owner_id as u, count(*) as tasks_due,
            count(*) filter (where t.status in ('done', 'unreachable')) as tasks_closed
          from follow_up_tasks t
          where ${inScope(scope, 't.dealer_id')} and t.owner_id is not null and t.status <> 'cancelled'
            and t.due_from >= ${from}::date and t.due_from < ${until}::date
          group by 1, 2`,
      },
      // Hours sold: the flat-rate hours of the labour lines a technician finished in the period.
      {
        columns: ['hours_sold'],
        query: sql`select l.dealer_id, l.finished_by as u, coalesce(sum(l.hours), 0) as hours_sold
          from ro_lines l join dealers d on d.id = l.dealer_id
          where ${inScope(scope, 'l.dealer_id')} and l.kind = 'labour' and l.finished_by is not null and ${inPeriod('l.finished_at')}
          group by 1, 2`,
      },
      // Hours clocked: the technician's clockings that ended in the period.
      {
        columns: ['hours_clocked'],
        query: sql`select ce.dealer_id, ce.technician_id as u,
            coalesce(sum(extract(epoch from (ce.ended_at - ce.started_at))), 0) / 3600.0 as hours_clocked
          from clock_events ce join dealers d on d.id = ce.dealer_id
          where ${inScope(scope, 'ce.dealer_id')} and ce.ended_at is not null and ${inPeriod('ce.ended_at')}
          group by 1, 2`,
      },
      // Rework: of the orders delivered in the period that a technician worked on (finished a line of),
      // those that failed a quality check (rework_count > 0).
      {
        columns: ['technician_ros', 'technician_reworked'],
        query: sql`select w.dealer_id, w.u, count(*) as technician_ros, count(*) filter (where w.rework_count > 0) as technician_reworked
          from (
            select distinct ro.dealer_id, l.finished_by as u, ro.id, ro.rework_count
            from repair_orders ro join dealers d on d.id = ro.dealer_id
            join ro_lines l on l.dealer_id = ro.dealer_id and l.repair_order_id = ro.id and l.finished_by is not null
            where ${inScope(scope, 'ro.dealer_id')} and ${inPeriod('ro.delivered_at')}
          ) w group by 1, 2`,
      },
      // New business: additional work the customer approved in the period, for the order's advisor
      // and for the person who raised it (the technician who found it).
      {
        columns: ['additional_approved'],
        query: sql`select ai.dealer_id, ro.sa_id as u, count(*) as additional_approved
          from additional_items ai join dealers d on d.id = ai.dealer_id
          join repair_orders ro on ro.dealer_id = ai.dealer_id and ro.id = ai.repair_order_id
          where ${inScope(scope, 'ai.dealer_id')} and ai.status = 'approved' and ro.sa_id is not null and ${inPeriod('ai.decided_at')}
          group by 1, 2`,
      },
      {
        columns: ['additional_raised_approved'],
        query: sql`select ai.dealer_id, ai.raised_by as u, count(*) as additional_raised_approved
          from additional_items ai join dealers d on d.id = ai.dealer_id
          where ${inScope(scope, 'ai.dealer_id')} and ai.status = 'approved' and ai.raised_by is not null and ${inPeriod('ai.decided_at')}
          group by 1, 2`,
      },
      // Receivables: what the customers of an advisor's orders still owed at the end of the period.
      {
        columns: ['receivables_open_fen'],
        query: sql`select i.dealer_id, ro.sa_id as u, coalesce(sum(i.customer_payable_fen), 0) as receivables_open_fen
          from invoices i join dealers d on d.id = i.dealer_id
          join repair_orders ro on ro.dealer_id = i.dealer_id and ro.id = i.repair_order_id
          where ${inScope(scope, 'i.dealer_id')} and ro.sa_id is not null and i.customer_payable_fen > 0
            and ${local('i.ready_to_pay_at')} < ${asOf}
            and (i.paid_at is null or ${local('i.paid_at')} >= ${asOf})
          group by 1, 2`,
      },
    ];

    const union = sql.join(
      families.map(
        (f) =>
          sql`select dealer_id, u, ${sql.join(
            COLUMNS.map((c) => (f.columns.includes(c) ? sql`(${sql.ref(c)})::numeric as ${sql.ref(c)}` : sql`0::numeric as ${sql.ref(c)}`)),
          )} from (${f.query}) as ${sql.ref(`f_${f.columns[0]}`)}`,
      ),
      sql` union all `,
    );
    const result = await sql<Record<Column, number> & { dealer_id: string; u: string }>`
      select dealer_id, u::text as u, ${sql.join(COLUMNS.map((c) => sql`sum(${sql.ref(c)})::float8 as ${sql.ref(c)}`))}
      from (${union}) x group by 1, 2`.execute(db);
    return result.rows.map((r) => ({
      dealerId: r.dealer_id,
      userId: r.u,
      appointmentsBooked: Number(r.appointments_booked),
      bookedDue: Number(r.booked_due),
      keptAppointments: Number(r.kept_appointments),
      callsMade: Number(r.calls_made),
      tasksDue: Number(r.tasks_due),
      tasksClosed: Number(r.tasks_closed),
      hoursSold: Number(r.hours_sold),
      hoursClocked: Number(r.hours_clocked),
      technicianRos: Number(r.technician_ros),
      technicianReworked: Number(r.technician_reworked),
      additionalApproved: Number(r.additional_approved),
      additionalRaisedApproved: Number(r.additional_raised_approved),
      receivablesOpenFen: Number(r.receivables_open_fen),
    }));
  }

  return {
    measures,

    /** The active staff in scope holding any of the roles, by dealer and name. */
    staff(scope: Scope, roles: readonly ScorecardRole[], userId?: string) {
      let query = db
        .selectFrom('users as u')
        .innerJoin('dealers as x', 'x.id', 'u.dealer_id')
        .select(['u.id', 'u.display_name', 'u.roles', 'u.dealer_id', 'x.name as dealer_name', 'x.code as dealer_code'])
        .where(inScope(scope, 'u.dealer_id'))
        .where('u.disabled_at', 'is', null)
        .where(sql<boolean>`u.roles && ${sql.val(roles as string[])}::text[]`);
      if (userId) query = query.where('u.id', '=', userId);
      return query.orderBy('x.code').orderBy('u.display_name').orderBy('u.id').execute();
    },

    /** The dealers in scope, by code. */
    dealers(scope: Scope) {
      return db.selectFrom('dealers as x').select(['x.id', 'x.code', 'x.name']).where(inScope(scope, 'x.id')).orderBy('x.code').execute();
    },

    /** The saved settings of the dealers in scope (a role without a row uses the defaults). */
    /** Each dealer's booking incentive per kept appointment (booking settings). */
    bookingIncentives(scope: Scope) {
      return db
        .selectFrom('dealer_settings as s')
        .select(['s.dealer_id', 's.booking_incentive_fen'])
        .where(inScope(scope, 's.dealer_id'))
        .execute();
    },

    settings(scope: Scope) {
      return db
        .selectFrom('scorecard_settings as s')
        .select(['s.dealer_id', 's.role', 's.metrics', 's.version'])
        .where(inScope(scope, 's.dealer_id'))
        .execute();
    },

    settingsOf(dealerId: string, role: ScorecardRole) {
      return db
        .selectFrom('scorecard_settings')
        .selectAll()
        .where('dealer_id', '=', dealerId)
        .where('role', '=', role)
        .forUpdate()
        .executeTakeFirst();
    },

    /** The first settings of a role; false when someone saved them first. */
    async insertSettings(row: { dealerId: string; role: ScorecardRole; metrics: ScorecardMetricSetting[]; by: string; at: Date }) {
      const result = await db
        .insertInto('scorecard_settings')
        .values({
          dealer_id: row.dealerId,
          role: row.role,
          metrics: JSON.stringify(row.metrics),
          version: 1,
          updated_by: row.by,
          updated_at: row.at,
        })
        .onConflict((oc) => oc.columns(['dealer_id', 'role']).doNothing())
        .executeTakeFirst();
      return Number(result.numInsertedOrUpdatedRows ?? 0) === 1;
    },

    /** Replaces a role's settings at the version read; false when someone changed them meanwhile. */
    async updateSettings(row: {
      dealerId: string;
      role: ScorecardRole;
      metrics: ScorecardMetricSetting[];
      by: string;
      at: Date;
      version: number;
    }) {
      const result = await db
        .updateTable('scorecard_settings')
        .set({ metrics: JSON.stringify(row.metrics), version: row.version + 1, updated_by: row.by, updated_at: row.at })
        .where('dealer_id', '=', row.dealerId)
        .where('role', '=', row.role)
        .where('version', '=', row.version)
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },
  };
}

export type ScorecardsRepository = ReturnType<typeof createScorecardsRepository>;
